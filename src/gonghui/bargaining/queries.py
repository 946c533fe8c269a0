"""Scoped reads of collective bargaining: contracts, checks, openness records, surveys and answers.

Scope. A user with ``bargaining.view`` sees the rows owned by organisations in their subtree, and
also the contracts and openness records of the enterprises they can see (an enterprise is seen by
its keeping organisation's subtree and by its own union's, as in ``enterprises.queries``): so a
grassroots chair sees the regional contract of the township that covers its enterprise, without
being able to change it. Surveys and their answers are seen by the survey's organisation subtree.

"Must bargain". The enterprises expected to have a collective wage contract on a day are the
enterprises in scope that were active that day (not closed on or before it), have a union, and
are not of a type exempt from wage bargaining: government organs (``GONGHUI_BARGAINING_EXEMPT_TYPES``,
default ``["organ"]``) — their pay is set by the civil-service rules, not negotiated.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, visible_orgs, visible_to
from gonghui.bargaining.choices import SATISFIED_ANSWERS, Answer
from gonghui.bargaining.models import (
    CollectiveContract,
    ContractCoverage,
    FulfilmentCheck,
    OpennessRecord,
    SatisfactionSurvey,
    SurveyResponse,
    in_force_q,
)
from gonghui.core.errors import DomainError, FieldError, NotFound
from gonghui.core.extensions import Counter
from gonghui.enterprises.choices import Status as EnterpriseStatus
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Organisation

PERM_VIEW = "bargaining.view"
PERM_CHANGE = "bargaining.change"
EXPIRY_DAYS = 60


def exempt_types() -> list[str]:
    """Enterprise types that do not bargain wages (government organs by default)."""
    return list(getattr(settings, "GONGHUI_BARGAINING_EXEMPT_TYPES", ["organ"]))


def _not_found() -> NotFound:
    return NotFound(_("Not found, or outside your scope."))


def _filtered(filterset: Any) -> QuerySet:
    if not filterset.is_valid():
        errors = [FieldError(f, m) for f, msgs in filterset.errors.items() for m in msgs]
        raise DomainError(_("Some filters are not valid."), errors=errors)
    return filterset.qs


# --- organisations and enterprises ------------------------------------------------------------------


def scope_org(user: Any, org: Any = None, perm: str = PERM_VIEW) -> Organisation | None:
    """The organisation a figure or list is limited to, given as an instance or an id.

    None means the user's whole scope. An organisation outside it is NotFound, like a missing one.
    """
    if org in (None, ""):
        return None
    pk = org.pk if isinstance(org, Organisation) else org
    return get_visible(user, Organisation.objects.all(), perm, pk=pk)


def enterprises(user: Any, perm: str = PERM_VIEW) -> QuerySet[Enterprise]:
    """Enterprises the user reaches for bargaining: kept in their scope, or with their union in it."""
    rows = Enterprise.objects.select_related("org", "union")
    kept = visible_to(user, rows, perm)
    if not has_perm(user, perm):
        return kept
    return kept | rows.filter(union__in=visible_orgs(user, perm).values("pk"))


def enterprises_within(rows: QuerySet[Enterprise], org: Organisation | None) -> QuerySet[Enterprise]:
    """Enterprises kept by ``org``'s subtree or whose union lies in it (all of ``rows`` when None)."""
    if org is None:
        return rows
    return rows.filter(Q(org__path__startswith=org.path) | Q(union__path__startswith=org.path))


def reaches(org: Organisation, enterprise: Enterprise) -> bool:
    """Whether ``org`` may cover ``enterprise`` by a contract: it keeps the enterprise, or its union."""
    if enterprise.org.path.startswith(org.path):
        return True
    return enterprise.union is not None and enterprise.union.path.startswith(org.path)


def active_on(on: datetime.date) -> Q:
    """Enterprises active on a day: still active, or closed only after it."""
    return Q(status=EnterpriseStatus.ACTIVE) | Q(closed_on__gt=on)


def active_during(year: int) -> Q:
    """Enterprises active at some time in a year: still active, or closed on or after 1 January."""
    return Q(status=EnterpriseStatus.ACTIVE) | Q(closed_on__gte=datetime.date(year, 1, 1))


def must_bargain(user: Any, *, on: datetime.date, org: Organisation | None = None) -> QuerySet[Enterprise]:
    """Enterprises in scope that must bargain wages on ``on`` (see the module docstring)."""
    rows = enterprises_within(enterprises(user), org)
    return rows.filter(active_on(on), union__isnull=False).exclude(type__in=exempt_types())


def covered(on: datetime.date) -> Exists:
    """Enterprises covered on ``on`` by at least one contract in force (any contract, whoever keeps it)."""
    return Exists(ContractCoverage.objects.filter(in_force_q(on, "contract__"), enterprise=OuterRef("pk")))


def uncovered_enterprises(
    user: Any, *, on: datetime.date | None = None, org: Any = None
) -> QuerySet[Enterprise]:
    """Enterprises that must bargain but have no contract in force on ``on`` (default today)."""
    on = on or timezone.localdate()
    top = scope_org(user, org)
    return must_bargain(user, on=on, org=top).exclude(covered(on)).order_by("org__path", "name_pinyin", "pk")


# --- contracts ---------------------------------------------------------------------------------------


def contracts(user: Any, perm: str = PERM_VIEW) -> QuerySet[CollectiveContract]:
    """Contracts owned in the user's scope, or covering an enterprise the user can see."""
    rows = CollectiveContract.objects.select_related("org")
    own = visible_to(user, rows, perm)
    if not has_perm(user, perm):
        return own
    covering = ContractCoverage.objects.filter(enterprise__in=enterprises(user, perm).values("pk"))
    return own | rows.filter(pk__in=covering.values("contract_id"))


def contracts_within(
    rows: QuerySet[CollectiveContract], org: Organisation | None
) -> QuerySet[CollectiveContract]:
    """Contracts kept in ``org``'s subtree, or covering an enterprise of it."""
    if org is None:
        return rows
    covered = ContractCoverage.objects.filter(
        Q(enterprise__org__path__startswith=org.path) | Q(enterprise__union__path__startswith=org.path)
    )
    return rows.filter(Q(org__path__startswith=org.path) | Q(pk__in=covered.values("contract_id")))


def contract(user: Any, pk: Any, perm: str = PERM_VIEW) -> CollectiveContract:
    """One contract in scope, or NotFound (the same answer as for one that does not exist)."""
    try:
        return contracts(user, perm).get(pk=pk)
    except (CollectiveContract.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def with_enterprise_count(rows: QuerySet[CollectiveContract]) -> QuerySet[CollectiveContract]:
    return rows.annotate(enterprise_count=Count("coverage", distinct=True))


def contract_list(user: Any, params: Any) -> QuerySet[CollectiveContract]:
    """The filtered list shared by the page, the export and the API; bad filter values are refused."""
    from gonghui.bargaining.filters import ContractFilter

    rows = _filtered(ContractFilter(params, queryset=contracts(user), user=user))
    return with_enterprise_count(rows).order_by("-term_end", "-pk")


def covered_enterprises(user: Any, contract: CollectiveContract) -> tuple[QuerySet[Enterprise], int]:
    """The contract's enterprises the user can see, and how many others it covers."""
    all_ids = contract.coverage.values("enterprise_id")
    visible = enterprises(user).filter(pk__in=all_ids).order_by("name_pinyin", "pk")
    return visible, contract.coverage.count() - visible.count()


def expiring(
    user: Any, *, on: datetime.date | None = None, days: int = EXPIRY_DAYS, org: Any = None
) -> QuerySet[CollectiveContract]:
    """Contracts in force on ``on`` (default today) whose term ends within ``days`` days: time to renew."""
    on = on or timezone.localdate()
    if days < 0 or days > 3660:
        raise DomainError(_("Give a number of days from 0 to 3660."), field="days")
    rows = contracts_within(contracts(user), scope_org(user, org))
    return with_enterprise_count(rows.expiring(on, days)).order_by("term_end", "pk")


# --- checks, openness, surveys ----------------------------------------------------------------------


def checks(user: Any, perm: str = PERM_VIEW) -> QuerySet[FulfilmentCheck]:
    """Fulfilment checks of the contracts the user can see."""
    return FulfilmentCheck.objects.select_related("contract", "recorded_by").filter(
        contract__in=contracts(user, perm).values("pk")
    )


def openness_records(user: Any, perm: str = PERM_VIEW) -> QuerySet[OpennessRecord]:
    """Openness records owned in scope, or of an enterprise the user can see."""
    rows = OpennessRecord.objects.select_related("enterprise", "org")
    own = visible_to(user, rows, perm)
    if not has_perm(user, perm):
        return own
    return own | rows.filter(enterprise__in=enterprises(user, perm).values("pk"))


def openness_record(user: Any, pk: Any, perm: str = PERM_VIEW) -> OpennessRecord:
    try:
        return openness_records(user, perm).get(pk=pk)
    except (OpennessRecord.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def openness_list(user: Any, params: Any) -> QuerySet[OpennessRecord]:
    from gonghui.bargaining.filters import OpennessFilter

    return _filtered(OpennessFilter(params, queryset=openness_records(user), user=user)).order_by(
        "-year", "enterprise__name_pinyin", "pk"
    )


def openness_sheet(
    user: Any, *, year: int, org: Any = None
) -> list[tuple[Enterprise, OpennessRecord | None]]:
    """Every enterprise with a union active that year, with its record of the year (None when missing).

    The bulk-entry page shows this sheet so an office ticks a whole township at once.
    """
    top = scope_org(user, org)
    rows = enterprises_within(enterprises(user), top).filter(active_during(year), union__isnull=False)
    rows = rows.order_by("org__path", "name_pinyin", "pk")
    records = {r.enterprise_id: r for r in OpennessRecord.objects.filter(year=year, enterprise__in=rows)}
    return [(e, records.get(e.pk)) for e in rows]


def surveys(user: Any, perm: str = PERM_VIEW) -> QuerySet[SatisfactionSurvey]:
    return visible_to(user, SatisfactionSurvey.objects.select_related("org", "enterprise"), perm)


def survey(user: Any, pk: Any, perm: str = PERM_VIEW) -> SatisfactionSurvey:
    return get_visible(user, SatisfactionSurvey.objects.select_related("org", "enterprise"), perm, pk=pk)


def survey_list(user: Any, params: Any) -> QuerySet[SatisfactionSurvey]:
    from gonghui.bargaining.filters import SurveyFilter

    rows = _filtered(SurveyFilter(params, queryset=surveys(user), user=user))
    return rows.annotate(answer_count=Count("responses")).order_by("-year", "-pk")


def responses(user: Any, perm: str = PERM_VIEW) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.select_related("survey", "entered_by").filter(
        survey__in=surveys(user, perm).values("pk")
    )


def survey_by_code(code: str) -> SatisfactionSurvey:
    """The survey a worker answers by its public code: unscoped on purpose (the code is the key)."""
    clean = (code or "").strip().upper()
    survey = SatisfactionSurvey.objects.filter(public_code=clean).first()
    if survey is None:
        raise NotFound(_("No survey has this code. Check the code on your questionnaire."))
    return survey


def survey_results(survey: SatisfactionSurvey) -> dict[str, Any]:
    """Answers by level and channel, and the satisfaction rate (very satisfied + satisfied ÷ answers)."""
    from decimal import ROUND_HALF_UP, Decimal

    counts = dict.fromkeys(Answer.values, 0)
    channels: dict[str, int] = {}
    for answer, channel, n in (
        survey.responses.values_list("answer", "channel").annotate(n=Count("pk")).order_by()
    ):
        counts[answer] += n
        channels[channel] = channels.get(channel, 0) + n
    total = sum(counts.values())
    satisfied = sum(counts[a] for a in SATISFIED_ANSWERS)
    rate = None
    if total:
        rate = (Decimal(satisfied) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    levels = [(value, label, counts[value]) for value, label in Answer.choices]
    return {
        "levels": levels,
        "counts": counts,
        "channels": channels,
        "total": total,
        "satisfied": satisfied,
        "rate": rate,
    }


def home_counters(user: Any) -> list[Counter]:
    """Contracts in force today, and those ending within 60 days, in the user's scope."""
    if not has_perm(user, PERM_VIEW):
        return []
    from django.urls import reverse

    today = timezone.localdate()
    rows = contracts(user)
    return [
        Counter(
            _("Collective contracts in force"),
            rows.in_force(today).count(),
            reverse("bargaining:contracts") + "?state=in_force",
            "file-earmark-check",
        ),
        Counter(
            _("Contracts to renew within 60 days"),
            rows.expiring(today, EXPIRY_DAYS).count(),
            reverse("bargaining:expiring"),
            "hourglass-split",
        ),
    ]
