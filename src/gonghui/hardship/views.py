"""The hardship staff pages: thin adapters over hardship.queries and hardship.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gonghui.accounts.scoping import get_visible, has_perm
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.hardship import documents, queries, services, supervision
from gonghui.hardship.filters import AidFilter, FileFilter
from gonghui.hardship.forms import AidForm, EvidenceForm, FileForm, ReceiptForm
from gonghui.hardship.models import AidApplication, HardshipFile
from gonghui.hardship.perms import HARDSHIP_APPROVE, HARDSHIP_CHANGE, HARDSHIP_DISBURSE, HARDSHIP_VIEW

S = HardshipFile.Status
A = AidApplication.Status


def _person(request: HttpRequest, pk: Any) -> Any:
    from gonghui.people.models import Person

    try:
        return get_visible(request.user, Person.objects.all(), "people.view", pk=int(pk))
    except (NotFound, TypeError, ValueError):
        raise Http404 from None


def _crumbs(*extra: tuple[Any, str]) -> list[tuple[Any, str]]:
    return [(_("Hardship files"), reverse("hardship:files")), *extra]


@staff_required(HARDSHIP_VIEW)
def file_list(request: HttpRequest) -> HttpResponse:
    flt = FileFilter(request.GET, queryset=queries.files(request.user), user=request.user)
    page = paginate(request, flt.qs.order_by("-pk"))
    return render(
        request,
        "hardship/file_list.html",
        {
            "filter": flt,
            "page": page,
            "title": _("Hardship files"),
            "breadcrumbs": _crumbs(),
            "today": timezone.localdate(),
        },
    )


@staff_required(HARDSHIP_VIEW)
def review_due(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.annual_due(request.user, within_days=30))
    return render(
        request,
        "hardship/file_list.html",
        {
            "page": page,
            "title": _("Annual reviews due and overdue"),
            "breadcrumbs": _crumbs(),
            "today": timezone.localdate(),
        },
    )


def _file_actions(user: Any, row: HardshipFile) -> list[str]:
    """The lifecycle buttons this reader may press on this file (only the allowed transitions)."""
    if not has_perm(user, HARDSHIP_CHANGE, row.org):
        return []
    nexts = {to for (frm, to) in services.FILE_TRANSITIONS if frm == row.status}
    verbs = []
    if S.TOWNSHIP_REVIEW in nexts:
        verbs.append("submit")
    if row.status == S.TOWNSHIP_REVIEW or (
        row.status == S.FEDERATION_APPROVAL
        and has_perm(user, HARDSHIP_APPROVE, services.org_chain(row.org)[-1])
    ):
        verbs.append("approve")
    if row.status == S.ACTIVE:
        verbs += ["review", "lift"]
    if S.CANCELLED in nexts:
        verbs.append("cancel")
    return verbs


@staff_required(HARDSHIP_VIEW)
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.file(request.user, pk)
    return render(
        request,
        "hardship/file_detail.html",
        {
            "file": row,
            "live": queries.live_income(row),
            "overdue": queries.is_overdue(row),
            "events": row.events.select_related("by"),
            "evidence": row.evidence.all(),
            "aid": queries.applications(request.user).filter(file=row),
            "actions": _file_actions(request.user, row),
            "can_change": has_perm(request.user, HARDSHIP_CHANGE, row.org)
            and row.status in HardshipFile.OPEN,
            "categories": HardshipFile._meta.get_field("category").choices,
            "cancel_reasons": HardshipFile.CancelReason.choices,
            "evidence_form": EvidenceForm(),
            "breadcrumbs": _crumbs((str(row), "")),
        },
    )


@staff_required(HARDSHIP_CHANGE)
def file_create(request: HttpRequest) -> HttpResponse:
    person = _person(request, request.GET.get("person") or request.POST.get("person"))
    form = FileForm(request.POST or None, initial={"person": person.pk})
    if request.method == "POST":
        row = apply_service(
            request,
            form,
            lambda: services.file_create(
                by=request.user,
                person=person,
                causes=form.cleaned_data["causes"],
                situation=form.cleaned_data["situation"],
                category=form.cleaned_data["category"],
                category_reason=form.cleaned_data["category_reason"],
            ),
            _("The file was opened."),
        )
        if row is not None:
            return redirect("hardship:file", row.pk)
    return render(
        request,
        "hardship/form.html",
        {
            "form": form,
            "title": _("Open a hardship file"),
            "subject": person.name,
            "submit": _("Open the file"),
            "cancel": reverse("hardship:files"),
            "breadcrumbs": _crumbs((_("Open a hardship file"), "")),
        },
    )


_FILE_VERBS = {
    "submit": lambda r, f, p: services.file_submit_review(by=r.user, file=f, note=p.get("note", "")),
    "approve": lambda r, f, p: services.file_approve(by=r.user, file=f, note=p.get("note", "")),
    "review": lambda r, f, p: services.file_review_annual(
        by=r.user,
        file=f,
        note=p.get("note", ""),
        category=p.get("category", ""),
        category_reason=p.get("category_reason", ""),
    ),
    "lift": lambda r, f, p: services.file_lift(by=r.user, file=f, reason=p.get("reason", "")),
    "cancel": lambda r, f, p: services.file_cancel(
        by=r.user, file=f, reason=p.get("reason", ""), note=p.get("note", "")
    ),
    "category": lambda r, f, p: services.file_confirm_category(
        by=r.user, file=f, category=p.get("category", ""), reason=p.get("category_reason", "")
    ),
}


def _run(request: HttpRequest, action: Any, done: Any) -> bool:
    """Run a service for a button: its refusal or ``done`` as a message; whether it succeeded."""
    try:
        action()
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, force_str(exc.message))
        return False
    messages.success(request, done)
    return True


@require_POST
@staff_required(HARDSHIP_VIEW)
def file_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    row = queries.file(request.user, pk)
    if verb == "evidence":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            _run(
                request,
                lambda: services.file_add_evidence(by=request.user, file=row, **form.cleaned_data),
                _("The evidence was attached."),
            )
        return redirect("hardship:file", pk)
    if verb not in _FILE_VERBS:
        raise Http404
    _run(request, lambda: _FILE_VERBS[verb](request, row, request.POST), _("Done."))
    return redirect("hardship:file", pk)


@staff_required(HARDSHIP_VIEW)
def evidence_download(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    row = queries.file(request.user, pk)
    item = row.evidence.filter(pk=evidence_id).first()
    if item is None:
        raise Http404
    return FileResponse(item.attachment.open("rb"), as_attachment=True)


# --- aid --------------------------------------------------------------------------------------------


def _aid_crumbs(*extra: tuple[Any, str]) -> list[tuple[Any, str]]:
    return [(_("Aid applications"), reverse("hardship:aid")), *extra]


@staff_required(HARDSHIP_VIEW)
def aid_list(request: HttpRequest) -> HttpResponse:
    flt = AidFilter(request.GET, queryset=queries.applications(request.user), user=request.user)
    page = paginate(request, flt.qs)
    return render(
        request,
        "hardship/aid_list.html",
        {"filter": flt, "page": page, "title": _("Aid applications"), "breadcrumbs": _aid_crumbs()},
    )


@staff_required(HARDSHIP_VIEW)
def aid_export(request: HttpRequest) -> HttpResponse:
    from gonghui.core.exports import xlsx_response
    from gonghui.hardship.exports import aid_xlsx

    flt = AidFilter(request.GET, queryset=queries.applications(request.user), user=request.user)
    return xlsx_response(aid_xlsx(request.user, flt.qs[:20000]), "aid-applications")


@staff_required(HARDSHIP_VIEW)
def aid_queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.review_queue(request.user))
    return render(
        request,
        "hardship/aid_list.html",
        {"page": page, "queue": True, "title": _("Review queue"), "breadcrumbs": _aid_crumbs()},
    )


def _aid_actions(user: Any, row: AidApplication) -> list[str]:
    verbs = []
    if row.status == A.APPLIED and has_perm(user, HARDSHIP_CHANGE, row.org):
        verbs.append("review")
    if row.status == A.IN_REVIEW and has_perm(user, HARDSHIP_APPROVE, row.org):
        verbs.append("approve")
    if row.status in AidApplication.WAITING and has_perm(user, HARDSHIP_APPROVE, row.org):
        verbs.append("reject")
    if (
        row.status == A.APPROVED
        and row.aid_type not in services.NO_MONEY
        and has_perm(user, HARDSHIP_DISBURSE, row.org)
        and not (services.separation_required(row.org) and row.decided_by_id == user.pk)
    ):
        verbs.append("disburse")
    if row.status == A.DISBURSED and has_perm(user, HARDSHIP_DISBURSE, row.org):
        verbs.append("reverse")
    return verbs


@staff_required(HARDSHIP_VIEW)
def aid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.application(request.user, pk)
    return render(
        request,
        "hardship/aid_detail.html",
        {
            "aid": row,
            "waiting": queries.waiting(row),
            "same_day": queries.decided_same_day(row),
            "actions": _aid_actions(request.user, row),
            "funds": _funds(request.user),
            "receipt_form": ReceiptForm(),
            "can_receipt": row.status in (A.APPROVED, A.DISBURSED),
            "breadcrumbs": _aid_crumbs((str(row), "")),
        },
    )


def _funds(user: Any) -> Any:
    from gonghui.accounts.scoping import visible_to
    from gonghui.funds.models import Fund

    return visible_to(user, Fund.objects.filter(is_active=True), "funds.view").order_by("org__path", "name")


@staff_required(HARDSHIP_CHANGE)
def aid_create(request: HttpRequest) -> HttpResponse:
    from gonghui.people.models import HouseholdMember

    person = _person(request, request.GET.get("person") or request.POST.get("person"))
    household = services._household(person)
    members = HouseholdMember.objects.filter(household=household).exclude(school_level="")
    form = AidForm(
        request.POST or None, initial={"person": person.pk}, members=members, funds=_funds(request.user)
    )
    if request.method == "POST":
        row = apply_service(
            request,
            form,
            lambda: services.aid_apply(
                by=request.user,
                person=person,
                aid_type=form.cleaned_data["aid_type"],
                amount_requested=form.cleaned_data["amount_requested"],
                member=form.cleaned_data["member"],
                fund=form.cleaned_data["fund"],
                reason=form.cleaned_data["reason"],
                file=HardshipFile.objects.filter(person=person, status=S.ACTIVE).first(),
            ),
            _("The application was recorded."),
        )
        if row is not None:
            return redirect("hardship:aid_detail", row.pk)
    return render(
        request,
        "hardship/form.html",
        {
            "form": form,
            "title": _("Apply for aid"),
            "subject": person.name,
            "submit": _("Record the application"),
            "cancel": reverse("hardship:aid"),
            "breadcrumbs": _aid_crumbs((_("Apply for aid"), "")),
        },
    )


def _fund_of(request: HttpRequest) -> Any:
    pk = request.POST.get("fund")
    return _funds(request.user).filter(pk=pk).first() if pk else None


_AID_VERBS = {
    "review": lambda r, a: services.aid_review(by=r.user, aid=a, note=r.POST.get("note", "")),
    "approve": lambda r, a: services.aid_approve(
        by=r.user, aid=a, amount=r.POST.get("amount") or None, fund=_fund_of(r), note=r.POST.get("note", "")
    ),
    "reject": lambda r, a: services.aid_reject(by=r.user, aid=a, reason=r.POST.get("reason", "")),
    "disburse": lambda r, a: services.aid_disburse(
        by=r.user,
        aid=a,
        fund=_fund_of(r),
        reference=r.POST.get("reference", ""),
        receipt=r.FILES.get("receipt"),
        bank_account=r.POST.get("bank_account", ""),
    ),
    "reverse": lambda r, a: services.aid_reverse(by=r.user, aid=a, reason=r.POST.get("reason", "")),
    "receipt": lambda r, a: services.aid_attach_receipt(by=r.user, aid=a, receipt=r.FILES.get("receipt")),
}


@require_POST
@staff_required(HARDSHIP_VIEW)
def aid_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    row = queries.application(request.user, pk)
    if verb not in _AID_VERBS:
        raise Http404
    _run(request, lambda: _AID_VERBS[verb](request, row), _("Done."))
    return redirect("hardship:aid_detail", pk)


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@staff_required(HARDSHIP_VIEW)
def aid_form_docx(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.application(request.user, pk)
    return _docx(documents.approval_form(row), f"aid-{row.pk}-approval")


@staff_required(HARDSHIP_VIEW)
def aid_receipt_docx(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.application(request.user, pk)
    return _docx(documents.receipt(row), f"aid-{row.pk}-receipt")


@staff_required(HARDSHIP_VIEW)
def aid_receipt_download(request: HttpRequest, pk: int) -> FileResponse:
    row = queries.application(request.user, pk)
    if not row.receipt:
        raise Http404
    return FileResponse(row.receipt.open("rb"), as_attachment=True)


@staff_required(HARDSHIP_VIEW)
def aid_ledger(request: HttpRequest) -> HttpResponse:
    """The help ledger (帮扶台帐) of the aid paid in the reader's scope, as xlsx."""
    from gonghui.core.exports import xlsx_response
    from gonghui.hardship.ledger import ledger_xlsx

    return xlsx_response(ledger_xlsx(request.user, request.GET), "help-ledger")


# --- supervision (廉洁监督) ----------------------------------------------------------------------------


def _supervision_params(request: HttpRequest) -> tuple[int | None, int | None]:
    def number(key: str) -> int | None:
        value = request.GET.get(key, "").strip()
        return int(value) if value.isdigit() else None

    return number("year"), number("days")


@staff_required(supervision.SUPERVISE)
def supervision_report(request: HttpRequest) -> HttpResponse:
    year, days = _supervision_params(request)
    try:
        findings = supervision.report(request.user, year=year, days=days)
    except DomainError as exc:
        messages.error(request, exc.message)
        findings, year, days = [], None, None
    by_kind = [
        (kind, label, [f for f in findings if f.kind == kind]) for kind, label in supervision.KINDS.items()
    ]
    return render(
        request,
        "hardship/supervision.html",
        {
            "title": _("Supervision report"),
            "by_kind": by_kind,
            "count": len(findings),
            "year": year or "",
            "days": supervision.receipt_days() if days is None else days,
            "breadcrumbs": [(_("Supervision report"), "")],
        },
    )


@staff_required(supervision.SUPERVISE)
def supervision_export(request: HttpRequest) -> HttpResponse:
    from gonghui.core.exports import xlsx_response

    year, days = _supervision_params(request)
    try:
        findings = supervision.report(request.user, year=year, days=days)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("hardship:supervision")
    return xlsx_response(supervision.report_xlsx(request.user, findings, request.GET), "supervision")


# --- aid rules and minimum-living standards (federation administrators) -----------------------------


def _admin_required(request: HttpRequest) -> None:
    from django.core.exceptions import PermissionDenied as Forbidden

    from gonghui.accounts.scoping import is_federation_admin

    if not is_federation_admin(request.user):
        raise Forbidden


def _rule_crumbs(*extra: tuple[Any, str]) -> list[tuple[Any, str]]:
    return [(_("Aid rules"), reverse("hardship:rules")), *extra]


@staff_required(HARDSHIP_VIEW)
def rule_list(request: HttpRequest) -> HttpResponse:
    from gonghui.accounts.scoping import is_federation_admin

    year = request.GET.get("year", "").strip()
    rows = queries.rules(request.user).order_by("-year", "aid_type", "org__path")
    if year.isdigit():
        rows = rows.filter(year=int(year))
    return render(
        request,
        "hardship/rule_list.html",
        {
            "title": _("Aid rules"),
            "rules": rows,
            "standards": queries.standards(),
            "year": year,
            "can_edit": is_federation_admin(request.user),
            "breadcrumbs": _rule_crumbs(),
        },
    )


def _rule_initial(rule: Any) -> dict[str, Any]:
    initial = {
        f: getattr(rule, f)
        for f in ("aid_type", "year", "standard_amount", "cap_person", "cap_household", "cadre_limit")
    }
    initial["org"] = rule.org_id
    for level, amount in (rule.level_amounts or {}).items():
        initial[f"level_{level}"] = amount
    return initial


@staff_required(HARDSHIP_VIEW)
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change an aid rule (federation administrators only)."""
    from gonghui.hardship import configuration
    from gonghui.hardship.forms import RuleForm
    from gonghui.orgs.models import Organisation

    _admin_required(request)
    rule = queries.rules(request.user).filter(pk=pk).first() if pk else None
    if pk and rule is None:
        raise Http404
    orgs = Organisation.objects.filter(kind__in=configuration.RULE_ORG_KINDS).order_by("path")
    form = RuleForm(request.POST or None, orgs=orgs, initial=_rule_initial(rule) if rule else {})
    if request.method == "POST":
        saved = apply_service(
            request,
            form,
            lambda: configuration.rule_save(
                by=request.user,
                org=form.cleaned_data["org"],
                aid_type=form.cleaned_data["aid_type"],
                year=form.cleaned_data["year"],
                standard_amount=form.cleaned_data["standard_amount"],
                level_amounts=form.levels(),
                cap_person=form.cleaned_data["cap_person"],
                cap_household=form.cleaned_data["cap_household"],
                cadre_limit=form.cleaned_data["cadre_limit"],
                rule=rule,
            ),
            _("The aid rule was saved."),
        )
        if saved is not None:
            return redirect(reverse("hardship:rules") + f"?year={saved.year}")
    title = _("Change the aid rule") if rule else _("New aid rule")
    return render(
        request,
        "hardship/form.html",
        {
            "form": form,
            "title": title,
            "subject": str(rule) if rule else "",
            "submit": _("Save"),
            "cancel": reverse("hardship:rules"),
            "breadcrumbs": _rule_crumbs((title, "")),
        },
    )


@staff_required(HARDSHIP_VIEW)
def standard_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a minimum-living standard (federation administrators only)."""
    from gonghui.hardship import configuration
    from gonghui.hardship.forms import StandardForm

    _admin_required(request)
    row = queries.standards().filter(pk=pk).first() if pk else None
    if pk and row is None:
        raise Http404
    initial = (
        {"region": row.region_id, "year": row.year, "urban": row.urban, "rural": row.rural} if row else {}
    )
    form = StandardForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = apply_service(
            request,
            form,
            lambda: configuration.standard_save(
                by=request.user,
                region=form.cleaned_data["region"],
                year=form.cleaned_data["year"],
                urban=form.cleaned_data["urban"],
                rural=form.cleaned_data["rural"],
                standard=row,
            ),
            _("The minimum-living standard was saved."),
        )
        if saved is not None:
            return redirect(reverse("hardship:rules") + "#standards")
    title = _("Change the minimum-living standard") if row else _("New minimum-living standard")
    return render(
        request,
        "hardship/form.html",
        {
            "form": form,
            "title": title,
            "subject": str(row) if row else "",
            "submit": _("Save"),
            "cancel": reverse("hardship:rules"),
            "breadcrumbs": _rule_crumbs((title, "")),
        },
    )


# --- wishes (微心愿) ------------------------------------------------------------------------------------


def _wish_crumbs(*extra: tuple[Any, str]) -> list[tuple[Any, str]]:
    return [(_("Wishes"), reverse("hardship:wishes")), *extra]


@staff_required(HARDSHIP_VIEW)
def wish_list(request: HttpRequest) -> HttpResponse:
    from gonghui.hardship import wish_queries
    from gonghui.hardship.models import Wish

    page = paginate(request, wish_queries.wish_list(request.user, request.GET))
    counts = wish_queries.counts_by_status(request.user)
    return render(
        request,
        "hardship/wish_list.html",
        {
            "page": page,
            "title": _("Wishes"),
            "statuses": [(v, label, counts.get(v, 0)) for v, label in Wish.Status.choices],
            "kinds": Wish.Kind.choices,
            "can_change": has_perm(request.user, HARDSHIP_CHANGE),
            "breadcrumbs": _wish_crumbs(),
        },
    )


@staff_required(HARDSHIP_CHANGE)
def wish_create(request: HttpRequest) -> HttpResponse:
    from gonghui.accounts.scoping import visible_orgs
    from gonghui.hardship import wishes
    from gonghui.hardship.forms import WishForm

    orgs = visible_orgs(request.user, HARDSHIP_CHANGE).exclude(kind="group").order_by("path")
    form = WishForm(request.POST or None, orgs=orgs)
    if request.method == "POST":
        row = apply_service(
            request,
            form,
            lambda: wishes.wish_create(
                by=request.user,
                org=form.cleaned_data["org"],
                kind=form.cleaned_data["kind"],
                display_name=form.cleaned_data["display_name"],
                item=form.cleaned_data["item"],
                story=form.cleaned_data["story"],
                amount=form.cleaned_data["amount"],
            ),
            _("The wish was recorded as a draft."),
        )
        if row is not None:
            return redirect("hardship:wish", row.pk)
    return render(
        request,
        "hardship/form.html",
        {
            "form": form,
            "title": _("Record a wish"),
            "submit": _("Save as draft"),
            "cancel": reverse("hardship:wishes"),
            "breadcrumbs": _wish_crumbs((_("Record a wish"), "")),
        },
    )


def _wish_actions(user: Any, row: Any) -> list[str]:
    from gonghui.hardship.wishes import WISH_TRANSITIONS

    if not has_perm(user, HARDSHIP_CHANGE, row.org):
        return []
    return sorted({verb for (frm, _to), verb in WISH_TRANSITIONS.items() if frm == row.status})


@staff_required(HARDSHIP_VIEW)
def wish_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from gonghui.core.masking import mask_name
    from gonghui.hardship import wish_queries

    row = wish_queries.wish(request.user, pk)
    actions = _wish_actions(request.user, row)
    return render(
        request,
        "hardship/wish_detail.html",
        {
            "wish": row,
            "person": mask_name(row.person.name) if row.person_id else "",
            "actions": actions,
            "enterprises": wish_queries.donor_enterprises(request.user)[:500] if "claim" in actions else [],
            "breadcrumbs": _wish_crumbs((str(row.display_name), "")),
        },
    )


def _donor_person(request: HttpRequest) -> Any:
    value = request.POST.get("donor_person", "").strip()
    return _person(request, value) if value else None


def _donor_enterprise(request: HttpRequest) -> Any:
    from gonghui.enterprises.models import Enterprise

    value = request.POST.get("donor_enterprise", "").strip()
    return Enterprise.objects.filter(pk=value).first() if value.isdigit() else None


@require_POST
@staff_required(HARDSHIP_VIEW)
def wish_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    from gonghui.hardship import wish_queries, wishes

    row = wish_queries.wish(request.user, pk)
    verbs = {
        "publish": lambda: wishes.wish_publish(by=request.user, wish=row),
        "claim": lambda: wishes.wish_claim(
            by=request.user,
            wish=row,
            donor_person=_donor_person(request),
            donor_enterprise=_donor_enterprise(request),
        ),
        "fulfil": lambda: wishes.wish_fulfil(
            by=request.user, wish=row, proof=request.FILES.get("proof"), note=request.POST.get("note", "")
        ),
        "withdraw": lambda: wishes.wish_withdraw(
            by=request.user, wish=row, reason=request.POST.get("reason", "")
        ),
    }
    if verb not in verbs:
        raise Http404
    _run(request, verbs[verb], _("Done."))
    return redirect("hardship:wish", pk)


@staff_required(HARDSHIP_VIEW)
def wish_proof(request: HttpRequest, pk: int) -> FileResponse:
    from gonghui.hardship import wish_queries

    row = wish_queries.wish(request.user, pk)
    if not row.proof:
        raise Http404
    return FileResponse(row.proof.open("rb"), as_attachment=True)


@staff_required(HARDSHIP_VIEW)
def wish_relay(request: HttpRequest) -> HttpResponse:
    """接力圆梦: which enterprises fulfilled which wishes, with counts per year."""
    from gonghui.hardship import wish_queries

    year = request.GET.get("year", "").strip()
    try:
        rows = wish_queries.relay(request.user, int(year) if year.isdigit() else None)
    except DomainError as exc:
        messages.error(request, exc.message)
        rows = wish_queries.relay(request.user)
    years = sorted({y for r in rows for y in r.by_year})
    return render(
        request,
        "hardship/wish_relay.html",
        {
            "title": _("Wish relay"),
            "rows": [(r, [r.by_year.get(y, "") for y in years]) for r in rows],
            "years": years,
            "year": year,
            "total": sum(r.total for r in rows),
            "breadcrumbs": _wish_crumbs((_("Wish relay"), "")),
        },
    )
