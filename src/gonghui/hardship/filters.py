"""The filters of the file and aid lists, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import visible_orgs
from gonghui.hardship.models import AidApplication, AidType, CampaignGrant, Category, Cause, HardshipFile
from gonghui.hardship.perms import HARDSHIP_VIEW


class _Scoped(django_filters.FilterSet):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """Rows of an organisation and its subtree; one outside the scope matches nothing."""
        top = visible_orgs(self.user, HARDSHIP_VIEW).filter(pk=value).first()
        if top is None:
            return queryset.none()
        return queryset.filter(org__path__startswith=top.path)

    def by_person(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(person__name__contains=value) | Q(person__name_pinyin__icontains=value))


class FileFilter(_Scoped):
    q = django_filters.CharFilter(label=_("Name"), method="by_person")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HardshipFile.Status.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    cause = django_filters.ChoiceFilter(label=_("Cause"), choices=Cause.choices, method="with_cause")
    overdue = django_filters.BooleanFilter(label=_("Annual review overdue"), method="only_overdue")
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = HardshipFile
        fields = ["q", "status", "category", "cause", "overdue", "org"]

    def with_cause(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(causes__contains=f",{value},")

    def only_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        from django.utils import timezone

        if value is None:
            return queryset
        overdue = Q(status=HardshipFile.Status.ACTIVE, review_due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class AidFilter(_Scoped):
    q = django_filters.CharFilter(label=_("Name"), method="by_person")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AidApplication.Status.choices)
    aid_type = django_filters.ChoiceFilter(label=_("Aid type"), choices=AidType.choices)
    year = django_filters.NumberFilter(label=_("Year"))
    person = django_filters.NumberFilter(label=_("Person"), field_name="person_id")
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = AidApplication
        fields = ["q", "status", "aid_type", "year", "person", "org"]


class GrantLedgerFilter(_Scoped):
    """The help ledger's filters for campaign grants: the same period and organisation."""

    year = django_filters.NumberFilter(field_name="disbursed_at__year")
    start = django_filters.DateFilter(field_name="disbursed_at__date", lookup_expr="gte")
    end = django_filters.DateFilter(field_name="disbursed_at__date", lookup_expr="lte")
    org = django_filters.NumberFilter(method="within_org")

    class Meta:
        model = CampaignGrant
        fields = ["year", "start", "end", "org"]


class LedgerFilter(_Scoped):
    """The help ledger's filters: the year or period of payment, the organisation, the aid type."""

    year = django_filters.NumberFilter(label=_("Year paid"), field_name="disbursed_at__year")
    start = django_filters.DateFilter(
        label=_("Paid from"), field_name="disbursed_at__date", lookup_expr="gte"
    )
    end = django_filters.DateFilter(label=_("Paid until"), field_name="disbursed_at__date", lookup_expr="lte")
    aid_type = django_filters.ChoiceFilter(label=_("Aid type"), choices=AidType.choices)
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = AidApplication
        fields = ["year", "start", "end", "aid_type", "org"]
