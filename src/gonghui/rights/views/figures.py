"""The rights figures page: every figure for a period and organisation, with handling times."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.core.pages import apply_service, staff_required
from gonghui.insight.kpis import rights as figures
from gonghui.rights import queries
from gonghui.rights.forms import BaselineForm, PeriodForm
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import cases as services
from gonghui.rights.views.common import crumbs, form_page, posted


@require_safe
@staff_required()
def figures_page(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    if not (has_perm(request.user, RIGHTS_VIEW) or has_perm(request.user, "counselling.view")):
        raise PermissionDenied
    year = timezone.localdate().year
    params = request.GET or {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    form = PeriodForm(params, user=request.user)
    start = end = org = None
    if form.is_valid():
        start, end, org = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["org"]
    rows = figures.all_figures(request.user, org=org, start=start, end=end) if form.is_valid() else []
    rights = has_perm(request.user, RIGHTS_VIEW)
    context = {
        "can_set_baseline": has_perm(request.user, RIGHTS_CHANGE),
        "form": form,
        "figures": rows,
        "by_point": queries.handling_times(request.user, by="point", start=start, end=end, org=org)
        if rights
        else [],
        "by_adviser": queries.handling_times(request.user, by="adviser", start=start, end=end, org=org)
        if rights
        else [],
        "stages": ["intake", "accepted", "mediation", "arbitration", "litigation"],
        "breadcrumbs": crumbs((_("Rights figures"), "")),
    }
    return render(request, "rights/figures.html", context)


@staff_required(RIGHTS_CHANGE)
def baseline_edit(request: HttpRequest) -> HttpResponse:
    """What an organisation recovered and won before the platform kept cases (the cumulative figure)."""
    initial = {}
    current = queries.baseline(request.user, request.GET.get("org", ""))
    if current is not None:
        initial = {
            "org": current.org_id,
            "since": current.since,
            "as_of": current.as_of,
            "recovered_amount": current.recovered_amount,
            "awarded_amount": current.awarded_amount,
            "note": current.note,
        }
    form = BaselineForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST":
        data = lambda name: form.cleaned_data[name]  # noqa: E731
        saved = apply_service(
            request,
            form,
            lambda: services.baseline_set(
                by=request.user,
                org=data("org"),
                since=data("since"),
                as_of=data("as_of"),
                recovered_amount=data("recovered_amount"),
                awarded_amount=data("awarded_amount"),
                note=data("note"),
            ),
            _("The figures from before the platform were saved."),
        )
        if saved is not None:
            return redirect("rights:figures")
    return form_page(
        request,
        form,
        title=_("Figures from before the platform"),
        intro=_(
            "What the union recovered and won for workers before it kept its cases here; the "
            "cumulative figure adds the cases closed after the last day counted."
        ),
        submit=_("Save"),
        cancel=reverse("rights:figures"),
        breadcrumbs=crumbs((_("Rights figures"), reverse("rights:figures")), (_("Before the platform"), "")),
    )
