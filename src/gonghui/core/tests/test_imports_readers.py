"""Readers and header detection: real office sheets, with title rows, merged cells and header variants."""

from __future__ import annotations

import datetime
import io

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.imports import readers
from gonghui.core.imports.headers import find_header, normalise_header
from gonghui.core.tests.imports_support import TITLE, MemberSpec, csv_bytes, xlsx_bytes

HEADER = ["序号", "姓名", "身份证号", "出生日期"]


pytestmark = pytest.mark.usefixtures("english")


def _rows(data: bytes, fmt: str, encoding: str = "") -> list[tuple[int, list]]:
    return list(readers.iter_rows(io.BytesIO(data), fmt, encoding))


def test_xlsx_rows_carry_the_spreadsheet_row_numbers_under_a_merged_title():
    data = xlsx_bytes(
        [HEADER, [1, "张三", "51192219900101123X", datetime.date(1990, 1, 1)]], start_row=2, title=TITLE
    )
    rows = _rows(data, readers.XLSX)
    assert rows[0] == (1, [TITLE, "", "", ""])
    assert rows[2] == (3, HEADER)
    number, cells = rows[3]
    assert number == 4 and cells[1:3] == ["张三", "51192219900101123X"]
    assert cells[3] == datetime.date(1990, 1, 1)


def test_xlsx_columns_keep_their_letters_when_the_first_columns_are_empty():
    data = xlsx_bytes([HEADER, [1, "张三", "x", "y"]], start_row=3, start_col=2)
    number, cells = _rows(data, readers.XLSX)[4]
    assert number == 5
    assert cells[:3] == ["", "", 1.0] and cells[3] == "张三"


def test_xlsx_number_cells_come_back_as_floats_so_lost_digits_can_be_seen():
    data = xlsx_bytes([["身份证号"], [511922199001011000]])
    assert _rows(data, readers.XLSX)[1][1] == [5.11922199001011e17]


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("gbk", False), ("gb18030", False)]
)
def test_csv_in_utf8_with_or_without_bom_and_gbk(encoding, bom):
    rare = "曾䶮" if encoding == "gb18030" else "曾睿"  # 䶮 is outside GBK, inside GB18030
    data = csv_bytes(
        [["姓名", "身份证号"], ["张三", "51192219900101123X"], [rare, "x"]], encoding=encoding, bom=bom
    )
    found = readers.detect_encoding(io.BytesIO(data))
    assert found == ("utf-8-sig" if encoding == "utf-8" else "gb18030")
    rows = _rows(data, readers.CSV, found)
    assert rows[0] == (1, ["姓名", "身份证号"])  # no BOM left in the first header
    assert rows[1] == (2, ["张三", "51192219900101123X"])
    assert rows[2] == (3, [rare, "x"])


def test_gbk_is_detected_even_when_the_first_chunk_is_plain_ascii():
    data = b"a,b\n" + b"1,2\n" * 40000 + "张三,李四\n".encode("gbk")
    assert readers.detect_encoding(io.BytesIO(data)) == "gb18030"


def test_semicolon_and_tab_separated_csv():
    assert _rows("姓名;身份证号\n张三;1\n".encode(), readers.CSV, "utf-8-sig")[1] == (2, ["张三", "1"])
    assert _rows("姓名\t身份证号\n张三\t1\n".encode(), readers.CSV, "utf-8-sig")[1] == (2, ["张三", "1"])


def test_format_comes_from_the_bytes_not_only_the_name():
    assert readers.detect_format(b"PK\x03\x04rest", "名册.csv") == readers.XLSX
    assert readers.detect_format(b"\xd0\xcf\x11\xe0", "名册.xlsx") == readers.XLS
    assert readers.detect_format(b"a,b", "名册.CSV") == readers.CSV
    with pytest.raises(DomainError):
        readers.detect_format(b"%PDF", "名册.pdf")


def test_a_broken_workbook_is_refused_with_a_message():
    with pytest.raises(DomainError) as caught:
        _rows(b"PK\x03\x04 not really a zip", readers.XLSX)
    assert "cannot be read" in str(caught.value.message)


def test_row_count_for_progress_is_read_with_the_rows():
    info: dict = {}
    rows = readers.iter_rows(io.BytesIO(xlsx_bytes([HEADER] * 10, start_row=2)), readers.XLSX, info=info)
    next(rows)
    assert info["last_row"] == 12


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("姓 名", "姓名"),
        ("*身份证号码", "身份证号码"),
        ("身份证号（必填）", "身份证号"),
        ("手机号(选填)：", "手机号"),
        ("ＩＤ　Number", "idnumber"),
        ("【联系电话】", ""),
    ],
)
def test_header_text_is_normalised_for_matching(header, normalised):
    assert normalise_header(header) == normalised


def test_header_row_is_found_under_title_rows_with_variant_names():
    rows = [
        (1, [TITLE, "", "", "", ""]),
        (2, ["", "", "", "", ""]),
        (3, ["填报单位：南江镇", "", "", "", "2015年6月"]),
        (4, ["序号", "名字", "公民身份号码（必填）", "联系电话", "备注"]),
        (5, [1, "张三", "x", "y", ""]),
    ]
    guess = find_header(iter(rows), MemberSpec())
    assert guess.row_number == 4
    assert guess.mapping == {1: "name", 2: "id_number", 3: "phone"}
    assert guess.unknown == [0, 4]


def test_two_columns_naming_one_field_keep_the_first_and_report_the_second():
    guess = find_header(iter([(1, ["姓名", "手机", "联系电话", "身份证号"])]), MemberSpec())
    assert guess.mapping == {0: "name", 1: "phone", 3: "id_number"}
    assert guess.repeated == [2]


def test_no_header_in_the_first_rows_gives_nothing():
    rows = [(n, ["随便", "什么"]) for n in range(1, 30)]
    assert find_header(iter(rows), MemberSpec()) is None
