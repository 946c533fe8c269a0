"""/api/v1/aid-rules/ and /api/v1/minimum-living-standards/: thin adapters over hardship.configuration.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
Whoever may read the rules page may list them; only federation administrators may write, and every
check (who, amounts, caps, one per year) is ``configuration.rule_save`` / ``standard_save``'s. A
PATCH sends only the fields that change: the handler fills in the rest from the stored row.
"""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.errors import NotFound
from gonghui.hardship import configuration, queries
from gonghui.hardship.models import AidRule, MinimumLivingStandard
from gonghui.hardship.perms import HARDSHIP_VIEW

rules = Router(tags=["aid rules"])
standards = Router(tags=["minimum-living standards"])


class RuleOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    aid_type: str
    year: int
    standard_amount: Decimal | None
    level_amounts: dict[str, Any]
    cap_person: Decimal | None
    cap_household: Decimal | None
    cadre_limit: Decimal | None


class RuleFilterIn(Schema):
    year: int | None = None
    aid_type: str = ""
    org: int | None = None


class RuleIn(Schema):
    org: int
    aid_type: str
    year: int
    standard_amount: Decimal | None = None
    level_amounts: dict[str, Decimal | None] = {}
    cap_person: Decimal | None = None
    cap_household: Decimal | None = None
    cadre_limit: Decimal | None = None


class RulePatchIn(Schema):
    org: int | None = None
    aid_type: str | None = None
    year: int | None = None
    standard_amount: Decimal | None = None
    level_amounts: dict[str, Decimal | None] | None = None
    cap_person: Decimal | None = None
    cap_household: Decimal | None = None
    cadre_limit: Decimal | None = None


class StandardOut(Schema):
    id: int
    region: int = Field(..., alias="region_id")
    region_name: str = Field(..., alias="region.name")
    year: int
    urban: Decimal
    rural: Decimal


class StandardFilterIn(Schema):
    year: int | None = None
    region: int | None = None


class StandardIn(Schema):
    region: int
    year: int
    urban: Decimal
    rural: Decimal


class StandardPatchIn(Schema):
    region: int | None = None
    year: int | None = None
    urban: Decimal | None = None
    rural: Decimal | None = None


def _org(pk: int | None) -> Any:
    """The organisation by id, or None (rule_save refuses it beside ``org`` after checking who asks)."""
    from gonghui.orgs.models import Organisation

    return Organisation.objects.filter(pk=pk).first() if pk is not None else None


def _region(pk: int | None) -> Any:
    from gonghui.orgs.models import Region

    return Region.objects.filter(pk=pk).first() if pk is not None else None


def _rule(request: HttpRequest, rule_id: int) -> AidRule:
    row = queries.rules(request.user).filter(pk=rule_id).first()
    if row is None:
        raise NotFound(_("Not found, or outside your scope."))
    return row


def _standard(standard_id: int) -> MinimumLivingStandard:
    row = queries.standards().filter(pk=standard_id).first()
    if row is None:
        raise NotFound(_("Not found, or outside your scope."))
    return row


# --- aid rules ----------------------------------------------------------------------------------------


@rules.get("/", response=list[RuleOut], summary="Aid rules in your scope and above it (year, aid_type, org)")
@paginate(LimitOffsetPagination)
def list_rules(request: HttpRequest, filters: Query[RuleFilterIn]) -> Any:
    require(request.user, HARDSHIP_VIEW)
    rows = queries.rules(request.user).order_by("-year", "aid_type", "org__path")
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.aid_type:
        rows = rows.filter(aid_type=filters.aid_type)
    if filters.org is not None:
        rows = rows.filter(org_id=filters.org)
    return rows


@rules.get("/{int:rule_id}", response=RuleOut, summary="One aid rule")
def get_rule(request: HttpRequest, rule_id: int) -> Any:
    require(request.user, HARDSHIP_VIEW)
    return _rule(request, rule_id)


@rules.post(
    "/", response={201: RuleOut}, summary="Set a rule for a type and year (federation administrators)"
)
def create_rule(request: HttpRequest, payload: RuleIn) -> Any:
    values = payload.dict()
    values["org"] = _org(payload.org)
    return Status(201, configuration.rule_save(by=request.user, **values))


@rules.patch("/{int:rule_id}", response=RuleOut, summary="Change a rule (federation administrators)")
def patch_rule(request: HttpRequest, rule_id: int, payload: RulePatchIn) -> Any:
    row = _rule(request, rule_id)
    values: dict[str, Any] = {
        "org": row.org,
        "aid_type": row.aid_type,
        "year": row.year,
        "level_amounts": row.level_amounts,
        **{f: getattr(row, f) for f in configuration.RULE_FIELDS},
    }
    changes = payload.dict(exclude_unset=True)
    if "org" in changes:
        changes["org"] = _org(changes["org"])
    return configuration.rule_save(by=request.user, rule=row, **{**values, **changes})


# --- minimum-living standards -------------------------------------------------------------------------


@standards.get("/", response=list[StandardOut], summary="Minimum-living standards (year, region)")
@paginate(LimitOffsetPagination)
def list_standards(request: HttpRequest, filters: Query[StandardFilterIn]) -> Any:
    require(request.user, HARDSHIP_VIEW)
    rows = queries.standards()
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.region is not None:
        rows = rows.filter(region_id=filters.region)
    return rows


@standards.get("/{int:standard_id}", response=StandardOut, summary="One minimum-living standard")
def get_standard(request: HttpRequest, standard_id: int) -> Any:
    require(request.user, HARDSHIP_VIEW)
    return _standard(standard_id)


@standards.post(
    "/",
    response={201: StandardOut},
    summary="Set the standard of a region and year (federation administrators)",
)
def create_standard(request: HttpRequest, payload: StandardIn) -> Any:
    row = configuration.standard_save(
        by=request.user,
        region=_region(payload.region),
        year=payload.year,
        urban=payload.urban,
        rural=payload.rural,
    )
    return Status(201, row)


@standards.patch(
    "/{int:standard_id}", response=StandardOut, summary="Change a standard (federation administrators)"
)
def patch_standard(request: HttpRequest, standard_id: int, payload: StandardPatchIn) -> Any:
    row = _standard(standard_id)
    values: dict[str, Any] = {"region": row.region, "year": row.year, "urban": row.urban, "rural": row.rural}
    changes = payload.dict(exclude_unset=True)
    if "region" in changes:
        changes["region"] = _region(changes["region"])
    return configuration.standard_save(by=request.user, standard=row, **{**values, **changes})
