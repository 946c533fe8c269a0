"""Scoped reads of organisations, service points and regions."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, visible_to
from gonghui.core.errors import DomainError, FieldError
from gonghui.core.extensions import Counter
from gonghui.orgs.filters import OrganisationFilter, RegionFilter, ServicePointFilter
from gonghui.orgs.models import Organisation, Region, ServicePoint


def organisations(user: Any, perm: str = "orgs.view") -> QuerySet[Organisation]:
    """Organisations in the user's scope, in tree order."""
    return visible_to(user, Organisation.objects.select_related("region"), perm).order_by("path")


def organisation(user: Any, pk: Any, perm: str = "orgs.view") -> Organisation:
    return get_visible(user, Organisation.objects.select_related("region", "merged_into"), perm, pk=pk)


def filter_or_error(filterset: Any) -> QuerySet:
    """The filtered rows, or a DomainError naming each bad filter value."""
    if not filterset.is_valid():
        errors = [FieldError(f, m) for f, msgs in filterset.errors.items() for m in msgs]
        raise DomainError(_("Some filters are not valid."), errors=errors)
    return filterset.qs


def organisation_list(user: Any, params: Any) -> QuerySet[Organisation]:
    return filter_or_error(OrganisationFilter(params, queryset=organisations(user)))


def scope_roots(user: Any) -> QuerySet[Organisation]:
    """The top organisations of the user's scope: where the tree page starts."""
    from gonghui.accounts.scoping import scope_paths

    paths = scope_paths(user, "orgs.view")
    return Organisation.objects.filter(path__in=paths).order_by("path")


def children(user: Any, parent: Organisation) -> QuerySet[Organisation]:
    return organisations(user).filter(path__startswith=parent.path, depth=parent.depth + 1)


def service_points(user: Any, perm: str = "orgs.view") -> QuerySet[ServicePoint]:
    return visible_to(user, ServicePoint.objects.select_related("org", "region"), perm).order_by(
        "kind", "name"
    )


def service_point_list(user: Any, params: Any) -> QuerySet[ServicePoint]:
    return filter_or_error(ServicePointFilter(params, queryset=service_points(user)))


def service_point(user: Any, pk: Any, perm: str = "orgs.view") -> ServicePoint:
    return get_visible(user, ServicePoint.objects.select_related("org", "region"), perm, pk=pk)


def regions() -> QuerySet[Region]:
    """Administrative divisions are public knowledge: not scoped."""
    return Region.objects.select_related("parent").order_by("code")


def region_list(params: Any) -> QuerySet[Region]:
    return filter_or_error(RegionFilter(params, queryset=regions()))


def home_counters(user: Any) -> list[Counter]:
    orgs = organisations(user)
    if not orgs.exists():
        return []
    active = orgs.filter(status=Organisation.Status.ACTIVE)
    return [
        Counter(
            _("Grassroots unions"),
            active.filter(kind=Organisation.Kind.GRASSROOTS).count(),
            reverse("orgs:list") + "?kind=grassroots&status=active",
            "building",
        ),
        Counter(
            _("Township, street and industry unions"),
            active.filter(kind__in=["township", "street", "industry"]).count(),
            reverse("orgs:list") + "?status=active",
            "diagram-3",
        ),
        Counter(
            _("Service points"),
            service_points(user).filter(is_active=True).count(),
            reverse("orgs:points"),
            "geo-alt",
        ),
    ]


def ancestors(user: Any, org: Organisation) -> QuerySet[Organisation]:
    """The organisations above ``org`` that the user may see, top first (for breadcrumbs)."""
    step = Organisation.steplen
    paths = [org.path[:end] for end in range(step, len(org.path), step)]
    return organisations(user).filter(path__in=paths)


def history(instance: Model, limit: int = 50) -> QuerySet[LogEntry]:
    """The audit-log entries of one record, newest first; the caller has already scoped ``instance``."""
    entries = LogEntry.objects.get_for_object(instance).select_related("actor", "content_type")
    return entries.order_by("-timestamp", "-pk")[:limit]
