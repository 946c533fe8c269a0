"""xlsx exports written row by row (constant memory), so a large list never sits in memory whole."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_xlsx(headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1") -> bytes:
    """One sheet with a bold header row; dates as dates, everything else as text or numbers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False, "tmpdir": None})
    ws = book.add_worksheet(force_str(sheet)[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    time_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for col, header in enumerate(headers):
        ws.write_string(0, col, force_str(header), bold)
        ws.set_column(col, col, 16)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                ws.write_datetime(r, col, timezone.localtime(value).replace(tzinfo=None), time_fmt)
            elif isinstance(value, date):
                ws.write_datetime(r, col, datetime(value.year, value.month, value.day), date_fmt)
            elif isinstance(value, bool):
                ws.write_boolean(r, col, value)
            elif isinstance(value, int):
                ws.write_number(r, col, value)
            else:
                # Text as text: an ID number must never become 5.12E+17.
                ws.write_string(r, col, force_str(value))
    book.close()
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
