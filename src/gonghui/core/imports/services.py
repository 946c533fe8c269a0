"""Import verbs: upload, correct the mapping, validate, commit; and the purge of old files.

Each checks the caller's right to import that kind into the job's organisation, then changes the
job under its row lock. Validation and commit run inline for small files (the answer carries the
result) and as a background task with a progress bar for large ones
(``GONGHUI_IMPORT_INLINE_ROWS``, default 1,000 rows).
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import Conflict, DomainError, FieldError, PermissionDenied
from gonghui.core.imports import checked, engine, readers
from gonghui.core.imports.headers import find_header
from gonghui.core.imports.registry import get_spec
from gonghui.core.imports.spec import ImportSpec
from gonghui.core.models import ImportJob
from gonghui.core.tasks import start_tracked

State = ImportJob.State


def inline_rows() -> int:
    return int(getattr(settings, "GONGHUI_IMPORT_INLINE_ROWS", 1000))


def max_bytes() -> int:
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def file_days() -> int:
    return int(getattr(settings, "GONGHUI_IMPORT_FILE_DAYS", 7))


def default_org(user: Any, perm: str) -> Any:
    """The organisation a user imports into when none is named: the first where they hold ``perm``."""
    from gonghui.orgs.models import Organisation

    for grant in scoping.assignments(user):
        if scoping.role_grants(grant.role, perm):
            return Organisation.objects.get(pk=grant.org_id)
    raise PermissionDenied(_("You do not have permission to do this."))


def import_upload(*, by: Any, kind: str, file: Any, org: Any | None = None) -> ImportJob:
    """Keep an uploaded sheet as a job, with its header row found and a mapping proposed.

    Nothing is kept when the file cannot be read or has no recognisable header row.
    """
    spec = get_spec(kind)
    scoping.require(by, spec.perm)
    org = org if org is not None else default_org(by, spec.perm)
    scoping.require(by, spec.perm, org)
    if not file:
        raise DomainError(_("Choose a file to upload."), field="file")
    if file.size > max_bytes():
        raise DomainError(
            _("This file is larger than %(mb)d MB; split it into several files.")
            % {"mb": max_bytes() // (1024 * 1024)},
            field="file",
        )
    name = os.path.basename(file.name or "upload")[:255]
    file.seek(0)
    fmt = readers.detect_format(file.read(8), name)
    encoding = readers.detect_encoding(file) if fmt == readers.CSV else ""
    info: dict[str, Any] = {}
    guess = find_header(readers.iter_rows(file, fmt, encoding, info), spec)
    if guess is None:
        examples = "、".join(str(f.label) for f in spec.fields[:3])
        raise DomainError(
            _(
                "No header row was found in the first %(rows)d rows. The sheet needs a row naming its "
                "columns, such as %(examples)s."
            )
            % {"rows": spec.header_scan_rows, "examples": examples},
            field="file",
        )
    job = ImportJob(
        org=org,
        kind=spec.kind,
        original_name=name,
        file_format=fmt,
        encoding=encoding,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        header_row=guess.row_number,
        headers=guess.headers,
        mapping={str(col): field for col, field in guess.mapping.items()},
        rows=max(0, info.get("last_row", 0) - guess.row_number),
        report={"unknown_columns": guess.unknown, "repeated_columns": guess.repeated},
        created_by=by,
    )
    job.state = State.MAPPED if not missing_required(spec, job.mapping) else State.UPLOADED
    file.seek(0)
    job.file.save(name, file, save=False)
    try:
        with transaction.atomic():
            job.save()
    except BaseException:
        job.file.delete(save=False)
        raise
    return job


def missing_required(spec: ImportSpec, mapping: dict[str, str]) -> list[Any]:
    """Labels of the required fields no column is mapped to."""
    mapped = set(mapping.values())
    return [f.label for f in spec.required_fields if f.name not in mapped]


def _locked(by: Any, job: ImportJob) -> tuple[ImportJob, ImportSpec]:
    """The job under its row lock, after checking the caller may import its kind into its organisation."""
    spec = get_spec(job.kind)
    scoping.require(by, spec.perm, job.org)
    return ImportJob.objects.select_for_update(of=("self",)).select_related("org").get(pk=job.pk), spec


def _refuse_busy(job: ImportJob) -> None:
    if job.is_busy:
        raise Conflict(_("This import is being processed; wait until it has finished."))
    if job.state == State.COMMITTED:
        raise Conflict(_("This file has already been imported; upload it again to import it again."))


def import_set_mapping(*, by: Any, job: ImportJob, mapping: dict[Any, Any]) -> ImportJob:
    """Set which column holds which field (columns mapped to nothing are ignored); checks start again."""
    with transaction.atomic():
        job, spec = _locked(by, job)
        _refuse_busy(job)
        clean = _clean_mapping(spec, job, mapping)
        job.mapping = clean
        job.state = State.MAPPED
        job.rows = max(job.rows, job.valid + job.invalid)
        job.valid = job.invalid = 0
        mapped_cols = {int(c) for c in clean}
        report = {k: v for k, v in (job.report or {}).items() if k in ("unknown_columns", "repeated_columns")}
        report["unknown_columns"] = [i for i, h in enumerate(job.headers) if h and i not in mapped_cols]
        report["repeated_columns"] = []
        job.report = report
        job.message = ""
        job.save()
    return job


def _clean_mapping(spec: ImportSpec, job: ImportJob, mapping: dict[Any, Any]) -> dict[str, str]:
    errors: list[FieldError] = []
    clean: dict[str, str] = {}
    seen: dict[str, int] = {}
    for raw_col, raw_name in mapping.items():
        name = (raw_name or "").strip()
        if not name:
            continue
        try:
            col = int(raw_col)
        except (TypeError, ValueError):
            col = -1
        if not 0 <= col < len(job.headers):
            errors.append(
                FieldError("mapping", _("There is no column %(col)s in this sheet.") % {"col": raw_col})
            )
            continue
        if name not in spec.field_map:
            errors.append(FieldError("mapping", _("Unknown field: %(field)s") % {"field": name}))
            continue
        if name in seen:
            errors.append(
                FieldError(
                    "mapping",
                    _("%(field)s is chosen for two columns (%(a)s and %(b)s); choose one.")
                    % {
                        "field": spec.field_map[name].label,
                        "a": column_name(job, seen[name]),
                        "b": column_name(job, col),
                    },
                )
            )
            continue
        seen[name] = col
        clean[str(col)] = name
    for label in missing_required(spec, clean):
        errors.append(
            FieldError("mapping", _("Choose the column that holds %(field)s (required).") % {"field": label})
        )
    if errors:
        raise DomainError(_("The column mapping is not complete."), errors=errors)
    return clean


def column_name(job: ImportJob, col: int) -> str:
    """A column as a person finds it: its letter and header (C 身份证号)."""
    header = job.headers[col] if 0 <= col < len(job.headers) else ""
    return f"{column_letter(col)} {header}".strip()


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def import_validate(*, by: Any, job: ImportJob) -> ImportJob:
    """Check every row: inline for a small file, as a background task for a large one."""
    with transaction.atomic():
        job, spec = _locked(by, job)
        _refuse_busy(job)
        if job.state not in (State.MAPPED, State.VALIDATED, State.FAILED):
            raise Conflict(_("Choose which column holds which field first."))
        if missing_required(spec, job.mapping):
            raise Conflict(_("Choose which column holds which field first."))
        job.state = State.VALIDATING
        job.language = translation.get_language() or job.language
        job.message = ""
        inline = job.rows <= inline_rows()
        if not inline:
            job.progress = start_tracked(
                _tasks().validate_import,
                label=str(_("Checking %(name)s") % {"name": job.original_name}),
                owner=by,
                total=job.rows,
                job_id=job.pk,
                by_id=by.pk,
            )
        job.save()
    if inline:
        return engine.validate_job(job.pk, by_id=by.pk)
    return job


def import_commit(*, by: Any, job: ImportJob, take_good_rows: bool = False) -> ImportJob:
    """Write the checked rows in one transaction: all of them, or only the good ones when so chosen."""
    with transaction.atomic():
        job, _spec = _locked(by, job)
        _refuse_busy(job)
        if job.state != State.VALIDATED:
            raise Conflict(_("Check the rows before importing them."))
        if job.invalid and not take_good_rows:
            raise DomainError(
                _(
                    "%(count)d rows have errors, so nothing was imported. Correct them and upload the file "
                    "again, or choose to import only the good rows."
                )
                % {"count": job.invalid},
                field="take_good_rows",
            )
        if not job.valid:
            raise DomainError(_("There are no good rows to import."), field="take_good_rows")
        job.state = State.COMMITTING
        job.take_good_rows = take_good_rows
        job.message = ""
        inline = job.rows <= inline_rows()
        if not inline:
            job.progress = start_tracked(
                _tasks().commit_import,
                label=str(_("Importing %(name)s") % {"name": job.original_name}),
                owner=by,
                total=job.rows,
                job_id=job.pk,
                take_good_rows=take_good_rows,
                by_id=by.pk,
            )
        job.save()
    if inline:
        return engine.commit_job(job.pk, take_good_rows, by_id=by.pk)
    return job


def _tasks() -> Any:
    from gonghui.core.imports import tasks

    return tasks


def job_url(job: ImportJob) -> str:
    return reverse("imports:detail", args=[job.pk])


def purge_import_files(*, days: int | None = None) -> int:
    """Delete uploaded files older than ``days`` (``GONGHUI_IMPORT_FILE_DAYS``); the jobs and reports stay."""
    cutoff = timezone.now() - timedelta(days=file_days() if days is None else days)
    stale = (
        ImportJob.objects.filter(created_at__lt=cutoff)
        .exclude(file="")
        .exclude(state__in=[State.VALIDATING, State.COMMITTING])
    )
    count = 0
    for job in stale.iterator():
        checked.discard(job)
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        count += 1
    return count


def import_start(*, by: Any, kind: str, file: Any, org: Any | None = None) -> ImportJob:
    """Upload, and check the rows at once when the mapping is complete and the file small.

    A large file, or one whose columns need choosing, waits for the user's next step.
    """
    job = import_upload(by=by, kind=kind, file=file, org=org)
    if job.state == State.MAPPED and job.rows <= inline_rows():
        job = import_validate(by=by, job=job)
    return job
