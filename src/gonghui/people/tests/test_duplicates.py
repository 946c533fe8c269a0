"""Likely duplicates (listed for review, scoped), merging two records, marking two records distinct."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.db import models

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.people import services
from gonghui.people.models import DuplicateDecision, HouseholdMember, Membership, Person, PersonSearchToken
from gonghui.people.queries import duplicates as dup_queries
from gonghui.people.queries import person_search
from gonghui.people.queries.duplicates import duplicate_candidates, within_one_edit
from gonghui.people.services.duplicates import _links
from gonghui.people.tests.conftest import id_for

pytestmark = pytest.mark.django_db

BORN = datetime.date(1980, 5, 6)


def add(county, org, name, sequence, born=BORN, phone="", **fields):
    return services.person_create(
        by=county.user("admin"), org=org, name=name, id_number=id_for(born, sequence), phone=phone, **fields
    )


def pairs(user):
    return {(c.a, c.b): set(c.reasons) for c in duplicate_candidates(user)}


def key(a, b):
    return (min(a.pk, b.pk), max(a.pk, b.pk))


# --- candidates


def test_pinyin_one_edit_apart():
    assert within_one_edit("zhangsan", "zhangshan")  # s / sh
    assert within_one_edit("chen", "cheng")  # front / back nasal
    assert within_one_edit("liu", "niu")  # l / n
    assert within_one_edit("lisi", "lisi")
    assert not within_one_edit("ab", "ba")  # a transposition is two edits
    assert not within_one_edit("zhangsan", "zhangsanfeng")
    assert not within_one_edit("wang", "huang")


@pytest.mark.parametrize("direct_limit", [dup_queries.DIRECT_LIMIT, 1], ids=["pair by pair", "by buckets"])
def test_same_name_and_birth_date_same_pinyin_similar_pinyin_and_same_phone_are_listed(
    county, monkeypatch, direct_limit
):
    monkeypatch.setattr(dup_queries, "DIRECT_LIMIT", direct_limit)
    t1 = county.township1
    a = add(county, t1, "张三", 1)
    b = add(county, county.grassroots1, "张三", 2)  # same name, same birth date
    c = add(county, t1, "李娟", 3)
    d = add(county, t1, "李鹃", 4)  # same pinyin, same birth date
    e = add(county, t1, "陈明", 5)
    f = add(county, t1, "程明", 6)  # chenming / chengming
    g = add(county, t1, "王芳", 7, born=datetime.date(1990, 1, 1), phone="13812345678")
    h = add(county, t1, "黄丽", 8, born=datetime.date(1970, 2, 2), phone="138 1234 5678")  # same phone only
    found = pairs(county.user("township1"))
    assert found[key(a, b)] == {"same_name_birth"}
    assert found[key(c, d)] == {"same_pinyin_birth"}
    assert found[key(e, f)] == {"similar_pinyin_birth"}
    assert found[key(g, h)] == {"same_phone"}
    assert len(found) == 4


@pytest.mark.parametrize("direct_limit", [dup_queries.DIRECT_LIMIT, 1], ids=["pair by pair", "by buckets"])
def test_people_alike_only_in_name_or_born_apart_are_not_listed(county, monkeypatch, direct_limit):
    monkeypatch.setattr(dup_queries, "DIRECT_LIMIT", direct_limit)
    add(county, county.township1, "张三", 1)
    add(county, county.township1, "张三", 2, born=datetime.date(1981, 5, 6))
    add(county, county.township1, "张山", 3, born=datetime.date(1982, 5, 6))
    add(county, county.township1, "张三丰", 4)
    assert pairs(county.user("admin")) == {}


def test_a_phone_shared_by_many_records_is_not_a_sign_of_duplicates(county):
    for n in range(dup_queries.PHONE_GROUP_LIMIT + 1):
        add(
            county,
            county.township1,
            f"工人{'甲乙丙丁戊己庚'[n]}",
            n + 1,
            born=datetime.date(1970 + n, 1, 1),
            phone="13800000000",
        )
    assert pairs(county.user("admin")) == {}


def test_candidates_are_scoped_to_the_reviewer(county):
    a = add(county, county.township1, "张三", 1)
    b = add(county, county.grassroots1, "张三", 2)
    c = add(county, county.township2, "张三", 3)
    d = add(county, county.grassroots2, "张三", 4)
    assert set(pairs(county.user("township1"))) == {key(a, b)}
    assert set(pairs(county.user("township2"))) == {key(c, d)}
    assert set(pairs(county.user("chair1"))) == set()  # 张三 of grassroots 1 alone in its scope
    assert len(pairs(county.user("admin"))) == 6  # across townships only for the federation
    assert pairs(county.user("auditor")) == {}  # reads, cannot merge


def test_a_pair_marked_distinct_is_not_listed_again(county):
    a = add(county, county.township1, "张三", 1)
    b = add(county, county.township1, "张三", 2)
    c = add(county, county.township1, "张三", 3)
    services.duplicate_mark_distinct(by=county.user("township1"), a=b, b=a, note="两个人")
    again = services.duplicate_mark_distinct(by=county.user("township1"), a=a, b=b)
    assert DuplicateDecision.objects.count() == 1 and (again.a, again.b) == (a, b)
    assert set(pairs(county.user("township1"))) == {key(a, c), key(b, c)}


def test_marking_distinct_needs_change_over_both_records(county):
    a = add(county, county.township1, "张三", 1)
    b = add(county, county.township2, "张三", 2)
    with pytest.raises(PermissionDenied):
        services.duplicate_mark_distinct(by=county.user("township1"), a=a, b=b)
    with pytest.raises(DomainError):
        services.duplicate_mark_distinct(by=county.user("township1"), a=a, b=a)


# --- merging


@pytest.fixture
def twins(county):
    """One man registered twice in township 1: once with a phone, once with an address and employer."""
    survivor = add(county, county.township1, "张三", 1, phone="13812345678")
    duplicate = add(
        county, county.grassroots1, "张山", 2, address="南江镇光雾山路1号", employer_name="南江县中学"
    )
    return survivor, duplicate


def test_merge_moves_every_linked_row_to_the_survivor(county, twins):
    survivor, duplicate = twins
    admin = county.user("admin")
    household = services.household_create(by=admin, head=duplicate, monthly_income="800")
    membership = services.membership_join(
        by=admin,
        person=duplicate,
        union=county.grassroots1,
        member_number="A1",
        joined_on=BORN.replace(year=2010),
    )
    services.membership_leave(by=admin, membership=membership, on=datetime.date(2020, 1, 1), reason="退会")
    services.membership_join(by=admin, person=survivor, union=county.grassroots1, member_number="A2")

    services.person_merge(by=county.user("township1"), survivor=survivor, duplicate=duplicate)

    household.refresh_from_db()
    assert household.head == survivor
    assert HouseholdMember.objects.get(household=household).person == survivor
    assert set(Membership.objects.filter(person=survivor).values_list("member_number", flat=True)) == {
        "A1",
        "A2",
    }
    assert not Membership.objects.filter(person=duplicate).exists()


def test_merge_fills_what_the_survivor_lacks_and_keeps_what_it_has(county, twins):
    survivor, duplicate = twins
    services.person_merge(by=county.user("township1"), survivor=survivor, duplicate=duplicate)
    survivor.refresh_from_db()
    assert (survivor.name, survivor.phone) == ("张三", "13812345678")
    assert (survivor.address, survivor.employer_name) == ("南江镇光雾山路1号", "南江县中学")


def test_the_duplicate_becomes_a_tombstone_and_its_id_number_is_free(county, twins):
    survivor, duplicate = twins
    number = duplicate.id_number
    services.person_merge(by=county.user("township1"), survivor=survivor, duplicate=duplicate)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into, duplicate.id_number, duplicate.id_number_bidx) == (
        "merged",
        survivor,
        "",
        None,
    )
    assert not PersonSearchToken.objects.filter(person=duplicate).exists()
    assert [p.pk for p in person_search(county.user("admin"), "张山")] == []
    assert [p.pk for p in person_search(county.user("admin"), "南江镇")] == []
    assert [p.pk for p in person_search(county.user("admin"), "张三")] == [survivor.pk]
    again = services.person_create(
        by=county.user("admin"), org=county.township1, name="张山", id_number=number
    )
    assert again.pk != duplicate.pk


def test_search_tokens_are_rebuilt_for_what_the_survivor_gained(county):
    survivor = add(county, county.township1, "张三", 1)
    duplicate = add(county, county.township1, "张三", 2, phone="13912345678")
    services.person_merge(by=county.user("township1"), survivor=survivor, duplicate=duplicate)
    assert [p.pk for p in person_search(county.user("admin"), "5678")] == [survivor.pk]
    assert [p.pk for p in person_search(county.user("admin"), "13912345678")] == [survivor.pk]


def test_merge_is_audited_with_before_and_after(county, twins):
    survivor, duplicate = twins
    services.household_create(by=county.user("admin"), head=duplicate)
    services.person_merge(by=county.user("township1"), survivor=survivor, duplicate=duplicate)
    entry = (
        LogEntry.objects.get_for_object(survivor).filter(changes_text__startswith=f"#{duplicate.pk}").get()
    )
    assert entry.actor.username == "township1"
    assert entry.changes_dict["address"] == ["", "南江镇光雾山路1号"]
    assert "people.Household.head ×1" in entry.changes_text
    tomb = (
        LogEntry.objects.get_for_object(duplicate).filter(changes_text__startswith=f"#{duplicate.pk}").get()
    )
    assert tomb.changes_dict["merged_into"] == ["", f"#{survivor.pk}"]
    assert tomb.changes_dict["id_number"][1] == "" and duplicate.id_number not in str(tomb.changes)


def test_merge_folds_two_rows_of_the_same_household(county, twins):
    survivor, duplicate = twins
    admin = county.user("admin")
    household = services.household_create(by=admin, head=duplicate, monthly_income="800")
    services.household_add_member(by=admin, household=household, person=survivor, relationship="other")
    services.person_merge(by=admin, survivor=survivor, duplicate=duplicate)
    household.refresh_from_db()
    row = HouseholdMember.objects.get(household=household)
    assert (household.head, row.person, row.relationship) == (survivor, survivor, "head")


def test_merge_is_refused_while_both_records_are_in_different_households_or_actively_members(county, twins):
    survivor, duplicate = twins
    admin = county.user("admin")
    services.membership_join(by=admin, person=survivor, union=county.grassroots1)
    services.membership_join(by=admin, person=duplicate, union=county.grassroots1)
    with pytest.raises(Conflict, match="active membership"):
        services.person_merge(by=admin, survivor=survivor, duplicate=duplicate)
    Membership.objects.filter(person=duplicate).delete()
    services.household_create(by=admin, head=survivor)
    services.household_create(by=admin, head=duplicate)
    with pytest.raises(Conflict, match="different households"):
        services.person_merge(by=admin, survivor=survivor, duplicate=duplicate)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.id_number


def test_merge_needs_change_over_both_records(county, twins):
    survivor, _duplicate = twins
    other = add(county, county.township2, "张三", 9)
    with pytest.raises(PermissionDenied):
        services.person_merge(by=county.user("township1"), survivor=survivor, duplicate=other)
    with pytest.raises(PermissionDenied):
        services.person_merge(by=county.user("township2"), survivor=other, duplicate=survivor)
    with pytest.raises(DomainError):
        services.person_merge(by=county.user("township1"), survivor=survivor, duplicate=survivor)
    services.person_merge(by=county.user("admin"), survivor=other, duplicate=survivor)


def test_a_merged_record_cannot_be_merged_or_changed_again_and_older_tombstones_follow(county):
    a = add(county, county.township1, "张三", 1)
    b = add(county, county.township1, "张三", 2)
    c = add(county, county.township1, "张三", 3)
    admin = county.user("admin")
    services.person_merge(by=admin, survivor=b, duplicate=a)
    a.refresh_from_db()
    with pytest.raises(Conflict):
        services.person_merge(by=admin, survivor=c, duplicate=a)
    with pytest.raises(Conflict):
        services.person_update(by=admin, person=a, address="某地")
    services.person_merge(by=admin, survivor=c, duplicate=b)
    a.refresh_from_db()
    assert a.merged_into == c


def test_merged_records_are_not_listed_as_candidates_and_decisions_about_them_go(county):
    a = add(county, county.township1, "张三", 1)
    b = add(county, county.township1, "张三", 2)
    c = add(county, county.township1, "张三", 3)
    services.duplicate_mark_distinct(by=county.user("admin"), a=b, b=c)
    services.person_merge(by=county.user("admin"), survivor=a, duplicate=b)
    assert not DuplicateDecision.objects.exists()
    assert set(pairs(county.user("admin"))) == {key(a, c)}


def test_the_merge_finds_every_foreign_key_to_person_in_every_installed_app():
    """Hidden relations (related_name="+") and many-to-many tables included, so later apps need nothing."""
    expected = {
        (model, field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.remote_field.model is Person
    }
    found = {(rel.related_model, rel.field.name) for rel in _links()}
    assert found == expected
    assert (Person, "merged_into") in found and (DuplicateDecision, "a") in found
