"""Cell cleaners: turn what an office spreadsheet holds into clean values, or say what is wrong.

A cleaner takes one cell (``str``, ``int``, ``float``, ``bool``, ``date``/``datetime`` as the
readers give them; never an empty cell, the engine handles those) and returns the clean value or
raises :class:`CellError` (a ``DomainError``) with a message for the person who typed it. Nothing
is silently repaired: an ID number that Excel turned into a number has lost digits for good, so it
is refused with the reason, not padded back to 18 characters.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import DomainError
from gonghui.core.money import to_money

Cleaner = Callable[[Any], Any]

# Excel's day 0 is 1899-12-31, and it believes 1900 was a leap year (a bug kept from Lotus 1-2-3):
# serial 60 is the non-existent 1900-02-29, so from serial 61 on the offset is one day less.
_EXCEL_EPOCH = datetime.date(1899, 12, 31)
_EXCEL_EPOCH_AFTER_BUG = datetime.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31

_SPACES = re.compile(r"\s+")
_APOSTROPHES = "'‘’`´"
_SCIENTIFIC = re.compile(r"^[0-9](\.[0-9]+)?E\+?[0-9]+$", re.IGNORECASE)
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


class CellError(DomainError):
    """One cell could not be read; the engine reports it against the cell's row and column."""


def halfwidth(value: str) -> str:
    """Full-width letters, digits and punctuation (``１２３ＡＢＣ，``) as their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", value)


def as_text(value: Any) -> str:
    """A cell as the text a person sees: whole-number floats without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) >= 1e15:
                # Excel keeps 15 significant digits and shows zeros after them, not binary noise.
                return f"{Decimal(f'{value:.15g}'):f}"
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value)


def is_blank(value: Any) -> bool:
    """Empty cells, and cells holding only spaces (full-width ones too)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip() and not halfwidth(value).strip()
    return False


def text(value: Any, *, max_length: int | None = None) -> str:
    """Text with full-width forms made half-width, stray spaces removed and inner runs collapsed."""
    result = _SPACES.sub(" ", halfwidth(as_text(value))).strip()
    if max_length is not None and len(result) > max_length:
        raise CellError(
            _("This text is too long: at most %(max)d characters, this one has %(count)d.")
            % {"max": max_length, "count": len(result)}
        )
    return result


def text_max(max_length: int) -> Cleaner:
    """A :func:`text` cleaner with a length limit, for a spec's field list."""

    def clean(value: Any) -> str:
        return text(value, max_length=max_length)

    return clean


def id_number_text(value: Any) -> str:
    """An ID number's characters as typed, normalised but not checked.

    Full-width forms, spaces anywhere, a leading apostrophe (Excel's "store as text" marker) and a
    lower-case x are put right. A number cell of more than 15 digits, or its scientific notation
    saved in a CSV, is refused: Excel keeps 15 significant digits, so the last ones are gone. The
    check character and birth date are the caller's to check (``gonghui.people.identity``).
    """
    if isinstance(value, bool):
        raise CellError(_("Enter the ID number as text."))
    if isinstance(value, (int, float)):
        digits = f"{int(value)}" if float(value).is_integer() else ""
        if not digits or len(digits) > 15:
            raise CellError(_lost_digits())
        return digits
    if type(value) is str and value.isascii() and value.isalnum():
        result = value.upper()  # nothing to put right (most cells)
    else:
        result = halfwidth(str(value))
        result = "".join(ch for ch in result if not ch.isspace()).strip(_APOSTROPHES).upper()
    if _SCIENTIFIC.match(result):
        raise CellError(_lost_digits())
    return result


def _lost_digits() -> Any:
    return _(
        "The ID number was stored as a number by Excel and lost its last digits; "
        "format the column as text and re-enter it."
    )


def digits_text(value: Any) -> str:
    """Codes made of digits (phone numbers, postcodes, member numbers) whatever the cell type.

    A number cell keeps its digits (``13812345678.0`` → ``13812345678``); spaces and an apostrophe
    are removed. Numbers longer than 15 digits are refused for the same reason as ID numbers.
    """
    if isinstance(value, bool):
        raise CellError(_("Enter digits."))
    if isinstance(value, (int, float)):
        if not float(value).is_integer() or len(f"{int(value)}") > 15:
            raise CellError(
                _("This number was stored as a number by Excel and lost digits; format the column as text.")
            )
        return f"{int(value)}"
    result = halfwidth(str(value))
    return "".join(ch for ch in result if not ch.isspace()).strip(_APOSTROPHES)


def excel_serial_date(serial: float) -> datetime.date:
    """The date of an Excel (1900 system) serial number, with the 1900 leap-year bug handled."""
    day = int(serial)
    if day < 1 or day > _MAX_SERIAL:
        raise CellError(_("This number is not a date."))
    if day == 60:
        raise CellError(_("29 February 1900 never existed; check the date."))
    if day < 60:
        return _EXCEL_EPOCH + datetime.timedelta(days=day)
    return _EXCEL_EPOCH_AFTER_BUG + datetime.timedelta(days=day)


def date(value: Any) -> datetime.date:
    """A date from a date cell, an Excel serial number or text.

    Text may be 1990-01-01, 1990/1/1, 1990.1.1, 19900101 or 1990年1月1日 (a time after it is
    ignored); anything else, and impossible dates such as 1990-02-30, are refused.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError(_bad_date())
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 99991231 and float(value).is_integer():
            return _date_from_text(str(int(value)))
        return excel_serial_date(value)
    return _date_from_text(text(value))


def _date_from_text(raw: str) -> datetime.date:
    cleaned = raw.replace(" ", "") if "年" in raw else raw
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise CellError(_("%(value)s is not a real date.") % {"value": raw}) from None
    if re.fullmatch(r"\d{5}", cleaned):
        # A date cell saved to CSV as General shows its serial (32874); shorter numbers are years.
        return excel_serial_date(int(cleaned))
    raise CellError(_bad_date())


def _bad_date() -> Any:
    return _("Enter a date such as 1990-01-01, 1990/1/1, 1990.1.1, 19900101 or 1990年1月1日.")


_SEX = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "male": "male",
    "1": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "female": "female",
    "2": "female",
}


def sex(value: Any) -> str:
    """``"male"`` or ``"female"`` from 男/女, M/F, male/female, or the GB/T 2261.1 codes 1/2."""
    key = text(value).lower()
    if key not in _SEX:
        raise CellError(_("Enter the sex as 男 or 女 (or M/F, 1/2)."))
    return _SEX[key]


def money(value: Any) -> Decimal:
    """Yuan with two places through ``core.money.to_money``; a number cell is read by its shortest text."""
    if isinstance(value, bool):
        raise CellError(_("Enter an amount in yuan, such as 500 or 1,000.50."))
    raw = repr(value) if isinstance(value, float) else text(value)
    try:
        return to_money(raw)
    except DomainError as exc:
        raise CellError(exc.message) from None


def integer(value: Any) -> int:
    """A whole number (counts, years); ``12.0`` from a number cell is 12, ``12.5`` is refused."""
    if isinstance(value, bool):
        raise CellError(_("Enter a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Enter a whole number."))
        return int(value)
    if isinstance(value, int):
        return value
    raw = text(value).replace(",", "")
    if not re.fullmatch(r"[-+]?\d+", raw):
        raise CellError(_("Enter a whole number."))
    return int(raw)


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "对"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "✘", "无", "不是"}


def boolean(value: Any) -> bool:
    """Yes or no from 是/否, Y/N, √/×, true/false, 1/0 and a boolean cell."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = text(value).lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(_("Enter 是 or 否 (or Y/N, √)."))


def choice(choices: Any, *, synonyms: Mapping[str, str] | None = None) -> Cleaner:
    """A cleaner for a fixed list: accepts each value's code, its label in Chinese or English, or a synonym.

    ``choices`` is a ``TextChoices`` class or an iterable of (value, label) pairs.
    """
    pairs: Iterable[tuple[Any, Any]] = choices.choices if hasattr(choices, "choices") else choices
    pairs = list(pairs)
    lookup: dict[str, str] = {}
    for code, label in pairs:
        lookup[_choice_key(code)] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup.setdefault(_choice_key(force_str(label)), code)
    for word, code in (synonyms or {}).items():
        lookup[_choice_key(word)] = code

    def clean(value: Any) -> str:
        key = _choice_key(as_text(value))
        if key not in lookup:
            labels = "、".join(force_str(label) for _code, label in pairs)
            raise CellError(_("Choose one of: %(choices)s.") % {"choices": labels})
        return lookup[key]

    return clean


def _choice_key(value: Any) -> str:
    return "".join(halfwidth(str(value)).split()).lower()
