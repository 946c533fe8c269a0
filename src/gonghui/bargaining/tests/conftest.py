"""Fixtures of the bargaining tests: a handful of enterprises in two townships.

township 1 (南江镇): 米业 and 建材 (union: grassroots 1), 茶业 (union: grassroots 1), the township
    government (an organ, union: grassroots 1), a shop without a union
township 2 (长赤镇): 长赤酒店 (union: grassroots 2)
Every name in township 2 contains 长赤; none in township 1 does.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.tests.factories import EnterpriseFactory

D = datetime.date


@pytest.fixture
def firms(county: Any) -> SimpleNamespace:
    t1, t2, g1, g2 = county.township1, county.township2, county.grassroots1, county.grassroots2
    return SimpleNamespace(
        rice=EnterpriseFactory(org=t1, name="南江县光雾山米业有限公司", union=g1, employee_count=120),
        bricks=EnterpriseFactory(org=t1, name="南江县南慧建材有限公司", union=g1, employee_count=80),
        tea=EnterpriseFactory(org=t1, name="南江县云顶茶业有限公司", union=g1, employee_count=40),
        organ=EnterpriseFactory(
            org=t1, name="南江县南江镇人民政府", union=g1, type=Enterprise.Type.ORGAN, employee_count=60
        ),
        shop=EnterpriseFactory(
            org=t1, name="南江县南江镇王记面馆", union=None, type=Enterprise.Type.INDIVIDUAL, uscc=""
        ),
        hotel=EnterpriseFactory(org=t2, name="南江县长赤酒店有限公司", union=g2, employee_count=50),
    )


@pytest.fixture
def english() -> Any:
    """Messages in English for the test's duration (the default language is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
