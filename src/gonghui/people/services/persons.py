"""Every change to a person: create, update, set status. Check, then do; one transaction each.

Sex and birth date are derived from the ID number; a value given alongside it (a form, an import
row) that contradicts the number is refused rather than silently overwritten, because it means
one of the two was typed wrong. The same ID number can never be registered twice: the blind
index is checked first for a clear message, and the unique constraint catches the race of two
offices saving the same person at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import require
from gonghui.core.errors import Conflict, DomainError, FieldError
from gonghui.people import choices, identity, phones, pinyin, tokens
from gonghui.people.models import Person

PERM_CHANGE = "people.change"

# Fields a caller may set directly; sex and birth date are checked against the ID number.
EDITABLE = (
    "name",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "phone",
    "hukou_type",
    "residence_region",
    "address",
    "education",
    "political_status",
    "health",
    "health_note",
    "disability_kind",
    "disability_grade",
    "disability_cert_number",
    "employer_name",
    "job",
    "is_migrant_worker",
    "work_city",
)

_CHOICES = {
    "ethnicity": choices.Ethnicity,
    "hukou_type": choices.HukouType,
    "education": choices.Education,
    "political_status": choices.PoliticalStatus,
    "health": choices.Health,
    "disability_kind": choices.DisabilityKind,
}
_TEXT = ("address", "health_note", "employer_name", "job", "work_city")


def person_create(*, by: Any, org: Any, name: str, id_number: str, **fields: Any) -> Person:
    """Register a person under ``org``. Returns the person with ``warnings`` (region code, 15 digits)."""
    require(by, PERM_CHANGE, org)
    _reject_unknown(fields)
    values, warnings = _checked({"name": name, "id_number": id_number, **fields}, person=None)
    person = Person(org=org, **values)
    with transaction.atomic():
        _save(person)
        tokens.rebuild(person)
        _link_household_rows(person)
    person.warnings = warnings
    return person


def person_update(*, by: Any, person: Person, org: Any | None = None, **changes: Any) -> Person:
    """Change a person's details (or move them to another organisation, with rights over both)."""
    require(by, PERM_CHANGE, person.org)
    if org is not None and org.pk != person.org_id:
        require(by, PERM_CHANGE, org)
    _reject_unknown(changes)
    with transaction.atomic():
        person = _lock(person)
        ensure_live(person)
        current = {f: getattr(person, f) for f in EDITABLE if f not in ("sex", "birth_date")}
        values, warnings = _checked({**current, **changes}, person=person)
        for name, value in values.items():
            setattr(person, name, value)
        if org is not None:
            person.org = org
        _save(person)
        tokens.rebuild(person)
        _link_household_rows(person)
    person.warnings = warnings
    return person


def person_set_status(
    *, by: Any, person: Person, status: str, on: datetime.date | None = None, note: str = ""
) -> Person:
    """Mark a person active, deceased or moved away; later apps stop offering aid to the inactive."""
    require(by, PERM_CHANGE, person.org)
    if status not in dict(choices.MANUAL_STATUSES):
        raise DomainError(_("Choose one of the allowed values."), field="status")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise DomainError(_("The date cannot be in the future."), field="on")
    if len(note) > 300:
        raise DomainError(_("This text is too long."), field="note")
    with transaction.atomic():
        person = _lock(person)
        ensure_live(person)
        if person.status == status:
            raise Conflict(_("The person already has this status."), field="status")
        person.status = status
        person.status_changed_on = on
        person.status_note = note.strip()
        person.save(update_fields=["status", "status_changed_on", "status_note", "updated_at"])
    person.warnings = []
    return person


def ensure_live(person: Person) -> None:
    """Refuse to act on a record merged into another: changes belong on the survivor."""
    if person.merged_into_id is not None:
        raise Conflict(_("This record was merged into another one; change that one instead."))


def _link_household_rows(person: Person) -> None:
    from gonghui.people.services.households import link_registered

    link_registered(person)


# --- checks


def _reject_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown person fields: {', '.join(sorted(unknown))}")


def _checked(data: dict[str, Any], *, person: Person | None) -> tuple[dict[str, Any], list[Any]]:
    """Clean every field, collecting every error; raise them together so a form shows them all."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    warnings: list[Any] = []

    def attempt(field: str, check: Any) -> None:
        try:
            values[field] = check()
        except DomainError as exc:
            errors.extend(FieldError(e.field or field, e.message) for e in exc.errors)

    attempt("name", lambda: _name(data.get("name")))
    parsed: identity.IdNumber | None = None
    try:
        parsed = identity.parse(data.get("id_number"))
    except DomainError as exc:
        errors.extend(exc.errors)
    if parsed is not None:
        values["id_number"] = parsed.number
        values["sex"] = parsed.sex
        values["birth_date"] = parsed.birth_date
        warnings.extend(parsed.warnings)
        errors.extend(_contradictions(parsed, data.get("sex"), data.get("birth_date")))
        if not errors and _registered(parsed.number, person):
            raise Conflict(_("A person with this ID number is already registered."), field="id_number")
    if "phone" in data:
        attempt("phone", lambda: phones.normalise(data["phone"]))
    if "disability_cert_number" in data:
        attempt("disability_cert_number", lambda: _cert_number(data["disability_cert_number"]))
    for field, choice_class in _CHOICES.items():
        if field in data:
            attempt(field, lambda f=field, c=choice_class: _choice(f, data[f] or "", c.values))
    if "disability_grade" in data:
        attempt("disability_grade", lambda: _grade(data["disability_grade"]))
    for field in _TEXT:
        if field in data:
            attempt(field, lambda f=field: _text(f, data[f]))
    if "residence_region" in data:
        values["residence_region"] = data["residence_region"]
    if "is_migrant_worker" in data:
        values["is_migrant_worker"] = bool(data["is_migrant_worker"])
    if errors:
        message = errors[0].message if len(errors) == 1 else _("Some fields are not valid.")
        raise DomainError(message, errors=errors)
    return values, warnings


def _name(raw: Any) -> str:
    name = pinyin.normalise_name(raw)
    if not name:
        raise DomainError(_("Enter the name."), field="name")
    if len(name) > Person._meta.get_field("name").max_length:
        raise DomainError(_("This text is too long."), field="name")
    if any(ch.isdigit() for ch in name):
        raise DomainError(_("A name cannot contain digits."), field="name")
    return name


def _contradictions(parsed: identity.IdNumber, sex: Any, birth_date: Any) -> list[FieldError]:
    errors = []
    if sex and sex != parsed.sex:
        if sex not in choices.Sex.values:
            errors.append(FieldError("sex", _("Choose one of the allowed values.")))
        else:
            said = choices.Sex(parsed.sex).label
            errors.append(FieldError("sex", _("The ID number says the person is %(sex)s.") % {"sex": said}))
    if birth_date and birth_date != parsed.birth_date:
        errors.append(
            FieldError(
                "birth_date",
                _("The ID number says the person was born on %(date)s.")
                % {"date": parsed.birth_date.isoformat()},
            )
        )
    return errors


def _registered(number: str, person: Person | None) -> bool:
    digest = Person._meta.get_field("id_number_bidx").hash_of(number)
    others = Person.objects.filter(id_number_bidx=digest)
    if person is not None and person.pk:
        others = others.exclude(pk=person.pk)
    return others.exists()


def _cert_number(raw: Any) -> str:
    number = identity.normalise(raw or "")
    if len(number) > 30:
        raise DomainError(_("This text is too long."), field="disability_cert_number")
    return number


def _choice(field: str, value: str, allowed: list[str]) -> str:
    if value and value not in allowed:
        raise DomainError(_("Choose one of the allowed values."), field=field)
    return value


def _grade(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        grade = int(value)
    except (TypeError, ValueError):
        grade = 0
    if grade not in choices.DisabilityGrade.values:
        raise DomainError(_("Choose one of the allowed values."), field="disability_grade")
    return grade


def _text(field: str, value: Any) -> str:
    text = (value or "").strip()
    if len(text) > Person._meta.get_field(field).max_length:
        raise DomainError(_("This text is too long."), field=field)
    return text


# --- writes


def _lock(person: Person) -> Person:
    """The person's row, locked for the rest of the transaction (PostgreSQL; SQLite locks the file)."""
    return Person.objects.select_for_update().get(pk=person.pk)


def _save(person: Person) -> None:
    """Save with derived search columns; a race on the same ID number ends as a clear Conflict."""
    person.name_pinyin = pinyin.full_pinyin(person.name)[: _max("name_pinyin")]
    person.name_initials = pinyin.initials(person.name)[: _max("name_initials")]
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if "id_number" in str(exc):
            raise Conflict(
                _("A person with this ID number is already registered."), field="id_number"
            ) from None
        raise


def _max(field: str) -> int:
    model_field: models.CharField = Person._meta.get_field(field)  # type: ignore[assignment]
    return model_field.max_length or 0
