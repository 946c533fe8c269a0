"""Fixtures of the enterprises tests: township regions, one enterprise per township, a snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.tests.factories import EnterpriseFactory, make_uscc
from gonghui.orgs.models import Region

USCC1 = make_uscc(1)
USCC2 = make_uscc(2)


@pytest.fixture
def regions(county: Any) -> dict[str, Region]:
    county_region = county.region
    return {
        "t1": Region.objects.create(
            code="511922001000", name="南江镇", level=Region.Level.TOWNSHIP, parent=county_region
        ),
        "t2": Region.objects.create(
            code="511922002000", name="长赤镇", level=Region.Level.TOWNSHIP, parent=county_region
        ),
    }


@pytest.fixture
def ent1(county: Any, regions: dict[str, Region]) -> Enterprise:
    """Township 1's enterprise, with its union (grassroots 1)."""
    return EnterpriseFactory(
        org=county.township1,
        name="南江县光雾山米业有限公司",
        uscc=USCC1,
        township=regions["t1"],
        union=county.grassroots1,
        employee_count=120,
    )


@pytest.fixture
def ent2(county: Any, regions: dict[str, Region]) -> Enterprise:
    """Township 2's enterprise, a caring one; every name of township 2 contains 长赤."""
    return EnterpriseFactory(
        org=county.township2,
        name="南江县长赤米业有限公司",
        uscc=USCC2,
        township=regions["t2"],
        union=county.grassroots2,
        is_caring=True,
    )


@pytest.fixture
def snapshot(county: Any) -> Callable[[], list[dict[str, Any]]]:
    """Every enterprise row, to prove a refused request changed nothing."""

    def take() -> list[dict[str, Any]]:
        return list(Enterprise.objects.order_by("pk").values())

    return take


@pytest.fixture
def english() -> Any:
    """Messages in English for the test's duration (the default language is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
