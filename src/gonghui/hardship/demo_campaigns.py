"""The demo county's 11,832 hardship files and its 2015 送温暖 campaign, after the reference report.

The hardship demo files a few families in every state; this loader brings the county to the
report's 11,832 files ("全县建档困难职工11832户"), filed in 2012–2014 for people of the people demo,
written in bulk (``core.imports.bulk.insert_values``) with the columns ``hardship.services``
computes (keeping union, household, income snapshot, standard, category). Then the federation's
2015 "两节" 送温暖: the campaign is set up, its list approved and handed over through
``hardship.campaigns`` (the ledger entries in bulk, dated February 2015): 500 or 1,000 yuan to
1,253 hardship workers, and a quilt and a bag of rice to each of 254 sanitation workers (环卫工),
bought for them in January; then closed with its summary.

Deterministic (a fixed seed, people in key order) and idempotent: files are added only up to the
total, and the campaign is made once (found by name). Without the people demo it skips.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.audit import record_event
from gonghui.core.imports.bulk import insert_values
from gonghui.hardship import campaigns
from gonghui.hardship.models import Campaign, CampaignGrant, FileEvent, HardshipFile
from gonghui.orgs.models import Organisation

SEED = 11832
FILES_TOTAL = 11_832  # 全县建档困难职工11832户
RECIPIENTS = 1_253  # 送温暖: money to hardship workers
SANITATION = 254  # 送温暖: quilts and rice to sanitation workers
CAMPAIGN_NAME = "2015年“两节”送温暖活动"
STANDARDS = {"deep": Decimal("1000.00"), "relative": Decimal("500.00")}
GOODS = [("quilt", "120.00"), ("rice", "150.00")]  # one of each per sanitation worker, at cost
CATEGORIES = (["deep"] * 22) + (["relative"] * 70) + (["accident"] * 8)
CAUSES = (
    ["illness"] * 40
    + ["disability"] * 15
    + ["unemployment"] * 15
    + ["education"] * 15
    + ["disaster"] * 8
    + ["accident"] * 5
    + ["other"] * 2
)
STANDARD_2014 = {"urban": Decimal("380.00"), "rural": Decimal("250.00")}


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def _incomes() -> dict[int, tuple[Decimal, int]]:
    """Per-capita monthly income and size of every household (one query)."""
    from gonghui.people.models import HouseholdMember

    rows = HouseholdMember.objects.values("household_id").annotate(total=Sum("monthly_income"), n=Count("pk"))
    return {
        r["household_id"]: ((r["total"] / r["n"]).quantize(Decimal("0.01")), r["n"])
        for r in rows.order_by("household_id")
    }


def _files(admin: User, rng: random.Random) -> int:
    """File people of the people demo until the county has FILES_TOTAL files; returns how many were added."""
    from gonghui.people.models import HouseholdMember, Person

    need = FILES_TOTAL - HardshipFile.objects.count()
    if need <= 0:
        return 0
    filed = set(HardshipFile.objects.values_list("person_id", flat=True))
    people = [
        row
        for row in Person.objects.filter(status="active", merged_into=None)
        .order_by("pk")
        .values_list("pk", "org_id", "hukou_type")
        if row[0] not in filed
    ]
    chosen = sorted(rng.sample(people, min(need, len(people))))
    keepers = campaigns.keeping_orgs({org_id for _pk, org_id, _h in chosen})
    households = dict(
        HouseholdMember.objects.filter(person__isnull=False).values_list("person_id", "household_id")
    )
    incomes = _incomes()
    rows = []
    for pk, org_id, hukou in chosen:
        household = households.get(pk)
        income, size = incomes.get(household, (Decimal("0.00"), 1))
        category = rng.choice(CATEGORIES)
        causes = sorted(set(rng.sample(CAUSES, rng.choice((1, 1, 2)))))
        applied = datetime.date(2012, 1, 5) + datetime.timedelta(days=rng.randrange(0, 1000))
        approved = applied + datetime.timedelta(days=rng.randrange(10, 40))
        rows.append(
            {
                "org_id": keepers.get(org_id, org_id),
                "person_id": pk,
                "household_id": household,
                "status": HardshipFile.Status.ACTIVE,
                "causes": "," + ",".join(causes) + ",",
                "situation": "",
                "suggested_category": category,
                "category": category,
                "category_reason": "",
                "per_capita_income": income,
                "household_size": size,
                "standard": STANDARD_2014["rural" if hukou == "agricultural" else "urban"],
                "assessed_on": applied,
                "applied_on": applied,
                "approved_on": approved,
                "review_due_on": approved.replace(year=approved.year + 1, day=min(approved.day, 28)),
                "created_by_id": admin.pk,
            }
        )
    ids = insert_values(HardshipFile, rows)
    insert_values(
        FileEvent,
        [
            {
                "file_id": pk,
                "from_status": "",
                "to_status": "active",
                "by_id": admin.pk,
                "note": "历史档案录入",
            }
            for pk in ids
        ],
    )
    return len(ids)


def _goods(finance: User, fund: Any) -> list[Any]:
    """Buy a quilt and a bag of rice for every sanitation worker (January 2015)."""
    from gonghui.funds import demo as funds_demo
    from gonghui.funds.services import Posting, post_many, posting_time

    items = [funds_demo._item(key) for key, _value in GOODS]
    cost = sum(Decimal(value) * SANITATION for _key, value in GOODS)
    postings = [
        Posting(fund=fund, kind="expense", amount=cost, reference="NJ-2015-012", memo="采购送温暖物资")
    ]
    postings += [
        Posting(
            fund=fund,
            kind="goods_in",
            item=item,
            quantity=SANITATION,
            unit_value=value,
            reference="NJ-2015-012",
            memo="送温暖：环卫工人慰问物资",
        )
        for item, (_key, value) in zip(items, GOODS, strict=True)
    ]
    with posting_time(_at("2015-01-20")):
        post_many(postings=postings, by=finance)
    return items


@transaction.atomic  # all of the campaign or none of it: a rerun finds it whole or builds it again
def _campaign(federation: Organisation, admin: User, finance: User, fund: Any, rng: random.Random) -> None:
    from gonghui.people.models import Person

    items = _goods(finance, fund)
    campaign = campaigns.campaign_create(
        by=admin,
        org=federation,
        kind="warmth",
        name=CAMPAIGN_NAME,
        starts_on=datetime.date(2015, 1, 15),
        ends_on=datetime.date(2015, 2, 28),
        fund=fund,
        budget="1000000.00",
        categories=["deep", "relative"],
        occupations=["环卫工"],
        standards=STANDARDS,
        goods=[{"item": item, "quantity": 1, "group": "occupation"} for item in items],
        description="元旦春节期间走访慰问困难职工和一线环卫工人，送去慰问金和棉被、大米。名单由各乡镇、街道工会核实上报。",
    )
    # The list as the townships reported it: 1,253 hardship workers and 254 sanitation workers.
    files = list(
        HardshipFile.objects.filter(status="active", category__in=list(STANDARDS), person__status="active")
        .order_by("pk")
        .values_list("pk", "person_id", "org_id", "category")
    )
    chosen = sorted(rng.sample(files, min(RECIPIENTS, len(files))))
    taken = {person_id for _pk, person_id, _o, _c in chosen}
    workers = [
        row
        for row in Person.objects.filter(job="环卫工", status="active")
        .order_by("pk")
        .values_list("pk", "org_id")
        if row[0] not in taken
    ]
    sweepers = sorted(rng.sample(workers, min(SANITATION, len(workers))))
    keepers = campaigns.keeping_orgs({org_id for _pk, org_id in sweepers})
    goods = {str(item.pk): 1 for item in items}
    grants = [
        CampaignGrant(
            org_id=org_id,
            campaign=campaign,
            person_id=person_id,
            file_id=pk,
            group=category,
            amount=STANDARDS[category],
        )
        for pk, person_id, org_id, category in chosen
    ] + [
        CampaignGrant(
            org_id=keepers.get(org_id, org_id),
            campaign=campaign,
            person_id=pk,
            group="occupation",
            goods=goods,
        )
        for pk, org_id in sweepers
    ]
    CampaignGrant.objects.bulk_create(grants, batch_size=1000)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.GENERATED)
    record_event(
        campaign,
        user=admin,
        changes={"status": [Campaign.Status.DRAFT, Campaign.Status.GENERATED]},
        note="the list as the townships reported it",
    )
    campaigns.campaign_approve(by=admin, campaign=campaign, note="经县总工会党组会研究同意")
    from gonghui.funds.services import posting_time

    with posting_time(_at("2015-02-10", 15)):
        campaigns.grant_disburse_bulk(by=finance, campaign=campaign, reference="NJ-2015-020")
    campaigns.campaign_close(by=admin, campaign=campaign, note="“两节”送温暖活动圆满结束")
    campaign.grants.update(approved_at=_at("2015-01-28"), disbursed_at=_at("2015-02-10", 15))
    Campaign.objects.filter(pk=campaign.pk).update(
        generated_at=_at("2015-01-26"), approved_at=_at("2015-01-28"), closed_at=_at("2015-03-02")
    )


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Complete the county's hardship files and build its 送温暖 campaign (or leave them alone)."""
    from gonghui.people.models import Person

    federation = Organisation.objects.get(pk=context["federation"].pk)
    fund = context.get("hardship_fund")
    if fund is None or not Person.objects.exists():
        return context
    admin = User.objects.get(username="admin")
    finance = User.objects.get(username="finance")
    rng = random.Random(SEED)
    _files(admin, rng)
    if not Campaign.objects.filter(org=federation, name=CAMPAIGN_NAME).exists():
        _campaign(federation, admin, finance, fund, rng)
    return context
