"""What a kind of import declares: its fields, how rows are keyed, checked and written.

An app describes one register (people, households, enterprises, service points…) with an
:class:`ImportSpec` subclass in its ``imports.py`` and registers it
(``gonghui.core.imports.registry.register``). The framework does the rest: reading the file,
finding the header row, the column mapping, cleaning every cell, in-file duplicates, the report,
all-or-nothing commits, progress and the pages and API.

The spec's part, in the order the engine calls it:

1. ``fields``: one :class:`Field` per column it understands (name, label, header synonyms,
   required, cleaner). Cleaners raise ``DomainError`` (``cells.CellError`` is one) to refuse a cell.
2. ``key(values)``: what makes two rows the same record (people: the ID number). Two rows of the
   file with the same key are both reported; the key is also what ``commit_rows`` looks up to
   update an existing record instead of adding a second one.
3. ``validate_rows(rows, context)`` (or the simpler per-row ``validate_row(values, context)``):
   checks across fields and against the database, for rows whose cells all cleaned. Called in
   batches of ``batch_size`` so that lookups can be one query per batch.
4. ``commit_rows(rows, context)``: write a batch of good rows (bulk), inside the one transaction of
   the commit, and return :class:`CommitCounts`. A row that already exists with the same values is
   "unchanged" and is not written: importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.encoding import force_str

from gonghui.core.imports import cells
from gonghui.core.imports.headers import normalise_header


@dataclass(frozen=True)
class Field:
    """One column a spec understands.

    ``label`` is the template's header (a lazy translation); ``synonyms`` are the other headers
    offices write for it (姓名/名字). The label in Chinese and English and the field's own name
    are always accepted too. ``text_column`` formats the template's column as text, so that Excel
    leaves ID and phone numbers alone.
    """

    name: str
    label: Any
    synonyms: Sequence[str] = ()
    required: bool = False
    cleaner: Callable[[Any], Any] = cells.text
    text_column: bool = False
    help: Any = ""


@dataclass
class Row:
    """One data row of the file: its spreadsheet row number, the clean values and what is wrong.

    ``values`` holds the mapped fields whose cells were not empty; an empty cell is simply absent
    ("not given"), so an update leaves that field as it is.
    """

    number: int
    values: dict[str, Any]
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    warnings: list[tuple[str | None, str]] = field(default_factory=list)
    key: Hashable | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, field_name: str | None, message: Any) -> None:
        self.errors.append((field_name, force_str(message)))

    def add_warning(self, field_name: str | None, message: Any) -> None:
        self.warnings.append((field_name, force_str(message)))


@dataclass
class ImportContext:
    """What a spec may need while checking and writing: the job, who imports, into which organisation.

    ``cache`` is the spec's own scratch space for the whole run (lookup tables loaded once);
    ``committing`` is True during the commit pass, False while validating.
    """

    job: Any
    user: Any
    org: Any
    spec: ImportSpec
    mapped_fields: frozenset[str]
    committing: bool = False
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass
class CommitCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: CommitCounts) -> CommitCounts:
        return CommitCounts(
            self.created + other.created, self.updated + other.updated, self.unchanged + other.unchanged
        )


class ImportSpec:
    """Base class of every kind of import; subclass it and set the class attributes."""

    kind: str = ""  # URL-safe name: "people", "service-points"
    verbose_name: Any = ""
    description: Any = ""  # one line on the upload page
    perm: str = ""  # the permission to import (and to see the jobs): "people.change"
    fields: Sequence[Field] = ()
    key_fields: Sequence[str] = ()  # the fields whose values identify a record: ("id_number",)
    header_scan_rows: int = 15
    batch_size: int = 500
    # Models whose tables a large commit fills: on PostgreSQL they are analysed after it (see engine).
    analyze_models: Sequence[Any] = ()

    def key(self, values: dict[str, Any]) -> Hashable | None:
        """What identifies the record a row describes; None for rows that cannot clash.

        By default the values of ``key_fields``, when all are given.
        """
        if not self.key_fields or any(values.get(name) in (None, "") for name in self.key_fields):
            return None
        return tuple(values[name] for name in self.key_fields)

    def validate_row(self, values: dict[str, Any], context: ImportContext) -> list[tuple[str | None, Any]]:
        """Checks across fields of one row: a list of (field name or None, message)."""
        return []

    def validate_rows(self, rows: list[Row], context: ImportContext) -> None:
        """Check a batch of rows whose cells all cleaned, adding errors; override for batch lookups."""
        for row in rows:
            for field_name, message in self.validate_row(row.values, context):
                row.add_error(field_name, message)

    def commit_rows(self, rows: list[Row], context: ImportContext) -> CommitCounts:
        """Write a batch of good rows (create, update or leave unchanged) and count what happened."""
        raise NotImplementedError

    def template_example(self) -> list[list[Any]]:
        """Example rows for the downloadable template (text, as a person would type them)."""
        return []

    # --- Derived; no need to override.

    @property
    def template_headers(self) -> list[str]:
        """The template's header row: each field's label, required ones marked with *."""
        return [force_str(f.label) + ("*" if f.required else "") for f in self.fields]

    @cached_property
    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def required_fields(self) -> list[Field]:
        return [f for f in self.fields if f.required]

    def header_lookup(self) -> dict[str, str]:
        """Normalised header text → field name, over labels (both languages), names and synonyms."""
        from django.utils import translation

        lookup: dict[str, str] = {}
        for f in self.fields:
            words = [f.name, *f.synonyms]
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    words.append(force_str(f.label))
            for word in words:
                lookup.setdefault(normalise_header(word), f.name)
        return lookup

    def __str__(self) -> str:
        return force_str(self.verbose_name) or self.kind
