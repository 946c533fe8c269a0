"""The extension point of the person detail page: panels that apps add about a person.

``settings.GONGHUI_PERSON_PANELS`` lists dotted paths of functions ``(request, person)`` that
return a list of :class:`Panel` (empty when they have nothing for this reader). Each function
reads through its own app's scoped queries, so a panel never shows what the reader may not
see; the page renders each panel's ``template`` with its ``context`` (plus ``person``) inside a
card titled ``title``, in settings order. Households and memberships are the first two; hardship
files, cases, courses and the rest join by adding their function to the setting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm
from gonghui.people.models import Person


@dataclass(frozen=True)
class Panel:
    title: Any
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedPanel:
    title: Any
    html: SafeString


def _providers() -> list[Callable[[HttpRequest, Person], list[Panel]]]:
    return [import_string(path) for path in getattr(settings, "GONGHUI_PERSON_PANELS", [])]


def person_panels(request: HttpRequest, person: Person) -> list[Panel]:
    """Every registered app's panels for this person and this reader, in settings order."""
    panels: list[Panel] = []
    for provider in _providers():
        panels.extend(provider(request, person) or [])
    return panels


def render_panels(request: HttpRequest, person: Person) -> list[RenderedPanel]:
    return [
        RenderedPanel(
            panel.title, render_to_string(panel.template, {**panel.context, "person": person}, request)
        )
        for panel in person_panels(request, person)
    ]


# --- the registry's own panels


def household_panel(request: HttpRequest, person: Person) -> list[Panel]:
    """The person's household: who lives with them, and how related (incomes are on its own page)."""
    from gonghui.people.queries import households as queries

    user = request.user
    household = queries.household_of(user, person)
    context = {
        "household": household,
        "members": queries.members_of(household) if household else [],
        "can_change": queries.can_change(user, household)
        if household
        else has_perm(user, "people.change", person.org),
    }
    return [Panel(_("Household"), "people/panels/household.html", context)]


def membership_panel(request: HttpRequest, person: Person) -> list[Panel]:
    """The person's union memberships, with their transfers, and what the reader may do next."""
    from gonghui.people.queries import memberships as queries

    user = request.user
    rows = queries.memberships_of(user, person)
    context = {
        "memberships": [(m, queries.can_change(user, m)) for m in rows],
        "can_join": person.is_active
        and not person.memberships.filter(status="active").exists()
        and queries.open_unions(user).exists(),
    }
    return [Panel(_("Union membership"), "people/panels/membership.html", context)]
