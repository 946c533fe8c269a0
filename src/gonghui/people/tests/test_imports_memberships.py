"""The memberships import (kind ``memberships``): join or update, never a second active membership."""

from __future__ import annotations

import datetime

import pytest

from gonghui.core.imports import services
from gonghui.core.tests.imports_support import xlsx_file
from gonghui.orgs.models import Organisation
from gonghui.people import identity
from gonghui.people.models import Membership, MembershipTransfer
from gonghui.people.tests.conftest import id_for
from gonghui.people.tests.factories import MembershipFactory, PersonFactory

HEADER = ["会员证号", "姓名", "身份证号", "所在基层工会", "入会日期"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(county):
    return [
        PersonFactory(org=county.township1, name="张三", id_number=id_for(datetime.date(1990, 1, 1), 11)),
        PersonFactory(org=county.grassroots1, name="李四", id_number=id_for(datetime.date(1985, 2, 2), 13)),
        PersonFactory(org=county.township2, name="王五", id_number=id_for(datetime.date(1980, 3, 3), 15)),
    ]


def _import(county, *rows, user="township1", take_good_rows=False):
    job = services.import_start(by=county.user(user), kind="memberships", file=xlsx_file([HEADER, *rows]))
    if job.invalid and not take_good_rows:
        return job
    return services.import_commit(by=county.user(user), job=job, take_good_rows=take_good_rows)


def _errors(job):
    return {(row, field): message for row, _col, field, message in job.report["errors"]}


def test_people_join_the_union_named_by_name_or_code(county, people):
    zhang, li, _wang = people
    job = _import(
        county,
        ["HY0001", "张三", zhang.id_number, "南江镇中心小学工会", "2015-06-28"],
        ["", "李四", li.id_number, county.grassroots1.code, ""],
    )
    assert (job.state, job.created) == ("committed", 2), job.report
    first = Membership.objects.get(person=zhang)
    assert (first.member_number, first.org, first.joined_on) == (
        "HY0001",
        county.grassroots1,
        datetime.date(2015, 6, 28),
    )
    generated = Membership.objects.get(person=li)
    assert generated.member_number and generated.joined_on == datetime.date.today()


def test_an_active_membership_is_updated_never_doubled_and_a_new_union_is_a_transfer(county, people):
    zhang = people[0]
    other = Organisation.objects.get(pk=county.township1.pk).add_child(
        name="南江镇卫生院工会", code="T1-G2", kind="grassroots"
    )
    membership = MembershipFactory(person=zhang, org=county.grassroots1, member_number="HY0001")
    rows = [["HY0009", "张三", zhang.id_number, "南江镇卫生院工会", "2010-01-01"]]
    job = _import(county, *rows)
    assert (job.created, job.updated) == (0, 1), job.report
    membership.refresh_from_db()
    assert (membership.member_number, membership.org, membership.joined_on) == (
        "HY0009",
        other,
        datetime.date(2010, 1, 1),
    )
    transfer = MembershipTransfer.objects.get(membership=membership)
    assert (transfer.from_union, transfer.to_union, transfer.by) == (
        county.grassroots1,
        other,
        county.user("township1"),
    )
    again = _import(county, *rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Membership.objects.filter(person=zhang).count() == 1 and MembershipTransfer.objects.count() == 1


def test_bad_membership_rows_are_reported(county, people):
    zhang, li, wang = people
    MembershipFactory(person=li, org=county.grassroots1, member_number="HY0002")
    unknown = identity.make("511922", datetime.date(1999, 9, 9), 19)
    job = _import(
        county,
        ["HY0002", "张三", zhang.id_number, "南江镇中心小学工会", ""],
        ["", "张四", li.id_number, "南江镇中心小学工会", ""],
        ["", "王五", wang.id_number, "长赤镇卫生院工会", ""],
        ["", "赵六", unknown, "南江镇中心小学工会", ""],
    )
    errors = _errors(job)
    assert "already in use" in errors[(2, "member_number")]
    assert "registered as 李四" in errors[(3, "name")]
    assert "outside your scope" in errors[(4, "id_number")]
    assert "people register first" in errors[(5, "id_number")]
    assert not Membership.objects.filter(person=zhang).exists()


def test_a_union_out_of_scope_or_a_future_date_is_refused(county, people):
    zhang = people[0]
    job = _import(
        county,
        ["", "张三", zhang.id_number, "长赤镇卫生院工会", ""],
        ["", "李四", people[1].id_number, "南江镇中心小学工会", "2999-01-01"],
    )
    errors = _errors(job)
    assert "outside your scope" in errors[(2, "union")] and (3, "joined_on") in errors
    job = _import(county, ["", "张三", zhang.id_number, "无此工会", ""])
    assert "No union is called 无此工会" in _errors(job)[(2, "union")]
    job = _import(
        county, ["", "张三", zhang.id_number, "T1-G1", ""], ["", "张三", zhang.id_number, "T1-G1", ""]
    )
    assert "Same record as row 2" in _errors(job)[(3, "id_number")]


def test_the_same_member_number_twice_in_a_file_is_refused(county, people):
    job = _import(
        county,
        ["HY0007", "张三", people[0].id_number, "南江镇中心小学工会", ""],
        ["HY0007", "李四", people[1].id_number, "南江镇中心小学工会", ""],
    )
    assert "Row 2 of this file" in _errors(job)[(3, "member_number")]
