"""The figures of collective bargaining and openness: signing, fulfilment, openness, satisfaction.

Each function takes the viewer, an organisation subtree (``org``: an Organisation or its id; None
means the viewer's whole scope) and a period (``on``: a date or a year), and returns a
:class:`Figure` whose numerator and denominator records are querysets scoped to the viewer
(``bargaining.view``), so the number can be recomputed by hand from the lists behind it.

Organisation subtree. An enterprise belongs to ``org``'s subtree when it is kept by an
organisation there or its own union lies there; a contract when it is kept there or covers such
an enterprise; a survey answer when its survey's organisation lies there.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gonghui.bargaining import choices as labels
from gonghui.bargaining import queries
from gonghui.bargaining.choices import SATISFIED_ANSWERS, CheckResult
from gonghui.bargaining.models import FulfilmentCheck, OpennessRecord
from gonghui.insight.kpis.base import Figure

Period = datetime.date | int | None


def _day(on: Period) -> datetime.date:
    """A day: the one given; for a year, its last day (today while the year is running)."""
    today = timezone.localdate()
    if on is None:
        return today
    if isinstance(on, datetime.date):
        return on
    return today if int(on) == today.year else datetime.date(int(on), 12, 31)


def _year(on: Period) -> int:
    if on is None:
        return timezone.localdate().year
    return on.year if isinstance(on, datetime.date) else int(on)


def _params(top: Any, **period: Any) -> dict[str, Any]:
    return {"org": top.pk if top is not None else None, **period}


def signing_rate(viewer: Any, *, org: Any = None, on: Period = None) -> Figure:
    """工资集体协商签约率 on a day (``on``: a date, or a year meaning its last day; default today).

    Denominator — the enterprises that must bargain: enterprises the viewer can see, in the
    subtree, active on the day (not closed on or before it), with a union, and not of a type
    exempt from wage bargaining — government organs (机关), whose pay is set by the
    civil-service rules (setting ``GONGHUI_BARGAINING_EXEMPT_TYPES``, default ``["organ"]``).
    Public institutions and every kind of enterprise, individual businesses included, count.

    Numerator — those of them covered on the day by at least one collective contract of any kind
    (wage-special, comprehensive, regional, industry) in force that day: signed on or before it,
    within its term (start ≤ day ≤ end) and not terminated on or before it. A contract kept by an
    organisation outside the viewer's scope still covers the enterprise.

    Records: the enterprises, both lists.
    """
    day = _day(on)
    top = queries.scope_org(viewer, org)
    must = queries.must_bargain(viewer, on=day, org=top).order_by("name_pinyin", "pk")
    covered = must.filter(queries.covered(day))
    return Figure(
        key="bargaining.signing_rate",
        label=labels.SIGNING_RATE,
        numerator=covered.count(),
        denominator=must.count(),
        numerator_records=covered,
        denominator_records=must,
        params=_params(top, on=day),
    )


def fulfilment_rate(viewer: Any, *, org: Any = None, on: Period = None) -> Figure:
    """履约率 of a year (``on``: a year, or a date meaning its year; default this year).

    Denominator — the contracts the viewer can see, in the subtree, that were checked for that
    year (one fulfilment check per contract per year). Numerator — those whose check of the year
    found them fulfilled; "partly fulfilled" and "not fulfilled" do not count.

    Records: the contracts, both lists.
    """
    year = _year(on)
    top = queries.scope_org(viewer, org)
    in_scope = queries.contracts_within(queries.contracts(viewer), top)
    year_checks = FulfilmentCheck.objects.filter(year=year)
    checked = in_scope.filter(pk__in=year_checks.values("contract_id")).order_by("pk")
    fulfilled = checked.filter(pk__in=year_checks.filter(result=CheckResult.FULFILLED).values("contract_id"))
    return Figure(
        key="bargaining.fulfilment_rate",
        label=labels.FULFILMENT_RATE,
        numerator=fulfilled.count(),
        denominator=checked.count(),
        numerator_records=fulfilled,
        denominator_records=checked,
        params=_params(top, year=year),
    )


def openness_rate(viewer: Any, *, org: Any = None, on: Period = None) -> Figure:
    """厂务公开率 (厂务公开 and 政务公开 together) of a year (``on``: a year or a date in it).

    Denominator — the enterprises in scope: enterprises the viewer can see, in the subtree, with a
    union, and active at some time in the year (still active, or closed on or after 1 January).
    Organs and public institutions count (their form is 政务公开). Numerator — those with an
    openness record of the year saying they practised openness. An enterprise without a record
    counts as not practising.

    Records: the enterprises, both lists.
    """
    year = _year(on)
    top = queries.scope_org(viewer, org)
    rows = queries.enterprises_within(queries.enterprises(viewer), top)
    in_scope = rows.filter(queries.active_during(year), union__isnull=False).order_by("name_pinyin", "pk")
    practising = in_scope.filter(
        pk__in=OpennessRecord.objects.filter(year=year, practising=True).values("enterprise_id")
    )
    return Figure(
        key="bargaining.openness_rate",
        label=labels.OPENNESS_RATE,
        numerator=practising.count(),
        denominator=in_scope.count(),
        numerator_records=practising,
        denominator_records=in_scope,
        params=_params(top, year=year),
    )


def satisfaction_rate(viewer: Any, *, org: Any = None, on: Period = None) -> Figure:
    """满意率 of a year (``on``: a year or a date in it).

    Denominator — every answer, on paper or online, to the satisfaction surveys of that year
    (the survey's year, not the day it was answered) kept in the viewer's scope and in the
    subtree. Numerator — the satisfied answers: "very satisfied" plus "satisfied".

    Records: the answers, both lists.
    """
    year = _year(on)
    top = queries.scope_org(viewer, org)
    answers = queries.responses(viewer).filter(survey__year=year)
    if top is not None:
        answers = answers.filter(survey__org__path__startswith=top.path)
    answers = answers.order_by("pk")
    satisfied = answers.filter(answer__in=SATISFIED_ANSWERS)
    return Figure(
        key="bargaining.satisfaction_rate",
        label=labels.SATISFACTION_RATE,
        numerator=satisfied.count(),
        denominator=answers.count(),
        numerator_records=satisfied,
        denominator_records=answers,
        params=_params(top, year=year),
    )


FIGURES = {
    "signing_rate": signing_rate,
    "fulfilment_rate": fulfilment_rate,
    "openness_rate": openness_rate,
    "satisfaction_rate": satisfaction_rate,
}


def all_figures(viewer: Any, *, org: Any = None, year: int | None = None) -> dict[str, Figure]:
    """The four figures of a year: the signing rate on the year's last day (today in the current year)."""
    return {name: function(viewer, org=org, on=year) for name, function in FIGURES.items()}
