"""Rights case pages: list and export, open, detail (claimants, stage timeline, deadlines), the stage
verbs (only the legal ones are offered), claimants, stage records, documents, the overdue list."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.core.audit import record_access
from gonghui.core.errors import DomainError
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.rights import queries
from gonghui.rights.choices import STAGE_VERBS, VERB_STAGES, Stage
from gonghui.rights.exports import cases_xlsx
from gonghui.rights.filters import CaseFilter
from gonghui.rights.forms import (
    CaseEditForm,
    CaseForm,
    ClaimantForm,
    DocumentForm,
    StageRecordForm,
    TransitionForm,
    users_with_role,
)
from gonghui.rights.models import RightsCase
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import cases as services
from gonghui.rights.views.common import crumbs, form_page, posted

VERB_LABELS = {
    "accept": gettext_lazy("Accept"),
    "mediate": gettext_lazy("Start mediation"),
    "arbitrate": gettext_lazy("Go to arbitration"),
    "litigate": gettext_lazy("Go to court"),
    "close": gettext_lazy("Close the case"),
}


def _list_crumb() -> tuple[str, str]:
    return (_("Rights cases"), reverse("rights:cases"))


def _case_crumb(case: RightsCase) -> tuple[str, str]:
    return (case.number, reverse("rights:case", args=[case.pk]))


def _changeable(request: HttpRequest, pk: Any) -> RightsCase:
    case = queries.case(request.user, pk)
    if not services.may_change(request.user, case):
        raise PermissionDenied
    return case


@require_safe
@staff_required(RIGHTS_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    filters = CaseFilter(request.GET or None, queryset=queries.cases(request.user), user=request.user)
    try:
        rows = queries.case_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.cases(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "can_create": has_perm(request.user, RIGHTS_CHANGE),
        "breadcrumbs": crumbs(_list_crumb()),
    }
    return render(request, "rights/case_list.html", context)


@require_safe
@staff_required(RIGHTS_VIEW)
def case_export(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.case_list(request.user, request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('rights:cases')}?{request.GET.urlencode()}")
    return xlsx_response(cases_xlsx(request.user, rows), "rights-cases")


@staff_required(RIGHTS_CHANGE)
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(posted(request), user=request.user)
    if request.method == "POST":

        def action() -> RightsCase:
            data = dict(form.cleaned_data)
            claimant = {
                "person": data.pop("claimant_person"),
                "name": data.pop("claimant_name"),
                "origin": data.pop("claimant_origin"),
                "claimed_amount": str(data.pop("claimed_amount") or "0"),
            }
            return services.case_create(by=request.user, claimants=[claimant], **data)

        case = apply_service(request, form, action, _("The case was opened."))
        if case:
            return redirect("rights:case", pk=case.pk)
    title = _("Open a case")
    return form_page(
        request,
        form,
        title=title,
        submit=_("Open the case"),
        cancel=reverse("rights:cases"),
        breadcrumbs=crumbs(_list_crumb(), (title, "")),
    )


@require_safe
@staff_required(RIGHTS_VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_with_details(request.user, pk)
    can_change = services.may_change(request.user, case)
    record_access(case, user=request.user, fields=["case_file"], reason="case page")
    verbs = (
        [(STAGE_VERBS[s], VERB_LABELS[STAGE_VERBS[s]]) for s in services.allowed_next(case)]
        if can_change
        else []
    )
    context = {
        "case": case,
        "claimants": list(case.claimants.all()),
        "stages": list(case.stages.all()),
        "totals": queries.totals(case),
        "alerts": queries.case_alerts(case),
        "acceptance_due": queries.acceptance_due(case) if case.stage == Stage.INTAKE else None,
        "closing_due": queries.closing_due(case) if not case.is_closed else None,
        "can_change": can_change and not case.is_closed,
        "verbs": verbs,
        "breadcrumbs": crumbs(_list_crumb(), (case.number, "")),
    }
    return render(request, "rights/case_detail.html", context)


@staff_required(RIGHTS_VIEW)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _changeable(request, pk)
    form = CaseEditForm(posted(request), user=request.user, initial=CaseEditForm.initial_for(case))
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.case_update(case=case, by=request.user, **form.cleaned_data),
            _("Saved."),
        )
        if done:
            return redirect("rights:case", pk=case.pk)
    title = _("Change details")
    return form_page(
        request,
        form,
        title=title,
        subject=case,
        submit=_("Save"),
        cancel=reverse("rights:case", args=[case.pk]),
        breadcrumbs=crumbs(_list_crumb(), _case_crumb(case), (title, "")),
    )


@staff_required(RIGHTS_VIEW)
def case_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    case = _changeable(request, pk)
    to = VERB_STAGES.get(verb)
    if to is None:
        from django.http import Http404

        raise Http404
    form = TransitionForm(posted(request), case=case, to=to)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.case_transition(case=case, by=request.user, to=to, **form.values()),
            _("The case moved to the stage “%(stage)s”.") % {"stage": Stage(to).label},
        )
        if done:
            return redirect("rights:case", pk=case.pk)
    title = str(VERB_LABELS[verb])
    return form_page(
        request,
        form,
        title=title,
        subject=case,
        intro=_("From “%(from)s” to “%(to)s”.") % {"from": Stage(case.stage).label, "to": Stage(to).label},
        danger=to == Stage.CLOSED,
        submit=title,
        cancel=reverse("rights:case", args=[case.pk]),
        breadcrumbs=crumbs(_list_crumb(), _case_crumb(case), (title, "")),
    )


@staff_required(RIGHTS_VIEW)
def claimant_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _changeable(request, pk)
    form = ClaimantForm(posted(request), user=request.user)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.claimant_add(case=case, by=request.user, **form.values()),
            _("The claimant was added."),
        )
        if done:
            return redirect("rights:case", pk=case.pk)
    title = _("Add a claimant")
    return form_page(
        request,
        form,
        title=title,
        subject=case,
        submit=_("Add"),
        cancel=reverse("rights:case", args=[case.pk]),
        breadcrumbs=crumbs(_list_crumb(), _case_crumb(case), (title, "")),
    )


@staff_required(RIGHTS_VIEW)
def claimant_edit(request: HttpRequest, pk: int, claimant_id: int) -> HttpResponse:
    case = _changeable(request, pk)
    claimant = queries.claimant(request.user, pk, claimant_id)
    initial = {
        "person": claimant.person_id,
        "name": claimant.name,
        "origin": claimant.origin,
        "is_migrant_worker": claimant.is_migrant_worker,
        "claimed_amount": claimant.claimed_amount,
        "recovered_amount": claimant.recovered_amount,
        "awarded_amount": claimant.awarded_amount,
    }
    form = ClaimantForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.claimant_update(claimant=claimant, by=request.user, **form.values()),
            _("Saved."),
        )
        if done:
            return redirect("rights:case", pk=case.pk)
    title = _("Change a claimant")
    return form_page(
        request,
        form,
        title=title,
        subject=case,
        submit=_("Save"),
        cancel=reverse("rights:case", args=[case.pk]),
        breadcrumbs=crumbs(_list_crumb(), _case_crumb(case), (title, "")),
    )


@staff_required(RIGHTS_VIEW)
def stage_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = _changeable(request, pk)
    current = case.stages.filter(left_at__isnull=True).first()
    if current is None or case.is_closed:
        raise PermissionDenied
    form = StageRecordForm(posted(request), initial={"actions": current.actions, "result": current.result})
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.stage_record(stage=current, by=request.user, **form.cleaned_data),
            _("Saved."),
        )
        if done:
            return redirect("rights:case", pk=case.pk)
    title = _("Record of the stage “%(stage)s”") % {"stage": current.get_stage_display()}
    return form_page(
        request,
        form,
        title=title,
        subject=case,
        submit=_("Save"),
        cancel=reverse("rights:case", args=[case.pk]),
        breadcrumbs=crumbs(_list_crumb(), _case_crumb(case), (title, "")),
    )


@staff_required(RIGHTS_VIEW)
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = _changeable(request, pk)
    current = case.stages.order_by("-entered_at", "-pk").first()
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.document_add(stage=current, by=request.user, **form.cleaned_data),
            _("The document was attached."),
        )
        if done:
            return redirect("rights:case", pk=case.pk)
    title = _("Attach a document")
    return form_page(
        request,
        form,
        title=title,
        subject=case,
        multipart=True,
        intro=_("Attached to the stage “%(stage)s”.") % {"stage": current.get_stage_display()},
        submit=_("Attach"),
        cancel=reverse("rights:case", args=[case.pk]),
        breadcrumbs=crumbs(_list_crumb(), _case_crumb(case), (title, "")),
    )


@require_safe
@staff_required(RIGHTS_VIEW)
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = queries.document(request.user, pk)
    record_access(
        document.stage.case, user=request.user, fields=["documents"], reason=f"document {document.pk}"
    )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


@require_POST
@staff_required(RIGHTS_VIEW)
def claimant_remove(request: HttpRequest, pk: int, claimant_id: int) -> HttpResponse:
    _changeable(request, pk)
    claimant = queries.claimant(request.user, pk, claimant_id)
    try:
        services.claimant_remove(claimant=claimant, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The claimant was removed."))
    return redirect("rights:case", pk=pk)


@require_safe
@staff_required(RIGHTS_VIEW)
def overdue(request: HttpRequest) -> HttpResponse:
    group_by = "adviser" if request.GET.get("by") == "adviser" else "point"
    kind = request.GET.get("kind", "")
    kind = kind if kind in queries.ALERT_KINDS else ""
    point = request.GET.get("service_point") or None
    adviser = request.GET.get("adviser") or None
    try:
        point = int(point) if point else None
        adviser = int(adviser) if adviser else None
    except ValueError:
        point = adviser = None
    items = queries.overdue(request.user, service_point=point, adviser=adviser, kind=kind)
    context = {
        "groups": queries.overdue_groups(items, group_by),
        "count": len(items),
        "group_by": group_by,
        "kind": kind,
        "points": queries.rights_points(request.user),
        "advisers": users_with_role("legal_adviser"),
        "point": point,
        "adviser": adviser,
        "today": datetime.date.today(),
        "breadcrumbs": crumbs(_list_crumb(), (_("Deadlines and overdue cases"), "")),
    }
    return render(request, "rights/overdue.html", context)
