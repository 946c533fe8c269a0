"""The audit log as xlsx, for auditors; the export itself is logged as an access event."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gonghui.core.exports import write_xlsx
from gonghui.core.queries import action_name

EXPORT_LIMIT = 100_000


def audit_rows(entries: QuerySet[LogEntry]) -> Iterator[list[Any]]:
    for entry in entries[:EXPORT_LIMIT].iterator(chunk_size=2000):
        yield [
            entry.timestamp,
            entry.actor.username if entry.actor else "",
            action_name(entry.action),
            f"{entry.content_type.app_label}.{entry.content_type.model}",
            entry.object_pk,
            entry.object_repr,
            entry.changes_str if entry.action != LogEntry.Action.ACCESS else entry.changes_text,
            entry.remote_addr or "",
        ]


def audit_xlsx(entries: QuerySet[LogEntry]) -> bytes:
    headers = [
        _("Time"),
        _("User"),
        _("Action"),
        _("Kind of record"),
        _("Record id"),
        _("Record"),
        _("Changes"),
        _("Address"),
    ]
    return write_xlsx(headers, audit_rows(entries), sheet=_("Audit log"))
