"""Scoped reads of wishes (微心愿) and the relay (接力圆梦): who fulfilled which wishes, per year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from gonghui.accounts.scoping import get_visible, visible_orgs, visible_to
from gonghui.hardship.models import Wish
from gonghui.hardship.perms import HARDSHIP_VIEW


def wishes(user: Any) -> QuerySet[Wish]:
    return visible_to(
        user, Wish.objects.select_related("org", "person", "donor_person", "donor_enterprise"), HARDSHIP_VIEW
    )


def wish(user: Any, pk: Any) -> Wish:
    return get_visible(user, wishes(user), HARDSHIP_VIEW, pk=pk)


def wish_list(user: Any, params: Any) -> QuerySet[Wish]:
    rows = wishes(user)
    status, kind = params.get("status") or "", params.get("kind") or ""
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    q = str(params.get("q") or "").strip()
    if q:
        rows = rows.filter(
            Q(display_name__contains=q) | Q(item__contains=q) | Q(donor_enterprise__name__contains=q)
        )
    org = str(params.get("org") or "").strip()
    if org:
        top = visible_orgs(user, HARDSHIP_VIEW).filter(pk=org).first() if org.isdigit() else None
        rows = rows.filter(org__path__startswith=top.path) if top else rows.none()
    return rows.order_by("-pk")


def donor_enterprises(user: Any) -> QuerySet[Any]:
    """Enterprises ``user`` may name as a wish's donor (as ``wish_claim`` allows), caring ones first.

    Those in the user's scope, and the caring enterprises (爱心企业) of the whole county, which
    give through the relay wherever the wish is.
    """
    from gonghui.enterprises.models import Enterprise
    from gonghui.enterprises.queries import enterprises

    rows = enterprises(user) | Enterprise.objects.filter(is_caring=True)
    return rows.exclude(status="closed").distinct().order_by("-is_caring", "name", "pk")


@dataclass
class RelayRow:
    enterprise: Any
    is_caring: bool
    total: int
    amount: Decimal
    by_year: dict[int, int] = field(default_factory=dict)
    wishes: list[Wish] = field(default_factory=list)


def relay(user: Any, year: int | None = None) -> list[RelayRow]:
    """Enterprises that fulfilled wishes in the reader's scope: counts per year, most first."""
    from gonghui.hardship.configuration import check_year

    rows = wishes(user).filter(status=Wish.Status.FULFILLED, donor_enterprise__isnull=False)
    if year is not None:
        rows = rows.filter(fulfilled_at__year=check_year(year))
    counts = (
        rows.order_by()
        .annotate(y=ExtractYear("fulfilled_at"))
        .values("donor_enterprise", "y")
        .annotate(n=Count("pk"), amount=Sum("amount"))
    )
    out: dict[int, RelayRow] = {}
    from gonghui.enterprises.models import Enterprise

    ids = {c["donor_enterprise"] for c in counts}
    enterprises = Enterprise.objects.in_bulk(ids)
    for c in counts:
        row = out.setdefault(
            c["donor_enterprise"],
            RelayRow(
                enterprises[c["donor_enterprise"]],
                enterprises[c["donor_enterprise"]].is_caring,
                0,
                Decimal("0.00"),
            ),
        )
        row.total += c["n"]
        row.amount += c["amount"] or Decimal("0.00")
        row.by_year[c["y"]] = row.by_year.get(c["y"], 0) + c["n"]
    for w in rows.order_by("fulfilled_at", "pk"):
        out[w.donor_enterprise_id].wishes.append(w)
    return sorted(out.values(), key=lambda r: (-r.total, r.enterprise.name))


def counts_by_status(user: Any) -> dict[str, int]:
    rows = wishes(user).order_by().values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}
