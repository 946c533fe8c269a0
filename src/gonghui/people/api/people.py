"""/api/v1/people/: thin adapters over people.queries and people.services.

Lists always mask ID numbers and phones. ``GET /{id}`` returns the full values to roles allowed
to see them (``people.reveal``), and logs an access event each time; ``?reveal=false`` asks for the
masked record (and logs nothing). Other roles always get masked values.
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
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.orgs.models import Organisation, Region
from gonghui.people import exports, queries, services
from gonghui.people.models import Person
from gonghui.people.queries.duplicates import duplicate_candidates, load_pairs

router = Router(tags=["people"])


class SearchPagination(LimitOffsetPagination):
    """limit/offset over ``queries.Results``: ``count`` stops at the cap, ``count_capped`` says so."""

    class Output(Schema):
        items: list[Any]
        count: int
        count_capped: bool = False

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        results: queries.Results = queryset
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        return {
            "items": results.rows[offset : offset + limit],
            "count": results.count,
            "count_capped": results.capped,
        }


class PersonOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    name: str
    id_number: str
    phone: str
    sex: str
    birth_date: datetime.date
    ethnicity: str
    hukou_type: str
    residence_region: str | None = Field(None, alias="residence_region.code")
    address: str
    education: str
    political_status: str
    health: str
    health_note: str
    disability_kind: str
    disability_grade: int | None
    disability_cert_number: str
    employer_name: str
    job: str
    is_migrant_worker: bool
    work_city: str
    status: str
    status_changed_on: datetime.date | None
    status_note: str
    name_pinyin: str
    name_initials: str
    revealed: bool = False
    merged_into: int | None = Field(None, alias="merged_into_id")
    rank: int | None = None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_id_number(obj: Person) -> str:
        shown = getattr(obj, "shown", None)
        return shown.id_number if shown else mask_id_number(obj.id_number)

    @staticmethod
    def resolve_phone(obj: Person) -> str:
        shown = getattr(obj, "shown", None)
        return shown.phone if shown else mask_phone(obj.phone)

    @staticmethod
    def resolve_disability_cert_number(obj: Person) -> str:
        shown = getattr(obj, "shown", None)
        return shown.disability_cert_number if shown else mask_id_number(obj.disability_cert_number)

    @staticmethod
    def resolve_revealed(obj: Person) -> bool:
        shown = getattr(obj, "shown", None)
        return bool(shown and shown.revealed)

    @staticmethod
    def resolve_rank(obj: Person) -> int | None:
        return getattr(obj, "rank", None)


class PersonFilterIn(Schema):
    q: str = ""
    status: str = ""
    org: int | None = None
    is_migrant: bool | None = None
    sex: str = ""


class PersonIn(Schema):
    org: int | None = None
    name: str
    id_number: str
    sex: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    ethnicity: str = ""
    hukou_type: str = ""
    residence_region: str | None = None
    address: str = ""
    education: str = ""
    political_status: str = ""
    health: str = ""
    health_note: str = ""
    disability_kind: str = ""
    disability_grade: int | None = None
    disability_cert_number: str = ""
    employer_name: str = ""
    job: str = ""
    is_migrant_worker: bool = False
    work_city: str = ""


class PersonPatch(Schema):
    org: int | None = None
    name: str | None = None
    id_number: str | None = None
    sex: str | None = None
    birth_date: datetime.date | None = None
    phone: str | None = None
    ethnicity: str | None = None
    hukou_type: str | None = None
    residence_region: str | None = None
    address: str | None = None
    education: str | None = None
    political_status: str | None = None
    health: str | None = None
    health_note: str | None = None
    disability_kind: str | None = None
    disability_grade: int | None = None
    disability_cert_number: str | None = None
    employer_name: str | None = None
    job: str | None = None
    is_migrant_worker: bool | None = None
    work_city: str | None = None


class StatusIn(Schema):
    status: str
    on: datetime.date | None = None
    note: str = ""


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise DomainError(_("Unknown region code."), field="residence_region")
    return region


def _org(request: HttpRequest, org_id: int | None) -> Organisation:
    """The organisation named in the body, or the caller's own; outside the scope it does not exist."""
    from gonghui.orgs.queries import organisation

    if org_id is None:
        grants = assignments(request.user)
        if not grants:
            require(request.user, services.PERM_CHANGE)
        org_id = grants[0].org_id
    try:
        return organisation(request.user, org_id, perm=queries.PERM_VIEW)
    except NotFound as exc:
        raise DomainError(exc.message, field="org") from None


def _params(filters: PersonFilterIn) -> dict[str, Any]:
    return {k: v for k, v in filters.dict().items() if v not in (None, "")}


class CandidateOut(Schema):
    a: PersonOut
    b: PersonOut
    reasons: list[str]
    labels: list[str]


class CandidatesOut(Schema):
    items: list[CandidateOut]
    count: int


class DistinctIn(Schema):
    a: int
    b: int
    note: str = ""


class DecisionOut(Schema):
    a: int = Field(..., alias="a_id")
    b: int = Field(..., alias="b_id")
    decided_by: str = Field(..., alias="decided_by.username")
    decided_at: datetime.datetime
    note: str


class MergeIn(Schema):
    duplicate: int


@router.get(
    "/export", summary="The filtered list as xlsx (masked; full=true for full values if allowed; logged)"
)
def export_people(request: HttpRequest, filters: Query[PersonFilterIn], full: bool = False) -> HttpResponse:
    require(request.user, queries.PERM_VIEW)
    return xlsx_response(exports.people_xlsx(request.user, _params(filters), full=full), "people")


@router.get("/duplicates", response=CandidatesOut, summary="Likely duplicate pairs in your scope, for review")
def list_duplicates(request: HttpRequest, limit: int = 20, offset: int = 0) -> Any:
    require(request.user, queries.PERM_CHANGE)
    candidates = duplicate_candidates(request.user)
    limit, offset = max(1, min(limit, 100)), max(0, offset)
    pairs = load_pairs(candidates[offset : offset + limit])
    items = [
        {"a": p.a, "b": p.b, "reasons": list(p.reasons), "labels": [str(x) for x in p.labels]} for p in pairs
    ]
    return {"items": items, "count": len(candidates)}


@router.post(
    "/duplicates/distinct", response={201: DecisionOut}, summary="Mark two records as different people"
)
def mark_distinct(request: HttpRequest, payload: DistinctIn) -> Any:
    a = queries.person(request.user, payload.a, perm=queries.PERM_CHANGE)
    b = queries.person(request.user, payload.b, perm=queries.PERM_CHANGE)
    return Status(201, services.duplicate_mark_distinct(by=request.user, a=a, b=b, note=payload.note))


@router.post(
    "/{int:person_id}/merge",
    response=PersonOut,
    summary="Merge another record into this one (moves every link)",
)
def merge(request: HttpRequest, person_id: int, payload: MergeIn) -> Any:
    survivor = queries.person(request.user, person_id, perm=queries.PERM_CHANGE)
    duplicate = queries.person(request.user, payload.duplicate, perm=queries.PERM_CHANGE)
    return services.person_merge(by=request.user, survivor=survivor, duplicate=duplicate)


@router.get(
    "/",
    response=list[PersonOut],
    summary="People in your scope; q searches name, pinyin, ID, phone (a search counts 1,000 at most)",
)
@paginate(SearchPagination)
def list_people(request: HttpRequest, filters: Query[PersonFilterIn]) -> Any:
    return queries.person_results(request.user, _params(filters))


@router.get(
    "/{int:person_id}", response=PersonOut, summary="One person (full ID and phone if allowed, logged)"
)
def get_person(request: HttpRequest, person_id: int, reveal: bool = True) -> Any:
    """A record merged into another answers as its tombstone (``merged_into`` names the survivor)."""
    merged = queries.tombstone(request.user, person_id)
    if merged is not None:
        return merged
    detail = queries.person_detail(request.user, person_id, reveal=reveal, reason="api")
    detail.person.shown = detail
    return detail.person


@router.post("/", response={201: PersonOut}, summary="Register a person (org defaults to your own)")
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    data = payload.dict()
    org = _org(request, data.pop("org"))
    data["residence_region"] = _region(data.get("residence_region"))
    data["birth_date"] = data.get("birth_date") or None
    return Status(201, services.person_create(by=request.user, org=org, **data))


@router.patch("/{int:person_id}", response=PersonOut, summary="Change a person's details")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Any:
    person = queries.person(request.user, person_id)
    data = payload.dict(exclude_unset=True)
    org_id = data.pop("org", None)
    org = _org(request, org_id) if org_id is not None else None
    if "residence_region" in data:
        data["residence_region"] = _region(data["residence_region"])
    data = {k: v for k, v in data.items() if v is not None or k in ("residence_region", "disability_grade")}
    return services.person_update(by=request.user, person=person, org=org, **data)


@router.post("/{int:person_id}/status", response=PersonOut, summary="Mark active, deceased or moved away")
def set_status(request: HttpRequest, person_id: int, payload: StatusIn) -> Any:
    person = queries.person(request.user, person_id)
    return services.person_set_status(
        by=request.user, person=person, status=payload.status, on=payload.on, note=payload.note
    )
