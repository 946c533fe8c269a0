"""The demo county's hardship files and individual aid of 2015: a modest set in every state.

Standards and rules of 2015, then, per township, ten families from the people demo: files in each
status (most active) and aid applications applied, in review, approved, rejected, paid and one
reversed, paid from the federation's hardship fund. Deterministic (households in key order) and
idempotent (nothing is written when files exist). Without the people demo it skips. The 11,832
files of the reference report come with the campaigns.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.hardship import services
from gonghui.hardship.models import AidApplication, AidRule, HardshipFile, MinimumLivingStandard
from gonghui.orgs.models import Organisation
from gonghui.people.models import Household

YEAR = 2015
PER_TOWNSHIP = 10
# (file status, causes) of the ten families of each township, in household order.
PLAN = [
    ("active", ["illness"]),
    ("active", ["disability", "unemployment"]),
    ("active", ["education"]),
    ("active", ["disaster"]),
    ("active", ["illness", "education"]),
    ("active", ["unemployment"]),
    ("application", ["illness"]),
    ("township_review", ["accident"]),
    ("lifted", ["unemployment"]),
    ("cancelled", ["other"]),
]
# (aid type, amount, final status) for the active families, in the same order.
AID = [
    ("living", "800.00", "disbursed"),
    ("medical", "2000.00", "disbursed"),
    ("education", None, "disbursed"),
    ("emergency", "1000.00", "reversed"),
    ("living", "500.00", "approved"),
    ("policy", None, "approved"),
]
EXTRA = [
    ("living", "600.00", "applied"),
    ("medical", "900.00", "in_review"),
    ("living", "300.00", "rejected"),
]


def _at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, hour, 0))


def _standards_and_rules(federation: Organisation) -> None:
    region = federation.region
    if region is not None:
        for year, urban, rural in ((2014, "380.00", "250.00"), (2015, "420.00", "290.00")):
            MinimumLivingStandard.objects.get_or_create(
                region=region, year=year, defaults={"urban": urban, "rural": rural}
            )
    rules = [
        ("living", {"standard_amount": "800.00", "cap_person": "3000.00", "cap_household": "5000.00"}),
        ("medical", {"standard_amount": "2000.00", "cap_person": "10000.00", "cap_household": "15000.00"}),
        (
            "education",
            {
                "level_amounts": {"postgraduate": "5000.00", "bachelor": "5000.00", "college": "3000.00"},
                "cap_person": "5000.00",
                "cadre_limit": "5000.00",
            },
        ),
        ("employment", {"standard_amount": "500.00", "cap_person": "2000.00"}),
        ("emergency", {"standard_amount": "1000.00", "cap_person": "3000.00", "cap_household": "5000.00"}),
        ("legal", {}),
        ("policy", {}),
    ]
    for aid_type, values in rules:
        values.setdefault("cadre_limit", "1000.00")
        AidRule.objects.get_or_create(org=federation, aid_type=aid_type, year=YEAR, defaults=values)


def _families(township: Organisation) -> list[Household]:
    rows = (
        Household.objects.filter(
            org__path__startswith=township.path, head__status="active", head__merged_into=None
        )
        .select_related("head", "head__org")
        .order_by("pk")
    )
    return list(rows[: PER_TOWNSHIP + 3])


def _file(admin: User, household: Household, status: str, causes: list[str], n: int) -> HardshipFile:
    applied = datetime.date(YEAR, 1 + n % 6, 5 + n % 20)
    row = services.file_create(by=admin, person=household.head, causes=causes, applied_on=applied)
    category = row.suggested_category or "relative"
    reason = "" if category == row.suggested_category else "入户核查后确定"
    services.file_confirm_category(by=admin, file=row, category=category, reason=reason)
    if status == "application":
        return row
    services.file_submit_review(by=admin, file=row)
    if status == "township_review":
        return row
    services.file_approve(by=admin, file=row)
    services.file_approve(by=admin, file=row, on=applied + datetime.timedelta(days=20))
    if status == "lifted":
        services.file_lift(
            by=admin, file=row, reason="家庭成员再就业，人均收入超过标准", on=datetime.date(YEAR, 11, 30)
        )
    elif status == "cancelled":
        services.file_cancel(
            by=admin, file=row, reason="moved", note="举家迁往外地", on=datetime.date(YEAR, 10, 8)
        )
    return row


def _aid(
    ctx: dict[str, Any], person: Any, file: Any, aid_type: str, amount: str | None, final: str, n: int
) -> None:
    from gonghui.funds.services import posting_time

    admin, finance, fund = ctx["admin"], ctx["finance"], ctx["fund"]
    applied = _at(3 + n % 9, 1 + n % 27)
    member = None
    if aid_type == "education":
        member = (
            person.household_memberships.first()
            .household.members.filter(school_level__in=services.COLLEGE_LEVELS)
            .first()
            if person.household_memberships.exists()
            else None
        )
        if member is None:
            aid_type, amount = "living", "800.00"
    aid = services.aid_apply(
        by=admin,
        person=person,
        file=file,
        aid_type=aid_type,
        amount_requested=amount,
        member=member,
        reason="家庭困难，申请帮扶",
        applied_at=applied,
        fund=fund if aid_type != "policy" else None,
    )
    decided = applied + datetime.timedelta(hours=2 + n % 5)
    if final != "applied":
        services.aid_review(by=admin, aid=aid)
    if final == "rejected":
        services.aid_reject(by=admin, aid=aid, reason="家庭人均收入高于标准")
    elif final not in ("applied", "in_review"):
        services.aid_approve(by=admin, aid=aid)
        if final in ("disbursed", "reversed"):
            with posting_time(decided + datetime.timedelta(hours=1)):
                services.aid_disburse(by=finance, aid=aid, reference=f"HS-{YEAR}-{aid.pk:05d}")
        if final == "reversed":
            with posting_time(decided + datetime.timedelta(days=3)):
                services.aid_reverse(by=finance, aid=aid, reason="银行退票：账户已注销")
    stamps: dict[str, Any] = {}
    if final != "applied":
        stamps["reviewed_at"] = applied + datetime.timedelta(hours=1)
    if final not in ("applied", "in_review"):
        stamps["decided_at"] = decided
    if final in ("disbursed", "reversed"):
        stamps["disbursed_at"] = decided + datetime.timedelta(hours=1)
    if final == "reversed":
        stamps["reversed_at"] = decided + datetime.timedelta(days=3)
    if stamps:
        AidApplication.objects.filter(pk=aid.pk).update(**stamps)


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build (or leave alone) the demo's hardship files and aid."""
    federation = Organisation.objects.get(pk=context["federation"].pk)
    _standards_and_rules(federation)
    fund = context.get("hardship_fund")
    if HardshipFile.objects.exists() or fund is None or not Household.objects.exists():
        return context
    ctx = {
        "admin": User.objects.get(username="admin"),
        "finance": User.objects.get(username="finance"),
        "fund": fund,
    }
    townships = Organisation.objects.filter(kind="township").order_by("path")
    n = 0
    for township in townships:
        families = _families(township)
        for (status, causes), household in zip(PLAN, families, strict=False):
            row = _file(ctx["admin"], household, status, causes, n)
            if status == "active":
                i = [p for p in PLAN if p[0] == "active"].index((status, causes))
                aid_type, amount, final = AID[i]
                _aid(ctx, household.head, row, aid_type, amount, final, n)
            n += 1
        for (aid_type, amount, final), household in zip(EXTRA, families[PER_TOWNSHIP:], strict=False):
            _aid(ctx, household.head, None, aid_type, amount, final, n)
            n += 1
    return context
