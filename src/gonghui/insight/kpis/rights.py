"""Rights figures (维权): consultations, cases, amounts, people helped, cumulative amounts, counselling.

One function each, all with the same signature ``(viewer, *, org=None, start=None, end=None)``:
rows are limited to what ``viewer`` may see (``rights.view``; counselling with
``counselling.view``), to ``org``'s subtree when given, and to the period ``start``–``end``
(inclusive dates, either open). Definitions:

- consultations: consultations received in the period.
- cases opened / closed: cases by ``opened_on`` / ``closed_on`` in the period (``params["by_type"]``).
- yuan claimed: claimed amounts of the cases opened in the period.
- yuan recovered / compensation awarded: recovered (wages and other money paid back) / awarded
  (injury compensation) amounts of the claimants of cases *closed* in the period; a case's money
  counts when the case is closed. ``yuan_recovered`` carries the same cases' claims as its
  denominator, so its ``rate`` is the share of claims recovered.
- people helped: distinct claimants of cases closed in the period who got money back or were
  awarded compensation (recovered + awarded > 0); a registered person counts once however many
  cases they had, a claimant entered by name only counts once per case.
- cumulative amount: the organisations' ``CumulativeBaseline`` rows (history before the platform,
  those counted from ``start`` on and ending by ``end``) plus the recovered and awarded amounts of
  cases closed in the period that no included baseline already covers.
- counselled people: participants of the counselling sessions held in the period, follow-up
  sessions not counted again.
- outreach events / materials distributed: legal outreach events held in the period, and the
  materials they handed out.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, visible_to
from gonghui.insight.kpis.base import Figure
from gonghui.orgs.models import Organisation
from gonghui.rights import queries
from gonghui.rights.choices import CaseType, Stage
from gonghui.rights.models import CaseClaimant, CumulativeBaseline
from gonghui.rights.perms import COUNSELLING_VIEW, RIGHTS_VIEW

ZERO = Decimal("0.00")
Date = datetime.date | None


def _org(viewer: Any, org: Organisation | int | None, perm: str) -> Organisation | None:
    """The subtree asked for, which must be visible to the viewer (else NotFound)."""
    if org is None:
        return None
    pk = getattr(org, "pk", org)
    return get_visible(viewer, Organisation.objects.all(), perm, pk=pk)


def _params(org: Organisation | None, start: Date, end: Date, **more: Any) -> dict[str, Any]:
    return {"org": org.pk if org else None, "start": start, "end": end, **more}


def _period(rows: QuerySet, field: str, start: Date, end: Date) -> QuerySet:
    if start:
        rows = rows.filter(**{f"{field}__gte": start})
    if end:
        rows = rows.filter(**{f"{field}__lte": end})
    return rows


def _money(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


def _by_type(rows: QuerySet) -> dict[str, int]:
    counts = dict(rows.order_by().values_list("type").annotate(n=Count("pk")))
    return {t: counts.get(t, 0) for t in CaseType.values}


def _cases(viewer: Any, org: Organisation | None) -> QuerySet:
    return queries.within(queries.cases(viewer), org)


def _closed_claimants(
    viewer: Any, org: Organisation | None, start: Date, end: Date, case_type: str
) -> QuerySet:
    closed = _period(_cases(viewer, org).filter(stage=Stage.CLOSED), "closed_on", start, end)
    if case_type:
        closed = closed.filter(type=case_type)
    return CaseClaimant.objects.filter(case__in=closed.values("pk")).select_related("case", "person")


def consultations(viewer: Any, *, org: Any = None, start: Date = None, end: Date = None) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _period(queries.within(queries.consultations(viewer), top), "received_at__date", start, end)
    by_channel = dict(rows.order_by().values_list("channel").annotate(n=Count("pk")))
    return Figure(
        "rights.consultations",
        _("Consultations received"),
        rows.count(),
        numerator_records=rows,
        params=_params(top, start, end, by_channel=by_channel),
    )


def cases_opened(
    viewer: Any, *, org: Any = None, start: Date = None, end: Date = None, case_type: str = ""
) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _period(_cases(viewer, top), "opened_on", start, end)
    by_type = _by_type(rows)
    if case_type:
        rows = rows.filter(type=case_type)
    return Figure(
        "rights.cases_opened",
        _("Rights cases opened"),
        rows.count(),
        numerator_records=rows,
        params=_params(top, start, end, case_type=case_type, by_type=by_type),
    )


def cases_closed(
    viewer: Any, *, org: Any = None, start: Date = None, end: Date = None, case_type: str = ""
) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _period(_cases(viewer, top).filter(stage=Stage.CLOSED), "closed_on", start, end)
    by_type = _by_type(rows)
    by_outcome = dict(rows.order_by().values_list("outcome").annotate(n=Count("pk")))
    if case_type:
        rows = rows.filter(type=case_type)
    return Figure(
        "rights.cases_closed",
        _("Rights cases closed"),
        rows.count(),
        numerator_records=rows,
        params=_params(top, start, end, case_type=case_type, by_type=by_type, by_outcome=by_outcome),
    )


def yuan_claimed(
    viewer: Any, *, org: Any = None, start: Date = None, end: Date = None, case_type: str = ""
) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    opened = _period(_cases(viewer, top), "opened_on", start, end)
    if case_type:
        opened = opened.filter(type=case_type)
    rows = CaseClaimant.objects.filter(case__in=opened.values("pk")).select_related("case", "person")
    total = _money(rows.aggregate(s=Sum("claimed_amount"))["s"])
    return Figure(
        "rights.yuan_claimed",
        _("Yuan claimed in cases opened"),
        total,
        numerator_records=rows,
        params=_params(top, start, end, case_type=case_type),
    )


def _amount_by_type(rows: QuerySet, field: str) -> dict[str, Decimal]:
    sums = dict(rows.order_by().values_list("case__type").annotate(s=Sum(field)))
    return {t: _money(sums.get(t)) for t in CaseType.values}


def yuan_recovered(
    viewer: Any, *, org: Any = None, start: Date = None, end: Date = None, case_type: str = ""
) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _closed_claimants(viewer, top, start, end, case_type)
    sums = rows.aggregate(recovered=Sum("recovered_amount"), claimed=Sum("claimed_amount"))
    return Figure(
        "rights.yuan_recovered",
        _("Yuan recovered for workers"),
        _money(sums["recovered"]),
        denominator=_money(sums["claimed"]),
        numerator_records=rows.filter(recovered_amount__gt=0),
        denominator_records=rows,
        params=_params(
            top, start, end, case_type=case_type, by_type=_amount_by_type(rows, "recovered_amount")
        ),
    )


def compensation_awarded(
    viewer: Any, *, org: Any = None, start: Date = None, end: Date = None, case_type: str = ""
) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _closed_claimants(viewer, top, start, end, case_type)
    total = _money(rows.aggregate(s=Sum("awarded_amount"))["s"])
    return Figure(
        "rights.compensation_awarded",
        _("Compensation awarded"),
        total,
        numerator_records=rows.filter(awarded_amount__gt=0),
        params=_params(top, start, end, case_type=case_type, by_type=_amount_by_type(rows, "awarded_amount")),
    )


def people_helped(viewer: Any, *, org: Any = None, start: Date = None, end: Date = None) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _closed_claimants(viewer, top, start, end, "").annotate(
        got=F("recovered_amount") + F("awarded_amount")
    )
    helped = rows.filter(Q(recovered_amount__gt=0) | Q(awarded_amount__gt=0))
    registered = helped.filter(person__isnull=False).values("person_id").distinct().count()
    by_name = helped.filter(person__isnull=True).count()
    return Figure(
        "rights.people_helped",
        _("Workers helped to money"),
        registered + by_name,
        numerator_records=helped,
        params=_params(top, start, end, registered=registered, by_name_only=by_name),
    )


def cumulative_amount(viewer: Any, *, org: Any = None, start: Date = None, end: Date = None) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    baselines = queries.within(
        visible_to(viewer, CumulativeBaseline.objects.select_related("org"), RIGHTS_VIEW), top
    )
    if start:
        baselines = baselines.filter(since__gte=start)
    if end:
        baselines = baselines.filter(as_of__lte=end)
    rows = _closed_claimants(viewer, top, start, end, "")
    covered = Q()
    for baseline in baselines:
        covered |= Q(case__org__path__startswith=baseline.org.path, case__closed_on__lte=baseline.as_of)
    if covered:
        rows = rows.exclude(covered)
    base = baselines.aggregate(r=Sum("recovered_amount"), a=Sum("awarded_amount"))
    cases_sum = rows.aggregate(r=Sum("recovered_amount"), a=Sum("awarded_amount"))
    baseline_total = _money(base["r"]) + _money(base["a"])
    cases_total = _money(cases_sum["r"]) + _money(cases_sum["a"])
    return Figure(
        "rights.cumulative_amount",
        _("Wages recovered and compensation won, cumulative"),
        baseline_total + cases_total,
        numerator_records=rows.filter(Q(recovered_amount__gt=0) | Q(awarded_amount__gt=0)),
        params=_params(
            top,
            start,
            end,
            baseline_total=baseline_total,
            cases_total=cases_total,
            baseline_records=baselines,
        ),
    )


def counselled_people(viewer: Any, *, org: Any = None, start: Date = None, end: Date = None) -> Figure:
    top = _org(viewer, org, COUNSELLING_VIEW)
    rows = _period(queries.within(queries.sessions(viewer), top), "held_on", start, end)
    first = rows.filter(follow_up_of__isnull=True)
    total = first.aggregate(n=Sum("participant_count"))["n"] or 0
    return Figure(
        "rights.counselled_people",
        _("Workers counselled"),
        total,
        numerator_records=first,
        params=_params(top, start, end, sessions=rows.count(), follow_ups=rows.count() - first.count()),
    )


def outreach_events(viewer: Any, *, org: Any = None, start: Date = None, end: Date = None) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _period(queries.within(queries.outreach_events(viewer), top), "held_on", start, end)
    sums = rows.aggregate(attendees=Sum("attendees"))
    return Figure(
        "rights.outreach_events",
        _("Legal outreach events"),
        rows.count(),
        numerator_records=rows,
        params=_params(top, start, end, attendees=sums["attendees"] or 0),
    )


def materials_distributed(viewer: Any, *, org: Any = None, start: Date = None, end: Date = None) -> Figure:
    top = _org(viewer, org, RIGHTS_VIEW)
    rows = _period(queries.within(queries.outreach_events(viewer), top), "held_on", start, end)
    return Figure(
        "rights.materials_distributed",
        _("Legal materials distributed"),
        rows.aggregate(n=Sum("materials"))["n"] or 0,
        numerator_records=rows,
        params=_params(top, start, end),
    )


# All rights figures, in the order a report lists them; counselling needs its own permission.
FIGURES = [
    consultations,
    cases_opened,
    cases_closed,
    yuan_claimed,
    yuan_recovered,
    compensation_awarded,
    people_helped,
    cumulative_amount,
    counselled_people,
    outreach_events,
    materials_distributed,
]


def all_figures(viewer: Any, *, org: Any = None, start: Date = None, end: Date = None) -> list[Figure]:
    """Every rights figure the viewer may see (counselling only with ``counselling.view``)."""
    from gonghui.accounts.scoping import has_perm

    result = []
    for figure in FIGURES:
        perm = COUNSELLING_VIEW if figure is counselled_people else RIGHTS_VIEW
        if not has_perm(viewer, perm):
            continue
        result.append(figure(viewer, org=org, start=start, end=end))
    return result
