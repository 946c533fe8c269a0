"""Membership pages: a union's member roll with export, and join / transfer / leave forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.people import exports, services
from gonghui.people.filters import MembershipFilter
from gonghui.people.forms import JoinForm, LeaveForm, TransferForm
from gonghui.people.models import Membership
from gonghui.people.queries import memberships as queries
from gonghui.people.queries import person as person_query
from gonghui.people.views.persons import export_query

PERM_VIEW, PERM_CHANGE = queries.PERM_VIEW, queries.PERM_CHANGE


@staff_required(PERM_VIEW)
def roll(request: HttpRequest) -> HttpResponse:
    filters = MembershipFilter(
        request.GET or None, queryset=queries.memberships(request.user), user=request.user
    )
    try:
        rows = queries.membership_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.memberships(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "can_reveal": has_perm(request.user, "people.reveal"),
        "export_query": export_query(request),
        "breadcrumbs": [(_("People"), reverse("people:list")), (_("Member roll"), "")],
    }
    return render(request, "people/memberships/roll.html", context)


@staff_required(PERM_VIEW)
def roll_export(request: HttpRequest) -> HttpResponse:
    try:
        content = exports.roll_xlsx(request.user, request.GET, full=request.GET.get("full") == "1")
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("people:memberships") + "?" + request.GET.urlencode())
    return xlsx_response(content, "member-roll")


def _back(request: HttpRequest, membership: Membership) -> str:
    """The person's page if the reader may open it, else the union's roll (a chair's view)."""
    if has_perm(request.user, PERM_VIEW, membership.person.org):
        return reverse("people:detail", args=[membership.person_id])
    return reverse("people:memberships") + f"?union={membership.org_id}"


def _form_page(request: HttpRequest, form: object, title: str, back: str) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "cancel": back,
        "breadcrumbs": [(_("People"), reverse("people:list")), (title, "")],
    }
    return render(request, "people/households/form.html", context)


@staff_required(PERM_CHANGE)
def join(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_query(request.user, person_pk)
    form = JoinForm(request.POST or None, unions=queries.open_unions(request.user))
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.membership_join(by=request.user, person=person, **form.cleaned_data),
            _("The person joined the union."),
        )
        if done is not None:
            return redirect("people:detail", pk=person.pk)
    title = _("Enrol %(name)s in a union") % {"name": person.name}
    return _form_page(request, form, title, reverse("people:detail", args=[person.pk]))


@staff_required(PERM_CHANGE)
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    membership = queries.membership(request.user, pk, perm=PERM_CHANGE)
    unions = queries.open_unions(request.user).exclude(pk=membership.org_id)
    form = TransferForm(request.POST or None, unions=unions)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.membership_transfer(by=request.user, membership=membership, **form.cleaned_data),
            _("The membership was transferred."),
        )
        if done is not None:
            return redirect(_back(request, membership))
    title = _("Transfer %(number)s %(name)s") % {
        "number": membership.member_number,
        "name": membership.person.name,
    }
    return _form_page(request, form, title, _back(request, membership))


@staff_required(PERM_CHANGE)
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    membership = queries.membership(request.user, pk, perm=PERM_CHANGE)
    form = LeaveForm(request.POST or None)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.membership_leave(by=request.user, membership=membership, **form.cleaned_data),
            _("The membership was ended."),
        )
        if done is not None:
            return redirect(_back(request, membership))
    title = _("End membership %(number)s of %(name)s") % {
        "number": membership.member_number,
        "name": membership.person.name,
    }
    return _form_page(request, form, title, _back(request, membership))
