"""People of the shared county: a few in township 1 (and its grassroots union), a few in township 2."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from gonghui.people import identity
from gonghui.people.models import Person
from gonghui.people.services import person_create


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages of services read in English here (pages follow each request's language)."""
    with translation.override("en"):
        yield


def id_for(birth: datetime.date, sequence: int, region: str = "511922") -> str:
    return identity.make(region, birth, sequence)


@dataclass
class Registry:
    zhang_sanfeng: Person
    zhang_san: Person
    zeng_guofan: Person
    li_si: Person
    other_zhang_san: Person
    wang_wu: Person


@pytest.fixture
def registry(county: Any) -> Registry:
    """Registered through the service (as the federation administrator), so tokens are real."""
    admin = county.user("admin")

    def add(org: Any, name: str, number: str, phone: str = "", **fields: Any) -> Person:
        return person_create(by=admin, org=org, name=name, id_number=number, phone=phone, **fields)

    return Registry(
        zhang_sanfeng=add(
            county.township1,
            "张三丰",
            id_for(datetime.date(1962, 4, 9), 351),
            "13812345678",
            is_migrant_worker=True,
        ),
        zhang_san=add(county.grassroots1, "张三", id_for(datetime.date(1990, 1, 2), 20), "13900001111"),
        zeng_guofan=add(county.township1, "曾国藩", id_for(datetime.date(1971, 11, 26), 777)),
        li_si=add(county.township1, "李四", id_for(datetime.date(1985, 6, 15), 46), "0827-8881234"),
        other_zhang_san=add(county.township2, "张三", id_for(datetime.date(1991, 3, 3), 33), "13700002222"),
        wang_wu=add(county.grassroots2, "王五", id_for(datetime.date(1979, 9, 9), 99), "13600003333"),
    )
