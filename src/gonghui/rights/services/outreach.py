"""Legal outreach (法律进企业, lectures): record the events that count toward the "1 legal lecture" duty."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import DomainError
from gonghui.orgs.models import Organisation
from gonghui.rights.choices import OutreachKind
from gonghui.rights.models import LegalOutreach
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import common

FIELDS = (
    "kind",
    "held_on",
    "enterprise",
    "place",
    "title",
    "speakers",
    "attendees",
    "materials",
    "organiser",
    "note",
)


def require_change(by: Any, event: LegalOutreach) -> None:
    scoping.require(by, RIGHTS_CHANGE, event.org)


def _check(by: Any, values: dict[str, Any], org: Organisation) -> dict[str, Any]:
    if values.get("kind") not in OutreachKind.values:
        raise DomainError(_("Choose one of the allowed values."), field="kind")
    if values.get("held_on") is None:
        raise DomainError(_("This field is required."), field="held_on")
    common.check_not_future(values["held_on"], "held_on")
    common.check_enterprise(by, values.get("enterprise"), field="enterprise")
    values["place"] = common.clean_text(values.get("place"), "place", limit=200)
    if values.get("enterprise") is None and not values["place"]:
        raise DomainError(_("Choose the enterprise or give the place."), field="place")
    values["title"] = common.clean_text(values.get("title"), "title", required=True, limit=200)
    values["speakers"] = common.clean_text(values.get("speakers"), "speakers", limit=300)
    values["note"] = (values.get("note") or "").strip()
    for field in ("attendees", "materials"):
        value = values.get(field) or 0
        if value < 0:
            raise DomainError(_("A count cannot be negative."), field=field)
        values[field] = value
    organiser = values.get("organiser") or by
    if not getattr(organiser, "is_active", False) or not scoping.has_perm(organiser, RIGHTS_VIEW, org):
        raise DomainError(
            _("The organiser must be staff working on rights at this organisation."), field="organiser"
        )
    values["organiser"] = organiser
    return values


def outreach_create(
    *,
    by: Any,
    held_on: datetime.date,
    title: str,
    kind: str = OutreachKind.LECTURE,
    org: Organisation | None = None,
    enterprise: Any = None,
    place: str = "",
    speakers: str = "",
    attendees: int = 0,
    materials: int = 0,
    organiser: Any = None,
    note: str = "",
) -> LegalOutreach:
    """Record an outreach event, owned by ``org`` (default: the caller's own); the organiser
    (default: the caller) is credited with it in the monthly duty."""
    org = org or common.default_org(by, RIGHTS_CHANGE)
    common.check_org(by, org, RIGHTS_CHANGE)
    values = _check(
        by,
        {
            "kind": kind,
            "held_on": held_on,
            "enterprise": enterprise,
            "place": place,
            "title": title,
            "speakers": speakers,
            "attendees": attendees,
            "materials": materials,
            "organiser": organiser,
            "note": note,
        },
        org,
    )
    with transaction.atomic():
        return LegalOutreach.objects.create(org=org, **values)


def outreach_update(*, event: LegalOutreach, by: Any, **changes: Any) -> LegalOutreach:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    require_change(by, event)
    values = {f: getattr(event, f) for f in FIELDS}
    values.update(changes)
    values = _check(by, values, event.org)
    with transaction.atomic():
        event = LegalOutreach.objects.select_for_update().get(pk=event.pk)
        for field, value in values.items():
            setattr(event, field, value)
        event.save()
    return event
