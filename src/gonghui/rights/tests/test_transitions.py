"""Stage transitions of a rights case: every legal one is taken, every illegal jump is refused (409)."""

from __future__ import annotations

import datetime
import json
from itertools import product
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.rights.choices import TRANSITIONS, CaseOutcome, Stage
from gonghui.rights.models import CaseStage
from gonghui.rights.services import cases as services

# A path from intake to each stage, through legal transitions only.
PATHS = {
    Stage.INTAKE: [],
    Stage.ACCEPTED: [Stage.ACCEPTED],
    Stage.MEDIATION: [Stage.ACCEPTED, Stage.MEDIATION],
    Stage.ARBITRATION: [Stage.ACCEPTED, Stage.ARBITRATION],
    Stage.LITIGATION: [Stage.ACCEPTED, Stage.ARBITRATION, Stage.LITIGATION],
    Stage.CLOSED: [Stage.ACCEPTED, Stage.CLOSED],
}
# Sorted: parallel (xdist) workers must collect the same tests in the same order.
LEGAL = sorted((a, b) for a, targets in TRANSITIONS.items() for b in targets)
ILLEGAL = [(a, b) for a, b in product(Stage.values, Stage.values) if b not in TRANSITIONS[a]]


def _walk(case: Any, by: Any, path: list[str]) -> Any:
    for stage in path:
        outcome = CaseOutcome.RESOLVED if stage == Stage.CLOSED else ""
        case = services.case_transition(case=case, by=by, to=stage, outcome=outcome)
    return case


def _outcome(source: str, target: str) -> str:
    if target != Stage.CLOSED:
        return ""
    return CaseOutcome.WITHDRAWN if source == Stage.INTAKE else CaseOutcome.RESOLVED


def test_the_transition_table_is_the_one_the_office_agreed() -> None:
    assert {
        "intake": {"accepted", "closed"},
        "accepted": {"mediation", "arbitration", "closed"},
        "mediation": {"arbitration", "closed"},
        "arbitration": {"litigation", "closed"},
        "litigation": {"closed"},
        "closed": set(),
    } == TRANSITIONS


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=lambda s: str(s))
def test_every_legal_transition_moves_the_case_and_keeps_a_stage_row(
    source: str, target: str, county: Any, open_case: Any
) -> None:
    by = county.user("township1")
    case = _walk(open_case(), by, PATHS[source])
    assert case.stage == source

    case = services.case_transition(
        case=case, by=by, to=target, outcome=_outcome(source, target), result="完成"
    )

    case.refresh_from_db()
    assert case.stage == target
    stages = list(case.stages.order_by("entered_at", "pk"))
    assert [s.stage for s in stages] == ["intake", *PATHS[source], target]
    assert all(s.left_at is not None for s in stages[:-1])
    assert stages[-1].left_at is None
    assert stages[-2].result.endswith("完成")


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=lambda s: str(s))
def test_every_illegal_jump_is_refused_with_409_and_changes_nothing(
    source: str, target: str, county: Any, open_case: Any
) -> None:
    by = county.user("township1")
    case = _walk(open_case(), by, PATHS[source])
    before = list(CaseStage.objects.filter(case=case).values_list("stage", "left_at"))

    with pytest.raises(Conflict) as caught:
        services.case_transition(case=case, by=by, to=target, outcome=_outcome(source, target))

    assert caught.value.status == 409
    case.refresh_from_db()
    assert case.stage == source
    assert list(CaseStage.objects.filter(case=case).values_list("stage", "left_at")) == before


def test_the_refusal_names_the_stages_the_case_may_move_to(county: Any, open_case: Any) -> None:
    with pytest.raises(Conflict) as caught:
        services.case_litigate(case=open_case(), by=county.user("township1"))
    message = str(caught.value)
    assert "Intake" in message or "受理" in message or "intake" in message.lower()
    assert caught.value.errors[0].field == "stage"


@pytest.mark.parametrize("outcome", ["resolved", "partly_resolved", "not_resolved"])
def test_a_case_never_accepted_can_only_be_closed_as_withdrawn_or_transferred(
    outcome: str, county: Any, open_case: Any
) -> None:
    case = open_case()
    with pytest.raises(Conflict):
        services.case_close(case=case, by=county.user("township1"), outcome=outcome)
    for ok in ("withdrawn", "transferred"):
        other = open_case()
        assert services.case_close(case=other, by=county.user("township1"), outcome=ok).outcome == ok


def test_closing_needs_an_outcome_and_other_stages_take_none(county: Any, open_case: Any) -> None:
    by = county.user("township1")
    case = services.case_accept(case=open_case(), by=by)
    with pytest.raises(DomainError) as caught:
        services.case_close(case=case, by=by)
    assert caught.value.errors[0].field == "outcome"
    with pytest.raises(DomainError):
        services.case_mediate(case=case, by=by, outcome="resolved")


def test_closing_sets_the_date_outcome_and_the_claimants_final_amounts(county: Any, open_case: Any) -> None:
    by = county.user("township1")
    case = open_case(
        claimants=[{"name": "甲", "claimed_amount": "8000"}, {"name": "乙", "claimed_amount": "9000"}]
    )
    first, second = case.claimants.order_by("pk")
    case = services.case_mediate(case=services.case_accept(case=case, by=by), by=by)
    case = services.case_close(
        case=case,
        by=by,
        outcome="partly_resolved",
        amounts={first.pk: {"recovered_amount": "8000"}, second.pk: {"recovered_amount": "4500.50"}},
    )
    case.refresh_from_db()
    assert case.outcome == "partly_resolved"
    assert case.closed_on == timezone.localdate()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (str(first.recovered_amount), str(second.recovered_amount)) == ("8000.00", "4500.50")


def test_a_closed_case_cannot_be_changed_any_more(county: Any, open_case: Any) -> None:
    by = county.user("township1")
    case = services.case_close(case=open_case(), by=by, outcome="withdrawn")
    with pytest.raises(Conflict):
        services.case_update(case=case, by=by, title="改名")
    with pytest.raises(Conflict):
        services.claimant_add(case=case, by=by, name="丙")
    with pytest.raises(Conflict):
        services.claimant_update(claimant=case.claimants.get(), by=by, recovered_amount="100")


def test_time_in_each_stage_is_kept_from_backdated_steps(county: Any, open_case: Any) -> None:
    by = county.user("township1")
    start = timezone.now() - datetime.timedelta(days=30)
    case = open_case(opened_at=start)
    case = services.case_accept(case=case, by=by, at=start + datetime.timedelta(days=2))
    case = services.case_mediate(case=case, by=by, at=start + datetime.timedelta(days=3))
    case = services.case_close(case=case, by=by, at=start + datetime.timedelta(days=13), outcome="resolved")
    days = {s.stage: s.days for s in case.stages.all() if s.left_at}
    assert days == {"intake": 2.0, "accepted": 1.0, "mediation": 10.0}
    assert case.accepted_on == timezone.localdate(start + datetime.timedelta(days=2))


def test_a_step_cannot_be_dated_before_the_current_stage_began_or_in_the_future(
    county: Any, open_case: Any
) -> None:
    by = county.user("township1")
    case = open_case(opened_at=timezone.now() - datetime.timedelta(days=5))
    with pytest.raises(DomainError):
        services.case_accept(case=case, by=by, at=timezone.now() - datetime.timedelta(days=6))
    with pytest.raises(DomainError):
        services.case_accept(case=case, by=by, at=timezone.now() + datetime.timedelta(days=1))


def test_a_township_cadre_cannot_move_another_townships_case(county: Any, open_case: Any) -> None:
    case = open_case()
    with pytest.raises(PermissionDenied):
        services.case_accept(case=case, by=county.user("township2"))


def test_the_assigned_adviser_may_move_the_case(county: Any, open_case: Any) -> None:
    case = open_case(adviser=county.user("lawyer"))
    assert services.case_accept(case=case, by=county.user("lawyer")).stage == "accepted"


def test_the_auditor_cannot_move_a_case(county: Any, open_case: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.case_accept(case=open_case(), by=county.user("auditor"))


@pytest.mark.parametrize(
    ("verb", "path", "status"),
    [
        ("accept", [], 200),
        ("mediate", [], 409),
        ("litigate", ["accepted"], 409),
        ("arbitrate", ["accepted", "mediation"], 200),
        ("close", ["accepted", "arbitration", "litigation"], 200),
        ("accept", ["accepted", "closed"], 409),
    ],
)
def test_the_api_stage_verbs_follow_the_same_table(
    verb: str, path: list[str], status: int, county: Any, open_case: Any, api: Any
) -> None:
    case = _walk(open_case(), county.user("township1"), path)
    body = {"outcome": "resolved"} if verb == "close" else {}
    response = api("township1").post(
        f"/api/v1/rights-cases/{case.pk}/{verb}", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == status, response.content
    if status == 409:
        assert set(response.json()) == {"detail", "errors"}
        assert response.json()["detail"]
    else:
        assert (
            response.json()["stage"]
            == {"accept": "accepted", "arbitrate": "arbitration", "close": "closed"}[verb]
        )


def test_the_case_page_offers_only_the_legal_transitions(county: Any, open_case: Any, login: Any) -> None:
    by = county.user("township1")
    case = services.case_accept(case=open_case(), by=by)
    html = login("township1").get(f"/rights/cases/{case.pk}/").content.decode()
    assert 'data-testid="verb-mediate"' in html
    assert 'data-testid="verb-arbitrate"' in html
    assert 'data-testid="verb-close"' in html
    assert 'data-testid="verb-litigate"' not in html
    assert 'data-testid="verb-accept"' not in html


def test_an_illegal_transition_posted_to_the_page_shows_the_error_and_keeps_the_stage(
    county: Any, open_case: Any, login: Any
) -> None:
    case = open_case()
    response = login("township1").post(f"/rights/cases/{case.pk}/litigate/", {})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "intake"
