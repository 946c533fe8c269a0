"""The staff pages (contracts, checks, openness entry, surveys, figures, the enterprise panel) and the
public answering page."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from gonghui.bargaining.choices import Channel, CheckResult
from gonghui.bargaining.models import CollectiveContract, FulfilmentCheck, OpennessRecord, SurveyResponse
from gonghui.bargaining.tests.factories import make_contract, make_survey

D = datetime.date


def _form(firms: Any, **fields: Any) -> dict[str, Any]:
    data = {
        "org": "",
        "kind": "wage_special",
        "title": "南慧建材2015年度工资专项集体合同",
        "enterprises": [firms.bricks.pk],
        "signed_on": "2014-12-22",
        "term_start": "2015-01-01",
        "term_end": "2015-12-31",
        "covered_employees": "80",
        "wage_increase": "7.5",
        "minimum_wage": "1400",
    }
    data.update(fields)
    return data


def test_the_contract_form_offers_only_enterprises_in_scope(county, firms, login):
    page = login("township1").get("/bargaining/contracts/add/")
    choices = {e.pk for e in page.context["form"].fields["enterprises"].queryset}
    assert firms.rice.pk in choices and firms.hotel.pk not in choices
    orgs = set(page.context["form"].fields["org"].queryset.values_list("pk", flat=True))
    assert orgs == {county.township1.pk, county.grassroots1.pk}


def test_a_contract_recorded_on_the_page_opens_its_detail(county, firms, login):
    client = login("township1")
    response = client.post("/bargaining/contracts/add/", _form(firms, org=county.grassroots1.pk))
    contract = CollectiveContract.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bargaining/contracts/{contract.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "南江县南慧建材有限公司" in detail and "南慧建材2015年度工资专项集体合同" in detail


def test_a_refused_contract_shows_the_error_beside_its_field_and_saves_nothing(county, firms, login):
    data = _form(firms, org=county.township1.pk, enterprises=[firms.bricks.pk, firms.rice.pk])
    page = login("township1").post("/bargaining/contracts/add/", data)
    assert page.status_code == 200 and page.context["form"].errors["enterprises"]
    assert not CollectiveContract.objects.exists()


def test_the_create_page_can_start_from_an_enterprise(county, firms, login):
    page = login("township1").get(f"/bargaining/contracts/add/?enterprise={firms.tea.pk}")
    assert page.context["form"].initial["enterprises"] == [firms.tea.pk]


def test_edit_file_terminate_and_check_pages(county, firms, login):
    contract = make_contract(county.grassroots1, [firms.rice])
    client = login("township1")
    base = f"/bargaining/contracts/{contract.pk}/"
    edit = _form(firms, enterprises=[firms.rice.pk], title="改过的标题")
    edit.pop("org")
    assert client.post(base + "edit/", edit).status_code == 302
    assert (
        client.post(base + "file/", {"filed_on": "2015-01-05", "filing_number": "备案001"}).status_code == 302
    )
    check = {"year": "2015", "result": "fulfilled", "checked_on": "2015-11-10", "checked_by": "检查组"}
    assert client.post(base + "checks/add/", check).status_code == 302
    again = client.post(base + "checks/add/", {**check, "result": "partly"})
    assert again.status_code == 200 and again.context["form"].errors["year"]
    assert client.post(base + "terminate/", {"on": "2015-10-01", "reason": "企业停产"}).status_code == 302
    contract.refresh_from_db()
    assert (contract.title, contract.filing_number, contract.status) == (
        "改过的标题",
        "备案001",
        "terminated",
    )
    assert FulfilmentCheck.objects.get().result == CheckResult.FULFILLED
    detail = client.get(base)
    assert "检查组" in detail.content.decode() and detail.context["can_change"] is False


def test_the_uncovered_and_expiring_pages(county, firms, login):
    make_contract(county.grassroots1, [firms.rice])
    client = login("township1")
    uncovered = client.get("/bargaining/contracts/uncovered/?on=2015-06-30")
    names = [e.name for e in uncovered.context["page"]]
    assert names == ["南江县南慧建材有限公司", "南江县云顶茶业有限公司"]  # not the organ, not the shop
    expiring = client.get("/bargaining/contracts/expiring/?on=2015-11-15&days=60")
    assert [c.pk for c in expiring.context["page"]] == [CollectiveContract.objects.get().pk]
    assert list(client.get("/bargaining/contracts/expiring/?on=2015-06-15").context["page"]) == []


def test_the_openness_sheet_records_a_whole_township_at_once(county, firms, login):
    client = login("township1")
    sheet = client.get("/bargaining/openness/entry/?year=2015")
    listed = {row["enterprise"].pk for row in sheet.context["rows"]}
    assert listed == {firms.rice.pk, firms.bricks.pk, firms.tea.pk, firms.organ.pk}  # those with a union
    data = {
        "year": "2015",
        "methods": ["board", "congress"],
        f"p{firms.rice.pk}": "1",
        f"p{firms.organ.pk}": "1",
    }
    data[f"p{firms.bricks.pk}"] = "0"
    response = client.post("/bargaining/openness/entry/", data)
    assert response.status_code == 302
    records = {r.enterprise_id: r for r in OpennessRecord.objects.all()}
    assert set(records) == {firms.rice.pk, firms.organ.pk, firms.bricks.pk}
    assert records[firms.organ.pk].form == "government" and not records[firms.bricks.pk].practising
    assert records[firms.rice.pk].methods == ["board", "congress"]


def test_the_openness_sheet_refuses_practising_without_a_method(county, firms, login):
    response = login("township1").post(
        "/bargaining/openness/entry/", {"year": "2015", f"p{firms.rice.pk}": "1"}
    )
    assert response.status_code == 200 and not OpennessRecord.objects.exists()


def test_a_survey_is_opened_answered_on_paper_and_closed_on_its_page(county, login):
    client = login("township1")
    created = client.post(
        "/bargaining/surveys/add/", {"org": county.township1.pk, "year": "2015", "title": "南江镇满意度测评"}
    )
    assert created.status_code == 302
    url = created["Location"]
    entered = client.post(url, {"very_satisfied": "60", "satisfied": "35", "neutral": "5"})
    assert entered.status_code == 302
    page = client.get(url)
    assert page.context["results"]["total"] == 100 and str(page.context["results"]["rate"]) == "95.0"
    assert client.post(url + "close/").status_code == 302
    assert client.get(url).context["can_change"] is False


def test_a_reader_may_see_a_survey_but_not_enter_answers(county, login):
    survey = make_survey(county.township1)
    assert login("auditor").post(f"/bargaining/surveys/{survey.pk}/", {"satisfied": "1"}).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_an_anonymous_worker_answers_by_code_once_per_session(county, db):
    survey = make_survey(county.township1, code="QWER5678")
    browser = Client()
    assert browser.get("/bargaining/survey/?code=qwer5678")["Location"] == "/bargaining/survey/QWER5678/"
    page = browser.get("/bargaining/survey/QWER5678/")
    assert page.status_code == 200 and survey.question in page.content.decode()
    done = browser.post("/bargaining/survey/QWER5678/", {"answer": "satisfied", "comment": "公开栏更新及时"})
    assert done.context["thanks"] is True
    again = browser.post("/bargaining/survey/QWER5678/", {"answer": "neutral"})
    assert again.context["answered"] is True
    other = Client()
    other.post("/bargaining/survey/QWER5678/", {"answer": "neutral"})
    answers = SurveyResponse.objects.filter(survey=survey)
    assert answers.count() == 2 and set(answers.values_list("channel", flat=True)) == {Channel.ONLINE}
    assert answers.filter(respondent__isnull=True).count() == 2


def test_a_signed_in_worker_answers_once_whatever_the_browser(county, db):
    survey = make_survey(county.township1, code="ZXCV2345")
    first, second = Client(), Client()
    first.force_login(county.user("worker1"))
    second.force_login(county.user("worker1"))
    first.post("/bargaining/survey/ZXCV2345/", {"answer": "satisfied"})
    page = second.post("/bargaining/survey/ZXCV2345/", {"answer": "neutral"})
    assert page.context["answered"] is True
    assert SurveyResponse.objects.get(survey=survey).respondent == county.user("worker1")


def test_a_closed_survey_or_an_unknown_code(county, db):
    make_survey(
        county.township1,
        code="CLOS2345",
        is_open=False,
        closed_at=datetime.datetime(2015, 12, 1, tzinfo=datetime.UTC),
    )
    browser = Client()
    assert (
        browser.post("/bargaining/survey/CLOS2345/", {"answer": "satisfied"}).context["survey"].is_open
        is False
    )
    assert not SurveyResponse.objects.exists()
    assert browser.get("/bargaining/survey/NOSUCH22/").status_code == 404


def test_the_figures_page_links_each_number_to_its_records(county, firms, login):
    make_contract(county.grassroots1, [firms.rice])
    client = login("township1")
    page = client.get("/bargaining/figures/?year=2015")
    figures = dict(page.context["figures"])
    assert str(figures["signing_rate"].rate) == "33.3"
    html = page.content.decode()
    assert "/bargaining/figures/signing_rate/numerator/?year=2015" in html
    records = client.get("/bargaining/figures/signing_rate/numerator/?year=2015")
    assert [e.name for e in records.context["page"]] == ["南江县光雾山米业有限公司"]
    assert client.get("/bargaining/figures/nonsense/numerator/?year=2015").status_code == 404


def test_the_enterprise_page_shows_its_contracts_and_openness(county, firms, login):
    make_contract(county.grassroots1, [firms.rice])
    OpennessRecord.objects.create(
        org=county.grassroots1, enterprise=firms.rice, year=2015, form="enterprise", methods=["board"]
    )
    html = login("township1").get(f"/enterprises/{firms.rice.pk}/").content.decode()
    assert 'data-testid="bargaining-panel"' in html and "2015年度集体合同" in html
