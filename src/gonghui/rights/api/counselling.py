"""/counselling-sessions/: notes and participants' names only for counsellors, each read logged.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.exports import xlsx_response
from gonghui.rights import exports, queries
from gonghui.rights.api.common import _org, _params, _person, _point, _user
from gonghui.rights.models import CounsellingSession
from gonghui.rights.perms import COUNSELLING_CHANGE, COUNSELLING_NOTES
from gonghui.rights.services import counselling as counselling_services

router = Router()


# --- counselling ----------------------------------------------------------------------------------


class NoteOut(Schema):
    id: int
    text: str
    author: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return str(obj.author)


class SessionOut(Schema):
    """A session as everyone with ``counselling.view`` sees it: that it happened and its numbers."""

    id: int
    org: int = Field(..., alias="org_id")
    kind: str
    counsellor: int = Field(..., alias="counsellor_id")
    counsellor_name: str
    held_on: datetime.date
    format: str
    topics: str
    participant_count: int
    service_point: int | None = Field(None, alias="service_point_id")
    follow_up_needed: bool
    follow_up_on: datetime.date | None
    follow_up_of: int | None = Field(None, alias="follow_up_of_id")

    @staticmethod
    def resolve_counsellor_name(obj: CounsellingSession) -> str:
        return str(obj.counsellor)


class ParticipantOut(Schema):
    id: int
    name: str


class SessionDetailOut(SessionOut):
    """With notes and participants' names for counsellors; ``None`` (not an empty list) for others."""

    notes: list[NoteOut] | None = None
    participants: list[ParticipantOut] | None = None

    @staticmethod
    def resolve_notes(obj: CounsellingSession) -> list[Any] | None:
        return getattr(obj, "shown_notes", None)

    @staticmethod
    def resolve_participants(obj: CounsellingSession) -> list[Any] | None:
        return getattr(obj, "shown_participants", None)


class SessionFilterIn(Schema):
    kind: str = ""
    format: str = ""
    counsellor: int | None = None
    follow_up_needed: bool | None = None
    held_after: datetime.date | None = None
    held_before: datetime.date | None = None
    org: int | None = None


class SessionIn(Schema):
    kind: str
    counsellor: int | None = None
    held_on: datetime.date
    format: str
    topics: str = ""
    participant_count: int = 1
    participants: list[int] = []
    service_point: int | None = None
    follow_up_needed: bool = False
    follow_up_on: datetime.date | None = None
    follow_up_of: int | None = None
    org: int | None = None
    notes: str = ""


class SessionPatch(Schema):
    kind: str | None = None
    held_on: datetime.date | None = None
    format: str | None = None
    topics: str | None = None
    participant_count: int | None = None
    follow_up_needed: bool | None = None
    follow_up_on: datetime.date | None = None


class NoteIn(Schema):
    text: str


@router.get(
    "/counselling-sessions/", response=list[SessionOut], tags=["counselling"], summary="Sessions (no notes)"
)
@paginate(LimitOffsetPagination)
def list_sessions(request: HttpRequest, filters: Query[SessionFilterIn]) -> Any:
    return queries.session_list(request.user, _params(filters))


@router.get(
    "/counselling-sessions/export", tags=["counselling"], summary="Sessions as xlsx (no notes, no names)"
)
def export_sessions(request: HttpRequest, filters: Query[SessionFilterIn]) -> HttpResponse:
    rows = queries.session_list(request.user, _params(filters))
    return xlsx_response(exports.sessions_xlsx(rows), "counselling-sessions")


@router.get(
    "/counselling-sessions/{int:pk}",
    response=SessionDetailOut,
    tags=["counselling"],
    summary="One session; notes and names for counsellors only (each read logged)",
)
def get_session(request: HttpRequest, pk: int) -> Any:
    row = queries.session(request.user, pk)
    if counselling_services.may_read_notes(request.user, row):
        row.shown_notes = counselling_services.notes_read(session=row, by=request.user, reason="API")
        row.shown_participants = counselling_services.participants_read(session=row, by=request.user)
    return row


@router.get(
    "/counselling-sessions/{int:pk}/notes",
    response=list[NoteOut],
    tags=["counselling"],
    summary="A session's notes (counsellors only; each read logged)",
)
def session_notes(request: HttpRequest, pk: int) -> Any:
    row = queries.session(request.user, pk)
    return counselling_services.notes_read(session=row, by=request.user, reason="API")


@router.post(
    "/counselling-sessions/{int:pk}/notes",
    response={201: NoteOut},
    tags=["counselling"],
    summary="Write notes of a session (counsellors only)",
)
def add_note(request: HttpRequest, pk: int, payload: NoteIn) -> Any:
    row = queries.session(request.user, pk)
    return Status(201, counselling_services.note_add(session=row, by=request.user, text=payload.text))


@router.post(
    "/counselling-sessions/", response={201: SessionOut}, tags=["counselling"], summary="Log a session"
)
def create_session(request: HttpRequest, payload: SessionIn) -> Any:
    require(request.user, COUNSELLING_CHANGE)
    data = payload.dict()
    people = [_person(request, pk, field="participants") for pk in data.pop("participants")]
    if people:
        require(request.user, COUNSELLING_NOTES)
    counsellor = _user(data.pop("counsellor"), "counsellor") or request.user
    follow_up_of = data.pop("follow_up_of")
    row = counselling_services.session_create(
        by=request.user,
        counsellor=counsellor,
        participants=people,
        service_point=_point(request, data.pop("service_point"), COUNSELLING_CHANGE),
        org=_org(request, data.pop("org"), COUNSELLING_CHANGE),
        follow_up_of=queries.session(request.user, follow_up_of) if follow_up_of else None,
        **data,
    )
    return Status(201, queries.session(request.user, row.pk))


@router.patch(
    "/counselling-sessions/{int:pk}", response=SessionOut, tags=["counselling"], summary="Correct a session"
)
def update_session(request: HttpRequest, pk: int, payload: SessionPatch) -> Any:
    row = queries.session(request.user, pk)
    counselling_services.session_update(session=row, by=request.user, **payload.dict(exclude_unset=True))
    return queries.session(request.user, pk)
