"""Five wrong passwords lock the account for a while, on the sign-in page and on the API alike."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth import SESSION_KEY

from gonghui.conftest import PASSWORD

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token"
LOCKED = "locked"  # part of the English message; the Chinese catalogue says 锁定


def _fail_login(client, username="township1", times=5):
    return [client.post(LOGIN, {"username": username, "password": "wrong-guess"}) for _ in range(times)]


def _token(client, username="township1", password=PASSWORD):
    return client.post(
        TOKEN, json.dumps({"username": username, "password": password}), content_type="application/json"
    )


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    return settings


def test_four_wrong_passwords_do_not_lock_the_account(client, county):
    responses = _fail_login(client, times=4)
    assert {r.status_code for r in responses} == {200}
    response = client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    assert response.status_code == 302


def test_fifth_wrong_password_locks_the_account_with_a_clear_message(client, county, english):
    responses = _fail_login(client)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    locked = responses[4]
    assert locked.status_code == 403
    html = locked.content.decode()
    assert LOCKED in html and "minutes" in html
    assert 'name="username"' in html


def test_lockout_message_is_in_chinese_by_default(client, county):
    locked = _fail_login(client)[4]
    assert locked.status_code == 403
    assert "锁定" in locked.content.decode()
    assert "锁定" in _token(client).json()["detail"]


def test_right_password_while_locked_still_fails(client, county, english):
    _fail_login(client)
    response = client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    assert response.status_code == 403
    assert LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_lock_is_per_account_so_colleagues_can_still_sign_in(client, county):
    _fail_login(client)
    response = client.post(LOGIN, {"username": "township2", "password": PASSWORD})
    assert response.status_code == 302


def test_account_signs_in_again_after_the_cool_off(client, county, settings):
    _fail_login(client)
    assert client.post(LOGIN, {"username": "township1", "password": PASSWORD}).status_code == 403
    settings.AXES_COOLOFF_TIME = lambda request: __import__("datetime").timedelta(seconds=0)
    response = client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    assert response.status_code == 302


def test_account_signs_in_again_after_an_administrator_reset(client, county):
    _fail_login(client)
    assert reset(username="township1") >= 1
    response = client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    assert response.status_code == 302


def test_api_token_guessing_locks_the_account_with_a_json_403(client, county, english):
    responses = [_token(client, password="wrong-guess") for _ in range(5)]
    assert [r.status_code for r in responses[:4]] == [401] * 4
    assert responses[4].status_code == 403
    body = responses[4].json()
    assert LOCKED in body["detail"]
    assert body["errors"] and LOCKED in body["errors"][0]["message"]
    right = _token(client)
    assert right.status_code == 403
    assert LOCKED in right.json()["detail"]
    assert "token" not in right.json()


def test_api_lock_and_page_lock_count_together(client, county):
    _fail_login(client, times=3)
    for _ in range(2):
        _token(client, password="wrong-guess")
    assert _token(client).status_code == 403
    assert client.post(LOGIN, {"username": "township1", "password": PASSWORD}).status_code == 403


def test_api_token_works_again_after_the_cool_off(client, county, settings):
    for _ in range(5):
        _token(client, password="wrong-guess")
    assert _token(client).status_code == 403
    settings.AXES_COOLOFF_TIME = lambda request: __import__("datetime").timedelta(seconds=0)
    response = _token(client)
    assert response.status_code == 200
    assert response.json()["token"]


def test_administrator_unlocks_an_account_from_its_page(client, county, login):
    _fail_login(client)
    assert AccessAttempt.objects.filter(username="township1").exists()
    admin = login("admin")
    page = admin.get(f"/accounts/users/{county.user('township1').pk}/")
    assert page.context["failed_logins"] >= 5
    response = admin.post(f"/accounts/users/{county.user('township1').pk}/unlock/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="township1").exists()
    admin.post("/accounts/logout/")
    assert client.post(LOGIN, {"username": "township1", "password": PASSWORD}).status_code == 302
