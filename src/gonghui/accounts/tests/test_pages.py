"""Account pages: only federation administrators manage users and roles."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role

USERS = "/accounts/users/"


def _user_url(county, name: str) -> str:
    return f"{USERS}{county.user(name).pk}/"


@pytest.mark.parametrize("name", ["township1", "township2", "chair1", "auditor", "finance", "editor"])
def test_non_administrators_get_403_on_every_account_page(login, county, name):
    client = login(name)
    target = county.user("worker1").pk
    assert client.get(USERS).status_code == 403
    assert client.get(f"{USERS}new/").status_code == 403
    assert client.get(f"{USERS}{target}/").status_code == 403
    response = client.post(f"{USERS}{target}/", {"save": "1", "display_name": "x", "is_active": "on"})
    assert response.status_code == 403
    assert User.objects.get(pk=target).display_name == "worker1"


def test_worker_gets_403_on_the_user_list(login):
    assert login("worker1").get(USERS).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, county):
    response = client.get(USERS)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_administrator_lists_and_searches_users(login, county):
    client = login("admin")
    response = client.get(USERS)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == User.objects.count()
    assert "township1" in response.content.decode()
    found = client.get(USERS, {"q": "township"})
    assert {u.username for u in found.context["page"]} == {"township1", "township2"}


def test_administrator_creates_an_account_with_a_role(login, county):
    client = login("admin")
    assert client.get(f"{USERS}new/").status_code == 200
    response = client.post(
        f"{USERS}new/",
        {
            "username": "township3",
            "display_name": "王干部",
            "kind": "staff",
            "password": "a-Long-unusual-9-phrase",
            "role": Role.CADRE,
            "org": county.township2.pk,
        },
    )
    user = User.objects.get(username="township3")
    assert response.status_code == 302 and response.url == f"{USERS}{user.pk}/"
    assert user.password.startswith("argon2")
    assert list(user.roles.values_list("role", "org")) == [(Role.CADRE, county.township2.pk)]


def test_role_without_organisation_is_refused_and_nothing_is_saved(login, county):
    response = login("admin").post(
        f"{USERS}new/",
        {"username": "township3", "kind": "staff", "password": "a-Long-unusual-9-phrase", "role": Role.CADRE},
    )
    assert response.status_code == 200
    assert "org" in response.context["form"].errors
    assert not User.objects.filter(username="township3").exists()


def test_duplicate_username_is_refused_beside_the_field(login, county):
    response = login("admin").post(
        f"{USERS}new/", {"username": "Township1", "kind": "staff", "password": "a-Long-unusual-9-phrase"}
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors


def test_administrator_edits_an_account_and_the_change_is_audited(login, county):
    client = login("admin")
    target = county.user("township1")
    assert client.get(_user_url(county, "township1")).status_code == 200
    response = client.post(
        _user_url(county, "township1"),
        {"save": "1", "display_name": "李干部", "phone": "13800001111", "is_active": "on"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.display_name == "李干部"
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(target.pk)
    ).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == county.user("admin")
    assert entry.changes_dict["display_name"] == ["township1", "李干部"]
    assert entry.remote_addr == "127.0.0.1"


def test_administrator_deactivates_an_account_and_its_tokens_stop(login, api, county):
    token_client = api("township1")
    assert token_client.get("/api/v1/auth/me").status_code == 200
    response = login("admin").post(_user_url(county, "township1"), {"save": "1", "display_name": "township1"})
    assert response.status_code == 302
    assert not User.objects.get(username="township1").is_active
    assert token_client.get("/api/v1/auth/me").status_code == 401


def test_administrator_cannot_deactivate_their_own_account(login, county):
    response = login("admin").post(_user_url(county, "admin"), {"save": "1", "display_name": "admin"})
    assert response.status_code == 200
    assert "is_active" in response.context["edit"].errors
    assert User.objects.get(username="admin").is_active


def test_administrator_grants_a_role(login, county):
    client = login("admin")
    response = client.post(
        _user_url(county, "chair1"), {"grant": "1", "role": Role.CADRE, "org": county.township1.pk}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=county.user("chair1"), role=Role.CADRE).exists()


def test_granting_the_same_role_twice_is_refused_beside_the_role(login, county):
    response = login("admin").post(
        _user_url(county, "township1"), {"grant": "1", "role": Role.CADRE, "org": county.township1.pk}
    )
    assert response.status_code == 200
    assert "role" in response.context["grant"].errors


def test_worker_account_cannot_hold_a_staff_role(login, county):
    response = login("admin").post(
        _user_url(county, "worker1"), {"grant": "1", "role": Role.CADRE, "org": county.township1.pk}
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=county.user("worker1")).exists()


def test_administrator_removes_a_role_with_post(login, county):
    client = login("admin")
    assignment = RoleAssignment.objects.get(user=county.user("township1"))
    url = f"/accounts/roles/{assignment.pk}/revoke/"
    assert client.get(url).status_code == 405
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    deleted = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(RoleAssignment),
        object_pk=str(assignment.pk),
        action=LogEntry.Action.DELETE,
    )
    assert deleted.actor == county.user("admin")


def test_removed_role_takes_effect_at_once(login, api, county):
    token_client = api("township1")
    assert token_client.get(f"/api/v1/orgs/{county.township1.pk}").status_code == 200
    assignment = RoleAssignment.objects.get(user=county.user("township1"))
    login("admin").post(f"/accounts/roles/{assignment.pk}/revoke/")
    assert token_client.get(f"/api/v1/orgs/{county.township1.pk}").status_code == 404


def test_administrator_cannot_remove_their_own_administrator_role(login, county):
    assignment = RoleAssignment.objects.get(user=county.user("admin"))
    client = login("admin")
    response = client.post(f"/accounts/roles/{assignment.pk}/revoke/", follow=True)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_non_administrator_cannot_remove_a_role(login, county):
    assignment = RoleAssignment.objects.get(user=county.user("township2"))
    assert login("township1").post(f"/accounts/roles/{assignment.pk}/revoke/").status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_administrator_sets_a_password_and_weak_ones_are_refused(login, client, county):
    admin = login("admin")
    weak = admin.post(_user_url(county, "township1"), {"password_change": "1", "password": "12345"})
    assert weak.status_code == 200
    assert "password" in weak.context["password"].errors
    response = admin.post(
        _user_url(county, "township1"), {"password_change": "1", "password": "another-Long-phrase-7"}
    )
    assert response.status_code == 302
    user = User.objects.get(username="township1")
    assert user.check_password("another-Long-phrase-7")
    assert user.password.startswith("argon2")


def test_unknown_user_is_404(login, county):
    assert login("admin").get(f"{USERS}999999/").status_code == 404


def test_users_menu_entry_only_for_administrators(login, county):
    assert 'href="/accounts/users/"' in login("admin").get("/").content.decode()
    assert 'href="/accounts/users/"' not in login("township1").get("/").content.decode()


def test_staff_phone_is_encrypted_at_rest_and_masked_in_the_log(login, county):
    from django.db import connection

    target = county.user("township1")
    login("admin").post(
        _user_url(county, "township1"),
        {"save": "1", "display_name": "township1", "phone": "13800001111", "is_active": "on"},
    )
    assert User.objects.get(pk=target.pk).phone == "13800001111"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [target.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and "13800001111" not in stored
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(target.pk)
    ).latest("timestamp")
    assert entry.changes_dict["phone"][1] == "138****1111"
    assert "13800001111" not in str(entry.changes)
