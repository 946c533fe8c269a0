"""API tokens: issued for a password, sent as Bearer, revocable, expiring, scoped like their user."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken, hash_token
from gonghui.accounts.services import user_update
from gonghui.conftest import PASSWORD

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"


def _issue(username="township1", password=PASSWORD, name=""):
    client = Client()
    return client.post(
        TOKEN,
        json.dumps({"username": username, "password": password, "name": name}),
        content_type="application/json",
    )


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_token_endpoint_returns_a_token_for_the_right_password(county):
    response = _issue(name="mobile app")
    assert response.status_code == 200
    raw = response.json()["token"]
    assert raw.startswith("gh_") and len(raw) > 30
    stored = ApiToken.objects.get(user=county.user("township1"))
    assert stored.key_hash == hash_token(raw)
    assert raw not in (stored.key_hash, stored.prefix)
    assert stored.name == "mobile app"


def test_wrong_password_gets_no_token(county):
    response = _issue(password="nope")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_bearer_token_identifies_the_user_and_their_roles(county):
    raw = _issue().json()["token"]
    response = _bearer(raw).get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "township1"
    assert [(g["role"], g["org_name"]) for g in body["roles"]] == [("cadre", "南江镇工会")]


def test_no_token_or_a_made_up_token_is_refused(county):
    assert Client().get(ME).status_code == 401
    response = _bearer("gh_not-a-real-token").get(ME)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_delete_revokes_the_token_and_it_stops_working(county):
    raw = _issue().json()["token"]
    client = _bearer(raw)
    assert client.get(ME).status_code == 200
    assert client.delete(TOKEN).status_code == 204
    assert ApiToken.objects.get(key_hash=hash_token(raw)).revoked_at is not None
    assert client.get(ME).status_code == 401


def test_revoking_one_token_leaves_the_others_working(county):
    first = _issue().json()["token"]
    second = _issue().json()["token"]
    _bearer(first).delete(TOKEN)
    assert _bearer(second).get(ME).status_code == 200


def test_expired_token_is_refused(county):
    raw = _issue().json()["token"]
    ApiToken.objects.filter(key_hash=hash_token(raw)).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _bearer(raw).get(ME).status_code == 401


def test_token_of_a_deactivated_user_is_refused(county):
    raw = _issue().json()["token"]
    user_update(
        by=county.user("admin"), user=county.user("township1"), display_name="", phone="", is_active=False
    )
    assert _bearer(raw).get(ME).status_code == 401


def test_token_of_a_user_deactivated_by_a_bulk_update_is_refused_too(county):
    raw = _issue().json()["token"]
    type(county.user("township1")).objects.filter(username="township1").update(is_active=False)
    assert _bearer(raw).get(ME).status_code == 401


def test_token_is_scoped_like_its_user(county):
    client = _bearer(_issue().json()["token"])
    names = {o["name"] for o in client.get("/api/v1/orgs/").json()["items"]}
    assert "南江镇工会" in names and "南江镇中心小学工会" in names
    assert "长赤镇工会" not in names and "长赤镇卫生院工会" not in names
    assert client.get(f"/api/v1/orgs/{county.township2.pk}").status_code == 404
    assert client.get(f"/api/v1/orgs/{county.grassroots2.pk}").status_code == 404
    assert client.get(f"/api/v1/orgs/{county.grassroots1.pk}").status_code == 200


def test_token_use_is_recorded_without_writing_on_every_request(county):
    raw = _issue().json()["token"]
    client = _bearer(raw)
    client.get(ME)
    first = ApiToken.objects.get(key_hash=hash_token(raw)).last_used_at
    assert first is not None
    client.get(ME)
    assert ApiToken.objects.get(key_hash=hash_token(raw)).last_used_at == first


def test_token_page_shows_a_new_token_once_and_revokes_it(login, county):
    client = login("township1")
    response = client.post("/accounts/tokens/", {"name": "报表脚本"})
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw and raw in response.content.decode()
    assert "no-cache" in response.headers.get("Cache-Control", "") or "no-store" in response.headers.get(
        "Cache-Control", ""
    )
    assert _bearer(raw).get(ME).status_code == 200
    listing = client.get("/accounts/tokens/")
    assert raw not in listing.content.decode()
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert _bearer(raw).get(ME).status_code == 401


def test_nobody_can_revoke_another_users_token_from_the_page(login, county):
    raw = _issue(username="township2").json()["token"]
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    client = login("township1")
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert _bearer(raw).get(ME).status_code == 200


def test_token_revoke_page_refuses_get(login, county):
    raw = _issue().json()["token"]
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert login("township1").get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert _bearer(raw).get(ME).status_code == 200


def test_workers_have_no_token_page(login):
    assert login("worker1").get("/accounts/tokens/").status_code == 403


def test_issuing_a_token_is_logged_with_its_user_as_actor(county):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    _issue()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ApiToken), action=LogEntry.Action.CREATE
    )
    assert entry.actor == county.user("township1")
    assert "key_hash" not in entry.changes_dict
