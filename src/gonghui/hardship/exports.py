"""The aid list as xlsx (masked ID numbers; the export is logged). The help ledger (帮扶台帐) comes later."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gonghui.core.audit import record_event
from gonghui.core.exports import write_xlsx
from gonghui.core.masking import mask_id_number
from gonghui.hardship.models import AidApplication


def aid_xlsx(user: Any, rows: QuerySet[AidApplication]) -> bytes:
    """One row per application in the (already scoped and filtered) queryset."""
    headers = [
        _("No."),
        _("Person"),
        _("ID number"),
        _("Aid type"),
        _("Status"),
        _("Amount requested"),
        _("Amount approved"),
        _("Fund"),
        _("Applied at"),
        _("Decided by"),
        _("Organisation"),
    ]
    data = [
        [
            a.pk,
            a.person.name,
            mask_id_number(a.person.id_number),
            a.get_aid_type_display(),
            a.get_status_display(),
            a.amount_requested,
            a.amount_approved,
            a.fund.name if a.fund_id else "",
            a.applied_at.date(),
            str(a.decided_by or ""),
            a.org.name,
        ]
        for a in rows
    ]
    if data:
        record_event(rows[0], user=user, changes={}, note=f"aid list exported: {len(data)} rows")
    return write_xlsx(headers, data, sheet=_("Aid applications"))
