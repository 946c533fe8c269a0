"""Every change to collective bargaining records: contracts, checks, openness, surveys and answers.

Check, then do: the permission (``bargaining.change`` over the owning organisation) and every
value are checked first, collecting all the problems; then the rows are written in one
transaction, under a row lock of the contract or survey they change. The rules that the counts
depend on (one check per contract per year, one openness record per enterprise per year, one
online answer per account or session) are also unique constraints in the database, so two
clerks saving at once get the same clear refusal.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.bargaining.choices import (
    SINGLE_ENTERPRISE_KINDS,
    Answer,
    Channel,
    CheckResult,
    ContractKind,
    ContractStatus,
    OpennessForm,
    OpennessMethod,
)
from gonghui.bargaining.models import (
    MAX_YEAR,
    MIN_YEAR,
    CollectiveContract,
    FulfilmentCheck,
    OpennessRecord,
    SatisfactionSurvey,
    SurveyResponse,
)
from gonghui.bargaining.queries import PERM_CHANGE, reaches
from gonghui.core.audit import record_event
from gonghui.core.errors import Conflict, DomainError, FieldError
from gonghui.enterprises.choices import PUBLIC_TYPES
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Organisation

MAX_TERM_YEARS = 3  # 集体合同规定 第三十八条: a term of one to three years
MAX_ANSWERS_PER_ENTRY = 5000
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper and typed by hand
CODE_LENGTH = 8
CONTRACT_FIELDS = (
    "kind",
    "title",
    "signed_on",
    "term_start",
    "term_end",
    "covered_employees",
    "wage_increase",
    "minimum_wage",
    "notes",
)


# --- small helpers -----------------------------------------------------------------------------------


class _Errors:
    """Problems collected while checking, raised together so a form shows every one at once."""

    def __init__(self) -> None:
        self.items: list[FieldError] = []

    def add(self, field: str | None, message: Any) -> None:
        self.items.append(FieldError(field, message))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.items)

    def raise_any(self) -> None:
        if self.items:
            message = self.items[0].message if len(self.items) == 1 else _("Some values are not valid.")
            raise DomainError(message, errors=self.items)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_term_end(start: datetime.date) -> datetime.date:
    """The last day a term starting on ``start`` may end: three years, e.g. 2015-01-01 → 2017-12-31."""
    return add_years(start, MAX_TERM_YEARS) - datetime.timedelta(days=1)


def _date(value: Any, field: str, errors: _Errors, *, required: bool = False) -> datetime.date | None:
    if value in (None, ""):
        if required:
            errors.add(field, _("Enter a date."))
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.add(field, _("Enter a date as YYYY-MM-DD."))
        return None


def _decimal(value: Any, field: str, errors: _Errors, *, low: Decimal, high: Decimal) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."))
        return None
    if not number.is_finite() or number != number.quantize(Decimal("0.01")):
        errors.add(field, _("Enter a number with at most two decimal places."))
        return None
    if number < low or number > high:
        errors.add(field, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return None
    return number.quantize(Decimal("0.01"))


def _text(value: Any, field: str, errors: _Errors, *, limit: int, required: Any = None) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.add(field, required)
    elif len(text) > limit:
        errors.add(field, _("This text is too long (at most %(n)s characters).") % {"n": limit})
    return text


def _year(value: Any, errors: _Errors, *, latest: int | None = None) -> int | None:
    latest = latest or timezone.localdate().year
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_YEAR <= value <= min(latest, MAX_YEAR)
    ):
        errors.add("year", _("Enter a year from %(low)s to %(high)s.") % {"low": MIN_YEAR, "high": latest})
        return None
    return value


def check_owner(by: Any, org: Organisation) -> None:
    """The owning organisation: one the user may change bargaining records of, open, not a group."""
    scoping.require(by, PERM_CHANGE, org)
    if org.kind == Organisation.Kind.GROUP:
        raise DomainError(_("Choose a union, not a union group."), field="org")
    if not org.is_active:
        raise DomainError(_("This organisation is closed and takes no new records."), field="org")


def _require_change(by: Any, org: Organisation) -> None:
    scoping.require(by, PERM_CHANGE, org)


# --- contracts ---------------------------------------------------------------------------------------


def _clean_contract(values: dict[str, Any], errors: _Errors) -> dict[str, Any]:
    """Typed contract values; problems go to ``errors``."""
    out: dict[str, Any] = {}
    kind = values.get("kind")
    if kind not in ContractKind.values:
        errors.add("kind", _("Choose the kind of contract."))
    out["kind"] = kind
    out["title"] = _text(values.get("title"), "title", errors, limit=200, required=_("Enter the title."))
    out["notes"] = _text(values.get("notes"), "notes", errors, limit=5000)
    start = _date(values.get("term_start"), "term_start", errors, required=True)
    end = _date(values.get("term_end"), "term_end", errors, required=True)
    signed = _date(values.get("signed_on"), "signed_on", errors)
    today = timezone.localdate()
    if start and end:
        if end <= start:
            errors.add("term_end", _("The term must end after it starts."))
        elif end > latest_term_end(start):
            errors.add(
                "term_end",
                _("A collective contract runs for at most three years: end the term by %(day)s.")
                % {"day": latest_term_end(start).isoformat()},
            )
    if signed:
        if signed > today:
            errors.add("signed_on", _("The signing date cannot be in the future."))
        elif end and signed > end:
            errors.add("signed_on", _("A contract cannot be signed after its term has ended."))
    out.update(term_start=start, term_end=end, signed_on=signed)
    employees = values.get("covered_employees")
    employees = 0 if employees in (None, "") else employees
    if isinstance(employees, bool) or not isinstance(employees, int) or employees < 0:
        errors.add("covered_employees", _("Enter the number of employees covered (0 or more)."))
    out["covered_employees"] = employees
    out["wage_increase"] = _decimal(
        values.get("wage_increase"), "wage_increase", errors, low=Decimal("-100"), high=Decimal("100")
    )
    out["minimum_wage"] = _decimal(
        values.get("minimum_wage"), "minimum_wage", errors, low=Decimal("0"), high=Decimal("9999999.99")
    )
    return out


def _check_enterprises(
    org: Organisation,
    kind: str,
    chosen: Iterable[Enterprise],
    errors: _Errors,
    *,
    keep: Iterable[int] = (),
) -> list[Enterprise]:
    """The covered enterprises: one for a single-enterprise kind, one or more otherwise, all reached by
    ``org``; a newly added one must be active (``keep`` are those already covered)."""
    unique = list({e.pk: e for e in chosen}.values())
    kept = set(keep)
    if not unique:
        errors.add("enterprises", _("Choose the enterprise or enterprises the contract covers."))
    elif kind in SINGLE_ENTERPRISE_KINDS and len(unique) != 1:
        errors.add(
            "enterprises", _("A wage-special or comprehensive contract covers exactly one enterprise.")
        )
    for enterprise in unique:
        if not reaches(org, enterprise):
            errors.add(
                "enterprises",
                _("%(name)s is neither kept by %(org)s nor has its union there.")
                % {"name": enterprise.name, "org": org.name},
            )
        elif not enterprise.is_active and enterprise.pk not in kept:
            errors.add("enterprises", _("%(name)s is closed.") % {"name": enterprise.name})
    return unique


def _check_overlap(
    values: dict[str, Any], enterprises: list[Enterprise], exclude_pk: int | None = None
) -> None:
    """One signed wage-special (or comprehensive) contract per enterprise at a time: no overlapping terms."""
    if values["kind"] not in SINGLE_ENTERPRISE_KINDS or not values.get("signed_on") or not enterprises:
        return
    clash = (
        CollectiveContract.objects.filter(
            kind=values["kind"],
            status=ContractStatus.SIGNED,
            coverage__enterprise__in=[e.pk for e in enterprises],
            term_start__lte=values["term_end"],
            term_end__gte=values["term_start"],
        )
        .exclude(pk=exclude_pk)
        .first()
    )
    if clash is not None:
        raise DomainError(
            _("%(name)s already has a signed contract of this kind for %(start)s – %(end)s.")
            % {
                "name": enterprises[0].name,
                "start": clash.term_start.isoformat(),
                "end": clash.term_end.isoformat(),
            },
            field="term_start",
        )


def _lock_enterprises(enterprises: list[Enterprise]) -> None:
    """Lock the covered enterprises in primary-key order, so two clerks signing for one enterprise at
    once are checked for overlapping terms one after the other."""
    list(Enterprise.objects.select_for_update().filter(pk__in=[e.pk for e in enterprises]).order_by("pk"))


def _lock_contract(contract: CollectiveContract) -> CollectiveContract:
    return (
        CollectiveContract.objects.select_for_update(of=("self",)).select_related("org").get(pk=contract.pk)
    )


@transaction.atomic
def contract_create(
    *, by: Any, org: Organisation, enterprises: Iterable[Enterprise], **fields: Any
) -> CollectiveContract:
    """Record a contract kept by ``org``; signed when ``signed_on`` is given, a draft otherwise.

    ``fields`` are those of :data:`CONTRACT_FIELDS`. Each covered enterprise must be kept by
    ``org``'s subtree or have its union there.
    """
    check_owner(by, org)
    errors = _Errors()
    values = _clean_contract(fields, errors)
    covered = _check_enterprises(org, values["kind"], enterprises, errors)
    errors.raise_any()
    _lock_enterprises(covered)
    _check_overlap(values, covered)
    status = ContractStatus.SIGNED if values["signed_on"] else ContractStatus.DRAFT
    contract = CollectiveContract.objects.create(org=org, status=status, **values)
    contract.enterprises.set(covered)
    return contract


@transaction.atomic
def contract_update(
    *, by: Any, contract: CollectiveContract, enterprises: Iterable[Enterprise] | None = None, **fields: Any
) -> CollectiveContract:
    """Change a contract's terms or covered enterprises; a signed one cannot go back to draft.

    Only the fields given change. A terminated contract is history and cannot be changed.
    """
    _require_change(by, contract.org)
    contract = _lock_contract(contract)
    if contract.status == ContractStatus.TERMINATED:
        raise Conflict(_("A terminated contract cannot be changed."))
    merged = {name: getattr(contract, name) for name in CONTRACT_FIELDS}
    merged.update({k: v for k, v in fields.items() if k in CONTRACT_FIELDS})
    errors = _Errors()
    values = _clean_contract(merged, errors)
    current = list(contract.enterprises.select_related("org", "union"))
    chosen = current if enterprises is None else list(enterprises)
    covered = _check_enterprises(contract.org, values["kind"], chosen, errors, keep=[e.pk for e in current])
    if contract.status == ContractStatus.SIGNED and not values["signed_on"] and not errors.has("signed_on"):
        errors.add("signed_on", _("A signed contract keeps its signing date; it cannot go back to draft."))
    errors.raise_any()
    _lock_enterprises(covered)
    _check_overlap(values, covered, exclude_pk=contract.pk)
    if contract.filed_on and values["signed_on"] and values["signed_on"] > contract.filed_on:
        raise DomainError(_("The contract was filed before this signing date."), field="signed_on")
    for key, value in values.items():
        setattr(contract, key, value)
    contract.status = ContractStatus.SIGNED if values["signed_on"] else ContractStatus.DRAFT
    contract.save()
    if {e.pk for e in covered} != {e.pk for e in current}:
        contract.enterprises.set(covered)
    return contract


@transaction.atomic
def contract_file(
    *, by: Any, contract: CollectiveContract, filed_on: datetime.date, filing_number: str
) -> CollectiveContract:
    """Record the filing (备案) with the labour bureau; filing again corrects the date or number."""
    _require_change(by, contract.org)
    contract = _lock_contract(contract)
    if contract.status == ContractStatus.DRAFT:
        raise Conflict(_("Only a signed contract can be filed with the labour bureau."))
    errors = _Errors()
    day = _date(filed_on, "filed_on", errors, required=True)
    number = _text(filing_number, "filing_number", errors, limit=60, required=_("Enter the filing number."))
    if day and day > timezone.localdate():
        errors.add("filed_on", _("The filing date cannot be in the future."))
    elif day and contract.signed_on and day < contract.signed_on:
        errors.add("filed_on", _("A contract is filed after it is signed."))
    errors.raise_any()
    contract.filed_on, contract.filing_number = day, number
    contract.save(update_fields=["filed_on", "filing_number", "updated_at"])
    return contract


@transaction.atomic
def contract_terminate(
    *, by: Any, contract: CollectiveContract, on: datetime.date, reason: str
) -> CollectiveContract:
    """End a contract before its term (or abandon a draft); it is no longer in force from ``on``."""
    _require_change(by, contract.org)
    contract = _lock_contract(contract)
    if contract.status == ContractStatus.TERMINATED:
        raise Conflict(_("This contract is already terminated."))
    errors = _Errors()
    day = _date(on, "on", errors, required=True)
    text = _text(reason, "reason", errors, limit=300, required=_("Give the reason for termination."))
    if day and day > timezone.localdate():
        errors.add("on", _("Record a termination when it happens: the date cannot be in the future."))
    elif day and contract.status == ContractStatus.SIGNED:
        if contract.signed_on and day < contract.signed_on:
            errors.add("on", _("A contract cannot end before it was signed."))
        elif day > contract.term_end:
            errors.add("on", _("The contract had already expired on that day."))
    errors.raise_any()
    contract.status = ContractStatus.TERMINATED
    contract.terminated_on, contract.termination_reason = day, text
    contract.save(update_fields=["status", "terminated_on", "termination_reason", "updated_at"])
    return contract


# --- fulfilment checks -------------------------------------------------------------------------------


@transaction.atomic
def fulfilment_check_record(
    *,
    by: Any,
    contract: CollectiveContract,
    year: int,
    result: str,
    checked_on: datetime.date,
    findings: str = "",
    checked_by: str = "",
) -> FulfilmentCheck:
    """Record the check of a year for a contract that was in force during that year; one per year."""
    _require_change(by, contract.org)
    contract = _lock_contract(contract)
    errors = _Errors()
    year = _year(year, errors)
    if result not in CheckResult.values:
        errors.add("result", _("Choose the result of the check."))
    day = _date(checked_on, "checked_on", errors, required=True)
    findings = _text(findings, "findings", errors, limit=5000)
    checked_by = _text(checked_by, "checked_by", errors, limit=200)
    if day and day > timezone.localdate():
        errors.add("checked_on", _("The check date cannot be in the future."))
    elif day and year and day < datetime.date(year, 1, 1):
        errors.add("checked_on", _("A year's check is made during or after that year."))
    if year and not _in_force_during(contract, year):
        errors.add("year", _("The contract was not in force in %(year)s.") % {"year": year})
    errors.raise_any()
    if FulfilmentCheck.objects.filter(contract=contract, year=year).exists():
        raise Conflict(_one_check_message(year), field="year")
    try:
        with transaction.atomic():
            return FulfilmentCheck.objects.create(
                org=contract.org,
                contract=contract,
                year=year,
                result=result,
                checked_on=day,
                findings=findings,
                checked_by=checked_by,
                recorded_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise Conflict(_one_check_message(year), field="year") from None


def _one_check_message(year: int) -> Any:
    return _("This contract already has its check for %(year)s: one check per contract per year.") % {
        "year": year
    }


def _in_force_during(contract: CollectiveContract, year: int) -> bool:
    """Signed, and in force on at least one day of ``year``."""
    if contract.status == ContractStatus.DRAFT:
        return False
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = max(contract.term_start, contract.signed_on or contract.term_start, first)
    end = min(contract.term_end, last)
    if contract.terminated_on is not None:
        end = min(end, contract.terminated_on - datetime.timedelta(days=1))
    return start <= end


# --- openness ----------------------------------------------------------------------------------------


def openness_owner(enterprise: Enterprise) -> Organisation:
    """The organisation that keeps an enterprise's openness records: its union, or its keeper."""
    return enterprise.union or enterprise.org


def openness_form(enterprise: Enterprise) -> str:
    """政务公开 for organs and public institutions, 厂务公开 for every other enterprise."""
    return OpennessForm.GOVERNMENT if enterprise.type in PUBLIC_TYPES else OpennessForm.ENTERPRISE


def _clean_openness(
    enterprise: Enterprise, year: Any, practising: Any, items: Any, methods: Any, notes: Any, errors: _Errors
) -> dict[str, Any]:
    year = _year(year, errors)
    chosen = list(dict.fromkeys(methods or []))
    if any(m not in OpennessMethod.values for m in chosen):
        errors.add("methods", _("Choose methods from the list."))
    if practising and not chosen:
        errors.add("methods", _("Say how the enterprise discloses: at least one method."))
    if year and enterprise.closed_on and enterprise.closed_on < datetime.date(year, 1, 1):
        errors.add(
            "enterprise", _("%(name)s was closed before %(year)s.") % {"name": enterprise.name, "year": year}
        )
    return {
        "year": year,
        "practising": bool(practising),
        "items": _text(items, "items", errors, limit=5000),
        "methods": [m for m in OpennessMethod.values if m in chosen],
        "notes": _text(notes, "notes", errors, limit=2000),
    }


def _save_openness(by: Any, enterprise: Enterprise, values: dict[str, Any]) -> OpennessRecord:
    existing = (
        OpennessRecord.objects.select_for_update()
        .select_related("org")
        .filter(enterprise=enterprise, year=values["year"])
        .first()
    )
    if existing is not None:
        _require_change(by, existing.org)
        for key, value in values.items():
            setattr(existing, key, value)
        existing.form = openness_form(enterprise)
        existing.save()
        return existing
    owner = openness_owner(enterprise)
    _require_change(by, owner)
    try:
        with transaction.atomic():
            return OpennessRecord.objects.create(
                org=owner, enterprise=enterprise, form=openness_form(enterprise), **values
            )
    except IntegrityError:
        raise Conflict(
            _("Someone recorded this enterprise's year meanwhile; reload and try again.")
        ) from None


@transaction.atomic
def openness_record(
    *,
    by: Any,
    enterprise: Enterprise,
    year: int,
    practising: bool,
    items: str = "",
    methods: Iterable[str] = (),
    notes: str = "",
) -> OpennessRecord:
    """Record (or correct) whether an enterprise practised openness in a year: one record per year.

    The record is kept by the enterprise's union (by its keeper when it has none); the form,
    厂务公开 or 政务公开, follows from the enterprise's type.
    """
    _require_change(by, openness_owner(enterprise))
    errors = _Errors()
    values = _clean_openness(enterprise, year, practising, items, methods, notes, errors)
    errors.raise_any()
    return _save_openness(by, enterprise, values)


@transaction.atomic
def openness_record_many(*, by: Any, year: int, entries: Iterable[Mapping[str, Any]]) -> list[OpennessRecord]:
    """The bulk entry of a year: each entry has ``enterprise``, ``practising``, ``methods``, ``items``.

    Every entry is checked first and every problem reported with the enterprise's name; nothing
    is saved unless all are good.
    """
    entries = list(entries)
    problems: list[FieldError] = []
    checked: list[tuple[Enterprise, dict[str, Any]]] = []
    for entry in entries:
        enterprise = entry["enterprise"]
        if not scoping.has_perm(by, PERM_CHANGE, openness_owner(enterprise)):
            problems.append(FieldError(None, _("%(name)s: outside your scope.") % {"name": enterprise.name}))
            continue
        errors = _Errors()
        values = _clean_openness(
            enterprise,
            year,
            entry.get("practising"),
            entry.get("items", ""),
            entry.get("methods", ()),
            entry.get("notes", ""),
            errors,
        )
        for error in errors.items:
            problems.append(FieldError(error.field, f"{enterprise.name}: {error.message}"))
        checked.append((enterprise, values))
    if problems:
        raise DomainError(
            problems[0].message if len(problems) == 1 else _("Some rows are not valid."), errors=problems
        )
    return [_save_openness(by, enterprise, values) for enterprise, values in checked]


# --- surveys and answers -----------------------------------------------------------------------------


def new_public_code() -> str:
    """A code workers type from their paper questionnaire: 8 characters without look-alikes."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not SatisfactionSurvey.objects.filter(public_code=code).exists():
            return code


DEFAULT_QUESTION = _("How satisfied are you with the openness and democratic management of your workplace?")


@transaction.atomic
def survey_create(
    *,
    by: Any,
    org: Organisation,
    year: int,
    title: str,
    question: str = "",
    enterprise: Enterprise | None = None,
) -> SatisfactionSurvey:
    """Open a satisfaction survey of ``org`` for a year, optionally about one enterprise."""
    check_owner(by, org)
    errors = _Errors()
    year = _year(year, errors, latest=timezone.localdate().year + 1)
    title = _text(title, "title", errors, limit=200, required=_("Enter the title."))
    question = _text(question, "question", errors, limit=300) or str(DEFAULT_QUESTION)
    if enterprise is not None and not reaches(org, enterprise):
        errors.add(
            "enterprise",
            _("%(name)s is neither kept by %(org)s nor has its union there.")
            % {"name": enterprise.name, "org": org.name},
        )
    errors.raise_any()
    return SatisfactionSurvey.objects.create(
        org=org,
        year=year,
        title=title,
        question=question,
        enterprise=enterprise,
        public_code=new_public_code(),
    )


def _lock_survey(survey: SatisfactionSurvey) -> SatisfactionSurvey:
    return SatisfactionSurvey.objects.select_for_update(of=("self",)).select_related("org").get(pk=survey.pk)


@transaction.atomic
def survey_close(*, by: Any, survey: SatisfactionSurvey) -> SatisfactionSurvey:
    """Close a survey: no more answers, on paper or online; its results stay."""
    _require_change(by, survey.org)
    survey = _lock_survey(survey)
    if not survey.is_open:
        raise Conflict(_("This survey is already closed."))
    survey.is_open, survey.closed_at = False, timezone.now()
    survey.save(update_fields=["is_open", "closed_at", "updated_at"])
    return survey


def _check_open(survey: SatisfactionSurvey) -> None:
    if not survey.is_open:
        raise Conflict(_("This survey is closed and takes no more answers."))


@transaction.atomic
def survey_response_enter(
    *, by: Any, survey: SatisfactionSurvey, counts: Mapping[str, Any], comment: str = ""
) -> int:
    """Enter paper answers: ``counts`` maps each answer to how many questionnaires gave it.

    Offices enter a pile at once (95 satisfied and 5 neutral). A comment belongs to one
    questionnaire, so it is taken only with a single answer. Returns how many were entered.
    """
    _require_change(by, survey.org)
    survey = _lock_survey(survey)
    _check_open(survey)
    errors = _Errors()
    clean: dict[str, int] = {}
    for answer, n in (counts or {}).items():
        if answer not in Answer.values:
            errors.add("counts", _("Unknown answer: %(answer)s.") % {"answer": answer})
            continue
        n = 0 if n in (None, "") else n
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            errors.add(answer, _("Enter how many (0 or more)."))
            continue
        clean[answer] = n
    total = sum(clean.values())
    comment = _text(comment, "comment", errors, limit=2000)
    if not errors.items:
        if total == 0:
            errors.add("counts", _("Enter at least one answer."))
        elif total > MAX_ANSWERS_PER_ENTRY:
            errors.add("counts", _("Enter at most %(n)s answers at once.") % {"n": MAX_ANSWERS_PER_ENTRY})
        elif comment and total != 1:
            errors.add("comment", _("A comment belongs to one questionnaire: enter it with a single answer."))
    errors.raise_any()
    entered_by = by if getattr(by, "is_authenticated", False) else None
    rows = [
        SurveyResponse(
            org=survey.org,
            survey=survey,
            channel=Channel.PAPER,
            answer=answer,
            comment=comment,
            entered_by=entered_by,
        )
        for value, _label in Answer.choices
        for answer in [value] * clean.get(value, 0)
    ]
    SurveyResponse.objects.bulk_create(rows, batch_size=500)
    # bulk_create bypasses the change log: one entry on the survey records the whole pile.
    record_event(
        survey,
        user=by,
        changes={f"paper:{a}": ["0", str(n)] for a, n in clean.items() if n},
        note=f"paper answers entered: {total}",
    )
    return total


def respondent_key(survey: SatisfactionSurvey, session_key: str) -> str:
    """A stable key for an anonymous browser session; the session id itself is not stored."""
    return hashlib.sha256(f"{survey.pk}:{session_key}".encode()).hexdigest()


@transaction.atomic
def survey_answer_online(
    *, survey: SatisfactionSurvey, answer: str, comment: str = "", user: Any = None, session_key: str = ""
) -> SurveyResponse:
    """A worker's own answer, by the survey's public code: once per account, or per browser session."""
    survey = _lock_survey(survey)
    _check_open(survey)
    errors = _Errors()
    if answer not in Answer.values:
        errors.add("answer", _("Choose your answer."))
    comment = _text(comment, "comment", errors, limit=1000)
    account = user if getattr(user, "is_authenticated", False) else None
    if account is None and not session_key:
        errors.add(None, _("Your browser must accept cookies to answer."))
    errors.raise_any()
    key = "" if account is not None else respondent_key(survey, session_key)
    mine = SurveyResponse.objects.filter(survey=survey)
    if (account and mine.filter(respondent=account).exists()) or (
        key and mine.filter(respondent_key=key).exists()
    ):
        raise Conflict(_("You have already answered this survey. Thank you."))
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                org=survey.org,
                survey=survey,
                channel=Channel.ONLINE,
                answer=answer,
                comment=comment,
                respondent=account,
                respondent_key=key,
            )
    except IntegrityError:
        raise Conflict(_("You have already answered this survey. Thank you.")) from None
