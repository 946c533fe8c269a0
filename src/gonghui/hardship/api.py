"""/api/v1/hardship-files/, /aid-applications/, /supervision/, /wishes/: thin adapters.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
A state change is ``POST /<resource>/{id}/<verb>``; an illegal move answers 409 and changes nothing.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.errors import DomainError, NotFound
from gonghui.hardship import documents, queries, services
from gonghui.hardship.models import AidApplication, HardshipFile
from gonghui.hardship.perms import HARDSHIP_CHANGE, HARDSHIP_VIEW

files = Router(tags=["hardship files"])
aid = Router(tags=["aid applications"])


class FileOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    household: int | None = Field(None, alias="household_id")
    status: str
    causes: list[str] = Field(..., alias="cause_list")
    situation: str
    suggested_category: str
    category: str
    category_reason: str
    per_capita_income: Decimal | None
    live_per_capita_income: Decimal | None = None
    household_size: int
    standard: Decimal | None
    assessed_on: datetime.date | None
    applied_on: datetime.date
    approved_on: datetime.date | None
    review_due_on: datetime.date | None
    review_overdue: bool = False
    reviewed_on: datetime.date | None
    closed_on: datetime.date | None
    close_reason: str
    cancel_reason: str

    @staticmethod
    def resolve_review_overdue(obj: HardshipFile) -> bool:
        return queries.is_overdue(obj)

    @staticmethod
    def resolve_live_per_capita_income(obj: HardshipFile) -> Decimal | None:
        return queries.live_income(obj).per_capita


class FileFilterIn(Schema):
    q: str = ""
    status: str = ""
    category: str = ""
    cause: str = ""
    overdue: bool | None = None
    org: int | None = None


class FileIn(Schema):
    person: int
    causes: list[str]
    org: int | None = None
    situation: str = ""
    category: str = ""
    category_reason: str = ""
    applied_on: datetime.date | None = None


class FilePatchIn(Schema):
    category: str
    category_reason: str = ""


class NoteIn(Schema):
    note: str = ""


class ReviewIn(Schema):
    note: str = ""
    category: str = ""
    category_reason: str = ""


class ReasonIn(Schema):
    reason: str


class CancelIn(Schema):
    reason: str
    note: str = ""


class AidOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    household: int | None = Field(None, alias="household_id")
    file: int | None = Field(None, alias="file_id")
    aid_type: str
    year: int
    member: int | None = Field(None, alias="member_id")
    school_level: str
    reason: str
    amount_requested: Decimal
    amount_approved: Decimal | None
    fund: int | None = Field(None, alias="fund_id")
    status: str
    applied_at: datetime.datetime
    reviewed_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    disbursed_at: datetime.datetime | None
    reversed_at: datetime.datetime | None
    waiting_seconds: int
    decided_same_day: bool | None
    reject_reason: str
    reverse_reason: str
    ledger_entry: int | None = Field(None, alias="ledger_entry_id")
    has_receipt: bool

    @staticmethod
    def resolve_waiting_seconds(obj: AidApplication) -> int:
        return int(queries.waiting(obj).total_seconds())

    @staticmethod
    def resolve_decided_same_day(obj: AidApplication) -> bool | None:
        return queries.decided_same_day(obj)

    @staticmethod
    def resolve_has_receipt(obj: AidApplication) -> bool:
        return bool(obj.receipt)


class AidFilterIn(Schema):
    q: str = ""
    status: str = ""
    aid_type: str = ""
    year: int | None = None
    person: int | None = None
    org: int | None = None


class AidIn(Schema):
    person: int
    aid_type: str
    amount_requested: Decimal | None = None
    org: int | None = None
    file: int | None = None
    member: int | None = None
    school_level: str = ""
    reason: str = ""
    fund: int | None = None


class ApproveIn(Schema):
    amount: Decimal | None = None
    fund: int | None = None
    note: str = ""


class DisburseIn(Schema):
    fund: int | None = None
    reference: str = ""
    bank_account: str = ""


def _params(filters: Schema) -> dict[str, str]:
    params = {}
    for key, value in filters.dict().items():
        if value in (None, ""):
            continue
        params[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return params


def _in_body(lookup: Any, field: str) -> Any:
    try:
        return lookup()
    except NotFound as exc:
        raise DomainError(exc.message, field=field) from None


def _person(request: HttpRequest, pk: int) -> Any:
    from gonghui.accounts.scoping import get_visible
    from gonghui.people.models import Person

    return _in_body(lambda: get_visible(request.user, Person.objects.all(), "people.view", pk=pk), "person")


def _org(request: HttpRequest, pk: int | None) -> Any:
    if pk is None:
        return None
    from gonghui.orgs.queries import organisations

    org = organisations(request.user, HARDSHIP_CHANGE).filter(pk=pk).first()
    if org is None:
        raise DomainError(_("Not found, or outside your scope."), field="org")
    return org


def _fund(request: HttpRequest, pk: int | None) -> Any:
    if pk is None:
        return None
    from gonghui.funds.models import Fund

    fund = Fund.objects.filter(pk=pk).first()
    if fund is None:
        raise DomainError(_("Not found, or outside your scope."), field="fund")
    return fund


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


# --- files -------------------------------------------------------------------------------------------


@files.get(
    "/", response=list[FileOut], summary="Hardship files in your scope (filters: status, category, cause…)"
)
@paginate(LimitOffsetPagination)
def list_files(request: HttpRequest, filters: Query[FileFilterIn]) -> Any:
    return queries.file_list(request.user, _params(filters))


@files.get("/review-due", response=list[FileOut], summary="Active files whose annual review falls due (days)")
def review_due(request: HttpRequest, days: int = 30) -> Any:
    return list(queries.annual_due(request.user, days)[:500])


@files.post("/", response={201: FileOut}, summary="Open a file (org defaults to the person's township)")
def create_file(request: HttpRequest, payload: FileIn) -> Any:
    require(request.user, HARDSHIP_CHANGE)
    row = services.file_create(
        by=request.user,
        person=_person(request, payload.person),
        causes=payload.causes,
        org=_org(request, payload.org),
        situation=payload.situation,
        category=payload.category,
        category_reason=payload.category_reason,
        applied_on=payload.applied_on,
    )
    return Status(201, queries.file(request.user, row.pk))


@files.get("/{int:file_id}", response=FileOut, summary="One file")
def get_file(request: HttpRequest, file_id: int) -> Any:
    return queries.file(request.user, file_id)


@files.patch("/{int:file_id}", response=FileOut, summary="Confirm or override the category (reason required)")
def patch_file(request: HttpRequest, file_id: int, payload: FilePatchIn) -> Any:
    row = queries.file(request.user, file_id)
    services.file_confirm_category(
        by=request.user, file=row, category=payload.category, reason=payload.category_reason
    )
    return queries.file(request.user, file_id)


@files.post("/{int:file_id}/submit", response=FileOut, summary="Send to the township's review")
def submit_file(request: HttpRequest, file_id: int, payload: NoteIn) -> Any:
    services.file_submit_review(by=request.user, file=queries.file(request.user, file_id), note=payload.note)
    return queries.file(request.user, file_id)


@files.post("/{int:file_id}/approve", response=FileOut, summary="Township passes on; federation approves")
def approve_file(request: HttpRequest, file_id: int, payload: NoteIn) -> Any:
    services.file_approve(by=request.user, file=queries.file(request.user, file_id), note=payload.note)
    return queries.file(request.user, file_id)


@files.post("/{int:file_id}/review", response=FileOut, summary="Annual review")
def review_file(request: HttpRequest, file_id: int, payload: ReviewIn) -> Any:
    services.file_review_annual(by=request.user, file=queries.file(request.user, file_id), **payload.dict())
    return queries.file(request.user, file_id)


@files.post("/{int:file_id}/lift", response=FileOut, summary="Lifted out of hardship (reason required)")
def lift_file(request: HttpRequest, file_id: int, payload: ReasonIn) -> Any:
    services.file_lift(by=request.user, file=queries.file(request.user, file_id), reason=payload.reason)
    return queries.file(request.user, file_id)


@files.post("/{int:file_id}/cancel", response=FileOut, summary="Cancel: deceased, moved or false_information")
def cancel_file(request: HttpRequest, file_id: int, payload: CancelIn) -> Any:
    services.file_cancel(
        by=request.user, file=queries.file(request.user, file_id), reason=payload.reason, note=payload.note
    )
    return queries.file(request.user, file_id)


# --- aid applications ----------------------------------------------------------------------------------


@aid.get("/", response=list[AidOut], summary="Aid applications in your scope")
@paginate(LimitOffsetPagination)
def list_aid(request: HttpRequest, filters: Query[AidFilterIn]) -> Any:
    return queries.application_list(request.user, _params(filters))


@aid.get("/queue", response=list[AidOut], summary="Applications waiting for a decision, longest first")
def queue(request: HttpRequest) -> Any:
    return list(queries.review_queue(request.user)[:500])


@aid.post("/", response={201: AidOut}, summary="Record an application")
def create_aid(request: HttpRequest, payload: AidIn) -> Any:
    require(request.user, HARDSHIP_CHANGE)
    member = None
    if payload.member is not None:
        from gonghui.people.models import HouseholdMember

        member = HouseholdMember.objects.filter(pk=payload.member).first()
        if member is None:
            raise DomainError(_("Not found, or outside your scope."), field="member")
    row = services.aid_apply(
        by=request.user,
        person=_person(request, payload.person),
        aid_type=payload.aid_type,
        amount_requested=payload.amount_requested,
        org=_org(request, payload.org),
        file=_in_body(lambda: queries.file(request.user, payload.file), "file") if payload.file else None,
        member=member,
        school_level=payload.school_level,
        reason=payload.reason,
        fund=_fund(request, payload.fund),
    )
    return Status(201, queries.application(request.user, row.pk))


class LedgerFilterIn(Schema):
    year: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    aid_type: str = ""
    org: int | None = None


@aid.get(
    "/ledger.xlsx",
    summary="The help ledger (帮扶台帐): aid paid and campaign grants handed over, with totals",
)
def ledger_xlsx(request: HttpRequest, filters: Query[LedgerFilterIn]) -> HttpResponse:
    from gonghui.core.exports import xlsx_response
    from gonghui.hardship.ledger import ledger_xlsx as write

    require(request.user, HARDSHIP_VIEW)
    return xlsx_response(write(request.user, _params(filters)), "help-ledger")


@aid.get("/{int:aid_id}", response=AidOut, summary="One application")
def get_aid(request: HttpRequest, aid_id: int) -> Any:
    return queries.application(request.user, aid_id)


@aid.post("/{int:aid_id}/review", response=AidOut, summary="Take into review")
def review_aid(request: HttpRequest, aid_id: int, payload: NoteIn) -> Any:
    services.aid_review(by=request.user, aid=queries.application(request.user, aid_id), note=payload.note)
    return queries.application(request.user, aid_id)


@aid.post("/{int:aid_id}/approve", response=AidOut, summary="Approve (within your limit and the caps)")
def approve_aid(request: HttpRequest, aid_id: int, payload: ApproveIn) -> Any:
    services.aid_approve(
        by=request.user,
        aid=queries.application(request.user, aid_id),
        amount=payload.amount,
        fund=_fund(request, payload.fund),
        note=payload.note,
    )
    return queries.application(request.user, aid_id)


@aid.post("/{int:aid_id}/reject", response=AidOut, summary="Reject (reason required)")
def reject_aid(request: HttpRequest, aid_id: int, payload: ReasonIn) -> Any:
    services.aid_reject(by=request.user, aid=queries.application(request.user, aid_id), reason=payload.reason)
    return queries.application(request.user, aid_id)


@aid.post("/{int:aid_id}/disburse", response=AidOut, summary="Pay from a fund (a second time: 409)")
def disburse_aid(request: HttpRequest, aid_id: int, payload: DisburseIn) -> Any:
    services.aid_disburse(
        by=request.user,
        aid=queries.application(request.user, aid_id),
        fund=_fund(request, payload.fund),
        reference=payload.reference,
        bank_account=payload.bank_account,
    )
    return queries.application(request.user, aid_id)


@aid.post("/{int:aid_id}/reverse", response=AidOut, summary="Undo a failed payment with a reversing entry")
def reverse_aid(request: HttpRequest, aid_id: int, payload: ReasonIn) -> Any:
    services.aid_reverse(
        by=request.user, aid=queries.application(request.user, aid_id), reason=payload.reason
    )
    return queries.application(request.user, aid_id)


@aid.post("/{int:aid_id}/receipt", response=AidOut, summary="Attach the signed receipt (multipart: receipt)")
def attach_receipt(request: HttpRequest, aid_id: int, receipt: File[UploadedFile]) -> Any:
    services.aid_attach_receipt(
        by=request.user, aid=queries.application(request.user, aid_id), receipt=receipt
    )
    return queries.application(request.user, aid_id)


@aid.get("/{int:aid_id}/approval-form.docx", summary="The approval form (Word, Chinese)")
def approval_form(request: HttpRequest, aid_id: int) -> HttpResponse:
    row = queries.application(request.user, aid_id)
    return _docx(documents.approval_form(row), f"aid-{row.pk}-approval")


@aid.get("/{int:aid_id}/receipt.docx", summary="The receipt to sign (Word, Chinese)")
def receipt_form(request: HttpRequest, aid_id: int) -> HttpResponse:
    row = queries.application(request.user, aid_id)
    return _docx(documents.receipt(row), f"aid-{row.pk}-receipt")


# --- supervision (廉洁监督) ---------------------------------------------------------------------------

supervision = Router(tags=["supervision"])


class FindingAid(Schema):
    id: int
    person: int
    person_name: str
    org: int
    amount: Decimal | None
    paid_at: datetime.datetime | None


class FindingOut(Schema):
    kind: str
    label: str
    detail: str
    amount: Decimal
    aid: list[FindingAid]


def _findings(request: HttpRequest, year: int | None, days: int | None) -> Any:
    from gonghui.hardship import supervision as checks

    require(request.user, checks.SUPERVISE)
    return checks.report(request.user, year=year, days=days)


@supervision.get("/", response=list[FindingOut], summary="Supervision findings in your scope (auditors)")
def list_findings(request: HttpRequest, year: int | None = None, days: int | None = None) -> Any:
    return [
        {
            "kind": f.kind,
            "label": f.label,
            "detail": f.detail,
            "amount": f.amount,
            "aid": [
                {
                    "id": a.pk,
                    "person": a.person_id,
                    "person_name": a.person.name,
                    "org": a.org_id,
                    "amount": a.amount_approved,
                    "paid_at": a.disbursed_at,
                }
                for a in f.aid
            ],
        }
        for f in _findings(request, year, days)
    ]


@supervision.get("/export.xlsx", summary="The supervision findings as xlsx (auditors)")
def export_findings(request: HttpRequest, year: int | None = None, days: int | None = None) -> HttpResponse:
    from gonghui.core.exports import xlsx_response
    from gonghui.hardship import supervision as checks

    findings = _findings(request, year, days)
    params = {"year": year or "", "days": "" if days is None else days}
    return xlsx_response(checks.report_xlsx(request.user, findings, params), "supervision")


# --- wishes (微心愿) ----------------------------------------------------------------------------------

wishes = Router(tags=["wishes"])


class WishOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    kind: str
    person: int | None = Field(None, alias="person_id")
    person_name: str = ""
    display_name: str
    story: str
    item: str
    amount: Decimal | None
    status: str
    donor_person: int | None = Field(None, alias="donor_person_id")
    donor_enterprise: int | None = Field(None, alias="donor_enterprise_id")
    donor_name: str = ""
    donor_is_caring: bool = False
    published_at: datetime.datetime | None
    claimed_at: datetime.datetime | None
    fulfilled_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    withdraw_reason: str
    fulfil_note: str
    has_proof: bool = False

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        from gonghui.core.masking import mask_name

        return mask_name(obj.person.name) if obj.person_id else ""

    @staticmethod
    def resolve_donor_name(obj: Any) -> str:
        return str(obj.donor or "")

    @staticmethod
    def resolve_donor_is_caring(obj: Any) -> bool:
        return bool(obj.donor_enterprise_id and obj.donor_enterprise.is_caring)

    @staticmethod
    def resolve_has_proof(obj: Any) -> bool:
        return bool(obj.proof)


class WishFilterIn(Schema):
    q: str = ""
    status: str = ""
    kind: str = ""
    org: int | None = None


class WishIn(Schema):
    org: int
    kind: str
    display_name: str
    item: str
    story: str = ""
    amount: Decimal | None = None
    person: int | None = None


class WishPatch(Schema):
    kind: str | None = None
    display_name: str | None = None
    item: str | None = None
    story: str | None = None
    amount: Decimal | None = None


class ClaimIn(Schema):
    donor_person: int | None = None
    donor_enterprise: int | None = None


class RelayOut(Schema):
    enterprise: int
    enterprise_name: str
    is_caring: bool
    total: int
    amount: Decimal
    by_year: dict[int, int]
    wishes: list[int]


def _wish(request: HttpRequest, wish_id: int) -> Any:
    from gonghui.hardship import wish_queries

    return wish_queries.wish(request.user, wish_id)


@wishes.get("/", response=list[WishOut], summary="Wishes in your scope (filters: status, kind, org, q)")
@paginate(LimitOffsetPagination)
def list_wishes(request: HttpRequest, filters: Query[WishFilterIn]) -> Any:
    from gonghui.hardship import wish_queries

    require(request.user, HARDSHIP_VIEW)
    return wish_queries.wish_list(request.user, _params(filters))


@wishes.get("/relay", response=list[RelayOut], summary="接力圆梦: wishes fulfilled per enterprise and year")
def relay(request: HttpRequest, year: int | None = None) -> Any:
    from gonghui.hardship import wish_queries

    require(request.user, HARDSHIP_VIEW)
    return [
        {
            "enterprise": r.enterprise.pk,
            "enterprise_name": r.enterprise.name,
            "is_caring": r.is_caring,
            "total": r.total,
            "amount": r.amount,
            "by_year": r.by_year,
            "wishes": [w.pk for w in r.wishes],
        }
        for r in wish_queries.relay(request.user, year)
    ]


@wishes.post("/", response={201: WishOut}, summary="Record a wish (a draft)")
def create_wish(request: HttpRequest, payload: WishIn) -> Any:
    from gonghui.hardship import wish_queries
    from gonghui.hardship import wishes as wish_services

    require(request.user, HARDSHIP_CHANGE)
    org = _org(request, payload.org)
    row = wish_services.wish_create(
        by=request.user,
        org=org,
        kind=payload.kind,
        display_name=payload.display_name,
        item=payload.item,
        story=payload.story,
        amount=payload.amount,
        person=_person(request, payload.person) if payload.person else None,
    )
    return Status(201, wish_queries.wish(request.user, row.pk))


@wishes.get("/{int:wish_id}", response=WishOut, summary="One wish")
def get_wish(request: HttpRequest, wish_id: int) -> Any:
    return _wish(request, wish_id)


@wishes.patch(
    "/{int:wish_id}", response=WishOut, summary="Change what a wish says, while a draft or published"
)
def update_wish(request: HttpRequest, wish_id: int, payload: WishPatch) -> Any:
    from gonghui.hardship import wishes as wish_services

    row = _wish(request, wish_id)
    sent = payload.dict(exclude_unset=True)
    values = {
        "kind": row.kind,
        "display_name": row.display_name,
        "item": row.item,
        "story": row.story,
        "amount": row.amount,
    }
    values.update(sent)
    wish_services.wish_update(by=request.user, wish=row, **values)
    return _wish(request, wish_id)


@wishes.post("/{int:wish_id}/publish", response=WishOut, summary="Publish a draft")
def publish_wish(request: HttpRequest, wish_id: int) -> Any:
    from gonghui.hardship import wishes as wish_services

    wish_services.wish_publish(by=request.user, wish=_wish(request, wish_id))
    return _wish(request, wish_id)


@wishes.post(
    "/{int:wish_id}/claim", response=WishOut, summary="A donor claims it (once: a second claim is 409)"
)
def claim_wish(request: HttpRequest, wish_id: int, payload: ClaimIn) -> Any:
    from gonghui.enterprises.models import Enterprise
    from gonghui.hardship import wishes as wish_services

    row = _wish(request, wish_id)
    enterprise = None
    if payload.donor_enterprise is not None:
        enterprise = Enterprise.objects.filter(pk=payload.donor_enterprise).first()
        if enterprise is None:
            raise DomainError(_("Not found, or outside your scope."), field="donor_enterprise")
    person = _person(request, payload.donor_person) if payload.donor_person is not None else None
    wish_services.wish_claim(by=request.user, wish=row, donor_person=person, donor_enterprise=enterprise)
    return _wish(request, wish_id)


@wishes.post(
    "/{int:wish_id}/fulfil", response=WishOut, summary="Fulfilled, with proof (multipart: proof, note)"
)
def fulfil_wish(request: HttpRequest, wish_id: int, proof: File[UploadedFile], note: str = "") -> Any:
    from gonghui.hardship import wishes as wish_services

    wish_services.wish_fulfil(by=request.user, wish=_wish(request, wish_id), proof=proof, note=note)
    return _wish(request, wish_id)


@wishes.post("/{int:wish_id}/withdraw", response=WishOut, summary="Withdraw a draft or published wish")
def withdraw_wish(request: HttpRequest, wish_id: int, payload: ReasonIn) -> Any:
    from gonghui.hardship import wishes as wish_services

    wish_services.wish_withdraw(by=request.user, wish=_wish(request, wish_id), reason=payload.reason)
    return _wish(request, wish_id)
