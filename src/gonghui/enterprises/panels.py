"""The extension point of the enterprise detail page: panels that later apps add.

``settings.ENTERPRISE_PANELS`` lists dotted paths of functions ``(user, enterprise)`` returning
``(title, template, context)`` — or None when they have nothing to show this user. Each function
reads through its own app's scoped queries; the page renders ``template`` with ``context`` (plus
``enterprise``) inside a card titled ``title``. ``enterprises/_panel_table.html`` is a ready
template for a simple list: pass ``rows`` as (label, url, note) triples and an ``empty`` text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.enterprises.models import Enterprise


@dataclass(frozen=True)
class Panel:
    title: Any
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def _providers() -> list[Callable[[Any, Enterprise], Any]]:
    return [import_string(path) for path in getattr(settings, "ENTERPRISE_PANELS", [])]


def panels_for(user: Any, enterprise: Enterprise) -> list[Panel]:
    """The panels every registered app has for this enterprise and this user, in settings order."""
    panels = []
    for provider in _providers():
        result = provider(user, enterprise)
        if not result:
            continue
        title, template, context = result
        panels.append(Panel(title, template, {"enterprise": enterprise, **(context or {})}))
    return panels


def render_panels(request: Any, enterprise: Enterprise) -> list[tuple[Any, str]]:
    """(title, HTML) of each panel, rendered with its own context, for the detail page."""
    from django.template.loader import render_to_string

    return [
        (panel.title, render_to_string(panel.template, panel.context, request=request))
        for panel in panels_for(request.user, enterprise)
    ]
