"""Staff pages of the funds: funds with balances and budget use, a fund's ledger, posting and reversing,
reconciliation with export, goods stock, donations and the donor list.

Thin over ``funds.queries``/``funds.reports`` (scoped reads) and ``funds.services``/``funds.donations``
(checked writes). A fund, entry or donation outside the user's scope answers 404 like a missing one;
a change the user may not make to one they can see answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from gonghui.accounts.roles import role_grants
from gonghui.accounts.scoping import assignments, has_perm
from gonghui.core.errors import DomainError
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.funds import donations as donation_services
from gonghui.funds import exports, queries, reports, services
from gonghui.funds.filters import DonationFilter, EntryFilter, FundFilter
from gonghui.funds.forms import (
    BudgetForm,
    DonationForm,
    DonorListForm,
    FundEditForm,
    FundForm,
    GoodsItemForm,
    PeriodForm,
    PostingForm,
    ReasonForm,
)
from gonghui.funds.models import Fund, LedgerEntry
from gonghui.funds.perms import FUNDS_CHANGE, FUNDS_VIEW


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Funds"), reverse("funds:list")), *trail]


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "funds/form.html", {"form": form, **context})


def _postable(request: HttpRequest, pk: int) -> Fund:
    """A fund in scope the user may post to: 404 outside the scope, 403 without the right."""
    fund = queries.fund(request.user, pk)
    if not services.may_post(request.user, fund):
        raise PermissionDenied
    return fund


# --- funds ----------------------------------------------------------------------------------------


@require_safe
@staff_required(FUNDS_VIEW)
def fund_list(request: HttpRequest) -> HttpResponse:
    year = queries.budget_year(request.user, request.GET.get("year"))
    filters = FundFilter(request.GET or None, queryset=queries.funds(request.user), user=request.user)
    try:
        rows = queries.fund_list(request.user, request.GET, year)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.with_figures(queries.funds(request.user).none(), year)
    page = paginate(request, rows.order_by("org__path", "kind", "name", "pk"))
    context = {
        "filter": filters,
        "page": page,
        "rows": [(f, queries.figures(f)) for f in page],
        "year": year,
        "years": queries.budget_years(request.user),
        "can_create": has_perm(request.user, FUNDS_CHANGE),
        "breadcrumbs": [(_("Funds"), "")],
    }
    return render(request, "funds/list.html", context)


@staff_required(FUNDS_CHANGE)
def fund_create(request: HttpRequest) -> HttpResponse:
    grants = [g for g in assignments(request.user) if role_grants(g.role, FUNDS_CHANGE)]
    initial = {"org": grants[0].org_id} if grants else {}
    form = FundForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        fund = apply_service(
            request,
            form,
            lambda: services.fund_create(by=request.user, **form.cleaned_data),
            _("The fund was opened."),
        )
        if fund:
            return redirect("funds:detail", pk=fund.pk)
    title = _("Open a fund")
    return _form_page(
        request,
        form,
        title=title,
        submit=pgettext("fund action", "Open"),
        cancel=reverse("funds:list"),
        breadcrumbs=_crumbs((title, "")),
    )


@require_safe
@staff_required(FUNDS_VIEW)
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = queries.fund(request.user, pk)
    year = queries.budget_year(request.user, request.GET.get("year"))
    row = queries.with_figures(Fund.objects.filter(pk=fund.pk), year).get()
    entry_filter = EntryFilter(request.GET or None, queryset=queries.entries(request.user).filter(fund=fund))
    try:
        ledger = queries.fund_ledger(request.user, fund, request.GET)
    except DomainError as exc:
        exc.add_to_form(entry_filter.form)
        ledger = LedgerEntry.objects.none()
    context = {
        "fund": fund,
        "figures": queries.figures(row),
        "year": year,
        "budgets": fund.budgets.order_by("-year"),
        "stock": queries.fund_stock(fund),
        "filter": entry_filter,
        "page": paginate(request, ledger),
        "can_post": fund.is_active and services.may_post(request.user, fund),
        "can_reverse": services.may_post(request.user, fund),
        "breadcrumbs": _crumbs((fund.name, "")),
    }
    return render(request, "funds/detail.html", context)


@staff_required(FUNDS_CHANGE)
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _postable(request, pk)
    initial = {"name": fund.name, "description": fund.description, "is_active": fund.is_active}
    form = FundEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.fund_update(by=request.user, fund=fund, **form.cleaned_data),
            _("Saved."),
        )
        if done:
            return redirect("funds:detail", pk=fund.pk)
    title = _("Change the fund")
    return _form_page(
        request,
        form,
        title=title,
        subject=fund,
        submit=_("Save"),
        cancel=reverse("funds:detail", args=[fund.pk]),
        breadcrumbs=_crumbs((fund.name, reverse("funds:detail", args=[fund.pk])), (title, "")),
    )


@staff_required(FUNDS_CHANGE)
def fund_budget(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _postable(request, pk)
    form = BudgetForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.budget_set(by=request.user, fund=fund, **form.cleaned_data),
            _("The budget was set."),
        )
        if done:
            return redirect("funds:detail", pk=fund.pk)
    title = _("Set a year's budget")
    return _form_page(
        request,
        form,
        title=title,
        subject=fund,
        submit=_("Save"),
        cancel=reverse("funds:detail", args=[fund.pk]),
        breadcrumbs=_crumbs((fund.name, reverse("funds:detail", args=[fund.pk])), (title, "")),
    )


def _post(request: HttpRequest, fund: Fund, data: dict[str, Any]) -> Any:
    """Run the posting service the form's kind names."""
    common = {"by": request.user, "reference": data["reference"], "memo": data["memo"]}
    kind = data["kind"]
    if kind == "income":
        return services.post_income(fund=fund, amount=data["amount"], **common)
    if kind == "expense":
        return services.post_expense(fund=fund, amount=data["amount"], **common)
    if kind == "transfer":
        return services.transfer(from_fund=fund, to_fund=data["to_fund"], amount=data["amount"], **common)
    goods = {"item": data["item"], "quantity": data["quantity"], **common}
    if kind == "goods_in":
        return services.post_goods_in(fund=fund, unit_value=data["unit_value"] or "0", **goods)
    if kind == "goods_out":
        return services.post_goods_out(fund=fund, unit_value=data["unit_value"] or None, **goods)
    return services.transfer_goods(
        from_fund=fund, to_fund=data["to_fund"], unit_value=data["unit_value"] or None, **goods
    )


@staff_required(FUNDS_CHANGE)
def fund_post(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _postable(request, pk)
    form = PostingForm(request.POST or None, user=request.user, fund=fund, initial={"kind": "income"})
    if request.method == "POST":
        done = apply_service(request, form, lambda: _post(request, fund, form.cleaned_data), _("Posted."))
        if done:
            return redirect("funds:detail", pk=fund.pk)
    title = _("Post an entry")
    return _form_page(
        request,
        form,
        title=title,
        subject=fund,
        intro=_("Entries are never changed or deleted; a mistake is undone by reversing the entry."),
        submit=_("Post"),
        cancel=reverse("funds:detail", args=[fund.pk]),
        breadcrumbs=_crumbs((fund.name, reverse("funds:detail", args=[fund.pk])), (title, "")),
    )


@staff_required(FUNDS_CHANGE)
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = queries.entry(request.user, pk)
    if not services.may_post(request.user, entry.fund):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.post_reversal(entry=entry, by=request.user, reason=form.cleaned_data["reason"]),
            _("The entry was reversed."),
        )
        if done:
            return redirect("funds:detail", pk=entry.fund_id)
    title = _("Reverse an entry")
    fund_url = reverse("funds:detail", args=[entry.fund_id])
    return _form_page(
        request,
        form,
        title=title,
        subject=entry,
        intro=_("A reversing entry with the opposite direction is posted; the entry itself stays as it is."),
        danger=True,
        submit=_("Reverse"),
        cancel=fund_url,
        breadcrumbs=_crumbs((entry.fund.name, fund_url), (title, "")),
    )


# --- reconciliation and goods ----------------------------------------------------------------------


def _period(request: HttpRequest, fund: Fund) -> tuple[Any, PeriodForm] | None:
    """The reconciliation of the requested period, or None after a message about a bad period."""
    try:
        start, end = reports.parse_period(request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    return reports.reconciliation(fund, start, end), PeriodForm(initial={"start": start, "end": end})


@require_safe
@staff_required(FUNDS_VIEW)
def reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    fund = queries.fund(request.user, pk)
    found = _period(request, fund)
    if found is None:
        return redirect("funds:reconciliation", pk=pk)
    rec, form = found
    context = {
        "fund": fund,
        "rec": rec,
        "form": form,
        "page": paginate(request, rec.entries(), per_page=50),
        "breadcrumbs": _crumbs(
            (fund.name, reverse("funds:detail", args=[fund.pk])), (_("Reconciliation"), "")
        ),
    }
    return render(request, "funds/reconciliation.html", context)


@require_safe
@staff_required(FUNDS_VIEW)
def reconciliation_export(request: HttpRequest, pk: int) -> HttpResponse:
    fund = queries.fund(request.user, pk)
    found = _period(request, fund)
    if found is None:
        return redirect("funds:reconciliation", pk=pk)
    rec, _form = found
    return xlsx_response(exports.reconciliation_xlsx(request.user, rec), f"reconciliation-{fund.pk}")


@require_safe
@staff_required(FUNDS_VIEW)
def goods(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("all") == "1"
    context = {
        "rows": queries.goods_stock(request.user, in_stock_only=not everything),
        "everything": everything,
        "can_add": has_perm(request.user, FUNDS_CHANGE),
        "breadcrumbs": _crumbs((_("Goods stock"), "")),
    }
    return render(request, "funds/goods.html", context)


@staff_required(FUNDS_CHANGE)
def goods_item_create(request: HttpRequest) -> HttpResponse:
    form = GoodsItemForm(request.POST or None)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.goods_item_create(by=request.user, **form.cleaned_data),
            _("The goods item was added."),
        )
        if done:
            return redirect("funds:goods")
    title = _("Add a kind of goods")
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Add"),
        cancel=reverse("funds:goods"),
        breadcrumbs=_crumbs((_("Goods stock"), reverse("funds:goods")), (title, "")),
    )


# --- donations ------------------------------------------------------------------------------------


def _donation_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Donations"), reverse("funds:donations")), *trail]


@require_safe
@staff_required(FUNDS_VIEW)
def donation_list(request: HttpRequest) -> HttpResponse:
    filters = DonationFilter(request.GET or None, queryset=queries.donations(request.user), user=request.user)
    try:
        rows = queries.donation_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.donations(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows.prefetch_related("lines__item")),
        "can_create": has_perm(request.user, FUNDS_CHANGE),
        "breadcrumbs": [(_("Donations"), "")],
    }
    return render(request, "funds/donations.html", context)


@require_safe
@staff_required(FUNDS_VIEW)
def donation_export(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.donation_list(request.user, request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('funds:donations')}?{request.GET.urlencode()}")
    return xlsx_response(exports.donations_xlsx(request.user, rows, request.GET.dict()), "donations")


@staff_required(FUNDS_CHANGE)
def donation_create(request: HttpRequest) -> HttpResponse:
    form = DonationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        donation = apply_service(
            request,
            form,
            lambda: donation_services.donation_record(by=request.user, **form.values()),
            _("The donation was recorded."),
        )
        if donation:
            return redirect("funds:donation", pk=donation.pk)
    title = _("Record a donation")
    context = {"form": form, "title": title, "breadcrumbs": _donation_crumbs((title, ""))}
    return render(request, "funds/donation_form.html", context)


@require_safe
@staff_required(FUNDS_VIEW)
def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donation = queries.donation(request.user, pk)
    context = {
        "d": donation,
        "goods": reports.goods_summary(donation),
        "entries": queries.entries_for(donation).select_related("fund", "item", "created_by"),
        "can_void": not donation.is_void and services.may_post(request.user, donation.fund),
        "breadcrumbs": _donation_crumbs((donation.receipt_no, "")),
    }
    return render(request, "funds/donation_detail.html", context)


@staff_required(FUNDS_CHANGE)
def donation_void(request: HttpRequest, pk: int) -> HttpResponse:
    donation = queries.donation(request.user, pk)
    if not services.may_post(request.user, donation.fund):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: donation_services.donation_void(
                by=request.user, donation=donation, reason=form.cleaned_data["reason"]
            ),
            _("The donation was voided; its entries were reversed."),
        )
        if done:
            return redirect("funds:donation", pk=donation.pk)
    title = _("Void the donation")
    return _form_page(
        request,
        form,
        title=title,
        subject=donation,
        intro=_("The receipt number stays with this donation and is never given again."),
        danger=True,
        submit=_("Void"),
        cancel=reverse("funds:donation", args=[donation.pk]),
        breadcrumbs=_donation_crumbs(
            (donation.receipt_no, reverse("funds:donation", args=[donation.pk])), (title, "")
        ),
    )


def _donors(request: HttpRequest) -> tuple[DonorListForm, reports.DonorList]:
    form = DonorListForm(request.GET or None, user=request.user)
    values = form.cleaned_data if form.is_valid() else {}
    donors = reports.donor_list(
        request.user,
        earmark=values.get("earmark") or "",
        start=values.get("start"),
        end=values.get("end"),
    )
    return form, donors


@require_safe
@staff_required(FUNDS_VIEW)
def donors(request: HttpRequest) -> HttpResponse:
    form, donor_list = _donors(request)
    context = {
        "form": form,
        "donors": donor_list,
        "page": paginate(request, donor_list.rows, per_page=50),
        "breadcrumbs": _donation_crumbs((_("Donor list"), "")),
    }
    return render(request, "funds/donors.html", context)


@require_safe
@staff_required(FUNDS_VIEW)
def donors_export(request: HttpRequest) -> HttpResponse:
    _form, donor_list = _donors(request)
    return xlsx_response(exports.donors_xlsx(request.user, donor_list), "donors")
