"""The filters of the people list, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import visible_orgs
from gonghui.people import choices
from gonghui.people.models import Membership, Person, PersonSearchToken


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, pinyin, ID number or phone"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=choices.MANUAL_STATUSES)
    org = django_filters.NumberFilter(label=_("Organisation (and everything under it)"), method="within_org")
    is_migrant = django_filters.BooleanFilter(label=_("Migrant worker"), field_name="is_migrant_worker")
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=choices.Sex.choices)

    class Meta:
        model = Person
        fields = ["q", "status", "org", "is_migrant", "sex"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Pages pick the organisation from a list; the choices are read only when a form is drawn.
        self.filters["org"].extra["widget"] = forms.Select(choices=lambda: self._org_choices())

    def _org_choices(self) -> list[tuple[Any, str]]:
        rows = visible_orgs(self.user, "people.view").order_by("path").values_list("pk", "name", "depth")
        top = min((depth for _pk, _name, depth in rows), default=1)
        return [("", "—"), *((pk, "\u3000" * (depth - top) + name) for pk, name, depth in rows)]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from gonghui.people.queries import search

        return search(self.user, queryset, value) if value.strip() else queryset

    def within_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """People of an organisation and its subtree; an organisation outside the scope matches nobody."""
        top = visible_orgs(self.user, "people.view").filter(pk=value).first()
        if top is None:
            return queryset.none()
        return queryset.filter(org__path__startswith=top.path)


class MembershipFilter(django_filters.FilterSet):
    """The member roll: by union (and the unions under it), status, and the member's name, ID or phone."""

    q = django_filters.CharFilter(label=_("Name, pinyin, ID number or phone"), method="search")
    union = django_filters.NumberFilter(label=_("Union"), method="within_union")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=choices.MembershipStatus.choices)
    person = django_filters.NumberFilter(label=_("Person"), field_name="person_id", widget=forms.HiddenInput)

    class Meta:
        model = Membership
        fields = ["q", "union", "status", "person"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["union"].extra["widget"] = forms.Select(choices=lambda: self._union_choices())

    def _union_choices(self) -> list[tuple[Any, str]]:
        rows = visible_orgs(self.user, "people.view").filter(kind="grassroots").order_by("path")
        return [("", "—"), *rows.values_list("pk", "name")]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Members whose person matches; the roll is scoped by union, so every person's tokens count."""
        from gonghui.people.queries import search

        if not value.strip():
            return queryset
        found = search(self.user, Person.objects.all(), value, tokens_in=PersonSearchToken.objects.all())
        return queryset.filter(person__in=found.values("pk"))

    def within_union(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        top = visible_orgs(self.user, "people.view").filter(pk=value).first()
        if top is None:
            return queryset.none()
        return queryset.filter(org__path__startswith=top.path)
