"""/api/v1/enterprises/: list, search, filters, detail, create, change, close, export, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from auditlog.models import LogEntry

from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.tests.conftest import USCC1
from gonghui.enterprises.tests.endpoints import xlsx_rows
from gonghui.enterprises.tests.factories import EnterpriseFactory, make_uscc

URL = "/api/v1/enterprises/"


def _post(client: Any, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json", **extra)


def _patch(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def more(county: Any, regions: Any, ent1: Any) -> list[Enterprise]:
    return [
        EnterpriseFactory(
            org=county.township1,
            name=f"南江县测试{i}建材有限公司",
            uscc=make_uscc(100 + i),
            township=regions["t1"],
        )
        for i in range(5)
    ]


def test_the_list_answers_items_and_count_and_pages_with_limit_and_offset(county, more, api):
    client = api("township1")
    body = client.get(URL + "?limit=2&offset=0").json()
    assert set(body) == {"items", "count"} and body["count"] == 6 and len(body["items"]) == 2
    rest = client.get(URL + "?limit=10&offset=2").json()["items"]
    assert len(rest) == 4
    assert not {i["id"] for i in body["items"]} & {i["id"] for i in rest}


def test_an_item_has_the_registry_fields(county, ent1, api):
    item = api("township1").get(URL).json()["items"][0]
    assert item["name"] == "南江县光雾山米业有限公司" and item["uscc"] == USCC1
    assert item["org"] == county.township1.pk and item["township"] == "511922001000"
    assert item["union"] == county.grassroots1.pk and item["union_name"] == "南江镇中心小学工会"
    assert item["name_initials"] == "njxgwsmyyxgs" and item["status"] == "active"


def test_q_searches_and_returns_the_rank_best_first(county, more, api):
    items = api("township1").get(URL + "?q=gwsmy").json()["items"]
    assert [(i["name"], i["rank"]) for i in items] == [("南江县光雾山米业有限公司", 50)]
    items = api("township1").get(URL + f"?q={USCC1.lower()}").json()["items"]
    assert [(i["name"], i["rank"]) for i in items] == [("南江县光雾山米业有限公司", 0)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=individual", {"王记餐馆"}),
        ("industry=H", {"王记餐馆"}),
        ("township=511922001000", {"南江县光雾山米业有限公司"}),
        ("has_union=true", {"南江县光雾山米业有限公司"}),
        ("has_union=false", {"王记餐馆", "关停的厂"}),
        ("is_caring=true", {"关停的厂"}),
        ("status=closed", {"关停的厂"}),
        ("status=active&is_caring=false", {"南江县光雾山米业有限公司", "王记餐馆"}),
    ],
)
def test_filters_narrow_the_list(county, ent1, api, query, expected):
    EnterpriseFactory(org=county.township1, name="王记餐馆", uscc="", type="individual", industry="H")
    EnterpriseFactory(
        org=county.township1, name="关停的厂", is_caring=True, status="closed", closed_on="2024-01-01"
    )
    items = api("township1").get(f"{URL}?{query}").json()["items"]
    assert {i["name"] for i in items} == expected


def test_the_org_filter_takes_the_keeper_and_everything_under_it(county, ent1, ent2, api):
    client = api("admin")
    assert [i["id"] for i in client.get(f"{URL}?org={county.township2.pk}").json()["items"]] == [ent2.pk]
    assert client.get(f"{URL}?org={county.federation.pk}").json()["count"] == 2


def test_a_bad_filter_value_answers_400_naming_the_filter(county, ent1, api):
    response = api("township1").get(URL + "?type=shop")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["type"]


def test_detail_answers_one_enterprise(county, ent1, api):
    body = api("township1").get(f"{URL}{ent1.pk}").json()
    assert body["id"] == ent1.pk and body["legal_representative"] == ""


def test_create_defaults_the_keeper_to_the_callers_own_organisation(county, regions, api):
    response = _post(
        api("township1"),
        URL,
        {
            "name": "南江县南慧建材有限公司",
            "uscc": make_uscc(77).lower(),
            "type": "private",
            "industry": "C",
            "employee_count": 40,
            "township": "511922001000",
            "union": county.grassroots1.pk,
            "is_caring": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["org"] == county.township1.pk and body["uscc"] == make_uscc(77)
    assert body["township"] == "511922001000" and body["union"] == county.grassroots1.pk and body["is_caring"]


def test_create_with_a_bad_code_answers_400_in_the_error_format_and_saves_nothing(county, api):
    good = make_uscc(78)
    bad = good[:-1] + ("1" if good.endswith("0") else "0")
    response = _post(api("township1"), URL, {"name": "某公司", "type": "private", "uscc": bad})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"][0]["field"] == "uscc"
    assert body["detail"] == body["errors"][0]["message"]
    assert not Enterprise.objects.exists()


def test_errors_come_in_english_when_asked(county, api):
    response = _post(
        api("township1"), URL, {"name": "某公司", "type": "private", "uscc": "123"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "18 characters" in response.json()["detail"]


def test_a_duplicate_code_answers_400_on_the_code_field(county, ent1, api):
    response = _post(api("township1"), URL, {"name": "另一家", "type": "private", "uscc": USCC1})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "uscc"
    assert Enterprise.objects.count() == 1


def test_a_missing_name_answers_400_naming_the_field(county, api):
    response = _post(api("township1"), URL, {"type": "private"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "name", "message": response.json()["errors"][0]["message"]}
    ]


def test_an_unknown_township_code_and_an_out_of_scope_union_name_their_fields(county, api):
    client = api("township1")
    response = _post(client, URL, {"name": "某公司", "type": "private", "township": "999"})
    assert response.json()["errors"][0]["field"] == "township"
    response = _post(client, URL, {"name": "某公司", "type": "private", "union": county.grassroots2.pk})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "union"


def test_patch_changes_only_the_fields_given_and_can_clear_township_and_union(county, ent1, api):
    response = _patch(
        api("township1"), f"{URL}{ent1.pk}", {"employee_count": 99, "township": None, "union": None}
    )
    assert response.status_code == 200, response.content
    ent1.refresh_from_db()
    assert (ent1.employee_count, ent1.township, ent1.union, ent1.uscc) == (99, None, None, USCC1)


def test_patch_with_null_name_leaves_the_name(county, ent1, api):
    _patch(api("township1"), f"{URL}{ent1.pk}", {"name": None})
    ent1.refresh_from_db()
    assert ent1.name == "南江县光雾山米业有限公司"


def test_close_marks_closed_and_a_second_close_conflicts(county, ent1, api):
    client = api("township1")
    response = _post(client, f"{URL}{ent1.pk}/close", {"reason": "企业注销", "on": "2025-03-01"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert response.json()["closed_on"] == "2025-03-01"
    again = _post(client, f"{URL}{ent1.pk}/close", {"reason": "企业注销"})
    assert again.status_code == 409 and set(again.json()) == {"detail", "errors"}


def test_a_closed_enterprise_cannot_be_patched(county, ent1, api):
    client = api("township1")
    _post(client, f"{URL}{ent1.pk}/close", {"reason": "企业注销"})
    assert _patch(client, f"{URL}{ent1.pk}", {"name": "新名字"}).status_code == 409


def test_the_auditor_gets_403_in_the_error_format_and_nothing_changes(county, ent1, api, snapshot):
    before = snapshot()
    client = api("auditor")
    for response in (
        _post(client, URL, {"name": "某公司", "type": "private", "org": county.township1.pk}),
        _patch(client, f"{URL}{ent1.pk}", {"name": "新名字"}),
        _post(client, f"{URL}{ent1.pk}/close", {"reason": "关停"}),
    ):
        assert response.status_code == 403
        assert set(response.json()) == {"detail", "errors"}
    assert snapshot() == before


def test_export_is_an_xlsx_of_the_filtered_scope_and_is_logged(county, ent1, ent2, more, api):
    response = api("township1").get(URL + "export?q=米业")
    rows = xlsx_rows(response)
    assert [r[1] for r in rows[1:]] == ["南江县光雾山米业有限公司"]
    assert rows[1][0] == USCC1  # a credit code stays text
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == county.user("township1")
    assert (
        "enterprises export (1 rows)" in entry.additional_data["reason"]
        and "q=米业" in entry.additional_data["reason"]
    )


def test_without_a_token_the_api_answers_401(county, ent1, client):
    assert client.get(URL).status_code == 401
