"""/api/v1/campaigns/: the whole campaign through the API, 409s, and what each township sees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.funds import queries as fund_queries
from gonghui.funds.models import LedgerEntry
from gonghui.hardship import campaigns
from gonghui.hardship.tests.conftest import YEAR, make_campaign

pytestmark = pytest.mark.django_db


def _post(client, url, data=None, **extra):
    return client.post(url, data or {}, content_type="application/json", **extra)


def _body(drive, **extra):
    return {
        "org": drive.campaign.org_id,
        "kind": "warmth",
        "name": "API送温暖",
        "starts_on": f"{YEAR}-01-01",
        "ends_on": f"{YEAR}-01-31",
        "fund": drive.welfare.fed_fund.pk,
        "budget": "3000.00",
        "categories": ["deep", "relative"],
        "standards": {"deep": "1000.00", "relative": "500.00"},
        "goods": [{"item": drive.quilt.pk, "quantity": 1}],
        **extra,
    }


def test_a_campaign_runs_from_creation_to_close_through_the_api(county, drive, api):
    cadre, finance = api("township1"), api("finance")
    res = _post(cadre, "/api/v1/campaigns/", _body(drive))
    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["status"], body["budget"], body["standards"]) == (
        "draft",
        "3000.00",
        {"deep": "1000.00", "relative": "500.00"},
    )
    pk = body["id"]
    res = _post(cadre, f"/api/v1/campaigns/{pk}/generate")
    assert res.status_code == 200, res.content
    preview = res.json()
    assert (preview["proposed"], preview["amount"]) == (2, "1500.00")
    assert preview["excluded"] == {"deceased": 1, "file_lifted": 1}
    assert preview["campaign"]["status"] == "generated"
    listing = cadre.get(f"/api/v1/campaigns/{pk}/grants").json()
    assert listing["count"] == 4
    reasons = {g["person_name"]: g["exclusion"] for g in listing["items"]}
    assert reasons["刘小红"] == "deceased" and reasons["王大伟"] == ""
    assert _post(cadre, f"/api/v1/campaigns/{pk}/approve").json()["status"] == "approved"
    approved = cadre.get(f"/api/v1/campaigns/{pk}/grants?status=approved").json()["items"]
    wang = next(g for g in approved if g["person_name"] == "王大伟")
    res = _post(finance, f"/api/v1/campaigns/{pk}/grants/{wang['id']}/disburse", {"received_by": "王大伟"})
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "disbursed" and res.json()["ledger_entry"]
    res = _post(finance, f"/api/v1/campaigns/{pk}/disburse", {"reference": "SWN-001"})
    assert res.status_code == 200, res.content
    assert (res.json()["count"], res.json()["amount"]) == (1, "500.00")
    assert res.json()["campaign"]["disbursed"] == "1500.00"
    res = _post(finance, f"/api/v1/campaigns/{pk}/grants/{wang['id']}/reverse", {"reason": "退回"})
    assert res.json()["status"] == "reversed"
    assert cadre.get(f"/api/v1/campaigns/{pk}").json()["remaining"] == "2500.00"
    res = _post(cadre, f"/api/v1/campaigns/{pk}/close", {"note": "完成"})
    assert res.status_code == 200
    assert res.json()["summary"]["recipients"] == 1 and res.json()["summary"]["reversed"] == 1
    assert _post(cadre, f"/api/v1/campaigns/{pk}/generate").status_code == 409


def test_a_second_disburse_of_the_same_grant_answers_409_and_changes_nothing(county, drive, api):
    campaigns.campaign_generate(by=county.user("township1"), campaign=drive.campaign)
    campaigns.campaign_approve(by=county.user("township1"), campaign=drive.campaign)
    grant = drive.campaign.grants.get(person=drive.welfare.wang)
    finance = api("finance")
    url = f"/api/v1/campaigns/{drive.campaign.pk}/grants/{grant.pk}/disburse"
    assert _post(finance, url).status_code == 200
    entries, balance = LedgerEntry.objects.count(), fund_queries.balance(drive.welfare.fed_fund)
    res = _post(finance, url, HTTP_ACCEPT_LANGUAGE="en")
    assert res.status_code == 409
    assert "already handed over" in res.json()["detail"]
    assert res.json()["errors"][0]["field"] == "status"
    assert LedgerEntry.objects.count() == entries
    assert fund_queries.balance(drive.welfare.fed_fund) == balance
    res = _post(finance, url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert res.status_code == 409


def test_bad_input_answers_400_beside_the_field(county, drive, api):
    res = _post(api("township1"), "/api/v1/campaigns/", _body(drive, budget="-5"), HTTP_ACCEPT_LANGUAGE="en")
    assert res.status_code == 400
    assert res.json()["errors"][0]["field"] == "budget"


def test_people_listed_by_hand_outside_the_cadres_scope_answer_400_beside_the_field(county, drive, api):
    body = _body(drive, listed=[drive.welfare.zhao.pk])  # township 2
    res = _post(api("township1"), "/api/v1/campaigns/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert res.status_code == 400
    error = res.json()["errors"][0]
    assert error["field"] == "listed" and "in your scope" in error["message"]
    res = _post(api("township1"), "/api/v1/campaigns/", _body(drive, listed=[drive.lifted.pk]))
    assert res.status_code == 201 and res.json()["listed"] == [drive.lifted.pk]


def test_a_township_cadre_follows_a_federation_campaign_for_their_own_people_only(county, drive, api):
    admin = county.user("admin")
    federal = make_campaign(county, drive.welfare, by=admin, org=county.federation, name="全县送温暖")
    campaigns.campaign_generate(by=admin, campaign=federal)
    names = {g.person.name: g.org_id for g in federal.grants.select_related("person")}
    everyone = api("auditor").get(f"/api/v1/campaigns/{federal.pk}/grants?limit=100").json()["items"]
    assert {"赵长赤", "王大伟"} <= {g["person_name"] for g in everyone}  # the county-wide list
    cadre = api("township1")
    assert federal.name in [c["name"] for c in cadre.get("/api/v1/campaigns/").json()["items"]]
    assert cadre.get(f"/api/v1/campaigns/{federal.pk}").status_code == 200
    seen = cadre.get(f"/api/v1/campaigns/{federal.pk}/grants?limit=100").json()["items"]
    assert seen and "赵长赤" not in {g["person_name"] for g in seen}
    assert {names[g["person_name"]] for g in seen} <= {county.township1.pk, county.grassroots1.pk}
    listing = make_campaign(
        county,
        drive.welfare,
        by=admin,
        org=county.federation,
        name="全县点名",
        listed=[drive.welfare.zhao.pk, drive.lifted.pk],
    )
    assert cadre.get(f"/api/v1/campaigns/{listing.pk}").json()["listed"] == [drive.lifted.pk]
    assert _post(cadre, f"/api/v1/campaigns/{federal.pk}/approve").status_code == 403
    assert _post(cadre, f"/api/v1/campaigns/{federal.pk}/generate").status_code == 403


@pytest.mark.parametrize(
    ("line", "field"),
    [({"quantity": 10**20}, "goods"), ({"quantity": 1_000_001}, "goods"), ({"item": 10**20}, None)],
)
def test_a_goods_line_too_large_answers_400_never_a_500(county, drive, api, line, field):
    goods = [{"item": drive.quilt.pk, "quantity": 1, **line}]
    res = _post(api("township1"), "/api/v1/campaigns/", _body(drive, goods=goods), HTTP_ACCEPT_LANGUAGE="en")
    assert res.status_code == 400, res.content
    if field:
        assert res.json()["errors"][0]["field"] == field


def test_a_township_cadre_sees_only_their_own_townships_campaigns(county, drive, api):
    other = make_campaign(
        county, drive.welfare, by=county.user("township2"), org=county.township2, name="长赤镇送温暖"
    )
    campaigns.campaign_generate(by=county.user("township2"), campaign=other)
    campaigns.campaign_generate(by=county.user("township1"), campaign=drive.campaign)
    mine = api("township1").get("/api/v1/campaigns/").json()
    assert [c["name"] for c in mine["items"]] == [drive.campaign.name] and mine["count"] == 1
    theirs = api("township2")
    assert [c["name"] for c in theirs.get("/api/v1/campaigns/").json()["items"]] == ["长赤镇送温暖"]
    pk = drive.campaign.pk
    assert theirs.get(f"/api/v1/campaigns/{pk}").status_code == 404
    assert theirs.get(f"/api/v1/campaigns/{pk}/grants").status_code == 404
    assert _post(theirs, f"/api/v1/campaigns/{pk}/generate").status_code == 404
    assert _post(theirs, f"/api/v1/campaigns/{pk}/approve").status_code == 404
    grant = drive.campaign.grants.first()
    assert _post(theirs, f"/api/v1/campaigns/{pk}/grants/{grant.pk}/disburse").status_code == 404
    assert _post(theirs, f"/api/v1/campaigns/{pk}/close").status_code == 404
    assert _post(theirs, "/api/v1/campaigns/", _body(drive)).status_code == 400  # org out of scope
    everyone = api("auditor").get("/api/v1/campaigns/").json()
    assert everyone["count"] == 2


def test_a_grant_of_another_campaign_is_not_found_under_this_one(county, drive, api):
    campaigns.campaign_generate(by=county.user("township1"), campaign=drive.campaign)
    other = make_campaign(county, drive.welfare, name="另一个")
    res = _post(
        api("finance"), f"/api/v1/campaigns/{other.pk}/grants/{drive.campaign.grants.first().pk}/disburse"
    )
    assert res.status_code == 404
    assert Decimal(drive.campaign.disbursed) == 0
