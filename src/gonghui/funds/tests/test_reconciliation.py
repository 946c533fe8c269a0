"""The reconciliation report, computed by hand from entries posted at known times."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.funds import reports, services
from gonghui.funds.tests.endpoints import xlsx_rows

pytestmark = pytest.mark.django_db


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


@pytest.fixture
def history(fed_fund, fund1, finance, quilt):
    """June: 10,000 in, 2,000 out. July: 5,000.55 in, 3,000 and 0.55 out, the 3,000 reversed, 1,000
    transferred out, 20 quilts in and 5 out. August: 100 out."""
    plan = [
        ("2015-06-10", lambda: services.post_income(fund=fed_fund, amount="10000", by=finance)),
        ("2015-06-20", lambda: services.post_expense(fund=fed_fund, amount="2000", by=finance)),
        ("2015-07-01", lambda: services.post_income(fund=fed_fund, amount="5000.55", by=finance)),
        ("2015-07-02", lambda: services.post_expense(fund=fed_fund, amount="3000", by=finance)),
        ("2015-07-03", lambda: services.post_expense(fund=fed_fund, amount="0.55", by=finance)),
        ("2015-07-31", lambda: services.post_goods_in(fund=fed_fund, item=quilt, quantity=20, by=finance)),
        ("2015-07-31", lambda: services.post_goods_out(fund=fed_fund, item=quilt, quantity=5, by=finance)),
        ("2015-08-01", lambda: services.post_expense(fund=fed_fund, amount="100", by=finance)),
    ]
    made = []
    for day, post in plan[:5]:
        with services.posting_time(_at(day)):
            made.append(post())
    with services.posting_time(_at("2015-07-15")):
        services.post_reversal(entry=made[3], by=finance, reason="退票")
    with services.posting_time(_at("2015-07-20")):
        services.transfer(from_fund=fed_fund, to_fund=fund1, amount="1000", by=finance)
    for day, post in plan[5:]:
        with services.posting_time(_at(day)):
            made.append(post())
    return made


def test_reconciliation_figures_match_a_hand_computation(history, fed_fund):
    rec = reports.reconciliation(fed_fund, datetime.date(2015, 7, 1), datetime.date(2015, 7, 31))
    assert rec.opening == Decimal("8000.00")  # 10,000 − 2,000
    assert rec.incomes == Decimal("5000.55")
    assert rec.expenses == Decimal("3000.55")
    assert rec.reversals == Decimal("3000.00")
    assert rec.transfers_out == Decimal("1000.00") and rec.transfers_in == Decimal("0.00")
    assert rec.closing == Decimal("12000.00")  # 8,000 + 5,000.55 − 3,000.55 + 3,000 − 1,000
    assert rec.balanced
    (quilts,) = rec.goods
    assert (quilts.opening, quilts.incoming, quilts.outgoing, quilts.reversals, quilts.closing) == (
        0,
        20,
        5,
        0,
        15,
    )
    assert rec.entries().count() == 7


def test_the_last_day_of_the_period_is_included_to_midnight_local_time(history, fed_fund):
    july = reports.reconciliation(fed_fund, datetime.date(2015, 7, 1), datetime.date(2015, 7, 31))
    august = reports.reconciliation(fed_fund, datetime.date(2015, 8, 1), datetime.date(2015, 8, 1))
    assert august.opening == july.closing
    assert august.expenses == Decimal("100.00") and august.closing == Decimal("11900.00")


def test_a_period_starting_after_it_ends_is_refused():
    from gonghui.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        reports.parse_period({"start": "2015-08-01", "end": "2015-07-01"})
    assert refused.value.field == "end"
    with pytest.raises(DomainError):
        reports.parse_period({"start": "2015-13-01"})


def test_the_reconciliation_api_and_export_give_the_same_figures(history, fed_fund, api, english):
    client = api("finance")
    response = client.get(f"/api/v1/funds/{fed_fund.pk}/reconciliation?start=2015-07-01&end=2015-07-31")
    assert response.status_code == 200
    body = response.json()
    assert (body["opening"], body["closing"], body["reversals"]) == ("8000.00", "12000.00", "3000.00")
    assert body["goods"][0]["closing"] == 15
    export = client.get(
        f"/api/v1/funds/{fed_fund.pk}/reconciliation/export?start=2015-07-01&end=2015-07-31",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    rows = xlsx_rows(export)
    assert rows[1][1] == "Opening balance" and rows[1][6] == "8000.00"
    entries = rows[2:9]
    # The cash book: the balance after each money entry, none on goods rows.
    assert [r[6] for r in entries] == ["13000.55", "10000.55", "10000.00", "13000.00", "12000.00", None, None]
    assert rows[9][1] == "Closing balance" and rows[9][6] == "12000.00"
