"""/rights-cases/ with the stage verbs, claimants, the overdue list; /consultations/{id}/open-case.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.exports import xlsx_response
from gonghui.core.money import CENT
from gonghui.rights import exports, queries
from gonghui.rights.api.common import (
    AlertOut,
    ClaimantIn,
    _claimants,
    _enterprise,
    _org,
    _params,
    _person,
    _point,
    _user,
)
from gonghui.rights.choices import VERB_STAGES
from gonghui.rights.models import RightsCase
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import cases as case_services
from gonghui.rights.services import consultations as consultation_services

router = Router()


# --- rights cases ---------------------------------------------------------------------------------


class ClaimantOut(Schema):
    id: int
    person: int | None = Field(None, alias="person_id")
    name: str
    origin: str
    is_migrant_worker: bool
    claimed_amount: Decimal
    recovered_amount: Decimal
    awarded_amount: Decimal


class DocumentOut(Schema):
    id: int
    title: str
    original_name: str
    uploaded_at: datetime.datetime


class StageOut(Schema):
    id: int
    stage: str
    entered_at: datetime.datetime
    left_at: datetime.datetime | None
    days: float | None
    actions: str
    result: str
    documents: list[DocumentOut]

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())


class CaseListOut(Schema):
    id: int
    number: str
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    consultation: int | None = Field(None, alias="consultation_id")
    type: str
    title: str
    respondent: int | None = Field(None, alias="respondent_id")
    respondent_name: str = Field(..., alias="respondent_label")
    respondent_city: str
    service_point: int | None = Field(None, alias="service_point_id")
    service_point_name: str | None = Field(None, alias="service_point.name")
    adviser: int | None = Field(None, alias="adviser_id")
    adviser_name: str | None = None
    knew_on: datetime.date | None
    limitation_deadline: datetime.date | None
    opened_on: datetime.date
    accepted_on: datetime.date | None
    closed_on: datetime.date | None
    stage: str
    outcome: str
    legal_aid_referred: bool
    legal_aid_note: str
    claimant_count: int = 0
    claimed_total: Decimal = Decimal("0.00")
    recovered_total: Decimal = Decimal("0.00")
    awarded_total: Decimal = Decimal("0.00")

    @staticmethod
    def resolve_adviser_name(obj: RightsCase) -> str | None:
        return str(obj.adviser) if obj.adviser_id else None

    @staticmethod
    def _totals(obj: RightsCase) -> dict[str, Decimal]:
        cached = getattr(obj, "_totals_cache", None)
        if cached is None:
            cached = queries.totals(obj)
            obj._totals_cache = cached
        return cached

    @staticmethod
    def resolve_claimant_count(obj: RightsCase) -> int:
        count = getattr(obj, "claimant_count", None)
        return count if count is not None else obj.claimants.count()

    @staticmethod
    def _total(obj: RightsCase, annotation: str, key: str) -> Decimal:
        value = getattr(obj, annotation, None)
        value = value if value is not None else CaseListOut._totals(obj)[key]
        return Decimal(value).quantize(CENT)  # SQLite's SUM drops trailing zeros

    @staticmethod
    def resolve_claimed_total(obj: RightsCase) -> Decimal:
        return CaseListOut._total(obj, "claimed_total", "claimed")

    @staticmethod
    def resolve_recovered_total(obj: RightsCase) -> Decimal:
        return CaseListOut._total(obj, "recovered_total", "recovered")

    @staticmethod
    def resolve_awarded_total(obj: RightsCase) -> Decimal:
        return CaseListOut._total(obj, "awarded_total", "awarded")


class CaseOut(CaseListOut):
    summary: str
    claimants: list[ClaimantOut]
    stages: list[StageOut]
    alerts: list[AlertOut]
    allowed_verbs: list[str]

    @staticmethod
    def resolve_claimants(obj: RightsCase) -> list[Any]:
        return list(obj.claimants.all())

    @staticmethod
    def resolve_stages(obj: RightsCase) -> list[Any]:
        return list(obj.stages.all())

    @staticmethod
    def resolve_alerts(obj: RightsCase) -> list[dict[str, Any]]:
        return [
            {"kind": a.kind, "label": str(a.label), "due": a.due, "days": a.days}
            for a in queries.case_alerts(obj)
        ]

    @staticmethod
    def resolve_allowed_verbs(obj: RightsCase) -> list[str]:
        from gonghui.rights.choices import STAGE_VERBS

        return [STAGE_VERBS[s] for s in case_services.allowed_next(obj)]


class OpenCaseIn(Schema):
    title: str = ""
    type: str = ""
    summary: str | None = None
    knew_on: datetime.date | None = None
    adviser: int | None = None
    respondent: int | None = None
    respondent_name: str = ""
    respondent_city: str = ""
    legal_aid_referred: bool = False
    legal_aid_note: str = ""
    claimants: list[ClaimantIn] = []


@router.post(
    "/consultations/{int:pk}/open-case",
    response={201: CaseOut},
    tags=["consultations"],
    summary="Turn a consultation into a rights case",
)
def open_case(request: HttpRequest, pk: int, payload: OpenCaseIn) -> Any:
    row = queries.consultation(request.user, pk)
    data = payload.dict()
    claimants = _claimants(request, payload.claimants)
    data.pop("claimants")
    if data["summary"] is None:
        data.pop("summary")
    data["adviser"] = _user(data["adviser"], "adviser")
    data["respondent"] = _enterprise(request, data["respondent"])
    case = consultation_services.consultation_open_case(
        consultation=row, by=request.user, claimants=claimants, **data
    )
    return Status(201, queries.case_with_details(request.user, case.pk))


class CaseFilterIn(Schema):
    q: str = ""
    type: str = ""
    stage: str = ""
    outcome: str = ""
    open: bool | None = None
    service_point: int | None = None
    adviser: int | None = None
    legal_aid_referred: bool | None = None
    opened_after: datetime.date | None = None
    opened_before: datetime.date | None = None
    closed_after: datetime.date | None = None
    closed_before: datetime.date | None = None
    respondent: int | None = None
    org: int | None = None


class CaseIn(Schema):
    type: str
    title: str
    org: int | None = None
    service_point: int | None = None
    summary: str = ""
    respondent: int | None = None
    respondent_name: str = ""
    respondent_city: str = ""
    adviser: int | None = None
    knew_on: datetime.date | None = None
    opened_on: datetime.date | None = None
    legal_aid_referred: bool = False
    legal_aid_note: str = ""
    claimants: list[ClaimantIn] = []


class CasePatch(Schema):
    title: str | None = None
    summary: str | None = None
    type: str | None = None
    respondent: int | None = None
    respondent_name: str | None = None
    respondent_city: str | None = None
    adviser: int | None = None
    knew_on: datetime.date | None = None
    legal_aid_referred: bool | None = None
    legal_aid_note: str | None = None


class AmountIn(Schema):
    recovered_amount: Decimal | None = None
    awarded_amount: Decimal | None = None
    claimed_amount: Decimal | None = None


class TransitionIn(Schema):
    at: datetime.datetime | None = None
    actions: str = ""
    result: str = ""
    outcome: str = ""
    amounts: dict[int, AmountIn] = {}


class ClaimantPatch(Schema):
    person: int | None = None
    name: str | None = None
    origin: str | None = None
    is_migrant_worker: bool | None = None
    claimed_amount: Decimal | None = None
    recovered_amount: Decimal | None = None
    awarded_amount: Decimal | None = None


class OverdueOut(Schema):
    case: CaseListOut
    alerts: list[AlertOut]


class OverdueFilterIn(Schema):
    service_point: int | None = None
    adviser: int | None = None
    kind: str = ""
    org: int | None = None


@router.get("/rights-cases/", response=list[CaseListOut], tags=["rights cases"], summary="Rights cases")
@paginate(LimitOffsetPagination)
def list_cases(request: HttpRequest, filters: Query[CaseFilterIn]) -> Any:
    return queries.case_list(request.user, _params(filters))


@router.get("/rights-cases/export", tags=["rights cases"], summary="Rights cases with claimants as xlsx")
def export_cases(request: HttpRequest, filters: Query[CaseFilterIn]) -> HttpResponse:
    rows = queries.case_list(request.user, _params(filters))
    return xlsx_response(exports.cases_xlsx(request.user, rows), "rights-cases")


class HandlingFilterIn(Schema):
    by: Literal["point", "adviser"] = "point"
    start: datetime.date | None = None
    end: datetime.date | None = None
    org: int | None = None


class HandlingOut(Schema):
    label: str
    cases: int
    days_to_accept: float | None
    days_to_close: float | None
    stage_days: dict[str, float]


@router.get(
    "/rights-cases/handling-times",
    response=list[HandlingOut],
    tags=["rights cases"],
    summary="Average days in each stage of the cases closed in a period, per handling point or adviser",
)
def handling_times(request: HttpRequest, filters: Query[HandlingFilterIn]) -> Any:
    require(request.user, RIGHTS_VIEW)
    return queries.handling_times(
        request.user, by=filters.by, start=filters.start, end=filters.end, org=_org(request, filters.org)
    )


@router.get(
    "/rights-cases/overdue",
    response=list[OverdueOut],
    tags=["rights cases"],
    summary="Open cases with a deadline near or past (limitation, acceptance, closing)",
)
def overdue_cases(request: HttpRequest, filters: Query[OverdueFilterIn]) -> Any:
    require(request.user, RIGHTS_VIEW)
    items = queries.overdue(
        request.user,
        service_point=filters.service_point,
        adviser=filters.adviser,
        kind=filters.kind,
        org=_org(request, filters.org),
    )
    return [
        {
            "case": row,
            "alerts": [{"kind": a.kind, "label": str(a.label), "due": a.due, "days": a.days} for a in alerts],
        }
        for row, alerts in items
    ]


@router.get(
    "/rights-cases/{int:pk}", response=CaseOut, tags=["rights cases"], summary="One case with its stages"
)
def get_case(request: HttpRequest, pk: int) -> Any:
    return queries.case_with_details(request.user, pk)


@router.post("/rights-cases/", response={201: CaseOut}, tags=["rights cases"], summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    require(request.user, RIGHTS_CHANGE)
    data = payload.dict()
    data.pop("claimants")
    case = case_services.case_create(
        by=request.user,
        claimants=_claimants(request, payload.claimants),
        **{
            **data,
            "org": _org(request, data["org"], RIGHTS_CHANGE),
            "service_point": _point(request, data["service_point"], RIGHTS_CHANGE),
            "respondent": _enterprise(request, data["respondent"]),
            "adviser": _user(data["adviser"], "adviser"),
        },
    )
    return Status(201, queries.case_with_details(request.user, case.pk))


@router.patch(
    "/rights-cases/{int:pk}", response=CaseOut, tags=["rights cases"], summary="Change a case's details"
)
def update_case(request: HttpRequest, pk: int, payload: CasePatch) -> Any:
    case = queries.case(request.user, pk)
    data = payload.dict(exclude_unset=True)
    if "respondent" in data:
        data["respondent"] = _enterprise(request, data["respondent"])
    if "adviser" in data:
        data["adviser"] = _user(data["adviser"], "adviser")
    case_services.case_update(case=case, by=request.user, **data)
    return queries.case_with_details(request.user, pk)


def _transition(request: HttpRequest, pk: int, verb: str, payload: TransitionIn) -> Any:
    case = queries.case(request.user, pk)
    amounts = {k: v.dict(exclude_none=True) for k, v in payload.amounts.items()}
    amounts = {k: {f: str(a) for f, a in v.items()} for k, v in amounts.items()}
    case_services.case_transition(
        case=case,
        by=request.user,
        to=VERB_STAGES[verb],
        at=payload.at,
        actions=payload.actions,
        result=payload.result,
        outcome=payload.outcome,
        amounts=amounts or None,
    )
    return queries.case_with_details(request.user, pk)


@router.post(
    "/rights-cases/{int:pk}/accept", response=CaseOut, tags=["rights cases"], summary="Accept the case"
)
def accept_case(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    return _transition(request, pk, "accept", payload)


@router.post(
    "/rights-cases/{int:pk}/mediate", response=CaseOut, tags=["rights cases"], summary="Start mediation"
)
def mediate_case(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    return _transition(request, pk, "mediate", payload)


@router.post(
    "/rights-cases/{int:pk}/arbitrate", response=CaseOut, tags=["rights cases"], summary="Go to arbitration"
)
def arbitrate_case(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    return _transition(request, pk, "arbitrate", payload)


@router.post(
    "/rights-cases/{int:pk}/litigate", response=CaseOut, tags=["rights cases"], summary="Go to court"
)
def litigate_case(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    return _transition(request, pk, "litigate", payload)


@router.post(
    "/rights-cases/{int:pk}/close",
    response=CaseOut,
    tags=["rights cases"],
    summary="Close with an outcome (and the claimants' final amounts)",
)
def close_case(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    return _transition(request, pk, "close", payload)


@router.get(
    "/rights-cases/{int:pk}/claimants", response=list[ClaimantOut], tags=["rights cases"], summary="Claimants"
)
def list_claimants(request: HttpRequest, pk: int) -> Any:
    return list(queries.case(request.user, pk).claimants.order_by("pk"))


@router.post(
    "/rights-cases/{int:pk}/claimants",
    response={201: ClaimantOut},
    tags=["rights cases"],
    summary="Add a claimant",
)
def add_claimant(request: HttpRequest, pk: int, payload: ClaimantIn) -> Any:
    case = queries.case(request.user, pk)
    data = _claimants(request, [payload])[0]
    return Status(201, case_services.claimant_add(case=case, by=request.user, **data))


@router.patch(
    "/rights-cases/{int:pk}/claimants/{int:claimant_id}",
    response=ClaimantOut,
    tags=["rights cases"],
    summary="Change a claimant or their amounts",
)
def update_claimant(request: HttpRequest, pk: int, claimant_id: int, payload: ClaimantPatch) -> Any:
    row = queries.claimant(request.user, pk, claimant_id)
    data = payload.dict(exclude_unset=True)
    if "person" in data:
        data["person"] = _person(request, data["person"])
    for key in ("claimed_amount", "recovered_amount", "awarded_amount"):
        if data.get(key) is not None:
            data[key] = str(data[key])
    return case_services.claimant_update(claimant=row, by=request.user, **data)


@router.delete(
    "/rights-cases/{int:pk}/claimants/{int:claimant_id}",
    response={204: None},
    tags=["rights cases"],
    summary="Remove a claimant entered by mistake",
)
def remove_claimant(request: HttpRequest, pk: int, claimant_id: int) -> Any:
    row = queries.claimant(request.user, pk, claimant_id)
    case_services.claimant_remove(claimant=row, by=request.user)
    return Status(204, None)
