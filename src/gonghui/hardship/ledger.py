"""The hardship help ledger (帮扶台帐): one row per aid paid or campaign grant handed over, by date.

Aid applications and the grants of campaigns (送温暖, 金秋助学…) are both help given to a person,
so both are rows; a grant's type of help names its campaign and the goods handed over, and its
amount is the money part (goods-only grants show 0.00). Filtering by aid type keeps aid only.

Columns 序号, 姓名, 身份证号, 所属单位/乡镇, 困难类别, 帮扶类型, 金额(元), 资金来源, 发放日期, 审批人, 经办人,
under a title row and above a totals row. ID numbers are in full only where the reader may reveal
them (``people.reveal`` over the aid's organisation), masked otherwise; every export is logged as an
access event naming the filters, the row count and whether full ID numbers left the system.
"""

from __future__ import annotations

import heapq
import io
import itertools
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
from gonghui.funds.models import GoodsItem
from gonghui.hardship.models import AidApplication, CampaignGrant

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


def grants(user: Any, params: Any) -> QuerySet[CampaignGrant]:
    """Campaign grants handed over in the reader's scope, in the ledger's period and organisation.

    None when the ledger is filtered by aid type, which grants do not have.
    """
    from gonghui.accounts.scoping import visible_to
    from gonghui.hardship.filters import GrantLedgerFilter
    from gonghui.hardship.perms import HARDSHIP_VIEW

    if params and params.get("aid_type"):
        return CampaignGrant.objects.none()
    rows = CampaignGrant.objects.filter(status=CampaignGrant.Status.DISBURSED).select_related(
        "person", "org", "file", "campaign__fund", "campaign__approved_by", "disbursed_by"
    )
    rows = visible_to(user, rows, HARDSHIP_VIEW)
    return GrantLedgerFilter(params, queryset=rows, user=user).qs.order_by("disbursed_at", "pk")


def ledger_rows(
    user: Any, rows: QuerySet[AidApplication], grant_rows: QuerySet[CampaignGrant] | None = None
) -> Iterator[LedgerRow]:
    """Aid and grants as ledger rows, merged by the time they were paid (``MAX_ROWS`` at most)."""
    aid = ((a.disbursed_at, 0, a.pk, a) for a in rows[:MAX_ROWS].iterator(chunk_size=1000))
    given = (
        ((g.disbursed_at, 1, g.pk, g) for g in grant_rows[:MAX_ROWS].iterator(chunk_size=1000))
        if grant_rows is not None
        else iter(())
    )
    items: Any = heapq.merge(aid, given, key=lambda item: item[:3])
    goods_names: dict[int, str] = {}
    for _at, source, _pk, row in itertools.islice(items, MAX_ROWS):
        if source == 0:
            yield _aid_row(user, row)
            continue
        if row.goods and not goods_names:
            goods_names.update(GoodsItem.objects.values_list("pk", "name"))  # a short list, read once
        yield _grant_row(user, row, goods_names)


def _grant_row(user: Any, g: CampaignGrant, goods_names: dict[int, str]) -> LedgerRow:
    campaign = g.campaign
    help_given = _("%(kind)s: %(campaign)s") % {
        "kind": campaign.get_kind_display(),
        "campaign": campaign.name,
    }
    if g.goods:
        items = "、".join(f"{goods_names.get(int(k), k)}×{q}" for k, q in g.goods.items())
        help_given = _("%(help)s (%(goods)s)") % {"help": help_given, "goods": items}
    fund = campaign.fund if campaign.fund_id else None
    return _row(user, g, help_given, g.amount, fund, campaign.approved_by)


def _aid_row(user: Any, a: AidApplication) -> LedgerRow:
    fund = a.fund if a.fund_id else None
    return _row(user, a, a.get_aid_type_display(), a.amount_approved, fund, a.decided_by)


def _row(user: Any, paid: Any, help_given: str, amount: Any, fund: Any, approver: Any) -> LedgerRow:
    """The columns aid and grants share: the person, their union and file, when and by whom paid."""
    reveal = has_perm(user, REVEAL, paid.org)
    number = paid.person.id_number or ""
    return LedgerRow(
        name=paid.person.name,
        id_number=number if reveal else mask_id_number(number),
        org=paid.org.name,
        category=paid.file.get_category_display() if paid.file_id and paid.file.category else "",
        aid_type=help_given,
        amount=amount or Decimal("0.00"),
        fund=fund.name if fund is not None else "",
        paid_on=timezone.localdate(paid.disbursed_at) if paid.disbursed_at else None,
        approver=str(approver or ""),
        handler=str(paid.disbursed_by or ""),
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
    grant_rows = grants(user, params)
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
    for count, row in enumerate(ledger_rows(user, rows, grant_rows), start=1):
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
