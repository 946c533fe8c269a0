"""Two donors claiming the same wish at the same moment, on a real database (SQLite and PostgreSQL).

A pause after the status check widens the window on purpose: both threads see the wish published,
and only the conditional update decides which claim wins.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from gonghui.enterprises.models import Enterprise
from gonghui.hardship import wishes
from gonghui.hardship.models import Wish
from gonghui.hardship.tests.test_concurrency import PAUSE, race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_claims_of_one_wish_at_once_let_exactly_one_donor_through(county, monkeypatch):
    cadre1, admin = county.user("township1"), county.user("admin")
    first = Enterprise.objects.create(org=county.township1, name="爱心企业甲", type="private", is_caring=True)
    second = Enterprise.objects.create(
        org=county.township1, name="爱心企业乙", type="private", is_caring=True
    )
    wish = wishes.wish_create(
        by=cadre1, org=county.township1, kind="orphan", display_name="小明", item="书包"
    )
    wish = wishes.wish_publish(by=cadre1, wish=wish)
    check = wishes._check_move

    def slow(row: Any, to: str) -> None:
        check(row, to)
        time.sleep(PAUSE)

    monkeypatch.setattr(wishes, "_check_move", slow)
    outcomes = race(
        lambda: wishes.wish_claim(by=cadre1, wish=wish, donor_enterprise=first),
        lambda: wishes.wish_claim(by=admin, wish=wish, donor_enterprise=second),
    )
    assert outcomes == ["conflict", "ok"]
    row = Wish.objects.get(pk=wish.pk)
    assert row.status == "claimed" and row.donor_enterprise in (first, second)
    winner = cadre1 if row.donor_enterprise == first else admin
    assert row.claimed_by == winner
