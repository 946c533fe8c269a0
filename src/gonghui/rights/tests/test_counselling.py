"""心灵驿站 privacy: notes (and participants' names) are readable by counsellors only — never by the
federation administrator or the auditor, by page, API, export, search or the audit log — and every
read of them is an access event. Everyone with counselling.view sees that a session exists and its numbers."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from gonghui.accounts.roles import RESTRICTED, ROLE_PERMISSIONS, Role, role_grants
from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.rights.models import CounsellingNote, CounsellingSession
from gonghui.rights.services import counselling as services
from gonghui.rights.tests.endpoints import xlsx_text

SECRET = "来访者提到与丈夫长期争吵并有轻生念头"


@pytest.fixture
def session(county: Any, people: Any) -> CounsellingSession:
    return services.session_create(
        by=county.user("counsellor"),
        org=county.federation,
        kind="individual",
        counsellor=county.user("counsellor"),
        held_on=datetime.date.today() - datetime.timedelta(days=3),
        format="face_to_face",
        topics="家庭关系",
        participants=[people["liyang"]],
        notes=SECRET,
    )


def _access_events(session: CounsellingSession) -> Any:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CounsellingSession),
        object_pk=str(session.pk),
        action=LogEntry.Action.ACCESS,
    )


# --- the permission itself ------------------------------------------------------------------------


def test_counselling_notes_are_restricted_so_no_wildcard_grants_them() -> None:
    assert "counselling.notes" in RESTRICTED
    assert not role_grants(Role.FEDERATION_ADMIN, "counselling.notes")
    assert not role_grants(Role.AUDITOR, "counselling.notes")
    assert role_grants(Role.COUNSELLOR, "counselling.notes")


def test_a_restricted_permission_needs_its_exact_name_even_against_area_wildcards(monkeypatch: Any) -> None:
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.EDITOR, frozenset({"counselling.*", "*.notes", "*"}))
    assert not role_grants(Role.EDITOR, "counselling.notes")
    assert role_grants(Role.EDITOR, "counselling.view")


def test_the_administrator_still_holds_every_unrestricted_permission(county: Any) -> None:
    admin = county.user("admin")
    assert has_perm(admin, "counselling.view") and has_perm(admin, "counselling.change")
    assert has_perm(admin, "rights.change") and has_perm(admin, "anything.else")
    assert not has_perm(admin, "counselling.notes")


@pytest.mark.parametrize("username", ["admin", "auditor", "township1", "lawyer"])
def test_only_counsellors_hold_counselling_notes(username: str, county: Any) -> None:
    assert not has_perm(county.user(username), "counselling.notes")
    assert has_perm(county.user("counsellor"), "counselling.notes")


# --- services -------------------------------------------------------------------------------------


def test_the_notes_are_stored_encrypted_and_never_in_the_objects_text(session: CounsellingSession) -> None:
    from django.db import connection

    note = session.notes.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM rights_counsellingnote WHERE id = %s", [note.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and SECRET not in stored
    assert SECRET not in str(note) and SECRET not in str(session)


@pytest.mark.parametrize("username", ["admin", "auditor"])
def test_the_administrator_and_the_auditor_cannot_read_notes_through_the_service(
    username: str, county: Any, session: CounsellingSession
) -> None:
    with pytest.raises(PermissionDenied):
        services.notes_read(session=session, by=county.user(username))
    with pytest.raises(PermissionDenied):
        services.participants_read(session=session, by=county.user(username))
    with pytest.raises(PermissionDenied):
        services.note_add(session=session, by=county.user(username), text="x")
    assert not _access_events(session).exists()


def test_every_read_of_notes_by_a_counsellor_is_an_access_event(
    county: Any, session: CounsellingSession
) -> None:
    counsellor = county.user("counsellor")
    assert [n.text for n in services.notes_read(session=session, by=counsellor)] == [SECRET]
    services.notes_read(session=session, by=counsellor)
    events = _access_events(session)
    assert events.count() == 2
    assert all(e.actor == counsellor and e.changes_text == "notes" for e in events)
    assert not any(SECRET in (e.object_repr + e.changes_text + json.dumps(e.changes)) for e in events)


def test_the_administrator_may_log_a_session_but_not_write_notes_in_it(county: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.session_create(
            by=county.user("admin"),
            org=county.federation,
            kind="group",
            counsellor=county.user("counsellor"),
            held_on=datetime.date.today(),
            format="group_session",
            participant_count=20,
            notes="团辅记录",
        )
    row = services.session_create(
        by=county.user("admin"),
        org=county.federation,
        kind="group",
        counsellor=county.user("counsellor"),
        held_on=datetime.date.today(),
        format="group_session",
        participant_count=20,
    )
    assert row.participant_count == 20 and not row.notes.exists()


def test_a_session_needs_a_counsellor_and_an_individual_session_has_one_participant(county: Any) -> None:
    base = {
        "by": county.user("counsellor"),
        "org": county.federation,
        "held_on": datetime.date.today(),
        "format": "phone",
    }
    with pytest.raises(DomainError) as caught:
        services.session_create(kind="individual", counsellor=county.user("lawyer"), **base)
    assert caught.value.errors[0].field == "counsellor"
    with pytest.raises(DomainError) as caught:
        services.session_create(
            kind="individual", counsellor=county.user("counsellor"), participant_count=3, **base
        )
    assert caught.value.errors[0].field == "participant_count"
    with pytest.raises(DomainError) as caught:
        services.session_create(
            kind="individual", counsellor=county.user("counsellor"), follow_up_needed=True, **base
        )
    assert caught.value.errors[0].field == "follow_up_on"


# --- the audit log --------------------------------------------------------------------------------


def test_the_audit_log_records_a_note_without_its_text(county: Any, session: CounsellingSession) -> None:
    note = session.notes.get()
    entries = LogEntry.objects.get_for_object(note)
    assert entries.exists()
    for entry in entries:
        assert "text" not in (entry.changes or {})
        assert SECRET not in json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr


@pytest.mark.parametrize("username", ["auditor", "admin"])
def test_the_audit_log_page_api_and_export_never_show_a_note(
    username: str, county: Any, session: CounsellingSession, login: Any, api: Any
) -> None:
    services.notes_read(session=session, by=county.user("counsellor"))
    client = login(username)
    for url in ("/audit/", "/audit/?model=rights.counsellingnote", "/audit/export.xlsx"):
        response = client.get(url)
        if response.status_code == 200:
            body = xlsx_text(response) if url.endswith(".xlsx") else response.content.decode()
            assert SECRET not in body
    token_client = api(username)
    for url in ("/api/v1/audit-log/?limit=500", "/api/v1/audit-log/export"):
        response = token_client.get(url)
        if response.status_code == 200:
            body = xlsx_text(response) if url.endswith("export") else response.content.decode()
            assert SECRET not in body


# --- pages, API, export, search --------------------------------------------------------------------


@pytest.mark.parametrize("username", ["admin", "auditor"])
def test_the_administrator_and_the_auditor_see_the_session_but_not_its_notes_or_names(
    username: str, county: Any, session: CounsellingSession, login: Any, api: Any
) -> None:
    client = login(username)
    listing = client.get("/rights/counselling/").content.decode()
    assert f"/rights/counselling/{session.pk}/" in listing and "家庭关系" in listing
    page = client.get(f"/rights/counselling/{session.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET not in html and "李阳" not in html
    assert 'data-testid="notes-hidden"' in html
    assert client.get(f"/rights/counselling/{session.pk}/notes/").status_code == 403
    export = client.get("/rights/counselling/export.xlsx")
    assert SECRET not in xlsx_text(export) and "李阳" not in xlsx_text(export)

    token = api(username)
    detail = token.get(f"/api/v1/counselling-sessions/{session.pk}")
    assert detail.status_code == 200
    assert detail.json()["notes"] is None and detail.json()["participants"] is None
    assert detail.json()["participant_count"] == 1
    assert token.get(f"/api/v1/counselling-sessions/{session.pk}/notes").status_code == 403
    listing = token.get("/api/v1/counselling-sessions/").content.decode()
    assert SECRET not in listing and "李阳" not in listing
    assert SECRET not in xlsx_text(token.get("/api/v1/counselling-sessions/export"))
    assert not _access_events(session).exists()


@pytest.mark.parametrize("username", ["admin", "auditor", "counsellor"])
def test_global_search_never_finds_a_note(
    username: str, county: Any, session: CounsellingSession, login: Any
) -> None:
    html = login(username).get("/search/?q=轻生").content.decode()
    assert SECRET not in html
    assert f"/rights/counselling/{session.pk}/" not in html


def test_the_counsellor_reads_notes_on_the_page_and_by_api_and_each_read_is_logged(
    county: Any, session: CounsellingSession, login: Any, api: Any
) -> None:
    html = login("counsellor").get(f"/rights/counselling/{session.pk}/").content.decode()
    assert SECRET in html and "李阳" in html
    assert _access_events(session).filter(changes_text="notes").count() == 1
    detail = api("counsellor").get(f"/api/v1/counselling-sessions/{session.pk}").json()
    assert [n["text"] for n in detail["notes"]] == [SECRET]
    assert detail["participants"] == [{"id": session.participants.get().pk, "name": "李阳"}]
    notes = api("counsellor").get(f"/api/v1/counselling-sessions/{session.pk}/notes").json()
    assert notes[0]["text"] == SECRET
    assert _access_events(session).filter(changes_text="notes").count() == 3


def test_a_counsellor_writes_more_notes_through_the_api(
    county: Any, session: CounsellingSession, api: Any
) -> None:
    response = api("counsellor").post(
        f"/api/v1/counselling-sessions/{session.pk}/notes",
        data=json.dumps({"text": "两周后电话回访，情绪平稳"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert CounsellingNote.objects.filter(session=session).count() == 2


def test_a_township_cadre_has_no_counselling_pages_at_all(
    county: Any, session: CounsellingSession, login: Any
) -> None:
    client = login("township1")
    assert client.get("/rights/counselling/").status_code == 403
    assert client.get(f"/rights/counselling/{session.pk}/").status_code == 403
