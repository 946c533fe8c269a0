"""Consultation pages: the log with filters and export, the form, detail, decline/refer/open a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.core.audit import record_access
from gonghui.core.errors import DomainError
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.rights import exports, queries
from gonghui.rights.filters import ConsultationFilter
from gonghui.rights.forms import ConsultationForm, DeclineForm, OpenCaseForm, ReferForm
from gonghui.rights.models import Consultation
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import consultations as services
from gonghui.rights.views.common import crumbs, form_page, posted


def _list_crumb() -> tuple[str, str]:
    return (_("Consultations"), reverse("rights:consultations"))


@require_safe
@staff_required(RIGHTS_VIEW)
def consultation_list(request: HttpRequest) -> HttpResponse:
    filters = ConsultationFilter(
        request.GET or None, queryset=queries.consultations(request.user), user=request.user
    )
    try:
        rows = queries.consultation_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.consultations(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "can_create": has_perm(request.user, RIGHTS_CHANGE),
        "breadcrumbs": crumbs(_list_crumb()),
    }
    return render(request, "rights/consultation_list.html", context)


@require_safe
@staff_required(RIGHTS_VIEW)
def consultation_export(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.consultation_list(request.user, request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('rights:consultations')}?{request.GET.urlencode()}")
    return xlsx_response(exports.consultations_xlsx(request.user, rows), "consultations")


@staff_required(RIGHTS_CHANGE)
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(posted(request), user=request.user, initial=request.GET.dict())
    if request.method == "POST":
        row = apply_service(
            request,
            form,
            lambda: services.consultation_create(by=request.user, **form.values()),
            _("The consultation was logged."),
        )
        if row:
            return redirect("rights:consultation", pk=row.pk)
    title = _("Log a consultation")
    return form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        cancel=reverse("rights:consultations"),
        breadcrumbs=crumbs(_list_crumb(), (title, "")),
    )


@require_safe
@staff_required(RIGHTS_VIEW)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.consultation(request.user, pk)
    can_change = has_perm(request.user, RIGHTS_CHANGE, row.org)
    if can_change and row.visitor_phone:
        record_access(row, user=request.user, fields=["visitor_phone"], reason="consultation page")
    case = queries.cases(request.user).filter(consultation=row).first()
    context = {
        "c": row,
        "case": case,
        "can_change": can_change,
        "can_settle": can_change and row.is_open,
        "breadcrumbs": crumbs(_list_crumb(), (str(row), "")),
    }
    return render(request, "rights/consultation_detail.html", context)


def _changeable(request: HttpRequest, pk: int) -> Consultation:
    row = queries.consultation(request.user, pk)
    if not has_perm(request.user, RIGHTS_CHANGE, row.org):
        raise PermissionDenied
    return row


@staff_required(RIGHTS_CHANGE)
def consultation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    row = _changeable(request, pk)
    form = DeclineForm(posted(request))
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.consultation_decline(consultation=row, by=request.user, **form.cleaned_data),
            _("The request was declined and the reason recorded."),
        )
        if done:
            return redirect("rights:consultation", pk=row.pk)
    title = _("Decline the request")
    return form_page(
        request,
        form,
        title=title,
        subject=row,
        intro=_(
            "Give the reason, and where another body can help, the referral and how the worker was told."
        ),
        danger=True,
        submit=_("Decline"),
        cancel=reverse("rights:consultation", args=[row.pk]),
        breadcrumbs=crumbs(
            _list_crumb(), (str(row), reverse("rights:consultation", args=[row.pk])), (title, "")
        ),
    )


@staff_required(RIGHTS_CHANGE)
def consultation_refer(request: HttpRequest, pk: int) -> HttpResponse:
    row = _changeable(request, pk)
    form = ReferForm(posted(request))
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.consultation_refer(consultation=row, by=request.user, **form.cleaned_data),
            _("The referral was recorded."),
        )
        if done:
            return redirect("rights:consultation", pk=row.pk)
    title = _("Refer the worker")
    return form_page(
        request,
        form,
        title=title,
        subject=row,
        submit=_("Refer"),
        cancel=reverse("rights:consultation", args=[row.pk]),
        breadcrumbs=crumbs(
            _list_crumb(), (str(row), reverse("rights:consultation", args=[row.pk])), (title, "")
        ),
    )


@staff_required(RIGHTS_CHANGE)
def consultation_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    from gonghui.rights.choices import TOPIC_CASE_TYPE

    row = _changeable(request, pk)
    initial = {"type": TOPIC_CASE_TYPE.get(row.topic, ""), "title": row.summary[:60]}
    form = OpenCaseForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST":

        def action() -> object:
            data = dict(form.cleaned_data)
            claimed = data.pop("claimed_amount")
            claimants = []
            if row.person_id or row.visitor_name:
                claimants = [
                    {"person": row.person, "name": row.visitor_name, "claimed_amount": str(claimed or "0")}
                ]
            return services.consultation_open_case(
                consultation=row, by=request.user, claimants=claimants, **data
            )

        case = apply_service(request, form, action, _("The case was opened."))
        if case:
            return redirect("rights:case", pk=case.pk)
    title = _("Turn into a case")
    return form_page(
        request,
        form,
        title=title,
        subject=row,
        intro=_("The visitor becomes the case's first claimant; add more claimants on the case page."),
        submit=_("Open the case"),
        cancel=reverse("rights:consultation", args=[row.pk]),
        breadcrumbs=crumbs(
            _list_crumb(), (str(row), reverse("rights:consultation", args=[row.pk])), (title, "")
        ),
    )
