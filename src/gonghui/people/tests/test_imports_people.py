"""The people import (kind ``people``) against every case of real office spreadsheets in issue 4.

Each test goes through the import services (upload → validate → commit) or the page and the API,
with sheets built the way Excel stores what an office typed.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.errors import DomainError
from gonghui.core.imports import services, sheets
from gonghui.core.models import ImportJob
from gonghui.core.tests.imports_support import TITLE, csv_file, xlsx_file
from gonghui.orgs.models import Region
from gonghui.people import identity, tokens
from gonghui.people.imports.persons import PersonSpec
from gonghui.people.models import HouseholdMember, Person, PersonSearchToken
from gonghui.people.services import person_create
from gonghui.people.tests.factories import HouseholdFactory, PersonFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID1 = identity.make("511922", datetime.date(1990, 1, 1), 123, "male")
ID2 = identity.make("511922", datetime.date(1985, 6, 15), 224, "female")
ID3 = identity.make("513722", datetime.date(1970, 3, 1), 315, "male")  # the county's code until 2000
HEADER = ["序号", "姓名", "身份证号", "性别", "出生日期", "手机", "民族"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _sheet(*rows, header=HEADER, **kwargs):
    """Rows under a merged title and a blank row, as offices make them."""
    return xlsx_file([header, *rows], start_row=2, title=TITLE, **kwargs)


def _start(county, file, user="township1"):
    return services.import_start(by=county.user(user), kind="people", file=file)


def _commit(county, job, user="township1", **kwargs):
    return services.import_commit(by=county.user(user), job=job, **kwargs)


def _errors(job):
    return {(row, field): message for row, _col, field, message in job.report["errors"]}


def _person(number):
    return Person.objects.get(id_number_bidx=Person._meta.get_field("id_number_bidx").hash_of(number))


def _id_with_x():
    for seq in range(1, 999, 2):
        number = identity.make("511922", datetime.date(1988, 8, 8), seq, "male")
        if number.endswith("X"):
            return number
    raise AssertionError("no number with X")


# --- the sheet's shape


def test_title_rows_and_merged_cells_above_the_header_are_skipped(county):
    job = services.import_upload(by=county.user("township1"), kind="people", file=_sheet([1, "张三", ID1]))
    assert job.header_row == 3 and job.headers == HEADER
    assert job.mapping == {
        "1": "name",
        "2": "id_number",
        "3": "sex",
        "4": "birth_date",
        "5": "phone",
        "6": "ethnicity",
    }
    assert job.report["unknown_columns"] == [0]


@pytest.mark.parametrize(
    ("name", "number", "phone"),
    [
        ("姓名", "身份证号", "手机"),
        ("名字", "身份证号码", "手机号"),
        ("姓　名", "公民身份号码（必填）", "联系电话"),
        ("*姓名", "身份证号码*", "手机号码"),
    ],
)
def test_header_variants_are_mapped_to_their_fields(county, name, number, phone):
    job = _start(county, xlsx_file([[name, number, phone], ["张三", ID1, "13812345678"]]))
    assert job.mapping == {"0": "name", "1": "id_number", "2": "phone"}
    assert (job.state, job.valid) == ("validated", 1)


def test_the_user_corrects_a_mapping_the_headers_did_not_give(county):
    by = county.user("township1")
    job = _start(county, xlsx_file([["姓名", "号码", "备注"], ["张三", ID1, "x"]]))
    assert job.state == ImportJob.State.UPLOADED
    assert [str(f) for f in services.missing_required(PersonSpec(), job.mapping)] == ["ID number"]
    job = services.import_set_mapping(by=by, job=job, mapping={"0": "name", "1": "id_number", "2": ""})
    job = services.import_validate(by=by, job=job)
    assert (job.valid, job.invalid) == (1, 0)
    assert _commit(county, job).created == 1 and _person(ID1).name == "张三"


# --- ID numbers as Excel and people leave them


@pytest.mark.parametrize(
    "cell",
    [
        float(ID1[:-1] + "0"),  # an 18-digit number cell: Excel kept 15 significant digits
        "5.11922E+17",  # the same cell saved to CSV as Excel shows it
        int(_id_with_x()[:-1]),  # the X left out so that Excel took it as a number
    ],
)
def test_id_numbers_that_excel_turned_into_numbers_are_reported_not_repaired(county, cell):
    job = _start(county, _sheet([1, "张三", cell]))
    assert job.invalid == 1
    (row, col, field, message) = job.report["errors"][0]
    assert (row, col, field) == (4, 2, "id_number")
    assert "stored as a number by Excel" in message
    assert not Person.objects.exists()


def test_an_id_number_that_lost_its_last_character_is_reported(county):
    job = _start(county, _sheet([1, "张三", ID1[:-1]], [2, "李四", _id_with_x()[:-1]]))
    errors = _errors(job)
    assert "this one has 17" in errors[(4, "id_number")] and "this one has 17" in errors[(5, "id_number")]


def test_lower_case_x_full_width_characters_and_stray_spaces_are_put_right(county):
    with_x = _id_with_x()
    full_width = ID2.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    job = _start(
        county,
        _sheet(
            [1, " 张 三 ", with_x.lower()],
            [2, "李　四", f" {full_width}\u3000"],
            [3, "王五", f"'{ID3[:6]} {ID3[6:14]} {ID3[14:]}", "", "", "１３８ １２３４ ５６７８"],
        ),
    )
    assert (job.valid, job.invalid) == (3, 0), job.report["errors"]
    _commit(county, job)
    assert _person(with_x).name == "张三" and _person(with_x).id_number == with_x
    assert _person(ID2).name == "李四"
    assert _person(ID3).phone == "13812345678"


def test_an_old_15_digit_number_is_converted_with_a_warning_and_finds_the_registered_person(county):
    old = ID3[:6] + ID3[8:17]
    person_create(by=county.user("admin"), org=county.township1, name="王五", id_number=ID3)
    job = _start(county, _sheet([1, "王五", old, "", "", "13912345678"]))
    assert job.valid == 1 and "15-digit" in job.report["warnings"][0][3]
    job = _commit(county, job)
    assert (job.created, job.updated) == (0, 1)
    assert Person.objects.count() == 1 and _person(ID3).phone == "13912345678"


def test_a_wrong_check_character_or_birth_date_in_the_id_is_an_error(county):
    typo = ID1[:10] + ("1" if ID1[10] != "1" else "2") + ID1[11:]
    job = _start(county, _sheet([1, "张三", typo], [2, "李四", "511922199002301234"]))
    errors = _errors(job)
    assert "check character" in errors[(4, "id_number")]
    assert "not a real date" in errors[(5, "id_number")]


def test_an_unknown_region_code_is_only_a_warning(county):
    number = identity.make("999922", datetime.date(1990, 1, 1), 11)
    job = _start(county, _sheet([1, "张三", number]))
    assert job.valid == 1 and "not in the table" in job.report["warnings"][0][3]


# --- dates, sex and the other cells


def test_dates_as_text_in_several_formats_and_as_excel_serial_numbers(county):
    birth = datetime.date(1990, 1, 1)
    dates = ["1990-01-01", "1990/1/1", "1990.1.1", "19900101", "1990年1月1日", 32874, birth, "32874"]
    rows = [
        [i, f"人{chr(0x4E00 + i)}", identity.make("511922", birth, 100 + i), "", value]
        for i, value in enumerate(dates)
    ]
    job = _start(county, _sheet(*rows))
    assert (job.valid, job.invalid) == (len(dates), 0), job.report["errors"]
    _commit(county, job)
    assert set(Person.objects.values_list("birth_date", flat=True)) == {birth}


def test_sex_or_birth_date_contradicting_the_id_is_an_error_on_that_cell(county):
    job = _start(
        county,
        _sheet(
            [1, "张三", ID1, "女"], [2, "李四", ID2, "女", "1985-06-16"], [3, "王五", ID3, "男", "1990-02-30"]
        ),
    )
    errors = _errors(job)
    assert "says the person is Male" in errors[(4, "sex")]
    assert "born on 1985-06-15" in errors[(5, "birth_date")]
    assert "not a real date" in errors[(6, "birth_date")]
    cols = {(row, field): col for row, col, field, _m in job.report["errors"]}
    assert cols[(4, "sex")] == 3 and cols[(5, "birth_date")] == 4
    assert (job.valid, job.invalid) == (0, 3)


def test_code_lists_are_read_from_the_words_offices_write(county):
    Region.objects.create(code="511922100", name="南江镇", level="township", parent=county.region)
    header = [
        "姓名",
        "身份证号",
        "民族",
        "户口性质",
        "文化程度",
        "政治面貌",
        "健康状况",
        "残疾类别",
        "残疾等级",
    ]
    header += ["残疾证号", "工作单位", "岗位", "是否农民工", "务工城市", "居住乡镇", "居住地址"]
    row = ["张三", ID1, "土家", "农业户口", "中专", "党员", "慢性病", "肢体", "三级", f"{ID1}43"]
    row += ["南江县光雾山米业有限公司", "操作工", "是", "西安", "南江镇", "南江镇滨河路1号"]
    job = _commit(county, _start(county, xlsx_file([header, row])))
    assert job.created == 1, job.report
    person = _person(ID1)
    assert (person.ethnicity, person.hukou_type, person.education) == ("15", "agricultural", "vocational")
    assert (person.political_status, person.health, person.disability_kind) == ("01", "chronic", "physical")
    assert (person.disability_grade, person.disability_cert_number) == (3, f"{ID1}43")
    assert (person.is_migrant_worker, person.work_city, person.job) == (True, "西安", "操作工")
    assert (person.residence_region.code, person.address) == ("511922100", "南江镇滨河路1号")


def test_bad_code_list_values_and_phones_are_reported_per_cell(county):
    header = ["姓名", "身份证号", "民族", "手机", "残疾等级", "居住乡镇"]
    rows = [header, ["张三", ID1, "火星族", "1381234567", "五级", ""], ["李四", ID2, "汉", "", "", "无此镇"]]
    job = _start(county, xlsx_file(rows))
    assert set(_errors(job)) == {
        (2, "ethnicity"),
        (2, "phone"),
        (2, "disability_grade"),
        (3, "residence_region"),
    }


# --- duplicates and updates


def test_rows_duplicated_inside_the_file_are_reported_on_both_rows(county, monkeypatch):
    monkeypatch.setattr(PersonSpec, "batch_size", 2)  # the repeat falls in a later batch
    old = ID1[:6] + ID1[8:17]  # the same person by the old number
    job = _start(county, _sheet([1, "张三", ID1], [2, "李四", ID2], [3, "王五", ID3], [4, "张三", old]))
    errors = _errors(job)
    assert "Repeated in row 7" in errors[(4, "id_number")]
    assert "Same record as row 4" in errors[(7, "id_number")]
    assert (job.valid, job.invalid) == (2, 2)


def test_rows_that_already_exist_are_updated_by_id_number_never_added_twice(county):
    existing = person_create(
        by=county.user("admin"), org=county.grassroots1, name="张三", id_number=ID1, phone="13800000000"
    )
    job = _start(county, _sheet([1, "张三丰", ID1, "男", "", "13811112222"], [2, "李四", ID2]))
    assert "registered as 张三" in job.report["warnings"][0][3]
    job = _commit(county, job)
    assert (job.created, job.updated, job.unchanged) == (1, 1, 0)
    assert Person.objects.count() == 2
    person = _person(ID1)
    assert person.pk == existing.pk and person.org == county.grassroots1  # stays where it was
    assert (person.name, person.name_pinyin, person.phone) == ("张三丰", "zhangsanfeng", "13811112222")
    assert person.phone_bidx == Person._meta.get_field("phone_bidx").hash_of("13811112222")
    stored = set(PersonSearchToken.objects.filter(person=person).values_list("kind", "token"))
    assert stored == {(str(k), t) for k, t in tokens.tokens_for(person)}
    assert ("nm", "丰") in stored and ("nm", "三丰") in stored


def test_empty_cells_leave_registered_values_as_they_are(county):
    person_create(
        by=county.user("admin"), org=county.township1, name="张三", id_number=ID1, phone="13800000000"
    )
    job = _commit(county, _start(county, _sheet([1, "张三", ID1, "", "", "", "汉族"])))
    assert (job.updated, _person(ID1).phone, _person(ID1).ethnicity) == (1, "13800000000", "01")


def test_a_person_registered_outside_the_importers_scope_is_refused_not_updated(county):
    person_create(by=county.user("admin"), org=county.township2, name="王五", id_number=ID3)
    job = _start(county, _sheet([1, "王小五", ID3]))
    assert "outside your scope" in _errors(job)[(4, "id_number")]
    assert _person(ID3).name == "王五" and Person.objects.count() == 1


def test_all_or_nothing_by_default_and_the_good_rows_only_when_chosen(county):
    job = _start(county, _sheet([1, "张三", ID1], [2, "", ID2], [3, "王五", ID3, "女"]))
    assert (job.valid, job.invalid) == (1, 2)
    with pytest.raises(DomainError) as caught:
        _commit(county, job)
    assert "2 rows have errors" in str(caught.value.message)
    assert not Person.objects.exists()
    job = _commit(county, job, take_good_rows=True)
    assert (job.state, job.created) == (ImportJob.State.COMMITTED, 1)
    assert list(Person.objects.values_list("name", flat=True)) == ["张三"]


def test_the_same_file_imported_twice_changes_nothing_the_second_time(county):
    Region.objects.create(code="511922100", name="南江镇", level="township", parent=county.region)
    header = [*HEADER, "居住乡镇", "文化程度", "是否农民工", "残疾等级"]
    rows = (
        [1, "张三", ID1, "男", "1990-01-01", "138 1234 5678", "汉", "南江镇", "高中", "否", "二级"],
        [2, "曾国藩", ID2.lower(), "女", "", "", "", "", "", "", ""],
    )
    first = _commit(county, _start(county, _sheet(*rows, header=header)))
    people = list(Person.objects.order_by("pk").values())
    token_rows = list(PersonSearchToken.objects.order_by("pk").values())
    people_type = ContentType.objects.get_for_model(Person)
    entries = LogEntry.objects.filter(content_type=people_type).count()
    second = _commit(county, _start(county, _sheet(*rows, header=header)))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert list(Person.objects.order_by("pk").values()) == people
    assert list(PersonSearchToken.objects.order_by("pk").values()) == token_rows
    assert LogEntry.objects.filter(content_type=people_type).count() == entries == 2


# --- what is written


def test_imported_people_are_written_as_the_service_writes_them(county):
    """Blind indexes, pinyin columns and search tokens: the same as ``person_create`` makes."""
    job = _commit(
        county, _start(county, _sheet([1, "曾国藩", ID1, "", "", "+86 138-1234-5678"], [2, "单田芳", ID2]))
    )
    assert job.created == 2
    imported = _person(ID1)
    made = person_create(
        by=county.user("admin"),
        org=county.township1,
        name="曾国藩",
        id_number=identity.make("511922", datetime.date(1991, 1, 1), 123),
        phone="13812345678",
    )
    for field in ("name", "sex", "name_pinyin", "name_initials", "phone", "phone_bidx", "org_id", "status"):
        assert getattr(imported, field) == getattr(made, field), field
    assert imported.name_pinyin == "zengguofan" and _person(ID2).name_initials == "stf"
    assert imported.id_number_bidx == Person._meta.get_field("id_number_bidx").hash_of(ID1)
    assert (imported.sex, imported.birth_date) == ("male", datetime.date(1990, 1, 1))
    stored = set(PersonSearchToken.objects.filter(person=imported).values_list("kind", "token", "org_id"))
    assert stored == {(str(k), t, county.township1.pk) for k, t in tokens.tokens_for(imported)}
    raw = Person.objects.filter(pk=imported.pk).values_list("id_number", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM people_person WHERE id = %s", [imported.pk])
        assert cursor.fetchone()[0].startswith("v1:") and list(raw) == [ID1]


def test_search_finds_imported_people_by_every_kind(county):
    from gonghui.people.queries import person_search

    _commit(county, _start(county, _sheet([1, "曾国藩", ID1, "", "", "13812345678"])))
    user = county.user("township1")
    for query in ("曾国藩", "国藩", "zengguofan", "zgf", ID1, ID1[-4:], ID1[-6:], "13812345678", "5678"):
        assert [p.name for p in person_search(user, query)] == ["曾国藩"], query
    assert not list(person_search(county.user("township2"), "曾国藩"))


def test_bulk_writes_are_audited_with_the_id_number_and_phone_masked(county):
    _commit(county, _start(county, _sheet([1, "张三", ID1, "", "", "13812345678"])))
    person = _person(ID1)
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk)
    )
    assert entry.action == LogEntry.Action.CREATE and entry.actor == county.user("township1")
    assert entry.additional_data == {"via": "import"}
    assert ID1 not in str(entry.changes) and "13812345678" not in str(entry.changes)
    assert entry.changes["id_number"] == ["None", f"5119**********{ID1[-4:]}"] and entry.changes["name"] == [
        "None",
        "张三",
    ]
    assert "id_number_bidx" not in entry.changes and "name_pinyin" not in entry.changes
    _commit(county, _start(county, _sheet([1, "张三丰", ID1])))
    update = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk=str(person.pk),
        action=LogEntry.Action.UPDATE,
    )
    assert update.changes == {"name": ["张三", "张三丰"]}


def test_a_household_member_listed_by_id_number_is_linked_when_the_person_is_imported(county):
    household = HouseholdFactory(head=PersonFactory(org=county.township1))
    member = HouseholdMember.objects.create(
        household=household, org=county.township1, name="张小三", id_number=ID1, relationship="child"
    )
    _commit(county, _start(county, _sheet([1, "张小三", ID1])))
    member.refresh_from_db()
    assert member.person == _person(ID1) and (member.name, member.id_number, member.id_number_bidx) == (
        "",
        "",
        None,
    )


def test_finding_registered_people_is_one_query_per_batch(county, monkeypatch):
    monkeypatch.setattr(PersonSpec, "batch_size", 5)
    spec = PersonSpec()
    for n in range(12):
        PersonFactory(
            org=county.township1, id_number=identity.make("511922", datetime.date(1980, 1, 1), n * 2 + 1)
        )

    def lookups(count):
        rows = [
            [i, f"人{chr(0x4E00 + i)}", identity.make("511922", datetime.date(1980, 1, 1), i * 2 + 1)]
            for i in range(count)
        ]
        job = services.import_upload(by=county.user("township1"), kind="people", file=_sheet(*rows))
        with CaptureQueriesContext(connection) as queries:
            services.import_validate(by=county.user("township1"), job=job)
        return sum(1 for q in queries if "id_number_bidx" in q["sql"] and "people_person" in q["sql"])

    assert spec.batch_size == 5
    assert lookups(5) == 1 and lookups(12) == 3


# --- files, pages and the API


def test_csv_files_in_utf8_and_gbk(county):
    rows = [["姓名", "身份证号", "性别"], ["张三", ID1, "男"], ["曾睿", ID2, "女"]]
    for encoding, bom in (("utf-8", True), ("utf-8", False), ("gbk", False)):
        job = _start(county, csv_file(rows, encoding=encoding, bom=bom))
        assert (job.file_format, job.valid, job.invalid) == ("csv", 2, 0), (encoding, job.report)
        _commit(county, job)
    assert _person(ID2).name == "曾睿" and Person.objects.count() == 2


def test_an_old_excel_xls_file_with_a_title_row_is_imported(county):
    """people.xls was saved by an xls writer (BIFF8): a merged title, 身份证号码 and 联系电话 as headers,
    a date cell, a date as text, a phone typed as a number and an ID number ending in a lower-case x."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (Path(__file__).parent / "fixtures" / "people.xls").read_bytes()
    job = _start(county, SimpleUploadedFile("花名册.xls", content))
    assert (job.file_format, job.header_row, job.valid, job.invalid) == ("xls", 2, 3, 0), job.report
    job = _commit(county, job)
    assert (job.state, job.created) == (ImportJob.State.COMMITTED, 3)
    zhang, li, wang = _person(ID1), _person(ID2), _person(_id_with_x())
    assert (zhang.name, zhang.birth_date, zhang.phone) == ("张三", datetime.date(1990, 1, 1), "13800138000")
    assert (li.name, li.sex, li.birth_date, li.phone) == (
        "李四",
        "female",
        datetime.date(1985, 6, 15),
        "13900139000",
    )
    assert wang.name == "王建伟" and wang.id_number.endswith("X")


def test_the_error_report_is_the_same_sheet_with_an_error_column(county):
    job = _start(county, _sheet([1, "张三", float(ID1[:-1] + "0")], [2, "李四", ID2, "男"], [3, "王五", ID3]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(sheets.report_xlsx(job).streaming_content)))
    ws = book.active
    assert ws["A1"].value == TITLE
    assert [c.value for c in ws[3]] == [*HEADER, "Errors"]
    assert ws["C4"].value == ID1[:-3] + "000" and ws["C4"].data_type == "s"
    assert "lost its last digits" in ws["H4"].value and ws["H4"].value.startswith("身份证号")
    assert ws["H5"].value.startswith("性别") and "Female" in ws["H5"].value
    assert ws["H6"].value is None and ws["C6"].value == ID3


def test_the_template_has_the_headers_and_an_example_row(api, county):
    response = api("township1").get("/api/v1/imports/templates/people.xlsx", **EN)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Name*", "ID number*", "Sex"] and len(headers) == len(PersonSpec.fields)
    assert sheet["B2"].value == "511922199001011238" and identity.is_valid(sheet["B2"].value)
    assert sheet.column_dimensions["B"].number_format == "@"


def test_import_through_the_api_multipart(api, county):
    client = api("township1")
    data = {"file": _sheet([1, "张三", ID1], [2, "李四", ID2, "男"])}
    body = client.post("/api/v1/imports/people", data, **EN).json()
    assert (body["kind"], body["state"], body["valid"], body["invalid"]) == ("people", "validated", 1, 1)
    assert body["errors"][0]["row"] == 5 and body["errors"][0]["column"] == "D"
    response = client.post(
        f"/api/v1/imports/{body['id']}/commit",
        {"take_good_rows": True},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    assert _person(ID1).org == county.township1


def test_import_through_the_pages(login, county):
    client = login("township1")
    response = client.post("/imports/new/", {"kind": "people", "file": _sheet([1, "张三", ID1])}, **EN)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == "validated"
    client.post(f"/imports/{job.pk}/commit/", **EN)
    job.refresh_from_db()
    assert (job.state, job.created) == ("committed", 1) and _person(ID1).name == "张三"


def test_township2_cannot_see_township1s_people_import_or_its_report(api, login, county):
    job_id = (
        api("township1").post("/api/v1/imports/people", {"file": _sheet([1, "张三", ID1, "女"])}).json()["id"]
    )
    other = api("township2")
    for path in ("", "/errors", "/report.xlsx"):
        assert other.get(f"/api/v1/imports/{job_id}{path}").status_code == 404
    assert (
        other.post(f"/api/v1/imports/{job_id}/commit", {}, content_type="application/json").status_code == 404
    )
    assert [j["id"] for j in other.get("/api/v1/imports/").json()] == []
    page = login("township2")
    assert page.get(f"/imports/{job_id}/").status_code == 404
    assert page.get(f"/imports/{job_id}/report.xlsx").status_code == 404
    assert api("township1").get(f"/api/v1/imports/{job_id}/report.xlsx").status_code == 200


def test_who_may_import_people(api, county):
    assert (
        api("auditor").post("/api/v1/imports/people", {"file": _sheet([1, "张三", ID1])}).status_code == 403
    )
    chair = api("chair1").post("/api/v1/imports/people", {"file": _sheet([1, "张三", ID1])}).json()
    assert chair["org"] == county.grassroots1.pk
