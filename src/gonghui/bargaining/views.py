"""Staff pages of collective bargaining: contracts, checks, openness, surveys, figures; and the public
answering page of a survey.

Thin over ``bargaining.queries`` (scoped reads) and ``bargaining.services`` (checked writes). A
record outside the user's scope answers 404 exactly like a missing one; a change the user may not
make to one they can see answers 403.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.scoping import has_perm
from gonghui.bargaining import exports, queries, services
from gonghui.bargaining.choices import ContractState, OpennessMethod
from gonghui.bargaining.filters import ContractFilter, OpennessFilter, SurveyFilter
from gonghui.bargaining.forms import (
    AnswerForm,
    CheckForm,
    CodeForm,
    ContractForm,
    FiguresForm,
    FileForm,
    OpennessEntryForm,
    PaperForm,
    SurveyForm,
    TerminateForm,
    own_org_initial,
)
from gonghui.bargaining.models import CollectiveContract, SatisfactionSurvey
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.exports import xlsx_response
from gonghui.core.pages import apply_service, paginate, staff_required

PERM_VIEW, PERM_CHANGE = queries.PERM_VIEW, queries.PERM_CHANGE


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Rights platform"), ""), *pairs]


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "bargaining/form.html", {"form": form, **context})


def _date_param(request: HttpRequest, name: str) -> datetime.date | None:
    value = request.GET.get(name, "")
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int_param(request: HttpRequest, name: str, default: int | None = None) -> int | None:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return default


# --- contracts -------------------------------------------------------------------------------------


@require_safe
@staff_required(PERM_VIEW)
def contract_list(request: HttpRequest) -> HttpResponse:
    filters = ContractFilter(request.GET or None, queryset=queries.contracts(request.user), user=request.user)
    try:
        rows = queries.contract_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.contracts(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "today": timezone.localdate(),
        "can_create": has_perm(request.user, PERM_CHANGE),
        "breadcrumbs": _crumbs((_("Collective contracts"), "")),
    }
    return render(request, "bargaining/contract_list.html", context)


@require_safe
@staff_required(PERM_VIEW)
def contract_export(request: HttpRequest) -> HttpResponse:
    try:
        rows = queries.contract_list(request.user, request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('bargaining:contracts')}?{request.GET.urlencode()}")
    return xlsx_response(exports.contracts_xlsx(request.user, rows), "contracts")


def _contract_crumbs(contract: CollectiveContract | None = None, label: str = "") -> list[tuple[str, str]]:
    pairs = [(_("Collective contracts"), reverse("bargaining:contracts"))]
    if contract is not None:
        pairs.append((contract.title, reverse("bargaining:contract", args=[contract.pk]) if label else ""))
    if label:
        pairs.append((label, ""))
    return _crumbs(*pairs)


def _may_change(user: Any, contract: CollectiveContract) -> bool:
    return has_perm(user, PERM_CHANGE, contract.org)


@require_safe
@staff_required(PERM_VIEW)
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = queries.contract(request.user, pk)
    visible, others = queries.covered_enterprises(request.user, contract)
    context = {
        "c": contract,
        "state": ContractState(contract.state),
        "enterprises": visible,
        "others": others,
        "checks": contract.checks.select_related("recorded_by").order_by("-year"),
        "can_change": _may_change(request.user, contract) and contract.status != contract.Status.TERMINATED,
        "can_check": _may_change(request.user, contract) and contract.status != contract.Status.DRAFT,
        "breadcrumbs": _contract_crumbs(contract),
    }
    return render(request, "bargaining/contract_detail.html", context)


def _changeable(request: HttpRequest, pk: int) -> CollectiveContract:
    """A contract in scope the user may change: 404 outside the scope, 403 without the right."""
    contract = queries.contract(request.user, pk)
    if not _may_change(request.user, contract):
        raise PermissionDenied
    return contract


@staff_required(PERM_CHANGE)
def contract_create(request: HttpRequest) -> HttpResponse:
    initial = {"org": own_org_initial(request.user), "covered_employees": 0}
    if enterprise_id := _int_param(request, "enterprise"):
        initial["enterprises"] = [enterprise_id]
    form = ContractForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        contract = apply_service(
            request,
            form,
            lambda: services.contract_create(by=request.user, org=form.cleaned_data["org"], **form.values()),
            _("The contract was recorded."),
        )
        if contract:
            return redirect("bargaining:contract", pk=contract.pk)
    title = _("Record a collective contract")
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        cancel=reverse("bargaining:contracts"),
        breadcrumbs=_contract_crumbs(label=title),
    )


@staff_required(PERM_CHANGE)
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _changeable(request, pk)
    form = ContractForm(
        request.POST or None, user=request.user, contract=contract, initial=ContractForm.initial_for(contract)
    )
    if request.method == "POST":
        done = apply_service(
            request,
            form,
            lambda: services.contract_update(by=request.user, contract=contract, **form.values()),
            _("Saved."),
        )
        if done:
            return redirect("bargaining:contract", pk=contract.pk)
    title = _("Change the contract")
    return _form_page(
        request,
        form,
        title=title,
        subject=contract.title,
        submit=_("Save"),
        cancel=reverse("bargaining:contract", args=[contract.pk]),
        breadcrumbs=_contract_crumbs(contract, title),
    )


def _contract_action(
    request: HttpRequest, pk: int, form_class: type, action: Any, *, title: str, done: str, **extra: Any
) -> HttpResponse:
    contract = _changeable(request, pk)
    form = form_class(request.POST or None, **extra.pop("form_kwargs", {}))
    if request.method == "POST":
        result = apply_service(request, form, lambda: action(contract, form.cleaned_data), done)
        if result:
            return redirect("bargaining:contract", pk=contract.pk)
    return _form_page(
        request,
        form,
        title=title,
        subject=contract.title,
        cancel=reverse("bargaining:contract", args=[contract.pk]),
        breadcrumbs=_contract_crumbs(contract, title),
        **extra,
    )


@staff_required(PERM_CHANGE)
def contract_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_action(
        request,
        pk,
        FileForm,
        lambda c, data: services.contract_file(by=request.user, contract=c, **data),
        title=_("Filing with the labour bureau"),
        done=_("The filing was recorded."),
        submit=_("Save"),
    )


@staff_required(PERM_CHANGE)
def contract_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_action(
        request,
        pk,
        TerminateForm,
        lambda c, data: services.contract_terminate(by=request.user, contract=c, **data),
        title=_("Terminate the contract"),
        done=_("The contract was terminated."),
        submit=_("Terminate"),
        danger=True,
        intro=_("The contract is no longer in force from the termination date. Its record stays."),
    )


@staff_required(PERM_CHANGE)
def check_create(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    return _contract_action(
        request,
        pk,
        CheckForm,
        lambda c, data: services.fulfilment_check_record(by=request.user, contract=c, **data),
        title=_("Record a fulfilment check"),
        done=_("The check was recorded."),
        submit=_("Save"),
        form_kwargs={"initial": {"year": today.year, "checked_on": today}},
    )


@require_safe
@staff_required(PERM_VIEW)
def uncovered(request: HttpRequest) -> HttpResponse:
    on = _date_param(request, "on") or timezone.localdate()
    org = _int_param(request, "org")
    try:
        rows = queries.uncovered_enterprises(request.user, on=on, org=org)
    except NotFound:
        raise Http404 from None
    context = {
        "page": paginate(request, rows),
        "on": on,
        "org": org,
        "orgs": _org_options(request.user),
        "can_create": has_perm(request.user, PERM_CHANGE),
        "breadcrumbs": _contract_crumbs(label=_("Enterprises without a contract in force")),
    }
    return render(request, "bargaining/uncovered.html", context)


@require_safe
@staff_required(PERM_VIEW)
def expiring(request: HttpRequest) -> HttpResponse:
    on = _date_param(request, "on") or timezone.localdate()
    days = _int_param(request, "days", queries.EXPIRY_DAYS)
    org = _int_param(request, "org")
    try:
        rows = queries.expiring(request.user, on=on, days=days, org=org)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        days, rows = queries.EXPIRY_DAYS, queries.expiring(request.user, on=on, org=org)
    context = {
        "page": paginate(request, rows),
        "on": on,
        "days": days,
        "org": org,
        "orgs": _org_options(request.user),
        "breadcrumbs": _contract_crumbs(label=_("Contracts to renew")),
    }
    return render(request, "bargaining/expiring.html", context)


def _org_options(user: Any) -> Any:
    from gonghui.orgs import queries as org_queries

    return org_queries.organisations(user, PERM_VIEW).exclude(kind="group")


# --- openness --------------------------------------------------------------------------------------


@require_safe
@staff_required(PERM_VIEW)
def openness_list(request: HttpRequest) -> HttpResponse:
    filters = OpennessFilter(
        request.GET or None, queryset=queries.openness_records(request.user), user=request.user
    )
    try:
        rows = queries.openness_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.openness_records(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "can_change": has_perm(request.user, PERM_CHANGE),
        "breadcrumbs": _crumbs((_("Openness records"), "")),
    }
    return render(request, "bargaining/openness_list.html", context)


@staff_required(PERM_CHANGE)
def openness_entry(request: HttpRequest) -> HttpResponse:
    """The sheet of a year: every enterprise with a union in the chosen subtree, marked yes / no / unknown."""
    source = request.POST if request.method == "POST" else request.GET
    head = OpennessEntryForm(source or None, user=request.user)
    year = timezone.localdate().year
    org = None
    if head.is_valid():
        year, org = head.cleaned_data["year"], head.cleaned_data["org"]
    try:
        sheet = queries.openness_sheet(request.user, year=year, org=org)
    except NotFound:
        raise Http404 from None
    if request.method == "POST" and head.is_valid():
        entries = _openness_entries(request, sheet, head.cleaned_data)
        if not entries:
            messages.warning(request, _("Nothing to save: mark at least one enterprise."))
        else:
            try:
                saved = services.openness_record_many(by=request.user, year=year, entries=entries)
            except NotFound:
                raise Http404 from None
            except DomainError as exc:
                exc.add_to_form(head)
            else:
                messages.success(request, _("%(n)s records saved.") % {"n": len(saved)})
                query = f"year={year}" + (f"&org={org.pk}" if org else "")
                return redirect(f"{reverse('bargaining:openness_entry')}?{query}")
    rows = [
        {
            "enterprise": e,
            "record": r,
            "value": request.POST.get(f"p{e.pk}", "") if request.method == "POST" else _sheet_value(r),
        }
        for e, r in sheet
    ]
    context = {
        "head": head,
        "rows": rows,
        "year": year,
        "methods": OpennessMethod.choices,
        "breadcrumbs": _crumbs(
            (_("Openness records"), reverse("bargaining:openness")), (_("Entry for a year"), "")
        ),
    }
    return render(request, "bargaining/openness_entry.html", context)


def _sheet_value(record: Any) -> str:
    if record is None:
        return ""
    return "1" if record.practising else "0"


def _openness_entries(request: HttpRequest, sheet: list[Any], head: dict[str, Any]) -> list[dict[str, Any]]:
    """The marked rows: "1" practising, "0" not; unmarked rows are left as they are."""
    entries = []
    for enterprise, record in sheet:
        value = request.POST.get(f"p{enterprise.pk}", "")
        if value not in ("0", "1") or value == _sheet_value(record):
            continue
        practising = value == "1"
        methods = head["methods"] if practising else []
        if practising and not methods and record is not None:
            methods = record.methods
        entries.append(
            {
                "enterprise": enterprise,
                "practising": practising,
                "methods": methods,
                "items": head["items"] or (record.items if record else ""),
            }
        )
    return entries


# --- surveys ---------------------------------------------------------------------------------------


def _survey_crumbs(survey: SatisfactionSurvey | None = None, label: str = "") -> list[tuple[str, str]]:
    pairs = [(_("Satisfaction surveys"), reverse("bargaining:surveys"))]
    if survey is not None:
        pairs.append((survey.title, reverse("bargaining:survey", args=[survey.pk]) if label else ""))
    if label:
        pairs.append((label, ""))
    return _crumbs(*pairs)


@require_safe
@staff_required(PERM_VIEW)
def survey_list(request: HttpRequest) -> HttpResponse:
    filters = SurveyFilter(request.GET or None, queryset=queries.surveys(request.user), user=request.user)
    try:
        rows = queries.survey_list(request.user, request.GET)
    except DomainError as exc:
        exc.add_to_form(filters.form)
        rows = queries.surveys(request.user).none()
    context = {
        "filter": filters,
        "page": paginate(request, rows),
        "can_create": has_perm(request.user, PERM_CHANGE),
        "breadcrumbs": _crumbs((_("Satisfaction surveys"), "")),
    }
    return render(request, "bargaining/survey_list.html", context)


@staff_required(PERM_CHANGE)
def survey_create(request: HttpRequest) -> HttpResponse:
    initial = {"org": own_org_initial(request.user), "year": timezone.localdate().year}
    form = SurveyForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        survey = apply_service(
            request,
            form,
            lambda: services.survey_create(by=request.user, **form.cleaned_data),
            _("The survey is open for answers."),
        )
        if survey:
            return redirect("bargaining:survey", pk=survey.pk)
    title = _("Open a satisfaction survey")
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Open the survey"),
        cancel=reverse("bargaining:surveys"),
        breadcrumbs=_survey_crumbs(label=title),
    )


@staff_required(PERM_VIEW)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Results, and (for whoever may change it) the paper-entry form, posted back here."""
    survey = queries.survey(request.user, pk)
    can_change = has_perm(request.user, PERM_CHANGE, survey.org)
    form = PaperForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        entered = apply_service(
            request,
            form,
            lambda: services.survey_response_enter(
                by=request.user, survey=survey, counts=form.counts(), comment=form.cleaned_data["comment"]
            ),
        )
        if entered:
            messages.success(request, _("%(n)s paper answers entered.") % {"n": entered})
            return redirect("bargaining:survey", pk=survey.pk)
    context = {
        "s": survey,
        "results": queries.survey_results(survey),
        "form": form,
        "can_change": can_change and survey.is_open,
        "answer_url": request.build_absolute_uri(reverse("bargaining:answer", args=[survey.public_code])),
        "breadcrumbs": _survey_crumbs(survey),
    }
    return render(request, "bargaining/survey_detail.html", context)


@require_POST
@staff_required(PERM_CHANGE)
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = queries.survey(request.user, pk)
    try:
        services.survey_close(by=request.user, survey=survey)
    except Conflict as exc:
        messages.warning(request, exc.message)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The survey is closed."))
    return redirect("bargaining:survey", pk=survey.pk)


# --- answering online (public) ---------------------------------------------------------------------


def answer_code(request: HttpRequest) -> HttpResponse:
    """Where a worker types the code printed on the questionnaire."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        return redirect("bargaining:answer", code=code)
    return render(request, "bargaining/answer_code.html", {"form": form})


_ANSWERED = "bargaining_answered"


def answer(request: HttpRequest, code: str) -> HttpResponse:
    """Answer a survey by its public code, no staff sign-in: once per worker account or browser session."""
    try:
        survey = queries.survey_by_code(code)
    except NotFound:
        raise Http404 from None
    answered = survey.pk in request.session.get(_ANSWERED, [])
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and not answered and survey.is_open and form.is_valid():
        if not request.session.session_key:
            request.session.save()
        try:
            services.survey_answer_online(
                survey=survey,
                user=request.user,
                session_key=request.session.session_key or "",
                **form.cleaned_data,
            )
        except Conflict:
            answered = True
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            answered = True
            request.session[_ANSWERED] = [*request.session.get(_ANSWERED, []), survey.pk]
            return render(request, "bargaining/answer.html", {"survey": survey, "thanks": True})
    context = {"survey": survey, "form": form, "answered": answered}
    return render(request, "bargaining/answer.html", context)


# --- figures ---------------------------------------------------------------------------------------


@require_safe
@staff_required(PERM_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    from gonghui.insight.kpis.bargaining import all_figures

    form = FiguresForm(request.GET or None, user=request.user)
    year, org = timezone.localdate().year, None
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        org = form.cleaned_data["org"]
    results = all_figures(request.user, org=org, year=year)
    query = f"year={year}" + (f"&org={org.pk}" if org else "")
    context = {
        "form": form,
        "year": year,
        "org": org,
        "figures": [(key, figure) for key, figure in results.items()],
        "query": query,
        "breadcrumbs": _crumbs((_("Bargaining figures"), "")),
    }
    return render(request, "bargaining/figures.html", context)


_PARTS = {"numerator": "numerator_records", "denominator": "denominator_records"}


@require_safe
@staff_required(PERM_VIEW)
def figure_records(request: HttpRequest, key: str, part: str) -> HttpResponse:
    """The records behind one term of a figure, so the number can be checked by hand."""
    from gonghui.insight.kpis.bargaining import FIGURES

    if key not in FIGURES or part not in _PARTS:
        raise Http404
    year = _int_param(request, "year", timezone.localdate().year)
    if not 1990 <= (year or 0) <= 2100:
        raise Http404
    try:
        figure = FIGURES[key](request.user, org=_int_param(request, "org"), on=year)
    except NotFound:
        raise Http404 from None
    records = getattr(figure, _PARTS[part])
    kind = {"signing_rate": "enterprise", "openness_rate": "enterprise", "fulfilment_rate": "contract"}.get(
        key, "answer"
    )
    if kind == "answer":
        records = records.select_related("survey")
    elif kind == "contract":
        records = records.prefetch_related("checks")
    context = {
        "figure": figure,
        "part": part,
        "kind": kind,
        "year": year,
        "page": paginate(request, records, per_page=50),
        "total": figure.numerator if part == "numerator" else figure.denominator,
        "back": f"{reverse('bargaining:figures')}?{request.GET.urlencode()}",
        "breadcrumbs": _crumbs(
            (_("Bargaining figures"), f"{reverse('bargaining:figures')}?{request.GET.urlencode()}"),
            (str(figure.label), ""),
        ),
    }
    return render(request, "bargaining/figure_records.html", context)
