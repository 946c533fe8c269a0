"""The two workbooks an import offers: the blank template, and the file back with an error column.

The error report is the uploaded sheet row for row (title rows included, so row numbers match),
every value written as text so that ID numbers stay as typed, bad cells filled red, and one more
column naming what is wrong. It is written with xlsxwriter's constant-memory mode to a temporary
file and streamed, so a 100,000-row report does not sit in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from typing import Any

import xlsxwriter
from django.http import FileResponse, HttpResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from gonghui.core.exports import XLSX_TYPE, xlsx_response
from gonghui.core.imports import cells, engine
from gonghui.core.imports.spec import ImportSpec
from gonghui.core.models import ImportJob


def template_xlsx(spec: ImportSpec) -> HttpResponse:
    """A blank sheet with the spec's headers (required ones marked *), text columns formatted as text."""
    path = _temp_path()
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet(force_str(spec.verbose_name)[:31] or spec.kind)
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#FDE9D9", "border": 1})
    as_text = book.add_format({"num_format": "@"})
    for col, (field, header) in enumerate(zip(spec.fields, spec.template_headers, strict=True)):
        sheet.write_string(0, col, header, required if field.required else bold)
        sheet.set_column(col, col, 18, as_text if field.text_column else None)
        if field.help:
            sheet.write_comment(0, col, force_str(field.help))
    for r, example in enumerate(spec.template_example(), start=1):
        for col, value in enumerate(example):
            if value not in (None, ""):
                sheet.write_string(r, col, cells.as_text(value))
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet(_("Notes")[:31])
    notes.write_row(0, 0, [_("Column"), _("Required"), _("Also recognised as")], bold)
    notes.set_column(0, 0, 20)
    notes.set_column(2, 2, 60)
    for r, field in enumerate(spec.fields, start=1):
        notes.write_row(
            r, 0, [force_str(field.label), _("Yes") if field.required else "", "、".join(field.synonyms)]
        )
    book.close()
    return _file_response(path, f"{spec.kind}-template")


def report_xlsx(job: ImportJob) -> FileResponse:
    """The uploaded sheet with every row's errors (and warnings) in an added column."""
    report = job.report or {}
    messages: dict[int, list[str]] = defaultdict(list)
    bad_cells: dict[int, set[int]] = defaultdict(set)
    for row, col, _field, message in report.get("errors", []):
        messages[row].append(_label(job, col, message))
        if col is not None:
            bad_cells[row].add(col)
    for row, col, _field, message in report.get("warnings", []):
        messages[row].append(_("Note: %(message)s") % {"message": _label(job, col, message)})
    error_col = max(len(job.headers), 1)
    path = _temp_path()
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet(_("Errors")[:31])
    red = book.add_format({"bg_color": "#FFC7CE"})
    head = book.add_format({"bold": True, "bg_color": "#FFC7CE", "font_color": "#9C0006"})
    wrap = book.add_format({"font_color": "#9C0006", "text_wrap": False})
    with engine.open_rows(job) as rows:
        for number, row_cells in rows:
            r = number - 1
            for col, value in enumerate(row_cells):
                if cells.is_blank(value):
                    continue
                target = col if col < error_col else col + 1
                fmt = red if col in bad_cells.get(number, ()) else None
                sheet.write_string(r, target, cells.as_text(value), fmt)
            if number == job.header_row:
                sheet.write_string(r, error_col, _header(report), head)
            elif number in messages:
                sheet.write_string(r, error_col, "；".join(messages[number]), wrap)
    sheet.set_column(error_col, error_col, 60)
    book.close()
    return _file_response(path, f"import-{job.pk}-errors")


def _header(report: dict[str, Any]) -> str:
    total = report.get("error_total", 0)
    kept = len(report.get("errors", []))
    if total > kept:
        return _("Errors (the first %(kept)d of %(total)d)") % {"kept": kept, "total": total}
    return _("Errors")


def _label(job: ImportJob, col: int | None, message: str) -> str:
    if col is None or col >= len(job.headers):
        return message
    header = job.headers[col] or f"{col + 1}"
    return f"{header}：{message}"


def _temp_path() -> str:
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="gonghui-")
    os.close(handle)
    return path


def _file_response(path: str, filename: str) -> FileResponse:
    """Stream a finished workbook and remove it: the open handle keeps it readable once unlinked."""
    handle = open(path, "rb")  # noqa: SIM115 (closed by the response)
    os.unlink(path)
    response = xlsx_response(b"", filename)
    streamed = FileResponse(handle, content_type=XLSX_TYPE)
    streamed["Content-Disposition"] = response["Content-Disposition"]
    return streamed
