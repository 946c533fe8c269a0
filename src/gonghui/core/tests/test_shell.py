"""The staff shell: home page scope and counters, global search, and the language switch."""

from __future__ import annotations

import re

from django.utils import translation

from gonghui.orgs.models import Organisation, ServicePoint


def _counters(response) -> dict[str, int]:
    with translation.override("en"):
        return {str(c.label): c.value for c in response.context["counters"]}


def test_home_shows_the_cadres_scope(login, county):
    html = login("township1").get("/").content.decode()
    grants = re.findall(r'data-testid="grant">(.*?)</div>', html, re.S)
    assert len(grants) == 1 and "南江镇工会" in grants[0]
    assert "长赤镇工会" not in html


def test_home_counters_are_real_counts_within_the_scope(login, county):
    township = _counters(login("township1").get("/"))
    assert township["Grassroots unions"] == 1
    assert township["Township, street and industry unions"] == 1
    assert township["Service points"] == 1


def test_administrator_counters_cover_the_whole_county(login, county):
    counters = _counters(login("admin").get("/"))
    active = Organisation.objects.filter(status="active")
    assert counters["Grassroots unions"] == active.filter(kind="grassroots").count() == 2
    assert counters["Township, street and industry unions"] == active.filter(kind="township").count() == 2
    assert counters["Service points"] == ServicePoint.objects.filter(is_active=True).count() == 2


def test_the_figures_on_the_page_are_the_counters(login, county):
    response = login("township1").get("/")
    shown = re.findall(r'data-testid="counter">(?:<a [^>]*>)?([\d,]+)<', response.content.decode())
    assert [int(n.replace(",", "")) for n in shown] == [int(c.value) for c in response.context["counters"]]


def test_worker_home_has_no_staff_counters(login, county):
    response = login("worker1").get("/")
    assert response.status_code == 200
    assert "counters" not in response.context
    assert 'data-testid="counter"' not in response.content.decode()


def test_search_finds_only_within_the_scope(login, county):
    township1 = login("township1")
    assert township1.get("/search/", {"q": "长赤"}).context["hits"] == []
    assert township1.get("/search/", {"q": "T2"}).context["hits"] == []
    own = township1.get("/search/", {"q": "南江镇"}).context["hits"]
    assert {h.label for h in own} == {"南江镇工会", "南江镇中心小学工会"}


def test_administrator_search_finds_across_the_county(login, county):
    hits = login("admin").get("/search/", {"q": "长赤"}).context["hits"]
    assert {h.label for h in hits} == {"长赤镇工会", "长赤镇卫生院工会"}
    exact = login("admin").get("/search/", {"q": "卫生院工会"}).context["hits"]
    assert [h.label for h in exact] == ["长赤镇卫生院工会"]


def test_search_page_shows_nothing_found_for_an_out_of_scope_name(login, county):
    response = login("township1").get("/search/", {"q": "长赤"})
    assert response.status_code == 200
    assert 'data-testid="search-hit"' not in response.content.decode()


def test_search_is_for_staff_only(login, client, county):
    assert login("worker1").get("/search/", {"q": "南江"}).status_code == 403


def test_pages_are_in_chinese_until_english_is_chosen(login, county):
    client = login("township1")
    chinese = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in chinese and "退出" in chinese
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert "Sign out" in english and "退出" not in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "退出" in client.get("/").content.decode()


def test_language_choice_also_applies_to_the_sign_in_page(client, county):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert "Sign in" in html and "登录" not in html
