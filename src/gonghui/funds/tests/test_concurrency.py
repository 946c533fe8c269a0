"""Concurrent requests on a real database: a fund cannot be overdrawn, an entry reversed twice, a receipt
number given twice.

Each test starts its threads together and widens the race window on purpose (a pause between
reading the balance and writing), so without the locks the race would happen every time — the
last test proves it on PostgreSQL. On SQLite every transaction begins with ``BEGIN IMMEDIATE``
(the settings), so writers queue at the start of their transaction and the balance is read
under the write lock. The in-memory test database uses SQLite's shared cache, which answers
"database table is locked" at once instead of waiting out ``busy_timeout`` as a file database
does; the threads retry then, which is what the busy timeout does for the real thing.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError, connection, connections

from gonghui.core.errors import Conflict
from gonghui.funds import donations, locks, queries, services
from gonghui.funds.models import Donation, Fund, LedgerEntry

pytestmark = pytest.mark.django_db(transaction=True)

PAUSE = 0.3  # seconds between reading the balance and writing: longer than starting a thread


def _retrying(action: Callable[[], Any]) -> Any:
    """Run ``action``; an SQLite shared-cache "locked" answer means "wait", as busy_timeout would."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return action()
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def race(*actions: Callable[[], Any]) -> list[str]:
    """Start every action at the same moment in its own thread; "ok" or "conflict" for each."""
    start = threading.Barrier(len(actions))
    outcomes: list[str] = [""] * len(actions)

    def run(n: int, action: Callable[[], Any]) -> None:
        try:
            start.wait()
            _retrying(action)
            outcomes[n] = "ok"
        except Conflict:
            outcomes[n] = "conflict"
        except Exception as exc:  # the assertion below shows it
            outcomes[n] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return sorted(outcomes)


@pytest.fixture
def slow_balances(monkeypatch: Any) -> None:
    """Pause after reading balances and stock, before the entries are written."""
    read_balances, read_stocks = queries.balances_fen, queries.stocks

    def balances_fen(ids: list[int]) -> dict[int, int]:
        found = read_balances(ids)
        time.sleep(PAUSE)
        return found

    def stocks(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
        found = read_stocks(pairs)
        time.sleep(PAUSE)
        return found

    monkeypatch.setattr(queries, "balances_fen", balances_fen)
    monkeypatch.setattr(queries, "stocks", stocks)


@pytest.fixture
def fund(county: Any) -> Fund:
    fund = Fund.objects.create(org=county.federation, name="困难职工帮扶资金", kind=Fund.Kind.HARDSHIP)
    services.post_income(fund=fund, amount="100.00", by=county.user("finance"))
    return fund


def test_two_threads_posting_expenses_at_once_cannot_overdraw_the_fund(county, fund, slow_balances):
    finance = county.user("finance")

    def spend() -> Any:
        return services.post_expense(fund=fund, amount="80.00", by=finance)

    assert race(spend, spend) == ["conflict", "ok"]
    assert queries.balance(fund) == Decimal("20.00")
    assert LedgerEntry.objects.filter(fund=fund, kind="expense").count() == 1


def test_many_threads_spend_exactly_what_is_there(county, fund, slow_balances):
    finance = county.user("finance")

    def spend() -> Any:
        return services.post_expense(fund=fund, amount="30.00", by=finance)

    assert race(*[spend] * 4) == ["conflict", "ok", "ok", "ok"]
    assert queries.balance(fund) == Decimal("10.00")


def test_two_threads_handing_out_the_last_goods_cannot_overdraw_the_stock(county, fund, slow_balances):
    from gonghui.funds.models import GoodsItem

    finance = county.user("finance")
    tent = GoodsItem.objects.create(name="帐篷", unit="顶")
    services.post_goods_in(fund=fund, item=tent, quantity=5, by=finance)

    def hand_out() -> Any:
        return services.post_goods_out(fund=fund, item=tent, quantity=3, by=finance)

    assert race(hand_out, hand_out) == ["conflict", "ok"]
    assert queries.stock(fund, tent) == 2


def test_two_threads_reversing_the_same_entry_reverse_it_once(county, fund, slow_balances):
    finance = county.user("finance")
    paid = services.post_expense(fund=fund, amount="50.00", by=finance)

    def undo() -> Any:
        return services.post_reversal(entry=paid, by=finance, reason="退票")

    assert race(undo, undo) == ["conflict", "ok"]
    assert LedgerEntry.objects.filter(reverses=paid).count() == 1
    assert queries.balance(fund) == Decimal("100.00")


def test_receipt_numbers_are_unique_under_concurrency(county, fund, monkeypatch):
    finance = county.user("finance")
    real_lock = donations.lock_receipt_sequence

    def slow_lock(**kwargs: Any) -> Any:
        sequence = real_lock(**kwargs)
        time.sleep(PAUSE / 2)
        return sequence

    monkeypatch.setattr(donations, "lock_receipt_sequence", slow_lock)

    def give(n: int) -> Callable[[], Any]:
        return lambda: donations.donation_record(
            by=finance,
            fund=fund,
            kind="money",
            amount=str(10 + n),
            donor_kind="named",
            donor_name=f"捐赠人{n}",
            received_on=datetime.date(2015, 7, 2),
        )

    assert race(*[give(n) for n in range(4)]) == ["ok"] * 4
    numbers = sorted(Donation.objects.values_list("receipt_no", flat=True))
    assert numbers == ["JZ2015-000001", "JZ2015-000002", "JZ2015-000003", "JZ2015-000004"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every writing transaction")
def test_without_the_fund_lock_the_same_race_overdraws_on_postgresql(
    county, fund, slow_balances, monkeypatch
):
    """The control experiment: the race above is real, and the lock is what stops it."""
    monkeypatch.setattr(
        services,
        "lock_funds",
        lambda *funds: {f.pk: f for f in Fund.objects.filter(pk__in=[getattr(f, "pk", f) for f in funds])},
    )
    finance = county.user("finance")

    def spend() -> Any:
        return services.post_expense(fund=fund, amount="80.00", by=finance)

    assert race(spend, spend) == ["ok", "ok"]
    assert queries.balance(fund) == Decimal("-60.00")
    assert locks.lock_funds  # the real helper is untouched
