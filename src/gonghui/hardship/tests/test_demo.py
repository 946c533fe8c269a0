"""The hardship demo: files and aid in every state on top of the registry and funds demos, loaded twice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.models import User
from gonghui.enterprises import demo as enterprises_demo
from gonghui.funds import demo as funds_demo
from gonghui.funds import queries as fund_queries
from gonghui.hardship import demo as hardship_demo
from gonghui.hardship.models import AidApplication, AidRule, HardshipFile, MinimumLivingStandard
from gonghui.orgs import demo as orgs_demo
from gonghui.orgs.models import Organisation
from gonghui.people import identity
from gonghui.people.services import household_add_member, household_create, person_create

pytestmark = pytest.mark.django_db

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋"


def _families(per_township: int = 13) -> None:
    """A few households per township, standing in for the people demo (far too big for a test)."""
    admin = User.objects.get(username="admin")
    seq = 0
    for township in Organisation.objects.filter(kind="township").order_by("path")[:2]:
        for _n in range(per_township):
            seq += 1
            number = identity.make("511922", datetime.date(1970, 1, 1) + datetime.timedelta(days=seq), seq)
            name = SURNAMES[seq % len(SURNAMES)] + GIVEN[seq % 10] + GIVEN[(seq // 10) % 10]
            head = person_create(by=admin, org=township, name=name, id_number=number)
            household = household_create(by=admin, head=head, monthly_income="600.00")
            household_add_member(
                by=admin,
                household=household,
                relationship="child",
                name=name[0] + "小" + GIVEN[seq % 10],
                school_level="bachelor",
            )


def test_without_people_the_demo_writes_only_standards_and_rules():
    context: dict[str, Any] = dict(orgs_demo.load())
    accounts_demo.load(context)
    hardship_demo.load(context)
    assert HardshipFile.objects.count() == 0
    assert AidRule.objects.filter(year=2015).count() == 7


def test_the_demo_has_files_and_aid_in_every_state_and_loads_twice_without_change():
    context: dict[str, Any] = dict(orgs_demo.load())
    accounts_demo.load(context)
    enterprises_demo.load(context)
    funds_demo.load(context)
    _families()
    fund = context["hardship_fund"]
    before = fund_queries.balance(fund)
    hardship_demo.load(context)
    assert MinimumLivingStandard.objects.filter(year=2015).exists()
    statuses = set(HardshipFile.objects.values_list("status", flat=True))
    assert statuses == {"application", "township_review", "active", "lifted", "cancelled"}
    assert set(AidApplication.objects.values_list("status", flat=True)) == {
        "applied",
        "in_review",
        "approved",
        "rejected",
        "disbursed",
        "reversed",
    }
    paid = sum(
        AidApplication.objects.filter(status="disbursed").values_list("amount_approved", flat=True),
        Decimal(0),
    )
    assert fund_queries.balance(fund) == before - paid
    assert AidApplication.objects.filter(year=2015).count() == AidApplication.objects.count()
    counts = (HardshipFile.objects.count(), AidApplication.objects.count())
    hardship_demo.load(context)
    assert (HardshipFile.objects.count(), AidApplication.objects.count()) == counts
