"""/api/v1/contracts/, /openness-records/, /surveys/ and /kpis/bargaining: shapes, verbs and errors."""

from __future__ import annotations

import datetime
import json
from typing import Any

from gonghui.bargaining.choices import Answer, Channel, CheckResult
from gonghui.bargaining.models import CollectiveContract, FulfilmentCheck, OpennessRecord, SurveyResponse
from gonghui.bargaining.tests.endpoints import xlsx_rows
from gonghui.bargaining.tests.factories import make_contract, make_survey

D = datetime.date


def _post(client: Any, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json", **extra)


def _contract_body(firms: Any, **fields: Any) -> dict[str, Any]:
    body = {
        "kind": "wage_special",
        "title": "光雾山米业2015年度工资专项集体合同",
        "enterprises": [firms.rice.pk],
        "signed_on": "2014-12-20",
        "term_start": "2015-01-01",
        "term_end": "2015-12-31",
        "covered_employees": 120,
        "wage_increase": "8.50",
        "minimum_wage": "1500.00",
    }
    body.update(fields)
    return body


def test_a_contract_is_created_for_the_callers_own_organisation_and_answers_201(county, firms, api):
    response = _post(api("chair1"), "/api/v1/contracts/", _contract_body(firms))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["org"] == county.grassroots1.pk and body["status"] == "signed" and body["state"] == "expired"
    assert body["enterprises"] == [{"id": firms.rice.pk, "name": "南江县光雾山米业有限公司"}]
    assert body["wage_increase"] == "8.50" and body["enterprise_count"] == 1


def test_a_refused_contract_answers_400_with_every_field_in_chinese(county, firms, api):
    body = _contract_body(
        firms, enterprises=[firms.rice.pk, firms.bricks.pk], term_end="2019-01-01", title=""
    )
    response = _post(api("township1"), "/api/v1/contracts/", body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {"title", "term_end", "enterprises"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]) for e in errors)
    assert not CollectiveContract.objects.exists()


def test_errors_follow_accept_language(county, firms, api):
    body = _contract_body(firms, term_end="2019-01-01")
    response = _post(api("township1"), "/api/v1/contracts/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["errors"][0]["message"].startswith(
        "A collective contract runs for at most three years"
    )


def test_an_enterprise_outside_the_scope_is_refused_like_a_missing_one(county, firms, api):
    response = _post(
        api("township1"), "/api/v1/contracts/", _contract_body(firms, enterprises=[firms.hotel.pk])
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "enterprises"


def test_the_list_answers_items_and_count_and_filters_by_state_on_a_day(county, firms, api):
    make_contract(county.grassroots1, [firms.rice])
    make_contract(county.grassroots1, [firms.bricks], signed_on=None, title="草案")
    client = api("township1")
    body = client.get("/api/v1/contracts/?limit=1").json()
    assert set(body) == {"items", "count"} and body["count"] == 2 and len(body["items"]) == 1
    in_force = client.get("/api/v1/contracts/?state=in_force&on=2015-06-30").json()
    assert [i["title"] for i in in_force["items"]] == ["南江县光雾山米业有限公司2015年度集体合同"]
    assert client.get("/api/v1/contracts/?state=draft").json()["items"][0]["title"] == "草案"
    assert client.get(f"/api/v1/contracts/?enterprise={firms.bricks.pk}").json()["count"] == 1
    assert client.get("/api/v1/contracts/?state=nonsense").status_code == 400


def test_patch_file_terminate_and_checks_are_verbs_on_the_contract(county, firms, api):
    contract = make_contract(county.grassroots1, [firms.rice])
    client = api("township1")
    url = f"/api/v1/contracts/{contract.pk}"
    patched = client.patch(url, data=json.dumps({"covered_employees": 130}), content_type="application/json")
    assert patched.status_code == 200 and patched.json()["covered_employees"] == 130
    filed = _post(
        client, url + "/file", {"filed_on": "2015-01-06", "filing_number": "南人社集备〔2015〕007号"}
    )
    assert filed.json()["filing_number"] == "南人社集备〔2015〕007号"
    check = _post(client, url + "/checks", {"year": 2015, "result": "partly", "checked_on": "2015-11-02"})
    assert check.status_code == 201 and check.json()["result"] == "partly"
    again = _post(client, url + "/checks", {"year": 2015, "result": "fulfilled", "checked_on": "2015-11-03"})
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "year"
    assert client.get(url + "/checks").json()["count"] == 1
    ended = _post(client, url + "/terminate", {"on": "2015-09-30", "reason": "企业破产"})
    assert ended.json()["status"] == "terminated" and ended.json()["state"] == "terminated"
    assert FulfilmentCheck.objects.get().result == CheckResult.PARTLY


def test_expiring_and_uncovered_lists(county, firms, api):
    make_contract(county.grassroots1, [firms.rice])
    make_contract(county.grassroots1, [firms.bricks], term_end=D(2016, 12, 31), title="两年合同")
    client = api("township1")
    expiring = client.get("/api/v1/contracts/expiring?on=2015-12-01").json()
    assert [i["title"] for i in expiring["items"]] == ["南江县光雾山米业有限公司2015年度集体合同"]
    assert client.get("/api/v1/contracts/expiring?on=2015-12-01&days=20").json()["count"] == 0
    assert client.get("/api/v1/contracts/expiring?days=-1").status_code == 400
    uncovered = client.get("/api/v1/contracts/uncovered-enterprises?on=2015-06-30").json()
    assert [i["name"] for i in uncovered["items"]] == ["南江县云顶茶业有限公司"]  # the organ does not bargain


def test_contract_export_is_an_xlsx_of_the_filtered_list(county, firms, api):
    make_contract(county.grassroots1, [firms.rice])
    rows = xlsx_rows(api("township1").get("/api/v1/contracts/export"))
    assert rows[0][1] == "标题" and rows[1][3] == "南江县光雾山米业有限公司"


def test_openness_records_are_created_then_corrected(county, firms, api):
    client = api("chair1")
    body = {"enterprise": firms.rice.pk, "year": 2015, "practising": True, "methods": ["board"]}
    created = _post(client, "/api/v1/openness-records/", body)
    assert created.status_code == 201 and created.json()["form"] == "enterprise"
    corrected = _post(client, "/api/v1/openness-records/", {**body, "methods": ["board", "congress"]})
    assert corrected.status_code == 200 and corrected.json()["methods"] == ["board", "congress"]
    assert OpennessRecord.objects.count() == 1
    assert client.get("/api/v1/openness-records/?year=2015&practising=true").json()["count"] == 1


def test_a_survey_takes_paper_answers_in_bulk_and_shows_its_results(county, api):
    client = api("township1")
    created = _post(client, "/api/v1/surveys/", {"year": 2015, "title": "南江镇满意度测评"})
    assert created.status_code == 201
    survey = created.json()
    entered = _post(
        client, f"/api/v1/surveys/{survey['id']}/responses", {"counts": {"satisfied": 95, "neutral": 5}}
    )
    assert entered.status_code == 201 and entered.json()["entered"] == 100
    results = entered.json()["survey"]["results"]
    assert results["satisfied"] == 95 and results["total"] == 100 and results["rate"] == "95.0"
    assert results["channels"] == {"paper": 100}
    assert client.get(f"/api/v1/surveys/{survey['id']}/responses?limit=5").json()["count"] == 100
    closed = _post(client, f"/api/v1/surveys/{survey['id']}/close", {})
    assert closed.json()["is_open"] is False
    late = _post(client, f"/api/v1/surveys/{survey['id']}/responses", {"counts": {"satisfied": 1}})
    assert late.status_code == 409


def test_a_worker_account_answers_by_the_public_code_once(county, api):
    survey = make_survey(county.township1, code="ABCD2345")
    client = api("worker1")
    assert client.get("/api/v1/surveys/by-code/abcd2345").json()["title"] == survey.title
    first = _post(client, "/api/v1/surveys/by-code/ABCD2345/answer", {"answer": "very_satisfied"})
    assert first.status_code == 201 and first.json()["channel"] == "online"
    second = _post(client, "/api/v1/surveys/by-code/ABCD2345/answer", {"answer": "neutral"})
    assert second.status_code == 409
    assert _post(client, "/api/v1/surveys/by-code/NOPE/answer", {"answer": "neutral"}).status_code == 404
    # the worker sees no staff list
    assert client.get("/api/v1/surveys/").json()["count"] == 0


def test_the_figures_endpoint_gives_the_four_rates_with_the_ids_behind_them(county, firms, api):
    make_contract(county.grassroots1, [firms.rice])
    make_contract(county.township1, [firms.bricks], kind="regional", title="区域合同")
    survey = make_survey(county.township1)
    SurveyResponse.objects.bulk_create(
        SurveyResponse(org=survey.org, survey=survey, channel=Channel.PAPER, answer=a)
        for a in [Answer.SATISFIED, Answer.SATISFIED, Answer.NEUTRAL]
    )
    body = api("admin").get(f"/api/v1/kpis/bargaining?year=2015&org={county.township1.pk}").json()
    assert body["year"] == 2015 and body["org"] == county.township1.pk
    signing = body["signing_rate"]
    assert (signing["numerator"], signing["denominator"], signing["rate"]) == (2, 3, "66.7")
    assert set(signing["numerator_ids"]) == {firms.rice.pk, firms.bricks.pk}
    assert signing["params"]["on"] == "2015-12-31"
    assert (
        body["satisfaction_rate"]["rate"] == "66.7" and len(body["satisfaction_rate"]["denominator_ids"]) == 3
    )
    assert body["fulfilment_rate"]["rate"] is None and body["openness_rate"]["rate"] == "0.0"


def test_the_figures_endpoint_refuses_a_year_out_of_range_and_users_without_the_right(county, api):
    assert api("admin").get("/api/v1/kpis/bargaining?year=1800").status_code == 400
    assert api("finance").get("/api/v1/kpis/bargaining?year=2015").status_code == 403
