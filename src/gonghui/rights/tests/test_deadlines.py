"""Deadlines that matter to workers: the one-year arbitration limitation from when the worker knew, the
office's acceptance (working days) and closing targets, and the overdue list per point and adviser."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings

from gonghui.rights import conf, queries
from gonghui.rights.models import RightsCase
from gonghui.rights.services import cases as services

D = datetime.date


@pytest.mark.parametrize(
    ("knew_on", "deadline"),
    [(D(2015, 1, 20), D(2016, 1, 20)), (D(2016, 2, 29), D(2017, 2, 28)), (D(2015, 12, 31), D(2016, 12, 31))],
)
def test_the_limitation_deadline_is_one_year_after_the_worker_knew(knew_on: D, deadline: D) -> None:
    assert RightsCase(knew_on=knew_on).limitation_deadline == deadline


def test_a_case_without_a_known_date_has_no_limitation_deadline() -> None:
    assert RightsCase(knew_on=None).limitation_deadline is None


def test_working_days_skip_the_weekend() -> None:
    friday = D(2015, 3, 6)
    assert conf.add_working_days(friday, 3) == D(2015, 3, 11)  # Mon 9, Tue 10, Wed 11
    assert conf.add_working_days(D(2015, 3, 2), 3) == D(2015, 3, 5)


def test_working_days_skip_public_holidays_and_count_the_weekend_days_worked_for_them() -> None:
    assert conf.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)  # 国庆 and 中秋, 1–7 October
    assert conf.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)  # a Saturday worked before 春节
    assert conf.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)  # then nine days off


def test_a_year_the_calendar_does_not_know_yet_counts_monday_to_friday() -> None:
    assert conf.add_working_days(D(2099, 12, 31), 1) == D(2100, 1, 1)  # a Thursday, then a Friday
    assert conf.is_working_day(D(2099, 12, 26)) is False  # a Saturday


def _case(
    opened: D, *, knew_on: D | None = None, stage: str = "intake", accepted: D | None = None
) -> RightsCase:
    return RightsCase(opened_on=opened, knew_on=knew_on, stage=stage, accepted_on=accepted)


def test_the_limitation_warning_comes_30_days_before_and_turns_red_when_passed() -> None:
    case = _case(D(2015, 12, 1), knew_on=D(2015, 1, 10), stage="mediation", accepted=D(2015, 12, 2))
    assert queries.case_alerts(case, D(2015, 12, 10)) == []
    near = queries.case_alerts(case, D(2015, 12, 11))
    assert [(a.kind, a.due, a.days, a.level) for a in near] == [
        ("limitation_near", D(2016, 1, 10), 30, "warning")
    ]
    passed = [a for a in queries.case_alerts(case, D(2016, 1, 11)) if a.kind.startswith("limitation")]
    assert [(a.kind, a.days, a.level) for a in passed] == [("limitation_passed", -1, "danger")]


@pytest.mark.parametrize("stage", ["arbitration", "litigation"])
def test_no_limitation_warning_once_arbitration_was_applied_for(stage: str) -> None:
    case = _case(D(2015, 6, 1), knew_on=D(2015, 1, 10), stage=stage, accepted=D(2016, 1, 5))
    assert [a.kind for a in queries.case_alerts(case, D(2016, 2, 1))] == []


def test_acceptance_is_overdue_after_three_working_days_at_intake() -> None:
    case = _case(D(2015, 3, 6))  # a Friday
    assert queries.case_alerts(case, D(2015, 3, 11)) == []
    alerts = queries.case_alerts(case, D(2015, 3, 12))
    assert [(a.kind, a.due, a.days) for a in alerts] == [("acceptance_overdue", D(2015, 3, 11), -1)]


def test_closing_is_overdue_60_days_after_acceptance() -> None:
    case = _case(D(2015, 3, 2), stage="mediation", accepted=D(2015, 3, 4))
    assert queries.case_alerts(case, D(2015, 5, 3)) == []
    assert [a.kind for a in queries.case_alerts(case, D(2015, 5, 4))] == ["closing_overdue"]


def test_a_closed_case_has_no_alerts() -> None:
    case = _case(D(2015, 3, 2), knew_on=D(2014, 1, 1), stage="closed", accepted=D(2015, 3, 4))
    assert queries.case_alerts(case, D(2016, 1, 1)) == []


@override_settings(RIGHTS_ACCEPT_WORKING_DAYS=1, RIGHTS_CLOSE_DAYS=10, RIGHTS_LIMITATION_WARN_DAYS=5)
def test_the_targets_come_from_settings() -> None:
    assert [a.kind for a in queries.case_alerts(_case(D(2015, 3, 2)), D(2015, 3, 4))] == [
        "acceptance_overdue"
    ]
    accepted = _case(D(2015, 3, 2), stage="accepted", accepted=D(2015, 3, 2))
    assert [a.kind for a in queries.case_alerts(accepted, D(2015, 3, 13))] == ["closing_overdue"]
    near = _case(D(2015, 3, 2), knew_on=D(2014, 3, 10), stage="accepted", accepted=D(2015, 3, 2))
    assert [a.kind for a in queries.case_alerts(near, D(2015, 3, 4))] == []
    assert [a.kind for a in queries.case_alerts(near, D(2015, 3, 5))] == ["limitation_near"]


@pytest.fixture
def overdue_cases(county: Any, open_case: Any) -> dict[str, RightsCase]:
    """Township 1: one never accepted (intake since 2015-03-02), one past its limitation with the lawyer;
    township 2: one past its closing target."""
    admin = county.user("admin")
    at = datetime.datetime(2015, 3, 2, 10, tzinfo=datetime.UTC)
    intake = open_case(opened_at=at, knew_on=D(2015, 2, 1))
    limitation = open_case(opened_at=at, knew_on=D(2014, 3, 1), adviser=county.user("lawyer"))
    services.case_accept(case=limitation, by=admin, at=at + datetime.timedelta(days=1))
    closing = open_case(by="township2", point="t2", opened_at=at, knew_on=D(2015, 2, 20))
    services.case_accept(case=closing, by=admin, at=at + datetime.timedelta(days=1))
    return {"intake": intake, "limitation": limitation, "closing": closing}


def test_the_overdue_list_names_each_case_with_its_deadlines(county: Any, overdue_cases: Any) -> None:
    items = {
        case.pk: {a.kind for a in alerts}
        for case, alerts in queries.overdue(county.user("admin"), today=D(2015, 5, 20))
    }
    assert items == {
        overdue_cases["intake"].pk: {"acceptance_overdue"},
        overdue_cases["limitation"].pk: {"limitation_passed", "closing_overdue"},
        overdue_cases["closing"].pk: {"closing_overdue"},
    }


def test_the_overdue_list_is_per_point_and_per_adviser(county: Any, overdue_cases: Any, points: Any) -> None:
    admin = county.user("admin")
    at_t2 = queries.overdue(admin, today=D(2015, 5, 20), service_point=points["t2"])
    assert [c.pk for c, _a in at_t2] == [overdue_cases["closing"].pk]
    lawyer = queries.overdue(admin, today=D(2015, 5, 20), adviser=county.user("lawyer"))
    assert [c.pk for c, _a in lawyer] == [overdue_cases["limitation"].pk]
    groups = dict(queries.overdue_groups(queries.overdue(admin, today=D(2015, 5, 20)), "point"))
    assert set(groups) == {points["t1"].name, points["t2"].name}
    by_adviser = dict(queries.overdue_groups(queries.overdue(admin, today=D(2015, 5, 20)), "adviser"))
    assert len(by_adviser["lawyer"]) == 1


def test_a_township_cadre_sees_only_its_own_overdue_cases(county: Any, overdue_cases: Any, api: Any) -> None:
    items = queries.overdue(county.user("township2"), today=D(2015, 5, 20))
    assert [c.pk for c, _a in items] == [overdue_cases["closing"].pk]
    body = api("township1").get("/api/v1/rights-cases/overdue").json()
    assert {row["case"]["id"] for row in body} == {overdue_cases["intake"].pk, overdue_cases["limitation"].pk}
    assert all(row["alerts"] for row in body)


def test_the_overdue_page_groups_by_point_or_adviser(county: Any, overdue_cases: Any, login: Any) -> None:
    client = login("admin")
    html = client.get("/rights/cases/overdue/").content.decode()
    assert html.count('data-testid="overdue-row"') == 3
    assert 'data-testid="alert-limitation_passed"' in html
    html = client.get("/rights/cases/overdue/?by=adviser&kind=closing_overdue").content.decode()
    assert html.count('data-testid="overdue-row"') == 2


def test_the_case_page_warns_of_a_passed_limitation(county: Any, overdue_cases: Any, login: Any) -> None:
    html = login("township1").get(f"/rights/cases/{overdue_cases['limitation'].pk}/").content.decode()
    assert 'data-testid="alert-limitation_passed"' in html
    assert "2015年3月1日" in html or "2015-03-01" in html
