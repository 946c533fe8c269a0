"""Every change to a household and its members. Check, then do; one transaction each.

A household is changed by whoever holds ``people.change`` over its organisation; a registered
person can be added only by someone who can see that person. Relationships are relative to the
head, so the head is one member row (relationship ``head``) kept in step with ``Household.head``:
it is never added, removed or re-labelled on its own, only replaced through ``household_update``.
History is the audit log: every row is saved through ``save()``/``delete()``, which it records.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm, require
from gonghui.core.errors import Conflict, DomainError, FieldError
from gonghui.core.money import to_money
from gonghui.people import choices, identity
from gonghui.people.models import Household, HouseholdMember, Person
from gonghui.people.services.persons import _name, ensure_live

PERM_VIEW = "people.view"
PERM_CHANGE = "people.change"

# Details of a member a caller may set; who the member is (person, or name and ID) is set apart.
MEMBER_FIELDS = (
    "relationship",
    "monthly_income",
    "health",
    "employment",
    "school_level",
    "school_name",
    "enrolment_year",
    "note",
)
_MEMBER_CHOICES = {
    "relationship": choices.Relationship,
    "health": choices.MemberHealth,
    "employment": choices.Employment,
    "school_level": choices.SchoolLevel,
}
_MEMBER_TEXT = {"school_name": 200, "note": 300}
FIRST_ENROLMENT_YEAR = 1950


def household_create(
    *,
    by: Any,
    head: Person,
    org: Any | None = None,
    address: str = "",
    note: str = "",
    **head_details: Any,
) -> Household:
    """Open a household headed by ``head`` (its first member), owned by ``org`` or the head's organisation.

    ``head_details`` are the head's member details (income, health, employment, school).
    """
    org = org or head.org
    require(by, PERM_CHANGE, org)
    _require_visible(by, head, "head")
    ensure_live(head)
    _reject_unknown(head_details, allowed=set(MEMBER_FIELDS) - {"relationship", "note"})
    details = _member_values({**head_details, "relationship": choices.Relationship.HEAD}, head=True)
    household = Household(
        org=org, head=head, address=_text("address", address, 300), note=_text("note", note, 300)
    )
    with transaction.atomic():
        if HouseholdMember.objects.filter(person=head).exists():
            raise Conflict(_("This person already belongs to a household."), field="head")
        _saved(household)
        _saved(HouseholdMember(household=household, org=org, person=head, **details))
    return household


def household_update(
    *,
    by: Any,
    household: Household,
    address: str | None = None,
    note: str | None = None,
    head: Person | None = None,
    previous_head_relationship: str = choices.Relationship.OTHER,
) -> Household:
    """Change the address or note, or make another registered member the head.

    The old head stays a member with ``previous_head_relationship``; the other members'
    relationships are still relative to the old head and should be reviewed.
    """
    require(by, PERM_CHANGE, household.org)
    with transaction.atomic():
        household = _lock(household)
        if address is not None:
            household.address = _text("address", address, 300)
        if note is not None:
            household.note = _text("note", note, 300)
        if head is not None and head.pk != household.head_id:
            _change_head(household, head, previous_head_relationship)
        _saved(household)
    return household


def household_delete(*, by: Any, household: Household) -> None:
    """Remove a household and its member rows (each deletion is in the audit log)."""
    require(by, PERM_CHANGE, household.org)
    with transaction.atomic():
        household = _lock(household)
        for member in household.members.all():
            member.delete()
        household.delete()


def household_add_member(
    *,
    by: Any,
    household: Household,
    relationship: str,
    person: Person | None = None,
    name: str = "",
    id_number: str = "",
    **details: Any,
) -> HouseholdMember:
    """Add a member: a registered ``person``, or a ``name`` and (if known) an ``id_number``.

    An ID number that belongs to a registered person the caller can see adds that person; one
    registered outside the caller's scope is refused, so the same person is never counted twice.
    """
    require(by, PERM_CHANGE, household.org)
    _reject_unknown(details, allowed=set(MEMBER_FIELDS) - {"relationship"})
    values = _member_values({**details, "relationship": relationship})
    if person is None and id_number.strip():
        number = _id_number(id_number)
        person = _registered(by, number)
        if person is None:
            values["id_number"] = number
    if person is not None:
        _require_visible(by, person, "person")
        ensure_live(person)
    else:
        values["name"] = _checked_name(name)
    member = HouseholdMember(household=household, org=household.org, person=person, **values)
    with transaction.atomic():
        household = _lock(household)
        _check_not_in_household(member)
        _saved(member)
    return member


def household_update_member(*, by: Any, member: HouseholdMember, **changes: Any) -> HouseholdMember:
    """Change a member's details; an unregistered member's name and ID number too.

    Giving an unregistered member the ID number of a registered person links the row to that person.
    """
    require(by, PERM_CHANGE, member.org)
    _reject_unknown(changes, allowed={*MEMBER_FIELDS, "name", "id_number"})
    with transaction.atomic():
        member = (
            HouseholdMember.objects.select_for_update(of=("self",)).select_related("person").get(pk=member.pk)
        )
        if (
            "relationship" in changes
            and (changes["relationship"] == choices.Relationship.HEAD) != member.is_head
        ):
            raise DomainError(
                _("The head of the household is changed on the household, not on a member."),
                field="relationship",
            )
        current = {f: getattr(member, f) for f in MEMBER_FIELDS}
        values = _member_values({**current, **changes}, head=member.is_head)
        identity_changes = {k: changes[k] for k in ("name", "id_number") if k in changes}
        if identity_changes and member.person_id:
            raise DomainError(
                _("A registered member's name and ID number are changed on their person record."),
                field=next(iter(identity_changes)),
            )
        for field, value in values.items():
            setattr(member, field, value)
        if "name" in identity_changes:
            member.name = _checked_name(identity_changes["name"])
        if "id_number" in identity_changes:
            _set_member_id(by, member, identity_changes["id_number"])
        _check_not_in_household(member)
        _saved(member)
    return member


def household_remove_member(*, by: Any, member: HouseholdMember) -> None:
    """Take a member out of the household; the head stays until another member is made head."""
    require(by, PERM_CHANGE, member.org)
    if member.is_head:
        raise Conflict(_("The head cannot be removed; make another member the head first."))
    with transaction.atomic():
        member.delete()


def link_registered(person: Person) -> None:
    """Link the unregistered member row carrying ``person``'s ID number to the person, now registered.

    Called inside the transaction that registered (or renumbered) the person. A person already in
    a household cannot take over a row of another household: that is refused, not merged silently.
    """
    if not person.id_number_bidx:
        return
    rows = list(HouseholdMember.objects.filter(person=None, id_number_bidx=person.id_number_bidx))
    if not rows:
        return
    if HouseholdMember.objects.filter(person=person).exists():
        raise Conflict(
            _("This ID number is listed as a member of another household; remove it there first."),
            field="id_number",
        )
    for row in rows:
        row.person, row.name, row.id_number = person, "", ""
        row.save()


# --- checks


def _reject_unknown(fields: dict[str, Any], *, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown household member fields: {', '.join(sorted(unknown))}")


def _member_values(data: dict[str, Any], *, head: bool = False) -> dict[str, Any]:
    """Every member detail cleaned, every error collected and raised together."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for field, choice_class in _MEMBER_CHOICES.items():
        if field not in data:
            continue
        value = data[field] or ""
        if (value and value not in choice_class.values) or (field == "relationship" and not value):
            errors.append(FieldError(field, _("Choose one of the allowed values.")))
        else:
            values[field] = value
    if not head and values.get("relationship") == choices.Relationship.HEAD:
        errors.append(
            FieldError(
                "relationship", _("A household has one head; make this member the head on the household.")
            )
        )
    if "monthly_income" in data:
        try:
            values["monthly_income"] = _income(data["monthly_income"])
        except DomainError as exc:
            errors.extend(exc.errors)
    for field, limit in _MEMBER_TEXT.items():
        if field in data:
            text = (data[field] or "").strip()
            if len(text) > limit:
                errors.append(FieldError(field, _("This text is too long.")))
            values[field] = text
    if "enrolment_year" in data:
        try:
            values["enrolment_year"] = _year(data["enrolment_year"])
        except DomainError as exc:
            errors.extend(exc.errors)
    if errors:
        message = errors[0].message if len(errors) == 1 else _("Some fields are not valid.")
        raise DomainError(message, errors=errors)
    return values


def _income(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    amount = to_money(value, field="monthly_income")
    if amount < 0:
        raise DomainError(_("An income cannot be negative."), field="monthly_income")
    return amount


def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_ENROLMENT_YEAR <= year <= timezone.localdate().year + 1:
        raise DomainError(
            _("Enter a year such as %(year)s.") % {"year": timezone.localdate().year}, field="enrolment_year"
        )
    return year


def _text(field: str, value: Any, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise DomainError(_("This text is too long."), field=field)
    return text


def _checked_name(raw: Any) -> str:
    return _name(raw)


def _id_number(raw: Any) -> str:
    return identity.parse(raw).number


def _registered(by: Any, number: str) -> Person | None:
    """The registered person with this ID number, if any; one outside the caller's scope is refused."""
    digest = Person._meta.get_field("id_number_bidx").hash_of(number)
    person = Person.objects.filter(id_number_bidx=digest).select_related("org").first()
    if person is not None and not has_perm(by, PERM_VIEW, person.org):
        raise Conflict(
            _(
                "A person with this ID number is registered outside your scope; "
                "ask their organisation to add them."
            ),
            field="id_number",
        )
    return person


def _require_visible(by: Any, person: Person, field: str) -> None:
    if not has_perm(by, PERM_VIEW, person.org):
        raise DomainError(_("Not found, or outside your scope."), field=field)


def _set_member_id(by: Any, member: HouseholdMember, raw: Any) -> None:
    """Set or clear an unregistered member's ID number; a registered person's number links the row."""
    if not (raw or "").strip():
        member.id_number = ""
        return
    number = _id_number(raw)
    person = _registered(by, number)
    if person is None:
        member.id_number = number
        return
    ensure_live(person)
    member.person, member.name, member.id_number = person, "", ""


def _check_not_in_household(member: HouseholdMember) -> None:
    """One household per person and per unregistered ID number: a clear message before the constraint."""
    others = HouseholdMember.objects.exclude(pk=member.pk)
    if member.person_id and others.filter(person_id=member.person_id).exists():
        same = others.filter(person_id=member.person_id, household_id=member.household_id).exists()
        message = (
            _("This person is already a member of this household.")
            if same
            else _("This person already belongs to another household.")
        )
        raise Conflict(message, field="person")
    if not member.person_id and member.id_number:
        digest = HouseholdMember._meta.get_field("id_number_bidx").hash_of(member.id_number)
        if others.filter(id_number_bidx=digest).exists():
            raise Conflict(_("This ID number is already listed in a household."), field="id_number")


def _change_head(household: Household, head: Person, previous_relationship: str) -> None:
    if (
        previous_relationship not in choices.Relationship.values
        or previous_relationship == choices.Relationship.HEAD
    ):
        raise DomainError(_("Choose one of the allowed values."), field="previous_head_relationship")
    new_row = household.members.filter(person=head).first()
    if new_row is None:
        raise DomainError(_("The new head must be a registered member of this household."), field="head")
    ensure_live(head)
    old_row = household.members.get(relationship=choices.Relationship.HEAD)
    old_row.relationship = previous_relationship
    _saved(old_row)
    new_row.relationship = choices.Relationship.HEAD
    _saved(new_row)
    household.head = head


# --- writes


def _lock(household: Household) -> Household:
    """The household row, locked for the rest of the transaction; member changes take it first."""
    return (
        Household.objects.select_for_update(of=("self",)).select_related("head", "org").get(pk=household.pk)
    )


def _saved(row: Household | HouseholdMember) -> None:
    """Save; a race past the checks above ends as a Conflict naming the broken rule."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        text = str(exc)
        if "one_household_per_person" in text or "one_per_head" in text or "person" in text:
            raise Conflict(_("This person already belongs to a household."), field="person") from None
        if "id_number" in text:
            raise Conflict(_("This ID number is already listed in a household."), field="id_number") from None
        raise
