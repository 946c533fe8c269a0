"""Helpers shared by the rights page and API tests."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from openpyxl import load_workbook


def xlsx_rows(response: HttpResponse) -> list[list[Any]]:
    """All rows of the first sheet of an xlsx response, header first."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_text(response: HttpResponse) -> str:
    return "\n".join(" ".join(str(c) for c in row if c is not None) for row in xlsx_rows(response))
