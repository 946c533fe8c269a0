"""The staff pages: list with filters and search, detail with panels, forms, close, home and search."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings

from gonghui.core.extensions import home_counters
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.tests.conftest import USCC1
from gonghui.enterprises.tests.endpoints import xlsx_rows
from gonghui.enterprises.tests.factories import EnterpriseFactory, make_uscc


def _form(county: Any, **values: Any) -> dict[str, Any]:
    data = {
        "org": county.township1.pk,
        "name": "南江县南慧建材有限公司",
        "type": "private",
        "employee_count": 12,
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


# --- list ----------------------------------------------------------------------------------------


def test_the_list_shows_the_users_enterprises_with_export_and_register_links(county, ent1, login):
    response = login("township1").get("/enterprises/")
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == [ent1.pk]
    html = response.content.decode()
    assert "/enterprises/export.xlsx?" in html and "/enterprises/add/" in html
    assert response.context["breadcrumbs"][0][1] == ""


def test_the_list_searches_and_filters(county, ent1, login):
    EnterpriseFactory(org=county.township1, name="南江镇王记餐馆", uscc="", type="individual", industry="H")
    client = login("township1")
    assert [e.name for e in client.get("/enterprises/?q=wjcg").context["page"]] == ["南江镇王记餐馆"]
    assert [e.name for e in client.get("/enterprises/?type=individual").context["page"]] == ["南江镇王记餐馆"]
    assert [e.name for e in client.get("/enterprises/?has_union=true").context["page"]] == [ent1.name]
    assert [e.name for e in client.get("/enterprises/?township=511922001000").context["page"]] == [ent1.name]


def test_a_bad_filter_value_shows_beside_the_filter_and_lists_nothing(county, ent1, login):
    response = login("township1").get("/enterprises/?type=shop")
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert response.context["filter"].form.errors["type"]


def test_the_township_filter_offers_only_townships_in_scope(county, ent1, ent2, login):
    field = login("township1").get("/enterprises/").context["filter"].form.fields["township"]
    assert [r.name for r in field.queryset] == ["南江镇"]


def test_the_list_pages_25_at_a_time(county, login):
    for i in range(30):
        EnterpriseFactory(org=county.township1, name=f"企业{i:02d}", uscc=make_uscc(300 + i))
    client = login("township1")
    first = client.get("/enterprises/")
    assert len(first.context["page"]) == 25 and first.context["page"].paginator.count == 30
    assert len(client.get("/enterprises/?page=2").context["page"]) == 5


def test_the_export_follows_the_filters_and_keeps_codes_as_text(county, ent1, login):
    EnterpriseFactory(org=county.township1, name="南江镇王记餐馆", uscc="", type="individual")
    rows = xlsx_rows(login("township1").get("/enterprises/export.xlsx?has_union=true"))
    assert len(rows) == 2
    assert rows[1][:2] == [USCC1, "南江县光雾山米业有限公司"]


def test_the_export_with_a_bad_filter_goes_back_to_the_list_with_a_message(county, ent1, login):
    response = login("township1").get("/enterprises/export.xlsx?status=gone")
    assert response.status_code == 302 and response["Location"].startswith("/enterprises/?")


# --- detail --------------------------------------------------------------------------------------


def test_the_detail_page_shows_the_record_its_union_history_and_breadcrumbs(county, ent1, login):
    response = login("township1").get(f"/enterprises/{ent1.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert USCC1 in html and "南江镇中心小学工会" in html
    assert response.context["can_change"]
    assert [label for label, _url in response.context["breadcrumbs"]][-1] == "南江县光雾山米业有限公司"


def panel_for_tests(user: Any, enterprise: Enterprise) -> Any:
    """A panel as a later app (contracts, rights cases) would add one."""
    if enterprise.union is None:
        return None
    return ("集体合同", "enterprises/_panel_table.html", {"rows": [("2025年工资专项集体合同", "", "生效中")]})


@override_settings(ENTERPRISE_PANELS=["gonghui.enterprises.tests.test_pages.panel_for_tests"])
def test_later_apps_add_panels_to_the_detail_page(county, ent1, login):
    response = login("township1").get(f"/enterprises/{ent1.pk}/")
    html = response.content.decode()
    assert 'data-testid="panel"' in html and "集体合同" in html and "2025年工资专项集体合同" in html


@override_settings(ENTERPRISE_PANELS=["gonghui.enterprises.tests.test_pages.panel_for_tests"])
def test_a_panel_with_nothing_to_show_is_left_out(county, login):
    bare = EnterpriseFactory(org=county.township1, name="没有工会的企业", uscc=make_uscc(401))
    assert 'data-testid="panel"' not in login("township1").get(f"/enterprises/{bare.pk}/").content.decode()


# --- forms ---------------------------------------------------------------------------------------


def test_registering_through_the_form_goes_to_the_new_enterprise(county, regions, login):
    client = login("township1")
    form = client.get("/enterprises/add/").context["form"]
    assert form.initial["org"] == county.township1.pk
    response = client.post(
        "/enterprises/add/",
        _form(
            county,
            uscc=make_uscc(55).lower(),
            township=regions["t1"].pk,
            union=county.grassroots1.pk,
            is_caring="on",
            industry="C",
        ),
    )
    e = Enterprise.objects.get(name="南江县南慧建材有限公司")
    assert response.status_code == 302 and response["Location"] == f"/enterprises/{e.pk}/"
    assert (e.uscc, e.union, e.is_caring, e.township) == (
        make_uscc(55),
        county.grassroots1,
        True,
        regions["t1"],
    )


def test_a_bad_code_shows_beside_its_field_in_chinese_and_nothing_is_saved(county, login):
    response = login("township1").post("/enterprises/add/", _form(county, uscc="91511922ABC"))
    assert response.status_code == 200
    message = response.context["form"].errors["uscc"][0]
    assert "18" in message and "11" in message and re.search(r"[\u4e00-\u9fff]", message)
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Enterprise.objects.exists()


def test_a_duplicate_code_shows_beside_its_field(county, ent1, login):
    response = login("township1").post("/enterprises/add/", _form(county, uscc=USCC1))
    assert "光雾山米业" in response.context["form"].errors["uscc"][0]
    assert Enterprise.objects.count() == 1


def test_the_form_offers_only_keepers_and_unions_in_scope(county, login):
    form = login("township1").get("/enterprises/add/").context["form"]
    assert list(form.fields["org"].queryset) == [county.township1]
    assert list(form.fields["union"].queryset) == [county.grassroots1]


def test_editing_through_the_form_saves_and_returns_to_the_detail(county, ent1, login):
    client = login("township1")
    assert client.get(f"/enterprises/{ent1.pk}/edit/").context["form"].initial["uscc"] == USCC1
    response = client.post(
        f"/enterprises/{ent1.pk}/edit/",
        _form(county, name=ent1.name, uscc=USCC1, union=county.grassroots1.pk),
    )
    assert response.status_code == 302
    ent1.refresh_from_db()
    assert ent1.employee_count == 12 and ent1.union == county.grassroots1


def test_a_chair_edits_the_enterprise_of_their_union_through_the_form(county, ent1, login):
    client = login("chair1")
    response = client.post(
        f"/enterprises/{ent1.pk}/edit/",
        _form(county, name=ent1.name, uscc=USCC1, union=county.grassroots1.pk),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    ent1.refresh_from_db()
    assert ent1.employee_count == 12 and ent1.org == county.township1


def test_closing_through_the_form_keeps_the_record_and_hides_the_actions(county, ent1, login):
    client = login("township1")
    response = client.post(f"/enterprises/{ent1.pk}/close/", {"reason": "企业注销"})
    assert response.status_code == 302
    detail = client.get(f"/enterprises/{ent1.pk}/")
    assert 'data-testid="closed-notice"' in detail.content.decode() and not detail.context["can_change"]
    assert client.get(f"/enterprises/{ent1.pk}/edit/").status_code == 200  # the form, but saving is refused
    again = client.post(f"/enterprises/{ent1.pk}/edit/", _form(county, name="新名字"))
    assert again.status_code == 200 and again.context["form"].non_field_errors()


def test_closing_without_a_reason_shows_the_error(county, ent1, login):
    response = login("township1").post(f"/enterprises/{ent1.pk}/close/", {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    ent1.refresh_from_db()
    assert ent1.is_active


# --- home, search, menu --------------------------------------------------------------------------


def test_home_counters_count_enterprises_with_a_union_and_caring_ones_in_scope(county, ent1, ent2):
    def figures(user: str) -> dict[str, Any]:
        return {str(c.label): c.value for c in home_counters(county.user(user)) if "/enterprises/" in c.url}

    assert sorted(figures("township1").values()) == [0, 1]
    assert sorted(figures("admin").values()) == [1, 2]
    assert figures("editor") == {}


def test_the_global_search_finds_enterprises_by_initials_and_code_in_scope(county, ent1, ent2, login):
    client = login("township1")
    hits = client.get("/search/?q=gwsmy").context["hits"]
    assert [h.label for h in hits] == ["南江县光雾山米业有限公司"]
    assert hits[0].url == f"/enterprises/{ent1.pk}/"
    assert client.get(f"/search/?q={ent2.uscc}").context["hits"] == []


@pytest.mark.parametrize(("user", "shown"), [("township1", True), ("auditor", True), ("editor", False)])
def test_the_menu_shows_enterprises_to_those_who_may_read_them(county, login, user, shown):
    html = login(user).get("/").content.decode()
    assert ('href="/enterprises/"' in html) is shown


def test_a_chair_may_register_no_enterprise_and_is_not_offered_to(county, ent1, login):
    client = login("chair1")
    assert not client.get("/enterprises/").context["can_create"]
    assert client.get("/enterprises/add/").status_code == 403
    assert client.post("/enterprises/add/", _form(county, org=county.grassroots1.pk)).status_code == 403
    assert Enterprise.objects.count() == 1
