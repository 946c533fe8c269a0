"""Pinyin of names: surnames read as surnames, compound surnames whole, initials per syllable."""

import pytest

from gonghui.people import pinyin


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("曾国藩", "zengguofan", "zgf"),
        ("单田芳", "shantianfang", "stf"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("区志坚", "ouzhijian", "ozj"),
        ("查良镛", "zhaliangyong", "zly"),
        ("朴树", "piaoshu", "ps"),
        ("盖聂", "genie", "gn"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("覃海", "qinhai", "qh"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("缪可", "miaoke", "mk"),
        ("欧阳修", "ouyangxiu", "oyx"),
    ],
)
def test_surnames_are_read_as_surnames(name, full, initials):
    assert pinyin.full_pinyin(name) == full
    assert pinyin.initials(name) == initials


def test_common_name_reads_normally():
    assert pinyin.full_pinyin("张三") == "zhangsan"
    assert pinyin.initials("张三") == "zs"


def test_surname_is_not_joined_with_the_given_name_into_another_word():
    # 曾经 as a word reads ceng jing; as surname and given name it is zeng jing.
    assert pinyin.full_pinyin("曾经纬") == "zengjingwei"


def test_u_umlaut_is_written_v_as_input_methods_type_it():
    assert pinyin.full_pinyin("吕布") == "lvbu"


def test_transcribed_name_with_middle_dot_is_read_as_written():
    assert pinyin.full_pinyin("买买提•艾力") == "maimaitiaili"
    assert pinyin.normalise_name(" 买买提 . 艾力 ") == "买买提·艾力"


def test_compound_surname_alone_as_a_two_character_name_is_surname_plus_given_name():
    assert pinyin.split_surname("欧阳") == ("欧", "阳")
    assert pinyin.split_surname("欧阳修") == ("欧阳", "修")


def test_latin_letters_in_a_name_are_kept():
    assert pinyin.full_pinyin("王Ａ") == "wanga"
