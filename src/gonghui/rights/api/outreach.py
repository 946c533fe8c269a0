"""/legal-outreach/: outreach events counting toward the monthly legal lecture duty.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.rights import queries
from gonghui.rights.api.common import _enterprise, _org, _params, _user
from gonghui.rights.perms import RIGHTS_CHANGE
from gonghui.rights.services import outreach as outreach_services

router = Router()


# --- legal outreach -------------------------------------------------------------------------------


class OutreachOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    kind: str
    held_on: datetime.date
    enterprise: int | None = Field(None, alias="enterprise_id")
    enterprise_name: str | None = Field(None, alias="enterprise.name")
    place: str
    title: str
    speakers: str
    attendees: int
    materials: int
    organiser: int = Field(..., alias="organiser_id")
    organiser_name: str
    note: str

    @staticmethod
    def resolve_organiser_name(obj: Any) -> str:
        return str(obj.organiser)


class OutreachFilterIn(Schema):
    q: str = ""
    kind: str = ""
    organiser: int | None = None
    enterprise: int | None = None
    held_after: datetime.date | None = None
    held_before: datetime.date | None = None
    org: int | None = None


class OutreachIn(Schema):
    held_on: datetime.date
    title: str
    kind: str = "lecture"
    org: int | None = None
    enterprise: int | None = None
    place: str = ""
    speakers: str = ""
    attendees: int = 0
    materials: int = 0
    organiser: int | None = None
    note: str = ""


class OutreachPatch(Schema):
    held_on: datetime.date | None = None
    title: str | None = None
    kind: str | None = None
    enterprise: int | None = None
    place: str | None = None
    speakers: str | None = None
    attendees: int | None = None
    materials: int | None = None
    organiser: int | None = None
    note: str | None = None


@router.get(
    "/legal-outreach/", response=list[OutreachOut], tags=["legal outreach"], summary="Outreach events"
)
@paginate(LimitOffsetPagination)
def list_outreach(request: HttpRequest, filters: Query[OutreachFilterIn]) -> Any:
    return queries.outreach_list(request.user, _params(filters))


@router.get("/legal-outreach/{int:pk}", response=OutreachOut, tags=["legal outreach"], summary="One event")
def get_outreach(request: HttpRequest, pk: int) -> Any:
    return queries.outreach_event(request.user, pk)


@router.post(
    "/legal-outreach/", response={201: OutreachOut}, tags=["legal outreach"], summary="Record an event"
)
def create_outreach(request: HttpRequest, payload: OutreachIn) -> Any:
    require(request.user, RIGHTS_CHANGE)
    data = payload.dict()
    data["org"] = _org(request, data["org"], RIGHTS_CHANGE)
    data["enterprise"] = _enterprise(request, data["enterprise"], field="enterprise")
    data["organiser"] = _user(data["organiser"], "organiser")
    row = outreach_services.outreach_create(by=request.user, **data)
    return Status(201, queries.outreach_event(request.user, row.pk))


@router.patch(
    "/legal-outreach/{int:pk}", response=OutreachOut, tags=["legal outreach"], summary="Change an event"
)
def update_outreach(request: HttpRequest, pk: int, payload: OutreachPatch) -> Any:
    row = queries.outreach_event(request.user, pk)
    data = payload.dict(exclude_unset=True)
    if "enterprise" in data:
        data["enterprise"] = _enterprise(request, data["enterprise"], field="enterprise")
    if "organiser" in data:
        data["organiser"] = _user(data["organiser"], "organiser")
    outreach_services.outreach_update(event=row, by=request.user, **data)
    return queries.outreach_event(request.user, pk)
