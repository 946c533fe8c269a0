"""The households import (kind ``households``): members added or updated under the head's household."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from gonghui.core.imports import services
from gonghui.core.tests.imports_support import TITLE, xlsx_file
from gonghui.people import identity
from gonghui.people.models import Household, HouseholdMember
from gonghui.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

HEADER = [
    "户主身份证号",
    "成员姓名",
    "成员身份证号",
    "与户主关系",
    "月收入",
    "健康",
    "就业",
    "在读学段",
    "学校",
    "入学年份",
]
HEAD_ID = identity.make("511922", datetime.date(1970, 5, 6), 123, "male")
WIFE_ID = identity.make("511922", datetime.date(1972, 8, 15), 342, "female")
CHILD_ID = identity.make("511922", datetime.date(2004, 9, 1), 17, "male")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def head(county):
    return PersonFactory(
        org=county.township1, name="张建国", id_number=HEAD_ID, birth_date=datetime.date(1970, 5, 6)
    )


def _sheet(*rows):
    return xlsx_file([HEADER, *rows], start_row=2, title=TITLE)


def _import(county, *rows, user="township1", take_good_rows=False):
    job = services.import_start(by=county.user(user), kind="households", file=_sheet(*rows))
    if job.invalid and not take_good_rows:
        return job
    return services.import_commit(by=county.user(user), job=job, take_good_rows=take_good_rows)


def _errors(job):
    return {(row, field): message for row, _col, field, message in job.report["errors"]}


def test_a_households_sheet_opens_the_heads_household_with_members_incomes_and_school(county, head):
    wife = PersonFactory(org=county.grassroots1, name="李芳", id_number=WIFE_ID, sex="female")
    job = _import(
        county,
        [HEAD_ID, "张建国", "", "户主", 2800, "健康", "在岗", "", "", ""],
        [HEAD_ID, "李芳", WIFE_ID, "妻子", "1,200.50", "慢性病", "灵活就业", "", "", ""],
        [HEAD_ID, "张小明", CHILD_ID, "儿子", 0, "健康", "在读", "本科", "四川大学", "2023年9月"],
        [HEAD_ID, "张奶奶", "", "母亲", "300", "大病", "无劳动能力", "", "", ""],
    )
    assert job.state == "committed", job.report
    household = Household.objects.get(head=head)
    assert household.org == county.township1
    members = {m.display_name: m for m in household.members.select_related("person")}
    assert set(members) == {"张建国", "李芳", "张小明", "张奶奶"}
    assert members["张建国"].relationship == "head" and members["张建国"].monthly_income == Decimal("2800.00")
    assert members["李芳"].person == wife and members["李芳"].monthly_income == Decimal("1200.50")
    child = members["张小明"]
    assert (child.person, child.name, child.id_number) == (None, "张小明", CHILD_ID)
    assert (child.school_level, child.school_name, child.enrolment_year) == ("bachelor", "四川大学", 2023)
    assert (members["张奶奶"].health, members["张奶奶"].employment) == ("serious", "unable")
    assert job.created == 4  # member rows, the head's included
    logged = LogEntry.objects.filter(additional_data={"via": "import"})
    assert logged.filter(content_type=ContentType.objects.get_for_model(HouseholdMember)).count() == 4
    assert logged.filter(content_type=ContentType.objects.get_for_model(Household)).count() == 1


def test_members_are_updated_under_an_existing_household_and_a_second_import_changes_nothing(county, head):
    household = HouseholdFactory(head=head)
    child = HouseholdMemberFactory(household=household, name="张小明", relationship="child")
    rows = (
        [HEAD_ID, "张小明", "", "子女", 0, "健康", "在读", "高中", "南江中学", 2021],
        [HEAD_ID, "", "", "本人", 3000, "", "", "", "", ""],
    )
    first = _import(county, *rows)
    assert (first.created, first.updated, first.unchanged) == (0, 2, 0), first.report
    child.refresh_from_db()
    assert (child.school_level, child.school_name, child.enrolment_year) == ("senior", "南江中学", 2021)
    assert household.members.get(relationship="head").monthly_income == Decimal("3000.00")
    second = _import(county, *rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Household.objects.count() == 1 and household.members.count() == 2


def test_the_head_must_be_registered_and_in_scope(county):
    other = PersonFactory(
        org=county.township2, id_number=identity.make("511922", datetime.date(1960, 1, 1), 5)
    )
    unknown = identity.make("511922", datetime.date(1961, 1, 1), 7)
    job = _import(
        county, [other.id_number, "甲", "", "配偶", "", "", "", "", "", ""], [unknown, "乙", "", "子女"]
    )
    errors = _errors(job)
    assert "outside your scope" in errors[(4, "head_id_number")]
    assert "import them into the people register first" in errors[(5, "head_id_number")]
    assert not Household.objects.exists()


def test_a_person_belongs_to_one_household(county, head):
    wife = PersonFactory(org=county.township1, id_number=WIFE_ID, sex="female")
    HouseholdMemberFactory(household=HouseholdFactory(head=PersonFactory(org=county.township1)), person=wife)
    job = _import(
        county,
        [HEAD_ID, "李芳", WIFE_ID, "配偶"],
        [HEAD_ID, "张小明", CHILD_ID, "子女"],
        [WIFE_ID[:-4] + "0000", "张小明", CHILD_ID, "子女"],  # not even a valid head: error on the head
    )
    errors = _errors(job)
    assert "another household" in errors[(4, "member_id_number")]
    assert (5, "member_id_number") not in errors
    assert job.invalid == 2


def test_the_same_member_under_two_heads_in_one_file_is_refused(county, head):
    other = PersonFactory(
        org=county.township1, id_number=identity.make("511922", datetime.date(1966, 6, 6), 9)
    )
    job = _import(
        county, [HEAD_ID, "张小明", CHILD_ID, "子女"], [other.id_number, "张小明", CHILD_ID, "子女"]
    )
    assert "Row 4 of this file" in _errors(job)[(5, "member_id_number")]


def test_rows_that_cannot_be_told_apart_or_contradict_the_head_are_reported(county, head):
    job = _import(
        county,
        [HEAD_ID, "", WIFE_ID, "户主"],
        [HEAD_ID, "张建国", HEAD_ID, "配偶"],
        [HEAD_ID, "", "", "子女"],
        [HEAD_ID, "", CHILD_ID, "子女"],
        [HEAD_ID, "张三", "", "子女", "-5", "", "", "", "", "1900"],
    )
    errors = _errors(job)
    assert "head's own ID number" in errors[(4, "member_id_number")]
    assert "relationship as 户主" in errors[(5, "relationship")]
    assert "name or ID number" in errors[(6, "member_name")]
    assert "not registered" in errors[(7, "member_name")]
    assert "cannot be negative" in errors[(8, "monthly_income")] and (8, "enrolment_year") in errors


def test_township2_cannot_import_into_township1s_household(county, head):
    HouseholdFactory(head=head)
    job = _import(county, [HEAD_ID, "张小明", "", "子女"], user="township2")
    assert "outside your scope" in _errors(job)[(4, "head_id_number")]
