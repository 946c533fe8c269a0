"""Ledger rows are never updated or deleted: no service or endpoint does it, and PostgreSQL refuses it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from gonghui.funds import services
from gonghui.funds.models import Fund, LedgerEntry


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database guard exists on PostgreSQL only")
def test_the_database_refuses_to_change_or_delete_ledger_rows(fed_fund, income):
    entry = income(fed_fund, "100.00")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.memo = "forged"
        entry.save()
    entry.refresh_from_db()
    assert entry.amount == Decimal("100.00") and entry.memo == ""


@pytest.mark.django_db
def test_the_posting_api_offers_no_way_to_change_an_entry():
    names = {name for name in dir(services) if not name.startswith("_")}
    assert not {n for n in names if n.startswith(("entry_", "ledger_")) or "delete" in n or "edit" in n}


def test_the_pages_offer_no_way_to_change_an_entry():
    from gonghui.funds.urls import urlpatterns

    entry_pages = {str(p.pattern) for p in urlpatterns if str(p.pattern).startswith("entries/")}
    assert entry_pages == {"entries/<int:pk>/reverse/"}
    assert not [p for p in urlpatterns if "delete" in p.name]


@pytest.mark.django_db(transaction=True)
def test_the_test_runner_can_still_empty_the_ledger_between_tests(county):
    """A transactional test ends by emptying every table (TRUNCATE on PostgreSQL): no row trigger fires."""
    fund = Fund.objects.create(org=county.federation, name="工会经费", kind=Fund.Kind.UNION)
    services.post_income(fund=fund, amount="1", by=county.user("finance"))
    assert LedgerEntry.objects.exists()
