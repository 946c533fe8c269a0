"""Scoped reads of hardship files and aid: lists, the review queue, the annual-review lists, totals.

Every query starts from ``accounts.scoping.visible_to``: a file or application outside the
reader's subtree is simply not there (404 by id).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, scope_paths, visible_to
from gonghui.hardship.models import AidApplication, AidRule, AidYearTotal, HardshipFile, MinimumLivingStandard
from gonghui.hardship.perms import HARDSHIP_CHANGE, HARDSHIP_VIEW


def files(user: Any, perm: str = HARDSHIP_VIEW) -> QuerySet[HardshipFile]:
    return visible_to(user, HardshipFile.objects.select_related("person", "org", "household"), perm)


def file(user: Any, pk: Any, perm: str = HARDSHIP_VIEW) -> HardshipFile:
    return get_visible(user, files(user, perm), perm, pk=pk)


def file_list(user: Any, params: Any) -> QuerySet[HardshipFile]:
    from gonghui.hardship.filters import FileFilter

    return FileFilter(params, queryset=files(user), user=user).qs


def annual_due(
    user: Any, within_days: int = 30, today: datetime.date | None = None
) -> QuerySet[HardshipFile]:
    """Active files whose annual review falls due within ``within_days`` (overdue ones included)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    return (
        files(user)
        .filter(status=HardshipFile.Status.ACTIVE, review_due_on__lte=horizon)
        .order_by("review_due_on", "pk")
    )


def annual_overdue(user: Any, today: datetime.date | None = None) -> QuerySet[HardshipFile]:
    today = today or timezone.localdate()
    return (
        files(user)
        .filter(status=HardshipFile.Status.ACTIVE, review_due_on__lt=today)
        .order_by("review_due_on", "pk")
    )


def is_overdue(row: HardshipFile, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return row.status == HardshipFile.Status.ACTIVE and bool(row.review_due_on) and row.review_due_on < today


def live_income(row: HardshipFile) -> Any:
    """The household's per-capita income now (the file keeps the snapshot of its last assessment)."""
    from gonghui.people.queries.households import household_income, per_capita

    return household_income(row.household) if row.household_id else per_capita([])


def applications(user: Any, perm: str = HARDSHIP_VIEW) -> QuerySet[AidApplication]:
    return visible_to(
        user,
        AidApplication.objects.select_related("person", "org", "fund", "file", "decided_by", "member"),
        perm,
    )


def application(user: Any, pk: Any, perm: str = HARDSHIP_VIEW) -> AidApplication:
    return get_visible(user, applications(user, perm), perm, pk=pk)


def application_list(user: Any, params: Any) -> QuerySet[AidApplication]:
    from gonghui.hardship.filters import AidFilter

    return AidFilter(params, queryset=applications(user), user=user).qs


def review_queue(user: Any) -> QuerySet[AidApplication]:
    """Applications waiting for a decision, the longest-waiting first."""
    return applications(user).filter(status__in=AidApplication.WAITING).order_by("applied_at", "pk")


def waiting(row: AidApplication, now: datetime.datetime | None = None) -> datetime.timedelta:
    """How long an application has waited (until its decision, or until now)."""
    end = row.decided_at or now or timezone.now()
    return end - row.applied_at


def decided_same_day(row: AidApplication) -> bool | None:
    """The target: a decision on the working day the application arrived."""
    if row.decided_at is None:
        return None
    return timezone.localdate(row.decided_at) == timezone.localdate(row.applied_at)


def receipt_days() -> int:
    """Days a paid aid may wait for its signed receipt (setting ``HARDSHIP_RECEIPT_DAYS``, default 7)."""
    from django.conf import settings

    return int(getattr(settings, "HARDSHIP_RECEIPT_DAYS", 7))


def receipt_late(
    rows: QuerySet[AidApplication], days: int | None = None, now: datetime.datetime | None = None
) -> QuerySet[AidApplication]:
    """Of ``rows``, the aid paid without its signed receipt for more than ``days`` days."""
    days = receipt_days() if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return rows.filter(status=AidApplication.Status.DISBURSED, receipt="", disbursed_at__lt=cutoff)


def receipt_overdue(user: Any, days: int | None = None) -> QuerySet[AidApplication]:
    """Paid aid in scope still without the signed receipt (the supervision report's rule)."""
    return receipt_late(applications(user), days).order_by("disbursed_at")


def yearly_total(key: str, year: int, aid_type: str) -> Decimal:
    row = AidYearTotal.objects.filter(key=key, year=year, aid_type=aid_type).first()
    return row.amount if row else Decimal("0.00")


def paid_by_type(user: Any, year: int) -> list[dict[str, Any]]:
    """People aided and yuan approved (net of reversals) by aid type in a year, in the reader's scope."""
    rows = (
        applications(user)
        .filter(year=year, status=AidApplication.Status.DISBURSED)
        .values("aid_type")
        .annotate(people=Count("person", distinct=True), amount=Sum("amount_approved"))
        .order_by("aid_type")
    )
    return list(rows)


def rules(user: Any) -> QuerySet[AidRule]:
    """Rules set in the reader's subtree and those set above it (a township applies the federation's)."""
    from gonghui.orgs.models import Organisation

    step = Organisation.steplen
    paths = scope_paths(user, HARDSHIP_VIEW)
    above = {p[:i] for p in paths for i in range(step, len(p), step)}
    within = Q(org__path__in=above)
    for path in paths:
        within |= Q(org__path__startswith=path)
    rows = AidRule.objects.select_related("org")
    return rows.filter(within) if paths else rows.none()


def standards() -> QuerySet[MinimumLivingStandard]:
    return MinimumLivingStandard.objects.select_related("region").order_by("region__code", "-year")


def person_panel(request: Any, person: Any) -> list[Any]:
    """The person's hardship files and aid on the person page, for readers of hardship."""
    from gonghui.people.panels import Panel

    user = request.user
    if not has_perm(user, HARDSHIP_VIEW):
        return []
    rows = list(files(user).filter(person=person).order_by("-pk")[:10])
    aid = list(applications(user).filter(person=person).order_by("-applied_at")[:20])
    can_change = has_perm(user, HARDSHIP_CHANGE, person.org)
    if not rows and not aid and not can_change:
        return []
    context = {
        "files": rows,
        "aid": aid,
        "can_change": can_change,
        "has_open": any(f.status in HardshipFile.OPEN for f in rows),
    }
    return [Panel(_("Hardship files and aid"), "hardship/_person_panel.html", context)]


def home_counters(user: Any) -> list[Any]:
    """Active files, applications waiting and reviews overdue, in the reader's scope."""
    from django.urls import reverse

    from gonghui.core.extensions import Counter

    if not has_perm(user, HARDSHIP_VIEW):
        return []
    return [
        Counter(
            _("Active hardship files"),
            files(user).filter(status=HardshipFile.Status.ACTIVE).count(),
            reverse("hardship:files") + "?status=active",
            "folder2-open",
        ),
        Counter(
            _("Aid waiting for a decision"),
            review_queue(user).count(),
            reverse("hardship:queue"),
            "hourglass",
        ),
    ]
