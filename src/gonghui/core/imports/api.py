"""/api/v1/imports/: upload a sheet, correct the mapping, validate, commit, download the report.

Thin adapters over ``services`` and ``queries``; a job outside the caller's scope answers 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import force_str
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from gonghui.accounts.scoping import require, visible_orgs
from gonghui.core.audit import record_access
from gonghui.core.errors import NotFound
from gonghui.core.imports import queries, services, sheets
from gonghui.core.imports.registry import get_spec, specs_for
from gonghui.core.models import ImportJob

router = Router(tags=["imports"])

ERRORS_IN_JOB = 100  # the job answer carries the first messages; /errors pages through all of them


class FieldOut(Schema):
    name: str
    label: str
    required: bool


class KindOut(Schema):
    kind: str
    name: str
    fields: list[FieldOut]
    template_url: str


class ColumnOut(Schema):
    index: int
    letter: str
    header: str
    field: str


class MessageOut(Schema):
    row: int
    column: str
    header: str
    field: str
    message: str


class JobOut(Schema):
    id: int
    kind: str
    org: int
    state: str
    original_name: str
    file_format: str
    header_row: int
    mapping: dict[str, str]
    columns: list[ColumnOut]
    fields: list[FieldOut]
    unknown_columns: list[str]
    missing_required: list[str]
    rows: int
    valid: int
    invalid: int
    created: int
    updated: int
    unchanged: int
    error_count: int
    errors: list[MessageOut]
    warning_count: int
    warnings: list[MessageOut]
    message: str
    progress: str | None
    created_by: str
    created_at: datetime.datetime
    committed_at: datetime.datetime | None


class MessagePage(Schema):
    items: list[MessageOut]
    count: int


class MappingIn(Schema):
    mapping: dict[str, str | None]


class CommitIn(Schema):
    take_good_rows: bool = False


def _fields(kind: str) -> list[dict[str, Any]]:
    return [
        {"name": f.name, "label": force_str(f.label), "required": f.required} for f in get_spec(kind).fields
    ]


def job_data(job: ImportJob) -> dict[str, Any]:
    """A job as the API shows it (also used by tests and pages that render JSON)."""
    spec = get_spec(job.kind)
    report = job.report or {}
    return {
        "id": job.pk,
        "kind": job.kind,
        "org": job.org_id,
        "state": job.state,
        "original_name": job.original_name,
        "file_format": job.file_format,
        "header_row": job.header_row,
        "mapping": job.mapping or {},
        "columns": queries.columns(job),
        "fields": _fields(job.kind),
        "unknown_columns": [services.column_name(job, c) for c in report.get("unknown_columns", [])],
        "missing_required": [
            force_str(label) for label in services.missing_required(spec, job.mapping or {})
        ],
        "rows": job.rows,
        "valid": job.valid,
        "invalid": job.invalid,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "error_count": report.get("error_total", 0),
        "errors": queries.errors(job)[:ERRORS_IN_JOB],
        "warning_count": report.get("warning_total", 0),
        "warnings": queries.errors(job, warnings=True)[:ERRORS_IN_JOB],
        "message": job.message,
        "progress": job.progress.key if job.progress_id else None,
        "created_by": job.created_by.username,
        "created_at": job.created_at,
        "committed_at": job.committed_at,
    }


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    return queries.get_job(request.user, job_id)


@router.get("/", response=list[JobOut], summary="Import jobs in your scope, newest first")
def list_jobs(request: HttpRequest, limit: int = 50, offset: int = 0) -> Any:
    jobs = queries.visible_jobs(request.user)[max(offset, 0) : max(offset, 0) + min(max(limit, 1), 200)]
    return [job_data(j) for j in jobs]


@router.get("/kinds", response=list[KindOut], summary="The kinds you may import, with their fields")
def list_kinds(request: HttpRequest) -> Any:
    return [
        {
            "kind": s.kind,
            "name": force_str(s.verbose_name),
            "fields": _fields(s.kind),
            "template_url": f"/api/v1/imports/templates/{s.kind}.xlsx",
        }
        for s in specs_for(request.user)
    ]


@router.get("/templates/{kind}.xlsx", summary="The blank template of a kind of import")
def template(request: HttpRequest, kind: str) -> HttpResponse:
    spec = get_spec(kind)
    require(request.user, spec.perm)
    return sheets.template_xlsx(spec)


@router.get("/{int:job_id}", response=JobOut, summary="One import job, its mapping and report")
def get_job(request: HttpRequest, job_id: int) -> Any:
    return job_data(_job(request, job_id))


@router.get("/{int:job_id}/errors", response=MessagePage, summary="Every message of the report, paged")
def job_errors(
    request: HttpRequest, job_id: int, limit: int = 100, offset: int = 0, warnings: bool = False
) -> Any:
    items = queries.errors(_job(request, job_id), warnings=warnings)
    start = max(offset, 0)
    return {"items": items[start : start + min(max(limit, 1), 1000)], "count": len(items)}


@router.post("/{int:job_id}/mapping", response=JobOut, summary="Correct which column holds which field")
def set_mapping(request: HttpRequest, job_id: int, payload: MappingIn) -> Any:
    job = services.import_set_mapping(by=request.user, job=_job(request, job_id), mapping=payload.mapping)
    return job_data(job)


@router.post("/{int:job_id}/validate", response=JobOut, summary="Check every row (a task for large files)")
def validate(request: HttpRequest, job_id: int) -> Any:
    return job_data(services.import_validate(by=request.user, job=_job(request, job_id)))


@router.post(
    "/{int:job_id}/commit", response=JobOut, summary="Import the checked rows (all or nothing by default)"
)
def commit(request: HttpRequest, job_id: int, payload: CommitIn | None = None) -> Any:
    take = bool(payload and payload.take_good_rows)
    return job_data(services.import_commit(by=request.user, job=_job(request, job_id), take_good_rows=take))


@router.get("/{int:job_id}/report.xlsx", summary="The sheet back with an error column")
def report(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    response = sheets.report_xlsx(job)
    record_access(job, user=request.user, fields=["file"], reason="import error report")
    return response


# Last: "/{kind}" would otherwise catch "/{job_id}" (Django tries URL patterns in order).
@router.post("/{kind}", response={201: JobOut}, summary="Upload a sheet (multipart: file, optional org)")
def upload(request: HttpRequest, kind: str, file: File[UploadedFile], org: Form[int | None] = None) -> Any:
    target = None
    if org is not None:
        spec = get_spec(kind)
        target = visible_orgs(request.user, spec.perm).filter(pk=org).first()
        if target is None:
            raise NotFound(_not_found(), field="org")
    job = services.import_start(by=request.user, kind=kind, file=file, org=target)
    return Status(201, job_data(job))


def _not_found() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Not found, or outside your scope.")
