"""Phone numbers: mainland mobiles in every written form, landlines only with their area code."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.people import phones


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+86-13812345678",
        "0086 13812345678",
        "8613812345678",
        "１３８１２３４５６７８",
        " 138.1234.5678 ",
    ],
)
def test_mobile_numbers_are_normalised_to_11_digits(raw):
    phone = phones.parse(raw)
    assert phone.number == "13812345678"
    assert phone.kind == "mobile"


@settings(deadline=None)  # timing on a shared machine measures its load, not the code
@given(st.integers(min_value=3, max_value=9), st.from_regex(r"\A[0-9]{9}\Z"))
def test_any_mobile_number_survives_a_plus86_prefix_and_dashes(second, rest):
    number = f"1{second}{rest}"
    assert phones.normalise(f"+86 {number[:3]}-{number[3:7]}-{number[7:]}") == number


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0827-8881234", "0827-8881234"),
        ("(0827) 888 1234", "0827-8881234"),
        ("08278881234", "0827-8881234"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("028 8765 4321", "028-87654321"),
        ("+86 827 8881234", "0827-8881234"),
    ],
)
def test_landlines_with_area_code_are_kept_as_code_dash_number(raw, stored):
    phone = phones.parse(raw)
    assert phone.number == stored
    assert phone.kind == "landline"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "Enter the phone number"),
        ("1381234567", "11 digits"),
        ("138123456789", "11 digits"),
        ("12812345678", "11 digits"),
        ("8881234", "a landline number with its area code"),
        ("0827-123", "area code and 7 or 8 digits"),
        ("+1 415 555 0100", "mainland China"),
        ("138abcd5678", "digits only"),
    ],
)
def test_bad_phone_numbers_are_refused_with_a_reason(raw, reason):
    with pytest.raises(DomainError, match=reason) as caught:
        phones.parse(raw)
    assert caught.value.field == "phone"


def test_empty_phone_normalises_to_empty():
    assert phones.normalise("  ") == ""
