"""Test set-up helpers of the bargaining app: rows straight into the database, no permission checks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from gonghui.bargaining.choices import ContractKind, ContractStatus
from gonghui.bargaining.models import CollectiveContract, ContractCoverage, SatisfactionSurvey

D = datetime.date
SIGNED, START, END = D(2014, 12, 20), D(2015, 1, 1), D(2015, 12, 31)


def make_contract(
    org: Any,
    enterprises: Iterable[Any],
    *,
    kind: str = ContractKind.WAGE_SPECIAL,
    title: str = "",
    signed_on: datetime.date | None = SIGNED,
    term_start: datetime.date = START,
    term_end: datetime.date = END,
    **fields: Any,
) -> CollectiveContract:
    """A contract kept by ``org`` covering ``enterprises``; signed unless ``signed_on`` is None."""
    enterprises = list(enterprises)
    status = fields.pop("status", ContractStatus.SIGNED if signed_on else ContractStatus.DRAFT)
    contract = CollectiveContract.objects.create(
        org=org,
        kind=kind,
        title=title or f"{enterprises[0].name}{term_start.year}年度集体合同",
        signed_on=signed_on,
        term_start=term_start,
        term_end=term_end,
        status=status,
        **fields,
    )
    ContractCoverage.objects.bulk_create(
        [ContractCoverage(contract=contract, enterprise=e) for e in enterprises]
    )
    return contract


def make_survey(
    org: Any, *, year: int = 2015, title: str = "", code: str = "", **fields: Any
) -> SatisfactionSurvey:
    return SatisfactionSurvey.objects.create(
        org=org,
        year=year,
        title=title or f"{org.name}{year}年满意度测评",
        question="您是否满意？",
        public_code=code or f"T{SatisfactionSurvey.objects.count() + 1:07d}",
        **fields,
    )
