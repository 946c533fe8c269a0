"""The person picker of other apps' forms: find a registered person by what a cadre knows of them.

Forms elsewhere (rights consultations and cases) store a person by registry number, which nobody
knows by heart. The picker's search box asks ``pick`` (the people search, in the reader's scope)
and a click on a match asks ``chosen`` to put that person's number in the field. Both answer
HTML fragments for htmx; a person outside the reader's scope is never listed and is a 404.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.core.errors import DomainError, NotFound
from gonghui.core.pages import staff_required
from gonghui.people import queries
from gonghui.people.models import Person

MATCHES = 8
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,80}$")  # a form field's name or element id


def _slot(request: HttpRequest) -> dict[str, str]:
    """The form field the picker fills: its name and its element's id, as the widget sent them."""
    field, target = request.GET.get("field", ""), request.GET.get("target", "")
    if not (_NAME.match(field) and _NAME.match(target)):
        raise Http404
    return {"field": field, "target": target}


@staff_required(queries.PERM_VIEW)
def pick(request: HttpRequest) -> HttpResponse:
    """Up to ``MATCHES`` people in scope matching ``q``, best first."""
    slot = _slot(request)
    query = request.GET.get("q", "").strip()
    people: list[Person] = []
    refused = ""
    if query:
        try:
            people = list(queries.person_results(request.user, {"q": query}, cap=MATCHES).rows[:MATCHES])
        except DomainError as exc:
            refused = exc.message
    context = {**slot, "people": people, "q": query, "refused": refused}
    return render(request, "people/picker/matches.html", context)


@staff_required(queries.PERM_VIEW)
def chosen(request: HttpRequest) -> HttpResponse:
    """The field filled with the chosen person's number, and their name beside it."""
    slot = _slot(request)
    try:
        person = queries.person(request.user, request.GET.get("pk"))  # live records only
    except NotFound:
        raise Http404 from None
    return render(request, "people/picker/chosen.html", {**slot, "person": person})
