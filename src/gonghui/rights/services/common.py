"""Checks shared by the rights services: who may act where, and what may be linked."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.accounts.roles import role_grants
from gonghui.core.errors import DomainError
from gonghui.orgs.models import Organisation, ServicePoint

_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{4,19}$")
# A record may be dated a little ahead of the server clock (a phone's clock, a slow form).
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


def default_org(by: Any, perm: str) -> Organisation:
    """The caller's own organisation for ``perm``: the first one they hold it at."""
    for grant in scoping.assignments(by):
        if role_grants(grant.role, perm):
            return Organisation.objects.get(pk=grant.org_id)
    scoping.require(by, perm)
    raise AssertionError("unreachable")  # require() raised


def check_org(by: Any, org: Organisation, perm: str) -> None:
    """The owning organisation: one the caller holds ``perm`` over, and open."""
    if not scoping.has_perm(by, "orgs.view", org) and not scoping.has_perm(by, perm, org):
        raise DomainError(_("Not found, or outside your scope."), field="org", status=404)
    scoping.require(by, perm, org)
    if not org.is_active:
        raise DomainError(_("This organisation is closed and takes no new records."), field="org")


def check_point(by: Any, point: ServicePoint | None, perm: str, *, kinds: set[str] | None = None) -> None:
    """A service point the caller may act at (``perm`` over its organisation), open, of an expected kind."""
    if point is None:
        return
    if not scoping.has_perm(by, perm, point.org):
        raise DomainError(_("Not found, or outside your scope."), field="service_point", status=404)
    if not point.is_active:
        raise DomainError(_("This service point is closed."), field="service_point")
    if kinds and point.kind not in kinds:
        raise DomainError(
            _("This service point is not of the kind the channel needs."), field="service_point"
        )


def check_person(by: Any, person: Any, field: str = "person") -> None:
    """A registered person the caller may see in the registry."""
    if person is None:
        return
    if not scoping.has_perm(by, "people.view", person.org):
        raise DomainError(_("Not found, or outside your scope."), field=field)
    if getattr(person, "merged_into_id", None):
        raise DomainError(_("This person's record was merged into another; choose that one."), field=field)


def check_enterprise(by: Any, enterprise: Any, field: str = "respondent") -> None:
    """An enterprise of the registry the caller may see."""
    if enterprise is None:
        return
    if not scoping.has_perm(by, "enterprises.view", enterprise.org) and not (
        enterprise.union_id and scoping.has_perm(by, "enterprises.view", enterprise.union)
    ):
        raise DomainError(_("Not found, or outside your scope."), field=field)


def holds_role_over(user: Any, role: str, org: Organisation | None = None) -> bool:
    """Whether ``user`` (active) holds ``role`` at ``org`` or above it (anywhere when ``org`` is None)."""
    if user is None or not getattr(user, "is_active", False):
        return False
    for grant in scoping.assignments(user):
        if grant.role == role and (org is None or org.path.startswith(grant.org_path)):
            return True
    return False


def clean_text(value: Any, field: str, *, required: bool = False, limit: int | None = None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if limit and len(text) > limit:
        raise DomainError(_("This text is too long."), field=field)
    return text


def clean_phone(value: Any, field: str = "visitor_phone") -> str:
    """A phone as digits with an optional + and dashes; full-width digits and spaces tolerated."""
    import unicodedata

    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        return ""
    if not _PHONE.match(text):
        raise DomainError(
            _("Enter a phone number of digits, such as 13812345678 or 0827-8222351."), field=field
        )
    return text.replace(" ", "")


def check_not_future(value: datetime.datetime | datetime.date | None, field: str) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        if value > timezone.now() + FUTURE_TOLERANCE:
            raise DomainError(_("This date and time lies in the future."), field=field)
    elif value > timezone.localdate():
        raise DomainError(_("This date lies in the future."), field=field)


def aware(value: datetime.datetime | datetime.date | None, default_time: datetime.time | None = None) -> Any:
    """A date or naive datetime as an aware datetime in the county's time zone (None stays None)."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, default_time or datetime.time(9, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
