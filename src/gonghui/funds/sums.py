"""Exact sums of the ledger, in fen, on SQLite as on PostgreSQL.

SQLite keeps decimals as binary floating point, so ``SUM(amount)`` over many rows may drift by a
fraction of a fen. Each row's amount is therefore turned into whole fen first (``ROUND(amount ×
100)``, exact for any amount the column holds) and the integers are summed, which is exact on both
databases; :func:`from_fen` turns the total back into yuan with two places.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, ExpressionWrapper, F, Sum
from django.db.models.functions import Cast, Coalesce, Round

from gonghui.core.money import CENT

# One row's signed amount in fen: + into the fund, - out of it.
SIGNED_FEN = ExpressionWrapper(
    Cast(Round(F("amount") * 100), BigIntegerField()) * F("direction"), output_field=BigIntegerField()
)
UNSIGNED_FEN = Cast(Round(F("amount") * 100), BigIntegerField())
SIGNED_QUANTITY = ExpressionWrapper(F("quantity") * F("direction"), output_field=BigIntegerField())


def fen_sum(expression: Any = SIGNED_FEN) -> Coalesce:
    """``SUM`` of an expression in fen, 0 when there are no rows."""
    return Coalesce(Sum(expression), 0, output_field=BigIntegerField())


def quantity_sum() -> Coalesce:
    return Coalesce(Sum(SIGNED_QUANTITY), 0, output_field=BigIntegerField())


def from_fen(fen: int | None) -> Decimal:
    """Whole fen to yuan with two places: 12345 → Decimal("123.45")."""
    return Decimal(int(fen or 0)).scaleb(-2).quantize(CENT)


def to_fen(amount: Decimal) -> int:
    """Yuan with two places to whole fen: Decimal("123.45") → 12345."""
    return int((amount * 100).to_integral_value())
