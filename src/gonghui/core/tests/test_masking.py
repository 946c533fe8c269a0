"""Masking of personal data for display and exports."""

from __future__ import annotations

from django.template import Context, Template

from gonghui.core.masking import mask_for_log, mask_id_number, mask_name, mask_phone


def test_id_number_keeps_the_first_and_last_four():
    assert mask_id_number("512322199001011234") == "5123**********1234"
    assert mask_id_number("51192219900307001X") == "5119**********001X"


def test_phone_keeps_the_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_empty_and_short_values_reveal_nothing():
    assert mask_id_number(None) == "" and mask_phone("") == ""
    assert mask_id_number("1234") == "****"
    assert mask_phone("12345") == "*****"


def test_names_keep_the_surname():
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("李四") == "李*"


def test_the_log_masks_id_numbers_and_phones():
    assert mask_for_log("512322199001011234") == "5123**********1234"
    assert mask_for_log("13812345678") == "138****5678"
    assert "secret" not in mask_for_log("my-secret-value")


def test_template_filters_mask():
    html = Template("{% load gonghui %}{{ i|masked_id }} {{ p|masked_phone }}").render(
        Context({"i": "512322199001011234", "p": "13812345678"})
    )
    assert html == "5123**********1234 138****5678"
