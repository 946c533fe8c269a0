"""Reads of import jobs: scoped like the records they import, and their reports for pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import NotFound
from gonghui.core.imports.registry import all_specs, get_spec
from gonghui.core.imports.services import column_letter
from gonghui.core.models import ImportJob


def visible_jobs(user: Any) -> QuerySet[ImportJob]:
    """Jobs of every kind the user may import, in the organisations under them for that kind."""
    query = Q(pk__in=[])
    for spec in all_specs():
        paths = scoping.scope_paths(user, spec.perm)
        if paths:
            query |= Q(kind=spec.kind) & scoping.org_filter(paths, prefix="org__")
    return ImportJob.objects.filter(query).select_related("org", "created_by", "progress")


def get_job(user: Any, pk: Any) -> ImportJob:
    """One job in scope, or NotFound (another township's job looks like a missing one)."""
    try:
        return visible_jobs(user).get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found, or outside your scope.")) from None


def errors(job: ImportJob, *, warnings: bool = False) -> list[dict[str, Any]]:
    """The stored messages as rows for a table: row, column letter and header, field label, message."""
    spec = get_spec(job.kind)
    items = (job.report or {}).get("warnings" if warnings else "errors", [])
    result = []
    for row, col, field, message in items:
        result.append(
            {
                "row": row,
                "column": column_letter(col) if col is not None else "",
                "header": job.headers[col] if col is not None and col < len(job.headers) else "",
                "field": field or "",
                "field_label": force_str(spec.field_map[field].label) if field in spec.field_map else "",
                "message": message,
            }
        )
    return result


def columns(job: ImportJob) -> list[dict[str, Any]]:
    """Each column of the sheet with its header, the field it is mapped to, and an example value."""
    mapping = {int(c): f for c, f in (job.mapping or {}).items()}
    return [
        {"index": i, "letter": column_letter(i), "header": header, "field": mapping.get(i, "")}
        for i, header in enumerate(job.headers)
    ]
