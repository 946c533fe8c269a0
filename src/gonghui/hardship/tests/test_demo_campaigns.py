"""The campaigns demo on a small people demo: the files topped up to the total, the 送温暖 campaign
closed with its recipients, money and goods, and a second run that changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gonghui.accounts import demo as accounts_demo
from gonghui.enterprises import demo as enterprises_demo
from gonghui.funds import demo as funds_demo
from gonghui.funds import queries as fund_queries
from gonghui.funds.models import LedgerEntry
from gonghui.hardship import demo as hardship_demo
from gonghui.hardship import demo_campaigns
from gonghui.hardship.models import Campaign, CampaignGrant, HardshipFile
from gonghui.orgs import demo as orgs_demo
from gonghui.people import demo as people_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch: Any) -> None:
    monkeypatch.setattr(people_demo, "HOUSEHOLDS", 600)
    monkeypatch.setattr(people_demo, "SINGLES", 250)
    monkeypatch.setattr(people_demo, "CHUNK", 200)
    monkeypatch.setattr(demo_campaigns, "FILES_TOTAL", 400)
    monkeypatch.setattr(demo_campaigns, "RECIPIENTS", 60)
    monkeypatch.setattr(demo_campaigns, "SANITATION", 12)


def _load() -> dict[str, Any]:
    context: dict[str, Any] = dict(orgs_demo.load())
    accounts_demo.load(context)
    for loader in (enterprises_demo, people_demo, funds_demo, hardship_demo, demo_campaigns):
        loader.load(context)
    return context


def test_the_demo_tops_the_files_up_and_runs_a_closed_campaign_and_loads_twice_without_change(small):
    context = _load()
    assert HardshipFile.objects.count() == 400
    assert HardshipFile.objects.values("person").distinct().count() == 400
    townships = HardshipFile.objects.values("org__kind").distinct()
    assert {r["org__kind"] for r in townships} <= {"township", "street", "industry"}
    campaign = Campaign.objects.get(name=demo_campaigns.CAMPAIGN_NAME)
    assert campaign.status == "closed"
    paid = campaign.grants.filter(status="disbursed", amount__gt=0)
    assert paid.count() == 60
    assert set(paid.values_list("amount", flat=True)) <= {Decimal("500.00"), Decimal("1000.00")}
    assert campaign.summary["recipients"] == 72
    assert (campaign.summary["money_recipients"], campaign.summary["goods_recipients"]) == (60, 12)
    assert (
        Decimal(campaign.summary["money"]) == sum(paid.values_list("amount", flat=True)) == campaign.disbursed
    )
    assert {g["name"]: g["quantity"] for g in campaign.summary["goods"]} == {"棉被": 12, "大米": 12}
    sweepers = campaign.grants.filter(group="occupation")
    assert sweepers.count() == 12 and not sweepers.filter(person__job__regex=r"^(?!环卫工$)").exists()
    for grant in paid[:5]:
        assert fund_queries.net_amount_for(grant) == -grant.amount
    fund = context["hardship_fund"]
    assert fund_queries.balance(fund) >= 0
    counts = (HardshipFile.objects.count(), CampaignGrant.objects.count(), LedgerEntry.objects.count())
    _load()
    assert (
        HardshipFile.objects.count(),
        CampaignGrant.objects.count(),
        LedgerEntry.objects.count(),
    ) == counts
