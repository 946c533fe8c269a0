"""The wishes demo: 30 fulfilled orphan wishes from the 12 caring enterprises and some people."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.models import User
from gonghui.enterprises import demo as enterprises_demo
from gonghui.hardship import wish_demo, wish_queries
from gonghui.hardship.models import Wish
from gonghui.hardship.tests.test_demo import _families
from gonghui.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


def test_without_enterprises_the_wishes_demo_writes_nothing():
    context: dict[str, Any] = dict(orgs_demo.load())
    accounts_demo.load(context)
    wish_demo.load(context)
    assert not Wish.objects.exists()


def test_the_demo_has_thirty_fulfilled_orphan_wishes_and_loads_twice_without_change():
    context: dict[str, Any] = dict(orgs_demo.load())
    accounts_demo.load(context)
    enterprises_demo.load(context)
    _families(per_township=3)
    wish_demo.load(context)
    fulfilled = Wish.objects.filter(status="fulfilled")
    assert fulfilled.count() == 30
    assert set(fulfilled.values_list("kind", flat=True)) == {"orphan"}
    assert all(w.proof and w.fulfilled_at.year == 2015 for w in fulfilled)
    by_enterprise = fulfilled.filter(donor_enterprise__isnull=False)
    assert by_enterprise.filter(donor_enterprise__is_caring=False).count() == 0
    assert by_enterprise.values("donor_enterprise").distinct().count() == 12
    assert fulfilled.filter(donor_person__isnull=False).count() == 6
    assert Wish.objects.filter(status="published").count() == 3
    assert Wish.objects.filter(status="claimed").count() == 2
    relay = wish_queries.relay(User.objects.get(username="admin"), 2015)
    assert len(relay) == 12 and sum(r.total for r in relay) == 24
    before = sorted(Wish.objects.values_list("pk", "status", "donor_enterprise", "donor_person"))
    wish_demo.load(context)
    assert Wish.objects.count() == 35
    assert sorted(Wish.objects.values_list("pk", "status", "donor_enterprise", "donor_person")) == before
