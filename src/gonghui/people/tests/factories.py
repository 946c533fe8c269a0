"""factory_boy factories of the people app (test set-up only: no permission checks)."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from gonghui.people import identity, pinyin, tokens
from gonghui.people.models import Person

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
