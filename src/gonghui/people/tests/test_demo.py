"""The demo people: valid ID numbers of the county's codes, rows as the services write them, loaded once.

A smaller county than ``make run``'s (the same generator and writer, fewer households) keeps the
test quick; the full size is measured in the report of the demo, not here.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from gonghui.accounts import demo as accounts_demo
from gonghui.enterprises import demo as enterprises_demo
from gonghui.orgs import demo as orgs_demo
from gonghui.orgs.models import Organisation
from gonghui.people import demo, identity, pinyin, tokens
from gonghui.people.models import Household, HouseholdMember, Membership, Person, PersonSearchToken
from gonghui.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def context(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Loaded once for the module inside a transaction rolled back at its end; each test runs in a
    savepoint of it, so none sees another's changes."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        patch.setattr(demo, "HOUSEHOLDS", 600)
        patch.setattr(demo, "SINGLES", 250)
        patch.setattr(demo, "CHUNK", 200)
        context: dict[str, Any] = dict(orgs_demo.load())
        accounts_demo.load(context)
        enterprises_demo.load(context)
        demo.load(context)
        yield context
        transaction.set_rollback(True)


def test_every_id_number_is_valid_under_the_countys_codes_of_its_time(context):
    regions = Counter()
    for number, birth in Person.objects.values_list("id_number", "birth_date").iterator():
        parsed = identity.parse(number)
        assert parsed.birth_date == birth
        regions[parsed.region_code] += 1
        if parsed.region_code == "513026":
            assert birth.year < 1993
        elif parsed.region_code == "513722":
            assert birth.year < 2000
        else:
            assert parsed.region_code == "511922"
    assert set(regions) == {"511922", "513722", "513026"}
    unregistered = HouseholdMember.objects.filter(person=None, id_number_bidx__isnull=False)
    assert unregistered.exists() and all(identity.is_valid(m.id_number) for m in unregistered)


def test_demo_rows_are_what_person_create_writes(context):
    """Pinyin, blind indexes and search tokens of generated people match a person made by the service."""
    org = Organisation.objects.filter(kind="grassroots").first()
    samples = list(Person.objects.order_by("?")[:40]) + list(
        Person.objects.filter(name__regex=r"^(曾|单|解|仇|区|查)")
    )
    for person in samples:
        assert person.name_pinyin == pinyin.full_pinyin(person.name)
        assert person.name_initials == pinyin.initials(person.name)
        stored = set(PersonSearchToken.objects.filter(person=person).values_list("kind", "token", "org_id"))
        assert stored == {(str(k), t, person.org_id) for k, t in tokens.tokens_for(person)}
        assert person.id_number_bidx == Person._meta.get_field("id_number_bidx").hash_of(person.id_number)
    person = samples[0]
    number = identity.make("511922", datetime.date(1901, 2, 3), 5, person.sex)
    made = person_create(by=context_admin(), org=org, name=person.name, id_number=number, phone=person.phone)
    assert (made.name_pinyin, made.name_initials, made.phone_bidx) == (
        person.name_pinyin,
        person.name_initials,
        person.phone_bidx,
    )


def context_admin() -> Any:
    from gonghui.accounts.models import User

    return User.objects.get(username="admin")


def test_households_members_and_children_in_school(context):
    assert Household.objects.count() == 600
    for household in Household.objects.prefetch_related("members")[:100]:
        heads = [m for m in household.members.all() if m.relationship == "head"]
        assert len(heads) == 1 and heads[0].person_id == household.head_id
    members = HouseholdMember.objects.all()
    assert members.filter(person=None, school_level__in=["primary", "junior", "senior"]).exists()
    assert members.filter(school_level__in=["bachelor", "college"], enrolment_year__isnull=False).exists()
    assert members.filter(monthly_income__gt=0).exists() and members.filter(health="serious").exists()


def test_members_belong_to_a_grassroots_union_of_their_township(context):
    memberships = Membership.objects.select_related("org", "person", "person__residence_region")
    assert memberships.count() > 100
    townships = {t.region_id: t for t in Organisation.objects.filter(kind__in=["township", "street"])}
    for membership in memberships[:200]:
        assert membership.org.kind == "grassroots" and membership.person.org_id == membership.org_id
        township = townships[membership.person.residence_region_id]
        assert membership.org.path.startswith(township.path)
    numbers = list(Membership.objects.values_list("member_number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_people_spread_over_townships_with_migrants_in_xian_and_qingdao_and_some_gone(context):
    people = Person.objects.all()
    owners = {o.kind for o in Organisation.objects.filter(pk__in=people.values("org_id"))}
    assert owners == {"township", "street", "grassroots"}
    assert people.values("residence_region").distinct().count() == 20
    cities = Counter(people.filter(is_migrant_worker=True).values_list("work_city", flat=True))
    assert cities.most_common(2)[0][0] in ("西安市", "青岛市") and {"西安市", "青岛市"} <= set(cities)
    assert people.filter(status="deceased").exists() and people.filter(status="moved_away").exists()
    assert context["person1"].name == demo.MARKER_NAME


def test_loading_twice_writes_nothing(context, django_assert_max_num_queries):
    counts = (Person.objects.count(), Household.objects.count(), PersonSearchToken.objects.count())
    with django_assert_max_num_queries(2):
        demo.load(context)
    assert counts == (Person.objects.count(), Household.objects.count(), PersonSearchToken.objects.count())
