"""/duty-shifts/: the duty roster and the consultations each shift handled.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.rights import queries
from gonghui.rights.api.common import _params, _point, _user
from gonghui.rights.api.consultations import ConsultationOut
from gonghui.rights.perms import RIGHTS_CHANGE
from gonghui.rights.services import roster as roster_services

router = Router()


# --- duty shifts ----------------------------------------------------------------------------------


class ShiftOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    service_point: int = Field(..., alias="service_point_id")
    service_point_name: str = Field(..., alias="service_point.name")
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    user: int | None = Field(None, alias="user_id")
    who: str
    kind: str
    note: str


class ShiftFilterIn(Schema):
    service_point: int | None = None
    user: int | None = None
    date_after: datetime.date | None = None
    date_before: datetime.date | None = None
    org: int | None = None


class ShiftIn(Schema):
    service_point: int
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    user: int | None = None
    name: str = ""
    kind: str = "legal_adviser"
    note: str = ""


class ShiftPatch(Schema):
    service_point: int | None = None
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    user: int | None = None
    name: str | None = None
    kind: str | None = None
    note: str | None = None


@router.get("/duty-shifts/", response=list[ShiftOut], tags=["duty roster"], summary="Duty shifts")
@paginate(LimitOffsetPagination)
def list_shifts(request: HttpRequest, filters: Query[ShiftFilterIn]) -> Any:
    return queries.shift_list(request.user, _params(filters))


@router.get("/duty-shifts/{int:pk}", response=ShiftOut, tags=["duty roster"], summary="One shift")
def get_shift(request: HttpRequest, pk: int) -> Any:
    return queries.shift(request.user, pk)


@router.get(
    "/duty-shifts/{int:pk}/consultations",
    response=list[ConsultationOut],
    tags=["duty roster"],
    summary="Consultations handled during the shift",
)
def shift_consultations(request: HttpRequest, pk: int) -> Any:
    return list(queries.shift_consultations(request.user, queries.shift(request.user, pk)))


@router.post("/duty-shifts/", response={201: ShiftOut}, tags=["duty roster"], summary="Put someone on duty")
def create_shift(request: HttpRequest, payload: ShiftIn) -> Any:
    require(request.user, RIGHTS_CHANGE)
    data = payload.dict()
    data["service_point"] = _point(request, data["service_point"], RIGHTS_CHANGE)
    data["user"] = _user(data["user"], "user")
    row = roster_services.shift_create(by=request.user, **data)
    return Status(201, queries.shift(request.user, row.pk))


@router.patch("/duty-shifts/{int:pk}", response=ShiftOut, tags=["duty roster"], summary="Change a shift")
def update_shift(request: HttpRequest, pk: int, payload: ShiftPatch) -> Any:
    row = queries.shift(request.user, pk)
    data = payload.dict(exclude_unset=True)
    if "service_point" in data:
        data["service_point"] = _point(request, data["service_point"], RIGHTS_CHANGE)
    if "user" in data:
        data["user"] = _user(data["user"], "user")
    roster_services.shift_update(shift=row, by=request.user, **data)
    return queries.shift(request.user, pk)


@router.delete("/duty-shifts/{int:pk}", response={204: None}, tags=["duty roster"], summary="Remove a shift")
def delete_shift(request: HttpRequest, pk: int) -> Any:
    roster_services.shift_delete(shift=queries.shift(request.user, pk), by=request.user)
    return Status(204, None)
