"""/api/v1/orgs/, /api/v1/service-points/ and /api/v1/regions/: thin adapters over queries and services."""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.errors import DomainError
from gonghui.core.exports import xlsx_response
from gonghui.orgs import exports, queries, services
from gonghui.orgs.models import Organisation, Region

router = Router(tags=["orgs"])


class OrgOut(Schema):
    id: int
    name: str
    code: str
    kind: str
    status: str
    parent: int | None
    depth: int
    region: str | None = Field(None, alias="region.code")
    address: str
    phone: str
    chair_name: str
    member_count: int
    closed_on: datetime.date | None
    close_reason: str
    merged_into: int | None = Field(None, alias="merged_into_id")

    @staticmethod
    def resolve_parent(obj: Organisation) -> int | None:
        if obj.depth <= 1:
            return None
        parent = Organisation.objects.filter(path=obj.path[: -Organisation.steplen]).only("pk").first()
        return parent.pk if parent else None


class OrgFilter(Schema):
    q: str = ""
    kind: str = ""
    status: str = ""
    parent: int | None = None
    within: int | None = None
    region: str = ""


class OrgIn(Schema):
    name: str
    kind: str
    parent: int
    code: str = ""
    region: str | None = None
    address: str = ""
    phone: str = ""
    chair_name: str = ""
    member_count: int = 0


class OrgPatch(Schema):
    name: str | None = None
    code: str | None = None
    kind: str | None = None
    region: str | None = None
    address: str | None = None
    phone: str | None = None
    chair_name: str | None = None
    member_count: int | None = None


class MoveIn(Schema):
    parent: int


class MergeIn(Schema):
    into: int
    on: datetime.date | None = None


class CloseIn(Schema):
    reason: str
    on: datetime.date | None = None


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise DomainError(_unknown_region(), field="region")
    return region


def _unknown_region() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Unknown region code.")


def _target(request: HttpRequest, pk: int, field: str) -> Organisation:
    """An organisation named in a request body; outside the scope it does not exist."""
    from gonghui.core.errors import NotFound

    try:
        return queries.organisation(request.user, pk)
    except NotFound as exc:
        raise DomainError(exc.message, field=field) from None


def _params(filters: OrgFilter) -> dict[str, Any]:
    return {k: v for k, v in filters.dict().items() if v not in (None, "")}


@router.get("/", response=list[OrgOut], summary="Organisations in your scope")
@paginate(LimitOffsetPagination)
def list_orgs(request: HttpRequest, filters: Query[OrgFilter]) -> Any:
    return queries.organisation_list(request.user, _params(filters))


@router.get("/export", summary="Organisations in your scope as xlsx")
def export_orgs(request: HttpRequest, filters: Query[OrgFilter]) -> HttpResponse:
    rows = queries.organisation_list(request.user, _params(filters))
    return xlsx_response(exports.organisations_xlsx(rows), "organisations")


@router.get("/{int:org_id}", response=OrgOut, summary="One organisation")
def get_org(request: HttpRequest, org_id: int) -> Any:
    return queries.organisation(request.user, org_id)


@router.post("/", response={201: OrgOut}, summary="Add an organisation under a parent")
def create_org(request: HttpRequest, payload: OrgIn) -> Any:
    require(request.user, "orgs.change")
    data = payload.dict()
    parent = _target(request, data.pop("parent"), "parent")
    data["region"] = _region(data.get("region"))
    return Status(201, services.org_create(by=request.user, parent=parent, **data))


@router.patch("/{int:org_id}", response=OrgOut, summary="Change an organisation's details")
def update_org(request: HttpRequest, org_id: int, payload: OrgPatch) -> Any:
    require(request.user, "orgs.change")
    org = queries.organisation(request.user, org_id)
    data = payload.dict(exclude_unset=True)
    if "region" in data:
        data["region"] = _region(data["region"])
    return services.org_update(by=request.user, org=org, **data)


@router.put("/{int:org_id}", response=OrgOut, summary="Change an organisation's details")
def replace_org(request: HttpRequest, org_id: int, payload: OrgPatch) -> Any:
    return update_org(request, org_id, payload)


@router.post("/{int:org_id}/move", response=OrgOut, summary="Move under another parent")
def move_org(request: HttpRequest, org_id: int, payload: MoveIn) -> Any:
    require(request.user, "orgs.change")
    org = queries.organisation(request.user, org_id)
    return services.org_move(by=request.user, org=org, new_parent=_target(request, payload.parent, "parent"))


@router.post("/{int:org_id}/merge", response=OrgOut, summary="Merge into another organisation")
def merge_org(request: HttpRequest, org_id: int, payload: MergeIn) -> Any:
    require(request.user, "orgs.change")
    org = queries.organisation(request.user, org_id)
    into = _target(request, payload.into, "into")
    return services.org_merge(by=request.user, org=org, into=into, on=payload.on)


@router.post("/{int:org_id}/close", response=OrgOut, summary="Close (history is kept)")
def close_org(request: HttpRequest, org_id: int, payload: CloseIn) -> Any:
    require(request.user, "orgs.change")
    org = queries.organisation(request.user, org_id)
    return services.org_close(by=request.user, org=org, reason=payload.reason, on=payload.on)


class PointOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    name: str
    kind: str
    city: str
    address: str
    phone: str
    hours: str
    services: str
    is_active: bool
    region: str | None = Field(None, alias="region.code")


class PointIn(Schema):
    org: int | None = None
    name: str
    kind: str
    city: str = ""
    address: str = ""
    phone: str = ""
    hours: str = ""
    services: str = ""
    is_active: bool = True
    region: str | None = None


class PointPatch(Schema):
    """A change names only the fields it changes."""

    org: int | None = None
    name: str | None = None
    kind: str | None = None
    city: str | None = None
    address: str | None = None
    phone: str | None = None
    hours: str | None = None
    services: str | None = None
    is_active: bool | None = None
    region: str | None = None


class PointFilter(Schema):
    q: str = ""
    kind: str = ""
    org: int | None = None
    is_active: bool | None = None


points = Router(tags=["service points"])


@points.get("/", response=list[PointOut], summary="Service points in your scope")
@paginate(LimitOffsetPagination)
def list_points(request: HttpRequest, filters: Query[PointFilter]) -> Any:
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    return queries.service_point_list(request.user, params)


@points.get("/{int:point_id}", response=PointOut, summary="One service point")
def get_point(request: HttpRequest, point_id: int) -> Any:
    return queries.service_point(request.user, point_id)


def _own_org(request: HttpRequest, org_id: int | None) -> Organisation:
    """The organisation named, or the caller's own (its first role's) when none is given."""
    from gonghui.accounts.scoping import assignments

    if org_id is None:
        grants = assignments(request.user)
        if not grants:
            require(request.user, "servicepoints.change")
        org_id = grants[0].org_id
    return _target(request, org_id, "org")


@points.post("/", response={201: PointOut}, summary="Add a service point")
def create_point(request: HttpRequest, payload: PointIn) -> Any:
    require(request.user, "servicepoints.change")
    data = payload.dict()
    org = _own_org(request, data.pop("org"))
    data["region"] = _region(data.get("region"))
    return Status(201, services.service_point_save(by=request.user, org=org, **data))


@points.patch("/{int:point_id}", response=PointOut, summary="Change a service point")
def update_point(request: HttpRequest, point_id: int, payload: PointPatch) -> Any:
    require(request.user, "servicepoints.change")
    point = queries.service_point(request.user, point_id)
    # null means "leave as it is", except for the region, which may be cleared.
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "region"}
    org = _target(request, data.pop("org"), "org") if data.get("org") else point.org
    data.pop("org", None)
    if "region" in data:
        data["region"] = _region(data["region"])
    return services.service_point_save(by=request.user, org=org, point=point, **data)


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None = Field(None, alias="parent.code")


regions = Router(tags=["regions"])


@regions.get("/", response=list[RegionOut], summary="Administrative regions and their codes")
@paginate(LimitOffsetPagination)
def list_regions(request: HttpRequest, q: str = "", level: str = "") -> Any:
    return queries.region_list({"q": q, "level": level})
