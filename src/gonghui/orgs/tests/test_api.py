"""/api/v1/orgs/ and /api/v1/service-points/: behaviour and the error format of DESIGN.md."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gonghui.orgs.models import Organisation, ServicePoint

Status = Organisation.Status


def send(client: Any, method: str, url: str, body: dict[str, Any], **headers: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **headers)


def assert_error_format(response: Any, status: int, field: str | None) -> dict[str, Any]:
    """``{"detail": "...", "errors": [{"field", "message"}]}`` naming ``field``, in Chinese by default."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} and e["message"] for e in body["errors"])
    assert field in [e["field"] for e in body["errors"]]
    return body


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "grassroots"}, "name"),
        ({"name": "新工会"}, "kind"),
        ({"name": "  ", "kind": "grassroots"}, "name"),
        ({"name": "新工会", "kind": "club"}, "kind"),
        ({"name": "新工会", "kind": "group"}, "parent"),
        ({"name": "新工会", "kind": "grassroots", "code": "T2-G1"}, "code"),
        ({"name": "新工会", "kind": "grassroots", "region": "999999"}, "region"),
    ],
)
def test_creating_with_bad_input_answers_400_naming_the_field_in_chinese(
    body: dict[str, Any], field: str, county: Any, api: Any
) -> None:
    response = send(api("township1"), "post", "/api/v1/orgs/", {"parent": county.township1.pk, **body})
    error = assert_error_format(response, 400, field)
    assert response["Content-Language"] == "zh-hans"
    message = next(e["message"] for e in error["errors"] if e["field"] == field)
    assert has_chinese(message), message
    assert Organisation.objects.count() == 6


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"kind": "club"}, "kind"),
        ({"code": "T2"}, "code"),
        ({"member_count": "many"}, "member_count"),
    ],
)
def test_patching_with_bad_input_answers_400_naming_the_field(
    body: dict[str, Any], field: str, county: Any, api: Any
) -> None:
    response = send(api("township1"), "patch", f"/api/v1/orgs/{county.grassroots1.pk}", body)
    assert_error_format(response, 400, field)
    assert Organisation.objects.get(pk=county.grassroots1.pk).name == "南江镇中心小学工会"


def test_errors_come_in_english_when_the_client_asks_for_it(county: Any, api: Any) -> None:
    response = send(
        api("township1"),
        "post",
        "/api/v1/orgs/",
        {"parent": county.township1.pk, "name": "新工会", "kind": "club"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = assert_error_format(response, 400, "kind")
    assert body["errors"][0]["message"] == "Choose a kind of organisation."


def test_cadre_adds_and_changes_a_union_through_the_api(county: Any, api: Any) -> None:
    client = api("township1")
    created = send(
        client,
        "post",
        "/api/v1/orgs/",
        {"parent": county.township1.pk, "name": "南江镇供电所工会", "kind": "grassroots", "region": "511922"},
    )
    assert created.status_code == 201
    org = created.json()
    assert (org["parent"], org["code"], org["region"], org["status"]) == (
        county.township1.pk,
        "T1-002",
        "511922",
        "active",
    )

    patched = send(client, "patch", f"/api/v1/orgs/{org['id']}", {"chair_name": "赵强", "region": None})
    assert patched.status_code == 200
    assert (patched.json()["chair_name"], patched.json()["region"], patched.json()["name"]) == (
        "赵强",
        None,
        "南江镇供电所工会",
    )


def test_admin_moves_merges_and_closes_through_the_api(county: Any, api: Any) -> None:
    client = api("admin")
    moved = send(client, "post", f"/api/v1/orgs/{county.group1.pk}/move", {"parent": county.grassroots2.pk})
    assert moved.status_code == 200 and moved.json()["parent"] == county.grassroots2.pk

    merged = send(
        client, "post", f"/api/v1/orgs/{county.grassroots1.pk}/merge", {"into": county.grassroots2.pk}
    )
    assert merged.status_code == 200
    assert (merged.json()["status"], merged.json()["merged_into"]) == ("merged", county.grassroots2.pk)

    refused = send(client, "post", f"/api/v1/orgs/{county.grassroots2.pk}/close", {"reason": "企业关停"})
    assert refused.status_code == 400  # the moved group is still open under it
    send(client, "post", f"/api/v1/orgs/{county.group1.pk}/close", {"reason": "撤销"})
    closed = send(
        client,
        "post",
        f"/api/v1/orgs/{county.grassroots2.pk}/close",
        {"reason": "企业关停", "on": "2024-12-31"},
    )
    assert (closed.json()["status"], closed.json()["closed_on"]) == ("closed", "2024-12-31")

    again = send(client, "patch", f"/api/v1/orgs/{county.grassroots2.pk}", {"name": "新名字"})
    assert_error_format(again, 409, None)


def test_cadre_closes_a_union_under_own_township_but_not_the_township(county: Any, api: Any) -> None:
    client = api("township1")
    assert (
        send(client, "post", f"/api/v1/orgs/{county.group1.pk}/close", {"reason": "撤销"}).status_code == 200
    )
    own = send(client, "post", f"/api/v1/orgs/{county.township1.pk}/close", {"reason": "撤乡并镇"})
    assert own.status_code == 403
    assert Organisation.objects.get(pk=county.township1.pk).status == Status.ACTIVE


def test_moving_under_an_organisation_of_another_township_names_the_field(county: Any, api: Any) -> None:
    response = send(
        api("township1"), "post", f"/api/v1/orgs/{county.group1.pk}/move", {"parent": county.grassroots2.pk}
    )
    assert_error_format(response, 400, "parent")


def test_orgs_list_pages_with_limit_and_offset_and_filters(county: Any, api: Any) -> None:
    client = api("admin")
    page = client.get("/api/v1/orgs/", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 6 and len(page["items"]) == 2
    townships = client.get("/api/v1/orgs/", {"kind": "township"}).json()
    assert [o["code"] for o in townships["items"]] == ["T1", "T2"]
    bad = client.get("/api/v1/orgs/", {"kind": "club"})
    assert_error_format(bad, 400, "kind")


# --- Service points --------------------------------------------------------------------------------


def test_cadre_adds_a_service_point_to_own_township_by_default(county: Any, api: Any) -> None:
    response = send(
        api("township1"), "post", "/api/v1/service-points/", {"name": "南江镇职工服务站", "kind": "station"}
    )
    assert response.status_code == 201
    assert response.json()["org"] == county.township1.pk


def test_an_out_of_town_station_without_a_city_answers_400_naming_the_city(county: Any, api: Any) -> None:
    response = send(
        api("admin"),
        "post",
        "/api/v1/service-points/",
        {"org": county.federation.pk, "name": "驻青岛站", "kind": "migrant_station"},
    )
    assert_error_format(response, 400, "city")
    assert not ServicePoint.objects.filter(name="驻青岛站").exists()


def test_a_service_point_is_patched_field_by_field(county: Any, api: Any, point1: Any) -> None:
    response = send(
        api("township1"), "patch", f"/api/v1/service-points/{point1.pk}", {"hours": "工作日 8:30-17:30"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["hours"], body["name"], body["kind"]) == (
        "工作日 8:30-17:30",
        "南江镇维权工作点",
        "rights_point",
    )


def test_service_points_filter_by_kind_and_organisation(county: Any, api: Any) -> None:
    client = api("admin")
    items = client.get("/api/v1/service-points/", {"org": county.township2.pk}).json()["items"]
    assert [p["name"] for p in items] == ["长赤镇维权工作点"]
    assert client.get("/api/v1/service-points/", {"kind": "centre"}).json()["count"] == 0


def test_regions_are_listed_for_any_staff_token(county: Any, api: Any) -> None:
    items = api("chair1").get("/api/v1/regions/", {"q": "5119"}).json()["items"]
    assert items == [{"code": "511922", "name": "南江县", "level": "county", "parent": None}]
