"""Two threads against the same cap or the same application, on a real database (SQLite and PostgreSQL).

A pause between reading the yearly total and writing it widens the race window on purpose: without
the row lock both approvals would read the same total and both pass.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError, connections

from gonghui.core.errors import Conflict
from gonghui.funds import queries as fund_queries
from gonghui.funds.models import LedgerEntry
from gonghui.hardship import queries, services
from gonghui.hardship.tests.conftest import YEAR, approved_aid

pytestmark = pytest.mark.django_db(transaction=True)

PAUSE = 0.3


def _retrying(action: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + 30
    while True:
        try:
            return action()
        except (
            OperationalError
        ) as exc:  # SQLite shared cache answers "locked" at once: wait, as busy_timeout does
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def race(*actions: Callable[[], Any]) -> list[str]:
    start = threading.Barrier(len(actions))
    outcomes = [""] * len(actions)

    def run(n: int, action: Callable[[], Any]) -> None:
        try:
            start.wait()
            _retrying(action)
            outcomes[n] = "ok"
        except Conflict:
            outcomes[n] = "conflict"
        except Exception as exc:
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
def slow_caps(monkeypatch: Any) -> None:
    check = services._check_caps

    def slow(*args: Any, **kwargs: Any) -> None:
        check(*args, **kwargs)
        time.sleep(PAUSE)

    monkeypatch.setattr(services, "_check_caps", slow)


def _reviewed(county: Any, person: Any, amount: str) -> Any:
    cadre = county.user("township1")
    aid = services.aid_apply(by=cadre, person=person, aid_type="living", amount_requested=amount)
    return services.aid_review(by=cadre, aid=aid)


def test_two_approvals_racing_for_the_same_person_cap_let_only_one_through(county, welfare, slow_caps):
    first, second = _reviewed(county, welfare.wang, "1500.00"), _reviewed(county, welfare.wang, "1500.00")
    admin = county.user("admin")
    outcomes = race(
        lambda: services.aid_approve(by=admin, aid=first), lambda: services.aid_approve(by=admin, aid=second)
    )
    assert outcomes == ["conflict", "ok"]
    assert queries.yearly_total(f"person:{welfare.wang.pk}", YEAR, "living") == Decimal("1500.00")


def test_two_approvals_racing_for_the_same_household_cap_let_only_one_through(county, welfare, slow_caps):
    services.aid_approve(by=county.user("admin"), aid=_reviewed(county, welfare.wang, "2000.00"))
    a, b = _reviewed(county, welfare.wang_wife, "600.00"), _reviewed(county, welfare.wang_wife, "600.00")
    cadre = county.user("township1")
    outcomes = race(
        lambda: services.aid_approve(by=cadre, aid=a), lambda: services.aid_approve(by=cadre, aid=b)
    )
    assert outcomes == ["conflict", "ok"]
    assert queries.yearly_total(f"household:{a.household_id}", YEAR, "living") == Decimal("2600.00")


def test_two_disbursements_of_one_application_pay_once(county, welfare):
    aid = approved_aid(county, welfare.wang, fund=welfare.fund1)
    finance = county.user("finance")
    outcomes = race(
        lambda: services.aid_disburse(by=finance, aid=aid), lambda: services.aid_disburse(by=finance, aid=aid)
    )
    assert outcomes == ["conflict", "ok"]
    assert LedgerEntry.objects.filter(kind="expense", fund=welfare.fund1).count() == 1
    assert fund_queries.balance(welfare.fund1) == Decimal("9200.00")
