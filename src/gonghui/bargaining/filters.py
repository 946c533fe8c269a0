"""The filters of the bargaining lists, shared by the pages, the exports and the API."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import visible_orgs
from gonghui.bargaining.choices import ContractKind, ContractState, ContractStatus, OpennessForm
from gonghui.bargaining.models import CollectiveContract, OpennessRecord, SatisfactionSurvey, in_force_q
from gonghui.bargaining.queries import PERM_VIEW, contracts_within, enterprises_within
from gonghui.enterprises.models import Enterprise


class _OrgScoped(django_filters.FilterSet):
    """``org``: an organisation id, with everything under it; one outside the scope matches nothing."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def _top(self, value: int) -> Any:
        return visible_orgs(self.user, PERM_VIEW).filter(pk=value).first()


def state_q(state: str, on: datetime.date) -> Q:
    """The contracts in ``state`` on ``on``, the database twin of ``CollectiveContract.state_on``."""
    signed = Q(status__in=[ContractStatus.SIGNED, ContractStatus.TERMINATED])
    terminated = Q(terminated_on__isnull=False, terminated_on__lte=on)
    if state == ContractState.DRAFT:
        return Q(status=ContractStatus.DRAFT)
    if state == ContractState.TERMINATED:
        return signed & terminated | Q(status=ContractStatus.TERMINATED, signed_on__isnull=True)
    if state == ContractState.IN_FORCE:
        return in_force_q(on)
    if state == ContractState.EXPIRED:
        return signed & ~terminated & Q(term_end__lt=on)
    # Pending: signed, neither ended nor terminated, before its term (or its signing) begins.
    return signed & ~terminated & Q(term_end__gte=on) & (Q(term_start__gt=on) | Q(signed_on__gt=on))


class ContractFilter(_OrgScoped):
    q = django_filters.CharFilter(label=_("Title, filing number or enterprise"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ContractKind.choices)
    state = django_filters.ChoiceFilter(
        label=_("State on the day"), choices=ContractState.choices, method="in_state"
    )
    on = django_filters.DateFilter(label=_("State on (default today)"), method="noop")
    status = django_filters.ChoiceFilter(label=_("Signing status"), choices=ContractStatus.choices)
    filed = django_filters.BooleanFilter(label=_("Filed"), method="is_filed")
    enterprise = django_filters.NumberFilter(label=_("Enterprise (id)"), method="covering")
    year = django_filters.NumberFilter(label=_("In force during the year"), method="during")
    org = django_filters.NumberFilter(
        label=_("Organisation (id, with everything under it)"), method="within_org"
    )

    class Meta:
        model = CollectiveContract
        fields = ["q", "kind", "state", "on", "status", "filed", "enterprise", "year", "org"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(filing_number__icontains=value)
            | Q(pk__in=CollectiveContract.objects.filter(enterprises__name__contains=value).values("pk"))
        )

    def noop(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset

    def in_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        on = self.form.cleaned_data.get("on") or timezone.localdate()
        return queryset.filter(state_q(value, on))

    def is_filed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(filed_on__isnull=not value)

    def covering(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(pk__in=CollectiveContract.objects.filter(enterprises=value).values("pk"))

    def during(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        year = int(value)
        if not 1900 <= year <= 2200:
            return queryset.none()
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return queryset.exclude(status=ContractStatus.DRAFT).filter(term_start__lte=last, term_end__gte=first)

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        top = self._top(value)
        return queryset.none() if top is None else contracts_within(queryset, top)


class OpennessFilter(_OrgScoped):
    q = django_filters.CharFilter(
        label=_("Enterprise"), field_name="enterprise__name", lookup_expr="contains"
    )
    year = django_filters.NumberFilter(label=_("Year"))
    form = django_filters.ChoiceFilter(label=_("Form"), choices=OpennessForm.choices)
    practising = django_filters.BooleanFilter(label=_("Practising"))
    org = django_filters.NumberFilter(
        label=_("Organisation (id, with everything under it)"), method="within_org"
    )

    class Meta:
        model = OpennessRecord
        fields = ["q", "year", "form", "practising", "org"]

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        top = self._top(value)
        if top is None:
            return queryset.none()
        enterprises = enterprises_within(Enterprise.objects.all(), top).values("pk")
        return queryset.filter(Q(org__path__startswith=top.path) | Q(enterprise__in=enterprises))


class SurveyFilter(_OrgScoped):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("Year"))
    is_open = django_filters.BooleanFilter(label=_("Open for answers"))
    org = django_filters.NumberFilter(
        label=_("Organisation (id, with everything under it)"), method="within_org"
    )

    class Meta:
        model = SatisfactionSurvey
        fields = ["q", "year", "is_open", "org"]

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        top = self._top(value)
        return queryset.none() if top is None else queryset.filter(org__path__startswith=top.path)
