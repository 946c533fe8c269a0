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


@pytest.fixture
def finance2(county: Any) -> Any:
    """A finance officer of township 2 only: may post to township 2's funds, cannot see township 1's."""
    from gonghui.accounts.roles import Role
    from gonghui.conftest import make_user

    county.users["finance2"] = make_user("finance2", Role.FINANCE, county.township2)
    return county.users["finance2"]


@pytest.fixture
def api_as(county: Any, finance2: Any) -> Any:
    """``api_as("finance2")``: a client sending a bearer token of any user, the extra officer included."""
    from django.test import Client

    from gonghui.accounts.models import User
    from gonghui.accounts.services import token_create

    def _api(username: str) -> Client:
        _token, raw = token_create(user=User.objects.get(username=username), name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return _api


@pytest.fixture
def books(county: Any, fund1: Fund, fund2: Fund, quilt: GoodsItem, finance: Any) -> dict[str, Any]:
    """Each township's fund with money, goods, an expense and a donation, named apart for the listings."""
    import datetime

    from gonghui.funds.donations import donation_record

    made: dict[str, Any] = {}
    for n, fund in ((1, fund1), (2, fund2)):
        place = "南江镇" if n == 1 else "长赤镇"
        services.post_income(fund=fund, amount="1000.00", by=finance, memo=f"{place}拨款")
        made[f"expense{n}"] = services.post_expense(
            fund=fund, amount="100.00", by=finance, memo=f"{place}救助"
        )
        services.post_goods_in(fund=fund, item=quilt, quantity=10, unit_value="80", by=finance)
        made[f"donation{n}"] = donation_record(
            by=finance,
            fund=fund,
            kind="money",
            amount="500.00",
            donor_kind="named",
            donor_name=f"{place}爱心人士",
            earmark=f"{place}防汛",
            received_on=datetime.date(2015, 7, 2),
        )
        made[f"fund{n}"] = fund
    return made
