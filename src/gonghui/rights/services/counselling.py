"""Counselling (心灵驿站): sessions anyone with ``counselling.change`` may log, and notes that only
counsellors (``counselling.notes``, never granted by a wildcard) may write or read.

Every read of notes goes through :func:`notes_read`, which records an access event naming the
session; nothing else in the platform returns a note's text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.accounts.roles import Role
from gonghui.core.audit import record_access
from gonghui.core.errors import DomainError
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.rights.choices import CounsellingFormat, CounsellingKind
from gonghui.rights.models import CounsellingNote, CounsellingSession
from gonghui.rights.perms import COUNSELLING_CHANGE, COUNSELLING_NOTES
from gonghui.rights.services import common

FIELDS = (
    "kind",
    "counsellor",
    "held_on",
    "format",
    "topics",
    "participant_count",
    "service_point",
    "follow_up_needed",
    "follow_up_on",
    "follow_up_of",
)


def require_change(by: Any, session: CounsellingSession) -> None:
    scoping.require(by, COUNSELLING_CHANGE, session.org)


def may_read_notes(user: Any, session: CounsellingSession) -> bool:
    """Only counsellors over the session's organisation: the administrator's "*" does not count."""
    return scoping.has_perm(user, COUNSELLING_NOTES, session.org)


def _check(
    by: Any, values: dict[str, Any], org: Organisation, participants: list[Any] | None
) -> dict[str, Any]:
    if values.get("kind") not in CounsellingKind.values:
        raise DomainError(_("Choose one of the allowed values."), field="kind")
    if values.get("format") not in CounsellingFormat.values:
        raise DomainError(_("Choose one of the allowed values."), field="format")
    counsellor = values.get("counsellor")
    if counsellor is None or not common.holds_role_over(counsellor, Role.COUNSELLOR):
        raise DomainError(_("The counsellor must be a user with the counsellor role."), field="counsellor")
    if values.get("held_on") is None:
        raise DomainError(_("This field is required."), field="held_on")
    common.check_not_future(values["held_on"], "held_on")
    count = values.get("participant_count") or 0
    if participants is not None and len(participants) > count:
        count = len(participants)
    if values["kind"] == CounsellingKind.INDIVIDUAL:
        if count > 1:
            raise DomainError(_("An individual session has one participant."), field="participant_count")
        count = 1
    if count < 1:
        raise DomainError(_("At least one person took part."), field="participant_count")
    values["participant_count"] = count
    values["topics"] = common.clean_text(values.get("topics"), "topics", limit=300)
    common.check_point(by, values.get("service_point"), COUNSELLING_CHANGE)
    for person in participants or []:
        common.check_person(by, person, field="participants")
    if values.get("follow_up_needed") and values.get("follow_up_on") is None:
        raise DomainError(_("Give the date of the follow-up."), field="follow_up_on")
    if not values.get("follow_up_needed"):
        values["follow_up_on"] = None
    earlier = values.get("follow_up_of")
    if earlier is not None:
        if not scoping.has_perm(by, COUNSELLING_CHANGE, earlier.org):
            raise DomainError(_("Not found, or outside your scope."), field="follow_up_of")
        if earlier.held_on > values["held_on"]:
            raise DomainError(_("A follow-up comes after the session it follows."), field="follow_up_of")
    return values


def session_create(
    *,
    by: Any,
    kind: str,
    counsellor: Any,
    held_on: datetime.date,
    format: str,
    topics: str = "",
    participant_count: int = 1,
    participants: Iterable[Any] = (),
    service_point: ServicePoint | None = None,
    follow_up_needed: bool = False,
    follow_up_on: datetime.date | None = None,
    follow_up_of: CounsellingSession | None = None,
    org: Organisation | None = None,
    notes: str = "",
) -> CounsellingSession:
    """Log a session; ``notes``, if given, need ``counselling.notes`` and are stored encrypted apart."""
    if service_point is not None:
        org = service_point.org
    elif org is None:
        org = common.default_org(by, COUNSELLING_CHANGE)
    common.check_org(by, org, COUNSELLING_CHANGE)
    people = list(participants)
    values = _check(
        by,
        {
            "kind": kind,
            "counsellor": counsellor,
            "held_on": held_on,
            "format": format,
            "topics": topics,
            "participant_count": participant_count,
            "service_point": service_point,
            "follow_up_needed": follow_up_needed,
            "follow_up_on": follow_up_on,
            "follow_up_of": follow_up_of,
        },
        org,
        people,
    )
    if notes.strip():
        scoping.require(by, COUNSELLING_NOTES, org)
    with transaction.atomic():
        session = CounsellingSession.objects.create(org=org, created_by=by, **values)
        if people:
            session.participants.set(people)
        if notes.strip():
            CounsellingNote.objects.create(session=session, text=notes.strip(), author=by)
    return session


def session_update(
    *, session: CounsellingSession, by: Any, participants: Iterable[Any] | None = None, **changes: Any
) -> CounsellingSession:
    """Correct a session's details; changing the participants needs ``counselling.notes`` (names)."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    require_change(by, session)
    people = list(participants) if participants is not None else None
    if people is not None:
        scoping.require(by, COUNSELLING_NOTES, session.org)
    values = {f: getattr(session, f) for f in FIELDS}
    values.update(changes)
    values = _check(by, values, session.org, people)
    with transaction.atomic():
        session = CounsellingSession.objects.select_for_update().get(pk=session.pk)
        for field, value in values.items():
            setattr(session, field, value)
        session.save()
        if people is not None:
            session.participants.set(people)
    return session


def note_add(*, session: CounsellingSession, by: Any, text: str) -> CounsellingNote:
    """Write notes of a session (counsellors only)."""
    scoping.require(by, COUNSELLING_NOTES, session.org)
    text = common.clean_text(text, "text", required=True, limit=20000)
    with transaction.atomic():
        return CounsellingNote.objects.create(session=session, text=text, author=by)


def notes_read(*, session: CounsellingSession, by: Any, reason: str = "") -> list[CounsellingNote]:
    """The session's notes for a counsellor, each read logged as an access event; others get 403."""
    scoping.require(by, COUNSELLING_NOTES, session.org)
    notes = list(session.notes.select_related("author").order_by("created_at", "pk"))
    record_access(session, user=by, fields=["notes"], reason=reason or "counselling notes read")
    return notes


def participants_read(*, session: CounsellingSession, by: Any) -> list[Any]:
    """Who took part, by name: counsellors only, and logged like the notes."""
    scoping.require(by, COUNSELLING_NOTES, session.org)
    people = list(session.participants.all())
    if people:
        record_access(session, user=by, fields=["participants"], reason="counselling participants read")
    return people
