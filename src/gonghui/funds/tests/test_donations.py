"""Donations: money or goods, posted in the same transaction, receipt numbers, voiding, the donor list."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.funds import queries, reports, services
from gonghui.funds.donations import GoodsLine, donation_record, donation_void
from gonghui.funds.models import Donation, LedgerEntry, ReceiptSequence

pytestmark = pytest.mark.django_db

JULY_2 = datetime.date(2015, 7, 2)


def _give(finance, fund, **kwargs):
    values = {
        "by": finance,
        "fund": fund,
        "kind": "money",
        "amount": "1000.00",
        "donor_kind": "named",
        "donor_name": "王大姐",
        "received_on": JULY_2,
        "earmark": "6·28 flood relief",
    }
    values.update(kwargs)
    return donation_record(**values)


@pytest.fixture
def enterprise(county):
    from gonghui.enterprises.models import Enterprise

    return Enterprise.objects.create(
        org=county.township1, name="南江县光雾山米业有限公司", type="private", is_caring=True
    )


@pytest.fixture
def person(county):
    from gonghui.people.models import Person

    return Person.objects.create(
        org=county.township1,
        name="黄凯",
        sex="male",
        birth_date=datetime.date(1980, 1, 1),
        id_number="511922198001010011",
    )


def test_a_money_donation_posts_its_income_with_the_receipt_number(fed_fund, finance):
    donation = _give(finance, fed_fund)
    assert donation.receipt_no == "JZ2015-000001"
    assert queries.balance(fed_fund) == Decimal("1000.00")
    entry = queries.entries_for(donation).get()
    assert (entry.kind, entry.amount, entry.reference) == ("income", Decimal("1000.00"), "JZ2015-000001")
    assert entry.memo == "6·28 flood relief"


def test_receipt_numbers_run_per_year(fed_fund, finance):
    numbers = [
        _give(finance, fed_fund, received_on=day).receipt_no
        for day in (JULY_2, JULY_2, datetime.date(2016, 1, 5), datetime.date(2015, 12, 31))
    ]
    assert numbers == ["JZ2015-000001", "JZ2015-000002", "JZ2016-000001", "JZ2015-000003"]


def test_receipt_numbers_run_per_federation_across_its_townships(fed_fund, fund1, fund2, finance):
    numbers = [_give(finance, fund).receipt_no for fund in (fed_fund, fund1, fund2)]
    assert numbers == ["JZ2015-000001", "JZ2015-000002", "JZ2015-000003"]
    assert ReceiptSequence.objects.get().last == 3


def test_a_goods_donation_enters_the_stock_line_by_line(fed_fund, finance, quilt, rice):
    donation = _give(
        finance,
        fed_fund,
        kind="goods",
        amount=None,
        lines=[GoodsLine(quilt, 200, "85.50"), GoodsLine(rice, 100, "120")],
    )
    assert donation.amount == Decimal("29100.00")
    assert queries.stock(fed_fund, quilt) == 200 and queries.stock(fed_fund, rice) == 100
    assert queries.balance(fed_fund) == Decimal("0.00")
    assert reports.goods_summary(donation) == "棉被 200床、大米 100袋"
    assert queries.entries_for(donation).count() == 2


def test_a_goods_donation_reports_every_bad_line_and_saves_nothing(fed_fund, finance, quilt, rice):
    with pytest.raises(DomainError) as refused:
        _give(
            finance,
            fed_fund,
            kind="goods",
            amount=None,
            lines=[GoodsLine(quilt, 0), GoodsLine(rice, 5, "-1"), GoodsLine(quilt, 2)],
        )
    fields = [e.field for e in refused.value.errors]
    assert fields == ["lines.1.quantity", "lines.2.unit_value"]
    assert not Donation.objects.exists() and not LedgerEntry.objects.exists()


def test_a_goods_donation_needs_a_line(fed_fund, finance):
    with pytest.raises(DomainError) as refused:
        _give(finance, fed_fund, kind="goods", amount=None, lines=[])
    assert refused.value.field == "lines"


def test_a_donation_from_an_enterprise_keeps_its_name(fed_fund, finance, enterprise):
    donation = _give(finance, fed_fund, donor_kind="enterprise", enterprise=enterprise, donor_name="")
    assert donation.donor_name == "南江县光雾山米业有限公司"
    assert donation.enterprise == enterprise


def test_a_donation_from_a_person_keeps_the_name(fed_fund, finance, person):
    donation = _give(finance, fed_fund, donor_kind="person", person=person, donor_name="")
    assert donation.donor_name == "黄凯" and donation.person == person


def test_an_anonymous_donor_shows_as_anonymous(fed_fund, finance, english):
    donation = _give(finance, fed_fund, donor_name="", is_anonymous=True)
    assert donation.public_name == "Anonymous"
    named = _give(finance, fed_fund, donor_name="李先生", is_anonymous=True)
    assert named.public_name == "Anonymous" and named.donor_name == "李先生"


def test_a_donor_must_be_named_or_anonymous(fed_fund, finance):
    with pytest.raises(DomainError) as refused:
        _give(finance, fed_fund, donor_name=" ")
    assert refused.value.field == "donor_name"
    assert not ReceiptSequence.objects.filter(last__gt=0).exists()


def test_a_donation_in_the_future_is_refused(fed_fund, finance):
    from django.utils import timezone

    with pytest.raises(DomainError) as refused:
        _give(finance, fed_fund, received_on=timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.field == "received_on"


def test_only_finance_records_donations(fed_fund, county):
    with pytest.raises(PermissionDenied):
        _give(county.user("township1"), fed_fund)
    assert not Donation.objects.exists()


def test_voiding_reverses_the_entries_and_keeps_the_receipt_number(fed_fund, finance, quilt):
    money = _give(finance, fed_fund)
    goods = _give(finance, fed_fund, kind="goods", amount=None, lines=[GoodsLine(quilt, 3, "10")])
    donation_void(by=finance, donation=money, reason="重复登记")
    donation_void(by=finance, donation=goods, reason="重复登记")
    assert queries.balance(fed_fund) == Decimal("0.00") and queries.stock(fed_fund, quilt) == 0
    money.refresh_from_db()
    assert money.is_void and money.receipt_no == "JZ2015-000001"
    assert _give(finance, fed_fund).receipt_no == "JZ2015-000003"
    with pytest.raises(Conflict):
        donation_void(by=finance, donation=money, reason="again")


def test_a_donation_already_spent_cannot_be_voided(fed_fund, finance):
    donation = _give(finance, fed_fund)
    services.post_expense(fund=fed_fund, amount="600", by=finance)
    with pytest.raises(Conflict):
        donation_void(by=finance, donation=donation, reason="错记")
    donation.refresh_from_db()
    assert not donation.is_void


def test_a_donations_entry_is_undone_by_voiding_not_by_reversing(fed_fund, finance):
    donation = _give(finance, fed_fund)
    with pytest.raises(Conflict):
        services.post_reversal(entry=queries.entries_for(donation).get(), by=finance, reason="x")


def test_the_donor_list_adds_up_and_leaves_out_void_donations(fed_fund, finance, enterprise, quilt):
    _give(finance, fed_fund, amount="0.10", donor_name="甲")
    _give(finance, fed_fund, amount="0.20", donor_name="乙", is_anonymous=True)
    _give(finance, fed_fund, amount="5000", donor_kind="enterprise", enterprise=enterprise, donor_name="")
    _give(finance, fed_fund, kind="goods", amount=None, lines=[GoodsLine(quilt, 10, "100")], donor_name="甲")
    void = _give(finance, fed_fund, amount="999", donor_name="丙")
    donation_void(by=finance, donation=void, reason="退回")
    _give(finance, fed_fund, amount="7", donor_name="丁", earmark="金秋助学")
    donors = reports.donor_list(finance, earmark="6·28 flood relief")
    assert donors.count == 4
    assert donors.donors == 3  # 甲 twice, 乙, the enterprise
    assert donors.money == Decimal("5000.30")
    assert donors.goods_value == Decimal("1000.00")
    assert [d.donor_name for d in donors.rows] == ["南江县光雾山米业有限公司", "甲", "乙", "甲"]
    caring = {c["enterprise"].name: c for c in donors.caring}
    assert caring["南江县光雾山米业有限公司"]["amount"] == Decimal("5000.00")


def test_the_donor_list_filters_by_period(fed_fund, finance):
    _give(finance, fed_fund, amount="1", received_on=datetime.date(2015, 6, 30))
    _give(finance, fed_fund, amount="2", received_on=datetime.date(2015, 7, 1))
    donors = reports.donor_list(finance, start=datetime.date(2015, 7, 1), end=datetime.date(2015, 7, 31))
    assert donors.count == 1 and donors.money == Decimal("2.00")
