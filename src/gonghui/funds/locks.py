"""Row locks of the funds app, one helper per model, always taken in primary-key order.

Two postings that touch the same funds lock them in the same order, so they queue behind each
other instead of deadlocking (Saleor's ``lock_objects`` does the same for stock). On PostgreSQL
``SELECT … ORDER BY id FOR UPDATE`` locks the rows one by one in that order. On SQLite the lock
is the whole database: the settings open every transaction with ``BEGIN IMMEDIATE``, so writers
queue at the start of the transaction and ``select_for_update`` has nothing more to do.

Call these inside ``transaction.atomic()``: a lock outside a transaction is refused by Django.
"""

from __future__ import annotations

from typing import Any

from gonghui.funds.models import Fund, ReceiptSequence


def _pk(obj: Any) -> int:
    return int(getattr(obj, "pk", obj))


def lock_funds(*funds: Fund | int) -> dict[int, Fund]:
    """Lock the given funds (instances or ids) in primary-key order; returns fresh rows by id."""
    pks = sorted({_pk(f) for f in funds})
    rows = list(Fund.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    return {row.pk: row for row in rows}


def lock_receipt_sequence(*, root_id: int, year: int) -> ReceiptSequence:
    """The receipt counter of a federation and year, locked (created first if it is the year's first)."""
    ReceiptSequence.objects.get_or_create(root_id=root_id, year=year)
    return ReceiptSequence.objects.select_for_update().get(root_id=root_id, year=year)
