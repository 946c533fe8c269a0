"""居民身份证号 (GB 11643-1999): normalise, check strictly, derive birth date, sex and birthplace.

What is checked, and refused when wrong: the length, the 17 digits, the check character
(ISO 7064 MOD 11-2) and the birth date (a real date, not in the future, not before 1900).

What is *never* a reason to refuse: the region code (the first six digits). Codes change — 南江县
was 513026 until 1993, 513722 until 2000 and 511922 since — and people keep the number they were
given, whenever that was; many were re-issued a number with the new code and their old birth
year, which is why ``stdnum.cn.ric.validate`` (it insists the code existed in the birth year)
refuses real numbers. The bundled historical table of python-stdnum (``stdnum/cn/loc.dat``) is used
here only to *name* the birthplace, and an unknown code only produces a warning.

Old 15-digit numbers (issued 1984–1999: six-digit region, YYMMDD, three-digit sequence, no check
character) are converted to the 18-digit form by inserting "19" before the year and computing the
check character, the same conversion the public security bureaux made when they re-issued cards.
One person then has one number whichever card the office copied it from, and the uniqueness rule
holds across both forms. The conversion carries a warning: a 15-digit number has no check
character, so a typo in it cannot be detected.
"""

from __future__ import annotations

import datetime
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import DomainError

FIELD = "id_number"
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

# ISO 7064 MOD 11-2 weights for the first 17 digits: 2^(17-i) mod 11.
_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_CHECK_CHARS = "10X98765432"  # index: weighted sum mod 11

_DIGITS_18 = re.compile(r"^[0-9]{17}[0-9X]$")
_DIGITS_15 = re.compile(r"^[0-9]{15}$")

# Names of the levels between province and county that say nothing about the place.
_NOT_A_PLACE = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class IdNumber:
    """A checked ID number and what it says about its holder."""

    number: str
    birth_date: datetime.date
    sex: str  # "male" or "female"
    region_code: str
    birthplace: str  # "" when the region code is not in the table
    warnings: tuple[Any, ...] = field(default_factory=tuple)
    converted_from_15: bool = False

    @property
    def tail4(self) -> str:
        return self.number[-4:]


def normalise(raw: str | None) -> str:
    """Strip every kind of space, turn full-width digits and X into ASCII and x into X.

    NFKC maps full-width forms (``１２３Ｘ``) to ASCII; nothing else is changed, so a number with
    stray letters or punctuation is still refused rather than silently mangled.
    """
    if raw is None:
        return ""
    if type(raw) is str and raw.isascii() and raw.isalnum():
        return raw.upper()  # what NFKC and the rest would give, in one step (most cells)
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(ch for ch in text if not ch.isspace())
    return text.upper()


def check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError("the check character needs 17 digits")
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def parse(raw: str | None, *, today: datetime.date | None = None) -> IdNumber:
    """Check an ID number strictly and derive what it says; raise DomainError(field="id_number")."""
    number = normalise(raw)
    if not number:
        raise DomainError(_("Enter the ID number."), field=FIELD)
    warnings: list[Any] = []
    converted = False
    if len(number) == 15:
        if not _DIGITS_15.match(number):
            raise DomainError(_("An old 15-digit ID number has digits only."), field=FIELD)
        birth = _birth_date(number[:6] + "19" + number[6:12], today)
        first17 = number[:6] + "19" + number[6:]
        number = first17 + check_char(first17)
        converted = True
        warnings.append(
            _("An old 15-digit number was converted to 18 digits; check it against the current card.")
        )
    elif len(number) == 18:
        if not _DIGITS_18.match(number):
            raise DomainError(
                _("An ID number is 17 digits followed by a digit or the letter X."), field=FIELD
            )
        birth = _birth_date(number[:14], today)
        if number[17] != check_char(number[:17]):
            raise DomainError(
                _("The check character of this ID number does not match: a character was probably mistyped."),
                field=FIELD,
            )
    else:
        raise DomainError(
            _("An ID number has 18 characters (or 15 for an old number); this one has %(count)d.")
            % {"count": len(number)},
            field=FIELD,
        )
    region = number[:6]
    place = birthplace(region, birth.year)
    if not place:
        warnings.append(
            _("Region code %(code)s is not in the table of known codes; check the number.") % {"code": region}
        )
    sex = "male" if int(number[16]) % 2 else "female"
    return IdNumber(number, birth, sex, region, place, tuple(warnings), converted)


def is_valid(raw: str | None) -> bool:
    try:
        parse(raw)
    except DomainError:
        return False
    return True


def canonical(raw: str | None) -> str:
    """The stored form (18 characters) of a valid number, or the normalised text of an invalid one.

    Searches use this so that a query typed in the 15-digit form finds the stored 18-digit one.
    """
    try:
        return parse(raw).number
    except DomainError:
        return normalise(raw)


def _birth_date(first14: str, today: datetime.date | None) -> datetime.date:
    text = first14[6:14]
    shown = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        birth = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise DomainError(
            _("The birth date in this ID number (%(date)s) is not a real date.") % {"date": shown},
            field=FIELD,
        ) from None
    if birth < EARLIEST_BIRTH:
        raise DomainError(
            _("The birth date in this ID number (%(date)s) is before 1900.") % {"date": shown}, field=FIELD
        )
    if birth > (today or timezone.localdate()):
        raise DomainError(
            _("The birth date in this ID number (%(date)s) is in the future.") % {"date": shown}, field=FIELD
        )
    return birth


def make(region_code: str, birth_date: datetime.date, sequence: int, sex: str | None = None) -> str:
    """Build a valid number (demo data, tests): ``sequence`` 0–999; ``sex`` forces the 17th digit's parity."""
    seq = sequence % 1000
    if sex is not None and (seq % 2 == 1) != (sex == "male"):
        seq = seq + 1 if seq < 999 else seq - 1
    first17 = f"{region_code}{birth_date:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


# --- The historical region table: names only, never a reason to refuse.


@lru_cache(maxsize=1)
def _region_db() -> Any:
    from stdnum import numdb

    return numdb.get("cn/loc")


@lru_cache(maxsize=4096)
def _names(code: str) -> tuple[str, str]:
    """(province, raw county entry) of a six-digit code, empty strings when unknown."""
    info: dict[str, str] = {}
    for _part, props in _region_db().info(code):
        info.update(props)
    return info.get("province", ""), info.get("county", "")


def _pick(entry: str, year: int) -> str:
    """The name valid in ``year`` from an entry like ``[1983-1993]市中区,[1994-1997]渝中区``.

    A code used outside its recorded years (a number re-issued with a newer code, as happened
    to everyone in 南江县) still names the place: the latest name is taken.
    """
    if not entry:
        return ""
    latest = ""
    for part in entry.split(","):
        if not part.startswith("["):
            return part
        span, name = part[1:].split("]", 1)
        start, _sep, end = span.partition("-")
        latest = name
        if (not start or year >= int(start)) and (not end or year <= int(end)):
            return name
    return latest


@lru_cache(maxsize=16384)
def birthplace(region_code: str, year: int) -> str:
    """The birthplace a region code names, e.g. 四川省巴中市南江县; "" for an unknown code."""
    if not re.fullmatch(r"[0-9]{6}", region_code or ""):
        return ""
    province, county_entry = _names(region_code)
    county = _pick(county_entry, year)
    if not province or not county:
        return ""
    parts = [province]
    if region_code[4:] != "00":
        _p, prefecture_entry = _names(region_code[:4] + "00")
        prefecture = _pick(prefecture_entry, year)
        if prefecture and prefecture not in _NOT_A_PLACE and prefecture != province:
            parts.append(prefecture)
    if county not in _NOT_A_PLACE and county != province:
        parts.append(county)
    return "".join(parts)


def region_known(region_code: str) -> bool:
    """Whether the historical table has ever listed this code."""
    return bool(birthplace(region_code, 2000))
