"""Scope and read-only rules, proved for every bargaining page, export and API endpoint from one table.

A township cadre reaches only its own township's contracts, checks, openness records and surveys
(anything else answers 404, as if it did not exist); the federation administrator reaches
everything; the auditor and the legal adviser read everything and change nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gonghui.bargaining.choices import Answer, Channel, CheckResult
from gonghui.bargaining.models import (
    CollectiveContract,
    FulfilmentCheck,
    OpennessRecord,
    SatisfactionSurvey,
    SurveyResponse,
)
from gonghui.bargaining.tests.endpoints import ENDPOINTS, LISTINGS, Endpoint, Listing
from gonghui.bargaining.tests.factories import make_contract, make_survey
from gonghui.enterprises.tests.factories import EnterpriseFactory

D = datetime.date
READS = [e for e in ENDPOINTS if not e.writes]
WRITES = [e for e in ENDPOINTS if e.writes]
TOWNSHIP1_MARKS = ("光雾山", "南江镇", "南慧", "云顶")
TOWNSHIP2_MARK = "长赤"


def _township(county: Any, union: Any, keeper: Any, enterprise: Any) -> dict[str, Any]:
    contract = make_contract(union, [enterprise])
    FulfilmentCheck.objects.create(
        org=union, contract=contract, year=2015, result=CheckResult.FULFILLED, checked_on=D(2015, 11, 1)
    )
    record = OpennessRecord.objects.create(
        org=union, enterprise=enterprise, year=2015, form="enterprise", practising=True, methods=["board"]
    )
    survey = make_survey(keeper)
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(org=keeper, survey=survey, channel=Channel.PAPER, answer=Answer.SATISFIED)
            for _ in range(3)
        ]
    )
    return {"contract": contract, "survey": survey, "openness": record}


@pytest.fixture
def records(county: Any, firms: Any) -> dict[str, dict[str, Any]]:
    """Each township's contract (with a 2015 check), openness record and survey; 长赤茶业 uncovered."""
    EnterpriseFactory(org=county.township2, name="南江县长赤茶业有限公司", union=county.grassroots2)
    return {
        "t1": _township(county, county.grassroots1, county.township1, firms.rice),
        "t2": _township(county, county.grassroots2, county.township2, firms.hotel),
    }


def snapshot() -> list[Any]:
    """Every bargaining row, to prove a refused request changed nothing."""
    models = [CollectiveContract, FulfilmentCheck, OpennessRecord, SatisfactionSurvey, SurveyResponse]
    return [list(m.objects.order_by("pk").values()) for m in models]


@pytest.fixture
def as_user(login: Any, api: Any) -> Any:
    def _as(username: str, endpoint: Endpoint | Listing) -> Any:
        return api(username) if endpoint.api else login(username)

    return _as


# --- a township cadre: its own township only ------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_township_two_gets_404_for_every_record_of_township_one(endpoint, county, records, as_user):
    before = snapshot()
    response = endpoint.call(as_user("township2", endpoint), county, records["t1"])
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_a_guessed_id_that_does_not_exist_answers_404_too(endpoint, county, records, as_user):
    response = endpoint.call(as_user("township1", endpoint), county, records["t1"], pk=999999)
    assert response.status_code == 404


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_township_two_sees_its_own_and_nothing_of_township_one_in_lists_exports_and_figures(
    listing, county, records, as_user
):
    text = listing.text(as_user("township2", listing))
    assert not [mark for mark in TOWNSHIP1_MARKS if mark in text]
    assert TOWNSHIP2_MARK in text


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_township_one_sees_its_own_and_nothing_of_township_two(listing, county, records, as_user):
    text = listing.text(as_user("township1", listing))
    assert TOWNSHIP2_MARK not in text
    assert listing.own in text


def test_the_figures_api_gives_township_two_none_of_township_ones_ids(county, firms, records, api):
    body = api("township2").get("/api/v1/kpis/bargaining?year=2015").json()
    for key in ("signing_rate", "openness_rate"):
        assert firms.rice.pk not in body[key]["denominator_ids"]
        assert firms.hotel.pk in body[key]["denominator_ids"]
    assert records["t1"]["contract"].pk not in body["fulfilment_rate"]["denominator_ids"]
    t1_answers = set(SurveyResponse.objects.filter(survey__org=county.township1).values_list("pk", flat=True))
    assert not t1_answers & set(body["satisfaction_rate"]["denominator_ids"])


def test_township_one_cannot_filter_or_figure_into_township_two(county, records, api, login):
    client = api("township1")
    t2 = county.township2.pk
    assert client.get(f"/api/v1/contracts/?org={t2}").json() == {"items": [], "count": 0}
    assert client.get(f"/api/v1/surveys/?org={t2}").json()["count"] == 0
    assert client.get(f"/api/v1/openness-records/?org={t2}").json()["count"] == 0
    assert client.get(f"/api/v1/kpis/bargaining?year=2015&org={t2}").status_code == 404
    assert client.get(f"/api/v1/contracts/expiring?on=2015-12-01&org={t2}").status_code == 404
    assert (
        login("township1").get(f"/bargaining/figures/signing_rate/numerator/?year=2015&org={t2}").status_code
        == 404
    )
    assert list(login("township1").get(f"/bargaining/contracts/?org={t2}").context["page"]) == []


# --- county-level readers and read-only roles -------------------------------------------------------


@pytest.mark.parametrize("user", ["admin", "auditor"])
@pytest.mark.parametrize("listing", [x for x in LISTINGS if not x.writes], ids=str)
def test_county_level_readers_see_every_township(listing, user, county, records, as_user):
    text = listing.text(as_user(user, listing))
    assert TOWNSHIP2_MARK in text and listing.own in text


@pytest.mark.parametrize("user", ["admin", "auditor", "lawyer"])
@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_county_level_readers_read_records_of_every_township(endpoint, user, county, records, as_user):
    for township in ("t1", "t2"):
        assert endpoint.call(as_user(user, endpoint), county, records[township]).status_code == 200


@pytest.mark.parametrize("user", ["auditor", "lawyer"])
@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_read_only_roles_change_nothing(endpoint, user, county, records, as_user):
    before = snapshot()
    response = endpoint.call(as_user(user, endpoint), county, records["t1"])
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("user", ["finance", "counsellor", "editor"])
def test_roles_without_bargaining_rights_get_403_on_pages_and_empty_lists_from_the_api(
    user, county, records, login, api
):
    for url in ("/bargaining/contracts/", "/bargaining/surveys/", "/bargaining/figures/"):
        assert login(user).get(url).status_code == 403
    assert api(user).get("/api/v1/contracts/").json()["count"] == 0
    assert api(user).get(f"/api/v1/contracts/{records['t1']['contract'].pk}").status_code == 404


def test_a_worker_account_gets_403_on_staff_pages(county, records, login):
    assert login("worker1").get("/bargaining/contracts/").status_code == 403


# --- a grassroots chair ---------------------------------------------------------------------------


def test_a_chair_reads_and_changes_its_unions_contract_but_not_another_townships(county, records, login, api):
    mine, theirs = records["t1"]["contract"], records["t2"]["contract"]
    assert login("chair1").get(f"/bargaining/contracts/{mine.pk}/").status_code == 200
    assert login("chair1").get(f"/bargaining/contracts/{mine.pk}/edit/").status_code == 200
    assert api("chair1").get(f"/api/v1/contracts/{theirs.pk}").status_code == 404


def test_a_chair_reads_the_townships_regional_contract_covering_its_enterprise_but_may_not_change_it(
    county, firms, login
):
    regional = make_contract(
        county.township1, [firms.bricks, firms.shop], kind="regional", title="南江镇区域合同"
    )
    client = login("chair1")
    page = client.get(f"/bargaining/contracts/{regional.pk}/")
    assert page.status_code == 200
    # the shop's own keeper is the township: the chair sees that one more enterprise is covered, not its name
    assert "南慧" in page.content.decode() and "王记面馆" not in page.content.decode()
    assert client.get(f"/bargaining/contracts/{regional.pk}/edit/").status_code == 403
