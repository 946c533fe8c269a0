"""The search box: every kind of query, ranking, and scope (township 2 finds nothing of township 1)."""

import pytest

from gonghui.core.extensions import search_all
from gonghui.people.queries import classify, person_search
from gonghui.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def found(county, query, user="township1"):
    return [(p.name, p.rank) for p in person_search(county.user(user), query)]


def test_one_chinese_character_finds_every_name_containing_it(county, registry):
    assert {name for name, _rank in found(county, "张")} == {"张三丰", "张三"}
    assert found(county, "丰") == [("张三丰", 50)]


def test_two_chinese_characters_rank_exact_name_before_prefix(county, registry):
    assert found(county, "张三") == [("张三", 0), ("张三丰", 10)]
    assert found(county, "三丰") == [("张三丰", 50)]


def test_three_characters_find_the_whole_name(county, registry):
    assert found(county, "张三丰") == [("张三丰", 0)]
    assert found(county, "张三丰啊") == []


def test_three_characters_need_every_pair_of_them(county, registry):
    for name in ("王建伟", "王建国", "李建伟", "王伟建"):
        PersonFactory(org=county.township1, name=name)
    assert found(county, "王建伟") == [("王建伟", 0)]
    assert found(county, "建伟") == [("李建伟", 50), ("王建伟", 50)]


def test_full_pinyin_ranks_exact_before_prefix_before_given_name(county, registry):
    assert found(county, "zhangsan") == [("张三", 0), ("张三丰", 10)]
    assert found(county, "ZhangSanFeng") == [("张三丰", 0)]
    assert found(county, "sanfeng") == [("张三丰", 50)]
    assert found(county, "zhan") == [("张三", 10), ("张三丰", 10)]


def test_pinyin_initials_find_people(county, registry):
    assert found(county, "zs") == [("张三", 0), ("张三丰", 10)]
    assert found(county, "zsf") == [("张三丰", 0)]


def test_surname_pinyin_uses_the_surname_reading(county, registry):
    assert found(county, "zengguofan") == [("曾国藩", 0)]
    assert found(county, "zgf") == [("曾国藩", 0)]
    assert found(county, "cengguofan") == []


def test_full_id_number_finds_the_person_in_any_form(county, registry):
    number = registry.zeng_guofan.id_number
    assert found(county, number) == [("曾国藩", 0)]
    assert found(county, f" {number[:6]} {number[6:]} ") == [("曾国藩", 0)]
    assert found(county, number[:6] + number[8:17]) == [("曾国藩", 0)]  # the old 15-digit form


@pytest.mark.parametrize("length", [4, 5, 6])
def test_last_characters_of_the_id_number_find_the_person(county, registry, length):
    assert ("曾国藩", 10) in found(county, registry.zeng_guofan.id_number[-length:])


def test_full_phone_finds_the_person_in_any_written_form(county, registry):
    assert found(county, "13812345678") == [("张三丰", 0)]
    assert found(county, "+86 138-1234-5678") == [("张三丰", 0)]
    assert found(county, "0827-8881234") == [("李四", 0)]


def test_last_four_digits_of_the_phone_find_the_person(county, registry):
    assert found(county, "5678") == [("张三丰", 10)]
    assert found(county, "1234") == [("李四", 10)]


def test_queries_that_are_nothing_find_nothing(county, registry):
    assert found(county, "") == []
    assert found(county, "!!") == []
    assert found(county, "12") == []


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("张", "name"),
        ("zhang san", "pinyin"),
        ("lü", "pinyin"),
        ("511922199001020203", "id"),
        ("51192219900102020x", "id"),
        ("020x", "tail"),
        ("123456", "tail"),
        ("13812345678", "phone"),
        ("+86 138 1234 5678", "phone"),
        ("@#", ""),
    ],
)
def test_query_kind_is_detected(query, kind):
    assert classify(query)[0] == kind


def _queries_for(registry):
    person = registry.zhang_sanfeng
    return {
        "one character": "丰",
        "two characters": "三丰",
        "whole name": "张三丰",
        "full pinyin": "zhangsanfeng",
        "initials": "zsf",
        "full id": person.id_number,
        "id last 4": person.id_number[-4:],
        "id last 5": person.id_number[-5:],
        "id last 6": person.id_number[-6:],
        "full phone": person.phone,
        "phone last 4": person.phone[-4:],
    }


def test_township2_cannot_find_township1_people_by_any_search_kind(county, registry):
    for kind, query in _queries_for(registry).items():
        assert "张三丰" not in [name for name, _ in found(county, query, user="township2")], kind
        assert "张三丰" in [name for name, _ in found(county, query, user="township1")], kind


def test_township2_finds_its_own_zhang_san_only(county, registry):
    assert found(county, "张三", user="township2") == [("张三", 0)]
    assert [p.pk for p in person_search(county.user("township2"), "张三")] == [registry.other_zhang_san.pk]


def test_federation_admin_and_auditor_search_the_whole_county(county, registry):
    for user in ("admin", "auditor"):
        assert [name for name, _ in found(county, "张三", user=user)] == ["张三", "张三", "张三丰"]


def test_editor_without_people_view_finds_nobody(county, registry):
    assert found(county, "张", user="editor") == []
    assert not [h for h in search_all(county.user("editor"), "张三") if str(h.kind) in ("Person", "人员")]


def test_global_search_box_lists_people_masked_and_in_scope(county, registry):
    hits = [h for h in search_all(county.user("township1"), "张三丰") if h.url.startswith("/people/")]
    assert [h.label for h in hits] == ["张三丰"]
    assert registry.zhang_sanfeng.id_number not in hits[0].hint
    assert "*" in hits[0].hint
    assert not [h for h in search_all(county.user("township2"), "张三丰") if h.url.startswith("/people/")]
