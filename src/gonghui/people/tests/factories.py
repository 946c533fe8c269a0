"""factory_boy factories of the people app (test set-up only: no permission checks)."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from gonghui.people import identity, pinyin, tokens
from gonghui.people.models import Household, HouseholdMember, Membership, Person

REGION = "511922"  # 南江县 since 2000


class PersonFactory(factory.django.DjangoModelFactory):
    """A person with a valid ID number of 南江县, saved with derived columns and search tokens."""

    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试{chr(0x4E00 + n % 500)}")
    birth_date = factory.Sequence(lambda n: datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28))
    sex = "male"
    id_number = factory.LazyAttributeSequence(lambda o, n: identity.make(REGION, o.birth_date, n, o.sex))
    phone = ""

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        person = model_class(*args, **kwargs)
        person.name_pinyin = pinyin.full_pinyin(person.name)
        person.name_initials = pinyin.initials(person.name)
        person.save()
        tokens.rebuild(person)
        return person


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A household of the head's organisation, with the head's member row (relationship ``head``)."""

    class Meta:
        model = Household

    head = factory.SubFactory(PersonFactory)
    org = factory.LazyAttribute(lambda o: o.head.org)

    @factory.post_generation
    def head_member(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            HouseholdMember.objects.create(
                household=self, org=self.org, person=self.head, relationship="head", **kwargs
            )


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    """An unregistered member (name only) unless ``person`` is given."""

    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    org = factory.LazyAttribute(lambda o: o.household.org)
    person = None
    name = factory.LazyAttribute(lambda o: "" if o.person else "家属")
    relationship = "child"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    org = factory.LazyAttribute(lambda o: o.person.org)
    member_number = factory.Sequence(lambda n: f"HY{n:08d}")
    joined_on = datetime.date(2020, 1, 1)
