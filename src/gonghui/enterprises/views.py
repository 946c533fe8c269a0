"""Staff pages of the enterprise registry: list with search and filters, export, detail, forms.

Thin over ``enterprises.queries`` (scoped reads) and ``enterprises.services`` (checked writes). An
enterprise outside the user's scope answers 404 exactly like a missing one; a change the user may
not make to one they can see answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from gonghui.accounts.roles import role_grants
from gonghui.accounts.scoping import assignments
from gonghui.core.errors import DomainError
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.enterprises import exports, queries, services
from gonghui.enterprises.filters import EnterpriseFilter
from gonghui.enterprises.forms import CloseForm, EnterpriseForm, keepers
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.panels import render_panels
from gonghui.orgs.queries import history

PERM_VIEW, PERM_CHANGE = services.PERM_VIEW, services.PERM_CHANGE


def _crumbs(enterprise: Enterprise | None = None, label: str = "") -> list[tuple[str, str]]:
    crumbs = [(_("Enterprises"), reverse("enterprises:list") if enterprise or label else "")]
    if enterprise is not None:
        crumbs.append((enterprise.name, reverse("enterprises:detail", args=[enterprise.pk]) if label else ""))
    if label:
        crumbs.append((label, ""))
    return crumbs


def _can_change(user: Any, enterprise: Enterprise) -> bool:
    return enterprise.is_active and services.may_change(user, enterprise)


def _history(enterprise: Enterprise) -> list[dict[str, Any]]:
    """The record's log entries with readable changes, without timestamps."""
    hidden = {"id", "created_at", "updated_at"}
    for name in list(hidden):
        try:
            hidden.add(str(Enterprise._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            continue
    rows = []
    for entry in history(enterprise):
        changes = [
            (label, *("" if v in (None, "None") else v for v in [*values, "", ""][:2]))
            for label, values in (entry.changes_display_dict or {}).items()
            if str(label) not in hidden
        ]
        rows.append({"entry": entry, "changes": changes})
    return rows


@require_safe
@staff_required(PERM_VIEW)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    filters = EnterpriseFilter(
        request.GET or None, queryset=queries.enterprises(request.user), user=request.user
    )
    try:
        rows = queries.enterprise_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.enterprises(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "q": request.GET.get("q", ""),
        "can_create": keepers(request.user).exists(),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "enterprises/list.html", context)


@require_safe
@staff_required(PERM_VIEW)
def export(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.enterprise_list(request.user, request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('enterprises:list')}?{request.GET.urlencode()}")
    return xlsx_response(exports.export(request.user, rows, request.GET.dict()), "enterprises")


@require_safe
@staff_required(PERM_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = queries.enterprise(request.user, pk)
    context = {
        "e": enterprise,
        "can_change": _can_change(request.user, enterprise),
        "panels": render_panels(request, enterprise),
        "history": _history(enterprise),
        "breadcrumbs": _crumbs(enterprise),
    }
    return render(request, "enterprises/detail.html", context)


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "enterprises/form.html", {"form": form, **context})


@staff_required(PERM_CHANGE)
def create(request: HttpRequest) -> HttpResponse:
    # A chair keeps the record of their own enterprise but registers none: no keeper in reach.
    if not keepers(request.user).exists():
        raise PermissionDenied
    grants = [g for g in assignments(request.user) if role_grants(g.role, PERM_CHANGE)]
    initial: dict[str, Any] = {"employee_count": 0}
    if grants:
        initial["org"] = grants[0].org_id
    form = EnterpriseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        enterprise = apply_service(
            request,
            form,
            lambda: services.enterprise_create(
                by=request.user, org=form.cleaned_data["org"], **form.values()
            ),
            _("The enterprise was registered."),
        )
        if enterprise:
            return redirect("enterprises:detail", pk=enterprise.pk)
    title = _("Register an enterprise")
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Register"),
        cancel=reverse("enterprises:list"),
        breadcrumbs=_crumbs(label=title),
    )


def _changeable(request: HttpRequest, pk: int) -> Enterprise:
    """An enterprise in scope that the user may change: 404 outside the scope, 403 without the right."""
    enterprise = queries.enterprise(request.user, pk)
    if not services.may_change(request.user, enterprise):
        raise PermissionDenied
    return enterprise


@staff_required(PERM_CHANGE)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _changeable(request, pk)
    form = EnterpriseForm(
        request.POST or None,
        user=request.user,
        enterprise=enterprise,
        initial=EnterpriseForm.initial_for(enterprise),
    )
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.enterprise_update(
                by=request.user, enterprise=enterprise, org=form.cleaned_data["org"], **form.values()
            ),
            _("Saved."),
        )
        if done:
            return redirect("enterprises:detail", pk=enterprise.pk)
    title = _("Change details")
    return _form_page(
        request,
        form,
        title=title,
        enterprise=enterprise,
        submit=_("Save"),
        cancel=reverse("enterprises:detail", args=[enterprise.pk]),
        breadcrumbs=_crumbs(enterprise, title),
    )


@staff_required(PERM_CHANGE)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _changeable(request, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.enterprise_close(by=request.user, enterprise=enterprise, **form.cleaned_data),
            _("The enterprise was marked closed; its record and history are kept."),
        )
        if done:
            return redirect("enterprises:detail", pk=enterprise.pk)
    title = _("Close the enterprise")
    return _form_page(
        request,
        form,
        title=title,
        enterprise=enterprise,
        intro=_("A closed enterprise keeps its record and history but can no longer be changed."),
        danger=True,
        submit=pgettext("enterprise", "Close"),
        cancel=reverse("enterprises:detail", args=[enterprise.pk]),
        breadcrumbs=_crumbs(enterprise, title),
    )
