"""ID numbers: strict check character and birth date, region codes never refused."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.people import identity

TODAY = datetime.date(2025, 6, 1)

regions = st.one_of(
    st.sampled_from(["511922", "513722", "513026", "110101", "440305", "650102"]),
    st.from_regex(r"\A[1-9][0-9]{5}\Z"),
)
births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def test_known_number_gives_birth_date_sex_and_birthplace():
    parsed = identity.parse("11010519491231002X", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == "female"
    assert parsed.birthplace == "北京市朝阳区"
    assert parsed.warnings == ()


def test_spaces_full_width_digits_and_lower_case_x_are_normalised():
    assert identity.parse(" １１０１０５ 19491231 002ｘ ", today=TODAY).number == "11010519491231002X"
    assert identity.parse("11010519491231002x", today=TODAY).number == "11010519491231002X"


@settings(deadline=None)  # timing on a shared machine measures its load, not the code
@given(regions, births, sequences)
def test_any_generated_valid_number_round_trips(region, birth, sequence):
    number = identity.make(region, birth, sequence)
    parsed = identity.parse(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.sex == ("male" if sequence % 2 else "female")
    assert identity.parse(number.lower().replace("", " ").strip(), today=TODAY).number == number


@settings(deadline=None)  # timing on a shared machine measures its load, not the code
@given(regions, births, sequences, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_any_single_character_change_is_caught(region, birth, sequence, position, replacement):
    number = identity.make(region, birth, sequence)
    if number[position] == replacement or (replacement == "X" and position != 17):
        return
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(DomainError) as caught:
        identity.parse(changed, today=TODAY)
    assert caught.value.field == "id_number"


@settings(deadline=None)  # timing on a shared machine measures its load, not the code
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31)), sequences)
def test_nanjiang_code_511922_with_birth_year_before_2000_is_accepted(birth, sequence):
    parsed = identity.parse(identity.make("511922", birth, sequence), today=TODAY)
    assert parsed.birthplace == "四川省巴中市南江县"
    assert parsed.warnings == ()


@pytest.mark.parametrize("code", ["513026", "513722", "511922"])
def test_every_code_nanjiang_ever_had_names_it(code):
    parsed = identity.parse(identity.make(code, datetime.date(1985, 3, 4), 12), today=TODAY)
    assert parsed.birthplace.endswith("南江县")


def test_unknown_region_code_is_accepted_with_a_warning():
    parsed = identity.parse(identity.make("999999", datetime.date(1985, 3, 4), 12), today=TODAY)
    assert parsed.birthplace == ""
    assert "999999" in str(parsed.warnings[0])


def test_wrong_check_character_is_refused():
    with pytest.raises(DomainError, match="check character"):
        identity.parse("110105194912310021", today=TODAY)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("51192219900230123", "not a real date"),
        ("51192218991231123", "before 1900"),
        ("51192220250602123", "in the future"),
    ],
)
def test_birth_date_is_checked_strictly(number, reason):
    with pytest.raises(DomainError, match=reason):
        identity.parse(number + identity.check_char(number), today=TODAY)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "Enter the ID number"),
        ("5119221990010112", "has 18 characters"),
        ("51192219900101123Y", "17 digits"),
        ("5119221990010112X3", "17 digits"),
        ("51192219900101-1234", "has 18 characters"),
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(raw, reason):
    with pytest.raises(DomainError, match=reason) as caught:
        identity.parse(raw, today=TODAY)
    assert caught.value.field == "id_number"


def test_old_15_digit_number_is_converted_to_18_digits_with_a_warning():
    parsed = identity.parse("511922850304123", today=TODAY)
    assert parsed.number == identity.make("511922", datetime.date(1985, 3, 4), 123)
    assert parsed.converted_from_15
    assert parsed.sex == "male"
    assert len(parsed.warnings) == 1


def test_15_digit_number_with_impossible_date_is_refused():
    with pytest.raises(DomainError, match="not a real date"):
        identity.parse("511922850230123", today=TODAY)


def test_canonical_form_of_15_and_18_digit_numbers_is_the_same():
    assert identity.canonical("511922850304123") == identity.canonical(
        identity.make("511922", datetime.date(1985, 3, 4), 123)
    )


def test_make_forces_the_requested_sex():
    assert (
        identity.parse(identity.make("511922", datetime.date(1990, 1, 1), 10, "male"), today=TODAY).sex
        == "male"
    )
    assert (
        identity.parse(identity.make("511922", datetime.date(1990, 1, 1), 11, "female"), today=TODAY).sex
        == "female"
    )


def test_digits_of_other_scripts_are_refused_not_read_as_numbers():
    number = identity.make("511922", datetime.date(1985, 3, 4), 12)
    with pytest.raises(DomainError):
        identity.parse("߀" + number[1:], today=TODAY)
