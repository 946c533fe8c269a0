"""The import flow through services: mapping, validation report, all-or-nothing commits, re-imports."""

from __future__ import annotations

import datetime
import io
import os

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.imports import services
from gonghui.core.models import ImportJob, TaskProgress
from gonghui.core.tests.imports_support import TITLE, MemberSpec, csv_file, make_id, xlsx_file
from gonghui.orgs.models import Region, ServicePoint

ID1 = make_id("19900101", 123)  # male
ID2 = make_id("19850615", 224)  # female
ID3 = make_id("19700301", 315)  # male
HEADER = ["序号", "名字", "公民身份号码（必填）", "手机号", "出生日期", "性别"]


pytestmark = pytest.mark.usefixtures("import_media", "english")


def _sheet(*rows, **kwargs):
    return xlsx_file([HEADER, *rows], start_row=2, title=TITLE, **kwargs)


def _start(county, file, kind="test-members", user="township1"):
    return services.import_start(by=county.user(user), kind=kind, file=file)


def _points(county, id_number=None):
    points = ServicePoint.objects.filter(org=county.township1, kind="point")
    return points.filter(address=id_number) if id_number else points.exclude(address="")


def _errors(job):
    return {(row, field): message for row, _col, field, message in job.report["errors"]}


def test_header_under_a_merged_title_is_found_and_the_mapping_proposed(county, members):
    job = services.import_upload(
        by=county.user("township1"), kind="test-members", file=_sheet([1, "张三", ID1])
    )
    assert job.header_row == 3
    assert job.headers == HEADER
    assert job.mapping == {"1": "name", "2": "id_number", "3": "phone", "4": "birth_date", "5": "sex"}
    assert job.state == ImportJob.State.MAPPED
    assert job.report["unknown_columns"] == [0]
    assert job.org == county.township1 and job.created_by == county.user("township1")


def test_small_file_with_a_complete_mapping_is_checked_at_once(county, members):
    job = _start(county, _sheet([1, "张三", ID1, "13800138000", "1990-01-01", "男"]))
    assert job.state == ImportJob.State.VALIDATED
    assert (job.rows, job.valid, job.invalid) == (1, 1, 0)
    assert not _points(county)  # nothing written before the commit


def test_missing_required_column_waits_for_the_user_to_correct_the_mapping(county, members):
    by = county.user("township1")
    job = _start(county, xlsx_file([["姓名", "证件号"], ["张三", ID1]]))
    assert job.state == ImportJob.State.UPLOADED
    assert services.missing_required(members, job.mapping) == ["ID number"]
    with pytest.raises(Conflict):
        services.import_validate(by=by, job=job)
    job = services.import_set_mapping(by=by, job=job, mapping={"0": "name", "1": "id_number"})
    assert job.state == ImportJob.State.MAPPED and job.report["unknown_columns"] == []
    job = services.import_validate(by=by, job=job)
    assert (job.valid, job.invalid) == (1, 0)


def test_a_corrected_mapping_can_ignore_a_column_and_move_a_field(county, members):
    by = county.user("township1")
    job = _start(county, xlsx_file([["姓名", "身份证号", "备用姓名"], ["张三", ID1, "张三丰"]]))
    job = services.import_set_mapping(by=by, job=job, mapping={"2": "name", "1": "id_number", "0": ""})
    services.import_validate(by=by, job=job)
    services.import_commit(by=by, job=job)
    assert _points(county, ID1).get().name.startswith("张三丰")


@pytest.mark.parametrize(
    ("mapping", "needle"),
    [
        ({"0": "name", "1": "id_number", "2": "name"}, "chosen for two columns"),
        ({"0": "name", "1": "nonsense"}, "Unknown field"),
        ({"0": "name", "1": "id_number", "9": "phone"}, "no column 9"),
        ({"0": "name"}, "Choose the column that holds ID number"),
    ],
)
def test_a_wrong_mapping_is_refused_with_the_reason(county, members, mapping, needle):
    job = _start(county, xlsx_file([["姓名", "身份证号", "手机"], ["张三", ID1, ""]]))
    with pytest.raises(DomainError) as caught:
        services.import_set_mapping(by=county.user("township1"), job=job, mapping=mapping)
    assert any(needle in str(e.message) for e in caught.value.errors)


def test_id_number_stored_as_a_number_is_refused_with_its_row_column_and_reason(county, members):
    job = _start(county, _sheet([1, "张三", 5.11922199001011e17], [2, "李四", ID2]))
    assert (job.valid, job.invalid) == (1, 1)
    row, col, field, message = job.report["errors"][0]
    assert (row, col, field) == (4, 2, "id_number")
    assert "stored as a number by Excel and lost its last digits" in message


def test_lower_case_x_full_width_characters_and_stray_spaces_are_put_right(county, members):
    id_x = make_id("19900101", 5)
    while not id_x.endswith("X"):
        id_x = make_id("19900101", int(id_x[14:17]) + 1)
    full_width = ID2.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    job = _start(
        county,
        _sheet([1, " 张 三 ", id_x.lower()], [2, "李四", f" {full_width}\u3000"], [3, "王五", f"'{ID3}"]),
    )
    assert (job.valid, job.invalid) == (3, 0), job.report["errors"]
    services.import_commit(by=county.user("township1"), job=job)
    assert sorted(_points(county).values_list("address", flat=True)) == sorted([id_x, ID2, ID3])
    assert _points(county, id_x).get().name.startswith("张 三")


def test_dates_as_text_in_several_formats_and_as_serial_numbers(county, members):
    ids = [make_id("19900101", n) for n in range(1, 15, 2)]
    dates = [
        "1990-01-01",
        "1990/1/1",
        "1990.1.1",
        "19900101",
        "1990年1月1日",
        32874,
        datetime.date(1990, 1, 1),
    ]
    rows = [[i, f"人{i}", ids[i], "", value] for i, value in enumerate(dates)]
    job = _start(county, _sheet(*rows, text_cols=()))
    assert job.invalid == 0, job.report["errors"]
    services.import_commit(by=county.user("township1"), job=job)
    assert set(_points(county).values_list("hours", flat=True)) == {"1990-01-01"}


def test_bad_dates_and_sex_that_contradicts_the_id_are_reported(county, members):
    job = _start(county, _sheet([1, "张三", ID1, "", "1990-02-30"], [2, "李四", ID2, "", "", "男"]))
    errors = _errors(job)
    assert "not a real date" in errors[(4, "birth_date")]
    assert "contradicts the ID" in errors[(5, "sex")]


def test_rows_repeated_inside_the_file_are_reported_on_both_rows(county, members, monkeypatch):
    monkeypatch.setattr(MemberSpec, "batch_size", 2)  # the repeat falls in a later batch
    job = _start(county, _sheet([1, "张三", ID1], [2, "李四", ID2], [3, "王五", ID3], [4, "张三", ID1]))
    errors = _errors(job)
    assert "Repeated in row 7" in errors[(4, "id_number")]
    assert "Same record as row 4" in errors[(7, "id_number")]
    assert (job.rows, job.valid, job.invalid) == (4, 2, 2)
    assert job.report["duplicate_rows"] == [4, 7]


def test_rows_repeated_within_one_batch_are_reported_on_both_rows(county, members):
    job = _start(county, _sheet([1, "张三", ID1], [2, "张三", ID1]))
    assert set(_errors(job)) == {(4, "id_number"), (5, "id_number")}
    assert (job.valid, job.invalid) == (0, 2)


def test_existing_records_are_updated_by_id_number_never_added_twice(county, members):
    by = county.user("township1")
    services.import_commit(by=by, job=_start(county, _sheet([1, "张三", ID1], [2, "李四", ID2])))
    job = services.import_commit(
        by=by, job=_start(county, _sheet([1, "张三丰", ID1], [2, "李四", ID2], [3, "王五", ID3]))
    )
    assert (job.created, job.updated, job.unchanged) == (1, 1, 1)
    assert _points(county, ID1).count() == 1
    assert _points(county, ID1).get().name.startswith("张三丰")


def test_the_same_file_imported_twice_changes_nothing_the_second_time(county, members):
    by = county.user("township1")
    rows = ([1, "张三", ID1, "13800138000", "1990-01-01", "男"], [2, "李四", ID2, "", "", "女"])
    first = services.import_commit(by=by, job=_start(county, _sheet(*rows)))
    before = list(_points(county).values("pk", "name", "hours", "services", "updated_at"))
    second = services.import_commit(by=by, job=_start(county, _sheet(*rows)))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert list(_points(county).values("pk", "name", "hours", "services", "updated_at")) == before


def test_a_file_with_bad_rows_changes_nothing_by_default(county, members):
    job = _start(county, _sheet([1, "张三", ID1], [2, "", ID2], [3, "王五", ID3]))
    assert job.invalid == 1
    with pytest.raises(DomainError) as caught:
        services.import_commit(by=county.user("township1"), job=job)
    assert "1 rows have errors" in str(caught.value.message)
    assert "import only the good rows" in str(caught.value.message)
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED and not _points(county)


def test_take_the_good_rows_only_when_chosen(county, members):
    job = _start(county, _sheet([1, "张三", ID1], [2, "", ID2], [3, "王五", ID3], [4, "王五", ID3]))
    job = services.import_commit(by=county.user("township1"), job=job, take_good_rows=True)
    assert job.state == ImportJob.State.COMMITTED and job.take_good_rows
    assert (job.created, job.updated, job.unchanged) == (1, 0, 0)
    assert list(_points(county).values_list("address", flat=True)) == [ID1]  # not the repeated pair
    assert job.file  # kept for the error report


def test_a_fully_good_import_does_not_keep_the_file(county, members):
    job = services.import_commit(by=county.user("township1"), job=_start(county, _sheet([1, "张三", ID1])))
    assert not job.file
    with pytest.raises(DomainError) as caught:
        services.import_validate(by=county.user("township1"), job=job)
    assert caught.value.status == 409


def test_csv_files_in_utf8_and_gbk(county, members):
    rows = [["姓名", "身份证号", "性别"], ["张三", ID1, "男"], ["曾睿", ID2, "女"]]
    for encoding, bom in (("utf-8", True), ("utf-8", False), ("gbk", False)):
        job = _start(county, csv_file(rows, encoding=encoding, bom=bom))
        assert (job.file_format, job.valid, job.invalid) == ("csv", 2, 0), (encoding, job.report)
        job = services.import_commit(by=county.user("township1"), job=job)
    assert _points(county, ID2).get().name.startswith("曾睿")


def test_an_unreadable_or_headerless_file_is_refused_and_nothing_kept(county, members):
    with pytest.raises(DomainError) as caught:
        _start(county, xlsx_file([["甲", "乙"], ["1", "2"]]))
    assert "No header row was found" in str(caught.value.message)
    with pytest.raises(DomainError):
        _start(county, csv_file([["姓名"]], name="x.pdf"))
    assert not ImportJob.objects.exists()


def test_only_users_with_the_import_right_may_upload(county, members):
    for name in ("chair1", "auditor", "finance"):
        with pytest.raises(PermissionDenied):
            _start(county, _sheet([1, "张三", ID1]), user=name)


def test_rows_that_became_bad_since_the_check_roll_the_whole_commit_back(county):
    by = county.user("township1")
    job = _start(
        county,
        xlsx_file([["名称", "类型"], ["南江镇服务站", "服务站"], ["南江镇服务点", "服务点"]]),
        "service-points",
    )
    assert job.valid == 2
    county.township1.__class__.objects.filter(pk=county.township1.pk).update(
        status="closed", closed_on=timezone.localdate()
    )
    job = services.import_commit(by=by, job=job)
    assert job.state == ImportJob.State.VALIDATED and job.invalid == 2
    assert "no longer valid" in job.message
    assert not ServicePoint.objects.filter(name__in=["南江镇服务站", "南江镇服务点"]).exists()


def test_service_points_spec_reads_kinds_regions_and_updates_only_given_columns(county):
    by = county.user("township1")
    Region.objects.create(code="511922100", name="南江镇", level="township", parent=county.region)
    rows = [
        ["站点名称", "类型", "区划代码", "所在城市", "联系电话", "是否开放"],
        ["南江镇维权工作点", "维权点", 511922100, "", "0827-1234567", "√"],
        ["西安农民工法律服务站", "农民工法律服务站", "", "西安", "", "是"],
        ["青岛站", "农民工法律服务站", "", "", "", ""],
        ["坏站", "服务站", "999999", "", "", ""],
    ]
    job = _start(county, xlsx_file(rows), "service-points")
    errors = _errors(job)
    assert "city where it is" in errors[(4, "city")]
    assert "Unknown division code 999999" in errors[(5, "region")]
    job = services.import_commit(by=by, job=job, take_good_rows=True)
    assert (job.created, job.updated) == (1, 1)  # the rights point existed (conftest) and is updated
    point = ServicePoint.objects.get(org=county.township1, name="南江镇维权工作点")
    assert (point.region.code, point.phone, point.kind) == ("511922100", "0827-1234567", "rights_point")
    station = ServicePoint.objects.get(name="西安农民工法律服务站")
    assert (station.kind, station.city, station.org) == ("migrant_station", "西安", county.township1)
    # A second sheet with only a phone column changes the phone and nothing else.
    again = _start(
        county,
        xlsx_file([["名称", "类型", "电话"], ["南江镇维权工作点", "维权工作点", "0827-7654321"]]),
        "service-points",
    )
    again = services.import_commit(by=by, job=again)
    point.refresh_from_db()
    assert (again.updated, point.phone, point.region.code) == (1, "0827-7654321", "511922100")


def test_bulk_writes_are_in_the_audit_log_with_who_and_what(county, members):
    services.import_commit(by=county.user("township1"), job=_start(county, _sheet([1, "张三", ID1])))
    point = _points(county, ID1).get()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ServicePoint), object_pk=str(point.pk)
    )
    assert entry.action == LogEntry.Action.CREATE and entry.actor == county.user("township1")
    assert entry.changes["address"][1] == ID1 and entry.additional_data == {"via": "import"}
    job_entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(ImportJob))
    assert job_entries.filter(action=LogEntry.Action.CREATE).count() == 1
    assert any("committed" in str(e.changes.get("state", "")) for e in job_entries)


def test_large_files_run_as_background_tasks_with_progress(
    county, members, settings, django_capture_on_commit_callbacks
):
    settings.GONGHUI_IMPORT_INLINE_ROWS = 0
    by = county.user("township1")
    job = services.import_upload(by=by, kind="test-members", file=_sheet([1, "张三", ID1], [2, "李四", ID2]))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_validate(by=by, job=job)
        assert job.state == ImportJob.State.VALIDATING and job.progress is not None
    job.refresh_from_db()
    progress = TaskProgress.objects.get(pk=job.progress_id)
    assert job.state == ImportJob.State.VALIDATED and job.valid == 2
    assert (progress.state, progress.done, progress.result_url) == ("done", 2, f"/imports/{job.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_commit(by=by, job=job)
        assert job.state == ImportJob.State.COMMITTING
    job.refresh_from_db()
    assert (job.state, job.created) == (ImportJob.State.COMMITTED, 2)
    assert TaskProgress.objects.get(pk=job.progress_id).state == "done"


def test_a_busy_job_refuses_a_second_commit(county, members):
    job = _start(county, _sheet([1, "张三", ID1]))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.COMMITTING)
    with pytest.raises(Conflict):
        services.import_commit(by=county.user("township1"), job=job)


def test_error_count_is_kept_whole_while_messages_are_capped(county, members, monkeypatch):
    from gonghui.core.imports import engine

    monkeypatch.setattr(engine, "ERROR_CAP", 2)
    job = _start(county, _sheet(*[[i, "", f"bad{i}"] for i in range(5)]))
    assert job.report["error_total"] == 10 and len(job.report["errors"]) == 2
    assert job.invalid == 5


def test_old_files_are_purged_but_jobs_stay(county, members):
    job = _start(county, _sheet([1, "张三", ID1]))
    path = job.file.path
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert services.purge_import_files() == 1
    job.refresh_from_db()
    assert not job.file and job.valid == 1
    assert not os.path.exists(path)


def test_the_error_report_is_the_same_sheet_with_an_error_column(county, members):
    job = _start(county, _sheet([1, "张三", 5.11922199001011e17], [2, "李四", ID2]))
    from gonghui.core.imports import sheets

    response = sheets.report_xlsx(job)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = book.active
    assert ws["A1"].value == TITLE  # title rows kept, so row numbers match the original
    assert [c.value for c in ws[3]] == [*HEADER, "Errors"]
    assert ws["C4"].value == "511922199001011000" and ws["C4"].data_type == "s"
    assert "lost its last digits" in ws["G4"].value and ws["G4"].value.startswith("公民身份号码")
    assert ws["C5"].value == ID2 and ws["G5"].value is None
    assert ws["C4"].fill.fgColor.rgb.endswith("FFC7CE")


def test_warnings_are_reported_but_do_not_block_the_commit(county, members):
    job = _start(county, _sheet([1, "张三", ID1, "", "1925-03-01"]))
    assert (job.valid, job.invalid, job.report["warning_total"]) == (1, 0, 1)
    assert job.report["warnings"][0][:3] == [4, 4, "birth_date"]
    from gonghui.core.imports import sheets

    book = openpyxl.load_workbook(io.BytesIO(b"".join(sheets.report_xlsx(job).streaming_content)))
    assert book.active["G4"].value == "Note: 出生日期：Born before 1930: check the date."
    assert services.import_commit(by=county.user("township1"), job=job).created == 1


def test_bulk_audit_entries_mask_what_the_registration_masks(county):
    from gonghui.core.imports import bulk

    user = county.user("chair1")
    user.phone = "13812345678"
    bulk.log_created([user], user=county.user("admin"))
    entry = LogEntry.objects.filter(object_pk=str(user.pk), additional_data={"via": "import"}).get()
    assert "password" not in entry.changes and entry.changes["username"] == ["None", "chair1"]
    assert entry.changes["phone"][1] != "13812345678" and entry.changes["phone"][1].endswith("5678")


def test_whoever_commits_is_the_actor_even_in_a_background_task(
    county, members, settings, django_capture_on_commit_callbacks
):
    settings.GONGHUI_IMPORT_INLINE_ROWS = 0
    admin = county.user("admin")
    job = services.import_upload(
        by=county.user("township1"), kind="test-members", file=_sheet([1, "张三", ID1])
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_validate(by=admin, job=job)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_commit(by=admin, job=job)
    point = _points(county, ID1).get()
    created = LogEntry.objects.get(
        object_pk=str(point.pk), content_type=ContentType.objects.get_for_model(point)
    )
    assert created.actor == admin
    job_log = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ImportJob), object_pk=str(job.pk)
    )
    committed = [e for e in job_log if "committed" in str((e.changes or {}).get("state", ""))]
    assert committed and committed[0].actor == admin
