"""Every state change of hardship files and aid applications: one function per verb, check then do.

Files move only along ``FILE_TRANSITIONS`` and applications along ``AID_TRANSITIONS``; anything
else is refused with ``Conflict`` (409) and nothing is written. Each move locks the row first
(``select_for_update``), writes a history row (``FileEvent`` for files, the timestamps and actors
on the application) and an audit event.

Money and caps
    Approving an aid adds its amount to the person's and the household's ``AidYearTotal`` rows for
    the year and type, under a row lock taken in key order, after checking the caps of the
    ``AidRule`` that applies; so two approvals racing for the last yuan under a cap queue and the
    second is refused (409). Disbursing posts an expense through ``funds.services.post_expense``
    (insufficient balance → 409, nothing written); reversing posts ``funds.services.post_reversal``
    and lowers the totals in the same transaction. Ledger entries are never edited.

Separation of duties
    Whoever approved an application cannot disburse it, unless the organisation's
    ``SeparationPolicy`` (the nearest one up the tree) says otherwise; the default is on.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm, require
from gonghui.core.audit import record_event
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.masking import mask_for_log
from gonghui.core.money import to_money
from gonghui.hardship.models import (
    AidApplication,
    AidRule,
    AidType,
    AidYearTotal,
    Category,
    Cause,
    FileEvent,
    FileEvidence,
    HardshipFile,
    SeparationPolicy,
)
from gonghui.hardship.perms import HARDSHIP_APPROVE, HARDSHIP_CHANGE, HARDSHIP_DISBURSE
from gonghui.hardship.rules import standard_for, suggest_category

S = HardshipFile.Status
A = AidApplication.Status

# (from, to) → the verb that makes that move. Nothing else is a legal move.
FILE_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.APPLICATION, S.TOWNSHIP_REVIEW): "submit",
    (S.TOWNSHIP_REVIEW, S.FEDERATION_APPROVAL): "approve",
    (S.FEDERATION_APPROVAL, S.ACTIVE): "approve",
    (S.ACTIVE, S.ACTIVE): "review",
    (S.ACTIVE, S.LIFTED): "lift",
    **{(s, S.CANCELLED): "cancel" for s in HardshipFile.OPEN},
}

AID_TRANSITIONS: dict[tuple[str, str], str] = {
    (A.APPLIED, A.IN_REVIEW): "review",
    (A.APPLIED, A.REJECTED): "reject",
    (A.IN_REVIEW, A.APPROVED): "approve",
    (A.IN_REVIEW, A.REJECTED): "reject",
    (A.APPROVED, A.DISBURSED): "disburse",
    (A.DISBURSED, A.REVERSED): "reverse",
}

COLLEGE_LEVELS = ("college", "bachelor", "postgraduate")
NO_MONEY = (AidType.POLICY, AidType.LEGAL)


# --- helpers ----------------------------------------------------------------------------------------


def org_chain(org: Any) -> list[Any]:
    """The organisation and its ancestors, nearest first."""
    from gonghui.orgs.models import Organisation

    step = Organisation.steplen
    paths = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    rows = {o.path: o for o in Organisation.objects.filter(path__in=paths)}
    return [rows[p] for p in reversed(paths) if p in rows]


# The unions that keep hardship files: the nearest of these above a person's own union.
KEEPING_KINDS = ("township", "street", "industry")


def keeping_org(person: Any) -> Any:
    """The township (or street, industry) union that keeps the files of ``person``'s organisation."""
    chain = org_chain(person.org)
    for org in chain:
        if org.kind in KEEPING_KINDS:
            return org
    return chain[0]


def _text(value: Any, field: str, limit: int = 300, required: bool = False, message: Any = None) -> str:
    """Trimmed text of at most ``limit`` characters; ``message``: what is missing (a reason by default)."""
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(message or _("Give a reason."), field=field)
    if len(text) > limit:
        raise DomainError(_("At most %(n)s characters.") % {"n": limit}, field=field)
    return text


def _causes(values: Any) -> str:
    if isinstance(values, str):
        values = [v for v in values.replace("，", ",").split(",") if v.strip()]
    values = [str(v).strip() for v in values or []]
    known = set(Cause.values)
    bad = [v for v in values if v not in known]
    if bad:
        raise DomainError(_("Unknown cause: %(cause)s.") % {"cause": ", ".join(bad)}, field="causes")
    if not values:
        raise DomainError(_("Choose at least one cause."), field="causes")
    ordered = [c for c in Cause.values if c in values]
    return "," + ",".join(ordered) + ","


def _household(person: Any) -> Any:
    from gonghui.people.models import HouseholdMember

    row = HouseholdMember.objects.filter(person=person).select_related("household").first()
    return row.household if row else None


def _check_live(person: Any) -> None:
    if person.merged_into_id is not None or person.status != "active":
        raise Conflict(
            _("%(name)s is recorded as %(status)s; no new file or aid can be opened.")
            % {"name": person.name, "status": person.get_status_display()},
            field="person",
        )


def _audit(instance: Any, by: Any, changes: dict[str, list[Any]], note: str = "") -> None:
    record_event(instance, user=by, changes=changes, note=note)


def _illegal(kind: str, current: str, target: str, labels: dict[str, str]) -> Conflict:
    return Conflict(
        _("This %(kind)s is %(current)s and cannot move to %(target)s.")
        % {"kind": kind, "current": labels.get(current, current), "target": labels.get(target, target)},
        field="status",
    )


# --- files --------------------------------------------------------------------------------------------


def assess(file: HardshipFile, on: datetime.date | None = None) -> HardshipFile:
    """Take the income snapshot, the standard that applies and the suggested category (no save)."""
    from gonghui.people.queries.households import household_income, per_capita

    on = on or timezone.localdate()
    income = household_income(file.household) if file.household_id else per_capita([])
    file.per_capita_income = income.per_capita
    file.household_size = max(income.members, 1)
    region = file.person.residence_region or next(
        (o.region for o in org_chain(file.org) if o.region_id), None
    )
    row = standard_for(region, on.year) if region is not None else None
    rural = file.person.hukou_type == "agricultural"
    file.standard = (row.rural if rural else row.urban) if row else None
    file.assessed_on = on
    file.suggested_category = suggest_category(file.per_capita_income, file.standard, file.cause_list)
    return file


def _check_category(file: HardshipFile, category: str, reason: str) -> None:
    if category not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    if category != file.suggested_category and not reason:
        raise DomainError(
            _("The category differs from the suggested one; give the reason for overriding it."),
            field="category_reason",
        )


def _locked_file(file: HardshipFile) -> HardshipFile:
    return (
        HardshipFile.objects.select_for_update(of=("self",)).select_related("person", "org").get(pk=file.pk)
    )


def _move_file(file: HardshipFile, to: str, *, by: Any, note: str = "") -> HardshipFile:
    """Move a locked file along FILE_TRANSITIONS, with its history row and audit event (saved)."""
    current = file.status
    if (current, to) not in FILE_TRANSITIONS:
        raise _illegal(str(_("file")), current, to, dict(S.choices))
    file.status = to
    file.save()
    FileEvent.objects.create(file=file, from_status=current, to_status=to, by=by, note=note[:300])
    _audit(file, by, {"status": [current, to]}, note)
    return file


def file_create(
    *,
    by: Any,
    person: Any,
    causes: Any,
    org: Any | None = None,
    situation: str = "",
    category: str = "",
    category_reason: str = "",
    applied_on: datetime.date | None = None,
) -> HardshipFile:
    """Open a file (status application) with the income snapshot and the suggested category."""
    org = org or keeping_org(person)
    require(by, HARDSHIP_CHANGE, org)
    _check_live(person)
    file = HardshipFile(
        org=org,
        person=person,
        household=_household(person),
        causes=_causes(causes),
        situation=_text(situation, "situation", 4000),
        applied_on=applied_on or timezone.localdate(),
        created_by=by,
    )
    assess(file, file.applied_on)
    reason = _text(category_reason, "category_reason")
    if category:
        _check_category(file, category, reason)
        file.category, file.category_reason = category, reason
    with transaction.atomic():
        if HardshipFile.objects.filter(person=person, status__in=HardshipFile.OPEN).exists():
            raise Conflict(_("This person already has an open hardship file."), field="person")
        try:
            with transaction.atomic():
                file.save()
        except IntegrityError:
            raise Conflict(_("This person already has an open hardship file."), field="person") from None
        FileEvent.objects.create(file=file, from_status="", to_status=file.status, by=by, note="")
        _audit(file, by, {"status": ["", file.status]}, "created")
    return file


def file_confirm_category(*, by: Any, file: HardshipFile, category: str, reason: str = "") -> HardshipFile:
    """Confirm the suggested category, or override it with a reason (both audited)."""
    require(by, HARDSHIP_CHANGE, file.org)
    reason = _text(reason, "category_reason")
    with transaction.atomic():
        file = _locked_file(file)
        if file.status not in HardshipFile.OPEN:
            raise Conflict(_("A closed file's category cannot change."), field="category")
        _check_category(file, category, reason)
        before = file.category
        file.category = category
        file.category_reason = reason if category != file.suggested_category else ""
        file.save()
        FileEvent.objects.create(
            file=file,
            from_status=file.status,
            to_status=file.status,
            by=by,
            note=f"category {category} {reason}"[:300],
        )
        _audit(file, by, {"category": [before, category]}, reason)
    return file


def file_submit_review(*, by: Any, file: HardshipFile, note: str = "") -> HardshipFile:
    """Send an application to the township's review."""
    require(by, HARDSHIP_CHANGE, file.org)
    with transaction.atomic():
        return _move_file(_locked_file(file), S.TOWNSHIP_REVIEW, by=by, note=_text(note, "note"))


def file_approve(
    *, by: Any, file: HardshipFile, note: str = "", on: datetime.date | None = None
) -> HardshipFile:
    """The township passes its review on to the federation; the federation approves (file active).

    The federation's step needs ``hardship.approve`` at the federation (the root of the file's
    tree) and a confirmed category; the annual review falls due a year after approval.
    """
    with transaction.atomic():
        file = _locked_file(file)
        if file.status == S.TOWNSHIP_REVIEW:
            require(by, HARDSHIP_CHANGE, file.org)
            return _move_file(file, S.FEDERATION_APPROVAL, by=by, note=_text(note, "note"))
        if file.status != S.FEDERATION_APPROVAL:
            raise _illegal(str(_("file")), file.status, S.ACTIVE, dict(S.choices))
        root = org_chain(file.org)[-1]
        if not has_perm(by, HARDSHIP_APPROVE, root):
            raise PermissionDenied(_("Only the federation approves a hardship file."))
        if not file.category:
            raise DomainError(_("Confirm the category before approving the file."), field="category")
        on = on or timezone.localdate()
        file.approved_on = on
        file.review_due_on = _year_later(on)
        return _move_file(file, S.ACTIVE, by=by, note=_text(note, "note"))


def _year_later(on: datetime.date) -> datetime.date:
    try:
        return on.replace(year=on.year + 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year + 1, day=28)


def file_review_annual(
    *,
    by: Any,
    file: HardshipFile,
    note: str = "",
    category: str = "",
    category_reason: str = "",
    on: datetime.date | None = None,
) -> HardshipFile:
    """The annual review: a new income snapshot and suggestion, the category confirmed, next due in a year."""
    require(by, HARDSHIP_CHANGE, file.org)
    on = on or timezone.localdate()
    with transaction.atomic():
        file = _locked_file(file)
        if file.status != S.ACTIVE:
            raise _illegal(str(_("file")), file.status, S.ACTIVE, dict(S.choices))
        assess(file, on)
        category = category or file.category
        reason = _text(category_reason, "category_reason") or (
            file.category_reason if category == file.category else ""
        )
        _check_category(file, category, reason)
        file.category, file.category_reason = category, reason if category != file.suggested_category else ""
        file.reviewed_on = on
        file.review_due_on = _year_later(on)
        return _move_file(file, S.ACTIVE, by=by, note=_text(note, "note") or "annual review")


def file_lift(*, by: Any, file: HardshipFile, reason: str, on: datetime.date | None = None) -> HardshipFile:
    """Lift a family out of hardship (解困脱困) with the reason and date."""
    require(by, HARDSHIP_CHANGE, file.org)
    reason = _text(reason, "reason", required=True)
    with transaction.atomic():
        file = _locked_file(file)
        if (file.status, S.LIFTED) not in FILE_TRANSITIONS:
            raise _illegal(str(_("file")), file.status, S.LIFTED, dict(S.choices))
        file.closed_on = on or timezone.localdate()
        file.close_reason = reason
        return _move_file(file, S.LIFTED, by=by, note=reason)


def file_cancel(
    *, by: Any, file: HardshipFile, reason: str, note: str = "", on: datetime.date | None = None
) -> HardshipFile:
    """Cancel a file: the person died, moved away, or the information was false."""
    require(by, HARDSHIP_CHANGE, file.org)
    if reason not in HardshipFile.CancelReason.values:
        raise DomainError(_("Choose why the file is cancelled."), field="reason")
    note = _text(note, "note")
    with transaction.atomic():
        file = _locked_file(file)
        if (file.status, S.CANCELLED) not in FILE_TRANSITIONS:
            raise _illegal(str(_("file")), file.status, S.CANCELLED, dict(S.choices))
        file.closed_on = on or timezone.localdate()
        file.cancel_reason = reason
        file.close_reason = note
        return _move_file(file, S.CANCELLED, by=by, note=f"{reason} {note}".strip())


def file_add_evidence(*, by: Any, file: HardshipFile, attachment: Any, description: str = "") -> FileEvidence:
    """Attach evidence (stored under MEDIA_ROOT, served only through a scoped view)."""
    require(by, HARDSHIP_CHANGE, file.org)
    if not attachment:
        raise DomainError(_("Choose a file to upload."), field="attachment")
    row = FileEvidence.objects.create(
        org=file.org,
        file=file,
        attachment=attachment,
        description=_text(description, "description", 200),
        uploaded_by=by,
    )
    _audit(file, by, {"evidence": ["", row.attachment.name]})
    return row


# --- aid rules and totals -----------------------------------------------------------------------------


def rule_for(org: Any, aid_type: str, year: int) -> AidRule | None:
    """The rule that applies: the nearest organisation up the tree with a rule for the type and year."""
    chain = org_chain(org)
    rules = {r.org_id: r for r in AidRule.objects.filter(org__in=chain, aid_type=aid_type, year=year)}
    return next((rules[o.pk] for o in chain if o.pk in rules), None)


def standard_amount(rule: AidRule | None, school_level: str = "") -> Decimal | None:
    if rule is None:
        return None
    if school_level and school_level in (rule.level_amounts or {}):
        return to_money(str(rule.level_amounts[school_level]))
    return rule.standard_amount


def separation_required(org: Any) -> bool:
    """Whether approver and disburser must differ here (nearest policy up the tree; default yes)."""
    chain = org_chain(org)
    policies = {p.org_id: p for p in SeparationPolicy.objects.filter(org__in=chain)}
    policy = next((policies[o.pk] for o in chain if o.pk in policies), None)
    return True if policy is None else policy.separate_approve_disburse


def _totals_keys(aid: AidApplication) -> list[str]:
    keys = [f"person:{aid.person_id}"]
    if aid.household_id:
        keys.append(f"household:{aid.household_id}")
    return sorted(keys)


def lock_totals(aid: AidApplication) -> dict[str, AidYearTotal]:
    """The person's and household's yearly-total rows for the aid's year and type, locked in key order."""
    found = {}
    for key in _totals_keys(aid):
        row, _created = AidYearTotal.objects.get_or_create(key=key, year=aid.year, aid_type=aid.aid_type)
        found[key] = AidYearTotal.objects.select_for_update().get(pk=row.pk)
    return found


def _check_caps(
    aid: AidApplication, amount: Decimal, totals: dict[str, AidYearTotal], rule: AidRule | None
) -> None:
    if rule is None:
        return
    for key, cap, label in (
        (f"person:{aid.person_id}", rule.cap_person, _("per person")),
        (f"household:{aid.household_id}", rule.cap_household, _("per household")),
    ):
        row = totals.get(key)
        if cap is None or row is None:
            continue
        if row.amount + amount > cap:
            left = max(cap - row.amount, Decimal("0.00"))
            raise Conflict(
                _(
                    "This would exceed the yearly cap %(label)s of ¥%(cap)s for %(type)s: ¥%(used)s already "
                    "approved, ¥%(left)s left, ¥%(amount)s asked."
                )
                % {
                    "label": label,
                    "cap": cap,
                    "type": aid.get_aid_type_display(),
                    "used": row.amount,
                    "left": left,
                    "amount": amount,
                },
                field="amount",
            )


def _add_to_totals(totals: dict[str, AidYearTotal], amount: Decimal) -> None:
    for row in totals.values():
        row.amount = row.amount + amount
        row.save(update_fields=["amount"])


# --- aid applications ---------------------------------------------------------------------------------


def _locked_aid(aid: AidApplication) -> AidApplication:
    return (
        AidApplication.objects.select_for_update(of=("self",)).select_related("person", "org").get(pk=aid.pk)
    )


def _check_aid_move(aid: AidApplication, to: str) -> None:
    if (aid.status, to) not in AID_TRANSITIONS:
        if aid.status == to:
            raise Conflict(
                _("This application is already %(status)s; nothing was changed.")
                % {"status": aid.get_status_display()},
                field="status",
            )
        raise _illegal(str(_("application")), aid.status, to, dict(A.choices))


def _education(person: Any, household: Any, member: Any, school_level: str) -> tuple[Any, str]:
    if member is None:
        raise DomainError(_("Choose the student from the household."), field="member")
    if household is None or member.household_id != household.pk:
        raise DomainError(_("The student must be a member of the applicant's household."), field="member")
    level = school_level or member.school_level
    if level not in COLLEGE_LEVELS:
        raise DomainError(
            _("Education aid (金秋助学) is for children entering or in college or university."),
            field="school_level",
        )
    return member, level


def aid_apply(
    *,
    by: Any,
    person: Any,
    aid_type: str,
    amount_requested: Any = None,
    org: Any | None = None,
    file: HardshipFile | None = None,
    member: Any | None = None,
    school_level: str = "",
    reason: str = "",
    fund: Any | None = None,
    applied_at: datetime.datetime | None = None,
) -> AidApplication:
    """Record an application (the clock of time to decision starts now)."""
    if aid_type not in AidType.values:
        raise DomainError(_("Choose the type of aid."), field="aid_type")
    org = org or (file.org if file else keeping_org(person))
    require(by, HARDSHIP_CHANGE, org)
    _check_live(person)
    if file is not None and file.person_id != person.pk:
        raise DomainError(_("The file belongs to someone else."), field="file")
    applied_at = applied_at or timezone.now()
    household = file.household if file and file.household_id else _household(person)
    aid = AidApplication(
        org=org,
        person=person,
        household=household,
        file=file,
        aid_type=aid_type,
        year=timezone.localtime(applied_at).year,
        reason=_text(reason, "reason", 4000),
        fund=fund,
        applied_at=applied_at,
        applied_by=by,
    )
    if aid_type == AidType.EDUCATION:
        aid.member, aid.school_level = _education(person, household, member, school_level)
    if aid_type in NO_MONEY:
        aid.amount_requested = Decimal("0.00")
    else:
        if amount_requested in (None, ""):
            amount_requested = standard_amount(rule_for(org, aid_type, aid.year), aid.school_level)
        if amount_requested is None:
            raise DomainError(_("Enter the amount requested."), field="amount_requested")
        aid.amount_requested = to_money(amount_requested, field="amount_requested")
        if aid.amount_requested <= 0:
            raise DomainError(_("The amount must be more than zero."), field="amount_requested")
    with transaction.atomic():
        aid.save()
        _audit(aid, by, {"status": ["", aid.status]}, "applied")
    return aid


def aid_review(*, by: Any, aid: AidApplication, note: str = "") -> AidApplication:
    """Take an application into review (who and when are recorded)."""
    require(by, HARDSHIP_CHANGE, aid.org)
    with transaction.atomic():
        aid = _locked_aid(aid)
        _check_aid_move(aid, A.IN_REVIEW)
        aid.status, aid.reviewed_at, aid.reviewed_by = A.IN_REVIEW, timezone.now(), by
        aid.review_note = _text(note, "note")
        aid.save()
        _audit(aid, by, {"status": [A.APPLIED, A.IN_REVIEW]}, aid.review_note)
    return aid


def _check_approval_limit(by: Any, aid: AidApplication, amount: Decimal, rule: AidRule | None) -> None:
    require(by, HARDSHIP_APPROVE, aid.org)
    if rule is None or rule.cadre_limit is None or amount <= rule.cadre_limit:
        return
    root = org_chain(aid.org)[-1]
    if not has_perm(by, HARDSHIP_APPROVE, root):
        raise PermissionDenied(
            _("Amounts above ¥%(limit)s are approved by the federation.") % {"limit": rule.cadre_limit},
            field="amount",
        )


def aid_approve(
    *, by: Any, aid: AidApplication, amount: Any = None, fund: Any | None = None, note: str = ""
) -> AidApplication:
    """Approve an application within the approver's limit and the yearly caps (409 past a cap).

    A policy consultation or legal aid is approved with no money (recorded as answered).
    """
    with transaction.atomic():
        aid = _locked_aid(aid)
        _check_aid_move(aid, A.APPROVED)
        if aid.aid_type in NO_MONEY:
            value = Decimal("0.00")
        else:
            value = to_money(aid.amount_requested if amount in (None, "") else amount, field="amount")
            if value <= 0:
                raise DomainError(_("The amount must be more than zero."), field="amount")
        rule = rule_for(aid.org, aid.aid_type, aid.year)
        _check_approval_limit(by, aid, value, rule)
        if value:
            totals = lock_totals(aid)
            _check_caps(aid, value, totals, rule)
            _add_to_totals(totals, value)
        aid.status, aid.amount_approved = A.APPROVED, value
        aid.decided_at, aid.decided_by = timezone.now(), by
        if fund is not None:
            aid.fund = fund
        if note:
            aid.review_note = _text(note, "note")
        aid.save()
        _audit(aid, by, {"status": [A.IN_REVIEW, A.APPROVED], "amount_approved": ["", value]}, note)
    return aid


def aid_reject(*, by: Any, aid: AidApplication, reason: str) -> AidApplication:
    """Refuse an application; the reason is required and shown to the applicant."""
    require(by, HARDSHIP_APPROVE, aid.org)
    reason = _text(reason, "reason", required=True)
    with transaction.atomic():
        aid = _locked_aid(aid)
        before = aid.status
        _check_aid_move(aid, A.REJECTED)
        aid.status, aid.reject_reason = A.REJECTED, reason
        aid.decided_at, aid.decided_by = timezone.now(), by
        aid.save()
        _audit(aid, by, {"status": [before, A.REJECTED]}, reason)
    return aid


def _check_fund(aid: AidApplication, fund: Any) -> Any:
    if fund is None:
        raise DomainError(_("Choose the fund to pay from."), field="fund")
    if fund.org_id not in {o.pk for o in org_chain(aid.org)}:
        raise DomainError(_("Pay from a fund of this union or one above it."), field="fund")
    return fund


def _bank_account(value: Any) -> str:
    """Digits only (spaces and dashes as printed on cards removed), 8 to 30 of them."""
    text = "".join(str(value or "").split()).replace("-", "")
    if text and not (text.isdigit() and 8 <= len(text) <= 30):
        raise DomainError(_("A bank account number is 8 to 30 digits."), field="bank_account")
    return text


def aid_disburse(
    *,
    by: Any,
    aid: AidApplication,
    fund: Any | None = None,
    reference: str = "",
    receipt: Any | None = None,
    bank_account: str = "",
) -> AidApplication:
    """Pay an approved aid from a fund through the ledger; a second disbursement answers 409.

    ``bank_account`` is the account a transfer went to (stored encrypted, for the supervision report).
    """
    bank_account = _bank_account(bank_account)
    from gonghui.funds.services import post_expense

    require(by, HARDSHIP_DISBURSE, aid.org)
    with transaction.atomic():
        aid = _locked_aid(aid)
        if aid.aid_type in NO_MONEY and aid.status == A.APPROVED:
            raise Conflict(_("A policy consultation or legal aid pays no money."), field="status")
        _check_aid_move(aid, A.DISBURSED)
        if separation_required(aid.org) and aid.decided_by_id == by.pk:
            raise PermissionDenied(_("Whoever approved an aid may not also disburse it."))
        fund = _check_fund(aid, fund or aid.fund)
        entry = post_expense(
            fund=fund,
            amount=aid.amount_approved,
            by=by,
            source=aid,
            reference=_text(reference, "reference", 100),
            memo=f"{aid.get_aid_type_display()} {aid.person.name}"[:300],
            authorised=True,
        )
        aid.fund, aid.ledger_entry, aid.status = fund, entry, A.DISBURSED
        aid.disbursed_at, aid.disbursed_by = timezone.now(), by
        aid.bank_account = bank_account
        if receipt:
            aid.receipt, aid.receipt_at = receipt, timezone.now()
        aid.save()
        changes = {"status": [A.APPROVED, A.DISBURSED]}
        if bank_account:  # where the money went, masked as the log masks sensitive values
            changes["bank_account"] = ["", mask_for_log(bank_account)]
        _audit(aid, by, changes, f"ledger entry {entry.pk}")
    return aid


def aid_reverse(*, by: Any, aid: AidApplication, reason: str) -> AidApplication:
    """Undo a failed or returned payment with a reversing ledger entry; totals and balance follow at once."""
    from gonghui.funds.services import post_reversal

    require(by, HARDSHIP_DISBURSE, aid.org)
    reason = _text(reason, "reason", required=True)
    with transaction.atomic():
        aid = _locked_aid(aid)
        _check_aid_move(aid, A.REVERSED)
        totals = lock_totals(aid)
        post_reversal(entry=aid.ledger_entry, by=by, reason=reason, authorised=True)
        _add_to_totals(totals, -aid.amount_approved)
        aid.status, aid.reverse_reason, aid.reversed_at = A.REVERSED, reason, timezone.now()
        aid.save()
        _audit(aid, by, {"status": [A.DISBURSED, A.REVERSED]}, reason)
    return aid


def aid_attach_receipt(*, by: Any, aid: AidApplication, receipt: Any) -> AidApplication:
    """Attach the signed receipt (scan or photo) of an approved or paid aid."""
    if not (has_perm(by, HARDSHIP_DISBURSE, aid.org) or has_perm(by, HARDSHIP_CHANGE, aid.org)):
        require(by, HARDSHIP_DISBURSE, aid.org)
    if not receipt:
        raise DomainError(_("Choose the receipt to upload."), field="receipt")
    with transaction.atomic():
        aid = _locked_aid(aid)
        if aid.status not in (A.APPROVED, A.DISBURSED):
            raise Conflict(_("A receipt belongs to an approved or paid aid."), field="receipt")
        aid.receipt, aid.receipt_at = receipt, timezone.now()
        aid.save()
        _audit(aid, by, {"receipt": ["", aid.receipt.name]})
    return aid
