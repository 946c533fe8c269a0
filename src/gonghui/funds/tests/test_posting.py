"""The posting API: balances derived and never negative, reversals, goods stock, money to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.funds import queries, services
from gonghui.funds.models import Fund, LedgerEntry

pytestmark = pytest.mark.django_db


def test_balance_is_the_sum_of_the_entries(fed_fund, income, finance):
    income(fed_fund, "1000.00")
    income(fed_fund, "250.50")
    services.post_expense(fund=fed_fund, amount="500", by=finance)
    assert queries.balance(fed_fund) == Decimal("750.50")
    assert LedgerEntry.objects.filter(fund=fed_fund).count() == 3


def test_an_expense_beyond_the_balance_is_refused_and_nothing_is_written(fed_fund, income, finance, english):
    income(fed_fund, "100.00")
    with pytest.raises(Conflict) as refused:
        services.post_expense(fund=fed_fund, amount="100.01", by=finance)
    assert refused.value.status == 409
    assert "Insufficient balance" in str(refused.value)
    assert "¥100.00" in str(refused.value) and "¥100.01" in str(refused.value)
    assert LedgerEntry.objects.filter(fund=fed_fund).count() == 1
    assert queries.balance(fed_fund) == Decimal("100.00")


def test_an_expense_of_exactly_the_balance_leaves_zero(fed_fund, income, finance):
    income(fed_fund, "100.00")
    services.post_expense(fund=fed_fund, amount="100.00", by=finance)
    assert queries.balance(fed_fund) == Decimal("0.00")


def test_an_expense_from_an_empty_fund_is_refused(fed_fund, finance):
    with pytest.raises(Conflict):
        services.post_expense(fund=fed_fund, amount="0.01", by=finance)
    assert not LedgerEntry.objects.exists()


def test_money_adds_up_to_the_fen(fed_fund, income, finance):
    income(fed_fund, "0.1")
    income(fed_fund, "0.2")
    assert queries.balance(fed_fund) == Decimal("0.30")
    services.post_expense(fund=fed_fund, amount="0.30", by=finance)
    assert queries.balance(fed_fund) == Decimal("0.00")
    with pytest.raises(Conflict):
        services.post_expense(fund=fed_fund, amount="0.01", by=finance)


def test_many_small_amounts_sum_exactly(fed_fund, income, finance):
    for _n in range(30):
        income(fed_fund, "0.07")
    income(fed_fund, "999999999.99")
    assert queries.balance(fed_fund) == Decimal("1000000002.09")
    services.post_expense(fund=fed_fund, amount="1000000002.09", by=finance)
    assert queries.balance(fed_fund) == Decimal("0.00")


@pytest.mark.parametrize("amount", ["0", "-5", "1.001", "abc", "", None])
def test_bad_amounts_are_refused(fed_fund, finance, amount):
    with pytest.raises(DomainError) as refused:
        services.post_income(fund=fed_fund, amount=amount, by=finance)
    assert refused.value.field == "amount"
    assert not LedgerEntry.objects.exists()


def test_a_float_amount_is_a_programming_error(fed_fund, finance):
    with pytest.raises(TypeError):
        services.post_income(fund=fed_fund, amount=0.1, by=finance)


def test_reversal_restores_the_balance_at_once(fed_fund, income, finance):
    income(fed_fund, "1000.00")
    paid = services.post_expense(fund=fed_fund, amount="800.00", by=finance, memo="生活救助")
    assert queries.balance(fed_fund) == Decimal("200.00")
    reversal = services.post_reversal(entry=paid, by=finance, reason="银行退票")
    assert queries.balance(fed_fund) == Decimal("1000.00")
    assert reversal.kind == LedgerEntry.Kind.REVERSAL
    assert reversal.direction == 1 and reversal.amount == Decimal("800.00")
    assert reversal.reverses_id == paid.pk and reversal.memo == "银行退票"
    paid.refresh_from_db()
    assert paid.amount == Decimal("800.00") and paid.kind == LedgerEntry.Kind.EXPENSE


def test_a_second_reversal_of_the_same_entry_is_refused(fed_fund, income, finance):
    income(fed_fund, "1000.00")
    paid = services.post_expense(fund=fed_fund, amount="800.00", by=finance)
    services.post_reversal(entry=paid, by=finance, reason="退票")
    with pytest.raises(Conflict) as refused:
        services.post_reversal(entry=paid, by=finance, reason="再次退票")
    assert refused.value.status == 409
    assert LedgerEntry.objects.filter(reverses=paid).count() == 1
    assert queries.balance(fed_fund) == Decimal("1000.00")


def test_the_database_refuses_a_second_reversal_too(fed_fund, income, finance):
    income(fed_fund, "10.00")
    paid = services.post_expense(fund=fed_fund, amount="5.00", by=finance)
    services.post_reversal(entry=paid, by=finance, reason="退票")
    twin = LedgerEntry(
        fund=fed_fund,
        org=fed_fund.org,
        kind="reversal",
        direction=1,
        amount=Decimal("5.00"),
        reverses=paid,
        created_by=finance,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_reversal_cannot_be_reversed(fed_fund, income, finance):
    income(fed_fund, "10.00")
    paid = services.post_expense(fund=fed_fund, amount="5.00", by=finance)
    reversal = services.post_reversal(entry=paid, by=finance, reason="退票")
    with pytest.raises(Conflict):
        services.post_reversal(entry=reversal, by=finance, reason="撤销冲正")


def test_reversing_an_income_already_spent_is_refused(fed_fund, income, finance):
    given = income(fed_fund, "100.00")
    services.post_expense(fund=fed_fund, amount="60.00", by=finance)
    with pytest.raises(Conflict):
        services.post_reversal(entry=given, by=finance, reason="错记")
    assert queries.balance(fed_fund) == Decimal("40.00")


def test_a_reversal_needs_a_reason(fed_fund, income, finance):
    given = income(fed_fund, "100.00")
    with pytest.raises(DomainError) as refused:
        services.post_reversal(entry=given, by=finance, reason="  ")
    assert refused.value.field == "reason"


def test_the_reversal_keeps_the_source_so_the_net_paid_follows(fed_fund, income, finance, county):
    income(fed_fund, "1000.00")
    application = county.township1  # any saved record stands in for an aid application
    paid = services.post_expense(fund=fed_fund, amount="500.00", by=finance, source=application)
    assert queries.net_amount_for(application) == Decimal("-500.00")
    services.post_reversal(entry=paid, by=finance, reason="退回")
    assert queries.net_amount_for(application) == Decimal("0.00")
    assert queries.entries_for(application).count() == 2


def test_goods_stock_is_derived_and_never_negative(fed_fund, quilt, rice, finance):
    services.post_goods_in(fund=fed_fund, item=quilt, quantity=254, unit_value="120.00", by=finance)
    services.post_goods_in(fund=fed_fund, item=rice, quantity=10, by=finance)
    services.post_goods_out(fund=fed_fund, item=quilt, quantity=200, by=finance)
    assert queries.stock(fed_fund, quilt) == 54
    with pytest.raises(Conflict) as refused:
        services.post_goods_out(fund=fed_fund, item=quilt, quantity=55, by=finance)
    assert refused.value.field == "quantity"
    assert queries.stock(fed_fund, quilt) == 54
    assert queries.stock(fed_fund, rice) == 10
    assert queries.balance(fed_fund) == Decimal("0.00")  # goods never change the money balance


def test_goods_leave_at_their_average_book_value(fed_fund, quilt, finance):
    services.post_goods_in(fund=fed_fund, item=quilt, quantity=10, unit_value="100.00", by=finance)
    services.post_goods_in(fund=fed_fund, item=quilt, quantity=10, unit_value="120.00", by=finance)
    out = services.post_goods_out(fund=fed_fund, item=quilt, quantity=5, by=finance)
    assert out.unit_value == Decimal("110.00") and out.amount == Decimal("550.00")
    assert queries.stock_value(fed_fund, quilt) == Decimal("1650.00")


def test_reversing_goods_handed_out_restores_the_stock(fed_fund, quilt, finance):
    services.post_goods_in(fund=fed_fund, item=quilt, quantity=3, by=finance)
    out = services.post_goods_out(fund=fed_fund, item=quilt, quantity=2, by=finance)
    services.post_reversal(entry=out, by=finance, reason="物资退回")
    assert queries.stock(fed_fund, quilt) == 3


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", True])
def test_bad_quantities_are_refused(fed_fund, quilt, finance, quantity):
    with pytest.raises(DomainError) as refused:
        services.post_goods_in(fund=fed_fund, item=quilt, quantity=quantity, by=finance)
    assert refused.value.field == "quantity"


def test_a_transfer_moves_money_and_cannot_overdraw(fed_fund, fund1, income, finance):
    income(fed_fund, "300.00")
    out, into = services.transfer(from_fund=fed_fund, to_fund=fund1, amount="200.00", by=finance)
    assert into.pair_id == out.pk
    assert queries.balance(fed_fund) == Decimal("100.00")
    assert queries.balance(fund1) == Decimal("200.00")
    with pytest.raises(Conflict):
        services.transfer(from_fund=fed_fund, to_fund=fund1, amount="100.01", by=finance)
    assert LedgerEntry.objects.count() == 3


def test_reversing_one_leg_of_a_transfer_reverses_both(fed_fund, fund1, income, finance):
    income(fed_fund, "300.00")
    out, into = services.transfer(from_fund=fed_fund, to_fund=fund1, amount="200.00", by=finance)
    services.post_reversal(entry=into, by=finance, reason="划错")
    assert queries.balance(fed_fund) == Decimal("300.00")
    assert queries.balance(fund1) == Decimal("0.00")
    assert LedgerEntry.objects.filter(reverses__in=[out, into]).count() == 2
    with pytest.raises(Conflict):
        services.post_reversal(entry=out, by=finance, reason="again")


def test_a_transfer_already_spent_at_the_other_end_cannot_be_reversed(fed_fund, fund1, income, finance):
    income(fed_fund, "300.00")
    out, _into = services.transfer(from_fund=fed_fund, to_fund=fund1, amount="200.00", by=finance)
    services.post_expense(fund=fund1, amount="150.00", by=finance)
    with pytest.raises(Conflict):
        services.post_reversal(entry=out, by=finance, reason="划错")
    assert queries.balance(fed_fund) == Decimal("100.00")


def test_a_transfer_to_the_same_fund_is_refused(fed_fund, income, finance):
    income(fed_fund, "300.00")
    with pytest.raises(DomainError) as refused:
        services.transfer(from_fund=fed_fund, to_fund=fed_fund, amount="1", by=finance)
    assert refused.value.field == "to_fund"


def test_goods_transfer_moves_stock_between_funds(fed_fund, fund1, quilt, finance):
    services.post_goods_in(fund=fed_fund, item=quilt, quantity=10, unit_value="100", by=finance)
    services.transfer_goods(from_fund=fed_fund, to_fund=fund1, item=quilt, quantity=4, by=finance)
    assert (queries.stock(fed_fund, quilt), queries.stock(fund1, quilt)) == (6, 4)
    with pytest.raises(Conflict):
        services.transfer_goods(from_fund=fed_fund, to_fund=fund1, item=quilt, quantity=7, by=finance)


def test_a_closed_fund_takes_no_new_entries_but_can_be_reversed(fed_fund, income, finance):
    income(fed_fund, "10.00")
    paid = services.post_expense(fund=fed_fund, amount="10.00", by=finance)
    services.fund_update(by=finance, fund=fed_fund, is_active=False)
    with pytest.raises(Conflict):
        income(fed_fund, "1.00")
    services.post_reversal(entry=paid, by=finance, reason="退票")
    assert queries.balance(fed_fund) == Decimal("10.00")


def test_a_fund_holding_money_cannot_be_closed(fed_fund, income, finance):
    income(fed_fund, "10.00")
    with pytest.raises(Conflict):
        services.fund_update(by=finance, fund=fed_fund, is_active=False)
    assert Fund.objects.get(pk=fed_fund.pk).is_active


@pytest.mark.parametrize("username", ["township1", "auditor", "chair1", "lawyer"])
def test_only_finance_and_the_administrator_may_post(fed_fund, fund1, county, username):
    user = county.user(username)
    for fund in (fed_fund, fund1):
        with pytest.raises(PermissionDenied):
            services.post_income(fund=fund, amount="1", by=user)
    assert not LedgerEntry.objects.exists()
    services.post_income(fund=fund1, amount="1", by=county.user("admin"))


def test_a_calling_service_that_checked_its_own_rule_may_post_for_its_user(fund1, county, income):
    income(fund1, "100.00")
    cadre = county.user("township1")
    entry = services.post_expense(fund=fund1, amount="50", by=cadre, authorised=True)
    assert entry.created_by == cadre


def test_bulk_posting_is_all_or_nothing(fed_fund, income, finance, quilt):
    income(fed_fund, "1000.00")
    services.post_goods_in(fund=fed_fund, item=quilt, quantity=2, by=finance)
    lines = [services.Posting(fund=fed_fund, kind="expense", amount="300.00") for _n in range(3)]
    lines.append(services.Posting(fund=fed_fund, kind="goods_out", item=quilt, quantity=2))
    written = services.post_many(postings=lines, by=finance)
    assert len(written) == 4 and all(e.pk for e in written)
    assert queries.balance(fed_fund) == Decimal("100.00")
    assert queries.stock(fed_fund, quilt) == 0
    too_many = [services.Posting(fund=fed_fund, kind="expense", amount="60.00") for _n in range(2)]
    with pytest.raises(Conflict):
        services.post_many(postings=too_many, by=finance)
    assert queries.balance(fed_fund) == Decimal("100.00")


def test_bulk_posting_leaves_one_audit_event_per_fund(fed_fund, income, finance):
    from auditlog.models import LogEntry

    income(fed_fund, "1000.00")
    before = LogEntry.objects.count()
    services.post_many(
        postings=[services.Posting(fund=fed_fund, kind="expense", amount="1.00") for _n in range(10)],
        by=finance,
    )
    events = LogEntry.objects.all()[: LogEntry.objects.count() - before]
    assert len(events) == 1
    assert "10" in events[0].changes_text


def test_every_posting_is_in_the_audit_log(fed_fund, income, finance):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    given = income(fed_fund, "100.00")
    ct = ContentType.objects.get_for_model(LedgerEntry)
    assert LogEntry.objects.filter(
        content_type=ct, object_pk=str(given.pk), action=LogEntry.Action.CREATE
    ).exists()


def test_entries_have_no_update_or_delete_service():
    public = set(services.__all__)
    assert not {name for name in public if "update" in name and "entry" in name}
    assert not {name for name in public if "delete" in name}
