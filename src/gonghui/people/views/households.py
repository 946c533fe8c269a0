"""Household pages: list, detail with incomes (the read is logged), open, change, members."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.people import services
from gonghui.people.forms import HouseholdEditForm, HouseholdForm, MemberEditForm, MemberForm
from gonghui.people.models import Household
from gonghui.people.queries import households as queries
from gonghui.people.queries import person as person_query

PERM_VIEW, PERM_CHANGE = queries.PERM_VIEW, queries.PERM_CHANGE


def _crumbs(household: Household | None = None, label: str = "") -> list[tuple[str, str]]:
    crumbs = [(_("People"), reverse("people:list")), (_("Households"), reverse("people:households"))]
    if household is not None:
        crumbs.append((str(household), reverse("people:household", args=[household.pk]) if label else ""))
    if label:
        crumbs.append((label, ""))
    return crumbs


@staff_required(PERM_VIEW)
def household_list(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.household_list(request.user, request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        rows = queries.households(request.user).none()
    page = paginate(request, rows)
    context = {
        "page": page,
        "rows": [(h, queries.household_income(h)) for h in page],
        "q": request.GET.get("q", ""),
        "breadcrumbs": [(_("People"), reverse("people:list")), (_("Households"), "")],
    }
    return render(request, "people/households/list.html", context)


@staff_required(PERM_VIEW)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = queries.household_detail(request.user, pk, reason="page")
    context = {
        "household": household,
        "members": queries.members_of(household),
        "income": queries.household_income(household),
        "can_change": queries.can_change(request.user, household),
        "breadcrumbs": _crumbs(household),
    }
    return render(request, "people/households/detail.html", context)


@staff_required(PERM_CHANGE)
def household_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    head = person_query(request.user, person_pk)
    form = HouseholdForm(request.POST or None, user=request.user, head=head)
    if request.method == "POST":
        household = apply_service(
            request,
            form,
            lambda: services.household_create(
                by=request.user,
                head=head,
                org=form.cleaned_data["org"],
                address=form.cleaned_data["address"],
                note=form.cleaned_data["household_note"],
                **form.details(),
            ),
            _("The household was opened."),
        )
        if household is not None:
            return redirect("people:household", pk=household.pk)
    context = {
        "form": form,
        "title": _("Open a household headed by %(name)s") % {"name": head.name},
        "cancel": reverse("people:detail", args=[head.pk]),
        "breadcrumbs": [
            (_("People"), reverse("people:list")),
            (head.name, reverse("people:detail", args=[head.pk])),
        ],
    }
    return render(request, "people/households/form.html", context)


@staff_required(PERM_CHANGE)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = queries.household(request.user, pk, perm=PERM_CHANGE)
    form = HouseholdEditForm(request.POST or None, household=household)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.household_update(by=request.user, household=household, **form.cleaned_data),
            _("The changes were saved."),
        )
        if done is not None:
            return redirect("people:household", pk=household.pk)
    context = {
        "form": form,
        "title": _("Change the household"),
        "cancel": reverse("people:household", args=[household.pk]),
        "breadcrumbs": _crumbs(household, _("Change")),
    }
    return render(request, "people/households/form.html", context)


@require_POST
@staff_required(PERM_CHANGE)
def household_delete(request: HttpRequest, pk: int) -> HttpResponse:
    household = queries.household(request.user, pk, perm=PERM_CHANGE)
    head = household.head_id
    services.household_delete(by=request.user, household=household)
    messages.success(request, _("The household was removed."))
    return redirect("people:detail", pk=head)


@staff_required(PERM_CHANGE)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = queries.household(request.user, pk, perm=PERM_CHANGE)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        member = apply_service(
            request,
            form,
            lambda: services.household_add_member(
                by=request.user,
                household=household,
                relationship=form.cleaned_data["relationship"],
                name=form.cleaned_data["name"],
                id_number=form.cleaned_data["id_number"],
                **form.details(),
            ),
            _("The member was added."),
        )
        if member is not None:
            return redirect("people:household", pk=household.pk)
    context = {
        "form": form,
        "title": _("Add a member"),
        "cancel": reverse("people:household", args=[household.pk]),
        "breadcrumbs": _crumbs(household, _("Add a member")),
    }
    return render(request, "people/households/form.html", context)


@staff_required(PERM_CHANGE)
def member_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = queries.member(request.user, pk, member_pk, perm=PERM_CHANGE)
    form = MemberEditForm(request.POST or None, member=member)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.household_update_member(by=request.user, member=member, **form.changes()),
            _("The changes were saved."),
        )
        if done is not None:
            return redirect("people:household", pk=pk)
    context = {
        "form": form,
        "title": _("Change %(name)s") % {"name": member.display_name},
        "cancel": reverse("people:household", args=[pk]),
        "breadcrumbs": _crumbs(member.household, member.display_name),
    }
    return render(request, "people/households/form.html", context)


@require_POST
@staff_required(PERM_CHANGE)
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = queries.member(request.user, pk, member_pk, perm=PERM_CHANGE)
    try:
        services.household_remove_member(by=request.user, member=member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The member was removed."))
    return redirect("people:household", pk=pk)
