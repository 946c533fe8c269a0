"""What every key figure returns: the number and the records it was computed from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Figure:
    """A ratio or a total, with the querysets behind it (already scoped to the viewer).

    ``rate`` is numerator ÷ denominator as a percentage with one decimal place (None when the
    denominator is 0); for totals, ``value`` is the total and ``denominator`` is None.
    """

    key: str
    label: Any
    numerator: Decimal | int
    denominator: Decimal | int | None = None
    numerator_records: QuerySet | None = None
    denominator_records: QuerySet | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> Decimal | None:
        if self.denominator in (None, 0):
            return None
        ratio = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def value(self) -> Decimal | int:
        return self.numerator
