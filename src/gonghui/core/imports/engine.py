"""The two passes over an uploaded file: validate every row, then commit all of them (or the good ones).

Both passes stream the file batch by batch; what stays in memory is one batch of rows, the keys
seen so far (to find rows repeated inside the file) and the first ``ERROR_CAP`` messages. The
commit pass checks every row again inside its one transaction, because the database may have
changed since the validation (the cells themselves are not cleaned twice: the validation keeps
them, see ``checked``): if a row has become bad and the user did not choose to take the
good rows, everything is rolled back and the job shows the new report.

On PostgreSQL, progress reported from inside the commit transaction is only seen when it ends;
the bar shows the checking pass and then jumps.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.core import tasks
from gonghui.core.errors import DomainError
from gonghui.core.imports import cells, checked, readers
from gonghui.core.imports.registry import get_spec
from gonghui.core.imports.spec import CommitCounts, Field, ImportContext, ImportSpec, Row
from gonghui.core.models import ImportJob

logger = logging.getLogger("gonghui.imports")

ERROR_CAP = 10_000  # messages kept on the job; the total is always counted
ANALYZE_ROWS = 10_000  # rows created or updated from which a commit refreshes the planner's statistics
WARNING_CAP = 2_000


def job_mapping(job: ImportJob) -> dict[int, str]:
    """The job's column mapping with integer column indexes (JSON keeps them as text)."""
    return {int(col): name for col, name in (job.mapping or {}).items() if name}


@contextmanager
def open_rows(job: ImportJob) -> Iterator[Iterator[tuple[int, list[Any]]]]:
    """Every row of the job's file, from the first, as ``(row_number, cells)``."""
    if not job.file:
        raise DomainError(
            _("The uploaded file is no longer kept; upload it again."), field="file", status=410
        )
    with job.file.open("rb") as handle:
        yield readers.iter_rows(handle, job.file_format, job.encoding)


def data_rows(job: ImportJob) -> Iterator[tuple[int, list[Any]]]:
    """The rows under the header that hold anything."""
    with open_rows(job) as rows:
        for number, row_cells in rows:
            if number <= job.header_row:
                continue
            if all(cells.is_blank(c) for c in row_cells):
                continue
            yield number, row_cells


@dataclass
class Outcome:
    """What one pass found: counters and the (capped) messages, ready to store on the job."""

    rows: int = 0
    valid: int = 0
    invalid: int = 0
    errors: list[list[Any]] = field(default_factory=list)
    error_total: int = 0
    warnings: list[list[Any]] = field(default_factory=list)
    warning_total: int = 0
    duplicate_rows: set[int] = field(default_factory=set)
    counts: CommitCounts = field(default_factory=CommitCounts)

    def add(
        self, number: int, col: int | None, field_name: str | None, message: str, warning: bool = False
    ) -> None:
        if warning:
            self.warning_total += 1
            if len(self.warnings) < WARNING_CAP:
                self.warnings.append([number, col, field_name, message])
            return
        self.error_total += 1
        if len(self.errors) < ERROR_CAP:
            self.errors.append([number, col, field_name, message])


class Checker:
    """Cleans and checks rows batch by batch, and finds rows repeated inside the file."""

    def __init__(
        self, job: ImportJob, spec: ImportSpec, context: ImportContext, known_duplicates: set[int]
    ) -> None:
        self.job = job
        self.spec = spec
        self.context = context
        mapping = job_mapping(job)
        self.columns: list[tuple[int, Field]] = [
            (col, spec.field_map[name]) for col, name in sorted(mapping.items()) if name in spec.field_map
        ]
        self.column_of = {f.name: col for col, f in self.columns}
        self.memos = {f.name: _Memo(f.cleaner) for _col, f in self.columns}
        self.key_field = spec.key_fields[0] if spec.key_fields else None
        # key → [first row, first row already reported as repeated, first row recorded good (None: not yet)]
        self.seen: dict[Hashable, list[Any]] = {}
        self.known_duplicates = known_duplicates
        self.outcome = Outcome()

    def clean(self, number: int, row_cells: list[Any]) -> Row:
        row = Row(number, {})
        for col, f in self.columns:
            value = row_cells[col] if col < len(row_cells) else None
            if cells.is_blank(value):
                if f.required:
                    row.add_error(f.name, _("%(field)s is required.") % {"field": f.label})
                continue
            value, error = self.memos[f.name].clean(value)
            if error is None:
                row.values[f.name] = value
            else:
                row.add_error(f.name, error)
        return row

    def check(self, batch: list[Row]) -> None:
        """Keys and in-file duplicates, then the spec's own checks; record every message."""
        pending = {row.number: row for row in batch}
        for row in batch:
            if row.ok:
                self._duplicates(row, pending)
        good = [r for r in batch if r.ok]
        if good:
            self.spec.validate_rows(good, self.context)
        for row in batch:
            self._record(row)

    def _duplicates(self, row: Row, pending: dict[int, Row]) -> None:
        """Report a repeated key on both rows; the first row may already be recorded, or in this batch."""
        if row.number in self.known_duplicates:
            # The commit pass: the validation found this row repeated, and the file has not changed.
            row.add_error(self.key_field, _("This record appears more than once in the file."))
            return
        row.key = self.spec.key(row.values)
        if row.key is None:
            return
        first = self.seen.get(row.key)
        if first is None:
            self.seen[row.key] = [row.number, False, None]
            return
        first_number, flagged, first_ok = first
        row.add_error(self.key_field, _("Same record as row %(row)d of this file.") % {"row": first_number})
        self.outcome.duplicate_rows.update((first_number, row.number))
        if flagged:
            return
        first[1] = True
        message = _("Repeated in row %(row)d of this file.") % {"row": row.number}
        if first_number in pending:
            pending[first_number].add_error(self.key_field, message)
            return
        self.outcome.add(first_number, self.column_of.get(self.key_field or ""), self.key_field, message)
        if first_ok:
            # The first row was counted good when it was recorded; it is not any more.
            self.outcome.valid -= 1
            self.outcome.invalid += 1

    def _record(self, row: Row) -> None:
        self.outcome.rows += 1
        if row.ok:
            self.outcome.valid += 1
        else:
            self.outcome.invalid += 1
        if row.key is not None:
            first = self.seen.get(row.key)
            if first is not None and first[0] == row.number:
                first[2] = row.ok
        for field_name, message in row.errors:
            self.outcome.add(row.number, self.column_of.get(field_name or ""), field_name, message)
        for field_name, message in row.warnings:
            self.outcome.add(
                row.number, self.column_of.get(field_name or ""), field_name, message, warning=True
            )

    def batches(
        self, cleaned: Iterator[list[Row]] | None = None, keep: checked.Writer | None = None
    ) -> Iterator[list[Row]]:
        """Checked batches: cleaned from the file, or as a validation cleaned them (``cleaned``).

        ``keep`` stores each batch as cleaned, before the checks, for the commit to use.
        """
        for batch in self._cleaned() if cleaned is None else cleaned:
            if keep is not None:
                keep.add(batch)
            self.check(batch)
            yield batch

    def _cleaned(self) -> Iterator[list[Row]]:
        batch: list[Row] = []
        for number, row_cells in data_rows(self.job):
            batch.append(self.clean(number, row_cells))
            if len(batch) >= self.spec.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch


class _Memo:
    """A column's cleaner that remembers its answers while they repeat.

    Most columns of a register hold a few dozen different values (民族, 户口性质, 是/否), so a cell
    is cleaned once per value, not once per row. A column whose values mostly differ (ID numbers,
    addresses: more than half of the first ``TRIAL`` cells new) is no longer remembered, and no
    column keeps more than ``LIMIT`` values, so memory stays bounded.
    """

    TRIAL = 2000
    LIMIT = 5000

    def __init__(self, cleaner: Any) -> None:
        self.cleaner = cleaner
        self.answers: dict[tuple[type, Any], tuple[Any, Any]] | None = {}
        self.asked = 0

    def clean(self, value: Any) -> tuple[Any, Any]:
        """(clean value, None) or (None, the message saying what is wrong)."""
        answers = self.answers
        if answers is None:
            return self._run(value)
        self.asked += 1
        key = (type(value), value)  # 1, 1.0 and True are equal keys but different cells
        try:
            known = answers.get(key)
        except TypeError:  # a value that cannot be a key
            return self._run(value)
        if known is not None:
            return known
        answer = self._run(value)
        if len(answers) >= self.LIMIT or (self.asked >= self.TRIAL and len(answers) > self.asked // 2):
            self.answers = None
        else:
            answers[key] = answer
        return answer

    def _run(self, value: Any) -> tuple[Any, Any]:
        try:
            return self.cleaner(value), None
        except DomainError as exc:
            return None, exc.message


def _context(job: ImportJob, spec: ImportSpec, *, committing: bool, user: Any) -> ImportContext:
    mapped = frozenset(job_mapping(job).values())
    return ImportContext(
        job=job, user=user, org=job.org, spec=spec, mapped_fields=mapped, committing=committing
    )


def _user(job: ImportJob, by_id: int | None) -> Any:
    """Who asked for this pass (the admin who commits a cadre's upload acts as themself)."""
    if by_id is None or by_id == job.created_by_id:
        return job.created_by
    return job.created_by.__class__.objects.get(pk=by_id)


def _store(job: ImportJob, outcome: Outcome) -> None:
    job.rows, job.valid, job.invalid = outcome.rows, outcome.valid, outcome.invalid
    report = dict(job.report or {})
    report.update(
        errors=sorted(outcome.errors, key=lambda e: (e[0], e[1] if e[1] is not None else -1)),
        error_total=outcome.error_total,
        warnings=outcome.warnings,
        warning_total=outcome.warning_total,
        duplicate_rows=sorted(outcome.duplicate_rows),
    )
    job.report = report


def _progress(key: str | None, checker: Checker, total: int) -> None:
    if key:
        tasks.report(key, done=min(checker.outcome.rows, total) if total else checker.outcome.rows)


def _fail(job: ImportJob, message: str) -> None:
    job.state = ImportJob.State.FAILED
    job.message = message[:2000]
    job.save()


def validate_job(job_id: int, progress_key: str | None = None, by_id: int | None = None) -> ImportJob:
    """Check every row of a job in state ``validating``; leaves it ``validated`` (or ``failed``)."""
    job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
    user = _user(job, by_id)
    with translation.override(job.language):
        spec = get_spec(job.kind)
        checker = Checker(job, spec, _context(job, spec, committing=False, user=user), set())
        try:
            with checked.writing(job) as keep:
                for _batch in checker.batches(keep=keep):
                    _progress(progress_key, checker, job.rows)
        except DomainError as exc:
            _fail(job, str(exc.message))
            return job
        except Exception:
            logger.exception("import %s: validation failed", job.pk)
            _fail(job, _("Checking the file failed unexpectedly; nothing was imported."))
            raise
        _store(job, checker.outcome)
        job.state = ImportJob.State.VALIDATED
        job.message = ""
        job.save()
    return job


class _RollBack(Exception):
    """Rows became bad since validation and the user asked for all or nothing."""


def commit_job(
    job_id: int, take_good_rows: bool = False, progress_key: str | None = None, by_id: int | None = None
) -> ImportJob:
    """Write a job in state ``committing``: one transaction, all rows or (if chosen) the good ones."""
    job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
    user = _user(job, by_id)
    with translation.override(job.language):
        spec = get_spec(job.kind)
        known = set((job.report or {}).get("duplicate_rows", []))
        checker = Checker(job, spec, _context(job, spec, committing=True, user=user), known)
        try:
            with transaction.atomic():
                counts = _write(checker, checked.batches(job), take_good_rows, progress_key, job.rows)
        except _RollBack:
            _store(job, checker.outcome)
            job.state = ImportJob.State.VALIDATED
            job.message = _(
                "Some rows are no longer valid (the register changed since the check); nothing was imported."
            )
            job.save()
            return job
        except DomainError as exc:
            _fail(job, str(exc.message))
            return job
        except Exception:
            logger.exception("import %s: commit failed", job.pk)
            _fail(job, _("Importing failed unexpectedly; nothing was imported."))
            raise
        _store(job, checker.outcome)
        if counts.created + counts.updated >= ANALYZE_ROWS:
            analyze(spec.analyze_models)
        job.created, job.updated, job.unchanged = counts.created, counts.updated, counts.unchanged
        job.state = ImportJob.State.COMMITTED
        job.committed_at = timezone.now()
        job.take_good_rows = take_good_rows
        job.message = ""
        checked.discard(job)
        if not job.invalid and job.file:
            # Nothing left to report: the file (with its ID numbers) is not kept.
            job.file.delete(save=False)
        job.save()
    return job


def analyze(models: Any) -> None:
    """``ANALYZE`` the tables of ``models`` on PostgreSQL after a bulk load.

    Autovacuum analyses a table only some time after a large change; until then the planner
    keeps the old row counts and may read a table of 100,000 new people as if it were empty
    (nested loops over what it thinks is a handful of rows). SQLite needs nothing here.
    """
    from django.db import connection

    if connection.vendor != "postgresql" or not models:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _write(
    checker: Checker,
    cleaned: Iterator[list[Row]] | None,
    take_good_rows: bool,
    progress_key: str | None,
    total: int,
) -> CommitCounts:
    spec = checker.spec
    counts = CommitCounts()
    refused = False
    for batch in checker.batches(cleaned):
        bad = any(not r.ok for r in batch)
        if bad and not take_good_rows:
            refused = True
        if not refused:
            good = [r for r in batch if r.ok]
            if good:
                counts += spec.commit_rows(good, checker.context)
        _progress(progress_key, checker, total)
    if refused:
        raise _RollBack
    return counts
