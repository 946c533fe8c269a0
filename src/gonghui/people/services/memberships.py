"""Union membership: join, transfer between the federation's unions, leave. Check, then do.

Who may do what: joining needs ``people.change`` over the union (and sight of the person);
leaving needs it over the member's union. A transfer needs it over both the union the member
leaves and the one they join: within a township its cadre moves members between its unions, and
across townships the federation office does, as it keeps the county roll. A request/accept flow
between two chairs was weighed and left out: chairs keep their own roll but do not move members,
and one step by an office that sees both unions leaves no half-done transfers to chase.
"""

from __future__ import annotations

import datetime
import re
import secrets
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm, require
from gonghui.core.errors import Conflict, DomainError
from gonghui.orgs.models import Organisation
from gonghui.people import choices
from gonghui.people.models import Membership, MembershipTransfer, Person
from gonghui.people.services.persons import ensure_live

PERM_VIEW = "people.view"
PERM_CHANGE = "people.change"

_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,29}$")
_GENERATE_ATTEMPTS = 5


def membership_join(
    *,
    by: Any,
    person: Person,
    union: Organisation,
    joined_on: datetime.date | None = None,
    member_number: str = "",
) -> Membership:
    """Enrol ``person`` in the grassroots ``union``; a blank ``member_number`` is generated."""
    require(by, PERM_CHANGE, union)
    if not has_perm(by, PERM_VIEW, person.org):
        raise DomainError(_("Not found, or outside your scope."), field="person")
    ensure_live(person)
    if not person.is_active:
        raise DomainError(_("Only a person with the status “active” can join a union."), field="person")
    _require_open_union(union, "union")
    joined_on = joined_on or timezone.localdate()
    _not_future(joined_on, "joined_on")
    if joined_on < person.birth_date:
        raise DomainError(_("The date is before the person was born."), field="joined_on")
    number = _number(member_number)
    if Membership.objects.filter(person=person, status=Membership.Status.ACTIVE).exists():
        raise Conflict(_("This person is already an active member of a union."), field="person")
    if number and Membership.objects.filter(member_number=number).exists():
        raise Conflict(_("This member number is already in use."), field="member_number")
    membership = Membership(org=union, person=person, joined_on=joined_on, member_number=number)
    for _attempt in range(_GENERATE_ATTEMPTS if not number else 1):
        if not number:
            membership.member_number = _generated(joined_on)
        try:
            with transaction.atomic():
                membership.save()
            return membership
        except IntegrityError as exc:
            if "person" in str(exc) or "one_active" in str(exc):
                raise Conflict(
                    _("This person is already an active member of a union."), field="person"
                ) from None
            if number:
                raise Conflict(_("This member number is already in use."), field="member_number") from None
    raise Conflict(_("No free member number was found; enter one."), field="member_number")


def membership_transfer(
    *,
    by: Any,
    membership: Membership,
    to_union: Organisation,
    on: datetime.date | None = None,
    note: str = "",
) -> Membership:
    """Move an active membership to another open grassroots union of the federation; the move is kept."""
    require(by, PERM_CHANGE, membership.org)
    require(by, PERM_CHANGE, to_union)
    _require_open_union(to_union, "to_union")
    on = on or timezone.localdate()
    _not_future(on, "on")
    note = _text("note", note)
    with transaction.atomic():
        membership = _lock(membership)
        _require_active(membership)
        if to_union.pk == membership.org_id:
            raise DomainError(_("The member already belongs to this union."), field="to_union")
        if on < _last_change(membership):
            raise DomainError(_("The date is before the member joined or last moved."), field="on")
        MembershipTransfer.objects.create(
            membership=membership, from_union_id=membership.org_id, to_union=to_union, on=on, by=by, note=note
        )
        membership.org = to_union
        membership.save()
    return membership


def membership_leave(
    *,
    by: Any,
    membership: Membership,
    on: datetime.date | None,
    reason: str,
    status: str = choices.MembershipStatus.LEFT,
) -> Membership:
    """End an active membership: ``left`` (退会), or ``transferred`` out of this federation.

    Both need the date and the reason (for a transfer out: where to).
    """
    require(by, PERM_CHANGE, membership.org)
    if status not in (choices.MembershipStatus.LEFT, choices.MembershipStatus.TRANSFERRED):
        raise DomainError(_("Choose one of the allowed values."), field="status")
    if on is None:
        raise DomainError(_("Enter the date."), field="on")
    _not_future(on, "on")
    reason = _text("reason", reason)
    if not reason:
        raise DomainError(_("Enter the reason."), field="reason")
    with transaction.atomic():
        membership = _lock(membership)
        _require_active(membership)
        if on < _last_change(membership):
            raise DomainError(_("The date is before the member joined or last moved."), field="on")
        membership.status = status
        membership.left_on = on
        membership.left_reason = reason
        membership.save()
    return membership


# --- checks


def _require_open_union(union: Organisation, field: str) -> None:
    if union.kind != Organisation.Kind.GRASSROOTS:
        raise DomainError(_("Members belong to a grassroots union."), field=field)
    if union.status != Organisation.Status.ACTIVE:
        raise DomainError(_("This union is closed."), field=field)


def _require_active(membership: Membership) -> None:
    if not membership.is_active:
        raise Conflict(_("This membership has already ended."))


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field=field)


def _text(field: str, value: Any) -> str:
    text = (value or "").strip()
    if len(text) > 300:
        raise DomainError(_("This text is too long."), field=field)
    return text


def _number(raw: Any) -> str:
    """A member number as offices write it, normalised: full-width to half-width, upper case, no spaces."""
    number = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or "")).upper()
    if number and not _NUMBER.match(number):
        raise DomainError(
            _("A member number has up to 30 letters, digits and dashes."), field="member_number"
        )
    return number


def _generated(joined_on: datetime.date) -> str:
    """The year joined and ten random digits: unguessable enough, and the unique constraint decides."""
    return f"{joined_on.year}{secrets.randbelow(10**10):010d}"


def _last_change(membership: Membership) -> datetime.date:
    last = membership.transfers.order_by("-on").values_list("on", flat=True).first()
    return max(membership.joined_on, last) if last else membership.joined_on


def _lock(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "org")
        .get(pk=membership.pk)
    )
