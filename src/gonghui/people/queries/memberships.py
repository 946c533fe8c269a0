"""Scoped reads of memberships: a union's roll, one membership with its transfers, a person's history.

A membership is owned by its union (``org``), so a chair sees the members of their union and a
township cadre those of the unions under the township, whoever registered the person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from gonghui.accounts.scoping import get_visible, has_perm, visible_to
from gonghui.orgs.models import Organisation
from gonghui.people.models import Membership, MembershipTransfer, Person

PERM_VIEW = "people.view"
PERM_CHANGE = "people.change"


def _transfers() -> Prefetch:
    return Prefetch(
        "transfers",
        queryset=MembershipTransfer.objects.select_related("from_union", "to_union", "by").order_by(
            "on", "pk"
        ),
    )


def memberships(user: Any, perm: str = PERM_VIEW) -> QuerySet[Membership]:
    """Memberships of unions in the user's scope, in member-number order."""
    rows = Membership.objects.select_related("person", "org").order_by("member_number")
    return visible_to(user, rows, perm)


def membership(user: Any, pk: Any, perm: str = PERM_VIEW) -> Membership:
    """One membership in scope with its transfers, or NotFound."""
    rows = Membership.objects.select_related("person", "org").prefetch_related(_transfers())
    return get_visible(user, rows, perm, pk=pk)


def membership_list(user: Any, params: Any) -> QuerySet[Membership]:
    """The filtered roll shared by page, export and API (``union``, ``status``, ``q``, ``person``)."""
    from gonghui.orgs.queries import filter_or_error
    from gonghui.people.filters import MembershipFilter

    return filter_or_error(MembershipFilter(params, queryset=memberships(user), user=user))


def memberships_of(user: Any, person: Person) -> list[Membership]:
    """A person's memberships the user may see, newest first, with their transfers."""
    rows = memberships(user).filter(person=person).prefetch_related(_transfers())
    return list(rows.order_by("-joined_on", "-pk"))


def can_change(user: Any, row: Membership) -> bool:
    return has_perm(user, PERM_CHANGE, row.org)


def open_unions(user: Any, perm: str = PERM_CHANGE) -> QuerySet[Organisation]:
    """Open grassroots unions under which the user may enrol or receive members."""
    rows = Organisation.objects.filter(kind=Organisation.Kind.GRASSROOTS, status=Organisation.Status.ACTIVE)
    return visible_to(user, rows, perm).order_by("path")
