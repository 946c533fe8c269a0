"""Shared pieces of the rights API: lookups of ids named in a body, filters, claimants."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.accounts.models import User
from gonghui.accounts.scoping import visible_to
from gonghui.core.errors import DomainError
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.people.models import Person
from gonghui.rights.perms import RIGHTS_VIEW

# --- lookups of ids named in a body ---------------------------------------------------------------


def _get(request: HttpRequest, model: Any, pk: int | None, field: str, perm: str) -> Any:
    """A record named by id that the caller may see with ``perm``; otherwise a field error."""
    if pk is None:
        return None
    row = visible_to(request.user, model.objects.all(), perm).filter(pk=pk).first()
    if row is None:
        raise DomainError(_("Not found, or outside your scope."), field=field)
    return row


def _org(request: HttpRequest, pk: int | None, perm: str = RIGHTS_VIEW) -> Organisation | None:
    return _get(request, Organisation, pk, "org", perm)


def _point(
    request: HttpRequest, pk: int | None, perm: str = RIGHTS_VIEW, field: str = "service_point"
) -> Any:
    return _get(request, ServicePoint, pk, field, perm)


def _person(request: HttpRequest, pk: int | None, field: str = "person") -> Person | None:
    return _get(request, Person, pk, field, "people.view")


def _enterprise(request: HttpRequest, pk: int | None, field: str = "respondent") -> Enterprise | None:
    if pk is None:
        return None
    from gonghui.enterprises.queries import enterprises

    row = enterprises(request.user).filter(pk=pk).first()
    if row is None:
        raise DomainError(_("Not found, or outside your scope."), field=field)
    return row


def _user(pk: int | None, field: str) -> User | None:
    """Staff named by id; whether they may take the part is the service's check."""
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True, kind=User.Kind.STAFF).first()
    if user is None:
        raise DomainError(_("Choose a member of staff."), field=field)
    return user


class ClaimantIn(Schema):
    person: int | None = None
    name: str = ""
    origin: str = ""
    is_migrant_worker: bool = False
    claimed_amount: Decimal = Decimal("0")
    recovered_amount: Decimal = Decimal("0")
    awarded_amount: Decimal = Decimal("0")


class AlertOut(Schema):
    kind: str
    label: str
    due: datetime.date
    days: int


def _params(filters: Schema) -> dict[str, Any]:
    params = {}
    for key, value in filters.dict().items():
        if value in (None, ""):
            continue
        params[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return params


def _claimants(request: HttpRequest, rows: list[ClaimantIn]) -> list[dict[str, Any]]:
    result = []
    for index, row in enumerate(rows):
        data = row.dict()
        data["person"] = _person(request, data["person"], field=f"claimants.{index}.person")
        for key in ("claimed_amount", "recovered_amount", "awarded_amount"):
            data[key] = str(data[key])
        result.append(data)
    return result
