"""Two threads handing over a campaign's grants at once, on a real database (SQLite and PostgreSQL).

A pause after the budget check widens the race window on purpose: without the campaign's row lock
both hand-overs would read the same budget used and both pass.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from gonghui.funds import queries as fund_queries
from gonghui.funds import services as funds
from gonghui.funds.models import LedgerEntry
from gonghui.hardship import campaigns
from gonghui.hardship.models import Campaign, CampaignGrant
from gonghui.hardship.tests.conftest import make_campaign
from gonghui.hardship.tests.test_concurrency import PAUSE, race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_budget(monkeypatch: Any) -> None:
    check = campaigns._check_budget

    def slow(*args: Any, **kwargs: Any) -> None:
        check(*args, **kwargs)
        time.sleep(PAUSE)

    monkeypatch.setattr(campaigns, "_check_budget", slow)


def _approved(county: Any, campaign: Campaign) -> dict[str, CampaignGrant]:
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    campaigns.campaign_approve(by=county.user("township1"), campaign=campaign)
    return {g.person.name: g for g in campaign.grants.filter(status="approved").select_related("person")}


def test_two_hand_overs_racing_for_the_last_of_the_budget_let_only_one_through(county, drive, slow_budget):
    campaign = make_campaign(
        county,
        drive.welfare,
        name="紧预算",
        budget="1000.00",
        standards={"deep": "1000.00", "relative": "1000.00"},
    )
    rows = _approved(county, campaign)
    finance = county.user("finance")
    outcomes = race(
        lambda: campaigns.grant_disburse(by=finance, grant=rows["王大伟"]),
        lambda: campaigns.grant_disburse(by=finance, grant=rows["李困难"]),
    )
    assert outcomes == ["conflict", "ok"]
    campaign.refresh_from_db()
    assert campaign.disbursed == Decimal("1000.00")
    assert campaign.grants.filter(status="disbursed").count() == 1
    assert LedgerEntry.objects.filter(kind="expense", fund=drive.welfare.fed_fund).count() == 1


def test_two_bulk_hand_overs_at_once_pay_every_grant_once(county, drive, slow_budget):
    rows = _approved(county, drive.campaign)
    finance = county.user("finance")
    outcomes = race(
        lambda: campaigns.grant_disburse_bulk(by=finance, campaign=drive.campaign),
        lambda: campaigns.grant_disburse_bulk(by=finance, campaign=drive.campaign),
    )
    assert outcomes == ["conflict", "ok"]
    assert Campaign.objects.get(pk=drive.campaign.pk).disbursed == Decimal("1500.00")
    assert LedgerEntry.objects.filter(kind="expense", fund=drive.welfare.fed_fund).count() == len(rows)


def test_two_hand_overs_racing_for_the_last_quilt_let_only_one_through(county, drive, slow_budget):
    funds.post_goods_out(fund=drive.welfare.fed_fund, item=drive.quilt, quantity=9, by=county.user("finance"))
    rows = _approved(county, drive.campaign)
    finance = county.user("finance")
    outcomes = race(
        lambda: campaigns.grant_disburse(by=finance, grant=rows["王大伟"]),
        lambda: campaigns.grant_disburse(by=finance, grant=rows["李困难"]),
    )
    assert outcomes == ["conflict", "ok"]
    assert fund_queries.stock(drive.welfare.fed_fund, drive.quilt) == 0
    assert drive.campaign.grants.filter(status="disbursed").count() == 1


def test_two_hand_overs_of_the_same_grant_pay_once(county, drive):
    rows = _approved(county, drive.campaign)
    finance = county.user("finance")
    grant = rows["王大伟"]
    outcomes = race(
        lambda: campaigns.grant_disburse(by=finance, grant=grant),
        lambda: campaigns.grant_disburse(by=finance, grant=grant),
    )
    assert outcomes == ["conflict", "ok"]
    assert fund_queries.net_amount_for(grant) == Decimal("-1000.00")
    assert Campaign.objects.get(pk=drive.campaign.pk).disbursed == Decimal("1000.00")
