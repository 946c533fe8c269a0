"""Staff pages of the person registry: list with search, detail (masked), forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import DomainError
from gonghui.core.errors import PermissionDenied as ServicePermissionDenied
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.people import exports, queries, services
from gonghui.people.filters import PersonFilter
from gonghui.people.forms import PersonEditForm, PersonForm, StatusForm
from gonghui.people.models import Person
from gonghui.people.panels import render_panels


def _crumbs(person: Person | None = None, label: str = "") -> list[tuple[str, str]]:
    crumbs = [(_("People"), reverse("people:list"))]
    if person is not None:
        crumbs.append((person.name, reverse("people:detail", args=[person.pk]) if label else ""))
    if label:
        crumbs.append((label, ""))
    return crumbs


@staff_required(queries.PERM_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    filters = PersonFilter(request.GET or None, queryset=queries.people(request.user), user=request.user)
    try:
        results = queries.person_results(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        results = queries.Results(queries.people(request.user).none(), 0)
    context = {
        "filter": filters,
        "page": paginate(request, results.rows, count=results.count),
        "count_capped": results.capped,
        "q": request.GET.get("q", ""),
        "can_create": has_perm(request.user, queries.PERM_CHANGE),
        "can_reveal": has_perm(request.user, queries.PERM_REVEAL),
        "export_query": export_query(request),
        "breadcrumbs": [(_("People"), "")],
    }
    return render(request, "people/list.html", context)


def export_query(request: HttpRequest) -> str:
    """The list's filters for its export links (without the page and the full-values switch)."""
    query = request.GET.copy()
    for key in ("page", "full"):
        query.pop(key, None)
    return query.urlencode()


@staff_required(queries.PERM_VIEW)
def person_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as xlsx: masked, or full with ``?full=1`` for a reader allowed every row."""
    try:
        content = exports.people_xlsx(request.user, request.GET, full=request.GET.get("full") == "1")
    except ServicePermissionDenied:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("people:list") + "?" + request.GET.urlencode())
    return xlsx_response(content, "people")


def _detail(request: HttpRequest, pk: int, *, reveal: bool) -> HttpResponse:
    detail = queries.person_detail(request.user, pk, reveal=reveal, reason="page")
    context = {
        "d": detail,
        "p": detail.person,
        "status_form": StatusForm(initial={"status": detail.person.status}),
        "panels": render_panels(request, detail.person),
        "breadcrumbs": _crumbs(detail.person),
    }
    return render(request, "people/detail.html", context)


@staff_required(queries.PERM_VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person with every panel; the address of a record merged into another leads to the survivor."""
    merged = queries.tombstone(request.user, pk)
    if merged is not None:
        messages.info(request, _("This record was merged into another one, shown here."))
        return redirect("people:detail", pk=merged.merged_into_id)
    return _detail(request, pk, reveal=False)


@require_POST
@staff_required(queries.PERM_VIEW)
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number and phone to a role allowed to see them; the read is logged."""
    row = queries.person(request.user, pk)
    if not queries.can_reveal(request.user, row):
        raise PermissionDenied
    return _detail(request, pk, reveal=True)


@staff_required(queries.PERM_CHANGE)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST":
        person = apply_service(
            request,
            form,
            lambda: services.person_create(by=request.user, **form.service_kwargs()),
            _("The person was registered."),
        )
        if person is not None:
            _warn(request, person)
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "title": _("Register a person"), "breadcrumbs": _crumbs(None, _("New"))}
    return render(request, "people/form.html", context)


@staff_required(queries.PERM_CHANGE)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = queries.person(request.user, pk, perm=queries.PERM_CHANGE)
    form = PersonEditForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST":

        def save() -> Person:
            data = form.service_kwargs()
            org = data.pop("org")
            return services.person_update(by=request.user, person=person, org=org, **data)

        updated = apply_service(request, form, save, _("The changes were saved."))
        if updated is not None:
            _warn(request, updated)
            return redirect("people:detail", pk=updated.pk)
    context = {"form": form, "person": person, "title": _("Change %(name)s") % {"name": person.name}}
    context["breadcrumbs"] = _crumbs(person, _("Change"))
    return render(request, "people/form.html", context)


@require_POST
@staff_required(queries.PERM_CHANGE)
def person_status(request: HttpRequest, pk: int) -> HttpResponse:
    person = queries.person(request.user, pk, perm=queries.PERM_CHANGE)
    form = StatusForm(request.POST)
    done = apply_service(
        request,
        form,
        lambda: services.person_set_status(
            by=request.user,
            person=person,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        ),
        _("The status was changed."),
    )
    if done is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("people:detail", pk=person.pk)


def _warn(request: HttpRequest, person: Person) -> None:
    for warning in getattr(person, "warnings", []):
        messages.warning(request, warning)
