"""Money is Decimal yuan with two places; floats and garbage are refused with a clear message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.core.money import MAX_DIGITS, MoneyField, format_yuan, to_money


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("500", "500.00"),
        ("1,000.50", "1000.50"),
        ("１，２００", "1200.00"),
        ("¥1,234.5", "1234.50"),
        ("800元", "800.00"),
        (" 12.3 ", "12.30"),
        (Decimal("7.1"), "7.10"),
        (42, "42.00"),
        ("-15.00", "-15.00"),
    ],
)
def test_amounts_as_people_write_them_become_yuan_with_two_places(raw, expected):
    amount = to_money(raw)
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_money(0.1)


def test_three_decimal_places_are_refused_naming_the_field():
    with pytest.raises(DomainError) as caught:
        to_money("1.005", field="amount")
    assert caught.value.field == "amount"
    assert caught.value.as_dict()["errors"] == [{"field": "amount", "message": str(caught.value.message)}]


@pytest.mark.parametrize("garbage", ["abc", "", "1.2.3", "NaN", "Infinity", None, "五百"])
def test_garbage_is_refused(garbage):
    with pytest.raises(DomainError):
        to_money(garbage)


def test_amounts_beyond_the_column_are_refused():
    with pytest.raises(DomainError):
        to_money("1" + "0" * (MAX_DIGITS - 1))
    with pytest.raises(DomainError):
        to_money("1e30")
    assert to_money("9" * (MAX_DIGITS - 2)) == Decimal("9" * (MAX_DIGITS - 2))


def test_message_follows_the_language():
    with translation.override("en"):
        with pytest.raises(DomainError) as english:
            to_money("abc")
        assert str(english.value.message).startswith("Enter an amount in yuan")
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as chinese:
            to_money("abc")
        assert "金额" in str(chinese.value.message)


@given(
    st.decimals(
        min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2, allow_nan=False
    )
)
def test_any_two_place_amount_round_trips_through_its_text(amount):
    assert to_money(str(amount)) == amount
    assert to_money(f"{amount:,.2f}") == amount


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999999.99"), places=2, allow_nan=False))
def test_formatted_yuan_reads_back_as_the_same_amount(amount):
    assert to_money(format_yuan(amount)) == amount


def test_yuan_is_written_as_an_office_writes_it():
    assert format_yuan(Decimal("1234.5")) == "¥1,234.50"
    assert format_yuan(None) == ""
    assert Template("{% load gonghui %}{{ a|yuan }}").render(Context({"a": Decimal("500")})) == "¥500.00"


def test_money_field_is_fixed_to_two_places():
    field = MoneyField()
    assert (field.max_digits, field.decimal_places) == (MAX_DIGITS, 2)
    assert "max_digits" not in field.deconstruct()[3]
