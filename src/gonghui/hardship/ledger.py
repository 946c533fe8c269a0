"""The hardship help ledger (帮扶台帐): one row per aid paid, in the layout union offices keep.

Columns 序号, 姓名, 身份证号, 所属单位/乡镇, 困难类别, 帮扶类型, 金额(元), 资金来源, 发放日期, 审批人, 经办人,
under a title row and above a totals row. ID numbers are in full only where the reader may reveal
them (``people.reveal`` over the aid's organisation), masked otherwise; every export is logged as an
access event naming the filters, the row count and whether full ID numbers left the system.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_perm
from gonghui.core.audit import record_access
from gonghui.core.masking import mask_id_number
from gonghui.hardship.models import AidApplication

REVEAL = "people.reveal"
MAX_ROWS = 50000


@dataclass
class LedgerRow:
    name: str
    id_number: str
    org: str
    category: str
    aid_type: str
    amount: Decimal
    fund: str
    paid_on: date | None
    approver: str
    handler: str
    revealed: bool


def ledger(user: Any, params: Any) -> QuerySet[AidApplication]:
    """Disbursed aid in the reader's scope, filtered by year or period, organisation and type."""
    from gonghui.hardship import queries
    from gonghui.hardship.filters import LedgerFilter

    rows = queries.applications(user).filter(status=AidApplication.Status.DISBURSED)
    rows = rows.select_related("disbursed_by", "file")
    return LedgerFilter(params, queryset=rows, user=user).qs.order_by("disbursed_at", "pk")


def ledger_rows(user: Any, rows: QuerySet[AidApplication]) -> Iterator[LedgerRow]:
    for a in rows[:MAX_ROWS].iterator(chunk_size=1000):
        reveal = has_perm(user, REVEAL, a.org)
        number = a.person.id_number or ""
        yield LedgerRow(
            name=a.person.name,
            id_number=number if reveal else mask_id_number(number),
            org=a.org.name,
            category=a.file.get_category_display() if a.file_id and a.file.category else "",
            aid_type=a.get_aid_type_display(),
            amount=a.amount_approved or Decimal("0.00"),
            fund=a.fund.name if a.fund_id else "",
            paid_on=timezone.localdate(a.disbursed_at) if a.disbursed_at else None,
            approver=str(a.decided_by or ""),
            handler=str(a.disbursed_by or ""),
            revealed=reveal and bool(number),
        )


def headers() -> list[str]:
    return [
        _("No."),
        _("Name of the person aided"),
        _("ID number"),
        _("Unit / township"),
        _("Hardship category"),
        _("Type of help"),
        _("Amount (yuan)"),
        _("Source of funds"),
        _("Paid on"),
        _("Approved by"),
        _("Handled by"),
    ]


def title(params: Any) -> str:
    year = str(params.get("year") or "").strip()
    start, end = str(params.get("start") or ""), str(params.get("end") or "")
    period = year or (f"{start}—{end}" if start or end else "")
    text = _("Hardship help ledger")
    return f"{period} {text}".strip()


def ledger_xlsx(user: Any, params: Any) -> bytes:
    """The ledger workbook for ``params`` (already scoped to ``user``); the export is logged."""
    rows = ledger(user, params)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    ws = book.add_worksheet(_("Help ledger")[:31])
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = book.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1})
    money = book.add_format({"border": 1, "num_format": "#,##0.00"})
    day = book.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
    total_fmt = book.add_format({"bold": True, "border": 1})
    total_money = book.add_format({"bold": True, "border": 1, "num_format": "#,##0.00"})
    cols = headers()
    widths = [6, 10, 22, 24, 12, 12, 14, 22, 12, 10, 10]
    for n, width in enumerate(widths):
        ws.set_column(n, n, width)
    ws.merge_range(0, 0, 0, len(cols) - 1, title(params), title_fmt)
    for n, label in enumerate(cols):
        ws.write_string(1, n, label, head_fmt)
    total, count, revealed = Decimal("0.00"), 0, 0
    for count, row in enumerate(ledger_rows(user, rows), start=1):
        r = count + 1
        ws.write_number(r, 0, count, cell)
        for n, text in (
            (1, row.name),
            (2, row.id_number),
            (3, row.org),
            (4, row.category),
            (5, row.aid_type),
        ):
            ws.write_string(r, n, text, cell)
        # A yuan amount of two places is exact as a double to the fen, and Excel adds it as a number.
        ws.write_number(r, 6, float(row.amount), money)
        ws.write_string(r, 7, row.fund, cell)
        if row.paid_on:
            ws.write_datetime(r, 8, datetime(row.paid_on.year, row.paid_on.month, row.paid_on.day), day)
        else:
            ws.write_blank(r, 8, None, cell)
        ws.write_string(r, 9, row.approver, cell)
        ws.write_string(r, 10, row.handler, cell)
        total += row.amount
        revealed += row.revealed
    last = count + 2
    ws.write_string(last, 0, _("Total"), total_fmt)
    ws.write_string(last, 1, _("%(n)s payments") % {"n": count}, total_fmt)
    ws.write_number(last, 6, float(total), total_money)
    book.close()
    filters = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v not in ("", None, []))
    record_access(
        user,
        user=user,
        fields=["hardship_ledger", *(["id_number"] if revealed else [])],
        reason=(
            f"help ledger export ({count} rows, total {total}, {revealed} ID numbers in full)"
            f"{': ' + filters if filters else ''}"
        )[:500],
    )
    return buffer.getvalue()
