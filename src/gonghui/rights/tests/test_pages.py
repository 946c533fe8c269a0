"""The rights pages through the forms a clerk uses: log a consultation, open a case, add claimants, record
stages, attach and download documents; every read of a case file is an access event."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.rights.models import CaseDocument, Consultation, RightsCase
from gonghui.rights.services import cases as case_services


def test_a_cadre_logs_a_consultation_through_the_form(county: Any, points: Any, login: Any) -> None:
    client = login("township1")
    assert client.get("/rights/consultations/add/").status_code == 200
    response = client.post(
        "/rights/consultations/add/",
        {
            "channel": "rights_point",
            "service_point": points["t1"].pk,
            "received_at": "2015-03-02T10:00",
            "topic": "wages",
            "visitor_name": "王工人",
            "visitor_phone": "13812345678",
            "summary": "欠薪三个月",
            "answer": "告知仲裁途径",
        },
    )
    row = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rights/consultations/{row.pk}/"
    assert row.answered_by == county.user("township1") and row.outcome == "answered"


def test_the_form_shows_the_services_refusal_beside_the_field(county: Any, points: Any, login: Any) -> None:
    response = login("township1").post(
        "/rights/consultations/add/",
        {"channel": "rights_point", "received_at": "2015-03-02T10:00", "topic": "wages", "summary": "x"},
    )
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_consultation_page_offers_settling_only_while_open(county: Any, consult: Any, login: Any) -> None:
    row = consult()
    client = login("township1")
    html = client.get(f"/rights/consultations/{row.pk}/").content.decode()
    assert 'data-testid="open-case"' in html and 'data-testid="decline"' in html
    client.post(f"/rights/consultations/{row.pk}/decline/", {"reason": "不属于劳动争议"})
    html = client.get(f"/rights/consultations/{row.pk}/").content.decode()
    assert 'data-testid="open-case"' not in html and "不属于劳动争议" in html
    assert (
        'data-testid="open-case"'
        not in login("auditor").get(f"/rights/consultations/{row.pk}/").content.decode()
    )


def test_turning_a_consultation_into_a_case_through_the_page(county: Any, consult: Any, login: Any) -> None:
    row = consult(visitor_name="李阳")
    response = login("township1").post(
        f"/rights/consultations/{row.pk}/open-case/",
        {"type": "wage_arrears", "title": "追讨工资", "respondent_name": "某厂", "claimed_amount": "12000"},
    )
    case = RightsCase.objects.get()
    assert response["Location"] == f"/rights/cases/{case.pk}/"
    assert case.claimants.get().claimed_amount == 12000


def test_a_case_is_opened_from_the_case_form_with_its_first_claimant(
    county: Any, points: Any, firms: Any, login: Any
) -> None:
    response = login("township1").post(
        "/rights/cases/add/",
        {
            "type": "work_injury",
            "title": "工伤赔偿",
            "service_point": points["t1"].pk,
            "respondent": firms["t1"].pk,
            "claimant_name": "黄凯",
            "claimant_origin": "南江县",
            "claimed_amount": "200000",
            "knew_on": "2015-02-01",
        },
    )
    case = RightsCase.objects.get()
    assert response.status_code == 302
    assert (case.respondent, case.knew_on, case.claimants.get().name) == (
        firms["t1"],
        datetime.date(2015, 2, 1),
        "黄凯",
    )


def test_claimants_are_added_and_changed_on_the_case_page(county: Any, open_case: Any, login: Any) -> None:
    case = open_case()
    client = login("township1")
    client.post(f"/rights/cases/{case.pk}/claimants/add/", {"name": "第二人", "claimed_amount": "5000"})
    second = case.claimants.get(name="第二人")
    client.post(
        f"/rights/cases/{case.pk}/claimants/{second.pk}/",
        {"name": "第二人", "claimed_amount": "5000", "recovered_amount": "2500"},
    )
    second.refresh_from_db()
    assert second.recovered_amount == 2500
    html = client.get(f"/rights/cases/{case.pk}/").content.decode()
    assert html.count('data-testid="claimant-row"') == 2 and "¥2,500.00" in html


def test_the_current_stage_record_and_documents(
    county: Any, open_case: Any, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = open_case()
    client = login("township1")
    client.post(f"/rights/cases/{case.pk}/stage/", {"actions": "电话联系用人单位", "result": ""})
    assert case.stages.get().actions == "电话联系用人单位"
    upload = SimpleUploadedFile("仲裁申请书.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(f"/rights/cases/{case.pk}/documents/add/", {"title": "仲裁申请书", "file": upload})
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert "仲裁申请书" not in document.file.name  # stored under a random name
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    download = client.get(f"/rights/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
    assert login("township2").get(f"/rights/documents/{document.pk}/").status_code == 404


def test_a_file_of_an_unexpected_kind_is_refused(
    county: Any, open_case: Any, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = open_case()
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = login("township1").post(f"/rights/cases/{case.pk}/documents/add/", {"file": upload})
    assert response.status_code == 200 and not CaseDocument.objects.exists()


def test_reading_a_case_page_is_an_access_event(county: Any, open_case: Any, login: Any) -> None:
    case = open_case()
    login("auditor").get(f"/rights/cases/{case.pk}/")
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(case.pk)).get()
    assert entry.actor == county.user("auditor")


def test_the_case_list_filters_and_exports(county: Any, open_case: Any, login: Any) -> None:
    from gonghui.rights.tests.endpoints import xlsx_rows

    open_case(title="甲案", claimants=[{"name": "甲"}, {"name": "乙"}])
    closed = open_case(title="乙案")
    case_services.case_close(case=closed, by=county.user("township1"), outcome="withdrawn")
    client = login("township1")
    html = client.get("/rights/cases/?open=true").content.decode()
    assert "甲案" in html and "乙案" not in html
    rows = xlsx_rows(client.get("/rights/cases/export.xlsx"))
    assert len(rows) == 1 + 3  # one line per claimant
    assert client.get("/rights/cases/?opened_after=notadate").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/rights/consultations/",
        "/rights/cases/",
        "/rights/cases/overdue/",
        "/rights/roster/",
        "/rights/outreach/",
        "/rights/figures/",
        "/rights/consultations/add/",
        "/rights/cases/add/",
        "/rights/roster/add/",
        "/rights/outreach/add/",
    ],
)
def test_every_rights_page_opens_for_a_cadre_and_not_for_a_worker(
    url: str, county: Any, points: Any, login: Any
) -> None:
    assert login("township1").get(url).status_code == 200
    assert login("worker1").get(url).status_code == 403


@pytest.mark.parametrize("url", ["/rights/consultations/add/", "/rights/cases/add/", "/rights/roster/add/"])
def test_the_auditor_gets_no_form_to_fill(url: str, county: Any, login: Any) -> None:
    assert login("auditor").get(url).status_code == 403


def test_the_menu_shows_the_rights_platform_to_a_cadre_and_counselling_only_to_counselling_roles(
    county: Any, login: Any
) -> None:
    cadre = login("township1").get("/").content.decode()
    assert "/rights/cases/" in cadre and "/rights/counselling/" not in cadre
    counsellor = login("counsellor").get("/").content.decode()
    assert "/rights/counselling/" in counsellor and "/rights/cases/" not in counsellor


def test_the_home_page_counts_open_cases_in_scope(county: Any, open_case: Any, login: Any) -> None:
    open_case()
    open_case(by="township2", point="t2")
    html = login("township1").get("/").content.decode()
    assert "/rights/cases/?open=true" in html


def test_the_enterprise_page_lists_the_cases_against_it(
    county: Any, open_case: Any, firms: Any, login: Any
) -> None:
    case = open_case(respondent=firms["t1"], respondent_name="")
    html = login("township1").get(f"/enterprises/{firms['t1'].pk}/").content.decode()
    assert f"/rights/cases/{case.pk}/" in html
    assert (
        f"/rights/cases/{case.pk}/"
        not in login("chair1").get(f"/enterprises/{firms['t1'].pk}/").content.decode()
    )


def test_api_errors_are_in_the_agreed_format(county: Any, open_case: Any, api: Any) -> None:
    case = open_case()
    response = api("township1").post(
        f"/api/v1/rights-cases/{case.pk}/claimants",
        data=json.dumps({"claimed_amount": "abc"}),
        content_type="application/json",
    )
    assert response.status_code == 400 and set(response.json()) == {"detail", "errors"}
    response = api("township1").post(
        f"/api/v1/rights-cases/{case.pk}/claimants",
        data=json.dumps({"name": ""}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "name"


def test_the_person_page_lists_their_cases_and_consultations_in_scope_and_never_counselling(
    county: Any, open_case: Any, consult: Any, people: Any, login: Any
) -> None:
    from gonghui.rights.services import counselling

    case = open_case(claimants=[{"person": people["liyang"]}])
    visit = consult(person=people["liyang"])
    counselling.session_create(
        by=county.user("counsellor"),
        org=county.federation,
        kind="individual",
        counsellor=county.user("counsellor"),
        held_on=datetime.date.today(),
        format="phone",
        participants=[people["liyang"]],
    )
    html = login("township1").get(f"/people/{people['liyang'].pk}/").content.decode()
    assert f"/rights/cases/{case.pk}/" in html and f"/rights/consultations/{visit.pk}/" in html
    assert "/rights/counselling/" not in html.split('data-testid="panels"')[1]
    counsellor = login("counsellor").get(f"/people/{people['liyang'].pk}/").content.decode()
    assert "/rights/counselling/" not in counsellor.split('data-testid="panels"')[1]


def test_the_figures_from_before_the_platform_are_recorded_through_the_page_and_audited(
    county: Any, login: Any
) -> None:
    from gonghui.rights.models import CumulativeBaseline

    client = login("admin")
    assert 'data-testid="baseline"' in client.get("/rights/figures/").content.decode()
    values = {
        "org": county.federation.pk,
        "since": "2008-01-01",
        "as_of": "2014-12-31",
        "recovered_amount": "3000000",
        "awarded_amount": "1320000",
        "note": "2015年工作报告",
    }
    response = client.post("/rights/figures/baseline/", values)
    assert response.status_code == 302 and response["Location"] == "/rights/figures/"
    row = CumulativeBaseline.objects.get(org=county.federation)
    assert (row.recovered_amount, row.awarded_amount) == (Decimal("3000000.00"), Decimal("1320000.00"))
    assert LogEntry.objects.get_for_object(row).exists()
    page = client.get(f"/rights/figures/baseline/?org={county.federation.pk}").content.decode()
    assert 'value="2014-12-31"' in page and "2015年工作报告" in page

    response = client.post(
        "/rights/figures/baseline/", {**values, "as_of": "2007-12-31"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "The period ends before it begins." in response.content.decode()
    assert CumulativeBaseline.objects.get(org=county.federation).as_of == datetime.date(2014, 12, 31)


def test_a_township_records_only_its_own_baseline_and_never_reads_anothers(county: Any, login: Any) -> None:
    from gonghui.rights.models import CumulativeBaseline

    CumulativeBaseline.objects.create(
        org=county.township1,
        since=datetime.date(2010, 1, 1),
        as_of=datetime.date(2014, 12, 31),
        recovered_amount=Decimal("123456.78"),
        note="南江镇台账",
    )
    client = login("township2")
    page = client.get(f"/rights/figures/baseline/?org={county.township1.pk}").content.decode()
    assert "123456.78" not in page and "南江镇台账" not in page
    values = {
        "org": county.township1.pk,
        "since": "2010-01-01",
        "as_of": "2014-12-31",
        "recovered_amount": "1",
    }
    response = client.post("/rights/figures/baseline/", values)
    assert response.status_code == 200  # township 1 is not among the choices
    assert CumulativeBaseline.objects.get(org=county.township1).recovered_amount == Decimal("123456.78")


def test_readers_without_the_right_to_change_cannot_open_the_baseline_page(county: Any, login: Any) -> None:
    client = login("auditor")
    assert 'data-testid="baseline"' not in client.get("/rights/figures/").content.decode()
    assert client.get("/rights/figures/baseline/").status_code == 403
