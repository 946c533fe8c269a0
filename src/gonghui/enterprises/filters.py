"""The filters of the enterprise list, shared by the page, the export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import visible_orgs
from gonghui.enterprises.choices import EnterpriseType, Industry, Status
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Region


class TownshipField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.name


class TownshipFilter(django_filters.ModelChoiceFilter):
    field_class = TownshipField


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, pinyin or credit code"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=EnterpriseType.choices)
    industry = django_filters.ChoiceFilter(label=_("Industry"), choices=Industry.choices)
    township = TownshipFilter(
        label=_("Township / street"),
        queryset=Region.objects.filter(level=Region.Level.TOWNSHIP).order_by("code"),
        to_field_name="code",
    )
    has_union = django_filters.BooleanFilter(label=_("Has a union"), method="with_union")
    is_caring = django_filters.BooleanFilter(label=_("Caring enterprise"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    org = django_filters.NumberFilter(
        label=_("Kept by (organisation id, with everything under it)"), method="within_org"
    )

    class Meta:
        model = Enterprise
        fields = ["q", "type", "industry", "township", "has_union", "is_caring", "status", "org"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Only the townships where the user has enterprises: a list of every township is no help.
        self.filters["township"].queryset = Region.objects.filter(
            level=Region.Level.TOWNSHIP, pk__in=self.queryset.values("township_id")
        ).order_by("code")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from gonghui.enterprises.queries import search

        return search(queryset, value) if value.strip() else queryset

    def with_union(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(union__isnull=not value)

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """Enterprises kept by an organisation and its subtree; one outside the scope matches nothing."""
        top = visible_orgs(self.user, "enterprises.view").filter(pk=value).first()
        if top is None:
            return queryset.none()
        return queryset.filter(org__path__startswith=top.path)
