import pytest


@pytest.mark.django_db
def test_health_endpoints_answer_ok(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").json()["status"] == "ok"


def test_login_page_is_in_chinese_by_default(client, county):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_home_shows_scope_for_township_cadre(login):
    response = login("township1").get("/")
    assert response.status_code == 200
    assert "南江镇工会" in response.content.decode()


def test_api_lists_only_own_subtree_for_township_cadre(api, county):
    response = api("township1").get("/api/v1/orgs/")
    assert response.status_code == 200
    names = {o["name"] for o in response.json()["items"]}
    assert "南江镇工会" in names and "长赤镇工会" not in names
