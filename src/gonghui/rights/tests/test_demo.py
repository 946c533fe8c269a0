"""The demo county's 2015 reproduces the reference report's rights figures, and loads twice unchanged."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.models import User
from gonghui.enterprises import demo as enterprises_demo
from gonghui.insight.kpis import rights as figures
from gonghui.orgs import demo as orgs_demo
from gonghui.rights import demo
from gonghui.rights.models import (
    CaseClaimant,
    Consultation,
    CounsellingNote,
    CounsellingSession,
    DutyShift,
    LegalOutreach,
    RightsCase,
)
from gonghui.rights.queries import overdue

pytestmark = pytest.mark.django_db

Y2015 = {"start": datetime.date(2015, 1, 1), "end": datetime.date(2015, 12, 31)}


@pytest.fixture(scope="module")
def context(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The demo county, loaded once for this module inside a transaction rolled back at its end
    (each test runs in a savepoint of it, so none sees another's changes)."""
    with django_db_blocker.unblock(), transaction.atomic():
        context: dict[str, Any] = dict(orgs_demo.load())
        accounts_demo.load(context)
        enterprises_demo.load(context)
        started = time.monotonic()
        demo.load(context)
        context["seconds"] = time.monotonic() - started
        yield context
        transaction.set_rollback(True)


@pytest.fixture
def admin(context: dict[str, Any]) -> User:
    return User.objects.get(username="admin")


def test_the_demo_year_2015_reproduces_the_reports_rights_figures(context: Any, admin: User) -> None:
    assert figures.consultations(admin, **Y2015).value == 280
    assert figures.cases_closed(admin, **Y2015).value == 17
    assert figures.compensation_awarded(admin, **Y2015).numerator_records.filter(
        name="黄凯"
    ).get().awarded_amount == (Decimal("180000.00"))
    assert figures.cumulative_amount(admin, **Y2015 | {"start": None}).value == Decimal("4320000.00")
    assert figures.counselled_people(admin, **Y2015).value == 128
    assert figures.outreach_events(admin, **Y2015).value == 2
    assert figures.materials_distributed(admin, **Y2015).value == 3000


def test_the_collective_case_recovered_490000_yuan_for_15_migrant_workers_among_them_li_yang(
    context: Any,
) -> None:
    case = RightsCase.objects.get(title__contains="李阳")
    claimants = CaseClaimant.objects.filter(case=case)
    assert claimants.count() == 15
    assert sum(c.recovered_amount for c in claimants) == Decimal("490000.00")
    li = claimants.get(name="李阳")
    assert li.origin == "资阳市" and li.is_migrant_worker
    assert case.stage == "closed" and case.outcome == "resolved"
    assert case.respondent is not None and case.respondent.name == "南江县南慧建材有限公司"
    assert [s.stage for s in case.stages.order_by("entered_at")] == [
        "intake",
        "accepted",
        "mediation",
        "closed",
    ]


def test_the_injury_case_of_huang_kai_won_180000_yuan_through_the_xian_station(context: Any) -> None:
    case = RightsCase.objects.get(claimants__name="黄凯")
    assert case.type == "work_injury"
    assert case.service_point.kind == "migrant_station" and case.service_point.city == "西安市"
    assert case.respondent_city == "西安市" and case.respondent is None
    assert case.claimants.get().awarded_amount == Decimal("180000.00")
    assert case.legal_aid_referred


def test_the_demo_roster_covers_the_12_rights_points_and_both_stations(context: Any) -> None:
    points = set(DutyShift.objects.values_list("service_point__name", flat=True))
    assert len([p for p in points if p.endswith("职工维权工作点")]) == 12
    assert {"南江籍农民工西安法律服务站", "南江籍农民工青岛法律服务站"} <= points
    assert DutyShift.objects.filter(user__username="lawyer").exists()


def test_every_demo_consultation_at_a_point_falls_within_a_shift_there(context: Any, admin: User) -> None:
    from gonghui.rights.queries import shift_consultations

    at_points = Consultation.objects.filter(service_point__kind__in=["rights_point", "migrant_station"])
    handled = set()
    for shift in DutyShift.objects.all():
        handled |= set(shift_consultations(admin, shift).values_list("pk", flat=True))
    assert set(at_points.values_list("pk", flat=True)) <= handled


def test_demo_consultations_are_settled_with_reasons_and_referrals(context: Any) -> None:
    assert Consultation.objects.filter(outcome="case").count() == RightsCase.objects.count() == 19
    assert Consultation.objects.filter(outcome="declined").exclude(decline_reason="").exists()
    assert not Consultation.objects.filter(outcome="declined", decline_reason="").exists()
    assert Consultation.objects.filter(outcome="referred").exclude(referral="").count() >= 10
    assert Consultation.objects.filter(channel="hotline").count() == 50


def test_the_demo_has_open_cases_on_the_overdue_list(context: Any, admin: User) -> None:
    kinds = {a.kind for _case, alerts in overdue(admin, today=datetime.date(2016, 1, 15)) for a in alerts}
    assert {"acceptance_overdue", "limitation_passed"} <= kinds


def test_demo_counselling_has_notes_for_counsellors_and_follow_ups_not_counted_twice(context: Any) -> None:
    assert CounsellingNote.objects.exists()
    assert CounsellingSession.objects.filter(follow_up_of__isnull=False).count() == 5
    assert (
        sum(
            CounsellingSession.objects.filter(follow_up_of__isnull=True).values_list(
                "participant_count", flat=True
            )
        )
        == 128
    )


def test_the_two_lectures_count_toward_their_organisers_duty(context: Any) -> None:
    from gonghui.rights.queries import lectures_by

    cadre = User.objects.get(username="township1")
    assert list(lectures_by(cadre, "2015-03").values_list("title", flat=True)) == [
        "“法律进企业”劳动合同法宣讲"
    ]
    assert LegalOutreach.objects.count() == 2


def test_loading_the_demo_twice_changes_nothing_and_is_fast(context: Any) -> None:
    counts = [
        m.objects.count() for m in (Consultation, RightsCase, CaseClaimant, DutyShift, CounsellingSession)
    ]
    demo.load(context)
    assert [
        m.objects.count() for m in (Consultation, RightsCase, CaseClaimant, DutyShift, CounsellingSession)
    ] == counts
    assert context["seconds"] < 20
