"""Scoped reads of funds, the ledger, goods stock and donations, and the derived figures.

Balances and stock are sums of ledger entries (see ``funds.sums``), never stored. Everything a
user reads goes through ``visible_to``: a fund, entry or donation outside the caller's scope is not
there, so a guessed id answers 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, IntegerField, Model, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, visible_to
from gonghui.core.errors import DomainError, FieldError
from gonghui.core.extensions import Counter
from gonghui.core.money import CENT
from gonghui.funds.models import Donation, Fund, FundBudget, GoodsItem, LedgerEntry
from gonghui.funds.periods import year_bounds
from gonghui.funds.perms import FUNDS_VIEW
from gonghui.funds.sums import SIGNED_FEN, fen_sum, from_fen, quantity_sum

# --- figures of one fund ---------------------------------------------------------------------------


def _money(fund: Fund | int) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(fund=fund, item__isnull=True)


def balance(fund: Fund | int, *, before: datetime.datetime | None = None) -> Decimal:
    """The fund's money: the signed sum of its money entries (those posted before ``before``, if given)."""
    rows = _money(fund)
    if before is not None:
        rows = rows.filter(posted_at__lt=before)
    return from_fen(rows.aggregate(fen=fen_sum())["fen"])


def stock(fund: Fund | int, item: GoodsItem | int, *, before: datetime.datetime | None = None) -> int:
    """How many units of ``item`` the fund holds: the signed sum of its entries for the item."""
    rows = LedgerEntry.objects.filter(fund=fund, item=item)
    if before is not None:
        rows = rows.filter(posted_at__lt=before)
    return int(rows.aggregate(q=quantity_sum())["q"])


def stock_value(fund: Fund | int, item: GoodsItem | int) -> Decimal:
    """The book value of the fund's stock of ``item``: what came in, less what went out at its value."""
    rows = LedgerEntry.objects.filter(fund=fund, item=item)
    return from_fen(rows.aggregate(fen=fen_sum())["fen"])


def average_unit_value(fund: Fund | int, item: GoodsItem | int) -> Decimal:
    """The book value of one unit in stock (weighted average), 0.00 when the stock is empty."""
    units = stock(fund, item)
    if units <= 0:
        return Decimal("0.00")
    return (stock_value(fund, item) / units).quantize(Decimal("0.01"))


def balances_fen(fund_ids: list[int]) -> dict[int, int]:
    """Money balances in fen of several funds at once (funds without entries are 0)."""
    rows = (
        LedgerEntry.objects.filter(fund_id__in=fund_ids, item__isnull=True)
        .order_by()
        .values("fund_id")
        .annotate(fen=fen_sum())
    )
    found = {row["fund_id"]: int(row["fen"]) for row in rows}
    return {pk: found.get(pk, 0) for pk in fund_ids}


def stocks(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Stock of several (fund id, item id) pairs at once."""
    if not pairs:
        return {}
    funds = {f for f, _i in pairs}
    items = {i for _f, i in pairs}
    rows = (
        LedgerEntry.objects.filter(fund_id__in=funds, item_id__in=items)
        .order_by()
        .values("fund_id", "item_id")
        .annotate(q=quantity_sum())
    )
    found = {(row["fund_id"], row["item_id"]): int(row["q"]) for row in rows}
    return {pair: found.get(pair, 0) for pair in pairs}


def fund_stock(fund: Fund | int) -> list[dict[str, Any]]:
    """Every item the fund has ever held: units and book value now."""
    rows = (
        LedgerEntry.objects.filter(fund=fund, item__isnull=False)
        .order_by()
        .values("item_id", "item__name", "item__unit")
        .annotate(quantity=quantity_sum(), value_fen=fen_sum())
        .order_by("item__name", "item__unit")
    )
    return [
        {
            "item_id": r["item_id"],
            "item": r["item__name"],
            "unit": r["item__unit"],
            "quantity": int(r["quantity"]),
            "value": from_fen(r["value_fen"]),
        }
        for r in rows
    ]


def spent_in_year(fund: Fund | int, year: int) -> Decimal:
    """The year's expenses net of their reversals: what counts against the year's budget.

    Transfers to another fund move money without spending it and do not count.
    """
    start, end = year_bounds(year)
    rows = _spending().filter(fund=fund, posted_at__gte=start, posted_at__lt=end)
    return -from_fen(rows.aggregate(fen=fen_sum())["fen"])


def _spending() -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(item__isnull=True).filter(
        Q(kind=LedgerEntry.Kind.EXPENSE)
        | Q(kind=LedgerEntry.Kind.REVERSAL, reverses__kind=LedgerEntry.Kind.EXPENSE)
    )


# --- what a source caused --------------------------------------------------------------------------


def entries_for(source: Model) -> QuerySet[LedgerEntry]:
    """Every entry posted for ``source`` (an aid application, a grant, a donation), reversals included."""
    ct = ContentType.objects.get_for_model(source.__class__)
    return LedgerEntry.objects.filter(source_type=ct, source_id=source.pk).order_by("posted_at", "pk")


def net_amount_for(source: Model) -> Decimal:
    """The signed money total of ``source``'s entries: -500.00 for an aid paid, 0.00 once it is reversed."""
    return from_fen(entries_for(source).filter(item__isnull=True).aggregate(fen=fen_sum())["fen"])


def net_quantity_for(source: Model, item: GoodsItem | int) -> int:
    """The signed quantity of ``item`` moved for ``source``: -2 for two quilts handed out, 0 once reversed."""
    return int(entries_for(source).filter(item=item).aggregate(q=quantity_sum())["q"])


# --- scoped reads ----------------------------------------------------------------------------------


def funds(user: Any, perm: str = FUNDS_VIEW) -> QuerySet[Fund]:
    return visible_to(user, Fund.objects.select_related("org"), perm)


def fund(user: Any, pk: Any, perm: str = FUNDS_VIEW) -> Fund:
    """One fund in scope, or NotFound (the same answer as for one that does not exist)."""
    return get_visible(user, Fund.objects.select_related("org"), perm, pk=pk)


def with_figures(rows: QuerySet[Fund], year: int | None = None) -> QuerySet[Fund]:
    """Funds with ``balance_fen``, and ``budget_amount`` and ``spent_fen`` of ``figures_year``."""
    year = year or timezone.localdate().year
    start, end = year_bounds(year)
    money = LedgerEntry.objects.filter(fund=OuterRef("pk"), item__isnull=True).order_by().values("fund")
    spending = _spending().filter(fund=OuterRef("pk"), posted_at__gte=start, posted_at__lt=end)
    spending = spending.order_by().values("fund")
    return rows.annotate(
        balance_fen=Coalesce(
            Subquery(money.annotate(s=Sum(SIGNED_FEN)).values("s")[:1]), 0, output_field=BigIntegerField()
        ),
        spent_fen=Coalesce(
            Subquery(spending.annotate(s=Sum(SIGNED_FEN)).values("s")[:1]), 0, output_field=BigIntegerField()
        ),
        budget_amount=Subquery(
            FundBudget.objects.filter(fund=OuterRef("pk"), year=year).values("amount")[:1]
        ),
        figures_year=Value(year, output_field=IntegerField()),
    )


def _budgeted_years(user: Any) -> set[int]:
    return set(FundBudget.objects.filter(fund__in=funds(user).values("pk")).values_list("year", flat=True))


def budget_years(user: Any) -> list[int]:
    """Years with a budget among the funds in scope, and this year, newest first."""
    return sorted(_budgeted_years(user) | {timezone.localdate().year}, reverse=True)


def budget_year(user: Any, requested: Any = None) -> int:
    """The year whose budget use a page shows: the one asked for, else the latest budget year up to now."""
    try:
        year = int(requested)
    except (TypeError, ValueError):
        year = 0
    if 1990 <= year <= 2100:
        return year
    today = timezone.localdate().year
    return max((y for y in _budgeted_years(user) if y <= today), default=today)


@dataclass(frozen=True)
class Figures:
    """A fund's balance and the use of its budget in a year, as the list and the API show them."""

    balance: Decimal
    budget: Decimal | None
    spent: Decimal

    @property
    def budget_left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent

    @property
    def budget_used_percent(self) -> int | None:
        if not self.budget:
            return None
        return int(self.spent * 100 / self.budget)


def figures(row: Fund) -> Figures:
    """The figures of a fund annotated by :func:`with_figures`."""
    return Figures(
        balance=from_fen(row.balance_fen),
        # A subquery's decimal comes back from SQLite without its two places: give them back.
        budget=None if row.budget_amount is None else Decimal(row.budget_amount).quantize(CENT),
        spent=-from_fen(row.spent_fen),
    )


def filter_or_error(filterset: Any) -> QuerySet:
    if not filterset.is_valid():
        errors = [FieldError(f, m) for f, msgs in filterset.errors.items() for m in msgs]
        raise DomainError(_("Some filters are not valid."), errors=errors)
    return filterset.qs


def fund_list(user: Any, params: Any, year: int | None = None) -> QuerySet[Fund]:
    from gonghui.funds.filters import FundFilter

    rows = filter_or_error(FundFilter(params, queryset=funds(user), user=user))
    return with_figures(rows, year)


def _entry_rows() -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.select_related(
        "fund", "item", "created_by", "reverses", "reversed_by", "pair", "paired_with", "source_type"
    )


def entries(user: Any, perm: str = FUNDS_VIEW) -> QuerySet[LedgerEntry]:
    return visible_to(user, _entry_rows(), perm)


def entry(user: Any, pk: Any, perm: str = FUNDS_VIEW) -> LedgerEntry:
    return get_visible(user, _entry_rows(), perm, pk=pk)


def fund_ledger(user: Any, fund: Fund, params: Any) -> QuerySet[LedgerEntry]:
    """The entries of one fund (already checked to be in scope), newest first, filtered."""
    from gonghui.funds.filters import EntryFilter

    rows = entries(user).filter(fund=fund).order_by("-posted_at", "-pk")
    return filter_or_error(EntryFilter(params, queryset=rows))


def goods_stock(user: Any, *, in_stock_only: bool = True) -> list[dict[str, Any]]:
    """Stock of every item in every fund in scope: units and book value."""
    rows = (
        entries(user)
        .filter(item__isnull=False)
        .order_by()
        .values("fund_id", "fund__name", "fund__org__name", "item_id", "item__name", "item__unit")
        .annotate(quantity=quantity_sum(), value_fen=fen_sum())
        .order_by("fund__org__path", "fund__name", "item__name")
    )
    out = []
    for r in rows:
        if in_stock_only and not r["quantity"]:
            continue
        out.append(
            {
                "fund_id": r["fund_id"],
                "fund": r["fund__name"],
                "org": r["fund__org__name"],
                "item_id": r["item_id"],
                "item": r["item__name"],
                "unit": r["item__unit"],
                "quantity": int(r["quantity"]),
                "value": from_fen(r["value_fen"]),
            }
        )
    return out


def goods_items() -> QuerySet[GoodsItem]:
    return GoodsItem.objects.filter(is_active=True).order_by("name", "unit")


# --- donations -------------------------------------------------------------------------------------


def donations(user: Any, perm: str = FUNDS_VIEW) -> QuerySet[Donation]:
    return visible_to(
        user,
        Donation.objects.select_related("fund", "org", "person", "enterprise", "created_by"),
        perm,
    )


def donation(user: Any, pk: Any, perm: str = FUNDS_VIEW) -> Donation:
    return get_visible(user, donations(user, perm).prefetch_related("lines__item"), perm, pk=pk)


def donation_list(user: Any, params: Any) -> QuerySet[Donation]:
    from gonghui.funds.filters import DonationFilter

    return filter_or_error(DonationFilter(params, queryset=donations(user), user=user))


def earmarks(user: Any) -> list[str]:
    """The earmarks used by donations in scope, for the donor list's choice."""
    rows = (
        donations(user).exclude(earmark="").order_by("earmark").values_list("earmark", flat=True).distinct()
    )
    return list(rows)


def home_counters(user: Any) -> list[Counter]:
    """Open funds and this year's donations, within the user's scope."""
    if not has_perm(user, FUNDS_VIEW):
        return []
    year = timezone.localdate().year
    given = donations(user).filter(status=Donation.Status.RECORDED, received_on__year=year)
    return [
        Counter(_("Funds"), funds(user).filter(is_active=True).count(), reverse("funds:list"), "piggy-bank"),
        Counter(
            _("Donations this year"),
            given.count(),
            reverse("funds:donations") + f"?start={year}-01-01",
            "gift",
        ),
    ]
