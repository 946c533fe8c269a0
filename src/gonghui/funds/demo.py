"""The demo county's funds for 2015, after the reference work report.

The federation keeps union funds (工会经费), the hardship aid fund (困难职工帮扶资金, with its 2015
budget and money for the hardship and campaign demos to pay from) and the donation fund (捐赠资金);
南江镇 and 长赤镇 keep a small project fund each, so township cadres see their own. After the flood of
28 June 2015 (the "6·28" flood) workers, grassroots unions and 南江籍 entrepreneurs gave
1,236,800 yuan ("爱心捐款120多万元": enterprises from the enterprise demo, the twelve caring
enterprises first; people from the person registry when it has any, otherwise named donors), and
goods; the federation obtained 300,000 yuan from the unions above and found 220,000 itself
("积极争取并自筹资金50余万元"), bought quilts, rice and tents, handed most of them out, and keeps
the rest in stock.

Deterministic (a fixed seed) and idempotent: funds are found by name, and each block of history is
posted only when its first entry is missing. Donations are written in bulk with their receipt
numbers, and their entries through ``services.post_many`` (one lock and one balance check per day),
so every entry is as consistent as one posted by hand.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.funds import services
from gonghui.funds.donations import RECEIPT_DIGITS, RECEIPT_PREFIX
from gonghui.funds.models import (
    Donation,
    DonationLine,
    Fund,
    FundBudget,
    GoodsItem,
    LedgerEntry,
    ReceiptSequence,
)
from gonghui.funds.services import Posting
from gonghui.orgs.models import Organisation

SEED = 628
YEAR = 2015
EARMARK = "6·28洪灾救灾"
FLOOD_MONEY = Decimal("1236800.00")  # 爱心捐款120多万元
RAISED = Decimal("300000.00")  # 积极争取: the unions above
SELF_FUNDED = Decimal("220000.00")  # 自筹: from the federation's union funds

UNION_FUNDS = "工会经费"
HARDSHIP_FUND = "困难职工帮扶资金"
DONATION_FUND = "捐赠资金"

GOODS = {"quilt": ("棉被", "床"), "rice": ("大米", "袋"), "tent": ("帐篷", "顶")}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "建华国强明军丽娟秀英志勇海燕小红德福春梅玉兰文斌永红晓东立新红梅家俊桂芳成林光荣雪莲"


def _at(day: str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour, minute))
    )


def _fund(org: Organisation, name: str, kind: str, description: str) -> Fund:
    fund, _created = Fund.objects.get_or_create(
        org=org, name=name, defaults={"kind": kind, "description": description}
    )
    return fund


def _budget(fund: Fund, amount: str, note: str) -> None:
    FundBudget.objects.get_or_create(fund=fund, year=YEAR, defaults={"amount": Decimal(amount), "note": note})


def _item(key: str) -> GoodsItem:
    name, unit = GOODS[key]
    item, _created = GoodsItem.objects.get_or_create(name=name, unit=unit)
    return item


def _once(fund: Fund, reference: str) -> bool:
    """Whether the block of history starting with ``reference`` still has to be posted."""
    return not LedgerEntry.objects.filter(fund=fund, reference=reference).exists()


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build (or complete) the funds of the demo county; running it twice changes nothing."""
    federation: Organisation = context["federation"]
    finance = User.objects.get(username="finance")
    union = _fund(federation, UNION_FUNDS, Fund.Kind.UNION, "会员会费、上级返还及行政拨缴的工会经费")
    hardship = _fund(federation, HARDSHIP_FUND, Fund.Kind.HARDSHIP, "困难职工生活、医疗、助学、就业等帮扶")
    donation = _fund(
        federation, DONATION_FUND, Fund.Kind.DONATION, "社会各界、职工和爱心企业捐赠的资金和物资"
    )
    _budget(union, "2600000", "2015年度工会经费预算")
    _budget(hardship, "2000000", "2015年度困难职工帮扶资金预算（含送温暖、金秋助学）")
    _budget(donation, "1800000", "2015年度捐赠资金使用计划")
    _opening(finance, union, hardship)
    _townships(context, finance)
    _flood(context, finance, union, donation)
    context.update({"union_fund": union, "hardship_fund": hardship, "donation_fund": donation})
    return context


def _opening(finance: User, union: Fund, hardship: Fund) -> None:
    """January: the year's union funds and the hardship fund's money (the hardship demo pays from it)."""
    if not _once(union, "NJ-2015-001"):
        return
    steps = [
        (
            "2015-01-05",
            lambda: services.post_income(
                fund=union,
                amount="2860000",
                by=finance,
                reference="NJ-2015-001",
                memo="2015年工会经费（拨缴及上级返还）",
            ),
        ),
        (
            "2015-01-06",
            lambda: services.post_income(
                fund=hardship,
                amount="1200000",
                by=finance,
                reference="NJ-2015-002",
                memo="上级工会下拨困难职工帮扶专项资金",
            ),
        ),
        (
            "2015-01-08",
            lambda: services.post_income(
                fund=hardship, amount="500000", by=finance, reference="NJ-2015-003", memo="县财政配套帮扶资金"
            ),
        ),
        (
            "2015-01-09",
            lambda: services.transfer(
                from_fund=union,
                to_fund=hardship,
                amount="600000",
                by=finance,
                reference="NJ-2015-004",
                memo="工会经费划转困难职工帮扶资金",
            ),
        ),
        (
            "2015-04-28",
            lambda: services.post_expense(
                fund=union,
                amount="600000",
                by=finance,
                reference="NJ-2015-031",
                memo="庆“五一”工会杯职工运动会",
            ),
        ),
    ]
    for day, post in steps:
        with services.posting_time(_at(day)):
            post()


def _townships(context: dict[str, Any], finance: User) -> None:
    """A small project fund in 南江镇 and 长赤镇: what their cadres see of the funds."""
    for key, place in (("township1", "南江镇"), ("township2", "长赤镇")):
        org = context.get(key)
        if org is None:
            continue
        fund = _fund(org, f"{place}困难职工帮扶项目资金", Fund.Kind.PROJECT, f"{place}工会争取的帮扶项目资金")
        reference = f"{place}-2015-001"
        if not _once(fund, reference):
            continue
        with services.posting_time(_at("2015-03-02")):
            services.post_income(
                fund=fund, amount="50000", by=finance, reference=reference, memo="乡镇配套帮扶资金"
            )
        with services.posting_time(_at("2015-05-20")):
            services.post_expense(
                fund=fund, amount="12600", by=finance, reference=f"{place}-2015-002", memo="困难职工临时救助"
            )


# --- the 6·28 flood --------------------------------------------------------------------------------


def _names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _donors(context: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """Every money gift of the drive: (who, amount, day), amounts summing to exactly FLOOD_MONEY."""
    from gonghui.enterprises.models import Enterprise
    from gonghui.people.models import Person

    days = [f"2015-{m:02d}-{d:02d}" for m, d in [(6, 29), (6, 30)] + [(7, d) for d in range(1, 21)]]
    gifts: list[dict[str, Any]] = []
    caring = list(Enterprise.objects.filter(is_caring=True).order_by("uscc", "pk"))
    others = list(
        Enterprise.objects.filter(is_caring=False, type="private", employee_count__gte=20).order_by(
            "uscc", "pk"
        )[:24]
    )
    for n, e in enumerate(caring):
        amount = Decimal(rng.choice((30000, 40000, 50000, 60000)))
        gifts.append({"donor_kind": "enterprise", "enterprise": e, "amount": amount, "day": days[n % 6]})
    for n, e in enumerate(others):
        amount = Decimal(rng.choice((3000, 5000, 8000, 10000, 20000)))
        gifts.append({"donor_kind": "enterprise", "enterprise": e, "amount": amount, "day": days[2 + n % 10]})
    if not caring and not others:  # an empty enterprise registry: the entrepreneurs by name
        for n in range(30):
            gifts.append(
                {
                    "donor_kind": "named",
                    "donor_name": f"南江籍企业家{n + 1:02d}",
                    "amount": Decimal(rng.choice((10000, 20000, 50000))),
                    "day": days[n % 8],
                }
            )
    unions = Organisation.objects.filter(kind=Organisation.Kind.GRASSROOTS).order_by("path")[:60]
    for n, u in enumerate(unions):
        amount = Decimal(rng.randrange(500, 3001, 100))
        gifts.append(
            {
                "donor_kind": "named",
                "donor_name": f"{u.name}全体会员",
                "amount": amount,
                "day": days[3 + n % 15],
            }
        )
    people = list(Person.objects.filter(status="active").order_by("pk")[:60])
    for n, p in enumerate(people):
        amount = Decimal(rng.choice((100, 200, 300, 500, 1000)))
        gifts.append({"donor_kind": "person", "person": p, "amount": amount, "day": days[n % len(days)]})
    for n, name in enumerate(_names(rng, 320 - len(people))):
        amount = Decimal(rng.choice((50, 100, 100, 200, 200, 300, 500, 500, 800, 1000, 2000)))
        anonymous = n % 23 == 0
        gifts.append(
            {
                "donor_kind": "named",
                "donor_name": "" if anonymous and n % 2 else name,
                "is_anonymous": anonymous,
                "amount": amount,
                "day": days[n % len(days)],
            }
        )
    # The county's best-known entrepreneur makes the drive's total round (爱心捐款120多万元).
    rest = FLOOD_MONEY - sum(g["amount"] for g in gifts)
    if rest <= 0:
        raise ValueError("the demo's donations exceed the drive's total")
    gifts.append({"donor_kind": "named", "donor_name": "西安南江商会", "amount": rest, "day": "2015-07-06"})
    return gifts


def _goods_gifts(context: dict[str, Any]) -> list[dict[str, Any]]:
    from gonghui.enterprises.models import Enterprise

    caring = list(Enterprise.objects.filter(is_caring=True).order_by("uscc", "pk")[:3])
    rice_giver = Enterprise.objects.filter(name="南江县光雾山米业有限公司").first()
    givers = [rice_giver or (caring[0] if caring else None), *caring[1:3]]
    plan = [("rice", 500, "150"), ("quilt", 300, "120"), ("tent", 60, "800")]
    gifts = []
    for n, (key, quantity, value) in enumerate(plan):
        giver = givers[n] if n < len(givers) else None
        who = (
            {"donor_kind": "enterprise", "enterprise": giver}
            if giver
            else {"donor_kind": "named", "donor_name": f"南江籍爱心企业{n + 1}"}
        )
        gifts.append({**who, "lines": [(_item(key), quantity, Decimal(value))], "day": f"2015-07-0{n + 1}"})
    return gifts


def _flood(context: dict[str, Any], finance: User, union: Fund, fund: Fund) -> None:
    federation: Organisation = context["federation"]
    if Donation.objects.filter(receipt_root=federation, earmark=EARMARK).exists():
        return
    rng = random.Random(SEED)
    gifts = _donors(context, rng) + _goods_gifts(context)
    gifts.sort(key=lambda g: g["day"])
    donations = _write_donations(federation, fund, finance, gifts)
    by_day: dict[str, list[Posting]] = defaultdict(list)
    for gift, d in zip(gifts, donations, strict=True):
        common = {"fund": fund, "source": d, "reference": d.receipt_no, "memo": EARMARK}
        if d.kind == Donation.Kind.MONEY:
            by_day[gift["day"]].append(Posting(kind="income", amount=d.amount, **common))
        for item, quantity, value in gift.get("lines", []):
            by_day[gift["day"]].append(
                Posting(kind="goods_in", item=item, quantity=quantity, unit_value=value, **common)
            )
    extra = _relief_postings(finance, union, fund)
    for day in sorted(set(by_day) | set(extra)):
        with services.posting_time(_at(day, 17)):
            services.post_many(postings=by_day.get(day, []), by=finance)
            for post in extra.get(day, []):
                post()


def _write_donations(
    federation: Organisation, fund: Fund, finance: User, gifts: list[dict[str, Any]]
) -> list[Donation]:
    """The drive's donations in bulk, numbered in order after the year's receipts so far."""
    sequence, _created = ReceiptSequence.objects.get_or_create(root=federation, year=YEAR)
    start = sequence.last
    rows = []
    for n, gift in enumerate(gifts, start=start + 1):
        lines = gift.get("lines", [])
        person, enterprise = gift.get("person"), gift.get("enterprise")
        name = person.name if person else enterprise.name if enterprise else gift.get("donor_name", "")
        amount = (
            sum((value * quantity for _i, quantity, value in lines), Decimal("0.00"))
            if lines
            else gift["amount"]
        )
        rows.append(
            Donation(
                org=fund.org,
                fund=fund,
                kind=Donation.Kind.GOODS if lines else Donation.Kind.MONEY,
                donor_kind=gift["donor_kind"],
                person=person,
                enterprise=enterprise,
                donor_name=name,
                is_anonymous=gift.get("is_anonymous", False),
                amount=amount,
                earmark=EARMARK,
                received_on=datetime.date.fromisoformat(gift["day"]),
                receipt_root=federation,
                receipt_no=f"{RECEIPT_PREFIX}{YEAR}-{n:0{RECEIPT_DIGITS}d}",
                created_by=finance,
            )
        )
    donations = Donation.objects.bulk_create(rows, batch_size=500)
    sequence.last = start + len(rows)
    sequence.save(update_fields=["last"])
    DonationLine.objects.bulk_create(
        [
            DonationLine(donation=d, item=item, quantity=quantity, unit_value=value)
            for gift, d in zip(gifts, donations, strict=True)
            for item, quantity, value in gift.get("lines", [])
        ]
    )
    return donations


def _relief_postings(finance: User, union: Fund, fund: Fund) -> dict[str, list[Any]]:
    """What the federation added, bought and handed out, by day (posted after that day's donations)."""
    quilt, rice, tent = _item("quilt"), _item("rice"), _item("tent")
    memo = EARMARK
    bought = [(quilt, 500, "120"), (rice, 600, "150"), (tent, 45, "800")]
    handed = [(quilt, 650), (rice, 1000), (tent, 90)]

    def buy() -> None:
        services.post_expense(
            fund=fund, amount="186000", by=finance, reference="NJ-2015-201", memo="采购棉被、大米、帐篷"
        )
        for item, quantity, value in bought:
            services.post_goods_in(
                fund=fund,
                item=item,
                quantity=quantity,
                unit_value=value,
                by=finance,
                reference="NJ-2015-201",
                memo=memo,
            )

    def hand_out() -> None:
        for item, quantity in handed:
            services.post_goods_out(
                fund=fund,
                item=item,
                quantity=quantity,
                by=finance,
                reference="NJ-2015-210",
                memo="为受灾严重的职工群众送去生活物资",
            )

    return {
        "2015-07-01": [
            lambda: services.post_income(
                fund=fund,
                amount=str(RAISED),
                by=finance,
                reference="NJ-2015-198",
                memo="上级工会下拨救灾专项资金",
            )
        ],
        "2015-07-02": [
            lambda: services.transfer(
                from_fund=union,
                to_fund=fund,
                amount=str(SELF_FUNDED),
                by=finance,
                reference="NJ-2015-199",
                memo="县总工会自筹救灾资金",
            )
        ],
        "2015-07-03": [buy],
        "2015-07-05": [hand_out],
        "2015-07-08": [
            lambda: services.post_expense(
                fund=fund,
                amount="48600",
                by=finance,
                reference="NJ-2015-215",
                memo="为奋战在一线的职工送去清凉用品",
            )
        ],
    }
