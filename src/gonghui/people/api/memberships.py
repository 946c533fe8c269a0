"""/api/v1/memberships/: the member roll, one membership with its transfers, join, transfer, leave.

A membership is owned by its union: a chair reads and keeps their union's roll. ID numbers are
masked here; the full roll is an export (``/export?full=true``) for readers allowed every row.
"""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.exports import xlsx_response
from gonghui.core.masking import mask_id_number
from gonghui.people import exports, services
from gonghui.people import queries as people_queries
from gonghui.people.models import Membership
from gonghui.people.queries import memberships as queries

router = Router(tags=["memberships"])


class TransferOut(Schema):
    from_union: int = Field(..., alias="from_union_id")
    from_union_name: str = Field(..., alias="from_union.name")
    to_union: int = Field(..., alias="to_union_id")
    to_union_name: str = Field(..., alias="to_union.name")
    on: datetime.date
    by: str = Field(..., alias="by.username")
    note: str


class MembershipOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    name: str = Field(..., alias="person.name")
    id_number: str
    sex: str = Field(..., alias="person.sex")
    birth_date: datetime.date = Field(..., alias="person.birth_date")
    member_number: str
    union: int = Field(..., alias="org_id")
    union_name: str = Field(..., alias="org.name")
    joined_on: datetime.date
    status: str
    left_on: datetime.date | None
    left_reason: str

    @staticmethod
    def resolve_id_number(obj: Membership) -> str:
        return mask_id_number(obj.person.id_number)


class MembershipDetailOut(MembershipOut):
    transfers: list[TransferOut]

    @staticmethod
    def resolve_transfers(obj: Membership) -> list[Any]:
        return list(obj.transfers.all())


class MembershipFilterIn(Schema):
    q: str = ""
    union: int | None = None
    status: str = ""
    person: int | None = None


class JoinIn(Schema):
    person: int
    union: int
    joined_on: datetime.date | None = None
    member_number: str = ""


class TransferIn(Schema):
    to_union: int
    on: datetime.date | None = None
    note: str = ""


class LeaveIn(Schema):
    on: datetime.date | None = None
    reason: str = ""
    status: str = "left"


def _params(filters: MembershipFilterIn) -> dict[str, Any]:
    return {k: v for k, v in filters.dict().items() if v not in (None, "")}


def _union(request: HttpRequest, pk: int, field: str) -> Any:
    from gonghui.orgs.queries import organisation

    try:
        return organisation(request.user, pk, perm=queries.PERM_VIEW)
    except NotFound as exc:
        raise DomainError(exc.message, field=field) from None


@router.get("/", response=list[MembershipOut], summary="The member roll in your scope (union, status, q)")
@paginate(LimitOffsetPagination)
def list_memberships(request: HttpRequest, filters: Query[MembershipFilterIn]) -> Any:
    return queries.membership_list(request.user, _params(filters))


@router.get(
    "/export", summary="The filtered roll as xlsx (masked; full=true if allowed for every row; logged)"
)
def export_roll(request: HttpRequest, filters: Query[MembershipFilterIn], full: bool = False) -> HttpResponse:
    require(request.user, queries.PERM_VIEW)
    return xlsx_response(exports.roll_xlsx(request.user, _params(filters), full=full), "member-roll")


@router.get("/{int:membership_id}", response=MembershipDetailOut, summary="One membership with its transfers")
def get_membership(request: HttpRequest, membership_id: int) -> Any:
    return queries.membership(request.user, membership_id)


@router.post("/", response={201: MembershipDetailOut}, summary="Enrol a person in a grassroots union")
def join(request: HttpRequest, payload: JoinIn) -> Any:
    require(request.user, queries.PERM_CHANGE)
    try:
        person = people_queries.person(request.user, payload.person)
    except NotFound as exc:
        raise DomainError(exc.message, field="person") from None
    membership = services.membership_join(
        by=request.user,
        person=person,
        union=_union(request, payload.union, "union"),
        joined_on=payload.joined_on,
        member_number=payload.member_number,
    )
    return Status(201, queries.membership(request.user, membership.pk))


@router.post("/{int:membership_id}/transfer", response=MembershipDetailOut, summary="Move to another union")
def transfer(request: HttpRequest, membership_id: int, payload: TransferIn) -> Any:
    membership = queries.membership(request.user, membership_id)
    services.membership_transfer(
        by=request.user,
        membership=membership,
        to_union=_union(request, payload.to_union, "to_union"),
        on=payload.on,
        note=payload.note,
    )
    return queries.membership(request.user, membership_id)


@router.post(
    "/{int:membership_id}/leave", response=MembershipDetailOut, summary="End: left, or transferred out"
)
def leave(request: HttpRequest, membership_id: int, payload: LeaveIn) -> Any:
    membership = queries.membership(request.user, membership_id)
    services.membership_leave(
        by=request.user, membership=membership, on=payload.on, reason=payload.reason, status=payload.status
    )
    return queries.membership(request.user, membership_id)
