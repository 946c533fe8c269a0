"""Read the rows of an uploaded spreadsheet, one at a time, with their spreadsheet row numbers.

``.xlsx`` and ``.xls`` go through python-calamine (Rust): it holds the sheet's cells in its own
compact form and hands Python one row at a time, so a 100,000-row sheet never becomes a Python
list of lists. CSV is read by the standard library from the open file. Every reader yields
``(row_number, cells)`` with the 1-based row number a person sees in Excel, so every message can
name it, and cells padded on the left so that column indexes are the sheet's own (A = 0).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from gonghui.core.errors import DomainError

XLSX = "xlsx"
XLS = "xls"
CSV = "csv"
FORMATS = (XLSX, XLS, CSV)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_CHUNK = 1 << 16


def detect_format(head: bytes, filename: str) -> str:
    """The format from the file's first bytes, falling back to its name for CSV (which has no magic)."""
    name = filename.lower()
    if head.startswith(_ZIP_MAGIC):
        return XLSX
    if head.startswith(_OLE_MAGIC):
        return XLS
    if name.endswith((".csv", ".txt")):
        return CSV
    raise DomainError(_("Upload an .xlsx, .xls or .csv file."), field="file")


def detect_encoding(fileobj: IO[bytes]) -> str:
    """``utf-8-sig`` (with or without BOM), UTF-16 with a BOM, else ``gb18030`` (covers GBK and GB2312).

    The whole file is decoded in chunks, so a bad byte near the end is found now and not half-way
    through a commit; memory stays at one chunk.
    """
    fileobj.seek(0)
    head = fileobj.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        fileobj.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := fileobj.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        fileobj.seek(0)
        return encoding
    raise DomainError(
        _("This CSV file is neither UTF-8 nor GBK text; save it again from Excel as CSV."), field="file"
    )


def iter_rows(
    fileobj: IO[bytes], fmt: str, encoding: str = "", info: dict[str, Any] | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """``(row_number, cells)`` for every row of the first visible sheet, empty rows included.

    ``info``, when given, receives ``last_row`` (the sheet's last row number; for CSV a count of
    line breaks) before the first row is yielded, so one opening of a workbook serves both.
    """
    fileobj.seek(0)
    if fmt == CSV:
        encoding = encoding or detect_encoding(fileobj)
        if info is not None:
            info["last_row"] = _count_lines(fileobj)
        yield from _csv_rows(fileobj, encoding)
    else:
        yield from _calamine_rows(fileobj, info)


def _count_lines(fileobj: IO[bytes]) -> int:
    """Line breaks in the file (quoted cells may hold more, so it is an estimate for progress bars)."""
    fileobj.seek(0)
    lines = 0
    last = b""
    while chunk := fileobj.read(_CHUNK):
        lines += chunk.count(b"\n")
        last = chunk
    fileobj.seek(0)
    return lines + (1 if last and not last.endswith(b"\n") else 0)


def _workbook(fileobj: IO[bytes]) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(fileobj)
    except (CalamineError, ValueError, OSError):
        raise DomainError(
            _("This file cannot be read as a spreadsheet; open it in Excel and save it as .xlsx."),
            field="file",
        ) from None


def _first_sheet(book: CalamineWorkbook) -> Any:
    """The first visible worksheet: offices often keep a hidden sheet of lookup lists first."""
    index = 0
    for i, meta in enumerate(book.sheets_metadata):
        if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet:
            index = i
            break
    try:
        return book.get_sheet_by_index(index)
    except CalamineError:
        raise DomainError(_("This workbook has no sheet to read."), field="file") from None


def _calamine_rows(fileobj: IO[bytes], info: dict[str, Any] | None) -> Iterator[tuple[int, list[Any]]]:
    sheet = _first_sheet(_workbook(fileobj))
    start, end = sheet.start, sheet.end
    if info is not None:
        info["last_row"] = end[0] + 1 if end else 0
    # python-calamine yields rows from the sheet's first row but columns from the first used one.
    pad = [""] * start[1] if start else []
    try:
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, pad + cells if pad else cells
    except CalamineError:
        raise DomainError(_("This file is damaged and cannot be read to the end."), field="file") from None


def _csv_rows(fileobj: IO[bytes], encoding: str) -> Iterator[tuple[int, list[Any]]]:
    stream = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    try:
        first = stream.readline()
        delimiter = _delimiter(first)
        stream.seek(0)  # back before the BOM, which utf-8-sig and utf-16 skip again
        yield from enumerate(csv.reader(stream, delimiter=delimiter), start=1)
    except (UnicodeDecodeError, csv.Error):
        raise DomainError(_("This CSV file cannot be read to the end."), field="file") from None
    finally:
        stream.detach()


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
