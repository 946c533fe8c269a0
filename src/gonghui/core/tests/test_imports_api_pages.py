"""Imports through /api/v1/imports/ and the staff pages: the same flow, scoped, in the caller's language."""

from __future__ import annotations

import io

import openpyxl
import pytest

from gonghui.core.models import ImportJob
from gonghui.core.tests.imports_support import TITLE, make_id, xlsx_bytes, xlsx_file
from gonghui.orgs.models import ServicePoint

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID1 = make_id("19900101", 123)
ID2 = make_id("19850615", 224)
GOOD = [["名称", "类型", "电话"], ["南江镇职工服务站", "服务站", "0827-1"], ["南江镇服务点", "服务点", ""]]
MIXED = [["名称", "类型"], ["南江镇职工服务站", "服务站"], ["坏站", "茶馆"]]


pytestmark = pytest.mark.usefixtures("import_media")


def _upload(client, rows=GOOD, kind="service-points", **extra):
    data = {"file": xlsx_file(rows, name="站点.xlsx"), **extra}
    return client.post(f"/api/v1/imports/{kind}", data, **EN)


def test_api_upload_answers_the_job_with_its_mapping_and_validation(api, county):
    response = _upload(api("township1"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "validated" and (body["rows"], body["valid"], body["invalid"]) == (2, 2, 0)
    assert body["mapping"] == {"0": "name", "1": "kind", "2": "phone"}
    assert body["org"] == county.township1.pk
    assert {c["letter"]: c["field"] for c in body["columns"]} == {"A": "name", "B": "kind", "C": "phone"}


def test_api_upload_into_another_organisation_in_scope_or_not(api, county):
    client = api("township1")
    assert _upload(client, org=county.grassroots1.pk).json()["org"] == county.grassroots1.pk
    response = _upload(client, org=county.township2.pk)
    assert response.status_code == 404


def test_api_reports_bad_rows_and_refuses_an_all_or_nothing_commit(api, county):
    client = api("township1")
    body = _upload(client, MIXED).json()
    assert (body["valid"], body["invalid"], body["error_count"]) == (1, 1, 1)
    assert body["errors"][0]["row"] == 3 and body["errors"][0]["column"] == "B"
    assert "Choose one of" in body["errors"][0]["message"]
    response = client.post(f"/api/v1/imports/{body['id']}/commit", {}, content_type="application/json", **EN)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "take_good_rows"
    assert not ServicePoint.objects.filter(name="南江镇职工服务站").exists()
    response = client.post(
        f"/api/v1/imports/{body['id']}/commit",
        {"take_good_rows": True},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    assert ServicePoint.objects.filter(name="南江镇职工服务站", org=county.township1).exists()


def test_api_mapping_correction_then_validate_and_commit(api, county, members):
    client = api("township1")
    rows = [["姓名", "证件号码", "出生"], ["张三", ID1, "1990-01-01"]]
    body = client.post("/api/v1/imports/test-members", {"file": xlsx_file(rows)}, **EN).json()
    assert body["state"] == "uploaded" and body["missing_required"] == ["ID number"]
    assert body["unknown_columns"] == ["B 证件号码", "C 出生"]
    url = f"/api/v1/imports/{body['id']}"
    response = client.post(
        f"{url}/mapping",
        {"mapping": {"0": "name", "1": "id_number", "2": "birth_date"}},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 200 and response.json()["state"] == "mapped"
    assert client.post(f"{url}/validate", **EN).json()["valid"] == 1
    assert client.post(f"{url}/commit", content_type="application/json", **EN).json()["state"] == "committed"
    assert client.get(url).json()["created"] == 1


def test_api_refuses_a_bad_mapping_with_every_reason(api, county):
    client = api("township1")
    job_id = _upload(client).json()["id"]
    response = client.post(
        f"/api/v1/imports/{job_id}/mapping",
        {"mapping": {"0": "kind", "1": "kind"}},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 400
    messages = [e["message"] for e in response.json()["errors"]]
    assert any("two columns" in m for m in messages) and any("Name" in m for m in messages)


def test_api_errors_are_paged(api, county):
    client = api("township1")
    job_id = _upload(client, [["名称", "类型"], *[[f"站{i}", "茶馆"] for i in range(7)]]).json()["id"]
    page = client.get(f"/api/v1/imports/{job_id}/errors?limit=3&offset=3").json()
    assert page["count"] == 7 and [e["row"] for e in page["items"]] == [5, 6, 7]


def test_api_report_and_template_downloads(api, county):
    client = api("township1")
    job_id = _upload(client, MIXED).json()["id"]
    response = client.get(f"/api/v1/imports/{job_id}/report.xlsx", **EN)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["C1"].value == "Errors" and "Choose one of" in sheet["C3"].value
    template = client.get("/api/v1/imports/templates/service-points.xlsx", **EN)
    assert template.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content))).active
    assert [c.value for c in sheet[1]][:2] == ["Name*", "Kind*"]
    assert sheet["A2"].value == "南江镇职工服务站"


def test_template_formats_id_and_phone_columns_as_text(api, county, members):
    response = api("township1").get("/api/v1/imports/templates/test-members.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.column_dimensions["B"].number_format == "@"


def test_api_lists_the_kinds_a_user_may_import(api, county):
    kinds = [k["kind"] for k in api("township1").get("/api/v1/imports/kinds").json()]
    assert "service-points" in kinds
    assert api("auditor").get("/api/v1/imports/kinds").json() == []


def test_township2_cannot_see_or_touch_township1s_job(api, login, county):
    job_id = _upload(api("township1"), MIXED).json()["id"]
    other = api("township2")
    for path in ("", "/errors", "/report.xlsx"):
        assert other.get(f"/api/v1/imports/{job_id}{path}").status_code == 404
    for path, body in (("/mapping", {"mapping": {"0": "name"}}), ("/validate", {}), ("/commit", {})):
        response = other.post(f"/api/v1/imports/{job_id}{path}", body, content_type="application/json")
        assert response.status_code == 404
    assert [j["id"] for j in other.get("/api/v1/imports/").json()] == []
    page = login("township2")
    for path in ("", "report.xlsx"):
        assert page.get(f"/imports/{job_id}/{path}").status_code == 404
    assert page.post(f"/imports/{job_id}/commit/").status_code == 404
    assert api("admin").get(f"/api/v1/imports/{job_id}").status_code == 200  # the federation sees it


def test_users_without_the_right_cannot_import(api, county):
    assert _upload(api("chair1")).status_code == 403
    assert _upload(api("auditor")).status_code == 403
    assert api("chair1").get("/api/v1/imports/templates/service-points.xlsx").status_code == 403
    assert _upload(api("township1"), kind="nonsense").status_code == 404


def test_the_report_download_is_an_access_event(api, county):
    from auditlog.models import LogEntry

    client = api("township1")
    job_id = _upload(client, MIXED).json()["id"]
    client.get(f"/api/v1/imports/{job_id}/report.xlsx")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(job_id)).exists()


# --- Pages


def test_upload_page_then_job_page_with_report_and_commit_buttons(login, county):
    client = login("township1")
    assert client.get("/imports/new/").status_code == 200
    response = client.post(
        "/imports/new/",
        {"kind": "service-points", "file": xlsx_file(MIXED, start_row=2, title="南江县站点名册")},
        **EN,
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    html = client.get(f"/imports/{job.pk}/", **EN).content.decode()
    assert "Choose one of" in html and 'data-testid="commit-good"' in html
    assert f"/imports/{job.pk}/report.xlsx" in html
    assert "Header found in row 3" in html
    response = client.post(f"/imports/{job.pk}/commit/", **EN)
    job.refresh_from_db()
    assert job.state == "validated"  # all or nothing refused
    html = client.get(f"/imports/{job.pk}/", **EN).content.decode()
    assert "rows have errors" in html
    client.post(f"/imports/{job.pk}/commit/", {"take_good_rows": "1"})
    job.refresh_from_db()
    assert (job.state, job.created) == ("committed", 1)


def test_mapping_page_corrects_columns_and_checks_rows(login, county):
    client = login("township1")
    rows = [["站名", "类型"], ["南江镇职工服务站", "服务站"]]
    client.post("/imports/new/", {"kind": "service-points", "file": xlsx_file(rows)})
    job = ImportJob.objects.get()
    assert job.state == "uploaded"
    html = client.get(f"/imports/{job.pk}/", **EN).content.decode()
    assert 'data-testid="missing"' in html and "A 站名" in html
    response = client.post(f"/imports/{job.pk}/mapping/", {"col_0": "kind", "col_1": "kind"}, **EN)
    assert response.status_code == 200 and "two columns" in response.content.decode()
    response = client.post(f"/imports/{job.pk}/mapping/", {"col_0": "name", "col_1": "kind"})
    job.refresh_from_db()
    assert response.status_code == 302 and (job.state, job.valid) == ("validated", 1)


def test_upload_page_shows_a_bad_file_beside_the_field(login, county):
    client = login("township1")
    response = client.post(
        "/imports/new/", {"kind": "service-points", "file": xlsx_file([["a"], ["b"]])}, **EN
    )
    assert response.status_code == 200 and "No header row was found" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_jobs_list_shows_mine_and_those_in_scope(login, api, county):
    _upload(api("township1"))
    html = login("township1").get("/imports/").content.decode()
    assert html.count('data-testid="import-row"') == 1
    assert login("admin").get("/imports/?mine=0").content.decode().count('data-testid="import-row"') == 1
    assert login("township2").get("/imports/?mine=0").content.decode().count('data-testid="import-row"') == 0


def test_upload_page_is_refused_to_those_who_cannot_import(login, county):
    assert login("auditor").get("/imports/new/").status_code == 403
    assert login("worker1").get("/imports/").status_code == 403


def test_template_page_download(login, county):
    response = login("township1").get("/imports/templates/service-points.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_menu_offers_imports(login, county):
    assert 'href="/imports/"' in login("township1").get("/").content.decode()


def test_a_large_job_page_shows_the_progress_bar(login, county, settings):
    settings.GONGHUI_IMPORT_INLINE_ROWS = 0
    client = login("township1")
    client.post("/imports/new/", {"kind": "service-points", "file": xlsx_file(GOOD)})
    job = ImportJob.objects.get()
    client.post(f"/imports/{job.pk}/validate/")  # enqueued on commit: the test transaction never commits
    job.refresh_from_db()
    assert job.state == "validating"
    html = client.get(f"/imports/{job.pk}/").content.decode()
    assert f"/tasks/{job.progress.key}/" in html


def test_title_rows_in_the_error_report_keep_row_numbers(api, county):
    client = api("township1")
    data = {"file": xlsx_file(MIXED, start_row=3, title=TITLE)}
    job_id = client.post("/api/v1/imports/service-points", data, **EN).json()["id"]
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(f"/api/v1/imports/{job_id}/report.xlsx", **EN).streaming_content))
    ).active
    assert sheet["A1"].value == TITLE and sheet["A4"].value == "名称" and sheet["C6"].value


def test_xlsx_bytes_helper_makes_number_cells(county):
    assert xlsx_bytes([["a"]]).startswith(b"PK")
