"""Every change to the enterprise registry: create, update, close.

Check, then do: the permission (``enterprises.change`` over the keeping organisation) and every
value are checked first, then the row is written in one transaction. The credit code is unique
in the database too, so two clerks saving the same code at once get the same clear refusal.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import Conflict, DomainError, FieldError, PermissionDenied
from gonghui.enterprises import codes
from gonghui.enterprises.choices import EnterpriseType, Industry, Status
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.names import name_pinyin
from gonghui.orgs.models import Organisation, Region

PERM_VIEW = "enterprises.view"
PERM_CHANGE = "enterprises.change"

# Organisations that keep an enterprise register: the federation, township/street and industry unions.
KEEPER_KINDS = (
    Organisation.Kind.FEDERATION,
    Organisation.Kind.TOWNSHIP,
    Organisation.Kind.STREET,
    Organisation.Kind.INDUSTRY,
)

# Fields a caller may set; the pinyin columns and the closing fields belong to the services.
FIELDS = (
    "name",
    "uscc",
    "type",
    "industry",
    "employee_count",
    "township",
    "address",
    "legal_representative",
    "contact_person",
    "contact_phone",
    "union",
    "is_caring",
)
_TEXT_LIMITS = {"address": 300, "legal_representative": 50, "contact_person": 50}
_PHONE = re.compile(r"^[0-9+\-\s()/,转]*$")
_DUPLICATE_USCC_CONSTRAINT = "enterprises_enterprise_unique_uscc"


def may_change(user: Any, enterprise: Enterprise) -> bool:
    """The keeper's cadres may change an enterprise, and so may whoever holds the right over its own union
    (a grassroots chair keeping the record of the enterprise they chair the union of)."""
    if scoping.has_perm(user, PERM_CHANGE, enterprise.org):
        return True
    return enterprise.union is not None and scoping.has_perm(user, PERM_CHANGE, enterprise.union)


def require_change(user: Any, enterprise: Enterprise) -> None:
    if not may_change(user, enterprise):
        raise PermissionDenied(_("You do not have permission to do this."))


def _lock(enterprise: Enterprise) -> Enterprise:
    """Re-read one enterprise under a row lock."""
    return Enterprise.objects.select_for_update().get(pk=enterprise.pk)


# --- checks ---------------------------------------------------------------------------------------


def check_keeper(by: Any, org: Organisation) -> None:
    """The keeping organisation: one the user may change enterprises of, open, of a keeping kind."""
    scoping.require(by, PERM_CHANGE, org)
    if org.kind not in KEEPER_KINDS:
        raise DomainError(
            _("Enterprises are kept by the federation, a township or street union, or an industry union."),
            field="org",
        )
    if not org.is_active:
        raise DomainError(_("This organisation is closed and takes no new records."), field="org")


def check_union(by: Any, union: Organisation | None, current: Organisation | None = None) -> None:
    """The enterprise's own union: a grassroots union the user can see; a new link must be to an open one."""
    if union is None:
        return
    if union.kind != Organisation.Kind.GRASSROOTS:
        raise DomainError(_("Choose a grassroots union."), field="union")
    if not scoping.has_perm(by, "orgs.view", union):
        raise DomainError(_("Not found, or outside your scope."), field="union")
    if not union.is_active and (current is None or current.pk != union.pk):
        raise DomainError(_("This union is closed; choose an open one."), field="union")


def check_uscc(value: str | None, *, by: Any, exclude_pk: int | None = None) -> str:
    """The normalised code, refused when malformed or already registered."""
    code = codes.validate(value)
    if not code:
        return ""
    clash = Enterprise.objects.filter(uscc=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.first()
    if other is not None:
        raise DomainError(_duplicate_message(by, other), field="uscc")
    return code


def _duplicate_message(by: Any, other: Enterprise | None) -> Any:
    """Name the other enterprise only to a user who may see it."""
    if other is not None and scoping.has_perm(by, PERM_VIEW, other.org):
        return _("%(name)s already has this unified social credit code.") % {"name": other.name}
    return _("An enterprise with this unified social credit code is already registered.")


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    """Type and trim every given value; collect all the problems before refusing."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in FIELDS:
            continue
        if key in ("uscc", "union"):
            out[key] = value
        elif key == "name":
            name = unicodedata.normalize("NFKC", value or "").strip()
            name = re.sub(r"\s+", " ", name)
            if not name:
                errors.append(FieldError("name", _("Enter the enterprise's name.")))
            elif len(name) > 200:
                errors.append(FieldError("name", _("The name is too long (at most 200 characters).")))
            out[key] = name
        elif key == "type":
            if value not in EnterpriseType.values:
                errors.append(FieldError("type", _("Choose the type of unit.")))
            out[key] = value
        elif key == "industry":
            value = (value or "").strip().upper()
            if value and value not in Industry.values:
                errors.append(FieldError("industry", _("Choose an industry section A–T of GB/T 4754.")))
            out[key] = value
        elif key == "employee_count":
            count = 0 if value in (None, "") else value
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                errors.append(FieldError("employee_count", _("Enter the number of employees (0 or more).")))
            out[key] = count
        elif key == "township":
            if value is not None and (not isinstance(value, Region) or value.level != Region.Level.TOWNSHIP):
                errors.append(FieldError("township", _("Choose a township or street.")))
            out[key] = value
        elif key == "contact_phone":
            phone = unicodedata.normalize("NFKC", value or "").strip()
            if len(phone) > 40 or not _PHONE.match(phone):
                errors.append(
                    FieldError("contact_phone", _("Enter a phone number (digits, spaces and dashes)."))
                )
            out[key] = phone
        elif key == "is_caring":
            out[key] = bool(value)
        else:
            text = (value or "").strip()
            if len(text) > _TEXT_LIMITS[key]:
                errors.append(FieldError(key, _("This text is too long.")))
            out[key] = text
    if errors:
        raise DomainError(
            errors[0].message if len(errors) == 1 else _("Some fields are not valid."), errors=errors
        )
    return out


def _save(enterprise: Enterprise, *, by: Any) -> Enterprise:
    """Write the row; a code registered meanwhile by someone else is refused like any duplicate."""
    enterprise.name_pinyin, enterprise.name_initials = name_pinyin(enterprise.name)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:
        if enterprise.uscc and _is_duplicate(exc, enterprise):
            other = Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).first()
            raise DomainError(_duplicate_message(by, other), field="uscc") from None
        raise
    return enterprise


def _is_duplicate(exc: IntegrityError, enterprise: Enterprise) -> bool:
    text = str(exc)
    return (
        _DUPLICATE_USCC_CONSTRAINT in text
        or "enterprises_enterprise.uscc" in text
        or Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).exists()
    )


# --- the verbs ------------------------------------------------------------------------------------


@transaction.atomic
def enterprise_create(*, by: Any, org: Organisation, **fields: Any) -> Enterprise:
    """Register an enterprise kept by ``org``; ``fields`` are those of :data:`FIELDS`."""
    check_keeper(by, org)
    fields.setdefault("name", "")
    fields.setdefault("type", "")
    values = _clean_values(fields)
    values["uscc"] = check_uscc(values.get("uscc"), by=by)
    check_union(by, values.get("union"))
    enterprise = Enterprise(org=org, **values)
    return _save(enterprise, by=by)


@transaction.atomic
def enterprise_update(
    *, by: Any, enterprise: Enterprise, org: Organisation | None = None, **fields: Any
) -> Enterprise:
    """Change an enterprise's details; ``org`` hands it to another keeping organisation.

    Needs the right over the present keeper (or its union, see :func:`may_change`) and, when it
    moves, over the new keeper. A closed enterprise is history and cannot be changed.
    """
    require_change(by, enterprise)
    if org is not None and org.pk != enterprise.org_id:
        check_keeper(by, org)
    enterprise = _lock(enterprise)
    if not enterprise.is_active:
        raise Conflict(_("A closed enterprise cannot be changed."))
    values = _clean_values(fields)
    if "uscc" in values:
        values["uscc"] = check_uscc(values["uscc"], by=by, exclude_pk=enterprise.pk)
    if "union" in values:
        check_union(by, values["union"], current=enterprise.union)
    for key, value in values.items():
        setattr(enterprise, key, value)
    if org is not None:
        enterprise.org = org
    return _save(enterprise, by=by)


@transaction.atomic
def enterprise_close(
    *, by: Any, enterprise: Enterprise, reason: str, on: datetime.date | None = None
) -> Enterprise:
    """Mark an enterprise closed (deregistered, shut down); its record and history stay."""
    require_change(by, enterprise)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for closing."), field="reason")
    if len(reason) > 300:
        raise DomainError(_("This text is too long."), field="reason")
    enterprise = _lock(enterprise)
    if not enterprise.is_active:
        raise Conflict(_("This enterprise is already closed."))
    if on is not None and on > timezone.localdate():
        raise DomainError(_("The closing date cannot be in the future."), field="on")
    enterprise.status = Status.CLOSED
    enterprise.closed_on = on or timezone.localdate()
    enterprise.close_reason = reason
    enterprise.save()
    return enterprise
