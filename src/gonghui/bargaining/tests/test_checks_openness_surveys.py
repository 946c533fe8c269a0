"""Fulfilment checks (one per contract per year), openness records (one per enterprise per year) and
satisfaction surveys (paper entry in bulk, one online answer per account or session, closing)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError

from gonghui.bargaining import queries, services
from gonghui.bargaining.choices import Answer, Channel, CheckResult, OpennessForm
from gonghui.bargaining.models import FulfilmentCheck, OpennessRecord, SurveyResponse
from gonghui.bargaining.tests.factories import make_contract, make_survey
from gonghui.core.errors import Conflict, DomainError, PermissionDenied

D = datetime.date
pytestmark = pytest.mark.django_db


def _check(
    county: Any, contract: Any, year: int = 2015, by: str = "township1", **fields: Any
) -> FulfilmentCheck:
    values = {"result": CheckResult.FULFILLED, "checked_on": D(2015, 11, 20), "checked_by": "联合检查组"}
    values.update(fields)
    return services.fulfilment_check_record(by=county.user(by), contract=contract, year=year, **values)


# --- fulfilment checks ------------------------------------------------------------------------------


def test_a_check_is_recorded_with_the_contracts_organisation(county, firms):
    contract = make_contract(county.grassroots1, [firms.rice])
    check = _check(county, contract, findings="工资增长8%已兑现")
    assert check.org == county.grassroots1 and check.recorded_by == county.user("township1")


def test_a_second_check_of_the_same_contract_and_year_is_refused(county, firms):
    contract = make_contract(county.township1, [firms.rice], term_end=D(2016, 12, 31))
    _check(county, contract)
    with pytest.raises(Conflict) as exc:
        _check(county, contract, result=CheckResult.PARTLY)
    assert exc.value.status == 409 and exc.value.errors[0].field == "year"
    assert _check(county, contract, year=2016, checked_on=D(2016, 11, 1)).year == 2016
    assert FulfilmentCheck.objects.count() == 2


def test_the_database_refuses_two_checks_of_one_contract_in_one_year(county, firms):
    contract = make_contract(county.township1, [firms.rice])
    fields = {"org": county.township1, "contract": contract, "year": 2015, "checked_on": D(2015, 11, 1)}
    FulfilmentCheck.objects.create(result=CheckResult.FULFILLED, **fields)
    with pytest.raises(IntegrityError):
        FulfilmentCheck.objects.create(result=CheckResult.PARTLY, **fields)


def test_a_contract_not_in_force_that_year_cannot_be_checked_for_it(county, firms):
    contract = make_contract(county.township1, [firms.rice])
    with pytest.raises(DomainError) as exc:
        _check(county, contract, year=2016, checked_on=D(2016, 11, 1))
    assert exc.value.errors[0].field == "year"
    draft = make_contract(county.township1, [firms.bricks], signed_on=None)
    with pytest.raises(DomainError):
        _check(county, draft)


def test_a_check_dated_before_its_year_or_with_an_unknown_result_is_refused(county, firms):
    contract = make_contract(county.township1, [firms.rice])
    with pytest.raises(DomainError) as exc:
        _check(county, contract, result="great", checked_on=D(2014, 12, 1))
    assert {e.field for e in exc.value.errors} == {"result", "checked_on"}


def test_a_cadre_of_another_township_may_not_check_the_contract(county, firms):
    contract = make_contract(county.township1, [firms.rice])
    with pytest.raises(PermissionDenied):
        _check(county, contract, by="township2")


# --- openness records -------------------------------------------------------------------------------


def test_an_openness_record_is_kept_by_the_enterprises_union_with_the_form_of_its_type(county, firms):
    by = county.user("township1")
    record = services.openness_record(
        by=by, enterprise=firms.rice, year=2015, practising=True, methods=["board"]
    )
    organ = services.openness_record(
        by=by, enterprise=firms.organ, year=2015, practising=True, methods=["network"]
    )
    shop = services.openness_record(by=by, enterprise=firms.shop, year=2015, practising=False)
    assert (record.org, record.form) == (county.grassroots1, OpennessForm.ENTERPRISE)
    assert organ.form == OpennessForm.GOVERNMENT
    assert shop.org == county.township1  # no union: kept by the enterprise's keeper


def test_recording_the_same_enterprise_and_year_again_corrects_the_one_record(county, firms):
    by = county.user("chair1")
    services.openness_record(by=by, enterprise=firms.rice, year=2015, practising=False)
    services.openness_record(
        by=by, enterprise=firms.rice, year=2015, practising=True, methods=["congress", "board"]
    )
    record = OpennessRecord.objects.get()
    assert record.practising and record.methods == ["board", "congress"]


def test_the_database_refuses_two_openness_records_of_one_enterprise_and_year(county, firms):
    fields = {"org": county.grassroots1, "enterprise": firms.rice, "year": 2015, "form": "enterprise"}
    OpennessRecord.objects.create(**fields)
    with pytest.raises(IntegrityError):
        OpennessRecord.objects.create(**fields)


def test_practising_openness_needs_at_least_one_known_method(county, firms):
    by = county.user("township1")
    with pytest.raises(DomainError) as exc:
        services.openness_record(by=by, enterprise=firms.rice, year=2015, practising=True)
    assert exc.value.errors[0].field == "methods"
    with pytest.raises(DomainError):
        services.openness_record(
            by=by, enterprise=firms.rice, year=2015, practising=True, methods=["telepathy"]
        )


def test_bulk_entry_saves_all_or_nothing_and_names_each_bad_enterprise(county, firms):
    by = county.user("township1")
    entries = [
        {"enterprise": firms.rice, "practising": True, "methods": ["board"]},
        {"enterprise": firms.tea, "practising": True, "methods": []},
    ]
    with pytest.raises(DomainError) as exc:
        services.openness_record_many(by=by, year=2015, entries=entries)
    assert "云顶茶业" in str(exc.value.errors[0].message)
    assert not OpennessRecord.objects.exists()
    entries[1]["methods"] = ["board"]
    assert len(services.openness_record_many(by=by, year=2015, entries=entries)) == 2


def test_bulk_entry_refuses_an_enterprise_outside_the_scope(county, firms):
    entries = [{"enterprise": firms.hotel, "practising": True, "methods": ["board"]}]
    with pytest.raises(DomainError):
        services.openness_record_many(by=county.user("township1"), year=2015, entries=entries)
    assert not OpennessRecord.objects.exists()


# --- surveys ------------------------------------------------------------------------------------------


def test_a_survey_gets_a_public_code_without_look_alike_characters(county, firms):
    survey = services.survey_create(
        by=county.user("township1"), org=county.township1, year=2015, title="满意度测评"
    )
    assert len(survey.public_code) == 8 and not set(survey.public_code) & set("01OI")
    assert survey.is_open and survey.question


def test_paper_answers_are_entered_in_bulk_by_level(county, firms):
    survey = make_survey(county.township1)
    counts = {Answer.SATISFIED: 95, Answer.NEUTRAL: 5}
    assert services.survey_response_enter(by=county.user("township1"), survey=survey, counts=counts) == 100
    rows = SurveyResponse.objects.filter(survey=survey)
    assert rows.count() == 100 and set(rows.values_list("channel", flat=True)) == {Channel.PAPER}
    assert rows.filter(answer=Answer.NEUTRAL).count() == 5
    assert set(rows.values_list("entered_by", flat=True)) == {county.user("township1").pk}
    results = queries.survey_results(survey)
    assert (results["satisfied"], results["total"], str(results["rate"])) == (95, 100, "95.0")
    # bulk_create skips the change log; one entry on the survey records the pile
    assert LogEntry.objects.get_for_object(survey).filter(changes_text__contains="100").exists()


def test_a_paper_entry_with_no_answers_or_negative_counts_is_refused(county, firms):
    survey = make_survey(county.township1)
    by = county.user("township1")
    with pytest.raises(DomainError):
        services.survey_response_enter(by=by, survey=survey, counts={Answer.SATISFIED: 0})
    with pytest.raises(DomainError):
        services.survey_response_enter(by=by, survey=survey, counts={Answer.SATISFIED: -3})
    with pytest.raises(DomainError):
        services.survey_response_enter(by=by, survey=survey, counts={"delighted": 3})
    assert not SurveyResponse.objects.exists()


def test_a_comment_is_entered_only_with_a_single_questionnaire(county, firms):
    survey = make_survey(county.township1)
    by = county.user("township1")
    with pytest.raises(DomainError) as exc:
        services.survey_response_enter(by=by, survey=survey, counts={Answer.SATISFIED: 2}, comment="很好")
    assert exc.value.errors[0].field == "comment"
    services.survey_response_enter(
        by=by, survey=survey, counts={Answer.DISSATISFIED: 1}, comment="公开不及时"
    )
    assert SurveyResponse.objects.get().comment == "公开不及时"


def test_a_worker_account_answers_a_survey_once(county, firms):
    survey = make_survey(county.township1)
    worker = county.user("worker1")
    services.survey_answer_online(survey=survey, answer=Answer.VERY_SATISFIED, user=worker)
    with pytest.raises(Conflict):
        services.survey_answer_online(survey=survey, answer=Answer.NEUTRAL, user=worker)
    row = SurveyResponse.objects.get()
    assert (row.channel, row.respondent, row.entered_by) == (Channel.ONLINE, worker, None)


def test_an_anonymous_session_answers_a_survey_once_and_its_id_is_not_stored(county, firms):
    survey = make_survey(county.township1)
    services.survey_answer_online(survey=survey, answer=Answer.SATISFIED, session_key="abc123")
    with pytest.raises(Conflict):
        services.survey_answer_online(survey=survey, answer=Answer.SATISFIED, session_key="abc123")
    services.survey_answer_online(survey=survey, answer=Answer.SATISFIED, session_key="other-session")
    assert SurveyResponse.objects.count() == 2
    assert not SurveyResponse.objects.filter(respondent_key__contains="abc123").exists()


def test_the_database_refuses_a_second_answer_of_one_account(county, firms):
    survey = make_survey(county.township1)
    fields = {
        "org": survey.org,
        "survey": survey,
        "channel": Channel.ONLINE,
        "respondent": county.user("worker1"),
    }
    SurveyResponse.objects.create(answer=Answer.SATISFIED, **fields)
    with pytest.raises(IntegrityError):
        SurveyResponse.objects.create(answer=Answer.NEUTRAL, **fields)


def test_a_closed_survey_takes_no_answers_on_paper_or_online(county, firms):
    survey = make_survey(county.township1)
    services.survey_close(by=county.user("township1"), survey=survey)
    survey.refresh_from_db()
    assert not survey.is_open and survey.closed_at
    with pytest.raises(Conflict):
        services.survey_response_enter(
            by=county.user("township1"), survey=survey, counts={Answer.SATISFIED: 1}
        )
    with pytest.raises(Conflict):
        services.survey_answer_online(survey=survey, answer=Answer.SATISFIED, session_key="s")
    with pytest.raises(Conflict):
        services.survey_close(by=county.user("township1"), survey=survey)


def test_another_township_may_not_enter_answers_or_close_the_survey(county, firms):
    survey = make_survey(county.township1)
    with pytest.raises(PermissionDenied):
        services.survey_response_enter(
            by=county.user("township2"), survey=survey, counts={Answer.SATISFIED: 1}
        )
    with pytest.raises(PermissionDenied):
        services.survey_close(by=county.user("township2"), survey=survey)


def test_a_survey_about_an_enterprise_must_be_kept_by_its_organisation(county, firms):
    with pytest.raises(DomainError) as exc:
        services.survey_create(
            by=county.user("admin"), org=county.township1, year=2015, title="测评", enterprise=firms.hotel
        )
    assert exc.value.errors[0].field == "enterprise"
