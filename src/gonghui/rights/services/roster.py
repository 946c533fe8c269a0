"""The duty roster (坐班值班): who sits at which rights point or station, and when."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.accounts.roles import Role
from gonghui.core.errors import DomainError
from gonghui.orgs.models import ServicePoint
from gonghui.rights.choices import ShiftKind
from gonghui.rights.models import DutyShift
from gonghui.rights.perms import RIGHTS_CHANGE
from gonghui.rights.services import common

FIELDS = ("service_point", "date", "start_time", "end_time", "user", "name", "kind", "note")


def require_change(by: Any, shift: DutyShift) -> None:
    scoping.require(by, RIGHTS_CHANGE, shift.org)


def _check(by: Any, values: dict[str, Any], exclude_pk: int | None = None) -> dict[str, Any]:
    point: ServicePoint | None = values.get("service_point")
    if point is None:
        raise DomainError(_("This field is required."), field="service_point")
    common.check_point(by, point, RIGHTS_CHANGE)
    start, end = values.get("start_time"), values.get("end_time")
    if values.get("date") is None:
        raise DomainError(_("This field is required."), field="date")
    if start is None or end is None:
        raise DomainError(_("This field is required."), field="start_time" if start is None else "end_time")
    if end <= start:
        raise DomainError(_("A shift ends after it starts."), field="end_time")
    user = values.get("user")
    values["name"] = common.clean_text(values.get("name"), "name", limit=50)
    values["note"] = common.clean_text(values.get("note"), "note", limit=200)
    if user is not None:
        if not common.holds_role_over(user, Role.LEGAL_ADVISER):
            raise DomainError(
                _("A user on the roster must hold the legal adviser role; enter anyone else by name."),
                field="user",
            )
        values["kind"] = ShiftKind.LEGAL_ADVISER
        values["name"] = ""
    else:
        if not values["name"]:
            raise DomainError(_("Choose a legal adviser or give the name of who is on duty."), field="name")
        if values.get("kind") not in ShiftKind.values:
            raise DomainError(_("Choose one of the allowed values."), field="kind")
    who = Q(user=user) if user is not None else Q(user__isnull=True, name=values["name"])
    clash = DutyShift.objects.filter(who, date=values["date"], start_time__lt=end, end_time__gt=start)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(_("This person is already on duty at that time."), field="start_time")
    return values


def shift_create(
    *,
    by: Any,
    service_point: ServicePoint,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    kind: str = ShiftKind.LEGAL_ADVISER,
    user: Any = None,
    name: str = "",
    note: str = "",
) -> DutyShift:
    """Put a legal adviser (a user) or a named legal-aid worker or volunteer on duty at a point."""
    values = _check(
        by,
        {
            "service_point": service_point,
            "date": date,
            "start_time": start_time,
            "end_time": end_time,
            "kind": kind,
            "user": user,
            "name": name,
            "note": note,
        },
    )
    with transaction.atomic():
        return DutyShift.objects.create(org=service_point.org, **values)


def shift_update(*, shift: DutyShift, by: Any, **changes: Any) -> DutyShift:
    """Change a shift: its time, place or who is on duty."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    require_change(by, shift)
    values = {f: getattr(shift, f) for f in FIELDS}
    values.update(changes)
    values = _check(by, values, exclude_pk=shift.pk)
    with transaction.atomic():
        shift = DutyShift.objects.select_for_update().get(pk=shift.pk)
        for field, value in values.items():
            setattr(shift, field, value)
        shift.org = values["service_point"].org
        shift.save()
    return shift


def shift_delete(*, shift: DutyShift, by: Any) -> None:
    """Take a shift off the roster (the audit log keeps it)."""
    require_change(by, shift)
    with transaction.atomic():
        DutyShift.objects.filter(pk=shift.pk).delete()
