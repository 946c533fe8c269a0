"""xlsx exports of the funds app; every export is logged as an access event naming what was taken.

The reconciliation is laid out as a cash book (日记账): the opening balance, every entry of the
period with the balance after it, the closing balance, then the period's figures and the goods
per item. Amounts are written as text with two decimals, never as floating-point numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import record_access
from gonghui.core.exports import write_xlsx
from gonghui.funds.models import Donation
from gonghui.funds.reports import DonorList, Reconciliation, cash_book, goods_summary


def _money(value: Any) -> str:
    return "" if value is None else f"{value:.2f}"


def _reconciliation_rows(rec: Reconciliation) -> Iterator[list[Any]]:
    yield [rec.start, _("Opening balance"), "", "", "", "", _money(rec.opening), "", "", ""]
    for entry, after in cash_book(rec):
        incoming = entry.direction > 0
        if entry.item_id is None:
            goods, quantity = "", ""
        else:
            goods, quantity = str(entry.item), entry.signed_quantity
        yield [
            timezone.localtime(entry.posted_at),
            entry.get_kind_display(),
            goods,
            quantity,
            _money(entry.amount) if incoming and entry.item_id is None else "",
            _money(entry.amount) if not incoming and entry.item_id is None else "",
            _money(after),
            entry.reference,
            entry.memo,
            entry.created_by.display_name or entry.created_by.username,
        ]
    yield [rec.end, _("Closing balance"), "", "", "", "", _money(rec.closing), "", "", ""]
    yield []
    for label, value in (
        (_("Opening balance"), rec.opening),
        (_("Incomes"), rec.incomes),
        (_("Transfers in"), rec.transfers_in),
        (_("Expenses"), rec.expenses),
        (_("Transfers out"), rec.transfers_out),
        (_("Reversals (net)"), rec.reversals),
        (_("Closing balance"), rec.closing),
    ):
        yield ["", label, "", "", "", "", _money(value), "", "", ""]
    if rec.goods:
        yield []
        yield [
            "",
            _("Goods"),
            _("Opening"),
            _("In"),
            _("Out"),
            _("Reversals (net)"),
            _("Closing"),
            "",
            "",
            "",
        ]
        for g in rec.goods:
            yield [
                "",
                f"{g.item}（{g.unit}）",
                g.opening,
                g.incoming,
                g.outgoing,
                g.reversals,
                g.closing,
                "",
                "",
                "",
            ]


def reconciliation_xlsx(user: Any, rec: Reconciliation) -> bytes:
    """The reconciliation workbook, with one access event on the fund naming the period."""
    headers = [
        _("Date"),
        _("Kind"),
        _("Goods"),
        _("Quantity"),
        _("Income"),
        _("Expense"),
        _("Balance"),
        _("Reference"),
        _("Memo"),
        _("Posted by"),
    ]
    content = write_xlsx(headers, _reconciliation_rows(rec), sheet=_("Reconciliation"))
    record_access(
        rec.fund,
        user=user,
        fields=["ledger"],
        reason=f"reconciliation export {rec.start.isoformat()}..{rec.end.isoformat()}",
    )
    return content


def _donation_rows(rows: QuerySet[Donation]) -> Iterator[list[Any]]:
    for d in rows.prefetch_related("lines__item").iterator(chunk_size=500):
        yield [
            d.receipt_no,
            d.received_on,
            d.donor_name,
            _("Yes") if d.is_anonymous else "",
            d.get_donor_kind_display(),
            d.get_kind_display(),
            _money(d.amount),
            goods_summary(d),
            d.earmark,
            d.fund.name,
            d.get_status_display(),
        ]


def donations_xlsx(user: Any, rows: QuerySet[Donation], params: Any) -> bytes:
    """The donation register (full donor names, for the office), logged with its filters and size."""
    headers = [
        _("Receipt number"),
        _("Received on"),
        _("Donor"),
        _("Anonymous"),
        _("Donor type"),
        _("Kind"),
        _("Amount"),
        _("Goods"),
        _("Earmarked for"),
        _("Fund"),
        _("Status"),
    ]
    content = write_xlsx(headers, _donation_rows(rows), sheet=_("Donations"))
    filters = "&".join(f"{k}={v}" for k, v in sorted(dict(params).items()) if v not in ("", None))
    record_access(
        user,
        user=user,
        fields=["donations"],
        reason=f"donations export ({rows.count()} rows){': ' + filters if filters else ''}"[:500],
    )
    return content


def donors_xlsx(user: Any, donors: DonorList) -> bytes:
    """The donor list as it would be published: the donor's name or "anonymous", what they gave."""
    headers = [_("Donor"), _("Amount"), _("Goods"), _("Received on"), _("Receipt number")]
    rows = (
        [d.public_name, _money(d.amount), goods_summary(d), d.received_on, d.receipt_no]
        for d in donors.rows.iterator(chunk_size=500)
    )
    content = write_xlsx(headers, rows, sheet=_("Donor list"))
    record_access(
        user,
        user=user,
        fields=["donors"],
        reason=f"donor list export ({donors.count} rows){': ' + donors.earmark if donors.earmark else ''}"[
            :500
        ],
    )
    return content
