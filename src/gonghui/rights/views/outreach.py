"""Legal outreach pages: the list of events and the form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import DomainError
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.rights import queries
from gonghui.rights.filters import OutreachFilter
from gonghui.rights.forms import OutreachForm
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import outreach as services
from gonghui.rights.views.common import crumbs, form_page, posted


def _list_crumb() -> tuple[str, str]:
    return (_("Legal outreach"), reverse("rights:outreach"))


@require_safe
@staff_required(RIGHTS_VIEW)
def outreach_list(request: HttpRequest) -> HttpResponse:
    filters = OutreachFilter(
        request.GET or None, queryset=queries.outreach_events(request.user), user=request.user
    )
    try:
        rows = queries.outreach_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.outreach_events(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "totals": rows.aggregate(attendees=Sum("attendees"), materials=Sum("materials")),
        "can_create": has_perm(request.user, RIGHTS_CHANGE),
        "breadcrumbs": crumbs(_list_crumb()),
    }
    return render(request, "rights/outreach_list.html", context)


@staff_required(RIGHTS_CHANGE)
def outreach_create(request: HttpRequest) -> HttpResponse:
    form = OutreachForm(posted(request), user=request.user)
    if request.method == "POST":
        row = apply_service(
            request,
            form,
            lambda: services.outreach_create(by=request.user, **form.cleaned_data),
            _("The event was recorded."),
        )
        if row:
            return redirect("rights:outreach")
    title = _("Record a legal outreach event")
    return form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        cancel=reverse("rights:outreach"),
        breadcrumbs=crumbs(_list_crumb(), (title, "")),
    )


@staff_required(RIGHTS_CHANGE)
def outreach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.outreach_event(request.user, pk)
    if not has_perm(request.user, RIGHTS_CHANGE, event.org):
        raise PermissionDenied
    initial = {f: getattr(event, f) for f in services.FIELDS if f != "organiser"}
    initial["enterprise"] = event.enterprise_id
    form = OutreachForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.outreach_update(event=event, by=request.user, **form.cleaned_data),
            _("Saved."),
        )
        if done:
            return redirect("rights:outreach")
    title = _("Change the event")
    return form_page(
        request,
        form,
        title=title,
        subject=event,
        submit=_("Save"),
        cancel=reverse("rights:outreach"),
        breadcrumbs=crumbs(_list_crumb(), (title, "")),
    )
