"""One FilterSet per list, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Organisation, Region, ServicePoint


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Organisation.Status.choices)
    parent = django_filters.NumberFilter(label=_("Directly under (id)"), method="under_parent")
    within = django_filters.NumberFilter(label=_("Anywhere under (id)"), method="within_subtree")
    region = django_filters.CharFilter(
        label=_("Region code"), field_name="region__code", lookup_expr="startswith"
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "status", "parent", "within", "region"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value)) if value else queryset

    def under_parent(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        parent = Organisation.objects.filter(pk=value).first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)

    def within_subtree(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        top = Organisation.objects.filter(pk=value).first()
        if top is None:
            return queryset.none()
        return queryset.filter(path__startswith=top.path)


class ServicePointFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or city"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ServicePoint.Kind.choices)
    org = django_filters.NumberFilter(label=_("Organisation (id)"), field_name="org_id")
    is_active = django_filters.BooleanFilter(label=_("Open"))

    class Meta:
        model = ServicePoint
        fields = ["q", "kind", "org", "is_active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value)) if value else queryset


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Region.Level.choices)

    class Meta:
        model = Region
        fields = ["q", "level"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value)) if value else queryset
