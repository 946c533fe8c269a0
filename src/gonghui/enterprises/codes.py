"""统一社会信用代码 (unified social credit code, GB 32100-2015): normalise what people type, check it.

The check character is python-stdnum's (``stdnum.cn.uscc.calc_check_digit``). Its ``validate`` is
not used as is: it wants the first eight characters to be digits, but GB 32100 gives some
registering authorities a letter (A for the armed forces' establishment office, N for agriculture —
village collective economic organisations —, Y for the others), so real codes would be refused.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc

from gonghui.core.errors import DomainError

LENGTH = 18
# Every character allowed after the region code: digits and capital letters except I, O, Z, S, V.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
AUTHORITIES = "123456789ANY"
_SHAPE = re.compile(rf"^[{AUTHORITIES}][{ALPHABET}][0-9]{{6}}[{ALPHABET}]{{10}}$")
_SEPARATORS = re.compile(r"[\s\-_.·]")


def normalise(value: str | None) -> str:
    """Full-width characters made plain, separators and spaces dropped, letters in capitals."""
    text = unicodedata.normalize("NFKC", value or "")
    return _SEPARATORS.sub("", text).upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (used by the demo to make valid codes)."""
    return stdnum_uscc.calc_check_digit(first17)


def validate(value: str | None, *, field: str = "uscc") -> str:
    """The code in its compact form, or a DomainError saying what is wrong; an empty value stays empty."""
    code = normalise(value)
    if not code:
        return ""
    if len(code) != LENGTH:
        raise DomainError(
            _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)},
            field=field,
        )
    if code[0] not in AUTHORITIES:
        raise DomainError(
            _(
                "The first character of a unified social credit code names the registering authority: "
                "a digit 1–9, A, N or Y."
            ),
            field=field,
        )
    if not _SHAPE.match(code):
        raise DomainError(
            _(
                "A unified social credit code has the region code (six digits) in places 3–8, and "
                "otherwise only digits and capital letters other than I, O, Z, S and V."
            ),
            field=field,
        )
    if code[-1] != check_character(code[:-1]):
        raise DomainError(
            _("The check character (the last one) does not match: the code was probably mistyped."),
            field=field,
        )
    return code


def is_valid(value: str | None) -> bool:
    try:
        return bool(validate(value))
    except DomainError:
        return False
