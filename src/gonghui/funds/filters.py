"""The filters of the fund, ledger and donation lists, shared by the pages, exports and the API."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts.scoping import visible_orgs
from gonghui.funds.models import Donation, Fund, GoodsItem, LedgerEntry
from gonghui.funds.periods import day_start
from gonghui.funds.perms import FUNDS_VIEW


class _Scoped(django_filters.FilterSet):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """Rows of an organisation and its subtree; one outside the scope matches nothing."""
        top = visible_orgs(self.user, FUNDS_VIEW).filter(pk=value).first()
        if top is None:
            return queryset.none()
        return queryset.filter(org__path__startswith=top.path)


class FundFilter(_Scoped):
    q = django_filters.CharFilter(
        label=pgettext_lazy("organisation", "Name"), field_name="name", lookup_expr="contains"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Fund.Kind.choices)
    is_active = django_filters.BooleanFilter(label=pgettext_lazy("fund", "Open"))
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = Fund
        fields = ["q", "kind", "is_active", "org"]


class EntryFilter(django_filters.FilterSet):
    """Filters of one fund's ledger; the period is by posting date, both ends included."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LedgerEntry.Kind.choices)
    item = django_filters.ModelChoiceFilter(label=_("Goods"), queryset=GoodsItem.objects.all())
    goods = django_filters.BooleanFilter(label=_("Goods entries"), method="only_goods")
    start = django_filters.DateFilter(label=_("From"), method="from_day")
    end = django_filters.DateFilter(label=_("To"), method="to_day")

    class Meta:
        model = LedgerEntry
        fields = ["kind", "item", "goods", "start", "end"]

    def only_goods(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(item__isnull=not value)

    def from_day(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(posted_at__gte=day_start(value))

    def to_day(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(posted_at__lt=day_start(value + datetime.timedelta(days=1)))


class DonationFilter(_Scoped):
    q = django_filters.CharFilter(label=_("Donor or receipt number"), method="search")
    fund = django_filters.NumberFilter(label=_("Fund"), field_name="fund_id")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Donation.Kind.choices)
    donor_kind = django_filters.ChoiceFilter(label=_("Donor"), choices=Donation.DonorKind.choices)
    earmark = django_filters.CharFilter(label=_("Earmarked for"), field_name="earmark")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Donation.Status.choices)
    start = django_filters.DateFilter(label=_("Received from"), field_name="received_on", lookup_expr="gte")
    end = django_filters.DateFilter(label=_("Received to"), field_name="received_on", lookup_expr="lte")
    caring = django_filters.BooleanFilter(
        label=_("From caring enterprises"), field_name="enterprise__is_caring"
    )
    org = django_filters.NumberFilter(label=_("Organisation (with everything under it)"), method="within_org")

    class Meta:
        model = Donation
        fields = ["q", "fund", "kind", "donor_kind", "earmark", "status", "start", "end", "caring", "org"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(donor_name__contains=value) | Q(receipt_no__iexact=value))
