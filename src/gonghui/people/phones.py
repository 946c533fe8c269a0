"""Phone numbers: mainland mobiles and, with their area code, landlines.

A mobile is stored as its 11 digits (``13812345678``): spaces, dashes, dots, brackets, a ``+86`` /
``0086`` / ``86`` prefix and full-width digits are removed, as office spreadsheets and forms
carry all of them.

Landlines are accepted because older members and retirees often give one, but only with their
area code, stored as ``0827-8881234``: a local number alone is ambiguous between counties, and a
county office's own area code is not something the registry may assume. Area codes beginning
010 or 02x have three digits, all others four, so the code can be split off even when typed
without a separator; the local number has 7 or 8 digits. Extensions are refused (a person's phone
is not a switchboard).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import DomainError

FIELD = "phone"

_SEPARATORS = re.compile(r"[\s\-.()（）—–_/]")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^(0(?:10|2[0-9]|[3-9][0-9]{2}))([2-9][0-9]{6,7})$")


@dataclass(frozen=True)
class Phone:
    number: str  # the stored form
    kind: str  # "mobile" or "landline"

    @property
    def tail4(self) -> str:
        return self.number[-4:]


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    return _SEPARATORS.sub("", text)


def parse(raw: str | None) -> Phone:
    """Normalise a phone number, or raise DomainError(field="phone") saying what is wrong."""
    text = _clean(raw or "")
    if not text:
        raise DomainError(_("Enter the phone number."), field=FIELD)
    international = True
    if text.startswith("+"):
        if not text.startswith("+86"):
            raise DomainError(_("Only mainland China numbers (+86) can be entered."), field=FIELD)
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    else:
        international = False
    if international and text[:1] not in ("", "0", "1"):
        text = "0" + text  # +86 827 8881234: the area code loses its trunk 0 abroad
    if not re.fullmatch(r"[0-9]+", text):
        raise DomainError(_("A phone number has digits only."), field=FIELD)
    if _MOBILE.match(text):
        return Phone(text, "mobile")
    landline = _LANDLINE.match(text)
    if landline:
        return Phone(f"{landline.group(1)}-{landline.group(2)}", "landline")
    if text.startswith("1"):
        raise DomainError(
            _("A mobile number has 11 digits beginning with 13–19; this one has %(count)d digits.")
            % {"count": len(text)},
            field=FIELD,
        )
    if text.startswith("0"):
        raise DomainError(
            _("A landline number is an area code and 7 or 8 digits, such as 0827-8881234."), field=FIELD
        )
    raise DomainError(
        _("Enter a mobile number (11 digits) or a landline number with its area code."), field=FIELD
    )


def normalise(raw: str | None) -> str:
    """The stored form of a phone number; empty input gives ""."""
    if not _clean(raw or ""):
        return ""
    return parse(raw).number


def canonical(raw: str | None) -> str:
    """The stored form when valid, else the cleaned text (for searching, which never refuses)."""
    try:
        return parse(raw).number
    except DomainError:
        return _clean(raw or "")
