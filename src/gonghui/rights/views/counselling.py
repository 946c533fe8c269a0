"""Counselling pages: sessions (that they happened and their numbers, for everyone with
``counselling.view``) and, for counsellors only, the notes and participants' names — each read of
them an access event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import DomainError
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.rights import queries
from gonghui.rights.exports import sessions_xlsx
from gonghui.rights.filters import SessionFilter
from gonghui.rights.forms import NoteForm, SessionForm
from gonghui.rights.perms import COUNSELLING_CHANGE, COUNSELLING_NOTES, COUNSELLING_VIEW
from gonghui.rights.services import counselling as services
from gonghui.rights.views.common import form_page, posted


def _list_crumb() -> tuple[str, str]:
    return (_("Counselling"), reverse("rights:sessions"))


@require_safe
@staff_required(COUNSELLING_VIEW)
def session_list(request: HttpRequest) -> HttpResponse:
    filters = SessionFilter(request.GET or None, queryset=queries.sessions(request.user), user=request.user)
    try:
        rows = queries.session_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.sessions(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "can_create": has_perm(request.user, COUNSELLING_CHANGE),
        "breadcrumbs": [(_("Counselling"), "")],
    }
    return render(request, "rights/session_list.html", context)


@require_safe
@staff_required(COUNSELLING_VIEW)
def session_export(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.session_list(request.user, request.GET)
    except DomainError:
        rows = queries.sessions(request.user).none()
    return xlsx_response(sessions_xlsx(rows), "counselling-sessions")


@staff_required(COUNSELLING_CHANGE)
def session_create(request: HttpRequest) -> HttpResponse:
    notes = has_perm(request.user, COUNSELLING_NOTES)
    initial = {"counsellor": request.user.pk} if notes else {}
    form = SessionForm(posted(request), user=request.user, notes=notes, initial=initial)
    if request.method == "POST":
        row = apply_service(
            request,
            form,
            lambda: services.session_create(by=request.user, **form.cleaned_data),
            _("The session was logged."),
        )
        if row:
            return redirect("rights:session", pk=row.pk)
    title = _("Log a counselling session")
    return form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        cancel=reverse("rights:sessions"),
        breadcrumbs=[_list_crumb(), (title, "")],
    )


@require_safe
@staff_required(COUNSELLING_VIEW)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.session(request.user, pk)
    counsellor = services.may_read_notes(request.user, row)
    context = {
        "s": row,
        "counsellor_view": counsellor,
        "notes": services.notes_read(session=row, by=request.user, reason="session page")
        if counsellor
        else None,
        "participants": services.participants_read(session=row, by=request.user) if counsellor else None,
        "note_form": NoteForm() if counsellor else None,
        "breadcrumbs": [_list_crumb(), (str(row), "")],
    }
    return render(request, "rights/session_detail.html", context)


@staff_required(COUNSELLING_VIEW)
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.session(request.user, pk)
    if not services.may_read_notes(request.user, row):
        raise PermissionDenied
    form = NoteForm(posted(request))
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.note_add(session=row, by=request.user, **form.cleaned_data),
            _("The notes were saved."),
        )
        if done:
            return redirect("rights:session", pk=row.pk)
    title = _("Write notes")
    return form_page(
        request,
        form,
        title=title,
        subject=row,
        submit=_("Save"),
        cancel=reverse("rights:session", args=[row.pk]),
        breadcrumbs=[_list_crumb(), (str(row), reverse("rights:session", args=[row.pk])), (title, "")],
    )
