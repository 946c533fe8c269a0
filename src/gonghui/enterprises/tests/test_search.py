"""Search by name part, pinyin initials, full pinyin and credit code, ranked exact first, scoped."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.enterprises.queries import RANK_CONTAINS, RANK_EXACT, RANK_PREFIX, classify, enterprise_search
from gonghui.enterprises.tests.conftest import USCC1, USCC2
from gonghui.enterprises.tests.factories import EnterpriseFactory, make_uscc


def _names(user: Any, q: str) -> list[str]:
    return [e.name for e in enterprise_search(user, q)]


@pytest.fixture
def many(county: Any, ent1: Any) -> None:
    EnterpriseFactory(org=county.township1, name="光雾山", uscc=make_uscc(11))
    EnterpriseFactory(org=county.township1, name="光雾山旅游开发有限公司", uscc=make_uscc(12))
    EnterpriseFactory(org=county.township1, name="南江县南慧建材有限公司", uscc=make_uscc(13))
    EnterpriseFactory(org=county.township1, name="南江镇王记餐馆", uscc="", type="individual")


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("光雾山", "name"),
        ("gwsmy", "pinyin"),
        ("GuangWuShan", "pinyin"),
        (USCC1, "code"),
        (USCC1[:8].lower(), "code"),
        ("9151 1922", "code"),
        ("!!", ""),
    ],
)
def test_queries_are_classified_by_what_they_look_like(query, kind):
    assert classify(query)[0] == kind


def test_a_part_of_the_name_finds_the_enterprise(county, many):
    assert _names(county.user("township1"), "米业") == ["南江县光雾山米业有限公司"]


def test_pinyin_initials_of_a_part_of_the_name_find_it(county, many):
    assert _names(county.user("township1"), "gwsmy") == ["南江县光雾山米业有限公司"]
    assert _names(county.user("township1"), "NHJC") == ["南江县南慧建材有限公司"]


def test_full_pinyin_finds_it_from_the_start_or_within(county, many):
    assert "南江县南慧建材有限公司" in _names(county.user("township1"), "nanjiangxiannanhui")
    assert _names(county.user("township1"), "nanhuijiancai") == ["南江县南慧建材有限公司"]


def test_the_full_credit_code_and_its_prefix_find_the_enterprise(county, many):
    user = county.user("township1")
    assert _names(user, USCC1) == ["南江县光雾山米业有限公司"]
    assert _names(user, USCC1.lower()) == ["南江县光雾山米业有限公司"]
    assert "南江县光雾山米业有限公司" in _names(user, USCC1[:10])


def test_exact_name_ranks_before_prefix_before_contains(county, many):
    rows = list(enterprise_search(county.user("township1"), "光雾山"))
    assert [(r.name, r.rank) for r in rows] == [
        ("光雾山", RANK_EXACT),
        ("光雾山旅游开发有限公司", RANK_PREFIX),
        ("南江县光雾山米业有限公司", RANK_CONTAINS),
    ]


def test_exact_initials_rank_first_in_pinyin_search(county, many):
    rows = list(enterprise_search(county.user("township1"), "gws"))
    assert rows[0].name == "光雾山" and rows[0].rank == RANK_EXACT
    assert rows[1].rank == RANK_PREFIX and rows[-1].rank == RANK_CONTAINS


def test_an_exact_code_ranks_before_a_prefix_match(county, many):
    rows = list(enterprise_search(county.user("township1"), USCC1))
    assert rows[0].rank == RANK_EXACT


def test_a_query_that_is_nothing_finds_nothing(county, many):
    assert _names(county.user("township1"), "%%") == []
    assert _names(county.user("township1"), "   ") == []


@pytest.mark.parametrize("query", ["长赤", "米业", "changchi", "cc", "njxccmy", USCC2, USCC2[:12]])
def test_township_cadre_finds_nothing_of_another_township_by_any_search_kind(county, ent1, ent2, query):
    assert all("长赤" not in name for name in _names(county.user("township1"), query))
    assert "南江县长赤米业有限公司" in _names(county.user("township2"), query)


def test_admin_and_auditor_search_the_whole_county(county, ent1, ent2):
    for user in ("admin", "auditor"):
        assert set(_names(county.user(user), "米业")) == {
            "南江县光雾山米业有限公司",
            "南江县长赤米业有限公司",
        }


def test_users_without_the_right_find_nothing(county, ent1):
    assert _names(county.user("editor"), "米业") == []
    assert _names(county.user("worker1"), "米业") == []


def test_a_chair_finds_the_enterprise_of_their_union_only(county, ent1, ent2):
    assert _names(county.user("chair1"), "米业") == ["南江县光雾山米业有限公司"]
