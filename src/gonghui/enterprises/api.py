"""/api/v1/enterprises/: thin adapters over enterprises.queries and enterprises.services.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import assignments, require
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.exports import xlsx_response
from gonghui.enterprises import exports, queries, services
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Organisation, Region

router = Router(tags=["enterprises"])


class EnterpriseOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    name: str
    uscc: str
    type: str
    industry: str
    employee_count: int
    township: str | None = Field(None, alias="township.code")
    township_name: str | None = Field(None, alias="township.name")
    address: str
    legal_representative: str
    contact_person: str
    contact_phone: str
    union: int | None = Field(None, alias="union_id")
    union_name: str | None = Field(None, alias="union.name")
    is_caring: bool
    status: str
    closed_on: datetime.date | None
    close_reason: str
    name_pinyin: str
    name_initials: str
    rank: int | None = None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_rank(obj: Enterprise) -> int | None:
        return getattr(obj, "rank", None)


class EnterpriseFilterIn(Schema):
    q: str = ""
    type: str = ""
    industry: str = ""
    township: str = ""
    has_union: bool | None = None
    is_caring: bool | None = None
    status: str = ""
    org: int | None = None


class EnterpriseIn(Schema):
    org: int | None = None
    name: str
    uscc: str = ""
    type: str
    industry: str = ""
    employee_count: int = 0
    township: str | None = None
    address: str = ""
    legal_representative: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    union: int | None = None
    is_caring: bool = False


class EnterprisePatch(Schema):
    """A change names only the fields it changes; ``township`` and ``union`` may be set to null."""

    org: int | None = None
    name: str | None = None
    uscc: str | None = None
    type: str | None = None
    industry: str | None = None
    employee_count: int | None = None
    township: str | None = None
    address: str | None = None
    legal_representative: str | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    union: int | None = None
    is_caring: bool | None = None


class CloseIn(Schema):
    reason: str
    on: datetime.date | None = None


def _township(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code, level=Region.Level.TOWNSHIP).first()
    if region is None:
        raise DomainError(_("Unknown township or street code."), field="township")
    return region


def _org(
    request: HttpRequest, org_id: int | None, field: str = "org", perm: str = "orgs.view"
) -> Organisation:
    """An organisation named in the body; outside the caller's scope it does not exist."""
    from gonghui.orgs.queries import organisation

    try:
        return organisation(request.user, org_id, perm=perm)
    except NotFound as exc:
        raise DomainError(exc.message, field=field) from None


def _own_org(request: HttpRequest, org_id: int | None) -> Organisation:
    """The organisation named, or the caller's own (its first role's) when none is given."""
    if org_id is None:
        grants = assignments(request.user)
        if not grants:
            require(request.user, services.PERM_CHANGE)
        org_id = grants[0].org_id
    return _org(request, org_id, perm=services.PERM_CHANGE)


def _relations(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    if "township" in data:
        data["township"] = _township(data["township"])
    if "union" in data and data["union"] is not None:
        data["union"] = _org(request, data["union"], field="union")
    return data


def _params(filters: EnterpriseFilterIn) -> dict[str, Any]:
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    for key in ("has_union", "is_caring"):
        if key in params:
            params[key] = "true" if params[key] else "false"
    return params


@router.get(
    "/",
    response=list[EnterpriseOut],
    summary="Enterprises in your scope; q searches name, pinyin, credit code",
)
@paginate(LimitOffsetPagination)
def list_enterprises(request: HttpRequest, filters: Query[EnterpriseFilterIn]) -> Any:
    return queries.enterprise_list(request.user, _params(filters))


@router.get("/export", summary="Enterprises in your scope as xlsx (the export is logged)")
def export_enterprises(request: HttpRequest, filters: Query[EnterpriseFilterIn]) -> HttpResponse:
    params = _params(filters)
    rows = queries.enterprise_list(request.user, params)
    return xlsx_response(exports.export(request.user, rows, params), "enterprises")


@router.get("/{int:enterprise_id}", response=EnterpriseOut, summary="One enterprise")
def get_enterprise(request: HttpRequest, enterprise_id: int) -> Any:
    return queries.enterprise(request.user, enterprise_id)


@router.post("/", response={201: EnterpriseOut}, summary="Register an enterprise (org defaults to your own)")
def create_enterprise(request: HttpRequest, payload: EnterpriseIn) -> Any:
    require(request.user, services.PERM_CHANGE)
    data = payload.dict()
    org = _own_org(request, data.pop("org"))
    enterprise = services.enterprise_create(by=request.user, org=org, **_relations(request, data))
    return Status(201, queries.enterprise(request.user, enterprise.pk))


@router.patch("/{int:enterprise_id}", response=EnterpriseOut, summary="Change an enterprise's details")
def update_enterprise(request: HttpRequest, enterprise_id: int, payload: EnterprisePatch) -> Any:
    enterprise = queries.enterprise(request.user, enterprise_id)
    services.require_change(request.user, enterprise)
    # null means "leave as it is", except for the township and the union, which may be cleared.
    data = {
        k: v
        for k, v in payload.dict(exclude_unset=True).items()
        if v is not None or k in ("township", "union")
    }
    org_id = data.pop("org", None)
    org = _org(request, org_id, perm=services.PERM_CHANGE) if org_id is not None else None
    services.enterprise_update(by=request.user, enterprise=enterprise, org=org, **_relations(request, data))
    return queries.enterprise(request.user, enterprise_id)


@router.post(
    "/{int:enterprise_id}/close", response=EnterpriseOut, summary="Close (the record and history stay)"
)
def close_enterprise(request: HttpRequest, enterprise_id: int, payload: CloseIn) -> Any:
    enterprise = queries.enterprise(request.user, enterprise_id)
    services.enterprise_close(by=request.user, enterprise=enterprise, reason=payload.reason, on=payload.on)
    return queries.enterprise(request.user, enterprise_id)
