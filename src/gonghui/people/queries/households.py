"""Scoped reads of households, their members and their income.

Per-capita monthly income is the members' incomes summed and divided by the number of members,
to the fen (ROUND_HALF_UP), in ``Decimal`` from end to end: the sum is taken in Python from the
stored amounts rather than by the database, because SQLite keeps decimals as floating point.
Incomes and health are sensitive: the detail read that shows them logs an access event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, visible_orgs, visible_to
from gonghui.core.audit import record_access
from gonghui.core.errors import DomainError
from gonghui.core.money import CENT
from gonghui.people.models import Household, HouseholdMember, Person

PERM_VIEW = "people.view"
PERM_CHANGE = "people.change"
SENSITIVE = ["monthly_income", "health"]


@dataclass(frozen=True)
class Income:
    """A household's monthly income: total, members counted, and per capita (None with no members)."""

    total: Decimal
    members: int
    per_capita: Decimal | None


def per_capita(incomes: Iterable[Decimal]) -> Income:
    """Sum ÷ members, to the fen, half up. Pure, so the hardship rules can call it on any list."""
    amounts = [Decimal(a) for a in incomes]
    total = sum(amounts, Decimal("0.00")).quantize(CENT)
    if not amounts:
        return Income(total, 0, None)
    return Income(total, len(amounts), (total / len(amounts)).quantize(CENT, rounding=ROUND_HALF_UP))


def household_income(household: Household) -> Income:
    """The household's income from its member rows (uses prefetched members when present)."""
    return per_capita(m.monthly_income for m in household.members.all())


def households(user: Any, perm: str = PERM_VIEW) -> QuerySet[Household]:
    """Households owned by organisations in the user's scope, members prefetched (for the page read)."""
    rows = Household.objects.select_related("head", "org").prefetch_related(_members())
    return visible_to(user, rows, perm).order_by("pk")


def household(user: Any, pk: Any, perm: str = PERM_VIEW) -> Household:
    """One household in scope with its members, or NotFound."""
    return get_visible(
        user, Household.objects.select_related("head", "org").prefetch_related(_members()), perm, pk=pk
    )


def member(user: Any, household_pk: Any, pk: Any, perm: str = PERM_VIEW) -> HouseholdMember:
    """One member row of a household in scope, or NotFound."""
    rows = HouseholdMember.objects.select_related("household", "household__head", "person", "org")
    return get_visible(user, rows, perm, pk=pk, household_id=household_pk)


def members_of(household: Household) -> list[HouseholdMember]:
    """The members, head first, then in the order they were added."""
    return list(household.members.all())


def household_of(user: Any, person: Person, perm: str = PERM_VIEW) -> Household | None:
    """The household ``person`` belongs to, if the user may see it."""
    row = visible_to(user, HouseholdMember.objects.filter(person=person), perm).values_list(
        "household_id", flat=True
    )
    pk = row.first()
    if pk is None:
        return None
    return household(user, pk, perm)


def household_list(user: Any, params: Any) -> QuerySet[Household]:
    """The filtered list shared by the page and the API (``q`` finds the head, ``org`` a subtree)."""
    rows = households(user)
    q = (params.get("q") or "").strip()
    if q:
        from gonghui.people.queries.persons import people, search

        rows = rows.filter(head__in=search(user, people(user), q).values("pk"))
    org = params.get("org")
    if org not in (None, ""):
        try:
            top = visible_orgs(user, PERM_VIEW).filter(pk=int(org)).first()
        except (TypeError, ValueError):
            raise DomainError(_("Enter a whole number."), field="org") from None
        rows = rows.filter(org__path__startswith=top.path) if top else rows.none()
    return rows


def household_detail(user: Any, pk: Any, *, reason: str = "") -> Household:
    """A household with its members and income; the read of incomes and health is logged."""
    row = household(user, pk)
    record_access(row, user=user, fields=SENSITIVE, reason=reason)
    return row


def can_change(user: Any, row: Household) -> bool:
    return has_perm(user, PERM_CHANGE, row.org)


def _members() -> Prefetch:
    head_first = Case(When(relationship="head", then=Value(0)), default=Value(1), output_field=IntegerField())
    return Prefetch(
        "members",
        queryset=HouseholdMember.objects.select_related("person").order_by(head_first, "pk"),
    )
