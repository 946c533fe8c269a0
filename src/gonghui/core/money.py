"""Money: Decimal yuan with two places, never float.

Every amount field is ``MoneyField`` and every computation goes through :func:`to_money`, which
refuses floats so that a rounding error cannot creep in through arithmetic on binary fractions.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import DomainError

CENT = Decimal("0.01")
MAX_DIGITS = 14  # up to 999,999,999,999.99 yuan
LIMIT = Decimal(10) ** (MAX_DIGITS - 2)  # what the column holds: larger amounts are refused, not cut


def to_money(value: Any, *, field: str | None = None) -> Decimal:
    """Turn user or stored input into yuan with two places, or raise DomainError."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a str or Decimal")
    if isinstance(value, str):
        value = value.strip().replace(",", "").replace("，", "").replace("¥", "").replace("元", "")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Enter an amount in yuan, such as 500 or 1,000.50."), field=field) from None
    if not amount.is_finite():
        raise DomainError(_("Enter an amount in yuan, such as 500 or 1,000.50."), field=field)
    if abs(amount) >= LIMIT:
        raise DomainError(_("This amount is too large."), field=field)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise DomainError(_("An amount has at most two decimal places (fen)."), field=field)
    return amount.quantize(CENT)


def format_yuan(amount: Decimal | None) -> str:
    """Amounts as an office writes them: ¥1,234.50."""
    if amount is None:
        return ""
    return f"¥{amount:,.2f}"


class MoneyField(models.DecimalField):
    """A DecimalField fixed to yuan with two places."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, ...]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        return name, path, args, kwargs
