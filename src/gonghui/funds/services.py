"""The posting API: every movement of money or goods into or out of a fund, and the funds themselves.

Other apps (hardship aid, campaigns, wishes) move money only through these functions. Each one is
atomic (``transaction.atomic``; it joins the caller's transaction when there is one), checks
before it writes, audits, and either writes everything it was asked to or nothing.

Money
    ``post_income(*, fund, amount, by, source=None, reference="", memo="", authorised=False) -> LedgerEntry``
    ``post_expense(*, fund, amount, by, source=None, reference="", memo="", authorised=False) -> LedgerEntry``
    ``transfer(*, from_fund, to_fund, amount, by, source=None, reference="", memo="", authorised=False)
    -> (out_entry, in_entry)``

Goods (whole units of a ``GoodsItem``; ``unit_value`` is the book value of one unit)
    ``post_goods_in(*, fund, item, quantity, by, unit_value="0", source=None, reference="", memo="",
    authorised=False) -> LedgerEntry``
    ``post_goods_out(*, fund, item, quantity, by, unit_value=None, …) -> LedgerEntry``: without a
    ``unit_value`` the goods leave at the stock's average book value.
    ``transfer_goods(*, from_fund, to_fund, item, quantity, by, unit_value=None, …) -> (out, in)``

Undoing
    ``post_reversal(*, entry, by, reason, authorised=False) -> LedgerEntry``: a new entry with the
    opposite direction, the same amount, goods, source and reference, ``memo=reason``. An entry is
    reversed at most once (a second reversal answers 409), a reversal is never reversed (post a new
    entry instead), reversing one leg of a transfer reverses both, and a donation's entries are
    undone by voiding the donation (``funds.donations.donation_void``). Entries are never changed or
    deleted: there is no service, page or API for it, and PostgreSQL refuses it (migration 0002).

Many at once
    ``post_many(*, postings, by, authorised=False) -> list[LedgerEntry]`` writes a list of
    :class:`Posting` (income, expense, goods in/out; any funds) under one set of locks with one
    balance check, in bulk: for a campaign paying 1,253 workers. All or nothing. Bulk rows bypass
    the per-row audit log; one event per fund records how many entries moved how much.

History
    ``with posting_time(when): …`` posts with a past time, for loading history only (the demo county,
    a paper ledger taken over), in chronological order. Postings of the day never use it.

Arguments
    ``amount``: yuan as ``Decimal``, ``str`` or ``int`` with at most two decimal places (never a
    float: ``TypeError``); positive. ``quantity``: a positive ``int``. ``source``: any saved model
    instance that caused the entry (an ``AidApplication``, a ``CampaignGrant``): stored as content
    type + id, copied onto its reversal, and read back with ``funds.queries.entries_for(source)``,
    ``net_amount_for(source)`` (e.g. -500.00 while paid, 0.00 once reversed) and
    ``net_quantity_for(source, item)``. ``reference``: free text up to 100 characters (bank slip,
    receipt number). ``memo``: up to 300. ``by``: the acting user, recorded as ``created_by``.

Permission
    ``by`` must hold ``funds.change`` over the fund's organisation (each fund's, for a transfer),
    else ``PermissionDenied`` (403). A calling service that has itself checked that ``by`` may make
    this payment under its own rule (``hardship.disburse``, a campaign's distributor) passes
    ``authorised=True``; the check is then the caller's responsibility and ``by`` is still recorded.

Refusals (``gonghui.core.errors``; nothing is written)
    ``DomainError`` (400) for bad input, with ``field``: amount, quantity, unit_value, item,
    reference, memo, reason, to_fund. ``Conflict`` (409): insufficient balance or stock (the message
    names the fund, what is available and what was asked), a closed fund (reversals are still
    allowed on it), an entry already reversed, a reversal reversed.

Concurrency
    Before reading a balance the posting locks the fund rows (``funds.locks.lock_funds``, in
    primary-key order), so two expenses against one fund queue and the second sees the first: a
    balance or a stock can never go below zero, whatever the interleaving. A caller that must check
    its own invariants together with the balance (a campaign budget) locks its own rows first and
    then calls these functions in the same transaction (funds are locked last, always in id order;
    a fund lock taken twice in one transaction is harmless). To pay a record only once, keep the
    returned entry on it (``OneToOneField(LedgerEntry, on_delete=PROTECT)``, unique): the database
    then refuses a second payment of the same record even from two requests at once; after a
    reversal, a new payment is a new entry.

Sign convention: see ``funds.models``. Balances are sums (``funds.queries.balance``, ``stock``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.audit import record_event
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.imports import bulk
from gonghui.core.money import format_yuan, to_money
from gonghui.funds import queries
from gonghui.funds.locks import lock_funds
from gonghui.funds.models import Fund, FundBudget, GoodsItem, LedgerEntry
from gonghui.funds.perms import FUNDS_CHANGE, FUNDS_VIEW
from gonghui.funds.sums import from_fen, to_fen
from gonghui.orgs.models import Organisation

Kind = LedgerEntry.Kind

__all__ = [
    "FUNDS_CHANGE",
    "FUNDS_VIEW",
    "Posting",
    "budget_set",
    "fund_create",
    "fund_update",
    "goods_item_create",
    "may_post",
    "post_expense",
    "post_goods_in",
    "post_goods_out",
    "post_income",
    "post_many",
    "post_reversal",
    "posting_time",
    "transfer",
    "transfer_goods",
]


@dataclass(frozen=True)
class Posting:
    """One line of :func:`post_many`: ``kind`` is income, expense, goods_in or goods_out.

    Money lines give ``amount``; goods lines give ``item`` and ``quantity`` (and ``unit_value``, by
    default 0 coming in and the stock's average book value going out).
    """

    fund: Fund
    kind: str
    amount: Any = None
    item: GoodsItem | None = None
    quantity: int | None = None
    unit_value: Any = None
    source: models.Model | None = None
    reference: str = ""
    memo: str = ""


# --- checks ---------------------------------------------------------------------------------------


def may_post(user: Any, fund: Fund) -> bool:
    """Whether ``user`` may post to ``fund`` (``funds.change`` over its organisation)."""
    return scoping.has_perm(user, FUNDS_CHANGE, fund.org)


def _require(by: Any, funds: Iterable[Fund], authorised: bool) -> None:
    if not getattr(by, "pk", None):
        raise PermissionDenied(_("You do not have permission to do this."))
    if authorised:
        return
    for fund in funds:
        scoping.require(by, FUNDS_CHANGE, fund.org)


def check_amount(value: Any, field: str = "amount") -> Decimal:
    if value is None or value == "":
        raise DomainError(_("Enter an amount in yuan."), field=field)
    amount = to_money(value, field=field)
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field=field)
    return amount


def check_unit_value(value: Any) -> Decimal:
    amount = to_money(value if value not in (None, "") else "0", field="unit_value")
    if amount < 0:
        raise DomainError(_("The value cannot be negative."), field="unit_value")
    return amount


MAX_QUANTITY = 1_000_000  # units on one line: far above any delivery, far below what a column holds


def check_quantity(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise DomainError(_("Enter a whole number of units, more than zero."), field="quantity")
    if value > MAX_QUANTITY:
        raise DomainError(_("Enter at most %(max)s units.") % {"max": f"{MAX_QUANTITY:,}"}, field="quantity")
    return value


def check_item(item: Any) -> GoodsItem:
    if not isinstance(item, GoodsItem) or item.pk is None:
        raise DomainError(_("Choose the goods."), field="item")
    return item


def check_text(value: Any, limit: int, field: str) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise DomainError(_("This text is too long."), field=field)
    return text


def _source(source: models.Model | None) -> dict[str, Any]:
    if source is None:
        return {"source_type": None, "source_id": None}
    if not isinstance(source, models.Model) or source.pk is None:
        raise DomainError(_("The source of an entry must be a saved record."), field="source")
    return {"source_type": ContentType.objects.get_for_model(source.__class__), "source_id": source.pk}


def _entry(
    fund: Fund,
    kind: str,
    *,
    by: Any,
    amount: Decimal,
    source: models.Model | None,
    reference: str,
    memo: str,
    item: GoodsItem | None = None,
    quantity: int | None = None,
    unit_value: Decimal | None = None,
) -> LedgerEntry:
    """An unsaved entry with its direction from its kind (not for reversals)."""
    direction = 1 if kind in (Kind.INCOME, Kind.TRANSFER_IN, Kind.GOODS_IN) else -1
    return LedgerEntry(
        fund=fund,
        org_id=fund.org_id,
        kind=kind,
        direction=direction,
        amount=amount,
        item=item,
        quantity=quantity,
        unit_value=unit_value,
        reference=check_text(reference, 100, "reference"),
        memo=check_text(memo, 300, "memo"),
        created_by=by,
        **_source(source),
    )


def _goods_value(quantity: int, unit_value: Decimal) -> Decimal:
    return to_money(unit_value * quantity, field="unit_value")


# --- the engine -----------------------------------------------------------------------------------

_posting_time: ContextVar[datetime.datetime | None] = ContextVar("funds_posting_time", default=None)


@contextmanager
def posting_time(when: datetime.datetime) -> Iterator[None]:
    """Post with ``when`` as the posting time, for loading history only (the demo county, a paper
    ledger taken over). Post in chronological order, so that no balance is ever negative in the past.
    """
    token = _posting_time.set(when)
    try:
        yield
    finally:
        _posting_time.reset(token)


def _insufficient_balance(fund: Fund, available_fen: int, entry: LedgerEntry) -> Conflict:
    return Conflict(
        _("Insufficient balance: %(fund)s has %(available)s, this needs %(amount)s.")
        % {
            "fund": fund.name,
            "available": format_yuan(from_fen(available_fen)),
            "amount": format_yuan(entry.amount),
        },
        field="amount",
    )


def _insufficient_stock(fund: Fund, available: int, entry: LedgerEntry) -> Conflict:
    return Conflict(
        _("Not enough %(item)s: %(fund)s has %(available)s %(unit)s, this needs %(quantity)s.")
        % {
            "item": entry.item.name,
            "fund": fund.name,
            "available": available,
            "unit": entry.item.unit,
            "quantity": entry.quantity,
        },
        field="quantity",
    )


def _check_cover(entries: Sequence[LedgerEntry], funds: dict[int, Fund]) -> None:
    """Apply the entries in order to the current balances and stock; refuse if any would go negative."""
    balances = queries.balances_fen(sorted({e.fund_id for e in entries if e.item_id is None}))
    stock = queries.stocks(sorted({(e.fund_id, e.item_id) for e in entries if e.item_id is not None}))
    for e in entries:
        if e.item_id is None:
            before = balances[e.fund_id]
            balances[e.fund_id] = before + to_fen(e.amount) * e.direction
            if balances[e.fund_id] < 0:
                raise _insufficient_balance(funds[e.fund_id], before, e)
        else:
            key = (e.fund_id, e.item_id)
            before = stock[key]
            stock[key] = before + e.quantity * e.direction
            if stock[key] < 0:
                raise _insufficient_stock(funds[e.fund_id], before, e)


def _apply(
    entries: list[LedgerEntry],
    *,
    by: Any,
    authorised: bool,
    bulk: bool = False,
    reversal: bool = False,
) -> list[LedgerEntry]:
    """Check the permission, lock the funds, check balances and stock, write. Runs inside a transaction."""
    _require(by, {e.fund_id: e.fund for e in entries}.values(), authorised)
    funds = lock_funds(*{e.fund_id for e in entries})
    if not reversal:
        for fund in funds.values():
            if not fund.is_active:
                raise Conflict(_("%(fund)s is closed and takes no new entries.") % {"fund": fund.name})
    when = _posting_time.get() or timezone.now()
    for e in entries:
        e.fund = funds[e.fund_id]
        e.org_id = e.fund.org_id
        e.posted_at = when
    _check_cover(entries, funds)
    if bulk:
        return _write_bulk(entries, by=by, funds=funds)
    try:
        with transaction.atomic():
            for e in entries:
                e.save()
    except IntegrityError:
        if reversal and any(LedgerEntry.objects.filter(reverses_id=e.reverses_id).exists() for e in entries):
            raise Conflict(_("This entry has already been reversed.")) from None
        raise
    return entries


def _write_bulk(entries: list[LedgerEntry], *, by: Any, funds: dict[int, Fund]) -> list[LedgerEntry]:
    before = queries.balances_fen(sorted(funds))
    bulk.insert(entries)  # one COPY or prepared INSERT: bulk_create's compiler costs more than the rows
    written = entries
    after = queries.balances_fen(sorted(funds))
    for pk, fund in funds.items():
        count = sum(1 for e in entries if e.fund_id == pk)
        record_event(
            fund,
            user=by,
            changes={"balance": [from_fen(before[pk]), from_fen(after[pk])], "entries": [0, count]},
            note=f"bulk posting of {count} ledger entries",
        )
    return written


# --- money ----------------------------------------------------------------------------------------


@transaction.atomic
def post_income(
    *,
    fund: Fund,
    amount: Any,
    by: Any,
    source: models.Model | None = None,
    reference: str = "",
    memo: str = "",
    authorised: bool = False,
) -> LedgerEntry:
    """Money into a fund (an allocation, a grant, money raised)."""
    entry = _entry(
        fund, Kind.INCOME, by=by, amount=check_amount(amount), source=source, reference=reference, memo=memo
    )
    return _apply([entry], by=by, authorised=authorised)[0]


@transaction.atomic
def post_expense(
    *,
    fund: Fund,
    amount: Any,
    by: Any,
    source: models.Model | None = None,
    reference: str = "",
    memo: str = "",
    authorised: bool = False,
) -> LedgerEntry:
    """Money out of a fund (aid paid, goods bought); refused with 409 if the balance would go negative."""
    entry = _entry(
        fund, Kind.EXPENSE, by=by, amount=check_amount(amount), source=source, reference=reference, memo=memo
    )
    return _apply([entry], by=by, authorised=authorised)[0]


def _check_transfer(from_fund: Fund, to_fund: Fund) -> None:
    if not isinstance(to_fund, Fund) or to_fund.pk is None:
        raise DomainError(_("Choose the fund to transfer to."), field="to_fund")
    if from_fund.pk == to_fund.pk:
        raise DomainError(_("Choose another fund to transfer to."), field="to_fund")


@transaction.atomic
def transfer(
    *,
    from_fund: Fund,
    to_fund: Fund,
    amount: Any,
    by: Any,
    source: models.Model | None = None,
    reference: str = "",
    memo: str = "",
    authorised: bool = False,
) -> tuple[LedgerEntry, LedgerEntry]:
    """Move money between two funds: an outgoing and an incoming entry, linked (``in.pair`` is ``out``)."""
    _check_transfer(from_fund, to_fund)
    value = check_amount(amount)
    common = {"by": by, "amount": value, "source": source, "reference": reference, "memo": memo}
    out = _entry(from_fund, Kind.TRANSFER_OUT, **common)
    into = _entry(to_fund, Kind.TRANSFER_IN, **common)
    into.pair = out
    _apply([out, into], by=by, authorised=authorised)
    return out, into


# --- goods ----------------------------------------------------------------------------------------


@transaction.atomic
def post_goods_in(
    *,
    fund: Fund,
    item: GoodsItem,
    quantity: int,
    by: Any,
    unit_value: Any = "0",
    source: models.Model | None = None,
    reference: str = "",
    memo: str = "",
    authorised: bool = False,
) -> LedgerEntry:
    """Goods into a fund's stock (bought, donated), at ``unit_value`` yuan each (0 when unknown)."""
    item, quantity, value = check_item(item), check_quantity(quantity), check_unit_value(unit_value)
    entry = _entry(
        fund,
        Kind.GOODS_IN,
        by=by,
        amount=_goods_value(quantity, value),
        item=item,
        quantity=quantity,
        unit_value=value,
        source=source,
        reference=reference,
        memo=memo,
    )
    return _apply([entry], by=by, authorised=authorised)[0]


def _outgoing_value(fund: Fund, item: GoodsItem, unit_value: Any) -> Decimal:
    """The given unit value, or the stock's average book value (read under the fund's lock)."""
    if unit_value not in (None, ""):
        return check_unit_value(unit_value)
    return queries.average_unit_value(fund, item)


@transaction.atomic
def post_goods_out(
    *,
    fund: Fund,
    item: GoodsItem,
    quantity: int,
    by: Any,
    unit_value: Any = None,
    source: models.Model | None = None,
    reference: str = "",
    memo: str = "",
    authorised: bool = False,
) -> LedgerEntry:
    """Goods out of a fund's stock (handed out); refused with 409 if the stock would go negative."""
    item, quantity = check_item(item), check_quantity(quantity)
    _require(by, [fund], authorised)
    lock_funds(fund)
    value = _outgoing_value(fund, item, unit_value)
    entry = _entry(
        fund,
        Kind.GOODS_OUT,
        by=by,
        amount=_goods_value(quantity, value),
        item=item,
        quantity=quantity,
        unit_value=value,
        source=source,
        reference=reference,
        memo=memo,
    )
    return _apply([entry], by=by, authorised=authorised)[0]


@transaction.atomic
def transfer_goods(
    *,
    from_fund: Fund,
    to_fund: Fund,
    item: GoodsItem,
    quantity: int,
    by: Any,
    unit_value: Any = None,
    source: models.Model | None = None,
    reference: str = "",
    memo: str = "",
    authorised: bool = False,
) -> tuple[LedgerEntry, LedgerEntry]:
    """Move goods between two funds' stocks, at their average book value unless ``unit_value`` is given."""
    _check_transfer(from_fund, to_fund)
    item, quantity = check_item(item), check_quantity(quantity)
    _require(by, [from_fund, to_fund], authorised)
    lock_funds(from_fund, to_fund)
    value = _outgoing_value(from_fund, item, unit_value)
    common = {
        "by": by,
        "amount": _goods_value(quantity, value),
        "item": item,
        "quantity": quantity,
        "unit_value": value,
        "source": source,
        "reference": reference,
        "memo": memo,
    }
    out = _entry(from_fund, Kind.TRANSFER_OUT, **common)
    into = _entry(to_fund, Kind.TRANSFER_IN, **common)
    into.pair = out
    _apply([out, into], by=by, authorised=authorised)
    return out, into


# --- reversals ------------------------------------------------------------------------------------


def _legs(entry: LedgerEntry) -> list[LedgerEntry]:
    """The entry, and the other leg when it is one side of a transfer."""
    legs = [entry]
    if entry.pair_id:
        legs.append(LedgerEntry.objects.get(pk=entry.pair_id))
    else:
        other = LedgerEntry.objects.filter(pair_id=entry.pk).first()
        if other is not None:
            legs.append(other)
    return legs


def _reversing(leg: LedgerEntry, *, by: Any, reason: str) -> LedgerEntry:
    return LedgerEntry(
        fund_id=leg.fund_id,
        fund=leg.fund,
        org_id=leg.org_id,
        kind=Kind.REVERSAL,
        direction=-leg.direction,
        amount=leg.amount,
        item_id=leg.item_id,
        quantity=leg.quantity,
        unit_value=leg.unit_value,
        reverses=leg,
        source_type_id=leg.source_type_id,
        source_id=leg.source_id,
        reference=leg.reference,
        memo=reason,
        created_by=by,
    )


def reverse_entries(
    entries: list[LedgerEntry], *, by: Any, reason: str, authorised: bool
) -> list[LedgerEntry]:
    """Reverse several entries at once (a donation's lines); for the funds app's own services.

    Runs inside the caller's transaction. Refuses reversals and entries reversed already.
    """
    reason = check_text(reason, 300, "reason")
    if not reason:
        raise DomainError(_("Give the reason for the reversal."), field="reason")
    _require(by, [e.fund for e in entries], authorised)
    lock_funds(*{e.fund_id for e in entries})
    fresh = list(LedgerEntry.objects.select_related("fund", "item").filter(pk__in=[e.pk for e in entries]))
    for leg in fresh:
        if leg.kind == Kind.REVERSAL:
            raise Conflict(_("A reversal cannot itself be reversed; post a new entry instead."))
    if LedgerEntry.objects.filter(reverses__in=fresh).exists():
        raise Conflict(_("This entry has already been reversed."))
    reversals = [_reversing(leg, by=by, reason=reason) for leg in sorted(fresh, key=lambda e: e.pk)]
    return _apply(reversals, by=by, authorised=authorised, reversal=True)


@transaction.atomic
def post_reversal(*, entry: LedgerEntry, by: Any, reason: str, authorised: bool = False) -> LedgerEntry:
    """Undo an entry by a reversing entry (see the module docstring); returns the reversal of ``entry``."""
    from gonghui.funds.models import Donation

    if entry.source_type_id and entry.source_type_id == ContentType.objects.get_for_model(Donation).pk:
        raise Conflict(_("This entry records a donation: void the donation instead."))
    legs = _legs(entry)
    reversals = reverse_entries(legs, by=by, reason=reason, authorised=authorised)
    return next(r for r in reversals if r.reverses_id == entry.pk)


# --- many at once ---------------------------------------------------------------------------------


@transaction.atomic
def post_many(
    *,
    postings: Sequence[Posting],
    by: Any,
    authorised: bool = False,
    posted_at: datetime.datetime | None = None,
) -> list[LedgerEntry]:
    """Write many income, expense and goods entries at once (see the module docstring). All or nothing.

    ``posted_at`` is for loading history (the demo); postings of the day leave it out.
    """
    if not postings:
        return []
    _require(by, {p.fund.pk: p.fund for p in postings}.values(), authorised)
    lock_funds(*{p.fund.pk for p in postings})
    averages: dict[tuple[int, int], Decimal] = {}
    entries = []
    for p in postings:
        common = {"by": by, "source": p.source, "reference": p.reference, "memo": p.memo}
        if p.kind in (Kind.INCOME, Kind.EXPENSE):
            entries.append(_entry(p.fund, p.kind, amount=check_amount(p.amount), **common))
        elif p.kind in (Kind.GOODS_IN, Kind.GOODS_OUT):
            item, quantity = check_item(p.item), check_quantity(p.quantity)
            if p.kind == Kind.GOODS_IN or p.unit_value not in (None, ""):
                value = check_unit_value(p.unit_value)
            else:
                key = (p.fund.pk, item.pk)
                if key not in averages:
                    averages[key] = queries.average_unit_value(p.fund, item)
                value = averages[key]
            entries.append(
                _entry(
                    p.fund,
                    p.kind,
                    amount=_goods_value(quantity, value),
                    item=item,
                    quantity=quantity,
                    unit_value=value,
                    **common,
                )
            )
        else:
            raise DomainError(
                _("Only income, expense and goods entries can be posted in bulk."), field="kind"
            )
    return _apply(entries, by=by, authorised=authorised, bulk=True)


# --- funds, budgets, goods items ------------------------------------------------------------------


def _fund_name(value: Any) -> str:
    name = check_text(value, 100, "name")
    if not name:
        raise DomainError(_("Enter the fund's name."), field="name")
    return name


@transaction.atomic
def fund_create(*, by: Any, org: Organisation, name: str, kind: str, description: str = "") -> Fund:
    """Open a fund kept by ``org``; its name is unique within the organisation."""
    scoping.require(by, FUNDS_CHANGE, org)
    if not org.is_active:
        raise DomainError(_("This organisation is closed and takes no new records."), field="org")
    if kind not in Fund.Kind.values:
        raise DomainError(_("Choose the kind of fund."), field="kind")
    name = _fund_name(name)
    if Fund.objects.filter(org=org, name=name).exists():
        raise DomainError(_("This organisation already has a fund with this name."), field="name")
    return Fund.objects.create(
        org=org, name=name, kind=kind, description=check_text(description, 300, "description")
    )


def _holds_anything(fund: Fund) -> bool:
    return queries.balance(fund) != 0 or any(row["quantity"] for row in queries.fund_stock(fund))


@transaction.atomic
def fund_update(
    *,
    by: Any,
    fund: Fund,
    name: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> Fund:
    """Rename, describe, close or reopen a fund. A fund holding money or goods cannot be closed."""
    scoping.require(by, FUNDS_CHANGE, fund.org)
    fund = lock_funds(fund)[fund.pk]
    if name is not None:
        name = _fund_name(name)
        if Fund.objects.filter(org_id=fund.org_id, name=name).exclude(pk=fund.pk).exists():
            raise DomainError(_("This organisation already has a fund with this name."), field="name")
        fund.name = name
    if description is not None:
        fund.description = check_text(description, 300, "description")
    holds = is_active is False and fund.is_active and _holds_anything(fund)
    if holds:
        raise Conflict(_("A fund holding money or goods cannot be closed; transfer them first."))
    if is_active is not None:
        fund.is_active = is_active
    fund.save()
    return fund


@transaction.atomic
def budget_set(*, by: Any, fund: Fund, year: int, amount: Any, note: str = "") -> FundBudget:
    """Set (or change) the fund's budget for a year."""
    scoping.require(by, FUNDS_CHANGE, fund.org)
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise DomainError(_("Enter a year such as 2015."), field="year")
    value = to_money(amount, field="amount")
    if value < 0:
        raise DomainError(_("The value cannot be negative."), field="amount")
    budget, _created = FundBudget.objects.select_for_update().get_or_create(
        fund=fund, year=year, defaults={"amount": value, "note": check_text(note, 300, "note")}
    )
    if not _created:
        budget.amount = value
        budget.note = check_text(note, 300, "note")
        budget.save()
    return budget


@transaction.atomic
def goods_item_create(*, by: Any, name: str, unit: str) -> GoodsItem:
    """A kind of goods (棉被, 床); an existing one with the same name and unit is returned as it is."""
    if not scoping.has_perm(by, FUNDS_CHANGE):
        raise PermissionDenied(_("You do not have permission to do this."))
    name, unit = check_text(name, 50, "name"), check_text(unit, 10, "unit")
    if not name:
        raise DomainError(_("Enter the name of the goods."), field="name")
    if not unit:
        raise DomainError(_("Enter the unit (床, 袋, 顶…)."), field="unit")
    item, _created = GoodsItem.objects.get_or_create(name=name, unit=unit)
    return item
