"""Cell cleaners: what office spreadsheets hold becomes clean values, or a clear refusal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.core.imports import cells
from gonghui.core.imports.cells import CellError

LOST = "stored as a number by Excel and lost its last digits"


pytestmark = pytest.mark.usefixtures("english")


def _refusal(cleaner, value) -> str:
    with pytest.raises(CellError) as caught:
        cleaner(value)
    return str(caught.value.message)


def test_text_makes_full_width_half_width_and_collapses_spaces():
    assert cells.text("  张三\u3000 丰 ") == "张三 丰"
    assert cells.text("ＡＢＣ１２３，") == "ABC123,"
    assert cells.text(13800138000.0) == "13800138000"


def test_text_refuses_what_is_too_long_instead_of_cutting_it():
    assert "at most 3" in _refusal(cells.text_max(3), "abcd")


@pytest.mark.parametrize(
    "value", [5.11922199001011e17, 511922199001011000, "5.11922199001011E+17", "5.11922E+17"]
)
def test_id_number_turned_into_a_number_by_excel_is_refused_with_the_reason(value):
    message = _refusal(cells.id_number_text, value)
    assert LOST in message and "format the column as text" in message


def test_id_number_lower_case_x_becomes_upper_case():
    assert cells.id_number_text("51192219900101123x") == "51192219900101123X"


def test_id_number_full_width_characters_spaces_and_apostrophe_are_put_right():
    assert cells.id_number_text("５１１９２２１９９００１０１１２３Ｘ") == "51192219900101123X"
    assert cells.id_number_text(" 511922 1990 0101 123X\u3000") == "51192219900101123X"
    assert cells.id_number_text("'51192219900101123X") == "51192219900101123X"


def test_an_old_15_digit_number_survives_as_a_number_cell():
    assert cells.id_number_text(511922900101123.0) == "511922900101123"


def test_digits_text_keeps_phone_digits_from_number_cells():
    assert cells.digits_text(13812345678.0) == "13812345678"
    assert cells.digits_text("'138 1234 5678") == "13812345678"
    assert "lost digits" in _refusal(cells.digits_text, 1.2345678901234567e18)


@pytest.mark.parametrize(
    "value",
    [
        "1990-01-01",
        "1990/1/1",
        "1990.1.1",
        "19900101",
        "1990年1月1日",
        "1990 年 1 月 1 日",
        "１９９０－０１－０１",
        "1990-01-01 00:00:00",
        19900101,
        32874,
        32874.0,
        "32874",
        datetime.date(1990, 1, 1),
        datetime.datetime(1990, 1, 1, 8, 30),
    ],
)
def test_dates_in_every_office_format_and_serial_numbers(value):
    assert cells.date(value) == datetime.date(1990, 1, 1)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [(1, datetime.date(1900, 1, 1)), (59, datetime.date(1900, 2, 28)), (61, datetime.date(1900, 3, 1))],
)
def test_excel_serial_numbers_around_the_1900_leap_year_bug(serial, expected):
    assert cells.excel_serial_date(serial) == expected


def test_the_fictitious_29_february_1900_is_refused():
    assert "never existed" in _refusal(cells.date, 60)


@pytest.mark.parametrize("value", ["1990-02-30", "1990年13月1日"])
def test_impossible_dates_are_refused(value):
    assert "not a real date" in _refusal(cells.date, value)


@pytest.mark.parametrize("value", ["abc", "1990.1", "1990", "01/02/1990", True, -5])
def test_unreadable_dates_are_refused_with_the_formats_accepted(value):
    message = _refusal(cells.date, value)
    assert "1990-01-01" in message or "not a date" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("男", "male"),
        ("女", "female"),
        ("M", "male"),
        ("f", "female"),
        (1, "male"),
        (2.0, "female"),
        ("女性", "female"),
    ],
)
def test_sex_from_chinese_letters_and_codes(value, expected):
    assert cells.sex(value) == expected


def test_unknown_sex_is_refused():
    assert "男" in _refusal(cells.sex, "未知")


def test_money_is_decimal_with_two_places():
    assert cells.money(500) == Decimal("500.00")
    assert cells.money(1000.5) == Decimal("1000.50")
    assert cells.money("1,000.50元") == Decimal("1000.50")
    assert "two decimal places" in _refusal(cells.money, "1.234")
    assert "amount in yuan" in _refusal(cells.money, "五百")


@pytest.mark.parametrize("value", ["是", "Y", "yes", "√", True, 1])
def test_yes_values(value):
    assert cells.boolean(value) is True


@pytest.mark.parametrize("value", ["否", "N", "×", False, 0])
def test_no_values(value):
    assert cells.boolean(value) is False


def test_unclear_yes_no_is_refused():
    assert "是" in _refusal(cells.boolean, "也许")


def test_integer_refuses_fractions():
    assert cells.integer(12.0) == 12
    assert cells.integer("1,200") == 1200
    assert "whole number" in _refusal(cells.integer, 12.5)


def test_choice_accepts_code_label_in_both_languages_and_synonyms():
    from gonghui.orgs.models import ServicePoint

    clean = cells.choice(ServicePoint.Kind, synonyms={"维权点": "rights_point"})
    assert clean("rights_point") == "rights_point"
    assert clean("Rights protection point") == "rights_point"
    assert clean(" 维权点 ") == "rights_point"
    assert "Service centre" in _refusal(clean, "茶馆")


def test_blank_cells_include_full_width_spaces():
    assert cells.is_blank("\u3000 ") and cells.is_blank(None) and not cells.is_blank(0)


def test_a_number_cell_reads_as_excel_shows_it():
    assert cells.as_text(5.11922199001011e17) == "511922199001011000"
    assert cells.as_text(12.0) == "12" and cells.as_text(0.5) == "0.5"
    assert cells.as_text(datetime.datetime(1990, 1, 1)) == "1990-01-01"
