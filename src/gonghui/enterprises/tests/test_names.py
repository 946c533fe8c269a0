"""Pinyin of enterprise names for search."""

from gonghui.enterprises.names import name_pinyin


def test_full_pinyin_and_initials_of_a_company_name():
    assert name_pinyin("南江县光雾山米业有限公司") == (
        "nanjiangxianguangwushanmiyeyouxiangongsi",
        "njxgwsmyyxgs",
    )


def test_words_pypinyin_misreads_are_read_from_the_local_table():
    assert name_pinyin("长赤镇卫生院")[0].startswith("changchi")
    assert name_pinyin("四川银行南江支行")[0].endswith("zhihang")


def test_latin_letters_and_digits_are_kept_whole():
    assert name_pinyin("ABC科技（南江）有限公司") == ("abckejinanjiangyouxiangongsi", "abckjnjyxgs")
    assert name_pinyin("3D打印店")[1] == "3ddyd"


def test_v_stands_for_u_umlaut():
    assert name_pinyin("绿源农业")[0].startswith("lvyuan")
