"""The organisation list as xlsx (scoped by the caller's query)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.exports import write_xlsx
from gonghui.orgs.models import Organisation


def _rows(orgs: QuerySet[Organisation]) -> Iterator[list[Any]]:
    for org in orgs.iterator(chunk_size=1000):
        yield [
            org.code,
            org.name,
            org.get_kind_display(),
            org.get_status_display(),
            org.region.code if org.region else "",
            org.address,
            org.phone,
            org.chair_name,
            org.member_count,
            org.closed_on,
        ]


def organisations_xlsx(orgs: QuerySet[Organisation]) -> bytes:
    headers = [
        _("Code"),
        pgettext("organisation", "Name"),
        _("Kind"),
        _("Status"),
        _("Region code"),
        _("Address"),
        _("Phone"),
        _("Chair"),
        _("Members (reported)"),
        _("Closed on"),
    ]
    return write_xlsx(headers, _rows(orgs), sheet=_("Organisations"))
