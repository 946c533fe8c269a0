"""Staff pages of the organisation tree, service points and regions.

Thin over ``orgs.queries`` (scoped reads) and ``orgs.services`` (checked writes). An organisation
outside the user's scope answers 404 exactly like a missing one; an action the user may not take
on an organisation they can see answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import DomainError
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.orgs import exports, queries, services
from gonghui.orgs.filters import OrganisationFilter, RegionFilter, ServicePointFilter
from gonghui.orgs.forms import (
    CloseForm,
    MergeForm,
    MoveForm,
    OrganisationCreateForm,
    OrganisationForm,
    ServicePointForm,
)
from gonghui.orgs.models import Organisation, ServicePoint


def _require(user: Any, perm: str, org: Organisation | None) -> None:
    """403 unless the user holds ``perm`` over ``org`` (the top of the tree has no parent to act from)."""
    if org is None or not has_perm(user, perm, org):
        raise PermissionDenied


def _filtered(request: HttpRequest, filterset_class: type, queryset: QuerySet) -> tuple[Any, QuerySet]:
    """The filter form and its rows; bad filter values show beside their fields and match nothing."""
    filterset = filterset_class(request.GET, queryset=queryset)
    try:
        rows = queries.filter_or_error(filterset)
    except DomainError:
        rows = queryset.none()
    return filterset, rows


def _crumbs(request: HttpRequest, org: Organisation, *tail: tuple[str, str]) -> list[tuple[str, str]]:
    """Organisations › the ancestors the user may see › the organisation (› the action)."""
    crumbs = [(_("Organisations"), reverse("orgs:tree"))]
    crumbs += [(a.name, reverse("orgs:detail", args=[a.pk])) for a in queries.ancestors(request.user, org)]
    crumbs.append((org.name, reverse("orgs:detail", args=[org.pk]) if tail else ""))
    return crumbs + list(tail)


# Tree bookkeeping and timestamps say nothing to a reader of the history.
_INTERNAL_FIELDS = ("id", "path", "depth", "numchild", "created_at", "updated_at")


def _history(instance: Any) -> list[dict[str, Any]]:
    """The record's log entries with readable changes: field labels, choice labels, no tree bookkeeping."""
    hidden = set(_INTERNAL_FIELDS)
    for name in _INTERNAL_FIELDS:
        try:
            hidden.add(str(type(instance)._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            continue
    rows = []
    for entry in queries.history(instance):
        changes = []
        for label, values in (entry.changes_display_dict or {}).items():
            if str(label) in hidden:
                continue
            old, new = [*[_shown(v) for v in values], "", ""][:2]
            changes.append((label, old, new))
        rows.append({"entry": entry, "changes": changes})
    return rows


def _shown(value: Any) -> Any:
    """The log writes a missing value as "None"; a reader sees it empty."""
    return "" if value in (None, "None") else value


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "orgs/form.html", {"form": form, **context})


# --- The tree and lists ---------------------------------------------------------------------------


@staff_required("orgs.view")
def tree(request: HttpRequest) -> HttpResponse:
    """Starts at the top of the user's scope; htmx loads each level when it is opened."""
    context = {"nodes": queries.scope_roots(request.user), "breadcrumbs": [(_("Organisations"), "")]}
    return render(request, "orgs/tree.html", context)


@staff_required("orgs.view")
def children(request: HttpRequest, pk: int) -> HttpResponse:
    parent = queries.organisation(request.user, pk)
    return render(request, "orgs/_nodes.html", {"nodes": queries.children(request.user, parent)})


@staff_required("orgs.view")
def org_list(request: HttpRequest) -> HttpResponse:
    filterset, rows = _filtered(request, OrganisationFilter, queries.organisations(request.user))
    context = {
        "filter": filterset,
        "page": paginate(request, rows),
        "breadcrumbs": [(_("Organisations"), reverse("orgs:tree")), (_("List"), "")],
    }
    return render(request, "orgs/list.html", context)


@staff_required("orgs.view")
def export(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.organisation_list(request.user, request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('orgs:list')}?{request.GET.urlencode()}")
    return xlsx_response(exports.organisations_xlsx(rows), "organisations")


# --- One organisation -----------------------------------------------------------------------------


@staff_required("orgs.view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = queries.organisation(user, pk)
    parent = Organisation.objects.get_parent(org)
    context = {
        "org": org,
        "merged_into": queries.organisations(user).filter(pk=org.merged_into_id).first(),
        "children": queries.children(user, org),
        "points": queries.service_points(user).filter(org=org),
        "history": _history(org),
        "can_change": org.is_active and has_perm(user, "orgs.change", org),
        "can_restructure": org.is_active and parent is not None and has_perm(user, "orgs.change", parent),
        "can_add_point": org.is_active and has_perm(user, "servicepoints.change", org),
        "breadcrumbs": _crumbs(request, org),
    }
    return render(request, "orgs/detail.html", context)


@staff_required("orgs.change")
def create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    parent = None
    if request.GET.get("parent"):
        parent = queries.organisation(request.user, request.GET["parent"], "orgs.change")
        kinds = [k for k, parents in Organisation.PARENT_KINDS.items() if parent.kind in parents]
        initial = {"parent": parent.pk, "kind": kinds[0] if kinds else ""}
    form = OrganisationCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        org = apply_service(
            request,
            form,
            lambda: services.org_create(by=request.user, **form.cleaned_data),
            _("The organisation was added."),
        )
        if org:
            return redirect("orgs:detail", pk=org.pk)
    title = _("Add an organisation")
    crumbs = _crumbs(request, parent, (title, "")) if parent else [(_("Organisations"), reverse("orgs:tree"))]
    cancel = reverse("orgs:detail", args=[parent.pk]) if parent else reverse("orgs:tree")
    return _form_page(request, form, title=title, submit=_("Add"), cancel=cancel, breadcrumbs=crumbs)


@staff_required("orgs.change")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = queries.organisation(request.user, pk)
    _require(request.user, "orgs.change", org)
    form = OrganisationForm(request.POST or None, initial=OrganisationForm.initial_for(org))
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.org_update(by=request.user, org=org, **form.cleaned_data),
            _("Saved."),
        )
        if done:
            return redirect("orgs:detail", pk=org.pk)
    title = _("Change details")
    return _form_page(
        request,
        form,
        title=title,
        org=org,
        submit=_("Save"),
        cancel=reverse("orgs:detail", args=[org.pk]),
        breadcrumbs=_crumbs(request, org, (title, "")),
    )


def _structural(request: HttpRequest, pk: int) -> Organisation:
    """The organisation to move, merge or close: visible, and the user may change its parent."""
    org = queries.organisation(request.user, pk)
    _require(request.user, "orgs.change", Organisation.objects.get_parent(org))
    return org


@staff_required("orgs.change")
def move(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structural(request, pk)
    form = MoveForm(request.POST or None, user=request.user, org=org)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.org_move(by=request.user, org=org, new_parent=form.cleaned_data["parent"]),
            _("The organisation was moved."),
        )
        if done:
            return redirect("orgs:detail", pk=org.pk)
    title = _("Move under another parent")
    return _form_page(
        request,
        form,
        title=title,
        org=org,
        intro=_("Everything under it moves with it."),
        submit=_("Move"),
        cancel=reverse("orgs:detail", args=[org.pk]),
        breadcrumbs=_crumbs(request, org, (title, "")),
    )


@staff_required("orgs.change")
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structural(request, pk)
    form = MergeForm(request.POST or None, user=request.user, org=org)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.org_merge(
                by=request.user, org=org, into=form.cleaned_data["into"], on=form.cleaned_data["on"]
            ),
            _("The organisations were merged."),
        )
        if done:
            return redirect("orgs:detail", pk=form.cleaned_data["into"].pk)
    title = _("Merge into another organisation")
    return _form_page(
        request,
        form,
        title=title,
        org=org,
        danger=True,
        submit=_("Merge"),
        cancel=reverse("orgs:detail", args=[org.pk]),
        breadcrumbs=_crumbs(request, org, (title, "")),
    )


@staff_required("orgs.change")
def close(request: HttpRequest, pk: int) -> HttpResponse:
    org = _structural(request, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.org_close(by=request.user, org=org, **form.cleaned_data),
            _("The organisation was closed; its records and history are kept."),
        )
        if done:
            return redirect("orgs:detail", pk=org.pk)
    title = _("Close the organisation")
    return _form_page(
        request,
        form,
        title=title,
        org=org,
        intro=_("A closed organisation keeps its records and history but takes nothing new."),
        danger=True,
        submit=_("Close"),
        cancel=reverse("orgs:detail", args=[org.pk]),
        breadcrumbs=_crumbs(request, org, (title, "")),
    )


# --- Service points -------------------------------------------------------------------------------


def _points_crumbs(*tail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Service points"), reverse("orgs:points") if tail else ""), *tail]


@staff_required("orgs.view")
def point_list(request: HttpRequest) -> HttpResponse:
    filterset, rows = _filtered(request, ServicePointFilter, queries.service_points(request.user))
    context = {
        "filter": filterset,
        "page": paginate(request, rows),
        "can_add": has_perm(request.user, "servicepoints.change"),
        "breadcrumbs": _points_crumbs(),
    }
    return render(request, "orgs/points.html", context)


@staff_required("orgs.view")
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = queries.service_point(request.user, pk)
    context = {
        "point": point,
        "history": _history(point),
        "can_change": has_perm(request.user, "servicepoints.change", point.org),
        "breadcrumbs": _points_crumbs((point.name, "")),
    }
    return render(request, "orgs/point_detail.html", context)


def _point_form(request: HttpRequest, point: ServicePoint | None, initial: dict[str, Any]) -> Any:
    form = ServicePointForm(request.POST or None, user=request.user, point=point, initial=initial)
    if request.method != "POST":
        return form
    saved = apply_service(
        request,
        form,
        lambda: services.service_point_save(
            by=request.user, org=form.cleaned_data["org"], point=point, **form.values()
        ),
        _("The service point was saved."),
    )
    return saved or form


@staff_required("servicepoints.change")
def point_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"is_active": True}
    if request.GET.get("org"):
        initial["org"] = queries.organisation(request.user, request.GET["org"], "servicepoints.change").pk
    result = _point_form(request, None, initial)
    if isinstance(result, ServicePoint):
        return redirect("orgs:point_detail", pk=result.pk)
    title = _("Add a service point")
    return _form_page(
        request,
        result,
        title=title,
        submit=_("Add"),
        cancel=reverse("orgs:points"),
        breadcrumbs=_points_crumbs((title, "")),
    )


@staff_required("servicepoints.change")
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = queries.service_point(request.user, pk)
    _require(request.user, "servicepoints.change", point.org)
    result = _point_form(request, point, ServicePointForm.initial_for(point))
    if isinstance(result, ServicePoint):
        return redirect("orgs:point_detail", pk=result.pk)
    title = _("Change service point")
    return _form_page(
        request,
        result,
        title=title,
        submit=_("Save"),
        cancel=reverse("orgs:point_detail", args=[point.pk]),
        breadcrumbs=_points_crumbs((point.name, reverse("orgs:point_detail", args=[point.pk])), (title, "")),
    )


# --- Regions --------------------------------------------------------------------------------------


@staff_required("orgs.view")
def region_list(request: HttpRequest) -> HttpResponse:
    """Administrative divisions are public knowledge: the same list for everyone."""
    filterset, rows = _filtered(request, RegionFilter, queries.regions())
    context = {"filter": filterset, "page": paginate(request, rows, 50), "breadcrumbs": [(_("Regions"), "")]}
    return render(request, "orgs/regions.html", context)
