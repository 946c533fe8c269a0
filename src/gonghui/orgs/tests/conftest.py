"""Fixtures of the orgs tests: the county's service points, clients per user and a database snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gonghui.accounts.models import RoleAssignment
from gonghui.orgs.models import Organisation, ServicePoint


@pytest.fixture
def point1(county: Any) -> ServicePoint:
    return ServicePoint.objects.get(org=county.township1)


@pytest.fixture
def point2(county: Any) -> ServicePoint:
    return ServicePoint.objects.get(org=county.township2)


@pytest.fixture
def snapshot(county: Any) -> Callable[[], dict[str, list[dict[str, Any]]]]:
    """Every row the orgs pages and API could change, to prove a refused request changed nothing."""

    def take() -> dict[str, list[dict[str, Any]]]:
        return {
            "orgs": list(Organisation.objects.order_by("pk").values()),
            "points": list(ServicePoint.objects.order_by("pk").values()),
            "roles": list(RoleAssignment.objects.order_by("pk").values()),
        }

    return take
