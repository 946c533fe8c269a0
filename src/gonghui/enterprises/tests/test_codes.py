"""The unified social credit code: normalised as typed, checked strictly, with a reason when refused."""

from __future__ import annotations

import re

import pytest

from gonghui.core.errors import DomainError
from gonghui.enterprises import codes
from gonghui.enterprises.tests.factories import make_uscc

VALID = "91110000600037341L"  # python-stdnum's own example


def test_a_valid_code_is_accepted_as_it_is():
    assert codes.validate(VALID) == VALID


def test_lower_case_spaces_dashes_and_full_width_characters_are_normalised():
    assert codes.validate(" 9111 0000-6000 3734 1l ") == VALID
    assert codes.validate("９１１１００００６０００３７３４１Ｌ") == VALID


def test_an_empty_code_stays_empty_for_businesses_that_have_none():
    assert codes.validate("") == ""
    assert codes.validate(None) == ""


def test_a_wrong_check_character_is_refused_with_a_reason(english):
    with pytest.raises(DomainError) as exc:
        codes.validate(VALID[:-1] + "M")
    assert exc.value.field == "uscc"
    assert "check character" in str(exc.value)


def test_a_code_of_the_wrong_length_names_its_length(english):
    with pytest.raises(DomainError) as exc:
        codes.validate(VALID[:-2])
    assert "16" in str(exc.value)


def test_letters_never_used_in_codes_are_refused(english):
    with pytest.raises(DomainError) as exc:
        codes.validate("91110000600O37341L")
    assert "I, O, Z, S" in str(exc.value)


def test_a_region_code_with_letters_is_refused():
    with pytest.raises(DomainError):
        codes.validate("9111A000600037341L")


def test_registering_authorities_with_letters_are_accepted_unlike_stdnum_validate():
    # N2: a village collective economic organisation, registered by agriculture (GB 32100).
    code = make_uscc(123, authority_type="N2")
    assert codes.validate(code) == code


def test_an_unknown_registering_authority_is_refused(english):
    first17 = "B1511922000000123"
    with pytest.raises(DomainError) as exc:
        codes.validate(first17 + codes.check_character(first17))
    assert "registering authority" in str(exc.value)


def test_the_message_is_in_chinese_by_default():
    with pytest.raises(DomainError) as exc:
        codes.validate(VALID[:-1] + "M")
    assert re.search(r"[\u4e00-\u9fff]", str(exc.value))
