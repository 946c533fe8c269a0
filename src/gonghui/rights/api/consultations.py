"""/consultations/: log, correct, decline, refer (opening a case is in ``cases``).

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.exports import xlsx_response
from gonghui.core.masking import mask_phone
from gonghui.rights import exports, queries
from gonghui.rights.api.common import _org, _params, _person, _point, _user
from gonghui.rights.models import Consultation, RightsCase
from gonghui.rights.perms import RIGHTS_CHANGE
from gonghui.rights.services import consultations as consultation_services

router = Router()


# --- consultations --------------------------------------------------------------------------------


class ConsultationOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    channel: str
    service_point: int | None = Field(None, alias="service_point_id")
    service_point_name: str | None = Field(None, alias="service_point.name")
    person: int | None = Field(None, alias="person_id")
    visitor: str
    visitor_phone: str
    topic: str
    summary: str
    answer: str
    received_at: datetime.datetime
    answered_by: int | None = Field(None, alias="answered_by_id")
    answered_by_name: str | None = None
    outcome: str
    decline_reason: str
    referral: str
    referral_note: str
    case: int | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_visitor_phone(obj: Consultation) -> str:
        return mask_phone(obj.visitor_phone)

    @staticmethod
    def resolve_answered_by_name(obj: Consultation) -> str | None:
        return str(obj.answered_by) if obj.answered_by_id else None

    @staticmethod
    def resolve_case(obj: Consultation) -> int | None:
        case = RightsCase.objects.filter(consultation_id=obj.pk).values_list("pk", flat=True).first()
        return case


class ConsultationFilterIn(Schema):
    q: str = ""
    channel: str = ""
    topic: str = ""
    outcome: str = ""
    service_point: int | None = None
    answered_by: int | None = None
    received_after: datetime.date | None = None
    received_before: datetime.date | None = None
    org: int | None = None


class ConsultationIn(Schema):
    channel: str
    topic: str
    summary: str
    received_at: datetime.datetime | None = None
    service_point: int | None = None
    org: int | None = None
    person: int | None = None
    visitor_name: str = ""
    visitor_phone: str = ""
    answer: str = ""
    answered_by: int | None = None
    outcome: str = "answered"


class ConsultationPatch(Schema):
    topic: str | None = None
    summary: str | None = None
    answer: str | None = None
    answered_by: int | None = None
    person: int | None = None
    visitor_name: str | None = None
    visitor_phone: str | None = None


class DeclineIn(Schema):
    reason: str = ""
    referral: str = ""
    referral_note: str = ""


class ReferIn(Schema):
    referral: str = ""
    referral_note: str = ""
    answer: str = ""


@router.get(
    "/consultations/", response=list[ConsultationOut], tags=["consultations"], summary="Consultations"
)
@paginate(LimitOffsetPagination)
def list_consultations(request: HttpRequest, filters: Query[ConsultationFilterIn]) -> Any:
    return queries.consultation_list(request.user, _params(filters))


@router.get("/consultations/export", tags=["consultations"], summary="Consultations as xlsx (phones masked)")
def export_consultations(request: HttpRequest, filters: Query[ConsultationFilterIn]) -> HttpResponse:
    rows = queries.consultation_list(request.user, _params(filters))
    return xlsx_response(exports.consultations_xlsx(request.user, rows), "consultations")


@router.get(
    "/consultations/{int:pk}", response=ConsultationOut, tags=["consultations"], summary="One consultation"
)
def get_consultation(request: HttpRequest, pk: int) -> Any:
    return queries.consultation(request.user, pk)


@router.post(
    "/consultations/", response={201: ConsultationOut}, tags=["consultations"], summary="Log a consultation"
)
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> Any:
    require(request.user, RIGHTS_CHANGE)
    data = payload.dict()
    row = consultation_services.consultation_create(
        by=request.user,
        channel=data["channel"],
        topic=data["topic"],
        summary=data["summary"],
        received_at=data["received_at"],
        service_point=_point(request, data["service_point"], RIGHTS_CHANGE),
        org=_org(request, data["org"], RIGHTS_CHANGE),
        person=_person(request, data["person"]),
        visitor_name=data["visitor_name"],
        visitor_phone=data["visitor_phone"],
        answer=data["answer"],
        answered_by=_user(data["answered_by"], "answered_by"),
        outcome=data["outcome"],
    )
    return Status(201, queries.consultation(request.user, row.pk))


@router.patch("/consultations/{int:pk}", response=ConsultationOut, tags=["consultations"], summary="Correct")
def update_consultation(request: HttpRequest, pk: int, payload: ConsultationPatch) -> Any:
    row = queries.consultation(request.user, pk)
    data = payload.dict(exclude_unset=True)
    if "person" in data:
        data["person"] = _person(request, data["person"])
    if "answered_by" in data:
        data["answered_by"] = _user(data["answered_by"], "answered_by")
    consultation_services.consultation_update(consultation=row, by=request.user, **data)
    return queries.consultation(request.user, pk)


@router.post(
    "/consultations/{int:pk}/decline", response=ConsultationOut, tags=["consultations"], summary="Decline"
)
def decline_consultation(request: HttpRequest, pk: int, payload: DeclineIn) -> Any:
    row = queries.consultation(request.user, pk)
    consultation_services.consultation_decline(consultation=row, by=request.user, **payload.dict())
    return queries.consultation(request.user, pk)


@router.post(
    "/consultations/{int:pk}/refer", response=ConsultationOut, tags=["consultations"], summary="Refer"
)
def refer_consultation(request: HttpRequest, pk: int, payload: ReferIn) -> Any:
    row = queries.consultation(request.user, pk)
    consultation_services.consultation_refer(consultation=row, by=request.user, **payload.dict())
    return queries.consultation(request.user, pk)
