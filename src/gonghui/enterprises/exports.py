"""The enterprise list as xlsx, for the rows the caller's (already scoped) query selects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.exports import write_xlsx
from gonghui.enterprises.models import Enterprise


def _rows(rows: QuerySet[Enterprise]) -> Iterator[list[Any]]:
    for e in rows.iterator(chunk_size=1000):
        yield [
            e.uscc,
            e.name,
            e.get_type_display(),
            e.get_industry_display(),
            e.employee_count,
            e.township.name if e.township else "",
            e.address,
            e.legal_representative,
            e.contact_person,
            e.contact_phone,
            e.union.name if e.union else "",
            _("Yes") if e.is_caring else "",
            e.get_status_display(),
            e.closed_on,
            e.org.name,
        ]


def enterprises_xlsx(rows: QuerySet[Enterprise]) -> bytes:
    headers = [
        _("Unified social credit code"),
        pgettext("organisation", "Name"),
        _("Type"),
        _("Industry"),
        _("Employees"),
        _("Township / street"),
        _("Address"),
        _("Legal representative"),
        _("Contact person"),
        _("Contact phone"),
        _("Union"),
        _("Caring enterprise"),
        _("Status"),
        _("Closed on"),
        _("Kept by"),
    ]
    return write_xlsx(headers, _rows(rows), sheet=_("Enterprises"))


def export(user: Any, rows: QuerySet[Enterprise], params: Any) -> bytes:
    """The xlsx of ``rows``, with one access event naming who exported which filters and how many rows."""
    from gonghui.core.audit import record_access

    content = enterprises_xlsx(rows)
    filters = "&".join(f"{k}={v}" for k, v in sorted(dict(params).items()) if v not in ("", None))
    count = rows.count()
    record_access(
        user,
        user=user,
        fields=["enterprises"],
        reason=f"enterprises export ({count} rows){': ' + filters if filters else ''}"[:500],
    )
    return content
