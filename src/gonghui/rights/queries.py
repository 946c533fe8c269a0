"""Scoped reads of the rights platform for pages, API, exports and figures.

Rows are reached through the owning organisation's scope (``rights.view`` or ``counselling.view``).
On top of that, whoever answered a consultation sees it and the adviser assigned to a case sees
the case, wherever it is kept: the federation assigns advisers (法律顾问委派) to cases of any
township, and the adviser must then read what they handle.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, visible_orgs, visible_to
from gonghui.core.errors import DomainError, FieldError, NotFound
from gonghui.core.extensions import Counter, SearchHit
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.rights import conf
from gonghui.rights.choices import LIMITATION_STAGES, Stage
from gonghui.rights.models import (
    CaseClaimant,
    CaseDocument,
    CaseStage,
    Consultation,
    CounsellingSession,
    DutyShift,
    LegalOutreach,
    RightsCase,
)
from gonghui.rights.perms import COUNSELLING_VIEW, RIGHTS_CHANGE, RIGHTS_VIEW

RIGHTS_POINT_KINDS = (ServicePoint.Kind.RIGHTS_POINT, ServicePoint.Kind.MIGRANT_STATION)


def _not_found() -> NotFound:
    return NotFound(_("Not found, or outside your scope."))


def _filtered(filterset: Any) -> QuerySet:
    if not filterset.is_valid():
        errors = [FieldError(f, m) for f, msgs in filterset.errors.items() for m in msgs]
        raise DomainError(_("Some filters are not valid."), errors=errors)
    return filterset.qs


def within(queryset: QuerySet, org: Organisation | None, field: str = "org") -> QuerySet:
    """Narrow to an organisation's subtree (``org`` already checked visible by the caller)."""
    if org is None:
        return queryset
    return queryset.filter(**{f"{field}__path__startswith": org.path})


# --- consultations --------------------------------------------------------------------------------


def consultations(user: Any, perm: str = RIGHTS_VIEW) -> QuerySet[Consultation]:
    """Consultations kept in the user's scope, and those the user answered."""
    rows = Consultation.objects.select_related("org", "service_point", "person", "answered_by")
    scoped = visible_to(user, rows, perm)
    if perm == RIGHTS_VIEW and has_perm(user, perm):
        scoped = scoped | rows.filter(answered_by=user)
    return scoped.order_by("-received_at", "-pk")


def consultation(user: Any, pk: Any, perm: str = RIGHTS_VIEW) -> Consultation:
    try:
        return consultations(user, perm).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def consultation_list(user: Any, params: Any) -> QuerySet[Consultation]:
    from gonghui.rights.filters import ConsultationFilter

    return _filtered(ConsultationFilter(params, queryset=consultations(user), user=user))


# --- service points and the roster ----------------------------------------------------------------


def rights_points(user: Any, perm: str = RIGHTS_VIEW) -> QuerySet[ServicePoint]:
    """Points where workers are received on rights: rights points, out-of-town stations, and the centres
    and stations in scope (the county centre answers 12351)."""
    rows = ServicePoint.objects.select_related("org").filter(is_active=True)
    return visible_to(user, rows, perm).order_by("kind", "name")


def shifts(user: Any, perm: str = RIGHTS_VIEW) -> QuerySet[DutyShift]:
    rows = DutyShift.objects.select_related("org", "service_point", "user")
    return visible_to(user, rows, perm).order_by("date", "start_time", "pk")


def shift(user: Any, pk: Any, perm: str = RIGHTS_VIEW) -> DutyShift:
    return get_visible(user, DutyShift.objects.select_related("org", "service_point", "user"), perm, pk=pk)


def shift_list(user: Any, params: Any) -> QuerySet[DutyShift]:
    from gonghui.rights.filters import ShiftFilter

    return _filtered(ShiftFilter(params, queryset=shifts(user), user=user))


def _window(shift: DutyShift) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(shift.date, shift.start_time), tz)
    end = timezone.make_aware(datetime.datetime.combine(shift.date, shift.end_time), tz)
    return start, end


def shift_consultations(user: Any, shift: DutyShift) -> QuerySet[Consultation]:
    """What a shift handled: consultations received at its point during the shift, and those its
    adviser answered during it (a call taken at the point for another one)."""
    start, end = _window(shift)
    handled = Q(service_point=shift.service_point)
    if shift.user_id:
        handled |= Q(answered_by=shift.user_id)
    return consultations(user).filter(handled, received_at__gte=start, received_at__lt=end)


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    shifts: list[tuple[DutyShift, int]]

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()


def roster_month(user: Any, point: ServicePoint, year: int, month: int) -> list[list[CalendarDay]]:
    """The month calendar of one point: weeks (Monday first) of days, each with its shifts and how
    many consultations each handled."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    rows = list(shifts(user).filter(service_point=point, date__range=(first, last)))
    by_day: dict[datetime.date, list[tuple[DutyShift, int]]] = defaultdict(list)
    for row in rows:
        by_day[row.date].append((row, shift_consultations(user, row).count()))
    return [[CalendarDay(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


# --- cases ----------------------------------------------------------------------------------------


def cases(user: Any, perm: str = RIGHTS_VIEW) -> QuerySet[RightsCase]:
    """Cases kept in the user's scope, and those assigned to the user as adviser."""
    rows = RightsCase.objects.select_related("org", "service_point", "adviser", "respondent")
    scoped = visible_to(user, rows, perm)
    if has_perm(user, RIGHTS_VIEW):
        scoped = scoped | rows.filter(adviser=user)
    return scoped.order_by("-opened_on", "-pk")


def case(user: Any, pk: Any, perm: str = RIGHTS_VIEW) -> RightsCase:
    try:
        return cases(user, perm).get(pk=pk)
    except (RightsCase.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def case_with_details(user: Any, pk: Any) -> RightsCase:
    """One case with its claimants, stages and documents loaded."""
    rows = cases(user).prefetch_related(
        Prefetch("claimants", queryset=CaseClaimant.objects.select_related("person").order_by("pk")),
        Prefetch(
            "stages",
            queryset=CaseStage.objects.select_related("entered_by")
            .prefetch_related("documents")
            .order_by("entered_at", "pk"),
        ),
    )
    try:
        return rows.get(pk=pk)
    except (RightsCase.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def case_list(user: Any, params: Any) -> QuerySet[RightsCase]:
    from gonghui.rights.filters import CaseFilter

    rows = _filtered(CaseFilter(params, queryset=cases(user), user=user))
    return rows.annotate(
        claimant_count=Count("claimants", distinct=True),
        claimed_total=Sum("claimants__claimed_amount"),
        recovered_total=Sum("claimants__recovered_amount"),
        awarded_total=Sum("claimants__awarded_amount"),
    )


def claimant(user: Any, case_pk: Any, pk: Any) -> CaseClaimant:
    """One claimant of a case in scope."""
    parent = case(user, case_pk)
    try:
        return parent.claimants.select_related("person", "case").get(pk=pk)
    except (CaseClaimant.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def document(user: Any, pk: Any) -> CaseDocument:
    """One case document whose case the user may see."""
    rows = CaseDocument.objects.select_related("stage__case").filter(stage__case__in=cases(user).values("pk"))
    try:
        return rows.get(pk=pk)
    except (CaseDocument.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def totals(case: RightsCase) -> dict[str, Decimal]:
    """Claimed, recovered and awarded totals of a case (from its claimants)."""
    sums = case.claimants.aggregate(
        claimed=Sum("claimed_amount"), recovered=Sum("recovered_amount"), awarded=Sum("awarded_amount")
    )
    return {k: v if v is not None else Decimal("0.00") for k, v in sums.items()}


# --- deadlines and the overdue list ---------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """A deadline that matters: the one-year arbitration limitation, or one of the office's targets."""

    kind: str  # limitation_passed | limitation_near | acceptance_overdue | closing_overdue
    label: Any
    due: datetime.date
    days: int  # days left (negative: days past)

    @property
    def level(self) -> str:
        return "danger" if self.days < 0 else "warning"


def acceptance_due(case: RightsCase) -> datetime.date:
    return conf.add_working_days(case.opened_on, conf.accept_working_days())


def closing_due(case: RightsCase) -> datetime.date | None:
    if case.accepted_on is None:
        return None
    return case.accepted_on + datetime.timedelta(days=conf.close_days())


def case_alerts(case: RightsCase, today: datetime.date | None = None) -> list[Alert]:
    """The deadlines of an open case that are near or past, most urgent first."""
    if case.stage == Stage.CLOSED:
        return []
    today = today or timezone.localdate()
    alerts: list[Alert] = []
    deadline = case.limitation_deadline
    if deadline is not None and case.stage in LIMITATION_STAGES:
        left = (deadline - today).days
        if left < 0:
            alerts.append(Alert("limitation_passed", _("Arbitration limitation passed"), deadline, left))
        elif left <= conf.limitation_warn_days():
            alerts.append(Alert("limitation_near", _("Arbitration limitation approaching"), deadline, left))
    if case.stage == Stage.INTAKE:
        due = acceptance_due(case)
        if today > due:
            alerts.append(Alert("acceptance_overdue", _("Acceptance overdue"), due, (due - today).days))
    due_close = closing_due(case)
    if due_close is not None and today > due_close:
        alerts.append(Alert("closing_overdue", _("Closing overdue"), due_close, (due_close - today).days))
    return sorted(alerts, key=lambda a: a.days)


ALERT_KINDS = ("limitation_passed", "limitation_near", "acceptance_overdue", "closing_overdue")


def overdue(
    user: Any,
    *,
    today: datetime.date | None = None,
    service_point: Any = None,
    adviser: Any = None,
    kind: str = "",
    org: Organisation | None = None,
) -> list[tuple[RightsCase, list[Alert]]]:
    """Open cases in scope with a deadline near or past, most urgent first; narrowed by point,
    adviser, organisation or kind of alert."""
    rows = within(cases(user).exclude(stage=Stage.CLOSED), org)
    if service_point:
        rows = rows.filter(service_point_id=getattr(service_point, "pk", service_point))
    if adviser:
        rows = rows.filter(adviser_id=getattr(adviser, "pk", adviser))
    result = []
    for row in rows:
        alerts = case_alerts(row, today)
        if kind:
            alerts = [a for a in alerts if a.kind == kind]
        if alerts:
            result.append((row, alerts))
    return sorted(result, key=lambda item: (item[1][0].days, item[0].opened_on, item[0].pk))


def overdue_groups(items: list[tuple[RightsCase, list[Alert]]], by: str) -> list[tuple[str, list[Any]]]:
    """The overdue list grouped by handling point or by adviser, for the page."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for row, alerts in items:
        if by == "adviser":
            key = str(row.adviser) if row.adviser_id else str(_("No adviser assigned"))
        else:
            key = row.service_point.name if row.service_point_id else row.org.name
        groups[key].append((row, alerts))
    return sorted(groups.items())


# --- handling times -------------------------------------------------------------------------------


@dataclass
class HandlingRow:
    label: str
    cases: int
    days_to_accept: float | None
    days_to_close: float | None
    stage_days: dict[str, float]


def handling_times(
    user: Any,
    *,
    by: str = "point",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    org: Organisation | None = None,
) -> list[HandlingRow]:
    """Average days in each stage, to acceptance and to closing, of the cases closed in the period,
    per handling point (``by="point"``) or per adviser (``by="adviser"``)."""
    rows = within(cases(user).filter(stage=Stage.CLOSED), org)
    if start:
        rows = rows.filter(closed_on__gte=start)
    if end:
        rows = rows.filter(closed_on__lte=end)
    rows = rows.prefetch_related(Prefetch("stages", queryset=CaseStage.objects.order_by("entered_at", "pk")))
    grouped: dict[str, list[RightsCase]] = defaultdict(list)
    for row in rows:
        if by == "adviser":
            key = str(row.adviser) if row.adviser_id else str(_("No adviser assigned"))
        else:
            key = row.service_point.name if row.service_point_id else row.org.name
        grouped[key].append(row)
    result = []
    for label, group in sorted(grouped.items()):
        stage_days: dict[str, list[float]] = defaultdict(list)
        to_accept, to_close = [], []
        for row in group:
            stages = list(row.stages.all())
            for stage in stages:
                if stage.left_at is not None:
                    stage_days[stage.stage].append((stage.left_at - stage.entered_at).total_seconds() / 86400)
            opened = stages[0].entered_at if stages else None
            accepted = next((s.entered_at for s in stages if s.stage == Stage.ACCEPTED), None)
            closed = next((s.entered_at for s in stages if s.stage == Stage.CLOSED), None)
            if opened and accepted:
                to_accept.append((accepted - opened).total_seconds() / 86400)
            if opened and closed:
                to_close.append((closed - opened).total_seconds() / 86400)
        result.append(
            HandlingRow(
                label,
                len(group),
                _mean(to_accept),
                _mean(to_close),
                {k: _mean(v) or 0.0 for k, v in stage_days.items() if k != Stage.CLOSED},
            )
        )
    return result


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


# --- counselling ----------------------------------------------------------------------------------


def sessions(user: Any, perm: str = COUNSELLING_VIEW) -> QuerySet[CounsellingSession]:
    """Counselling sessions in scope: that they took place and their numbers, never their notes."""
    rows = CounsellingSession.objects.select_related("org", "counsellor", "service_point")
    return visible_to(user, rows, perm).order_by("-held_on", "-pk")


def session(user: Any, pk: Any, perm: str = COUNSELLING_VIEW) -> CounsellingSession:
    return get_visible(
        user, CounsellingSession.objects.select_related("org", "counsellor", "service_point"), perm, pk=pk
    )


def session_list(user: Any, params: Any) -> QuerySet[CounsellingSession]:
    from gonghui.rights.filters import SessionFilter

    return _filtered(SessionFilter(params, queryset=sessions(user), user=user))


# --- legal outreach -------------------------------------------------------------------------------


def outreach_events(user: Any, perm: str = RIGHTS_VIEW) -> QuerySet[LegalOutreach]:
    rows = LegalOutreach.objects.select_related("org", "enterprise", "organiser")
    return visible_to(user, rows, perm).order_by("-held_on", "-pk")


def outreach_event(user: Any, pk: Any, perm: str = RIGHTS_VIEW) -> LegalOutreach:
    return get_visible(
        user, LegalOutreach.objects.select_related("org", "enterprise", "organiser"), perm, pk=pk
    )


def outreach_list(user: Any, params: Any) -> QuerySet[LegalOutreach]:
    from gonghui.rights.filters import OutreachFilter

    return _filtered(OutreachFilter(params, queryset=outreach_events(user), user=user))


def month_bounds(month: datetime.date | str | tuple[int, int]) -> tuple[datetime.date, datetime.date]:
    """First and last day of a month given as a date in it, "2015-06", or (2015, 6)."""
    if isinstance(month, str):
        year, mon = (int(part) for part in month.split("-")[:2])
    elif isinstance(month, tuple):
        year, mon = month
    else:
        year, mon = month.year, month.month
    return datetime.date(year, mon, 1), datetime.date(year, mon, calendar.monthrange(year, mon)[1])


def lectures_by(user: Any, month: datetime.date | str | tuple[int, int]) -> QuerySet[LegalOutreach]:
    """The legal outreach events ``user`` organised in ``month``: what counts toward a cadre's
    monthly "1 legal lecture" duty (the work platform reads this). Not scoped by a viewer: the
    caller decides who may see whose duty."""
    first, last = month_bounds(month)
    return LegalOutreach.objects.filter(organiser=user, held_on__range=(first, last)).order_by(
        "held_on", "pk"
    )


# --- extension points -----------------------------------------------------------------------------


def home_counters(user: Any) -> list[Counter]:
    """Open cases and this year's consultations in the user's scope."""
    if not has_perm(user, RIGHTS_VIEW):
        return []
    year = timezone.localdate().year
    return [
        Counter(
            _("Open rights cases"),
            cases(user).exclude(stage=Stage.CLOSED).count(),
            reverse("rights:cases") + "?open=true",
            "shield-check",
        ),
        Counter(
            _("Consultations this year"),
            consultations(user).filter(received_at__year=year).count(),
            reverse("rights:consultations") + f"?received_after={year}-01-01",
            "chat-left-text",
        ),
    ]


def search_cases(user: Any, query: str, limit: int) -> list[SearchHit]:
    """Rights cases by number, title, claimant or respondent, for the global search box."""
    query = query.strip()
    if len(query) < 2 or not has_perm(user, RIGHTS_VIEW):
        return []
    from gonghui.rights.filters import CaseFilter

    rows = CaseFilter({"q": query}, queryset=cases(user), user=user).qs[:limit]
    hits = []
    for row in rows:
        rank = 0 if row.number.upper() == query.upper() else 50
        hint = " · ".join([row.get_type_display(), row.get_stage_display(), row.respondent_label])
        hits.append(
            SearchHit(
                _("Rights case"),
                f"{row.number} {row.title}",
                hint,
                reverse("rights:case", args=[row.pk]),
                rank,
            )
        )
    return hits


def enterprise_panel(user: Any, enterprise: Any) -> tuple[Any, str, dict[str, Any]] | None:
    """The rights cases against an enterprise, on its detail page (only those the user may see)."""
    if not has_perm(user, RIGHTS_VIEW):
        return None
    rows = cases(user).filter(respondent=enterprise)[:20]
    items = [
        (
            f"{row.number} {row.title}",
            reverse("rights:case", args=[row.pk]),
            f"{row.get_type_display()} · {row.get_stage_display()}",
        )
        for row in rows
    ]
    return _("Rights cases"), "enterprises/_panel_table.html", {"rows": items, "empty": _("No rights cases.")}


def visible_rights_orgs(user: Any) -> QuerySet[Organisation]:
    return visible_orgs(user, RIGHTS_VIEW)


def baseline(user: Any, org_id: Any) -> Any:
    """The figures from before the platform of one organisation, if the user may change them."""
    from gonghui.rights.models import CumulativeBaseline

    if not str(org_id).isdigit():
        return None
    return visible_to(user, CumulativeBaseline.objects.all(), RIGHTS_CHANGE).filter(org_id=org_id).first()
