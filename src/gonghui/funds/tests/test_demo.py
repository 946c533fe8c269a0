"""The demo county's funds match the reference document, add up, and load twice without change."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.models import User
from gonghui.enterprises import demo as enterprises_demo
from gonghui.funds import demo as funds_demo
from gonghui.funds import queries, reports
from gonghui.funds.models import Donation, Fund, GoodsItem, LedgerEntry, ReceiptSequence
from gonghui.funds.sums import from_fen, to_fen
from gonghui.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Loaded once for the module inside a transaction rolled back at its end; each test runs in a
    savepoint of it, so none sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The registry demos the funds demo builds on, then the funds demo (not every app's loader).
        context: dict[str, Any] = dict(orgs_demo.load())
        accounts_demo.load(context)
        enterprises_demo.load(context)
        yield funds_demo.load(context)
        transaction.set_rollback(True)


def _flood() -> Any:
    return Donation.objects.filter(earmark=funds_demo.EARMARK, status="recorded")


def test_the_demo_tells_the_reference_documents_story(demo):
    """1,236,800 yuan given by many, 520,000 raised and self-funded, goods bought, handed out, some kept."""
    money = _flood().filter(kind="money")
    total = sum(money.values_list("amount", flat=True), Decimal("0"))
    assert total == Decimal("1236800.00")
    assert money.count() > 300
    assert _flood().filter(enterprise__is_caring=True).values("enterprise").distinct().count() == 12
    assert _flood().filter(donor_name__endswith="全体会员").count() == 60
    assert _flood().filter(is_anonymous=True).exists()
    fund = demo["donation_fund"]
    raised = LedgerEntry.objects.get(fund=fund, kind="income", reference="NJ-2015-198")
    self_funded = LedgerEntry.objects.get(fund=fund, kind="transfer_in", reference="NJ-2015-199")
    assert raised.amount + self_funded.amount == Decimal("520000.00")
    assert self_funded.pair.fund == demo["union_fund"]
    # 1,236,800 + 520,000 − 186,000 − 48,600
    assert queries.balance(demo["donation_fund"]) == Decimal("1522200.00")
    assert queries.balance(demo["union_fund"]) == Decimal("1440000.00")  # 2,860,000 − 600,000 × 2 − 220,000
    assert queries.balance(demo["hardship_fund"]) == Decimal("2300000.00")
    assert demo["hardship_fund"].budgets.get(year=2015).amount == Decimal("2000000.00")
    stock = {GoodsItem.objects.get(pk=r["item_id"]).name: r["quantity"] for r in queries.fund_stock(fund)}
    assert stock == {"棉被": 150, "大米": 100, "帐篷": 15}
    numbers = sorted(Donation.objects.values_list("receipt_no", flat=True))
    assert numbers[0] == "JZ2015-000001"
    assert numbers[-1] == f"JZ2015-{len(numbers):06d}"
    assert ReceiptSequence.objects.get(year=2015).last == len(numbers)
    rec = reports.reconciliation(demo["donation_fund"], datetime.date(2015, 7, 1), datetime.date(2015, 7, 31))
    assert rec.balanced and rec.opening > 0
    assert rec.transfers_in == Decimal("220000.00")
    assert rec.expenses == Decimal("234600.00")


def test_every_demo_entry_is_consistent_and_scoped(demo):
    """No balance or stock was ever negative; each township's cadre sees the own fund only."""
    for fund in Fund.objects.all():
        running = 0
        stock: dict[int, int] = {}
        for entry in LedgerEntry.objects.filter(fund=fund).order_by("posted_at", "pk"):
            assert entry.posted_at.year == 2015
            if entry.item_id is None:
                running += to_fen(entry.amount) * entry.direction
                assert running >= 0, (fund.name, entry.pk)
            else:
                stock[entry.item_id] = stock.get(entry.item_id, 0) + entry.quantity * entry.direction
                assert stock[entry.item_id] >= 0, (fund.name, entry.pk)
        assert from_fen(running) == queries.balance(fund)
    for donation in _flood():
        entries = queries.entries_for(donation)
        assert entries.count() == max(1, donation.lines.count())
        assert sum(e.amount for e in entries) == donation.amount
        assert {e.reference for e in entries} == {donation.receipt_no}
    one = User.objects.get(username="township1")
    names = set(queries.funds(one).values_list("name", flat=True))
    assert names == {"南江镇困难职工帮扶项目资金"}
    assert not reports.donor_list(one, earmark=funds_demo.EARMARK).count


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (
        Fund.objects.count(),
        LedgerEntry.objects.count(),
        Donation.objects.count(),
        GoodsItem.objects.count(),
    )
    funds_demo.load(demo)
    assert counts == (
        Fund.objects.count(),
        LedgerEntry.objects.count(),
        Donation.objects.count(),
        GoodsItem.objects.count(),
    )
