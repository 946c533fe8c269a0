"""The organisation and service-point pages: what they show, what they change, how they refuse."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.orgs import services
from gonghui.orgs.models import Organisation, Region, ServicePoint
from gonghui.orgs.tests.endpoints import xlsx_rows
from gonghui.orgs.tests.factories import OrganisationFactory

Status = Organisation.Status


def fresh(org: Organisation) -> Organisation:
    return Organisation.objects.get(pk=org.pk)


def form_errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


# --- Tree ------------------------------------------------------------------------------------------


def test_tree_loads_each_level_through_htmx_when_it_is_opened(county: Any, login: Any) -> None:
    client = login("admin")
    html = client.get(reverse("orgs:tree")).content.decode()
    tree = html.split('data-testid="org-tree"')[1]
    assert f'hx-get="{reverse("orgs:children", args=[county.federation.pk])}"' in tree
    assert county.township1.name not in tree

    fragment = client.get(reverse("orgs:children", args=[county.federation.pk]), HTTP_HX_REQUEST="true")
    assert [n.name for n in fragment.context["nodes"]] == ["南江镇工会", "长赤镇工会"]
    assert "<html" not in fragment.content.decode()


def test_tree_shows_closed_and_merged_organisations_greyed_with_their_status(county: Any, login: Any) -> None:
    admin = county.user("admin")
    services.org_close(by=admin, org=county.group1, reason="撤销")
    other = OrganisationFactory(parent=county.township2, name="长赤镇砖厂工会", code="T2-G2")
    services.org_merge(by=admin, org=other, into=county.grassroots2)

    for parent, name in ((county.grassroots1, "一年级组"), (county.township2, "长赤镇砖厂工会")):
        html = login("admin").get(reverse("orgs:children", args=[parent.pk])).content.decode()
        node = next(part for part in html.split('data-testid="tree-node"')[1:] if name in part)
        assert 'class="gh-muted-row"' in node
        assert 'data-testid="org-status"' in node


# --- List and export -------------------------------------------------------------------------------


def test_list_filters_by_kind_and_pages_through_many_unions(county: Any, login: Any) -> None:
    for n in range(30):
        OrganisationFactory(parent=county.township1, name=f"南江镇企业{n:02d}工会", code=f"T1-E{n:02d}")
    client = login("township1")
    first = client.get(reverse("orgs:list"), {"kind": "grassroots"})
    assert first.context["page"].paginator.count == 31
    assert len(first.context["page"]) == 25
    second = client.get(reverse("orgs:list"), {"kind": "grassroots", "page": 2})
    assert len(second.context["page"]) == 6
    assert "kind=grassroots" in second.content.decode()  # the pager keeps the filter


def test_a_bad_filter_value_is_shown_beside_the_filter_and_matches_nothing(county: Any, login: Any) -> None:
    response = login("admin").get(reverse("orgs:list"), {"kind": "club"})
    assert response.status_code == 200
    assert "kind" in response.context["filter"].form.errors
    assert len(response.context["page"]) == 0


def test_export_follows_the_list_filters(county: Any, login: Any) -> None:
    client = login("admin")
    list_page = client.get(reverse("orgs:list"), {"kind": "grassroots"}).content.decode()
    assert f"{reverse('orgs:export')}?kind=grassroots" in list_page
    rows = xlsx_rows(client.get(reverse("orgs:export"), {"kind": "grassroots"}))
    assert sorted(row[1] for row in rows[1:]) == sorted(["南江镇中心小学工会", "长赤镇卫生院工会"])


def test_export_with_a_bad_filter_goes_back_to_the_list_with_the_reason(county: Any, login: Any) -> None:
    response = login("admin").get(reverse("orgs:export"), {"kind": "club"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("orgs:list"))


# --- Detail ----------------------------------------------------------------------------------------


def test_detail_shows_children_service_points_and_history(county: Any, login: Any) -> None:
    edit = reverse("orgs:edit", args=[county.township1.pk])
    login("admin").post(edit, {"name": "南江镇工会", "kind": "township", "code": "T1", "chair_name": "李明"})
    response = login("township1").get(reverse("orgs:detail", args=[county.township1.pk]))
    assert [c.name for c in response.context["children"]] == ["南江镇中心小学工会"]
    assert [p.name for p in response.context["points"]] == ["南江镇维权工作点"]
    html = response.content.decode()
    history = html.split('data-testid="history"')[1]
    assert "李明" in history and "admin" in history
    assert "<strong>path</strong>" not in history  # tree bookkeeping is not history


def test_breadcrumbs_run_from_the_top_of_the_users_scope(county: Any, login: Any) -> None:
    url = reverse("orgs:detail", args=[county.group1.pk])
    labels = [str(label) for label, _url in login("township1").get(url).context["breadcrumbs"]]
    assert labels[1:] == ["南江镇工会", "南江镇中心小学工会", "一年级组"]
    labels = [str(label) for label, _url in login("admin").get(url).context["breadcrumbs"]]
    assert labels[1:] == ["南江县总工会", "南江镇工会", "南江镇中心小学工会", "一年级组"]


@pytest.mark.parametrize(
    ("user", "target", "change", "restructure"),
    [
        ("township1", "township1", True, False),
        ("township1", "grassroots1", True, True),
        ("admin", "township1", True, True),
        ("admin", "federation", True, False),
        ("chair1", "grassroots1", False, False),
        ("auditor", "township2", False, False),
    ],
)
def test_detail_offers_only_the_actions_the_user_may_take(
    user: str, target: str, change: bool, restructure: bool, county: Any, login: Any
) -> None:
    org = getattr(county, target)
    response = login(user).get(reverse("orgs:detail", args=[org.pk]))
    assert (response.context["can_change"], response.context["can_restructure"]) == (change, restructure)
    html = response.content.decode()
    assert (reverse("orgs:edit", args=[org.pk]) in html) is change
    assert (reverse("orgs:close", args=[org.pk]) in html) is restructure


def test_a_closed_organisation_still_opens_with_its_history_and_no_actions(county: Any, login: Any) -> None:
    services.org_close(by=county.user("township1"), org=county.group1, reason="撤销")
    response = login("township1").get(reverse("orgs:detail", args=[county.group1.pk]))
    assert response.status_code == 200
    assert not response.context["can_change"] and not response.context["can_restructure"]
    assert "撤销" in response.content.decode().split('data-testid="closed-notice"')[1]


# --- Adding and changing ---------------------------------------------------------------------------


def test_cadre_adds_a_grassroots_union_under_own_township_through_the_page(county: Any, login: Any) -> None:
    client = login("township1")
    url = reverse("orgs:create") + f"?parent={county.township1.pk}"
    form = client.get(url).context["form"]
    assert form.initial == {"parent": county.township1.pk, "kind": "grassroots"}
    offered = set(form.fields["parent"].queryset.values_list("pk", flat=True))
    assert offered == {county.township1.pk, county.grassroots1.pk, county.group1.pk}

    response = client.post(
        url, {"parent": county.township1.pk, "name": "南江镇供电所工会", "kind": "grassroots"}
    )
    org = Organisation.objects.get(name="南江镇供电所工会")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:detail", args=[org.pk])
    assert Organisation.objects.get_parent(org) == county.township1


def test_a_kind_refused_under_the_parent_is_shown_beside_the_parent_field(county: Any, login: Any) -> None:
    response = login("township1").post(
        reverse("orgs:create"), {"parent": county.township1.pk, "name": "新组", "kind": "group"}
    )
    assert "parent" in form_errors(response)
    assert not Organisation.objects.filter(name="新组").exists()


def test_a_code_in_use_is_shown_beside_the_code_field(county: Any, login: Any) -> None:
    response = login("township1").post(
        reverse("orgs:create"),
        {"parent": county.township1.pk, "name": "新工会", "kind": "grassroots", "code": "T1-G1"},
    )
    assert "code" in form_errors(response)


def test_edit_page_changes_details_and_can_clear_the_region(county: Any, login: Any) -> None:
    services.org_update(by=county.user("admin"), org=county.grassroots1, region=county.region)
    client = login("township1")
    url = reverse("orgs:edit", args=[county.grassroots1.pk])
    assert client.get(url).context["form"].initial["name"] == "南江镇中心小学工会"
    response = client.post(
        url,
        {
            "name": "南江镇中心小学工会",
            "kind": "grassroots",
            "code": "T1-G1",
            "chair_name": "王芳",
            "member_count": 52,
        },
    )
    assert response.status_code == 302
    org = fresh(county.grassroots1)
    assert (org.chair_name, org.member_count, org.region) == ("王芳", 52, None)


def test_editing_a_closed_organisation_is_refused_on_the_page(county: Any, login: Any) -> None:
    services.org_close(by=county.user("admin"), org=county.group1, reason="撤销")
    response = login("township1").post(
        reverse("orgs:edit", args=[county.group1.pk]), {"name": "新名字", "kind": "group", "code": "T1-G1-1"}
    )
    assert form_errors(response)["__all__"]
    assert fresh(county.group1).name == "一年级组"


# --- Moving, merging and closing -------------------------------------------------------------------


def test_move_page_offers_allowed_parents_only_and_moves(county: Any, login: Any) -> None:
    client = login("admin")
    url = reverse("orgs:move", args=[county.grassroots1.pk])
    offered = set(client.get(url).context["form"].fields["parent"].queryset.values_list("code", flat=True))
    assert offered == {"FED", "T1", "T2"}
    response = client.post(url, {"parent": county.township2.pk})
    assert response.status_code == 302
    assert Organisation.objects.get_parent(fresh(county.grassroots1)) == county.township2
    history = client.get(reverse("orgs:detail", args=[county.grassroots1.pk])).context["history"]
    assert any(label == "parent" for row in history for label, _old, _new in row["changes"])


def test_merge_page_merges_into_a_union_of_the_same_kind(county: Any, login: Any) -> None:
    client = login("admin")
    url = reverse("orgs:merge", args=[county.grassroots2.pk])
    offered = set(client.get(url).context["form"].fields["into"].queryset.values_list("code", flat=True))
    assert offered == {"T1-G1"}
    response = client.post(url, {"into": county.grassroots1.pk, "on": "2024-06-28"})
    assert response["Location"] == reverse("orgs:detail", args=[county.grassroots1.pk])
    merged = fresh(county.grassroots2)
    assert (merged.status, merged.merged_into_id) == (Status.MERGED, county.grassroots1.pk)


def test_close_page_refuses_while_open_sub_organisations_remain_then_closes(county: Any, login: Any) -> None:
    client = login("township1")
    url = reverse("orgs:close", args=[county.grassroots1.pk])
    assert form_errors(client.post(url, {"reason": "企业关停"}))["__all__"]
    assert fresh(county.grassroots1).status == Status.ACTIVE

    assert client.post(reverse("orgs:close", args=[county.group1.pk]), {"reason": "撤销"}).status_code == 302
    assert client.post(url, {"reason": "企业关停", "on": "2024-12-31"}).status_code == 302
    org = fresh(county.grassroots1)
    assert (org.status, org.close_reason, str(org.closed_on)) == (Status.CLOSED, "企业关停", "2024-12-31")


def test_close_page_asks_for_the_reason(county: Any, login: Any) -> None:
    response = login("township1").post(reverse("orgs:close", args=[county.group1.pk]), {"reason": ""})
    assert "reason" in form_errors(response)


@pytest.mark.parametrize("action", ["orgs:move", "orgs:merge", "orgs:close"])
def test_cadre_may_not_move_merge_or_close_own_township(
    action: str, county: Any, login: Any, api: Any
) -> None:
    url = reverse(action, args=[county.township1.pk])
    client = login("township1")
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "撤乡并镇", "parent": county.federation.pk}).status_code == 403
    verb = action.split(":")[1]
    body = {"reason": "撤乡并镇", "parent": county.federation.pk, "into": county.township1.pk}
    response = api("township1").post(
        f"/api/v1/orgs/{county.township1.pk}/{verb}", data=body, content_type="application/json"
    )
    assert response.status_code in (400, 403)
    assert fresh(county.township1).status == Status.ACTIVE


def test_the_federation_offers_no_structural_pages(county: Any, login: Any) -> None:
    assert login("admin").get(reverse("orgs:close", args=[county.federation.pk])).status_code == 403


def test_a_worker_cannot_open_the_organisation_pages(county: Any, login: Any) -> None:
    client = login("worker1")
    assert client.get(reverse("orgs:tree")).status_code == 403
    assert client.get(reverse("orgs:detail", args=[county.township1.pk])).status_code == 403


# --- Service points and regions --------------------------------------------------------------------


def test_an_out_of_town_station_without_its_city_is_shown_beside_the_city(county: Any, login: Any) -> None:
    response = login("admin").post(
        reverse("orgs:point_create"),
        {
            "org": county.federation.pk,
            "name": "驻青岛农民工法律服务站",
            "kind": "migrant_station",
            "is_active": "on",
        },
    )
    assert "city" in form_errors(response)
    assert not ServicePoint.objects.filter(name="驻青岛农民工法律服务站").exists()


def test_admin_adds_an_out_of_town_station_and_finds_it_in_the_filtered_list(county: Any, login: Any) -> None:
    client = login("admin")
    response = client.post(
        reverse("orgs:point_create"),
        {
            "org": county.federation.pk,
            "name": "驻西安农民工法律服务站",
            "kind": "migrant_station",
            "city": "西安",
            "address": "西安市未央区",
            "phone": "029-88886666",
            "hours": "周一至周五 9:00-17:00",
            "services": "法律咨询、欠薪维权",
            "is_active": "on",
        },
    )
    point = ServicePoint.objects.get(name="驻西安农民工法律服务站")
    assert response["Location"] == reverse("orgs:point_detail", args=[point.pk])
    assert (point.city, point.hours, point.is_active) == ("西安", "周一至周五 9:00-17:00", True)
    listed = client.get(reverse("orgs:points"), {"kind": "migrant_station"}).context["page"]
    assert [p.name for p in listed] == ["驻西安农民工法律服务站"]
    detail = client.get(reverse("orgs:point_detail", args=[point.pk])).content.decode()
    assert "029-88886666" in detail and "法律咨询、欠薪维权" in detail


def test_cadre_edits_a_service_point_of_own_township_and_may_only_choose_own_organisations(
    county: Any, login: Any, point1: Any
) -> None:
    client = login("township1")
    url = reverse("orgs:point_edit", args=[point1.pk])
    offered = set(client.get(url).context["form"].fields["org"].queryset.values_list("code", flat=True))
    assert offered == {"T1", "T1-G1", "T1-G1-1"}
    response = client.post(
        url,
        {"org": county.township1.pk, "name": "南江镇维权工作点", "kind": "rights_point", "hours": "工作日"},
    )
    assert response.status_code == 302
    point1.refresh_from_db()
    assert (point1.hours, point1.is_active) == ("工作日", False)


def test_chair_reads_service_points_but_may_not_add_one(county: Any, login: Any) -> None:
    client = login("chair1")
    assert client.get(reverse("orgs:points")).status_code == 200
    assert client.get(reverse("orgs:point_create")).status_code == 403


def test_regions_are_listed_for_every_staff_user_and_searchable_by_code(county: Any, login: Any) -> None:
    Region.objects.create(code="511922100000", name="南江镇", level="township", parent=county.region)
    client = login("chair1")
    rows = client.get(reverse("orgs:regions"), {"q": "5119221"}).context["page"]
    assert [r.name for r in rows] == ["南江镇"]
    assert client.get(reverse("orgs:regions"), {"level": "county"}).context["page"][0].code == "511922"
