"""The demo county's wishes (微心愿) of 2015: 30 orphans' wishes fulfilled, and a few still open.

Before Children's Day (六一) the township unions collected the small wishes of orphans; the twelve
caring enterprises of the enterprise demo and some members claimed and fulfilled all thirty, with a
hand-over record as proof. A few wishes of left-behind children and hardship workers are still
published or claimed. Deterministic (townships, enterprises and people in key order) and idempotent
(nothing is written when wishes exist). Without townships or caring enterprises it skips.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.hardship import wishes
from gonghui.hardship.models import Wish
from gonghui.orgs.models import Organisation

YEAR = 2015
FULFILLED = 30
PERSON_DONORS = 6  # of the thirty, claimed by members; the rest by the caring enterprises
NAMES = "明华强丽军芳伟静磊洋敏燕杰婷超霞刚琳涛娟浩雪鹏倩宇玲斌慧阳欣"
ITEMS = [
    ("一个新书包", "120.00"),
    ("一套课外读物", "150.00"),
    ("一张学习桌", "380.00"),
    ("一辆自行车", "460.00"),
    ("一件羽绒服", "260.00"),
    ("一双运动鞋", "180.00"),
    ("一本新华字典和文具", "90.00"),
    ("一盏护眼台灯", "130.00"),
    ("一个足球", "110.00"),
    ("一套画笔和画板", "160.00"),
]
STORIES = [
    "父母因病去世，跟随年迈的奶奶生活，成绩在班上名列前茅。",
    "父亲在矿难中去世，母亲改嫁，由叔叔抚养。",
    "父母双亡，寄住在外婆家，最大的愿望是好好读书。",
]
OPEN = [
    ("left_behind", "小雨", "一部能和在外打工的爸爸妈妈视频的旧手机", "600.00", "published"),
    ("left_behind", "小军", "一套初中数学辅导书", "120.00", "published"),
    ("worker", "张师傅", "一台取暖器", "300.00", "published"),
    ("left_behind", "小兰", "一件过冬的棉衣", "200.00", "claimed"),
    ("worker", "刘阿姨", "一副助听器", "900.00", "claimed"),
]


def _at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, hour, 0))


def _donors() -> tuple[list[Any], list[Any]]:
    from gonghui.enterprises.models import Enterprise
    from gonghui.people.models import Person

    caring = list(Enterprise.objects.filter(is_caring=True).order_by("uscc", "pk"))
    people = list(Person.objects.filter(status="active", merged_into=None).order_by("pk")[:PERSON_DONORS])
    return caring, people


def _proof(n: int, donor: Any, item: str) -> ContentFile:
    text = (
        f"微心愿交接记录\n编号：WX-{YEAR}-{n:03d}\n心愿：{item}\n认领人：{donor}\n"
        f"已于{YEAR}年6月1日前送达。\n"
    )
    return ContentFile(text.encode("utf-8"), name=f"wish-{YEAR}-{n:03d}-handover.txt")


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build (or leave alone) the demo's wishes."""
    if Wish.objects.exists():
        return context
    townships = list(Organisation.objects.filter(kind="township").order_by("path"))
    caring, people = _donors()
    if not townships or not caring:
        return context
    admin = User.objects.get(username="admin")
    for n in range(FULFILLED):
        item, amount = ITEMS[n % len(ITEMS)]
        wish = wishes.wish_create(
            by=admin,
            org=townships[n % len(townships)],
            kind=Wish.Kind.ORPHAN,
            display_name="小" + NAMES[n % len(NAMES)],
            item=item,
            story=STORIES[n % len(STORIES)],
            amount=amount,
        )
        wishes.wish_publish(by=admin, wish=wish)
        use_person = n % 5 == 4 and people
        donor = people[(n // 5) % len(people)] if use_person else caring[n % len(caring)]
        kwargs = {"donor_person": donor} if use_person else {"donor_enterprise": donor}
        wishes.wish_claim(by=admin, wish=wish, **kwargs)
        published, claimed = _at(5, 4 + n % 10), _at(5, 15 + n % 10)
        fulfilled = _at(5, 26 + n % 6, 15)
        wishes.wish_fulfil(
            by=admin, wish=wish, proof=_proof(n + 1, donor, item), at=fulfilled, note="六一前送达"
        )
        Wish.objects.filter(pk=wish.pk).update(published_at=published, claimed_at=claimed)
    for n, (kind, name, item, amount, status) in enumerate(OPEN):
        wish = wishes.wish_create(
            by=admin,
            org=townships[n % len(townships)],
            kind=kind,
            display_name=name,
            item=item,
            amount=Decimal(amount),
        )
        wishes.wish_publish(by=admin, wish=wish)
        if status == "claimed":
            wishes.wish_claim(by=admin, wish=wish, donor_enterprise=caring[(n * 5) % len(caring)])
            Wish.objects.filter(pk=wish.pk).update(claimed_at=_at(12, 10 + n))
        Wish.objects.filter(pk=wish.pk).update(published_at=_at(12, 1 + n))
    return context
