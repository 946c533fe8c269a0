"""The rights figures page: every figure for a period and organisation, with handling times."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.core.pages import staff_required
from gonghui.insight.kpis import rights as figures
from gonghui.rights import queries
from gonghui.rights.forms import PeriodForm
from gonghui.rights.perms import RIGHTS_VIEW
from gonghui.rights.views.common import crumbs


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
