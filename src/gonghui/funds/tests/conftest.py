"""Fixtures of the funds tests: a fund per organisation, goods items, helpers to post without ceremony."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.funds import services
from gonghui.funds.models import Fund, GoodsItem


@pytest.fixture
def finance(county: Any) -> Any:
    return county.user("finance")


@pytest.fixture
def fed_fund(county: Any) -> Fund:
    """The federation's hardship aid fund (only finance, the administrator and auditors see it)."""
    return Fund.objects.create(org=county.federation, name="困难职工帮扶资金", kind=Fund.Kind.HARDSHIP)


@pytest.fixture
def fund1(county: Any) -> Fund:
    """Township 1's project fund (its cadre sees it, township 2's does not)."""
    return Fund.objects.create(org=county.township1, name="南江镇帮扶项目资金", kind=Fund.Kind.PROJECT)


@pytest.fixture
def fund2(county: Any) -> Fund:
    return Fund.objects.create(org=county.township2, name="长赤镇帮扶项目资金", kind=Fund.Kind.PROJECT)


@pytest.fixture
def quilt(db: Any) -> GoodsItem:
    return GoodsItem.objects.create(name="棉被", unit="床")


@pytest.fixture
def rice(db: Any) -> GoodsItem:
    return GoodsItem.objects.create(name="大米", unit="袋")


@pytest.fixture
def income(finance: Any) -> Any:
    """``income(fund, "100.00")`` posts money into a fund as the finance officer."""

    def _income(fund: Fund, amount: str, **kwargs: Any) -> Any:
        return services.post_income(fund=fund, amount=amount, by=finance, **kwargs)

    return _income


@pytest.fixture
def english() -> Any:
    """Messages in English for the test's duration (the default language is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
