"""/api/v1/funds/, /api/v1/donations/ and /api/v1/ledger-entries/: thin adapters over the funds queries,
reports and services.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
Amounts are decimal strings in answers ("1234.50") and numbers or strings in requests; a float's
binary fraction never reaches the ledger (``core.money.to_money``). There is no endpoint that changes
or deletes a ledger entry: ``POST /ledger-entries/{id}/reverse`` posts a reversing entry.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require, visible_to
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.exports import xlsx_response
from gonghui.funds import donations as donation_services
from gonghui.funds import exports, queries, reports, services
from gonghui.funds.models import Donation, Fund, GoodsItem, LedgerEntry
from gonghui.funds.perms import FUNDS_CHANGE
from gonghui.orgs.models import Organisation

funds = Router(tags=["funds"])
donations = Router(tags=["donations"])
ledger_entries = Router(tags=["ledger entries"])


# --- schemas --------------------------------------------------------------------------------------


class FundOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    name: str
    kind: str
    description: str
    is_active: bool
    balance: Decimal
    budget_year: int
    budget: Decimal | None
    spent: Decimal
    created_at: datetime.datetime

    @staticmethod
    def resolve_balance(obj: Fund) -> Decimal:
        return queries.figures(obj).balance

    @staticmethod
    def resolve_budget(obj: Fund) -> Decimal | None:
        return queries.figures(obj).budget

    @staticmethod
    def resolve_spent(obj: Fund) -> Decimal:
        return queries.figures(obj).spent

    @staticmethod
    def resolve_budget_year(obj: Fund) -> int:
        return obj.figures_year


class FundFilterIn(Schema):
    q: str = ""
    kind: str = ""
    is_active: bool | None = None
    org: int | None = None
    year: int | None = Field(None, description="Budget year (default: the latest with a budget, up to now)")


class FundIn(Schema):
    org: int | None = None
    name: str
    kind: str
    description: str = ""


class BudgetIn(Schema):
    year: int
    amount: Decimal
    note: str = ""


class BudgetOut(Schema):
    fund: int = Field(..., alias="fund_id")
    year: int
    amount: Decimal
    note: str


class EntryOut(Schema):
    id: int
    fund: int = Field(..., alias="fund_id")
    org: int = Field(..., alias="org_id")
    posted_at: datetime.datetime
    kind: str
    direction: int
    amount: Decimal
    signed_amount: Decimal
    item: int | None = Field(None, alias="item_id")
    item_name: str | None = Field(None, alias="item.name")
    unit: str | None = Field(None, alias="item.unit")
    quantity: int | None
    unit_value: Decimal | None
    reverses: int | None = Field(None, alias="reverses_id")
    reversed_by: int | None = None
    pair: int | None = Field(None, alias="pair_id")
    source_type: str | None = None
    source_id: int | None
    reference: str
    memo: str
    created_by: str = Field(..., alias="created_by.username")

    @staticmethod
    def resolve_reversed_by(obj: LedgerEntry) -> int | None:
        return obj.reversed_by.pk if obj.is_reversed else None

    @staticmethod
    def resolve_source_type(obj: LedgerEntry) -> str | None:
        ct = obj.source_type
        return f"{ct.app_label}.{ct.model}" if ct else None


class EntryFilterIn(Schema):
    kind: str = ""
    item: int | None = None
    goods: bool | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None


class MoneyIn(Schema):
    amount: Decimal
    reference: str = ""
    memo: str = ""


class GoodsIn(Schema):
    item: int
    quantity: int
    unit_value: Decimal | None = None
    reference: str = ""
    memo: str = ""


class TransferIn(Schema):
    to_fund: int
    amount: Decimal | None = None
    item: int | None = None
    quantity: int | None = None
    unit_value: Decimal | None = None
    reference: str = ""
    memo: str = ""


class TransferOut(Schema):
    out_entry: EntryOut
    in_entry: EntryOut


class ReasonIn(Schema):
    reason: str


class StockOut(Schema):
    item: int = Field(..., alias="item_id")
    item_name: str = Field(..., alias="item")
    unit: str
    quantity: int
    value: Decimal


class GoodsItemOut(Schema):
    id: int
    name: str
    unit: str


class GoodsItemIn(Schema):
    name: str
    unit: str


class GoodsFiguresOut(Schema):
    item: int = Field(..., alias="item_id")
    item_name: str = Field(..., alias="item")
    unit: str
    opening: int
    incoming: int
    outgoing: int
    reversals: int
    closing: int


class ReconciliationOut(Schema):
    fund: int
    fund_name: str
    start: datetime.date
    end: datetime.date
    opening: Decimal
    incomes: Decimal
    transfers_in: Decimal
    expenses: Decimal
    transfers_out: Decimal
    reversals: Decimal
    closing: Decimal
    balanced: bool
    goods: list[GoodsFiguresOut]


class PeriodIn(Schema):
    start: str = ""
    end: str = ""


class LineOut(Schema):
    item: int = Field(..., alias="item_id")
    item_name: str = Field(..., alias="item.name")
    unit: str = Field(..., alias="item.unit")
    quantity: int
    unit_value: Decimal


class DonationOut(Schema):
    id: int
    receipt_no: str
    org: int = Field(..., alias="org_id")
    fund: int = Field(..., alias="fund_id")
    fund_name: str = Field(..., alias="fund.name")
    kind: str
    donor_kind: str
    person: int | None = Field(None, alias="person_id")
    enterprise: int | None = Field(None, alias="enterprise_id")
    donor_name: str
    is_anonymous: bool
    public_name: str
    amount: Decimal
    lines: list[LineOut]
    earmark: str
    earmark_type: str | None = None
    earmark_id: int | None
    received_on: datetime.date
    note: str
    status: str
    void_reason: str
    created_by: str = Field(..., alias="created_by.username")
    created_at: datetime.datetime

    @staticmethod
    def resolve_lines(obj: Donation) -> list[Any]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_earmark_type(obj: Donation) -> str | None:
        ct = obj.earmark_type
        return f"{ct.app_label}.{ct.model}" if ct else None


class DonationFilterIn(Schema):
    q: str = ""
    fund: int | None = None
    kind: str = ""
    donor_kind: str = ""
    earmark: str = ""
    status: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    caring: bool | None = None
    org: int | None = None


class LineIn(Schema):
    item: int
    quantity: int
    unit_value: Decimal = Decimal("0")


class DonationIn(Schema):
    fund: int
    kind: str
    received_on: datetime.date
    donor_kind: str
    person: int | None = None
    enterprise: int | None = None
    donor_name: str = ""
    is_anonymous: bool = False
    amount: Decimal | None = None
    lines: list[LineIn] = []
    earmark: str = ""
    note: str = ""


class DonorOut(Schema):
    name: str = Field(..., alias="public_name")
    kind: str
    amount: Decimal
    goods: str
    received_on: datetime.date

    @staticmethod
    def resolve_goods(obj: Donation) -> str:
        return reports.goods_summary(obj)


class CaringOut(Schema):
    enterprise: int
    name: str
    donations: int
    amount: Decimal


class DonorListOut(Schema):
    earmark: str
    count: int
    donors: int
    money: Decimal
    goods_value: Decimal
    items: list[DonorOut]
    caring: list[CaringOut]


# --- lookups of ids named in a body or query ------------------------------------------------------


def _params(filters: Schema) -> dict[str, Any]:
    params = {}
    for key, value in filters.dict().items():
        if value in (None, ""):
            continue
        params[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return params


def _fund_in_body(request: HttpRequest, pk: int, field: str) -> Fund:
    try:
        return queries.fund(request.user, pk)
    except NotFound as exc:
        raise DomainError(exc.message, field=field) from None


def _item(pk: int | None, field: str = "item") -> GoodsItem:
    item = GoodsItem.objects.filter(pk=pk).first() if pk is not None else None
    if item is None:
        raise DomainError(_("Choose the goods."), field=field)
    return item


def _own_org(request: HttpRequest, org_id: int | None) -> Organisation:
    """The organisation named, or the first one where the caller may keep funds."""
    from gonghui.orgs.queries import organisations

    rows = organisations(request.user, FUNDS_CHANGE)
    org = rows.filter(pk=org_id).first() if org_id is not None else rows.first()
    if org is None:
        if org_id is None:
            require(request.user, FUNDS_CHANGE)
        raise DomainError(_("Not found, or outside your scope."), field="org")
    return org


def _with_figures(request: HttpRequest, pk: int, year: int | None = None) -> Fund:
    fund = queries.fund(request.user, pk)
    year = queries.budget_year(request.user, year)
    return queries.with_figures(Fund.objects.select_related("org").filter(pk=fund.pk), year).get()


def _entry(request: HttpRequest, pk: int) -> LedgerEntry:
    return queries.entry(request.user, pk)


# --- funds ----------------------------------------------------------------------------------------


@funds.get("/", response=list[FundOut], summary="Funds in your scope with balance and the year's budget use")
@paginate(LimitOffsetPagination)
def list_funds(request: HttpRequest, filters: Query[FundFilterIn]) -> Any:
    year = queries.budget_year(request.user, filters.year)
    rows = queries.fund_list(request.user, _params(filters), year)
    return rows.order_by("org__path", "kind", "name", "pk")


@funds.post("/", response={201: FundOut}, summary="Open a fund (org defaults to your own)")
def create_fund(request: HttpRequest, payload: FundIn) -> Any:
    require(request.user, FUNDS_CHANGE)
    org = _own_org(request, payload.org)
    fund = services.fund_create(
        by=request.user, org=org, name=payload.name, kind=payload.kind, description=payload.description
    )
    return Status(201, _with_figures(request, fund.pk))


@funds.get("/goods-items", response=list[GoodsItemOut], summary="Kinds of goods (棉被/床, 大米/袋…)")
def list_goods_items(request: HttpRequest) -> Any:
    require(request.user, services.FUNDS_VIEW)
    return list(queries.goods_items())


@funds.post(
    "/goods-items", response={201: GoodsItemOut}, summary="Add a kind of goods (or get the existing one)"
)
def create_goods_item(request: HttpRequest, payload: GoodsItemIn) -> Any:
    return Status(201, services.goods_item_create(by=request.user, name=payload.name, unit=payload.unit))


@funds.get("/{int:fund_id}", response=FundOut, summary="One fund")
def get_fund(request: HttpRequest, fund_id: int, year: int | None = None) -> Any:
    return _with_figures(request, fund_id, year)


@funds.post("/{int:fund_id}/budgets", response={201: BudgetOut}, summary="Set a year's budget")
def set_budget(request: HttpRequest, fund_id: int, payload: BudgetIn) -> Any:
    fund = queries.fund(request.user, fund_id)
    budget = services.budget_set(
        by=request.user, fund=fund, year=payload.year, amount=payload.amount, note=payload.note
    )
    return Status(201, budget)


@funds.get("/{int:fund_id}/ledger", response=list[EntryOut], summary="The fund's entries, newest first")
@paginate(LimitOffsetPagination)
def fund_ledger(request: HttpRequest, fund_id: int, filters: Query[EntryFilterIn]) -> Any:
    fund = queries.fund(request.user, fund_id)
    return queries.fund_ledger(request.user, fund, _params(filters))


@funds.get("/{int:fund_id}/stock", response=list[StockOut], summary="Goods the fund holds")
def fund_stock(request: HttpRequest, fund_id: int) -> Any:
    return queries.fund_stock(queries.fund(request.user, fund_id))


def _reconciliation(request: HttpRequest, fund_id: int, period: PeriodIn) -> reports.Reconciliation:
    fund = queries.fund(request.user, fund_id)
    start, end = reports.parse_period(period.dict())
    return reports.reconciliation(fund, start, end)


@funds.get(
    "/{int:fund_id}/reconciliation",
    response=ReconciliationOut,
    summary="Opening and closing balance, flows and goods of a period (start, end: YYYY-MM-DD)",
)
def fund_reconciliation(request: HttpRequest, fund_id: int, period: Query[PeriodIn]) -> Any:
    return _reconciliation(request, fund_id, period).as_dict()


@funds.get(
    "/{int:fund_id}/reconciliation/export", summary="The reconciliation as xlsx (the export is logged)"
)
def fund_reconciliation_export(request: HttpRequest, fund_id: int, period: Query[PeriodIn]) -> HttpResponse:
    rec = _reconciliation(request, fund_id, period)
    return xlsx_response(exports.reconciliation_xlsx(request.user, rec), f"reconciliation-{fund_id}")


def _fresh(entry: LedgerEntry) -> LedgerEntry:
    return LedgerEntry.objects.select_related("item", "created_by", "source_type").get(pk=entry.pk)


def _created(entry: LedgerEntry) -> Any:
    return Status(201, _fresh(entry))


@funds.post("/{int:fund_id}/income", response={201: EntryOut}, summary="Post money into the fund")
def post_income(request: HttpRequest, fund_id: int, payload: MoneyIn) -> Any:
    fund = queries.fund(request.user, fund_id)
    return _created(services.post_income(fund=fund, by=request.user, **payload.dict()))


@funds.post(
    "/{int:fund_id}/expense",
    response={201: EntryOut},
    summary="Post money out of the fund (409 if the balance would go negative)",
)
def post_expense(request: HttpRequest, fund_id: int, payload: MoneyIn) -> Any:
    fund = queries.fund(request.user, fund_id)
    return _created(services.post_expense(fund=fund, by=request.user, **payload.dict()))


@funds.post("/{int:fund_id}/goods-in", response={201: EntryOut}, summary="Goods into the fund's stock")
def post_goods_in(request: HttpRequest, fund_id: int, payload: GoodsIn) -> Any:
    fund = queries.fund(request.user, fund_id)
    data = payload.dict()
    item = _item(data.pop("item"))
    data["unit_value"] = data["unit_value"] if data["unit_value"] is not None else "0"
    return _created(services.post_goods_in(fund=fund, item=item, by=request.user, **data))


@funds.post(
    "/{int:fund_id}/goods-out",
    response={201: EntryOut},
    summary="Goods out of the fund's stock (409 if the stock would go negative)",
)
def post_goods_out(request: HttpRequest, fund_id: int, payload: GoodsIn) -> Any:
    fund = queries.fund(request.user, fund_id)
    data = payload.dict()
    item = _item(data.pop("item"))
    return _created(services.post_goods_out(fund=fund, item=item, by=request.user, **data))


@funds.post(
    "/{int:fund_id}/transfer",
    response={201: TransferOut},
    summary="Move money (amount) or goods (item, quantity) to another fund",
)
def post_transfer(request: HttpRequest, fund_id: int, payload: TransferIn) -> Any:
    fund = queries.fund(request.user, fund_id)
    to_fund = _fund_in_body(request, payload.to_fund, "to_fund")
    common = {"by": request.user, "reference": payload.reference, "memo": payload.memo}
    if payload.item is not None:
        out, into = services.transfer_goods(
            from_fund=fund,
            to_fund=to_fund,
            item=_item(payload.item),
            quantity=payload.quantity,
            unit_value=payload.unit_value,
            **common,
        )
    else:
        out, into = services.transfer(from_fund=fund, to_fund=to_fund, amount=payload.amount, **common)
    return Status(201, {"out_entry": _fresh(out), "in_entry": _fresh(into)})


# --- ledger entries -------------------------------------------------------------------------------


@ledger_entries.get("/{int:entry_id}", response=EntryOut, summary="One ledger entry")
def get_entry(request: HttpRequest, entry_id: int) -> Any:
    return _entry(request, entry_id)


@ledger_entries.post(
    "/{int:entry_id}/reverse",
    response={201: EntryOut},
    summary="Undo an entry by a reversing entry (a second reversal answers 409)",
)
def reverse_entry(request: HttpRequest, entry_id: int, payload: ReasonIn) -> Any:
    entry = _entry(request, entry_id)
    return _created(services.post_reversal(entry=entry, by=request.user, reason=payload.reason))


# --- donations ------------------------------------------------------------------------------------


@donations.get("/", response=list[DonationOut], summary="Donations in your scope")
@paginate(LimitOffsetPagination)
def list_donations(request: HttpRequest, filters: Query[DonationFilterIn]) -> Any:
    return queries.donation_list(request.user, _params(filters)).prefetch_related("lines__item")


@donations.get("/export", summary="Donations as xlsx (the export is logged)")
def export_donations(request: HttpRequest, filters: Query[DonationFilterIn]) -> HttpResponse:
    params = _params(filters)
    rows = queries.donation_list(request.user, params)
    return xlsx_response(exports.donations_xlsx(request.user, rows, params), "donations")


class DonorFilterIn(Schema):
    earmark: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


@donations.get("/donors", response=DonorListOut, summary="The donor list: name or anonymous, what they gave")
def donor_list(request: HttpRequest, filters: Query[DonorFilterIn]) -> Any:
    require(request.user, services.FUNDS_VIEW)
    result = reports.donor_list(request.user, earmark=filters.earmark, start=filters.start, end=filters.end)
    return {
        "earmark": result.earmark,
        "count": result.count,
        "donors": result.donors,
        "money": result.money,
        "goods_value": result.goods_value,
        "items": list(result.rows),
        "caring": [
            {
                "enterprise": c["enterprise"].pk,
                "name": c["enterprise"].name,
                "donations": c["donations"],
                "amount": c["amount"],
            }
            for c in result.caring
        ],
    }


@donations.get("/{int:donation_id}", response=DonationOut, summary="One donation")
def get_donation(request: HttpRequest, donation_id: int) -> Any:
    return queries.donation(request.user, donation_id)


def _donor_records(request: HttpRequest, payload: DonationIn) -> dict[str, Any]:
    from gonghui.enterprises.queries import enterprise
    from gonghui.people.models import Person

    found: dict[str, Any] = {"person": None, "enterprise": None}
    if payload.person is not None:
        found["person"] = (
            visible_to(request.user, Person.objects.all(), "people.view").filter(pk=payload.person).first()
        )
        if found["person"] is None:
            raise DomainError(_("Not found, or outside your scope."), field="person")
    if payload.enterprise is not None:
        try:
            found["enterprise"] = enterprise(request.user, payload.enterprise)
        except NotFound as exc:
            raise DomainError(exc.message, field="enterprise") from None
    return found


@donations.post("/", response={201: DonationOut}, summary="Record a donation (money: amount; goods: lines)")
def create_donation(request: HttpRequest, payload: DonationIn) -> Any:
    require(request.user, FUNDS_CHANGE)
    fund = _fund_in_body(request, payload.fund, "fund")
    lines = [
        donation_services.GoodsLine(
            item=_item(line.item, f"lines.{n}.item"), quantity=line.quantity, unit_value=line.unit_value
        )
        for n, line in enumerate(payload.lines, start=1)
    ]
    donation = donation_services.donation_record(
        by=request.user,
        fund=fund,
        kind=payload.kind,
        received_on=payload.received_on,
        donor_kind=payload.donor_kind,
        donor_name=payload.donor_name,
        is_anonymous=payload.is_anonymous,
        amount=payload.amount,
        lines=lines,
        earmark=payload.earmark,
        note=payload.note,
        **_donor_records(request, payload),
    )
    return Status(201, queries.donation(request.user, donation.pk))


@donations.post(
    "/{int:donation_id}/void", response=DonationOut, summary="Void a donation (its entries are reversed)"
)
def void_donation(request: HttpRequest, donation_id: int, payload: ReasonIn) -> Any:
    donation = queries.donation(request.user, donation_id)
    donation_services.donation_void(by=request.user, donation=donation, reason=payload.reason)
    return queries.donation(request.user, donation_id)
