"""Reports of the funds app: a fund's reconciliation for a period, and the donor list.

Reconciliation: the opening balance (every money entry before the first day), the period's
incomes, transfers in, expenses, transfers out and reversals (net, signed), and the closing balance
(every money entry up to the last day). ``opening + incomes + transfers in − expenses − transfers out
+ reversals = closing`` holds by construction and is checked (``balanced``). Goods the same way,
per item, in units. Periods are local days, both ends included.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import DomainError, FieldError
from gonghui.funds import queries
from gonghui.funds.models import Donation, Fund, LedgerEntry
from gonghui.funds.periods import period_bounds
from gonghui.funds.sums import UNSIGNED_FEN, fen_sum, from_fen, quantity_sum

Kind = LedgerEntry.Kind


def parse_period(params: Any) -> tuple[datetime.date, datetime.date]:
    """``start`` and ``end`` (YYYY-MM-DD) from query parameters; by default this year up to today."""
    today = timezone.localdate()
    values = {}
    errors = []
    for key, default in (("start", today.replace(month=1, day=1)), ("end", today)):
        raw = (params.get(key) or "").strip() if hasattr(params, "get") else ""
        if not raw:
            values[key] = default
            continue
        try:
            values[key] = datetime.date.fromisoformat(raw)
        except ValueError:
            errors.append(FieldError(key, _("Enter a date as YYYY-MM-DD.")))
    if errors:
        raise DomainError(errors[0].message, errors=errors)
    if values["start"] > values["end"]:
        raise DomainError(_("The period must start before it ends."), field="end")
    return values["start"], values["end"]


@dataclass(frozen=True)
class GoodsFigures:
    item_id: int
    item: str
    unit: str
    opening: int
    incoming: int
    outgoing: int
    reversals: int
    closing: int


@dataclass
class Reconciliation:
    fund: Fund
    start: datetime.date
    end: datetime.date
    opening: Decimal
    incomes: Decimal
    transfers_in: Decimal
    expenses: Decimal
    transfers_out: Decimal
    reversals: Decimal
    closing: Decimal
    goods: list[GoodsFigures] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        flows = self.incomes + self.transfers_in - self.expenses - self.transfers_out + self.reversals
        return self.opening + flows == self.closing

    def entries(self) -> QuerySet[LedgerEntry]:
        """The period's entries, oldest first."""
        since, until = period_bounds(self.start, self.end)
        return (
            LedgerEntry.objects.filter(fund=self.fund, posted_at__gte=since, posted_at__lt=until)
            .select_related("item", "created_by", "reverses")
            .order_by("posted_at", "pk")
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "fund": self.fund.pk,
            "fund_name": self.fund.name,
            "start": self.start,
            "end": self.end,
            "opening": self.opening,
            "incomes": self.incomes,
            "transfers_in": self.transfers_in,
            "expenses": self.expenses,
            "transfers_out": self.transfers_out,
            "reversals": self.reversals,
            "closing": self.closing,
            "balanced": self.balanced,
            "goods": [g.__dict__ for g in self.goods],
        }


def reconciliation(fund: Fund, start: datetime.date, end: datetime.date) -> Reconciliation:
    """The figures of ``fund`` (already checked to be in the caller's scope) from ``start`` to ``end``."""
    since, until = period_bounds(start, end)
    period = LedgerEntry.objects.filter(fund=fund, posted_at__gte=since, posted_at__lt=until)
    money = {
        row["kind"]: row
        for row in period.filter(item__isnull=True)
        .order_by()
        .values("kind")
        .annotate(unsigned=fen_sum(UNSIGNED_FEN), signed=fen_sum())
    }

    def total(kind: str) -> Decimal:
        return from_fen(money.get(kind, {}).get("unsigned", 0))

    return Reconciliation(
        fund=fund,
        start=start,
        end=end,
        opening=queries.balance(fund, before=since),
        incomes=total(Kind.INCOME),
        transfers_in=total(Kind.TRANSFER_IN),
        expenses=total(Kind.EXPENSE),
        transfers_out=total(Kind.TRANSFER_OUT),
        reversals=from_fen(money.get(Kind.REVERSAL, {}).get("signed", 0)),
        closing=queries.balance(fund, before=until),
        goods=_goods(fund, since, until),
    )


def _goods(fund: Fund, since: datetime.datetime, until: datetime.datetime) -> list[GoodsFigures]:
    goods = LedgerEntry.objects.filter(fund=fund, item__isnull=False, posted_at__lt=until).order_by()
    opening = {
        r["item_id"]: int(r["q"])
        for r in goods.filter(posted_at__lt=since).values("item_id").annotate(q=quantity_sum())
    }
    flows: dict[int, dict[str, int]] = {}
    names: dict[int, tuple[str, str]] = {}
    for r in goods.values("item_id", "item__name", "item__unit").annotate(q=quantity_sum()):
        names[r["item_id"]] = (r["item__name"], r["item__unit"])
    rows = goods.filter(posted_at__gte=since).values("item_id", "kind").annotate(q=quantity_sum())
    for r in rows:
        flows.setdefault(r["item_id"], {})[r["kind"]] = int(r["q"])
    out = []
    for item_id, (name, unit) in sorted(names.items(), key=lambda kv: kv[1]):
        f = flows.get(item_id, {})
        incoming = f.get(Kind.GOODS_IN, 0) + f.get(Kind.TRANSFER_IN, 0)
        outgoing = -(f.get(Kind.GOODS_OUT, 0) + f.get(Kind.TRANSFER_OUT, 0))
        reversals = f.get(Kind.REVERSAL, 0)
        start = opening.get(item_id, 0)
        out.append(
            GoodsFigures(
                item_id,
                name,
                unit,
                start,
                incoming,
                outgoing,
                reversals,
                start + incoming - outgoing + reversals,
            )
        )
    return out


def cash_book(rec: Reconciliation) -> Iterator[tuple[LedgerEntry, Decimal | None]]:
    """The period's entries with the money balance after each money entry (None for goods entries)."""
    running = rec.opening
    for entry in rec.entries().iterator(chunk_size=1000):
        if entry.item_id is None:
            running += entry.signed_amount
            yield entry, running
        else:
            yield entry, None


# --- donor list -----------------------------------------------------------------------------------


@dataclass
class DonorList:
    """The donations of an earmark or period, as a donor list shows them (void ones left out)."""

    earmark: str
    start: datetime.date | None
    end: datetime.date | None
    rows: QuerySet[Donation]
    count: int
    donors: int
    money: Decimal
    goods_value: Decimal
    caring: list[dict[str, Any]]


def donor_list(
    user: Any,
    *,
    earmark: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> DonorList:
    """Donations in scope for ``earmark`` and the period, biggest first, and the caring enterprises' part."""
    rows = queries.donations(user).filter(status=Donation.Status.RECORDED)
    if earmark:
        rows = rows.filter(earmark=earmark)
    if start:
        rows = rows.filter(received_on__gte=start)
    if end:
        rows = rows.filter(received_on__lte=end)
    rows = rows.prefetch_related("lines__item").order_by("-amount", "received_on", "pk")
    sums = rows.order_by().values("kind").annotate(fen=fen_sum(UNSIGNED_FEN), n=Count("pk"))
    by_kind = {r["kind"]: r for r in sums}
    donors = rows.order_by().values("donor_kind", "person_id", "enterprise_id", "donor_name", "is_anonymous")
    return DonorList(
        earmark=earmark,
        start=start,
        end=end,
        rows=rows,
        count=sum(r["n"] for r in by_kind.values()),
        donors=_distinct_donors(donors),
        money=from_fen(by_kind.get("money", {}).get("fen", 0)),
        goods_value=from_fen(by_kind.get("goods", {}).get("fen", 0)),
        caring=_caring(user, rows),
    )


def _distinct_donors(rows: Any) -> int:
    """Each person, enterprise and named donor once; every anonymous named gift counts apart."""
    seen = set()
    anonymous = 0
    for r in rows:
        if r["donor_kind"] == Donation.DonorKind.PERSON:
            seen.add(("p", r["person_id"]))
        elif r["donor_kind"] == Donation.DonorKind.ENTERPRISE:
            seen.add(("e", r["enterprise_id"]))
        elif r["donor_name"]:
            seen.add(("n", r["donor_name"]))
        else:
            anonymous += 1
    return len(seen) + anonymous


def _caring(user: Any, rows: QuerySet[Donation]) -> list[dict[str, Any]]:
    """Caring enterprises (爱心企业) the user may see, with what they gave among ``rows``."""
    from gonghui.enterprises.queries import enterprises

    caring = list(enterprises(user).filter(is_caring=True).order_by("name_pinyin", "pk"))
    given = {
        r["enterprise_id"]: r
        for r in rows.filter(enterprise__in=[e.pk for e in caring])
        .order_by()
        .values("enterprise_id")
        .annotate(fen=fen_sum(UNSIGNED_FEN), n=Count("pk"))
    }
    return [
        {
            "enterprise": e,
            "donations": given.get(e.pk, {}).get("n", 0),
            "amount": from_fen(given.get(e.pk, {}).get("fen", 0)),
        }
        for e in caring
    ]


def goods_summary(donation: Donation) -> str:
    """ "棉被 200床、大米 100袋" for a goods donation, "" for money."""
    if donation.kind != Donation.Kind.GOODS:
        return ""
    return "、".join(f"{line.item.name} {line.quantity}{line.item.unit}" for line in donation.lines.all())
