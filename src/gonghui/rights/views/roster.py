"""The duty roster: a month calendar per point, shift forms, the consultations a shift handled."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import DomainError
from gonghui.core.pages import apply_service, staff_required
from gonghui.rights import queries
from gonghui.rights.forms import ShiftForm
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import roster as services
from gonghui.rights.views.common import crumbs, form_page, posted


def _roster_crumb() -> tuple[str, str]:
    return (_("Duty roster"), reverse("rights:roster"))


def _month(value: str | None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        first, _last = queries.month_bounds(value) if value else (today.replace(day=1), None)
    except (ValueError, TypeError):
        first = today.replace(day=1)
    return first.year, first.month


@require_safe
@staff_required(RIGHTS_VIEW)
def roster(request: HttpRequest) -> HttpResponse:
    points = list(queries.rights_points(request.user).filter(kind__in=queries.RIGHTS_POINT_KINDS))
    if not points:
        points = list(queries.rights_points(request.user))
    selected = None
    wanted = request.GET.get("point")
    if wanted:
        selected = next((p for p in points if str(p.pk) == wanted), None)
        if selected is None:
            selected = (
                queries.rights_points(request.user).filter(pk=wanted).first() if wanted.isdigit() else None
            )
    selected = selected or (points[0] if points else None)
    year, month = _month(request.GET.get("month"))
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "points": points,
        "point": selected,
        "weeks": queries.roster_month(request.user, selected, year, month) if selected else [],
        "month": first,
        "previous": previous.strftime("%Y-%m"),
        "following": following.strftime("%Y-%m"),
        "can_change": selected is not None and has_perm(request.user, RIGHTS_CHANGE, selected.org),
        "breadcrumbs": crumbs(_roster_crumb()),
    }
    return render(request, "rights/roster.html", context)


@require_safe
@staff_required(RIGHTS_VIEW)
def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shift = queries.shift(request.user, pk)
    context = {
        "shift": shift,
        "consultations": queries.shift_consultations(request.user, shift),
        "can_change": has_perm(request.user, RIGHTS_CHANGE, shift.org),
        "breadcrumbs": crumbs(_roster_crumb(), (str(shift), "")),
    }
    return render(request, "rights/shift_detail.html", context)


def _back(shift_point: int | None, date: datetime.date | None) -> str:
    url = reverse("rights:roster")
    if shift_point and date:
        return f"{url}?point={shift_point}&month={date:%Y-%m}"
    return url


@staff_required(RIGHTS_CHANGE)
def shift_create(request: HttpRequest) -> HttpResponse:
    initial = {k: v for k, v in request.GET.items() if k in ("service_point", "date")}
    initial.setdefault("start_time", "09:00")
    initial.setdefault("end_time", "17:00")
    form = ShiftForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST":
        row = apply_service(
            request,
            form,
            lambda: services.shift_create(by=request.user, **form.cleaned_data),
            _("The shift was added to the roster."),
        )
        if row:
            return redirect(_back(row.service_point_id, row.date))
    title = _("Add a duty shift")
    return form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        cancel=reverse("rights:roster"),
        breadcrumbs=crumbs(_roster_crumb(), (title, "")),
    )


@staff_required(RIGHTS_CHANGE)
def shift_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shift = queries.shift(request.user, pk)
    if not has_perm(request.user, RIGHTS_CHANGE, shift.org):
        raise PermissionDenied
    initial = {f: getattr(shift, f) for f in services.FIELDS}
    form = ShiftForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST":
        if request.POST.get("delete"):
            try:
                services.shift_delete(shift=shift, by=request.user)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect(_back(shift.service_point_id, shift.date))
        else:
            row = apply_service(
                request,
                form,
                lambda: services.shift_update(shift=shift, by=request.user, **form.cleaned_data),
                _("Saved."),
            )
            if row:
                return redirect(_back(row.service_point_id, row.date))
    title = _("Change a duty shift")
    return form_page(
        request,
        form,
        title=title,
        subject=shift,
        submit=_("Save"),
        delete=_("Remove from the roster"),
        cancel=_back(shift.service_point_id, shift.date),
        breadcrumbs=crumbs(_roster_crumb(), (title, "")),
    )
