"""The four figures, each computed by hand from small fixtures, with the records behind them, by
organisation subtree, date or year, and viewer.

Fixtures (conftest ``firms``): township 1 has 米业, 建材, 茶业 and the township government (an organ),
all with union grassroots 1, and a noodle shop without a union; township 2 has 长赤酒店 (union
grassroots 2).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gonghui.bargaining.choices import Answer, Channel, CheckResult, ContractKind
from gonghui.bargaining.models import FulfilmentCheck, OpennessRecord, SurveyResponse
from gonghui.bargaining.tests.factories import make_contract, make_survey
from gonghui.core.errors import NotFound
from gonghui.insight.kpis.bargaining import fulfilment_rate, openness_rate, satisfaction_rate, signing_rate

D = datetime.date
pytestmark = pytest.mark.django_db


def _ids(records: Any) -> set[int]:
    return set(records.values_list("pk", flat=True))


def _pks(*rows: Any) -> set[int]:
    return {r.pk for r in rows}


# --- signing rate -----------------------------------------------------------------------------------


@pytest.fixture
def contracts(county: Any, firms: Any) -> dict[str, Any]:
    """米业: its own wage contract (2015); 建材 and the shop: the township's regional contract (2015–2017);
    茶业: only a draft; the organ: a comprehensive contract (organs do not count); 长赤酒店: nothing."""
    return {
        "rice": make_contract(county.grassroots1, [firms.rice]),
        "regional": make_contract(
            county.township1,
            [firms.bricks, firms.shop],
            kind=ContractKind.REGIONAL,
            title="南江镇区域性工资专项集体合同",
            term_end=D(2017, 12, 31),
        ),
        "draft": make_contract(county.grassroots1, [firms.tea], signed_on=None),
        "organ": make_contract(county.grassroots1, [firms.organ], kind=ContractKind.COMPREHENSIVE),
    }


def test_signing_rate_of_township_one_is_two_of_its_three_enterprises_that_must_bargain(
    county, firms, contracts
):
    figure = signing_rate(county.user("admin"), org=county.township1, on=D(2015, 6, 30))
    # must bargain: 米业, 建材, 茶业 (the organ is exempt, the shop has no union); covered: 米业, 建材
    assert (figure.numerator, figure.denominator, figure.rate) == (2, 3, Decimal("66.7"))
    assert _ids(figure.numerator_records) == _pks(firms.rice, firms.bricks)
    assert _ids(figure.denominator_records) == _pks(firms.rice, firms.bricks, firms.tea)
    assert figure.params == {"org": county.township1.pk, "on": D(2015, 6, 30)}


def test_signing_rate_of_the_whole_county_adds_the_uncovered_hotel_of_township_two(county, firms, contracts):
    figure = signing_rate(county.user("admin"), on=D(2015, 6, 30))
    assert (figure.numerator, figure.denominator, figure.rate) == (2, 4, Decimal("50.0"))
    assert firms.hotel.pk in _ids(figure.denominator_records) - _ids(figure.numerator_records)
    assert signing_rate(county.user("admin"), org=county.township2, on=D(2015, 6, 30)).rate == Decimal("0.0")


def test_signing_rate_follows_the_date_an_expired_contract_no_longer_counts(county, firms, contracts):
    figure = signing_rate(county.user("admin"), org=county.township1, on=D(2016, 6, 30))
    assert (figure.numerator, figure.denominator, figure.rate) == (1, 3, Decimal("33.3"))
    assert _ids(figure.numerator_records) == _pks(firms.bricks)
    before = signing_rate(county.user("admin"), org=county.township1, on=D(2014, 12, 31))
    assert before.numerator == 0


def test_signing_rate_given_a_year_is_taken_on_its_last_day(county, firms, contracts):
    assert signing_rate(county.user("admin"), org=county.township1, on=2015).params["on"] == D(2015, 12, 31)
    assert signing_rate(county.user("admin"), org=county.township1, on=2015).numerator == 2


def test_a_terminated_contract_stops_counting_from_its_termination_day(county, firms, contracts):
    regional = contracts["regional"]
    regional.status, regional.terminated_on, regional.termination_reason = "terminated", D(2015, 3, 1), "撤销"
    regional.save()
    assert signing_rate(county.user("admin"), org=county.township1, on=D(2015, 2, 28)).numerator == 2
    assert signing_rate(county.user("admin"), org=county.township1, on=D(2015, 3, 1)).numerator == 1


def test_an_enterprise_closed_before_the_day_leaves_the_denominator(county, firms, contracts):
    firms.tea.status, firms.tea.closed_on = "closed", D(2015, 3, 1)
    firms.tea.save()
    assert signing_rate(county.user("admin"), org=county.township1, on=D(2015, 2, 28)).denominator == 3
    figure = signing_rate(county.user("admin"), org=county.township1, on=D(2015, 6, 30))
    assert (figure.numerator, figure.denominator, figure.rate) == (2, 2, Decimal("100.0"))


def test_organs_count_when_the_setting_exempts_no_type(county, firms, contracts, settings):
    settings.GONGHUI_BARGAINING_EXEMPT_TYPES = []
    figure = signing_rate(county.user("admin"), org=county.township1, on=D(2015, 6, 30))
    assert (figure.numerator, figure.denominator) == (3, 4)


def test_signing_rate_is_scoped_to_the_viewer(county, firms, contracts):
    on = D(2015, 6, 30)
    assert signing_rate(county.user("township1"), on=on).rate == Decimal("66.7")
    theirs = signing_rate(county.user("township2"), on=on)
    assert (theirs.numerator, theirs.denominator) == (0, 1)
    assert _ids(theirs.denominator_records) == _pks(firms.hotel)
    with pytest.raises(NotFound):
        signing_rate(county.user("township2"), org=county.township1, on=on)


def test_a_chair_sees_its_unions_enterprises_covered_by_the_townships_regional_contract(
    county, firms, contracts
):
    figure = signing_rate(county.user("chair1"), on=D(2015, 6, 30))
    assert (figure.numerator, figure.denominator, figure.rate) == (2, 3, Decimal("66.7"))
    assert _ids(figure.numerator_records) == _pks(firms.rice, firms.bricks)


def test_signing_rate_with_nothing_to_count_has_no_rate(county):
    figure = signing_rate(county.user("admin"), on=D(2015, 6, 30))
    assert (figure.numerator, figure.denominator, figure.rate) == (0, 0, None)


# --- fulfilment rate --------------------------------------------------------------------------------


def _checks(county: Any, firms: Any) -> dict[str, Any]:
    rice = make_contract(county.grassroots1, [firms.rice])
    regional = make_contract(
        county.township1,
        [firms.bricks],
        kind=ContractKind.REGIONAL,
        title="区域合同",
        term_end=D(2016, 12, 31),
    )
    organ = make_contract(county.grassroots1, [firms.organ], kind=ContractKind.COMPREHENSIVE)
    hotel = make_contract(county.grassroots2, [firms.hotel])
    unchecked = make_contract(county.grassroots1, [firms.tea])
    results = [
        (rice, 2015, CheckResult.FULFILLED),
        (regional, 2015, CheckResult.PARTLY),
        (organ, 2015, CheckResult.FULFILLED),
        (hotel, 2015, CheckResult.FULFILLED),
        (regional, 2016, CheckResult.NOT_FULFILLED),
    ]
    for contract, year, result in results:
        FulfilmentCheck.objects.create(
            org=contract.org, contract=contract, year=year, result=result, checked_on=D(year, 11, 1)
        )
    return {"rice": rice, "regional": regional, "organ": organ, "hotel": hotel, "unchecked": unchecked}


def test_fulfilment_rate_is_fulfilled_checks_over_contracts_checked_that_year(county, firms):
    c = _checks(county, firms)
    figure = fulfilment_rate(county.user("admin"), on=2015)
    assert (figure.numerator, figure.denominator, figure.rate) == (3, 4, Decimal("75.0"))
    assert _ids(figure.numerator_records) == _pks(c["rice"], c["organ"], c["hotel"])
    assert _ids(figure.denominator_records) == _pks(c["rice"], c["regional"], c["organ"], c["hotel"])
    assert figure.params == {"org": None, "year": 2015}


def test_fulfilment_rate_by_organisation_subtree_and_year(county, firms):
    c = _checks(county, firms)
    township1 = fulfilment_rate(county.user("admin"), org=county.township1, on=2015)
    assert (township1.numerator, township1.denominator, township1.rate) == (2, 3, Decimal("66.7"))
    assert fulfilment_rate(county.user("admin"), org=county.township2, on=2015).rate == Decimal("100.0")
    later = fulfilment_rate(county.user("admin"), on=D(2016, 5, 1))
    assert (later.numerator, later.denominator, later.rate) == (0, 1, Decimal("0.0"))
    assert _ids(later.denominator_records) == _pks(c["regional"])


def test_fulfilment_rate_is_scoped_to_the_viewer(county, firms):
    _checks(county, firms)
    assert fulfilment_rate(county.user("township2"), on=2015).denominator == 1
    assert fulfilment_rate(county.user("township1"), on=2015).rate == Decimal("66.7")


# --- openness rate ----------------------------------------------------------------------------------


def _openness(county: Any, firms: Any) -> None:
    rows = [
        (firms.rice, True),
        (firms.organ, True),
        (firms.bricks, False),
        (firms.hotel, True),
        (firms.shop, True),  # no union: outside the rate's scope
    ]  # 茶业: no record, so not practising
    for enterprise, practising in rows:
        OpennessRecord.objects.create(
            org=enterprise.union or enterprise.org,
            enterprise=enterprise,
            year=2015,
            form="enterprise",
            practising=practising,
            methods=["board"],
        )


def test_openness_rate_is_practising_enterprises_over_active_enterprises_with_a_union(county, firms):
    _openness(county, firms)
    figure = openness_rate(county.user("admin"), on=2015)
    assert (figure.numerator, figure.denominator, figure.rate) == (3, 5, Decimal("60.0"))
    assert _ids(figure.numerator_records) == _pks(firms.rice, firms.organ, firms.hotel)
    assert _ids(figure.denominator_records) == _pks(
        firms.rice, firms.bricks, firms.tea, firms.organ, firms.hotel
    )


def test_openness_rate_by_organisation_subtree_and_year(county, firms):
    _openness(county, firms)
    township1 = openness_rate(county.user("admin"), org=county.township1, on=D(2015, 4, 1))
    assert (township1.numerator, township1.denominator, township1.rate) == (2, 4, Decimal("50.0"))
    assert openness_rate(county.user("admin"), org=county.township2, on=2015).rate == Decimal("100.0")
    assert openness_rate(county.user("admin"), on=2016).numerator == 0


def test_an_enterprise_closed_before_the_year_is_not_in_the_openness_scope(county, firms):
    _openness(county, firms)
    firms.tea.status, firms.tea.closed_on = "closed", D(2014, 12, 31)
    firms.tea.save()
    figure = openness_rate(county.user("admin"), org=county.township1, on=2015)
    assert (figure.numerator, figure.denominator, figure.rate) == (2, 3, Decimal("66.7"))


def test_openness_rate_is_scoped_to_the_viewer(county, firms):
    _openness(county, firms)
    assert openness_rate(county.user("township1"), on=2015).rate == Decimal("50.0")
    assert openness_rate(county.user("chair1"), on=2015).denominator == 4
    assert _ids(openness_rate(county.user("township2"), on=2015).denominator_records) == _pks(firms.hotel)


# --- satisfaction rate ------------------------------------------------------------------------------


def _answers(survey: Any, counts: dict[str, int]) -> None:
    SurveyResponse.objects.bulk_create(
        SurveyResponse(org=survey.org, survey=survey, channel=Channel.PAPER, answer=answer)
        for answer, n in counts.items()
        for _ in range(n)
    )


@pytest.fixture
def surveys(county: Any) -> dict[str, Any]:
    s1 = make_survey(county.township1, year=2015)
    s2 = make_survey(county.township2, year=2015)
    old = make_survey(county.township1, year=2014)
    _answers(s1, {Answer.VERY_SATISFIED: 2, Answer.SATISFIED: 3, Answer.NEUTRAL: 1, Answer.DISSATISFIED: 1})
    _answers(s2, {Answer.SATISFIED: 1, Answer.VERY_DISSATISFIED: 1})
    _answers(old, {Answer.SATISFIED: 10})
    return {"s1": s1, "s2": s2, "old": old}


def test_satisfaction_rate_is_very_satisfied_and_satisfied_over_all_answers_of_the_years_surveys(
    county, surveys
):
    figure = satisfaction_rate(county.user("admin"), on=2015)
    assert (figure.numerator, figure.denominator, figure.rate) == (6, 9, Decimal("66.7"))
    assert set(figure.numerator_records.values_list("answer", flat=True)) == {"very_satisfied", "satisfied"}
    assert set(figure.denominator_records.values_list("survey", flat=True)) == {
        surveys["s1"].pk,
        surveys["s2"].pk,
    }


def test_satisfaction_rate_by_organisation_subtree_and_year(county, surveys):
    township1 = satisfaction_rate(county.user("admin"), org=county.township1, on=2015)
    assert (township1.numerator, township1.denominator, township1.rate) == (5, 7, Decimal("71.4"))
    assert satisfaction_rate(county.user("admin"), org=county.township2, on=2015).rate == Decimal("50.0")
    assert satisfaction_rate(county.user("admin"), on=2014).rate == Decimal("100.0")
    nothing = satisfaction_rate(county.user("admin"), org=county.grassroots1, on=2015)
    assert (nothing.denominator, nothing.rate) == (0, None)


def test_satisfaction_rate_is_scoped_to_the_viewer(county, surveys):
    assert satisfaction_rate(county.user("township2"), on=2015).denominator == 2
    assert satisfaction_rate(county.user("chair1"), on=2015).denominator == 0
    assert satisfaction_rate(county.user("worker1"), on=2015).denominator == 0
