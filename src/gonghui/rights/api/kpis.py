"""/kpis/rights: every rights figure the caller may see, for a period and an organisation.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from gonghui.accounts.scoping import has_perm
from gonghui.core.errors import NotFound
from gonghui.rights.api.common import _org
from gonghui.rights.perms import COUNSELLING_VIEW, RIGHTS_VIEW

router = Router()


# --- figures --------------------------------------------------------------------------------------


class FigureOut(Schema):
    key: str
    label: str
    value: Decimal | int
    denominator: Decimal | int | None
    rate: Decimal | None
    params: dict[str, Any]


class FiguresOut(Schema):
    org: int | None
    start: datetime.date | None
    end: datetime.date | None
    figures: list[FigureOut]


class KpiFilterIn(Schema):
    org: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None


def _plain(value: Any) -> Any:
    """Figure parameters as JSON can carry them (querysets become the ids behind them)."""
    from django.db.models import QuerySet

    if isinstance(value, QuerySet):
        return list(value.values_list("pk", flat=True))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@router.get("/kpis/rights", response=FiguresOut, tags=["kpis"], summary="The rights figures for a period")
def rights_kpis(request: HttpRequest, filters: Query[KpiFilterIn]) -> Any:
    from gonghui.insight.kpis import rights as figures

    if not (has_perm(request.user, RIGHTS_VIEW) or has_perm(request.user, COUNSELLING_VIEW)):
        raise NotFound(_("Not found, or outside your scope."))
    perm = RIGHTS_VIEW if has_perm(request.user, RIGHTS_VIEW) else COUNSELLING_VIEW
    org = _org(request, filters.org, perm)
    rows = figures.all_figures(request.user, org=org, start=filters.start, end=filters.end)
    return {
        "org": filters.org,
        "start": filters.start,
        "end": filters.end,
        "figures": [
            {
                "key": f.key,
                "label": str(f.label),
                "value": f.value,
                "denominator": f.denominator,
                "rate": f.rate,
                "params": {k: _plain(v) for k, v in f.params.items() if k not in ("org", "start", "end")},
            }
            for f in rows
        ],
    }
