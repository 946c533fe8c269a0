"""Signing in and out, password storage and rules, and the idle timeout."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from gonghui.accounts.models import User
from gonghui.accounts.services import user_create
from gonghui.conftest import PASSWORD
from gonghui.core.errors import DomainError

LOGIN = "/accounts/login/"


def test_login_page_shows_the_sign_in_form_in_chinese_by_default(client, county):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
    assert 'name="username"' in html and 'name="password"' in html


def test_right_password_signs_in_and_lands_on_the_home_page(client, county):
    response = client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert int(client.session[SESSION_KEY]) == county.user("township1").pk
    assert client.get("/").status_code == 200


def test_wrong_password_shows_the_form_again_with_a_message(client, county):
    response = client.post(LOGIN, {"username": "township1", "password": "not-the-password"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert response.context["form"].non_field_errors()


def test_logout_signs_out_and_protected_pages_redirect_to_login(client, county):
    client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_passwords_are_stored_with_argon2(county):
    user = User.objects.get(username="township1")
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)


def test_a_signed_in_user_visiting_login_goes_home(login):
    response = login("township1").get(LOGIN)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [("Ab3$xy", "short"), ("password123", "common"), ("12345678901234", "numeric")],
)
def test_weak_password_is_refused_beside_the_password_field(login, password, reason):
    client = login("admin")
    response = client.post(
        "/accounts/users/new/",
        {"username": "newcadre", "display_name": "新干部", "kind": "staff", "password": password},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.get("password")
    assert not User.objects.filter(username="newcadre").exists()


def test_user_create_service_refuses_a_common_password_naming_the_field(county):
    with pytest.raises(DomainError) as caught:
        user_create(by=county.user("admin"), username="newcadre", password="password123")
    assert caught.value.field == "password"
    assert not User.objects.filter(username="newcadre").exists()


def test_strong_password_creates_the_account_hashed_with_argon2(county):
    user = user_create(by=county.user("admin"), username="newcadre", password="a-Long-unusual-9-phrase")
    assert user.password.startswith("argon2")


def test_session_idle_past_the_timeout_is_signed_out(client, county):
    client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert SESSION_KEY not in client.session
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]]


def test_session_used_within_the_timeout_stays_signed_in(client, county):
    client.post(LOGIN, {"username": "township1", "password": PASSWORD})
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()
    assert client.get("/").status_code == 200
    assert client.session["last_seen"] >= int(time.time()) - 5
