"""/api/v1/campaigns/: campaigns, their recipient lists and hand-overs; thin adapters over hardship.campaigns.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
A state change is ``POST /campaigns/{id}/<verb>``; an illegal move answers 409 and changes nothing.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.errors import DomainError
from gonghui.hardship import campaign_queries as queries
from gonghui.hardship import campaigns as services
from gonghui.hardship.api import _fund, _org
from gonghui.hardship.models import Campaign, CampaignGrant
from gonghui.hardship.perms import HARDSHIP_CHANGE

router = Router(tags=["campaigns"])


class GoodsLine(Schema):
    item: int
    quantity: int
    group: str = ""


class CampaignOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    kind: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    fund: int = Field(..., alias="fund_id")
    budget: Decimal
    disbursed: Decimal
    remaining: Decimal
    status: str
    categories: list[str] = Field(..., alias="category_list")
    causes: list[str] = Field(..., alias="cause_list")
    occupations: list[str] = Field(..., alias="occupation_list")
    eligible_org: int | None = Field(None, alias="eligible_org_id")
    listed: list[int] = []
    standards: dict[str, Decimal] = {}
    goods: list[GoodsLine] = []
    description: str
    generated_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    approved_by: int | None = Field(None, alias="approved_by_id")
    closed_at: datetime.datetime | None
    summary: dict[str, Any]

    @staticmethod
    def resolve_listed(obj: Campaign, context: Any) -> list[int]:
        return list(queries.listed(context["request"].user, obj).values_list("pk", flat=True))

    @staticmethod
    def resolve_standards(obj: Campaign) -> dict[str, Decimal]:
        return dict(obj.standards.values_list("group", "amount"))

    @staticmethod
    def resolve_goods(obj: Campaign) -> list[dict[str, Any]]:
        return [
            {"item": g.item_id, "quantity": g.quantity, "group": g.group} for g in obj.goods.order_by("pk")
        ]


class CampaignIn(Schema):
    org: int
    kind: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    fund: int
    budget: Decimal
    categories: list[str] = []
    causes: list[str] = []
    occupations: list[str] = []
    eligible_org: int | None = None
    listed: list[int] = []
    standards: dict[str, Decimal] = {}
    goods: list[GoodsLine] = []
    description: str = ""


class PreviewOut(Schema):
    proposed: int
    amount: Decimal
    excluded: dict[str, int]
    already_served: int
    over_budget: Decimal
    campaign: CampaignOut


class GrantOut(Schema):
    id: int
    campaign: int = Field(..., alias="campaign_id")
    org: int = Field(..., alias="org_id")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    file: int | None = Field(None, alias="file_id")
    group: str
    amount: Decimal
    goods: list[GoodsLine] = []
    status: str
    exclusion: str
    approved_at: datetime.datetime | None
    disbursed_at: datetime.datetime | None
    disbursed_by: int | None = Field(None, alias="disbursed_by_id")
    received_by: str
    reference: str
    reversed_at: datetime.datetime | None
    reverse_reason: str
    ledger_entry: int | None = Field(None, alias="ledger_entry_id")

    @staticmethod
    def resolve_goods(obj: CampaignGrant) -> list[dict[str, Any]]:
        return [{"item": i, "quantity": q} for i, q in obj.goods_items]


class BulkIn(Schema):
    grants: list[int] | None = None
    reference: str = ""


class BulkOut(Schema):
    count: int
    amount: Decimal
    goods: dict[int, int]
    campaign: CampaignOut


class HandOverIn(Schema):
    reference: str = ""
    received_by: str = ""


class ReasonIn(Schema):
    reason: str


class NoteIn(Schema):
    note: str = ""


def _items(lines: list[GoodsLine]) -> list[dict[str, Any]]:
    from gonghui.funds.models import GoodsItem

    found = GoodsItem.objects.in_bulk([line.item for line in lines])
    if len(found) != len({line.item for line in lines}):
        raise DomainError(_("Choose the goods."), field="goods")
    return [{"item": found[line.item], "quantity": line.quantity, "group": line.group} for line in lines]


@router.get("/", response=list[CampaignOut], summary="Campaigns in your scope")
@paginate(LimitOffsetPagination)
def list_campaigns(request: HttpRequest, status: str = "", kind: str = "") -> Any:
    rows = queries.campaigns(request.user)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


@router.post("/", response={201: CampaignOut}, summary="Set up a campaign (status draft)")
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    require(request.user, HARDSHIP_CHANGE)
    org = _org(request, payload.org)
    row = services.campaign_create(
        by=request.user,
        org=org,
        kind=payload.kind,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        fund=_fund(request, payload.fund),
        budget=payload.budget,
        categories=payload.categories,
        causes=payload.causes,
        occupations=payload.occupations,
        eligible_org=_org(request, payload.eligible_org),
        listed=payload.listed,  # checked against the caller's scope by the service
        standards=payload.standards,
        goods=_items(payload.goods),
        description=payload.description,
    )
    return Status(201, queries.campaign(request.user, row.pk))


@router.get("/{int:campaign_id}", response=CampaignOut, summary="One campaign")
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    return queries.campaign(request.user, campaign_id)


@router.post("/{int:campaign_id}/generate", response=PreviewOut, summary="Generate the recipient list")
def generate(request: HttpRequest, campaign_id: int) -> Any:
    row = queries.campaign(request.user, campaign_id)
    preview = services.campaign_generate(by=request.user, campaign=row)
    return {**preview.__dict__, "campaign": queries.campaign(request.user, campaign_id)}


@router.post("/{int:campaign_id}/approve", response=CampaignOut, summary="Approve the proposed list")
def approve(request: HttpRequest, campaign_id: int, payload: NoteIn) -> Any:
    row = queries.campaign(request.user, campaign_id)
    services.campaign_approve(by=request.user, campaign=row, note=payload.note)
    return queries.campaign(request.user, campaign_id)


@router.get(
    "/{int:campaign_id}/grants",
    response=list[GrantOut],
    summary="The list: proposals, exclusions with reasons, grants approved and handed over",
)
@paginate(LimitOffsetPagination)
def list_grants(request: HttpRequest, campaign_id: int, status: str = "") -> Any:
    return queries.grants(request.user, queries.campaign(request.user, campaign_id), status)


@router.post(
    "/{int:campaign_id}/grants/{int:grant_id}/disburse",
    response=GrantOut,
    summary="Hand one grant over (a second time: 409, nothing changed)",
)
def disburse(request: HttpRequest, campaign_id: int, grant_id: int, payload: HandOverIn) -> Any:
    row = queries.campaign(request.user, campaign_id)
    grant = queries.grant(request.user, row, grant_id)
    services.grant_disburse(
        by=request.user, grant=grant, reference=payload.reference, received_by=payload.received_by
    )
    return queries.grant(request.user, row, grant_id)


@router.post(
    "/{int:campaign_id}/grants/{int:grant_id}/reverse",
    response=GrantOut,
    summary="Undo a returned hand-over with reversing entries",
)
def reverse(request: HttpRequest, campaign_id: int, grant_id: int, payload: ReasonIn) -> Any:
    row = queries.campaign(request.user, campaign_id)
    grant = queries.grant(request.user, row, grant_id)
    services.grant_reverse(by=request.user, grant=grant, reason=payload.reason)
    return queries.grant(request.user, row, grant_id)


@router.post(
    "/{int:campaign_id}/disburse", response=BulkOut, summary="Hand over many approved grants at once"
)
def disburse_bulk(request: HttpRequest, campaign_id: int, payload: BulkIn) -> Any:
    row = queries.campaign(request.user, campaign_id)
    ids = None
    if payload.grants is not None:
        ids = list(
            queries.grants(request.user, row).filter(pk__in=payload.grants).values_list("pk", flat=True)
        )
    else:
        ids = list(queries.grants(request.user, row, "approved").values_list("pk", flat=True))
    result = services.grant_disburse_bulk(
        by=request.user, campaign=row, grant_ids=ids, reference=payload.reference
    )
    return {**result.__dict__, "campaign": queries.campaign(request.user, campaign_id)}


@router.post("/{int:campaign_id}/close", response=CampaignOut, summary="Close with the summary")
def close(request: HttpRequest, campaign_id: int, payload: NoteIn) -> Any:
    row = queries.campaign(request.user, campaign_id)
    services.campaign_close(by=request.user, campaign=row, note=payload.note)
    return queries.campaign(request.user, campaign_id)
