"""The filters of the rights lists, shared by the pages, the exports and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import visible_orgs
from gonghui.rights.choices import (
    CaseOutcome,
    CaseType,
    Channel,
    CounsellingFormat,
    CounsellingKind,
    Outcome,
    OutreachKind,
    Stage,
    Topic,
)
from gonghui.rights.models import Consultation, CounsellingSession, DutyShift, LegalOutreach, RightsCase


class _Scoped(django_filters.FilterSet):
    """A filter set that knows its user, for the organisation-subtree filter."""

    perm = "rights.view"

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """Rows of an organisation and its subtree; one outside the scope matches nothing."""
        top = visible_orgs(self.user, self.perm).filter(pk=value).first()
        if top is None:
            return queryset.none()
        return queryset.filter(org__path__startswith=top.path)


class ConsultationFilter(_Scoped):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    service_point = django_filters.NumberFilter(label=_("Service point"), field_name="service_point_id")
    answered_by = django_filters.NumberFilter(label=_("Answered by"), field_name="answered_by_id")
    received_after = django_filters.DateFilter(
        label=_("From"), field_name="received_at__date", lookup_expr="gte"
    )
    received_before = django_filters.DateFilter(
        label=_("Until"), field_name="received_at__date", lookup_expr="lte"
    )
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = Consultation
        fields = ["q", "channel", "topic", "outcome", "service_point", "answered_by", "org"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(summary__contains=value) | Q(visitor_name__contains=value) | Q(person__name__contains=value)
        )


class CaseFilter(_Scoped):
    q = django_filters.CharFilter(label=_("Number, title, claimant or respondent"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=CaseType.choices)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=CaseOutcome.choices)
    open = django_filters.BooleanFilter(label=_("Still open"), method="still_open")
    service_point = django_filters.NumberFilter(label=_("Handling point"), field_name="service_point_id")
    adviser = django_filters.NumberFilter(label=_("Adviser"), field_name="adviser_id")
    legal_aid_referred = django_filters.BooleanFilter(label=_("Referred for legal aid"))
    opened_after = django_filters.DateFilter(
        label=_("Opened from"), field_name="opened_on", lookup_expr="gte"
    )
    opened_before = django_filters.DateFilter(
        label=_("Opened until"), field_name="opened_on", lookup_expr="lte"
    )
    closed_after = django_filters.DateFilter(
        label=_("Closed from"), field_name="closed_on", lookup_expr="gte"
    )
    closed_before = django_filters.DateFilter(
        label=_("Closed until"), field_name="closed_on", lookup_expr="lte"
    )
    respondent = django_filters.NumberFilter(label=_("Respondent enterprise"), field_name="respondent_id")
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = RightsCase
        fields = ["q", "type", "stage", "outcome", "service_point", "adviser", "legal_aid_referred", "org"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__contains=value)
            | Q(respondent_name__contains=value)
            | Q(respondent__name__contains=value)
            | Q(claimants__name__contains=value)
        ).distinct()

    def still_open(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.exclude(stage=Stage.CLOSED) if value else queryset.filter(stage=Stage.CLOSED)


class ShiftFilter(_Scoped):
    service_point = django_filters.NumberFilter(label=_("Service point"), field_name="service_point_id")
    user = django_filters.NumberFilter(label=_("Adviser"), field_name="user_id")
    date_after = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("Until"), field_name="date", lookup_expr="lte")
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = DutyShift
        fields = ["service_point", "user", "org"]


class SessionFilter(_Scoped):
    perm = "counselling.view"
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CounsellingKind.choices)
    format = django_filters.ChoiceFilter(label=_("Format"), choices=CounsellingFormat.choices)
    counsellor = django_filters.NumberFilter(label=_("Counsellor"), field_name="counsellor_id")
    follow_up_needed = django_filters.BooleanFilter(label=_("Follow-up needed"))
    held_after = django_filters.DateFilter(label=_("From"), field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(label=_("Until"), field_name="held_on", lookup_expr="lte")
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = CounsellingSession
        fields = ["kind", "format", "counsellor", "follow_up_needed", "org"]


class OutreachFilter(_Scoped):
    q = django_filters.CharFilter(label=_("Title or place"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OutreachKind.choices)
    organiser = django_filters.NumberFilter(label=_("Organiser"), field_name="organiser_id")
    enterprise = django_filters.NumberFilter(label=_("Enterprise"), field_name="enterprise_id")
    held_after = django_filters.DateFilter(label=_("From"), field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(label=_("Until"), field_name="held_on", lookup_expr="lte")
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = LegalOutreach
        fields = ["q", "kind", "organiser", "enterprise", "org"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__contains=value) | Q(place__contains=value) | Q(enterprise__name__contains=value)
        )
