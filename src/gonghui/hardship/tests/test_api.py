import io
from decimal import Decimal

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.funds.models import LedgerEntry
from gonghui.hardship.tests.conftest import active_file, approved_aid, open_file


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_a_cadre_files_submits_and_passes_on_a_file_through_the_api(county, welfare, api):
    client = api("township1")
    res = _post(client, "/api/v1/hardship-files/", {"person": welfare.wang.pk, "causes": ["illness"]})
    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["status"], body["suggested_category"], body["per_capita_income"]) == (
        "application",
        "deep",
        "400.00",
    )
    assert body["live_per_capita_income"] == "400.00"
    pk = body["id"]
    res = client.patch(
        f"/api/v1/hardship-files/{pk}", {"category": "relative"}, content_type="application/json"
    )
    assert res.status_code == 400
    assert res.json()["errors"][0]["field"] == "category_reason"
    assert _post(client, f"/api/v1/hardship-files/{pk}/submit").json()["status"] == "township_review"
    res = _post(client, f"/api/v1/hardship-files/{pk}/lift", {"reason": "x"})
    assert res.status_code == 409
    assert res.json()["detail"]


def test_a_second_disbursement_through_the_api_answers_409_and_changes_nothing(county, welfare, api):
    aid = approved_aid(county, welfare.wang, fund=welfare.fund1)
    client = api("finance")
    res = _post(client, f"/api/v1/aid-applications/{aid.pk}/disburse")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "disbursed"
    entries = LedgerEntry.objects.count()
    res = client.post(
        f"/api/v1/aid-applications/{aid.pk}/disburse",
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert res.status_code == 409
    assert "already" in res.json()["detail"]
    assert LedgerEntry.objects.count() == entries


def test_the_application_flow_through_the_api_with_a_receipt(county, welfare, api):
    cadre, finance = api("township1"), api("finance")
    res = _post(
        cadre,
        "/api/v1/aid-applications/",
        {
            "person": welfare.wang.pk,
            "aid_type": "living",
            "amount_requested": "600.50",
            "fund": welfare.fund1.pk,
        },
    )
    assert res.status_code == 201, res.content
    pk = res.json()["id"]
    assert [a["id"] for a in cadre.get("/api/v1/aid-applications/queue").json()] == [pk]
    assert _post(cadre, f"/api/v1/aid-applications/{pk}/review").json()["status"] == "in_review"
    body = _post(cadre, f"/api/v1/aid-applications/{pk}/approve").json()
    assert (body["status"], body["amount_approved"], body["decided_same_day"]) == ("approved", "600.50", True)
    assert _post(cadre, f"/api/v1/aid-applications/{pk}/disburse").status_code == 403
    assert _post(finance, f"/api/v1/aid-applications/{pk}/disburse").json()["status"] == "disbursed"
    scan = SimpleUploadedFile("r.png", b"\x89PNG fake", content_type="image/png")
    res = finance.post(f"/api/v1/aid-applications/{pk}/receipt", {"receipt": scan})
    assert res.status_code == 200, res.content
    assert res.json()["has_receipt"] is True
    body = _post(finance, f"/api/v1/aid-applications/{pk}/reverse", {"reason": "银行退票"}).json()
    assert body["status"] == "reversed"


def test_the_approval_form_opens_in_word_with_the_amount_in_figures_and_capitals(county, welfare, api):
    aid = approved_aid(county, welfare.wang, amount="1409.50")
    res = api("township1").get(f"/api/v1/aid-applications/{aid.pk}/approval-form.docx")
    assert res.status_code == 200
    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(res.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "¥1,409.50" in text
    assert "壹仟肆佰零玖元伍角" in text
    assert "南江镇工会" in docx.Document(io.BytesIO(res.content)).paragraphs[0].text
    assert welfare.wang.id_number not in text
    assert welfare.wang.id_number[-4:] in text


def test_rules_and_standards_are_listed(county, welfare, api):
    rules = api("township1").get("/api/v1/aid-rules/").json()["items"]
    assert {(r["aid_type"], r["cap_person"]) for r in rules} >= {("living", "2000.00")}
    standards = api("township1").get("/api/v1/minimum-living-standards/").json()["items"]
    assert standards[0]["urban"] == "500.00"


@pytest.mark.parametrize(
    "path",
    ["", "/submit", "/approve", "/review", "/lift", "/cancel"],
)
def test_township2_gets_404_for_township1s_file_by_id(county, welfare, api, path):
    row = open_file(county, welfare.wang)
    client = api("township2")
    res = (
        client.get(f"/api/v1/hardship-files/{row.pk}")
        if not path
        else _post(client, f"/api/v1/hardship-files/{row.pk}{path}", {"reason": "moved", "note": ""})
    )
    assert res.status_code == 404


@pytest.mark.parametrize(
    "path",
    ["", "/review", "/approve", "/reject", "/disburse", "/reverse", "/approval-form.docx", "/receipt.docx"],
)
def test_township2_gets_404_for_township1s_application_by_id(county, welfare, api, path):
    aid = approved_aid(county, welfare.wang)
    client = api("township2")
    if path in ("", "/approval-form.docx", "/receipt.docx"):
        res = client.get(f"/api/v1/aid-applications/{aid.pk}{path}")
    else:
        res = _post(client, f"/api/v1/aid-applications/{aid.pk}{path}", {"reason": "x"})
    assert res.status_code == 404


def test_lists_show_only_what_is_in_scope(county, welfare, api):
    mine = active_file(county, welfare.wang)
    theirs = active_file(county, welfare.zhao)
    approved_aid(county, welfare.wang)
    assert [f["id"] for f in api("township2").get("/api/v1/hardship-files/").json()["items"]] == [theirs.pk]
    assert {f["id"] for f in api("township1").get("/api/v1/hardship-files/").json()["items"]} == {mine.pk}
    assert {f["id"] for f in api("auditor").get("/api/v1/hardship-files/").json()["items"]} == {
        mine.pk,
        theirs.pk,
    }
    assert api("township2").get("/api/v1/aid-applications/").json()["count"] == 0
    assert api("township2").get("/api/v1/aid-applications/queue").json() == []
    assert api("auditor").get("/api/v1/aid-applications/").json()["count"] == 1
    assert api("township2").get("/api/v1/hardship-files/review-due?days=400").json() == [
        api("township2").get(f"/api/v1/hardship-files/{theirs.pk}").json()
    ]


def test_the_auditor_reads_but_cannot_change(county, welfare, api):
    row = open_file(county, welfare.wang)
    assert _post(api("auditor"), f"/api/v1/hardship-files/{row.pk}/submit").status_code == 403
    res = _post(api("auditor"), "/api/v1/hardship-files/", {"person": welfare.li.pk, "causes": ["illness"]})
    assert res.status_code == 403


def test_township2_cannot_file_a_township1_person(county, welfare, api):
    res = _post(
        api("township2"), "/api/v1/hardship-files/", {"person": welfare.wang.pk, "causes": ["illness"]}
    )
    assert res.status_code == 400
    assert res.json()["errors"][0]["field"] == "person"


def test_yuan_come_back_as_strings_to_the_fen(county, welfare, api):
    aid = approved_aid(county, welfare.wang, amount="0.10")
    body = api("township1").get(f"/api/v1/aid-applications/{aid.pk}").json()
    assert body["amount_approved"] == "0.10"
    assert Decimal(body["amount_requested"]) == Decimal("0.10")
