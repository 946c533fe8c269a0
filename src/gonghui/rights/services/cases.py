"""Rights cases: open, change details, claimants and their amounts, stage transitions, documents.

The stage moves only along ``choices.TRANSITIONS``; any other jump is refused with 409, and so is
any change to a closed case. Each transition closes the current ``CaseStage`` row (``left_at``) and
opens the next in the same transaction, under a row lock on the case, so two clerks pressing
"accept" at once produce one transition and one clear refusal.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.accounts.roles import Role
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.money import to_money
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.rights.choices import (
    INTAKE_CLOSE_OUTCOMES,
    STAGE_VERBS,
    TRANSITIONS,
    CaseOutcome,
    CaseType,
    Stage,
)
from gonghui.rights.models import (
    CaseClaimant,
    CaseDocument,
    CaseStage,
    Consultation,
    CumulativeBaseline,
    RightsCase,
)
from gonghui.rights.perms import RIGHTS_CHANGE
from gonghui.rights.services import common

NAME_RESPONDENT = _(
    "Name the respondent: a registered enterprise, or its name and city when it is not registered."
)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".ofd"}


def lock(case: RightsCase) -> RightsCase:
    """Re-read one case under a row lock (the one lock helper for cases)."""
    return RightsCase.objects.select_for_update().get(pk=case.pk)


def require_change(by: Any, case: RightsCase) -> None:
    """``rights.change`` over the case's organisation, or being its assigned adviser."""
    if case.adviser_id == getattr(by, "pk", None) and scoping.has_perm(by, RIGHTS_CHANGE):
        return
    scoping.require(by, RIGHTS_CHANGE, case.org)


def may_change(by: Any, case: RightsCase) -> bool:
    try:
        require_change(by, case)
    except DomainError:
        return False
    return True


def _require_open(case: RightsCase) -> None:
    if case.stage == Stage.CLOSED:
        raise Conflict(_("This case is closed and can no longer be changed."))


# --- checks ---------------------------------------------------------------------------------------


def check_adviser(adviser: Any) -> None:
    """The assigned adviser is an active user holding the legal adviser role."""
    if adviser is None:
        return
    if not common.holds_role_over(adviser, Role.LEGAL_ADVISER):
        raise DomainError(_("The adviser must be a user with the legal adviser role."), field="adviser")


def _check_type(value: str) -> str:
    if value not in CaseType.values:
        raise DomainError(_("Choose one of the allowed values."), field="type")
    return value


def _check_respondent(by: Any, respondent: Any, name: str, city: str) -> tuple[str, str]:
    common.check_enterprise(by, respondent)
    name = common.clean_text(name, "respondent_name", limit=200)
    city = common.clean_text(city, "respondent_city", limit=60)
    if respondent is None and not name:
        raise DomainError(
            NAME_RESPONDENT,
            field="respondent_name",
        )
    return name, city


def _check_dates(knew_on: datetime.date | None, opened_on: datetime.date) -> None:
    common.check_not_future(opened_on, "opened_on")
    common.check_not_future(knew_on, "knew_on")
    if knew_on and knew_on > opened_on:
        raise DomainError(
            _("The worker cannot have learned of it after the case was opened."), field="knew_on"
        )


def _claimant_values(by: Any, data: Mapping[str, Any], index: int | None = None) -> dict[str, Any]:
    """Checked values of one claimant; the name comes from the registry when a person is linked."""
    prefix = f"claimants.{index}." if index is not None else ""
    person = data.get("person")
    common.check_person(by, person, field=f"{prefix}person")
    name = (
        person.name if person is not None else common.clean_text(data.get("name"), f"{prefix}name", limit=50)
    )
    if not name:
        raise DomainError(_("Give the claimant's name or choose a registered person."), field=f"{prefix}name")
    values = {
        "person": person,
        "name": name,
        "origin": common.clean_text(data.get("origin"), f"{prefix}origin", limit=60),
        "is_migrant_worker": bool(data.get("is_migrant_worker", False)),
    }
    for key in ("claimed_amount", "recovered_amount", "awarded_amount"):
        amount = to_money(data.get(key) or "0", field=f"{prefix}{key}")
        if amount < 0:
            raise DomainError(_("An amount cannot be negative."), field=f"{prefix}{key}")
        values[key] = amount
    return values


# --- numbering ------------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    """维权 case numbers run per year: WQ2015-0001, WQ2015-0002…"""
    prefix = f"WQ{year}-"
    last = (
        RightsCase.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{seq:04d}"


# --- create and change ----------------------------------------------------------------------------


def case_create(
    *,
    by: Any,
    type: str,
    title: str,
    org: Organisation | None = None,
    service_point: ServicePoint | None = None,
    consultation: Consultation | None = None,
    respondent: Any = None,
    respondent_name: str = "",
    respondent_city: str = "",
    adviser: Any = None,
    knew_on: datetime.date | None = None,
    opened_on: datetime.date | None = None,
    opened_at: datetime.datetime | None = None,
    summary: str = "",
    legal_aid_referred: bool = False,
    legal_aid_note: str = "",
    claimants: Iterable[Mapping[str, Any]] = (),
) -> RightsCase:
    """Open a case at intake with its claimants (at least one). ``org`` is the handling point's
    organisation when a point is given, else the one named, else the caller's own.

    ``consultation`` (already locked and checked by ``consultation_open_case``) links the case to
    the visit it came from; the database allows one case per consultation.
    """
    if service_point is not None:
        org = service_point.org
    elif org is None:
        org = common.default_org(by, RIGHTS_CHANGE)
    common.check_org(by, org, RIGHTS_CHANGE)
    common.check_point(by, service_point, RIGHTS_CHANGE)
    _check_type(type)
    title = common.clean_text(title, "title", required=True, limit=200)
    respondent_name, respondent_city = _check_respondent(by, respondent, respondent_name, respondent_city)
    check_adviser(adviser)
    entered_at = common.aware(opened_at or opened_on) or timezone.now()
    common.check_not_future(entered_at, "opened_on")
    opened_on = timezone.localdate(entered_at)
    _check_dates(knew_on, opened_on)
    rows = [_claimant_values(by, c, i) for i, c in enumerate(claimants)]
    if not rows:
        raise DomainError(_("A case needs at least one claimant."), field="claimants")
    _check_distinct_people(rows)

    with transaction.atomic():
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    case = RightsCase.objects.create(
                        org=org,
                        number=_next_number(opened_on.year),
                        consultation=consultation,
                        type=type,
                        title=title,
                        summary=summary.strip(),
                        respondent=respondent,
                        respondent_name=respondent_name,
                        respondent_city=respondent_city,
                        service_point=service_point,
                        adviser=adviser,
                        knew_on=knew_on,
                        opened_on=opened_on,
                        legal_aid_referred=legal_aid_referred,
                        legal_aid_note=common.clean_text(legal_aid_note, "legal_aid_note", limit=300),
                        created_by=by,
                    )
                break
            except IntegrityError as exc:
                if "consultation" in str(exc).lower():
                    raise Conflict(_("This consultation already has a case."), field="consultation") from None
                continue  # another clerk took the number meanwhile: try the next one
        else:
            raise Conflict(_("Could not number the case; please try again."))
        CaseStage.objects.create(case=case, stage=Stage.INTAKE, entered_at=entered_at, entered_by=by)
        for row in rows:
            CaseClaimant.objects.create(case=case, **row)
    return case


def _check_distinct_people(rows: list[dict[str, Any]]) -> None:
    seen: set[int] = set()
    for index, row in enumerate(rows):
        person = row.get("person")
        if person is None:
            continue
        if person.pk in seen:
            raise DomainError(
                _("This person is already a claimant in the case."), field=f"claimants.{index}.person"
            )
        seen.add(person.pk)


CASE_FIELDS = (
    "title",
    "summary",
    "type",
    "respondent",
    "respondent_name",
    "respondent_city",
    "adviser",
    "knew_on",
    "legal_aid_referred",
    "legal_aid_note",
)


def case_update(*, case: RightsCase, by: Any, **changes: Any) -> RightsCase:
    """Change a case's details (never its stage, which only the transition verbs move)."""
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    require_change(by, case)
    with transaction.atomic():
        case = lock(case)
        _require_open(case)
        values = {f: getattr(case, f) for f in CASE_FIELDS}
        values.update(changes)
        _check_type(values["type"])
        values["title"] = common.clean_text(values["title"], "title", required=True, limit=200)
        values["summary"] = (values["summary"] or "").strip()
        if "respondent" in changes and changes["respondent"] is not None:
            common.check_enterprise(by, changes["respondent"])
        if values["respondent"] is None and not (values["respondent_name"] or "").strip():
            raise DomainError(
                NAME_RESPONDENT,
                field="respondent_name",
            )
        values["respondent_name"] = common.clean_text(values["respondent_name"], "respondent_name", limit=200)
        values["respondent_city"] = common.clean_text(values["respondent_city"], "respondent_city", limit=60)
        values["legal_aid_note"] = common.clean_text(values["legal_aid_note"], "legal_aid_note", limit=300)
        if "adviser" in changes:
            check_adviser(values["adviser"])
        _check_dates(values["knew_on"], case.opened_on)
        for field, value in values.items():
            setattr(case, field, value)
        case.save()
    return case


# --- claimants ------------------------------------------------------------------------------------


def claimant_add(*, case: RightsCase, by: Any, **data: Any) -> CaseClaimant:
    """Add a claimant to an open case (a collective case gains its workers one by one)."""
    require_change(by, case)
    values = _claimant_values(by, data)
    with transaction.atomic():
        case = lock(case)
        _require_open(case)
        if values["person"] is not None and case.claimants.filter(person=values["person"]).exists():
            raise DomainError(_("This person is already a claimant in the case."), field="person")
        return CaseClaimant.objects.create(case=case, **values)


def claimant_update(*, claimant: CaseClaimant, by: Any, **data: Any) -> CaseClaimant:
    """Change a claimant's details or amounts while the case is open."""
    case = claimant.case
    require_change(by, case)
    current = {
        "person": claimant.person,
        "name": claimant.name,
        "origin": claimant.origin,
        "is_migrant_worker": claimant.is_migrant_worker,
        "claimed_amount": claimant.claimed_amount,
        "recovered_amount": claimant.recovered_amount,
        "awarded_amount": claimant.awarded_amount,
    }
    current.update(data)
    if "person" in data and data["person"] is None and "name" not in data:
        current["name"] = claimant.name
    values = _claimant_values(by, current)
    with transaction.atomic():
        case = lock(case)
        _require_open(case)
        if (
            values["person"] is not None
            and case.claimants.filter(person=values["person"]).exclude(pk=claimant.pk).exists()
        ):
            raise DomainError(_("This person is already a claimant in the case."), field="person")
        for field, value in values.items():
            setattr(claimant, field, value)
        claimant.save()
    return claimant


def claimant_remove(*, claimant: CaseClaimant, by: Any) -> None:
    """Remove a claimant entered by mistake; a case keeps at least one."""
    case = claimant.case
    require_change(by, case)
    with transaction.atomic():
        case = lock(case)
        _require_open(case)
        if case.claimants.count() <= 1:
            raise Conflict(_("A case keeps at least one claimant."))
        claimant.delete()


def _apply_amounts(case: RightsCase, amounts: Mapping[Any, Mapping[str, Any]]) -> None:
    """Set recovered and awarded amounts of the case's claimants, by claimant id."""
    claimants = {c.pk: c for c in case.claimants.all()}
    for key, values in amounts.items():
        claimant = claimants.get(int(key))
        if claimant is None:
            raise DomainError(_("This claimant is not part of the case."), field=f"amounts.{key}")
        for field in ("recovered_amount", "awarded_amount", "claimed_amount"):
            if field in values and values[field] not in (None, ""):
                amount = to_money(values[field], field=f"amounts.{key}.{field}")
                if amount < 0:
                    raise DomainError(_("An amount cannot be negative."), field=f"amounts.{key}.{field}")
                setattr(claimant, field, amount)
        claimant.save()


# --- stages ---------------------------------------------------------------------------------------


def allowed_next(case: RightsCase) -> list[str]:
    """The stages the case may move to now, in the order of the stage list."""
    return [s for s in Stage.values if s in TRANSITIONS[case.stage]]


def _check_transition(case: RightsCase, to: str, outcome: str) -> None:
    if to not in Stage.values:
        raise DomainError(_("Choose one of the allowed values."), field="stage")
    if to not in TRANSITIONS[case.stage]:
        allowed = "、".join(str(Stage(s).label) for s in allowed_next(case)) or "—"
        raise Conflict(
            _("A case at stage “%(from)s” cannot move to “%(to)s”; it may move to: %(allowed)s.")
            % {"from": Stage(case.stage).label, "to": Stage(to).label, "allowed": allowed},
            field="stage",
        )
    if to == Stage.CLOSED:
        if outcome not in CaseOutcome.values:
            raise DomainError(_("Choose how the case ended."), field="outcome")
        if case.stage == Stage.INTAKE and outcome not in INTAKE_CLOSE_OUTCOMES:
            raise Conflict(
                _("A case that was never accepted can only be closed as withdrawn or transferred."),
                field="outcome",
            )
    elif outcome:
        raise DomainError(_("Only closing a case takes an outcome."), field="outcome")


def case_transition(
    *,
    case: RightsCase,
    by: Any,
    to: str,
    at: datetime.datetime | datetime.date | None = None,
    actions: str = "",
    result: str = "",
    outcome: str = "",
    amounts: Mapping[Any, Mapping[str, Any]] | None = None,
) -> RightsCase:
    """Move a case to stage ``to``: ``result`` ends the current stage's record, ``actions`` starts
    the next one's. Closing takes an ``outcome`` and may set the claimants' final ``amounts``
    (``{claimant_id: {"recovered_amount": …, "awarded_amount": …}}``). ``at`` records a step taken
    earlier (not before the current stage began, not in the future)."""
    require_change(by, case)
    when = common.aware(at) or timezone.now()
    common.check_not_future(when, "at")
    with transaction.atomic():
        case = lock(case)
        _check_transition(case, to, outcome)
        current = case.stages.select_for_update().get(left_at__isnull=True)
        if when < current.entered_at:
            raise DomainError(_("A stage cannot end before it began."), field="at")
        current.left_at = when
        if result.strip():
            current.result = "\n".join(filter(None, [current.result, result.strip()]))
        current.save()
        CaseStage.objects.create(case=case, stage=to, entered_at=when, actions=actions.strip(), entered_by=by)
        case.stage = to
        if to == Stage.ACCEPTED:
            case.accepted_on = timezone.localdate(when)
        if to == Stage.CLOSED:
            case.outcome = outcome
            case.closed_on = timezone.localdate(when)
            if amounts:
                _apply_amounts(case, amounts)
        case.save()
    return case


def _verb(to: str) -> Any:
    def transition(*, case: RightsCase, by: Any, **kwargs: Any) -> RightsCase:
        return case_transition(case=case, by=by, to=to, **kwargs)

    transition.__name__ = f"case_{STAGE_VERBS[to]}"
    transition.__doc__ = f"Move a case to the {to} stage (see ``case_transition``)."
    return transition


case_accept = _verb(Stage.ACCEPTED)
case_mediate = _verb(Stage.MEDIATION)
case_arbitrate = _verb(Stage.ARBITRATION)
case_litigate = _verb(Stage.LITIGATION)
case_close = _verb(Stage.CLOSED)


def stage_record(
    *, stage: CaseStage, by: Any, actions: str | None = None, result: str | None = None
) -> CaseStage:
    """Write what was done in the current stage and what came of it, as the case goes along."""
    require_change(by, stage.case)
    with transaction.atomic():
        case = lock(stage.case)
        _require_open(case)
        stage = CaseStage.objects.select_for_update().get(pk=stage.pk)
        if stage.left_at is not None:
            raise Conflict(_("Only the current stage's record can be changed."))
        if actions is not None:
            stage.actions = actions.strip()
        if result is not None:
            stage.result = result.strip()
        stage.save()
    return stage


def document_add(*, stage: CaseStage, by: Any, file: Any, title: str = "") -> CaseDocument:
    """Attach a file (application, agreement, award, judgment) to a stage of the case."""
    import os

    require_change(by, stage.case)
    name = os.path.basename(getattr(file, "name", "") or "")
    if not name:
        raise DomainError(_("Choose a file."), field="file")
    if os.path.splitext(name)[1].lower() not in DOCUMENT_TYPES:
        raise DomainError(_("Attach a PDF, image, Word, Excel, OFD or text file."), field="file")
    if getattr(file, "size", 0) > MAX_DOCUMENT_BYTES:
        raise DomainError(_("The file is larger than 20 MB."), field="file")
    title = common.clean_text(title or name, "title", limit=200)
    with transaction.atomic():
        lock(stage.case)
        return CaseDocument.objects.create(
            stage=stage, title=title, file=file, original_name=name[:255], uploaded_by=by
        )


# --- the cumulative baseline ----------------------------------------------------------------------


BASELINE_ORG_KINDS = ("federation", "township", "street", "industry")


def _ancestor_paths(path: str) -> list[str]:
    step = Organisation.steplen
    return [path[:end] for end in range(step, len(path), step)]


def baseline_set(
    *,
    by: Any,
    org: Organisation,
    since: datetime.date,
    as_of: datetime.date,
    recovered_amount: Any,
    awarded_amount: Any = "0",
    note: str = "",
) -> CumulativeBaseline:
    """Record (or correct) what ``org`` recovered and won before the platform, up to ``as_of``.

    Kept by the federation, township, street and industry unions; a union under or above one
    that already has a baseline cannot have its own, or the county's cumulative figure would
    count the same years twice.
    """
    common.check_org(by, org, RIGHTS_CHANGE)
    if org.kind not in BASELINE_ORG_KINDS:
        raise DomainError(
            _("Only the federation or a township, street or industry union keeps these figures."),
            field="org",
        )
    overlapping = (
        CumulativeBaseline.objects.exclude(org=org)
        .filter(Q(org__path__startswith=org.path) | Q(org__path__in=_ancestor_paths(org.path)))
        .select_related("org")
        .first()
    )
    if overlapping is not None:
        raise DomainError(
            _("%(org)s already counts these figures; record them there.") % {"org": overlapping.org.name},
            field="org",
        )
    if as_of < since:
        raise DomainError(_("The period ends before it begins."), field="as_of")
    recovered = to_money(recovered_amount, field="recovered_amount")
    awarded = to_money(awarded_amount, field="awarded_amount")
    if recovered < 0 or awarded < 0:
        raise DomainError(_("An amount cannot be negative."), field="recovered_amount")
    with transaction.atomic():
        baseline, _created = CumulativeBaseline.objects.select_for_update().get_or_create(
            org=org,
            defaults={
                "since": since,
                "as_of": as_of,
                "recovered_amount": recovered,
                "awarded_amount": awarded,
            },
        )
        baseline.since, baseline.as_of = since, as_of
        baseline.recovered_amount, baseline.awarded_amount = recovered, awarded
        baseline.note = common.clean_text(note, "note", limit=300)
        baseline.save()
    return baseline


def total_amounts(case: RightsCase) -> dict[str, Decimal]:
    """The case's claimed, recovered and awarded totals over its claimants."""
    totals = {
        "claimed_amount": Decimal("0.00"),
        "recovered_amount": Decimal("0.00"),
        "awarded_amount": Decimal("0.00"),
    }
    for claimant in case.claimants.all():
        for key in totals:
            totals[key] += getattr(claimant, key)
    return totals
