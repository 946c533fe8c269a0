"""Masking of personal data for display, exports and the audit log.

Shown masked unless the role needs the full value: an ID number as ``5123**********1234``, a phone
as ``138****5678``. The audit log never stores a full ID number or phone either.
"""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """Keep the first and last four characters of an ID number."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """Keep the first three and last four digits of a phone number."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """Keep the surname and the last character of a name: 张*丰, 李*."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_generic(value: str | None) -> str:
    """Keep a quarter at each end of any other secret, so a reviewer can tell two values apart."""
    if not value:
        return ""
    keep = len(value) // 4
    if keep == 0:
        return "*" * len(value)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def mask_for_log(value: str) -> str:
    """The audit log's mask for fields registered as sensitive."""
    digits = value.strip()
    if len(digits) == 18:
        return mask_id_number(digits)
    if len(digits) == 11 and digits.isdigit():
        return mask_phone(digits)
    return mask_generic(digits)
