"""Helpers shared by the rights pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Rights protection"; the last item is the current page (no link)."""
    trail = [(_("Rights platform"), reverse("rights:cases")), *items]
    return [(label, url if i < len(trail) - 1 else "") for i, (label, url) in enumerate(trail)]


def form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    """The shared form page: a title, an optional intro, the form, submit and cancel."""
    return render(request, "rights/form.html", {"form": form, **context})


def posted(request: HttpRequest) -> Any:
    """The POST data of a submitted form (even an empty one), None for a GET."""
    return request.POST if request.method == "POST" else None
