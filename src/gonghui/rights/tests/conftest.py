"""Fixtures of the rights tests: a rights point per township, an out-of-town station, people,
enterprises, and helpers that open cases and log consultations through the services."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import ServicePoint
from gonghui.people.models import Person
from gonghui.rights.models import Consultation, RightsCase
from gonghui.rights.services import cases as case_services
from gonghui.rights.services import consultations as consultation_services


@pytest.fixture
def points(county: Any) -> dict[str, ServicePoint]:
    """Township 1's and township 2's rights points, and the federation's 西安 station."""
    return {
        "t1": ServicePoint.objects.get(org=county.township1, kind="rights_point"),
        "t2": ServicePoint.objects.get(org=county.township2, kind="rights_point"),
        "xian": ServicePoint.objects.create(
            org=county.federation, name="南江籍农民工西安法律服务站", kind="migrant_station", city="西安市"
        ),
    }


def make_person(org: Any, name: str, serial: int) -> Person:
    """A registry row made directly (test set-up): the ID number only has to be unique here."""
    return Person.objects.create(
        org=org,
        name=name,
        id_number=f"5119221990010{serial:05d}",
        sex="male",
        birth_date=datetime.date(1990, 1, 1),
        is_migrant_worker=True,
    )


@pytest.fixture
def people(county: Any) -> dict[str, Person]:
    return {
        "liyang": make_person(county.township1, "李阳", 1),
        "huangkai": make_person(county.township1, "黄凯", 2),
        "t2": make_person(county.township2, "张长赤", 3),
    }


@pytest.fixture
def firms(county: Any) -> dict[str, Enterprise]:
    return {
        "t1": Enterprise.objects.create(org=county.township1, name="南江县南慧建材有限公司", type="private"),
        "t2": Enterprise.objects.create(org=county.township2, name="南江县长赤米业有限公司", type="private"),
    }


def ago(days: int, hour: int = 10) -> datetime.datetime:
    """An aware datetime ``days`` days before now, at ``hour`` o'clock local time."""
    moment = timezone.localtime() - datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def open_case(county: Any, points: dict[str, ServicePoint]) -> Callable[..., RightsCase]:
    """``open_case(by="township1", point="t1", claimants=[…], **fields)`` opens a case at intake."""

    def _open(by: str = "township1", point: str | None = "t1", **fields: Any) -> RightsCase:
        fields.setdefault("type", "wage_arrears")
        fields.setdefault("title", "拖欠工资")
        fields.setdefault("respondent_name", "某建筑劳务有限公司")
        fields.setdefault("claimants", [{"name": "王工人", "claimed_amount": "10000"}])
        if point:
            fields["service_point"] = points[point]
        return case_services.case_create(by=county.user(by), **fields)

    return _open


@pytest.fixture
def consult(county: Any, points: dict[str, ServicePoint]) -> Callable[..., Consultation]:
    """``consult(by="township1", point="t1", **fields)`` logs a consultation at a rights point."""

    def _consult(by: str = "township1", point: str | None = "t1", **fields: Any) -> Consultation:
        fields.setdefault("channel", "rights_point" if point in ("t1", "t2") else "walk_in")
        fields.setdefault("topic", "wages")
        fields.setdefault("summary", "老板拖欠三个月工资")
        fields.setdefault("visitor_name", "王工人")
        if point:
            fields["service_point"] = points[point]
        return consultation_services.consultation_create(by=county.user(by), **fields)

    return _consult
