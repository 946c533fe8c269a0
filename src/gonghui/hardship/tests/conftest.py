"""A small welfare county: two families in township 1, one in township 2, funds, standards and rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from gonghui.funds import services as funds
from gonghui.funds.models import Fund
from gonghui.hardship import services
from gonghui.hardship.models import AidApplication, AidRule, HardshipFile, MinimumLivingStandard
from gonghui.people import identity
from gonghui.people.models import HouseholdMember, Person
from gonghui.people.services import household_add_member, household_create, person_create

YEAR = datetime.date.today().year


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


@dataclass
class Welfare:
    wang: Person  # township 1, ill, household of three with 1,200 yuan a month
    wang_child: HouseholdMember  # in university (bachelor)
    wang_wife: Person  # registered member of Wang's household
    li: Person  # township 1 (grassroots union), alone, no income
    zhao: Person  # township 2
    fund1: Fund  # township 1's fund
    fed_fund: Fund  # the federation's hardship aid fund
    rule: AidRule  # federation living-aid rule: caps 2,000 per person, 3,000 per household; cadre up to 1,000


@pytest.fixture
def welfare(county: Any) -> Welfare:
    admin = county.user("admin")

    def person(org: Any, name: str, seq: int, **extra: Any) -> Person:
        number = identity.make("511922", datetime.date(1975, 1, 1) + datetime.timedelta(days=seq), seq)
        return person_create(by=admin, org=org, name=name, id_number=number, **extra)

    wang = person(county.township1, "王大伟", 11, health="serious")
    wife = person(county.township1, "刘小红", 12)
    li = person(county.grassroots1, "李困难", 13)
    zhao = person(county.township2, "赵长赤", 14)
    household = household_create(by=admin, head=wang, monthly_income="1200.00")
    household_add_member(by=admin, household=household, relationship="spouse", person=wife)
    child = household_add_member(
        by=admin,
        household=household,
        relationship="child",
        name="王小明",
        employment="student",
        school_level="bachelor",
        school_name="四川大学",
        enrolment_year=YEAR,
    )
    MinimumLivingStandard.objects.create(region=county.region, year=YEAR - 1, urban="500.00", rural="300.00")
    fund1 = Fund.objects.create(org=county.township1, name="南江镇帮扶资金", kind=Fund.Kind.HARDSHIP)
    fed_fund = Fund.objects.create(org=county.federation, name="困难职工帮扶资金", kind=Fund.Kind.HARDSHIP)
    finance = county.user("finance")
    funds.post_income(fund=fund1, amount="10000.00", by=finance)
    funds.post_income(fund=fed_fund, amount="100000.00", by=finance)
    rule = AidRule.objects.create(
        org=county.federation,
        aid_type="living",
        year=YEAR,
        standard_amount="800.00",
        cap_person="2000.00",
        cap_household="3000.00",
        cadre_limit="1000.00",
    )
    AidRule.objects.create(
        org=county.federation,
        aid_type="education",
        year=YEAR,
        level_amounts={"bachelor": "5000.00", "college": "3000.00"},
        cap_person="5000.00",
        cadre_limit="5000.00",
    )
    return Welfare(wang, child, wife, li, zhao, fund1, fed_fund, rule)


def open_file(county: Any, person: Person, causes: Any = ("illness",), **extra: Any) -> HardshipFile:
    return services.file_create(by=county.user("township1"), person=person, causes=list(causes), **extra)


def active_file(county: Any, person: Person, causes: Any = ("illness",)) -> HardshipFile:
    """A file taken through the whole approval by the township cadre and the federation administrator."""
    cadre = county.user("township1" if person.org.path.startswith(county.township1.path) else "township2")
    row = services.file_create(by=cadre, person=person, causes=list(causes))
    services.file_confirm_category(
        by=cadre, file=row, category=row.suggested_category or "relative", reason="x"
    )
    services.file_submit_review(by=cadre, file=row)
    services.file_approve(by=cadre, file=row)
    return services.file_approve(by=county.user("admin"), file=row)


def approved_aid(county: Any, person: Person, amount: str = "800.00", **extra: Any) -> AidApplication:
    """A living aid applied for and reviewed by township 1's cadre, approved by them (by the federation
    administrator above the cadre's limit of 1,000 yuan)."""
    cadre = county.user("township1")
    aid = services.aid_apply(by=cadre, person=person, aid_type="living", amount_requested=amount, **extra)
    services.aid_review(by=cadre, aid=aid)
    approver = county.user("admin") if Decimal(amount) > 1000 else cadre
    return services.aid_approve(by=approver, aid=aid)


# --- campaigns ------------------------------------------------------------------------------------


@dataclass
class Drive:
    """A 送温暖 campaign of township 1 paying from the federation's hardship fund, with its people.

    wang: deep hardship (1,000 yuan and a quilt); li: relative hardship (500 yuan and a quilt);
    wife: deceased, with an active file; lifted: a file lifted last month; sweeper: a sanitation
    worker without a file; zhao: township 2 (outside the campaign's subtree).
    """

    campaign: Any
    welfare: Welfare
    quilt: Any
    wife_file: HardshipFile
    lifted: Person
    sweeper: Person


def make_person(county: Any, org: Any, name: str, seq: int, **extra: Any) -> Person:
    number = identity.make("511922", datetime.date(1980, 1, 1) + datetime.timedelta(days=seq), seq)
    return person_create(by=county.user("admin"), org=org, name=name, id_number=number, **extra)


def make_campaign(county: Any, welfare: Welfare, **overrides: Any) -> Any:
    from gonghui.hardship import campaigns

    values: dict[str, Any] = {
        "by": county.user("township1"),
        "org": county.township1,
        "kind": "warmth",
        "name": "2026年元旦春节送温暖",
        "starts_on": datetime.date(YEAR, 1, 1),
        "ends_on": datetime.date(YEAR, 2, 28),
        "fund": welfare.fed_fund,
        "budget": "5000.00",
        "categories": ["deep", "relative"],
        "standards": {"deep": "1000.00", "relative": "500.00"},
    }
    values.update(overrides)
    return campaigns.campaign_create(**values)


@pytest.fixture
def quilt(county: Any, welfare: Welfare) -> Any:
    item = funds.goods_item_create(by=county.user("finance"), name="棉被", unit="床")
    funds.post_goods_in(
        fund=welfare.fed_fund, item=item, quantity=10, unit_value="120.00", by=county.user("finance")
    )
    return item


@pytest.fixture
def drive(county: Any, welfare: Welfare, quilt: Any) -> Drive:
    from gonghui.people.models import Person as P

    wang_file = active_file(county, welfare.wang)
    li_file = active_file(county, welfare.li)
    wife_file = active_file(county, welfare.wang_wife)
    lifted = make_person(county, county.township1, "钱脱困", 31)
    lifted_file = active_file(county, lifted)
    services.file_lift(by=county.user("township1"), file=lifted_file, reason="再就业")
    active_file(county, welfare.zhao)
    HardshipFile.objects.filter(pk=wang_file.pk).update(category="deep")
    HardshipFile.objects.filter(pk__in=[li_file.pk, wife_file.pk, lifted_file.pk]).update(category="relative")
    HardshipFile.objects.filter(person=welfare.zhao).update(category="deep")
    P.objects.filter(pk=welfare.wang_wife.pk).update(status="deceased")
    sweeper = make_person(county, county.grassroots1, "孙环卫", 32, job="环卫工")
    campaign = make_campaign(county, welfare, goods=[{"item": quilt, "quantity": 1}])
    return Drive(campaign, welfare, quilt, wife_file, lifted, sweeper)
