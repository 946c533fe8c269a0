"""The audit log: every change with who and before/after, sensitive reads, auditors only, append-only."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.api import api as ninja_api
from gonghui.core.audit import prune_audit_log, record_access
from gonghui.orgs.models import Organisation

AUDIT_API = "/api/v1/audit-log/"


def _org_entries(org: Organisation):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_pk=str(org.pk)
    ).order_by("timestamp", "pk")


def _patch_org(client, org: Organisation, **data):
    return client.patch(f"/api/v1/orgs/{org.pk}", json.dumps(data), content_type="application/json")


def test_api_change_with_a_bearer_token_is_logged_with_actor_and_before_after(api, county):
    response = _patch_org(api("township1"), county.grassroots1, name="南江镇第一小学工会")
    assert response.status_code == 200
    entry = _org_entries(county.grassroots1).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.actor == county.user("township1")
    assert entry.changes_dict["name"] == ["南江镇中心小学工会", "南江镇第一小学工会"]
    assert entry.remote_addr == "127.0.0.1"


def test_page_change_is_logged_with_actor_and_before_after(login, county):
    target = county.user("chair1")
    response = login("admin").post(
        f"/accounts/users/{target.pk}/", {"save": "1", "display_name": "张主席", "is_active": "on"}
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(target.pk),
        action=LogEntry.Action.UPDATE,
    )
    assert entry.actor == county.user("admin")
    assert entry.changes_dict["display_name"] == ["chair1", "张主席"]


def test_passwords_never_enter_the_log(login, county):
    target = county.user("chair1")
    login("admin").post(
        f"/accounts/users/{target.pk}/", {"password_change": "1", "password": "another-Long-phrase-7"}
    )
    for entry in LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User)):
        assert "password" not in (entry.changes_dict or {})


def test_sensitive_read_is_an_access_event_naming_the_fields(api, county):
    entry = record_access(
        county.grassroots1, user=county.user("township1"), fields=["phone", "chair_name"], reason="visit"
    )
    assert entry.action == LogEntry.Action.ACCESS
    response = api("auditor").get(AUDIT_API, {"action": "access", "object_pk": str(county.grassroots1.pk)})
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["user"] == "township1"
    assert item["action"] == "access"
    assert item["model"] == "orgs.organisation"
    assert item["changes"] == {"fields": ["chair_name", "phone"]}


def test_auditor_page_lists_entries_and_filters_them(login, api, county):
    _patch_org(api("township1"), county.grassroots1, chair_name="张三")
    _patch_org(api("admin"), county.township2, chair_name="李四")
    client = login("auditor")
    everything = client.get("/audit/")
    assert everything.status_code == 200
    assert everything.context["page"].paginator.count == LogEntry.objects.count()

    by_user = client.get("/audit/", {"user": "township1"})
    assert {e.actor.username for e in by_user.context["page"]} == {"township1"}

    by_model = client.get("/audit/", {"model": "orgs.organisation", "object_pk": str(county.township2.pk)})
    rows = list(by_model.context["page"])
    assert rows and all(e.object_pk == str(county.township2.pk) for e in rows)
    assert "李四" in by_model.content.decode()

    updates = client.get("/audit/", {"model": "orgs.organisation", "action": "update"})
    assert {e.object_pk for e in updates.context["page"]} == {
        str(county.grassroots1.pk),
        str(county.township2.pk),
    }


def _old_entry(org: Organisation, actor: User, days: int) -> LogEntry:
    """An entry written ``days`` ago (inserted so: the log refuses later edits of its timestamp)."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Organisation),
        object_pk=str(org.pk),
        object_id=org.pk,
        object_repr=str(org),
        action=LogEntry.Action.UPDATE,
        actor=actor,
        changes={"chair_name": ["", "张三"]},
        timestamp=timezone.now() - timedelta(days=days),
    )


def test_auditor_page_filters_by_date(login, county):
    _old_entry(county.grassroots1, county.user("township1"), days=40)
    client = login("auditor")
    today = timezone.localdate()
    recent = client.get("/audit/", {"user": "township1", "since": str(today - timedelta(days=7))})
    assert recent.context["page"].paginator.count == 0
    old = client.get("/audit/", {"user": "township1", "until": str(today - timedelta(days=30))})
    assert old.context["page"].paginator.count == 1


def test_the_until_date_includes_that_whole_day(login, county):
    record_access(county.township1, user=county.user("township1"), fields=["phone"])
    today = str(timezone.localdate())
    response = login("auditor").get("/audit/", {"user": "township1", "since": today, "until": today})
    assert response.context["page"].paginator.count == 1


def test_a_filter_that_cannot_be_applied_shows_nothing_rather_than_everything(login, county):
    record_access(county.township1, user=county.user("township1"), fields=["phone"])
    client = login("auditor")
    bad_date = client.get("/audit/", {"since": "not-a-date"})
    assert bad_date.status_code == 200
    assert bad_date.context["page"].paginator.count == 0
    assert "since" in bad_date.context["form"].errors
    export = client.get("/audit/export.xlsx", {"model": "no.such"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1


def test_api_filters_by_user_model_object_action_and_time(api, county):
    _patch_org(api("township1"), county.grassroots1, chair_name="张三")
    auditor = api("auditor")
    base = {"model": "orgs.organisation", "object_pk": str(county.grassroots1.pk)}
    response = auditor.get(AUDIT_API, {**base, "user": "township1", "action": "update"})
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["changes"]["chair_name"] == ["", "张三"]
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert auditor.get(AUDIT_API, {**base, "since": later}).json()["count"] == 0
    assert auditor.get(AUDIT_API, {**base, "until": later}).json()["count"] >= 1
    assert auditor.get(AUDIT_API, {**base, "user": "township2"}).json()["count"] == 0


def test_unknown_kind_of_record_is_a_400_naming_the_field(api, county):
    response = api("auditor").get(AUDIT_API, {"model": "nothing.here"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "model"


def test_page_export_is_an_xlsx_of_the_filtered_log_and_is_itself_logged(login, api, county):
    _patch_org(api("township1"), county.grassroots1, chair_name="张三")
    response = login("auditor").get("/audit/export.xlsx", {"user": "township1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 8
    assert len(rows) == 1 + LogEntry.objects.filter(actor__username="township1").count()
    assert all(row[1] == "township1" for row in rows[1:])
    assert any("张三" in (row[6] or "") for row in rows[1:])
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor__username="auditor")
    assert logged.count() == 1
    assert "audit_log" in logged.get().changes_text


def test_api_export_is_an_xlsx_and_is_itself_logged(api, county):
    _patch_org(api("township1"), county.grassroots1, chair_name="张三")
    response = api("auditor").get(f"{AUDIT_API}export", {"model": "orgs.organisation"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) > 1
    assert {row[3] for row in rows[1:]} == {"orgs.organisation"}
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor__username="auditor").count() == 1


def test_federation_administrator_reads_the_log_too(login, api, county):
    assert login("admin").get("/audit/").status_code == 200
    assert api("admin").get(AUDIT_API).status_code == 200


@pytest.mark.parametrize("name", ["township1", "chair1", "finance", "editor"])
def test_others_get_403_on_the_audit_pages_and_api(login, api, county, name):
    client = login(name)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403
    token = api(name)
    assert token.get(AUDIT_API).status_code == 403
    assert token.get(f"{AUDIT_API}export").status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_workers_and_visitors_cannot_read_the_log(login, client, county):
    assert client.get(AUDIT_API).status_code == 401
    assert login("worker1").get("/audit/").status_code == 403


@pytest.mark.parametrize("method", ["put", "patch", "delete", "post"])
def test_no_api_route_writes_a_log_entry(api, county, method):
    entry = record_access(county.township1, user=county.user("admin"), fields=["phone"])
    client = api("admin")
    for url in (f"{AUDIT_API}{entry.pk}", f"{AUDIT_API}{entry.pk}/", AUDIT_API):
        response = getattr(client, method)(url, json.dumps({"action": 0}), content_type="application/json")
        assert response.status_code in (404, 405), url
    entry.refresh_from_db()
    assert entry.action == LogEntry.Action.ACCESS


def test_every_audit_route_of_the_api_only_reads():
    seen = 0
    for prefix, router in ninja_api._routers:
        for path, operations in router.path_operations.items():
            if "audit" not in f"{prefix}{path}":
                continue
            for operation in operations.operations:
                assert set(operation.methods) == {"GET"}, (prefix, path)
                seen += 1
    assert seen == 2


def _all_patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_audit_pages_refuse_every_unsafe_method(login, county):
    audit_pages = [(p, pattern) for p, pattern in _all_patterns(get_resolver()) if "audit" in p]
    assert {p for p, _ in audit_pages} >= {"audit/", "audit/export.xlsx"}
    client = login("admin")
    count = LogEntry.objects.count()
    for url in ("/audit/", "/audit/export.xlsx"):
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url).status_code == 405, (method, url)
    assert LogEntry.objects.count() == count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database guard exists on PostgreSQL only")
def test_database_refuses_to_change_or_delete_log_rows(county):
    from django.db import DatabaseError, transaction

    entry = record_access(county.township1, user=county.user("admin"), fields=["phone"])
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.changes_text == "phone"


def test_pruning_keeps_at_least_six_months(county):
    old = _old_entry(county.township1, county.user("admin"), days=400)
    recent = _old_entry(county.township2, county.user("admin"), days=150)
    assert prune_audit_log(days=30) == 1
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=recent.pk).exists()


def test_deleting_a_user_keeps_their_entries_without_the_link(county):
    entry = record_access(county.township1, user=county.user("editor"), fields=["phone"])
    county.user("editor").delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.changes_text == "phone"


@pytest.mark.django_db(transaction=True)
def test_the_test_runner_can_still_empty_the_log_between_tests(county):
    """A transactional test ends with TRUNCATE, which the append-only trigger lets through."""
    record_access(county.township1, user=county.user("admin"), fields=["phone"])
    assert LogEntry.objects.exists()
