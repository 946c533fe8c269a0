"""Builders for import tests: spreadsheets made in the test, and a small people-like spec.

Other apps' import tests may use these too (``xlsx_file``, ``csv_file``).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from gonghui.core.imports import bulk, cells
from gonghui.core.imports.spec import CommitCounts, Field, ImportContext, ImportSpec, Row

TITLE = "南江县2015年困难职工花名册"


def xlsx_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    start_row: int = 0,
    start_col: int = 0,
    title: str | None = None,
    text_cols: Sequence[int] = (),
) -> bytes:
    """A workbook whose first sheet holds ``rows`` from (start_row, start_col), 0-based.

    With ``title`` the first row holds it merged across the columns (as offices do); strings are
    written as text, numbers as numbers, dates as dates, like Excel would store what was typed.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("花名册")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    width = max((len(r) for r in rows), default=1)
    if title:
        sheet.merge_range(0, start_col, 0, start_col + width - 1, title)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            at_r, at_c = start_row + r, start_col + c
            if value is None or value == "":
                continue
            if isinstance(value, (datetime.date, datetime.datetime)):
                if not isinstance(value, datetime.datetime):
                    value = datetime.datetime(value.year, value.month, value.day)
                sheet.write_datetime(at_r, at_c, value, date_fmt)
            elif isinstance(value, bool):
                sheet.write_boolean(at_r, at_c, value)
            elif isinstance(value, (int, float)) and c not in text_cols:
                sheet.write_number(at_r, at_c, value)
            else:
                sheet.write_string(at_r, at_c, str(value))
    book.close()
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    data = text.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_file(rows: Sequence[Sequence[Any]], name: str = "花名册.xlsx", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, **kwargs))


def csv_file(rows: Sequence[Sequence[Any]], name: str = "花名册.csv", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, **kwargs))


def check_char(first17: str) -> str:
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def make_id(birth: str = "19900101", seq: int = 123) -> str:
    first17 = f"511922{birth}{seq:03d}"
    return first17 + check_char(first17)


def _id_number(value: Any) -> str:
    number = cells.id_number_text(value)
    if len(number) != 18 or number[17] != check_char(number[:17]):
        raise cells.CellError(_("The check character of this ID number does not match."))
    return number


class MemberSpec(ImportSpec):
    """A people-like spec for tests only: rows keyed by ID number, stored as service points.

    The ID goes to ``address`` and the other values to ``hours``/``services``, so the commit runs in
    the real database transaction like a real spec's.
    """

    kind = "test-members"
    verbose_name = "Test members"
    perm = "servicepoints.change"
    key_fields = ("id_number",)
    fields = (
        Field("name", "Name", ("姓名", "名字"), True),
        Field("id_number", "ID number", ("身份证号", "身份证号码", "公民身份号码"), True, _id_number, True),
        Field("phone", "Phone", ("手机", "手机号", "联系电话"), False, cells.digits_text, True),
        Field("birth_date", "Birth date", ("出生日期", "出生年月日"), False, cells.date),
        Field("sex", "Sex", ("性别",), False, cells.sex),
        Field("amount", "Amount", ("金额", "补助金额"), False, cells.money),
        Field("member", "Member", ("是否会员",), False, cells.boolean),
    )

    def validate_row(self, values: dict[str, Any], context: ImportContext) -> list[tuple[str | None, Any]]:
        errors = []
        if "sex" in values and values["sex"] != ("male" if int(values["id_number"][16]) % 2 else "female"):
            errors.append(("sex", "The sex contradicts the ID number."))
        return errors

    def validate_rows(self, rows: list[Row], context: ImportContext) -> None:
        super().validate_rows(rows, context)
        for row in rows:
            if "birth_date" in row.values and row.values["birth_date"].year < 1930:
                row.add_warning("birth_date", "Born before 1930: check the date.")

    def commit_rows(self, rows: list[Row], context: ImportContext) -> CommitCounts:
        from gonghui.orgs.models import ServicePoint

        existing = {
            p.address: p
            for p in ServicePoint.objects.filter(
                org=context.org, address__in=[r.values["id_number"] for r in rows]
            )
        }
        counts = CommitCounts()
        created, changed = [], []
        for row in rows:
            v = row.values
            values = {
                "name": f"{v['name']}-{v['id_number'][-4:]}",
                "hours": v["birth_date"].isoformat() if "birth_date" in v else "",
                "services": " ".join(str(v.get(k, "")) for k in ("sex", "amount", "member", "phone")),
            }
            point = existing.get(v["id_number"])
            if point is None:
                created.append(ServicePoint(org=context.org, kind="point", address=v["id_number"], **values))
            elif (before := bulk.apply_values(point, values)) is None:
                counts.unchanged += 1
            else:
                changed.append((before, point))
        ServicePoint.objects.bulk_create(created)
        bulk.bulk_update_changed(ServicePoint, changed, ["name", "hours", "services"])
        bulk.log_created(created, user=context.user)
        bulk.log_updated(changed, user=context.user)
        counts.created, counts.updated = len(created), len(changed)
        return counts
