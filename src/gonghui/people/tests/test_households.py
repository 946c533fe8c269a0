"""Households: the head, members registered or not, one household per person, per-capita income."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.people import services
from gonghui.people.models import HouseholdMember
from gonghui.people.queries.households import household_income, per_capita
from gonghui.people.tests.conftest import id_for
from gonghui.people.tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(county, registry):
    """张三丰's household in township 1: him (head) and 李四 (spouse)."""
    admin = county.user("admin")
    household = services.household_create(
        by=county.user("township1"), head=registry.zhang_sanfeng, address="南江镇", monthly_income="1000"
    )
    services.household_add_member(
        by=admin, household=household, person=registry.li_si, relationship="spouse", monthly_income="333.33"
    )
    return household


def test_the_head_is_the_first_member_and_the_household_belongs_to_the_heads_organisation(family, registry):
    head = family.members.get(relationship="head")
    assert head.person == registry.zhang_sanfeng
    assert family.org == registry.zhang_sanfeng.org
    assert family.head == registry.zhang_sanfeng


def test_per_capita_income_is_the_sum_divided_by_members_to_the_fen(family, county):
    services.household_add_member(
        by=county.user("township1"),
        household=family,
        name="张小宝",
        relationship="child",
        employment="student",
    )
    income = household_income(family)
    assert income.total == Decimal("1333.33")
    assert income.members == 3
    assert income.per_capita == Decimal("444.44")  # 444.443…


def test_per_capita_income_rounds_half_up_in_decimal():
    assert per_capita([Decimal("100.01"), Decimal("0")]).per_capita == Decimal("50.01")  # 50.005
    assert per_capita([Decimal("0.01"), Decimal("0"), Decimal("0")]).per_capita == Decimal("0.00")
    assert per_capita([Decimal("0.05"), Decimal("0"), Decimal("0")]).per_capita == Decimal("0.02")  # 0.01666…
    assert per_capita([]).per_capita is None
    assert isinstance(per_capita([Decimal("1")]).per_capita, Decimal)


def test_a_person_belongs_to_at_most_one_household(family, county, registry):
    other = services.household_create(by=county.user("admin"), head=registry.zeng_guofan)
    with pytest.raises(Conflict) as caught:
        services.household_add_member(
            by=county.user("admin"), household=other, person=registry.li_si, relationship="spouse"
        )
    assert caught.value.errors[0].field == "person"
    with pytest.raises(Conflict):
        services.household_create(by=county.user("admin"), head=registry.li_si)
    with pytest.raises(Conflict, match="this household"):
        services.household_add_member(
            by=county.user("admin"), household=family, person=registry.li_si, relationship="child"
        )


def test_the_database_refuses_a_second_household_for_a_person(family, county, registry):
    other = HouseholdFactory(head=registry.zeng_guofan)
    with pytest.raises(IntegrityError):
        HouseholdMember.objects.create(
            household=other, org=other.org, person=registry.li_si, relationship="other"
        )


def test_an_unregistered_member_keeps_name_and_encrypted_id_number(family, county):
    number = id_for(datetime.date(2012, 9, 1), 5)
    member = services.household_add_member(
        by=county.user("township1"),
        household=family,
        name=" 张小宝 ",
        id_number=number.lower(),
        relationship="child",
        school_level="primary",
        school_name="南江县实验小学",
        enrolment_year=2019,
    )
    member.refresh_from_db()
    assert (member.person, member.name, member.id_number) == (None, "张小宝", number)
    assert member.id_number_bidx and number not in str(member.id_number_bidx)
    with pytest.raises(Conflict) as caught:
        services.household_add_member(
            by=county.user("admin"),
            household=HouseholdFactory(head=PersonFactory(org=county.township1)),
            name="张小宝",
            id_number=number,
            relationship="child",
        )
    assert caught.value.errors[0].field == "id_number"


def test_an_unregistered_member_needs_a_name_and_a_valid_id_number(family, county):
    user = county.user("township1")
    with pytest.raises(DomainError) as caught:
        services.household_add_member(by=user, household=family, name="", relationship="child")
    assert caught.value.errors[0].field == "name"
    with pytest.raises(DomainError) as caught:
        services.household_add_member(
            by=user, household=family, name="张小宝", id_number="511922201209011234", relationship="child"
        )
    assert caught.value.errors[0].field == "id_number"
    assert family.members.count() == 2


def test_an_id_number_of_a_registered_person_in_scope_adds_that_person(family, county, registry):
    member = services.household_add_member(
        by=county.user("township1"),
        household=family,
        name="随便写的名字",
        id_number=registry.zeng_guofan.id_number,
        relationship="sibling",
    )
    assert (member.person, member.name, member.id_number) == (registry.zeng_guofan, "", "")


def test_an_id_number_registered_outside_the_scope_is_refused(family, county, registry):
    with pytest.raises(Conflict) as caught:
        services.household_add_member(
            by=county.user("township1"),
            household=family,
            name="王五",
            id_number=registry.wang_wu.id_number,
            relationship="sibling",
        )
    assert caught.value.errors[0].field == "id_number"
    assert not HouseholdMember.objects.filter(person=registry.wang_wu).exists()


def test_registering_an_unregistered_member_links_their_row(family, county):
    number = id_for(datetime.date(2001, 3, 4), 7)
    services.household_add_member(
        by=county.user("township1"), household=family, name="张大宝", id_number=number, relationship="child"
    )
    person = services.person_create(
        by=county.user("township1"), org=county.township1, name="张大宝", id_number=number
    )
    row = family.members.get(relationship="child")
    assert (row.person, row.name, row.id_number, row.id_number_bidx) == (person, "", "", None)


def test_income_must_be_yuan_with_at_most_two_places_and_not_negative(family, county):
    user = county.user("township1")
    for bad in ["12.345", "-1", "abc"]:
        with pytest.raises(DomainError) as caught:
            services.household_add_member(
                by=user, household=family, name="某", relationship="child", monthly_income=bad
            )
        assert caught.value.errors[0].field == "monthly_income", bad
    with pytest.raises(TypeError):
        services.household_add_member(
            by=user, household=family, name="某", relationship="child", monthly_income=1.5
        )
    member = services.household_add_member(
        by=user, household=family, name="某", relationship="child", monthly_income="1,200.5"
    )
    assert member.monthly_income == Decimal("1200.50")


def test_every_bad_member_field_is_reported_at_once(family, county):
    with pytest.raises(DomainError) as caught:
        services.household_add_member(
            by=county.user("township1"),
            household=family,
            name="某",
            relationship="cousin",
            health="fine",
            employment="astronaut",
            school_level="kindergarten",
            enrolment_year=1900,
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"relationship", "health", "employment", "school_level", "enrolment_year"}


def test_the_head_is_neither_added_removed_nor_relabelled_as_a_member(family, county):
    user = county.user("township1")
    with pytest.raises(DomainError) as caught:
        services.household_add_member(by=user, household=family, name="某", relationship="head")
    assert caught.value.errors[0].field == "relationship"
    head = family.members.get(relationship="head")
    with pytest.raises(Conflict):
        services.household_remove_member(by=user, member=head)
    with pytest.raises(DomainError):
        services.household_update_member(by=user, member=head, relationship="spouse")
    spouse = family.members.get(relationship="spouse")
    with pytest.raises(DomainError):
        services.household_update_member(by=user, member=spouse, relationship="head")


def test_another_member_becomes_head_and_the_old_head_stays_a_member(family, county, registry):
    services.household_update(
        by=county.user("township1"),
        household=family,
        head=registry.li_si,
        previous_head_relationship="spouse",
    )
    family.refresh_from_db()
    assert family.head == registry.li_si
    relations = dict(family.members.values_list("person__name", "relationship"))
    assert relations == {"李四": "head", "张三丰": "spouse"}
    with pytest.raises(DomainError) as caught:
        services.household_update(by=county.user("township1"), household=family, head=registry.zeng_guofan)
    assert caught.value.errors[0].field == "head"


def test_updating_a_member_changes_details_and_a_registered_member_keeps_their_identity(family, county):
    spouse = family.members.get(relationship="spouse")
    updated = services.household_update_member(
        by=county.user("township1"),
        member=spouse,
        monthly_income="2500",
        health="chronic",
        employment="flexible",
    )
    assert (updated.monthly_income, updated.health, updated.employment) == (
        Decimal("2500.00"),
        "chronic",
        "flexible",
    )
    with pytest.raises(DomainError) as caught:
        services.household_update_member(by=county.user("township1"), member=spouse, name="改名")
    assert caught.value.errors[0].field == "name"


def test_removing_a_member_is_kept_in_the_audit_log(family, county):
    spouse = family.members.get(relationship="spouse")
    pk = spouse.pk
    services.household_remove_member(by=county.user("township1"), member=spouse)
    assert family.members.count() == 1
    entry = LogEntry.objects.get(object_pk=str(pk), action=LogEntry.Action.DELETE)
    assert entry.content_type.model == "householdmember"
    assert entry.changes_dict["relationship"][0] == "spouse"


def test_an_unregistered_members_id_number_is_masked_in_the_audit_log(family, county):
    number = id_for(datetime.date(2012, 9, 1), 5)
    member = services.household_add_member(
        by=county.user("township1"), household=family, name="张小宝", id_number=number, relationship="child"
    )
    entry = LogEntry.objects.get_for_object(member).get(action=LogEntry.Action.CREATE)
    assert number not in str(entry.changes)
    assert "id_number_bidx" not in str(entry.changes)


def test_township2_cannot_change_a_household_of_township1(family, county, registry):
    user = county.user("township2")
    with pytest.raises(PermissionDenied):
        services.household_add_member(by=user, household=family, name="某", relationship="child")
    with pytest.raises(PermissionDenied):
        services.household_update(by=user, household=family, address="长赤镇")
    with pytest.raises(PermissionDenied):
        services.household_remove_member(by=user, member=family.members.get(relationship="spouse"))
    with pytest.raises(PermissionDenied):
        services.household_delete(by=user, household=family)


def test_a_household_cannot_be_opened_for_a_person_outside_the_scope(county, registry):
    with pytest.raises(DomainError) as caught:
        services.household_create(by=county.user("township1"), head=registry.wang_wu, org=county.township1)
    assert caught.value.errors[0].field == "head"


def test_deleting_a_household_removes_its_members(family, county):
    services.household_delete(by=county.user("township1"), household=family)
    assert not HouseholdMember.objects.exists()
