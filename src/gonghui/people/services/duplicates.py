"""Resolving likely duplicates: merge two records of one person, or mark two records distinct.

A merge keeps the survivor and turns the duplicate into a tombstone (status ``merged``,
``merged_into`` the survivor, ID number, phone and certificate number cleared so the unique ID
index holds the survivor's number alone). Every row of every installed app that points at the
duplicate through a foreign key or one-to-one field is moved to the survivor, found generically
from ``Person._meta`` (hidden relations, ``related_name="+"``, included), so an app added later
needs nothing here. Where moving would break a rule (both records in different households, both
with an active membership, or any unique constraint of another app) the merge is refused as a
whole with a message naming what to resolve first. Links in the audit log stay on the
tombstone, whose page leads to the survivor.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import require
from gonghui.core.audit import record_event
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.people import choices, tokens
from gonghui.people.models import DuplicateDecision, HouseholdMember, Membership, Person, PersonSearchToken
from gonghui.people.services.persons import EDITABLE, _save, ensure_live

PERM_CHANGE = "people.change"

# Filled on the survivor from the duplicate when the survivor has no value; identity stays the survivor's.
FILLABLE = tuple(f for f in EDITABLE if f not in ("name", "id_number", "sex", "birth_date"))
_SECRET = {"phone": mask_phone, "disability_cert_number": mask_id_number, "id_number": mask_id_number}
# Relations the merge handles itself rather than by moving rows.
_OWN = {
    (PersonSearchToken, "person"),
    (DuplicateDecision, "a"),
    (DuplicateDecision, "b"),
    (HouseholdMember, "person"),
}


def person_merge(*, by: Any, survivor: Person, duplicate: Person) -> Person:
    """Merge ``duplicate`` into ``survivor``; needs ``people.change`` over both records' organisations."""
    require(by, PERM_CHANGE, survivor.org)
    require(by, PERM_CHANGE, duplicate.org)
    if survivor.pk == duplicate.pk:
        raise DomainError(_("Choose two different records."), field="duplicate")
    with transaction.atomic():
        survivor, duplicate = _lock_pair(survivor, duplicate)
        ensure_live(survivor)
        ensure_live(duplicate)
        _check_memberships(survivor, duplicate)
        _check_households(survivor, duplicate)
        filled = _fill(survivor, duplicate)
        before = _tombstone(by, duplicate, survivor)
        _fold_household(survivor, duplicate)
        DuplicateDecision.objects.filter(models.Q(a=duplicate) | models.Q(b=duplicate)).delete()
        moved = _move_links(survivor, duplicate)
        _save(survivor)
        tokens.rebuild(survivor)
        note = _note(survivor, duplicate, moved)
        record_event(
            survivor,
            user=by,
            changes={"merged_from": ["", f"#{duplicate.pk} {duplicate.name}"], **filled},
            note=note,
        )
        record_event(duplicate, user=by, changes=before, note=note)
    return survivor


def duplicate_mark_distinct(*, by: Any, a: Person, b: Person, note: str = "") -> DuplicateDecision:
    """Record that ``a`` and ``b`` are different people, so the pair is not listed again (idempotent)."""
    require(by, PERM_CHANGE, a.org)
    require(by, PERM_CHANGE, b.org)
    if a.pk == b.pk:
        raise DomainError(_("Choose two different records."), field="b")
    ensure_live(a)
    ensure_live(b)
    if len((note or "").strip()) > 300:
        raise DomainError(_("This text is too long."), field="note")
    first, second = sorted((a.pk, b.pk))
    with transaction.atomic():
        decision, _created = DuplicateDecision.objects.get_or_create(
            a_id=first, b_id=second, defaults={"decided_by": by, "note": (note or "").strip()}
        )
    return decision


# --- checks


def _lock_pair(survivor: Person, duplicate: Person) -> tuple[Person, Person]:
    """Both rows locked in primary-key order, so two merges of the same pair cannot deadlock."""
    rows = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk]).order_by("pk")
    }
    return rows[survivor.pk], rows[duplicate.pk]


def _check_memberships(survivor: Person, duplicate: Person) -> None:
    active = Membership.objects.filter(person__in=[survivor, duplicate], status=Membership.Status.ACTIVE)
    numbers = sorted(active.values_list("member_number", flat=True))
    if len(numbers) > 1:
        raise Conflict(
            _("Both records have an active membership (%(numbers)s); end one of them first.")
            % {"numbers": ", ".join(numbers)}
        )


def _check_households(survivor: Person, duplicate: Person) -> None:
    households = set(
        HouseholdMember.objects.filter(person__in=[survivor, duplicate]).values_list(
            "household_id", flat=True
        )
    )
    if len(households) > 1:
        raise Conflict(
            _("The two records belong to different households; remove one of them from its household first.")
        )


# --- writes


def _fill(survivor: Person, duplicate: Person) -> dict[str, list[Any]]:
    """Copy what the survivor lacks from the duplicate; returns the changes, secrets masked."""
    changes: dict[str, list[Any]] = {}
    for field in FILLABLE:
        mine, theirs = getattr(survivor, field), getattr(duplicate, field)
        missing = mine is False if field == "is_migrant_worker" else mine in ("", None)
        if missing and theirs not in ("", None, False):
            setattr(survivor, field, theirs)
            show = _SECRET.get(field, str)
            changes[field] = ["" if mine in ("", None) else show(mine), show(theirs)]
    return changes


def _tombstone(by: Any, duplicate: Person, survivor: Person) -> dict[str, list[Any]]:
    """Turn the duplicate into a pointer at the survivor; returns its before/after, secrets masked."""
    before = {
        "status": [duplicate.status, choices.Status.MERGED],
        "merged_into": ["", f"#{survivor.pk}"],
    }
    for field, show in _SECRET.items():
        value = getattr(duplicate, field)
        if value:
            before[field] = [show(value), ""]
            setattr(duplicate, field, "")
    duplicate.status = choices.Status.MERGED
    duplicate.status_changed_on = timezone.localdate()
    duplicate.status_note = str(_("Merged into record #%(pk)s.") % {"pk": survivor.pk})
    duplicate.merged_into = survivor
    duplicate.save()
    PersonSearchToken.objects.filter(person=duplicate).delete()
    return before


def _fold_household(survivor: Person, duplicate: Person) -> None:
    """Give the duplicate's household row to the survivor, or fold it into the survivor's row there."""
    theirs = HouseholdMember.objects.filter(person=duplicate).select_related("household").first()
    if theirs is None:
        return
    mine = HouseholdMember.objects.filter(person=survivor).first()
    if mine is None:
        theirs.person = survivor
        theirs.save()
        return
    household = theirs.household
    for field in (
        "monthly_income",
        "health",
        "employment",
        "school_level",
        "school_name",
        "enrolment_year",
        "note",
    ):
        if getattr(mine, field) in ("", None) and getattr(theirs, field) not in ("", None):
            setattr(mine, field, getattr(theirs, field))
    was_head = theirs.is_head
    theirs.delete()
    if was_head:
        mine.relationship = choices.Relationship.HEAD
        household.head = survivor
        household.save()
    mine.save()


def _links() -> list[models.ForeignObjectRel]:
    """Every foreign key and one-to-one field of any installed model that points at Person."""
    return [
        rel
        for rel in Person._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


def _move_links(survivor: Person, duplicate: Person) -> dict[str, int]:
    """Point every linked row at the survivor; a unique rule of another app refuses the merge."""
    moved: dict[str, int] = {}
    for rel in _links():
        model, field = rel.related_model, rel.field
        if (model, field.name) in _OWN:
            continue
        rows = model._base_manager.filter(**{field.name: duplicate})
        if model is Person:
            rows = rows.exclude(pk=survivor.pk)
        if model._meta.auto_created:
            rows = _drop_shared_m2m_rows(rows, model, field, survivor)
        try:
            with transaction.atomic():
                count = rows.update(**{field.name: survivor})
        except IntegrityError:
            raise Conflict(
                _("Both records have %(what)s that cannot be combined; resolve that first.")
                % {"what": model._meta.verbose_name_plural}
            ) from None
        if count:
            label = f"{model._meta.label}.{field.name}"
            moved[label] = moved.get(label, 0) + count
    return moved


def _drop_shared_m2m_rows(rows: models.QuerySet, model: Any, field: Any, survivor: Person) -> models.QuerySet:
    """In a many-to-many table, drop the duplicate's links the survivor already has (both attended)."""
    other = next((f for f in model._meta.concrete_fields if f.is_relation and f.name != field.name), None)
    if other is None:
        return rows
    shared = model._base_manager.filter(**{field.name: survivor}).values(other.attname)
    rows.filter(**{f"{other.attname}__in": shared}).delete()
    return rows


def _note(survivor: Person, duplicate: Person, moved: dict[str, int]) -> str:
    text = f"#{duplicate.pk} → #{survivor.pk}"
    if moved:
        text += "; " + ", ".join(f"{label} ×{count}" for label, count in sorted(moved.items()))
    return text
