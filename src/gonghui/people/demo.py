"""The demo county's people: about 60,000 residents in about 20,000 households, generated deterministically.

南江县 as the reference work report describes it: people spread over its 20 townships and streets,
valid ID numbers under the county's codes — 511922 since 2000, and for people born earlier often
the number they were first given, 513722 (until 2000) or 513026 (until 1993) —, names drawn from
weighted surnames (曾, 单, 解, 仇, 区, 查 among them, read as surnames in pinyin) and given-name
characters, mobile phones, households with incomes, health, employment and children in school or
college (the hardship and education-aid programmes need them), union memberships in grassroots
unions of the person's township, migrant workers in 西安 and 青岛 (where the county keeps legal
service stations), and some people deceased or moved away.

A member is owned by their grassroots union, everyone else by the union of their township.

Fast, because ``make run`` and ``make test`` load the demo every time: rows are written in bulk
with every derived column (blind indexes, pinyin, search tokens from ``people.tokens``) computed
as ``people.services`` computes them, and a second run stops at once — the last person written,
李阳 (the demo worker ``worker1``), marks a complete load, which the one transaction of
``load_demo`` makes all or nothing.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gonghui.core.imports import bulk
from gonghui.orgs.models import Organisation
from gonghui.people import identity, pinyin, tokens
from gonghui.people.imports.common import id_hash
from gonghui.people.imports.persons import new_person, write_tokens
from gonghui.people.models import Household, HouseholdMember, Membership, Person, PersonSearchToken

SEED = 20150628  # the 6·28 flood of the reference document
HOUSEHOLDS = 20_000
SINGLES = 6_000  # registered people living alone or not recorded in a household
CHUNK = 2_000  # households written per round: bounded memory, large bulk inserts
TODAY = datetime.date(2025, 6, 30)  # ages are computed from a fixed day, so the demo never changes

PINYIN_MAX = Person._meta.get_field("name_pinyin").max_length
INITIALS_MAX = Person._meta.get_field("name_initials").max_length
MARKER_NAME = "李阳"
MARKER_ID = identity.make("511922", datetime.date(1988, 6, 28), 351, "male")

# Surnames per 10,000 people (rounded from national rankings, adjusted towards Sichuan), with the
# surnames whose reading as a surname differs from the character's common one.
SURNAMES = (
    "王620 李700 张640 刘560 陈520 杨380 黄230 赵210 周190 吴170 徐140 孙120 胡140 朱120 高110 林90 "
    "何160 郭100 马90 罗140 梁80 宋70 郑70 谢90 韩60 唐110 冯70 于40 董50 肖80 程50 曹50 袁70 邓110 "
    "许50 傅40 沈40 曾90 彭100 吕40 苏50 卢50 蒋80 蔡50 贾40 丁40 魏50 薛30 叶40 阎20 余70 潘40 杜60 "
    "戴30 夏40 钟40 汪40 田60 任60 姜40 范40 方40 石50 姚40 谭60 廖60 邹40 熊50 金30 陆30 郝30 孔20 "
    "白30 崔20 康30 毛30 邱40 秦30 江40 史20 顾20 侯30 邵20 孟20 龙40 万30 段30 雷40 钱20 汤20 尹30 "
    "黎30 易30 常20 武20 乔20 贺30 赖30 龚30 文40 岳20 苟60 向40 岳20 牟30 "
    "单8 解6 仇5 查5 区3 欧阳4 司马2 诸葛1 上官1"
)
GIVEN_FIRST = {
    "male": "建国志文明永德晓小子家俊宏海金春学云天宇浩思嘉鹏新军红立世光玉兴中正长成",
    "female": "秀晓小丽春玉美金海红桂淑雪思佳嘉雨婷诗梦雅慧欣文丹艳燕月彩凤亚晶琳",
}
GIVEN_LAST = {
    "male": "伟强军勇杰涛明斌超磊鹏华平刚林峰辉波宇浩俊成海东兵亮飞龙云鑫晨洋凯博帅松毅健彬坤",
    "female": "芳娟敏静丽艳霞燕玲红梅萍婷雪琳秀英兰丹慧倩颖琴洁晶蓉欣悦佳怡莉娜露瑶月春凤玉华",
}
MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 155 157 158 159 166 177 180 181 183 187 189 199"
)
VILLAGES = "石岭村 长滩村 新民村 红岩村 柳湾社区 南磷路社区 桃园村 青龙村 白鹤村 双河村 金台村 和平社区"
JOBS = "操作工 技术员 驾驶员 营业员 厨师 教师 医生 护士 会计 保洁员 保安 电工 焊工 木工 茶农 收银员 环卫工"
MIGRANT_CITIES = ["西安市"] * 5 + ["青岛市"] * 4 + ["成都市", "重庆市", "深圳市", "宁波市"]
MIGRANT_EMPLOYERS = {
    "西安市": ["西安南江籍建筑劳务有限公司", "陕西秦建工程有限公司", "西安未央物流有限公司"],
    "青岛市": ["青岛黄岛港务有限公司", "青岛海湾建设工程有限公司", "青岛长江食品有限公司"],
    "成都市": ["成都天府物流有限公司", "成都蓉城建设有限公司"],
    "重庆市": ["重庆两江建筑有限公司"],
    "深圳市": ["深圳龙华电子有限公司"],
    "宁波市": ["宁波北仑模具有限公司"],
}
COLLEGES = [
    "四川大学",
    "西南交通大学",
    "川北医学院",
    "四川文理学院",
    "巴中职业技术学院",
    "成都理工大学",
    "西华师范大学",
]
ETHNIC = [("01", 985), ("15", 6), ("06", 3), ("03", 3), ("04", 2), ("07", 1)]


Table = tuple[list[Any], list[float], float]


def _table(items: list[Any], weights: list[float]) -> Table:
    """Items with cumulative weights, for :func:`_pick`."""
    return items, list(itertools.accumulate(weights)), float(sum(weights))


def _pick(rng: random.Random, table: Table) -> Any:
    """One item, drawn by weight (``random.choices`` without its per-call overhead)."""
    items, cumulative, total = table
    return items[bisect.bisect(cumulative, rng.random() * total)]


def _weighted(spec: str) -> Table:
    """``王715 李700 …``: names with their weights."""
    items = [item.rstrip("0123456789") for item in spec.split()]
    return _table(items, [int(item[len(name) :]) for item, name in zip(spec.split(), items, strict=True)])


def _ranked(chars: str) -> Table:
    """Characters weighted 1/(rank+4): the first few far more common, as in real given names."""
    unique = list(dict.fromkeys(chars))
    return _table(unique, [1 / (rank + 4) for rank in range(len(unique))])


ETHNIC_TABLE = _table([c for c, _w in ETHNIC], [w for _c, w in ETHNIC])
HEALTH_TABLE = _table(["healthy", "weak", "chronic", "serious"], [80, 8, 9, 3])
OLD_EDUCATION_TABLE = _table(["none", "primary", "junior", "senior"], [20, 45, 25, 10])
EDUCATION_TABLE = _table(
    ["primary", "junior", "senior", "vocational", "college", "bachelor", "master"],
    [10, 35, 20, 12, 12, 10, 1],
)
CHILDREN_TABLE = _table([0, 1, 2, 3], [15, 45, 32, 8])


@dataclass
class Draft:
    """One generated person, with codes as the registry stores them."""

    name: str
    sex: str
    birth_date: datetime.date
    id_number: str
    phone: str = ""
    ethnicity: str = "01"
    hukou_type: str = ""
    education: str = ""
    political_status: str = ""
    health: str = "healthy"
    address: str = ""
    employer_name: str = ""
    job: str = ""
    is_migrant_worker: bool = False
    work_city: str = ""
    status: str = "active"
    status_changed_on: datetime.date | None = None
    disability_kind: str = ""
    disability_grade: int | None = None
    township: int = 0  # index into the generator's townships


@dataclass
class Member:
    """A household member: a registered person (``draft``) or a child known only by name and number."""

    draft: Draft
    relationship: str
    registered: bool
    monthly_income: Decimal = Decimal("0.00")
    health: str = "healthy"
    employment: str = ""
    school_level: str = ""
    school_name: str = ""
    enrolment_year: int | None = None


@dataclass
class Family:
    township: int
    address: str
    members: list[Member] = field(default_factory=list)


class Generator:
    """The same county every time: people, families and their details from one seeded random stream."""

    def __init__(self, township_names: list[str], employers: list[list[str]], seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.townships = township_names
        self.employers = employers
        self.surnames = _weighted(SURNAMES)
        self.first = {sex: _ranked(chars) for sex, chars in GIVEN_FIRST.items()}
        self.last = {sex: _ranked(chars) for sex, chars in GIVEN_LAST.items()}
        self.mobiles = MOBILE_PREFIXES.split()
        self.villages = VILLAGES.split()
        self.jobs = JOBS.split()
        # Streets (the county seat) hold more people than mountain townships.
        self.township_table = _table(
            list(range(len(township_names))), [3 if name.endswith("街道") else 1 for name in township_names]
        )
        self.stations = sorted(random.Random(seed + 7).sample(range(1, 100), 40))
        self.used: set[tuple[str, datetime.date, int]] = {("511922", datetime.date(1988, 6, 28), 351)}

    # --- one person

    def surname(self) -> str:
        return _pick(self.rng, self.surnames)

    def name(self, sex: str, surname: str | None = None) -> str:
        rng = self.rng
        surname = surname or self.surname()
        last = _pick(rng, self.last[sex])
        if rng.random() < 0.15:
            return surname + last
        first = _pick(rng, self.first[sex])
        return surname + first + last

    def region(self, birth: datetime.date) -> str:
        """南江县 was 513026 until 1993 and 513722 until 2000; many kept the number they were first given."""
        roll = self.rng.random()
        if birth.year < 1993:
            return "513026" if roll < 0.2 else ("513722" if roll < 0.3 else "511922")
        if birth.year < 2000:
            return "513722" if roll < 0.35 else "511922"
        return "511922"

    def id_number(self, birth: datetime.date, sex: str) -> str:
        region = self.region(birth)
        parity = 1 if sex == "male" else 0
        for _attempt in range(30):
            seq = self.rng.choice(self.stations) * 10 + 2 * self.rng.randrange(5) + parity
            if (region, birth, seq) not in self.used:
                break
        else:
            seq = next(s for s in range(parity, 1000, 2) if (region, birth, s) not in self.used)
        self.used.add((region, birth, seq))
        return identity.make(region, birth, seq, sex)

    def birth(self, age_from: int, age_to: int) -> datetime.date:
        start = TODAY.replace(year=TODAY.year - age_to - 1) + datetime.timedelta(days=1)
        span = (TODAY.replace(year=TODAY.year - age_from) - start).days
        return start + datetime.timedelta(days=self.rng.randrange(max(span, 1)))

    def person(self, sex: str, birth: datetime.date, township: int, surname: str | None = None) -> Draft:
        rng = self.rng
        draft = Draft(
            name=self.name(sex, surname),
            sex=sex,
            birth_date=birth,
            id_number=self.id_number(birth, sex),
            township=township,
        )
        age = _age(birth)
        if age >= 16 and rng.random() < 0.93:
            draft.phone = rng.choice(self.mobiles) + f"{rng.randrange(10**8):08d}"
        draft.ethnicity = _pick(rng, ETHNIC_TABLE)
        roll = rng.random()
        draft.hukou_type = "agricultural" if roll < 0.6 else "non_agricultural" if roll < 0.75 else "resident"
        draft.education = self._education(age)
        draft.political_status = self._political(age)
        draft.health = _pick(rng, HEALTH_TABLE)
        if age >= 60 and draft.health == "healthy" and rng.random() < 0.4:
            draft.health = "chronic"
        if rng.random() < 0.02:
            draft.disability_kind = rng.choice(["physical", "visual", "hearing", "intellectual"])
            draft.disability_grade = rng.randint(1, 4)
        if 18 <= age < 60:
            self._work(draft)
        roll = rng.random()
        if roll < (0.04 if age >= 70 else 0.004):
            draft.status = "deceased"
        elif roll > 0.985:
            draft.status = "moved_away"
        if draft.status != "active":
            draft.status_changed_on = TODAY - datetime.timedelta(days=rng.randrange(30, 1500))
        return draft

    def _education(self, age: int) -> str:
        rng = self.rng
        if age < 7:
            return ""
        if age >= 60:
            return _pick(rng, OLD_EDUCATION_TABLE)
        return _pick(rng, EDUCATION_TABLE)

    def _political(self, age: int) -> str:
        roll = self.rng.random()
        if age < 14:
            return ""
        if age < 28 and roll < 0.3:
            return "03"
        return "01" if roll > 0.92 else "13"

    def _work(self, draft: Draft) -> None:
        rng = self.rng
        if rng.random() < 0.14:
            city = rng.choice(MIGRANT_CITIES)
            draft.is_migrant_worker = True
            draft.work_city = city
            draft.employer_name = rng.choice(MIGRANT_EMPLOYERS[city])
            draft.job = rng.choice(["建筑工", "装卸工", "普工", "厨师", "驾驶员", "保安"])
        elif rng.random() < 0.75:
            employers = self.employers[draft.township]
            draft.employer_name = rng.choice(employers) if employers else ""
            draft.job = rng.choice(self.jobs)

    # --- families

    def township(self) -> int:
        return _pick(self.rng, self.township_table)

    def address(self, township: int) -> str:
        rng = self.rng
        village = rng.choice(self.villages)
        return f"南江县{self.townships[township]}{village}{rng.randint(1, 12)}组{rng.randint(1, 80)}号"

    def family(self) -> Family:
        rng = self.rng
        township = self.township()
        family = Family(township, self.address(township))
        head_sex = "male" if rng.random() < 0.82 else "female"
        head_birth = self.birth(26, 72)
        head = self.person(head_sex, head_birth, township)
        head.address = family.address
        family.members.append(self._adult(head, "head"))
        surname = head.name[:2] if head.name[:2] in ("欧阳", "司马", "诸葛", "上官") else head.name[0]
        if rng.random() < 0.85:
            other = "female" if head_sex == "male" else "male"
            birth = _shift(head_birth, rng.randint(-6, 6))
            spouse = self.person(other, min(birth, TODAY.replace(year=TODAY.year - 20)), township)
            spouse.address = family.address
            family.members.append(self._adult(spouse, "spouse"))
        for _child in range(_pick(rng, CHILDREN_TABLE)):
            born = _shift(head_birth, rng.randint(22, 36))
            if born >= TODAY:
                continue
            sex = "male" if rng.random() < 0.52 else "female"
            child = self.person(sex, born, township, surname if head_sex == "male" else None)
            child.address = family.address
            family.members.append(self._child(child))
        if _age(head_birth) < 55 and rng.random() < 0.2:
            elder = self.person(rng.choice(["male", "female"]), self.birth(72, 90), township, surname)
            elder.address = family.address
            family.members.append(
                Member(elder, "parent", True, _money(rng.uniform(0, 300)), _member_health(elder), "retired")
            )
        if rng.random() < 0.1:
            # A household in hardship: the earner ill and the income low (困难职工家庭).
            earner = family.members[0]
            earner.health = rng.choice(["serious", "chronic", "disabled"])
            earner.monthly_income = _money(rng.uniform(0, 900))
            earner.employment = rng.choice(["unable", "flexible", "unemployed"])
        return family

    def _adult(self, draft: Draft, relationship: str) -> Member:
        rng = self.rng
        age = _age(draft.birth_date)
        if age >= 60:
            employment, income = "retired", rng.uniform(0, 2500)
        elif draft.employer_name:
            employment, income = "employed", rng.uniform(1800, 6500)
        else:
            employment = rng.choice(["farming", "flexible", "unemployed"])
            income = rng.uniform(0, 1800)
        return Member(draft, relationship, True, _money(income), _member_health(draft), employment)

    def _child(self, draft: Draft) -> Member:
        rng = self.rng
        age = _age(draft.birth_date)
        member = Member(draft, "child", age >= 18, health=_member_health(draft))
        level = _school_level(age)
        if level == "college_age":
            if rng.random() < 0.45:
                member.school_level = rng.choice(["bachelor", "bachelor", "college"])
                member.school_name = rng.choice(COLLEGES)
                member.enrolment_year = TODAY.year - (age - 18)
                member.employment = "student"
                draft.employer_name, draft.job, draft.is_migrant_worker, draft.work_city = "", "", False, ""
            else:
                return self._adult(draft, "child")
        elif level:
            member.school_level = level
            place = self.townships[draft.township].removesuffix("镇").removesuffix("街道")
            kind = {"preschool": "幼儿园", "primary": "小学", "junior": "中学", "senior": "高级中学"}[level]
            member.school_name = f"南江县{place}{kind}" if level != "senior" else "南江中学"
            member.enrolment_year = (
                TODAY.year
                - {
                    "preschool": age - 3,
                    "primary": age - 6,
                    "junior": age - 12,
                    "senior": age - 15,
                }[level]
            )
            member.employment = "student"
        elif age >= 23:
            return self._adult(draft, "child")
        return member

    def single(self) -> Draft:
        township = self.township()
        sex = "male" if self.rng.random() < 0.5 else "female"
        draft = self.person(sex, self.birth(18, 85), township)
        draft.address = self.address(township)
        return draft


def _age(birth: datetime.date) -> int:
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


def _shift(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _money(value: float) -> Decimal:
    return Decimal(int(value * 100)) / 100


def _member_health(draft: Draft) -> str:
    if draft.disability_kind:
        return "disabled"
    return {"serious": "serious", "chronic": "chronic"}.get(draft.health, "healthy")


def _school_level(age: int) -> str:
    if age < 3:
        return ""
    if age < 6:
        return "preschool"
    if age < 12:
        return "primary"
    if age < 15:
        return "junior"
    if age < 18:
        return "senior"
    if age < 23:
        return "college_age"
    return ""


# --- writing


@dataclass
class Places:
    """The demo's organisations: townships with their regions and grassroots unions."""

    townships: list[Organisation]
    unions: list[list[Organisation]]
    employers: list[list[str]]


def _places(context: dict[str, Any]) -> Places:
    from gonghui.enterprises.models import Enterprise

    federation = Organisation.objects.get(pk=context["federation"].pk)
    townships = list(
        Organisation.objects.filter(
            path__startswith=federation.path, depth=federation.depth + 1, kind__in=["township", "street"]
        )
        .select_related("region")
        .order_by("path")
    )
    grassroots = Organisation.objects.filter(
        kind="grassroots", status="active", path__startswith=federation.path
    )
    unions: dict[int, list[Organisation]] = {t.pk: [] for t in townships}
    for union in grassroots.order_by("path"):
        for township in townships:
            if union.path.startswith(township.path):
                unions[township.pk].append(union)
    employers: dict[int, list[str]] = {t.pk: [] for t in townships}
    for org_id, name in (
        Enterprise.objects.filter(org__in=townships).values_list("org_id", "name").order_by("pk")
    ):
        employers[org_id].append(name)
    return Places(townships, [unions[t.pk] for t in townships], [employers[t.pk] for t in townships])


class Writer:
    """Turns families into rows, written in bulk a chunk at a time, without a model instance per row.

    The columns are those ``people.services`` writes: the name's pinyin from ``people.pinyin``,
    blind indexes and encryption from the model fields (``bulk.insert_values``), search tokens
    from ``people.tokens`` (the test of the demo compares them with ``person_create``'s).
    """

    def __init__(self, places: Places) -> None:
        self.places = places
        self.member_seq = 0
        self.rng = random.Random(SEED + 1)
        self.taken_numbers = set(Membership.objects.values_list("member_number", flat=True))
        self.counts = {"people": 0, "households": 0, "members": 0, "memberships": 0}
        # Someone may have registered people by hand before the demo ran: their numbers are left out.
        self.check_clashes = Person.objects.exists() or HouseholdMember.objects.exists()

    def person(self, draft: Draft, org_id: int) -> dict[str, Any]:
        """The person's columns (by attname) as ``person_create`` would set them."""
        return {
            "org_id": org_id,
            "name": draft.name,
            "id_number": draft.id_number,
            "sex": draft.sex,
            "birth_date": draft.birth_date,
            "phone": draft.phone,
            "ethnicity": draft.ethnicity,
            "hukou_type": draft.hukou_type,
            "residence_region_id": self.places.townships[draft.township].region_id,
            "address": draft.address,
            "education": draft.education,
            "political_status": draft.political_status,
            "health": draft.health,
            "disability_kind": draft.disability_kind,
            "disability_grade": draft.disability_grade,
            "employer_name": draft.employer_name,
            "job": draft.job,
            "is_migrant_worker": draft.is_migrant_worker,
            "work_city": draft.work_city,
            "status": draft.status,
            "status_changed_on": draft.status_changed_on,
            "name_pinyin": pinyin.full_pinyin(draft.name)[:PINYIN_MAX],
            "name_initials": pinyin.initials(draft.name)[:INITIALS_MAX],
        }

    def union(self, draft: Draft) -> Organisation | None:
        """About half of those working in the township are union members, owned by their union."""
        unions = self.places.unions[draft.township]
        age = _age(draft.birth_date)
        if not unions or draft.status != "active" or not 18 <= age < 62 or draft.is_migrant_worker:
            return None
        if not draft.employer_name or self.rng.random() > 0.55:
            return None
        return unions[self.rng.randrange(len(unions))]

    def membership(self, draft: Draft, union: Organisation) -> dict[str, Any]:
        joined = max(_shift(draft.birth_date, 18), datetime.date(1995, 1, 1))
        joined += datetime.timedelta(days=self.rng.randrange(max((TODAY - joined).days, 1)))
        while True:
            self.member_seq += 1
            number = f"{joined.year}{51192200 + self.member_seq:09d}"
            if number not in self.taken_numbers:
                break
        return {"org_id": union.pk, "person_id": None, "member_number": number, "joined_on": joined}

    def write(self, families: list[Family], singles: list[Draft]) -> None:
        if self.check_clashes:
            families, singles = _not_yet_registered(families, singles)
        drafts: list[Draft] = [m.draft for f in families for m in f.members if m.registered] + singles
        rows: list[dict[str, Any]] = []
        joins: list[tuple[int, dict[str, Any]]] = []  # (index of the person, membership)
        for index, draft in enumerate(drafts):
            union = self.union(draft)
            rows.append(self.person(draft, union.pk if union else self.places.townships[draft.township].pk))
            if union is not None:
                joins.append((index, self.membership(draft, union)))
        ids = bulk.insert_values(Person, rows)
        bulk.insert_rows(
            PersonSearchToken,
            ["person_id", "org_id", "kind", "token"],
            (
                (pk, row["org_id"], str(kind), token)
                for pk, row, draft in zip(ids, rows, drafts, strict=True)
                for kind, token in tokens.tokens_for(draft)
            ),
        )
        for index, membership in joins:
            membership["person_id"] = ids[index]
        self._households(families, dict(zip(map(id, drafts), ids, strict=True)))
        bulk.insert_values(Membership, [m for _i, m in joins])
        self.counts["people"] += len(rows)
        self.counts["memberships"] += len(joins)

    def _households(self, families: list[Family], person_ids: dict[int, int]) -> None:
        heads = [
            {
                "org_id": self.places.townships[f.township].pk,
                "head_id": person_ids[id(f.members[0].draft)],
                "address": f.address,
            }
            for f in families
        ]
        household_ids = bulk.insert_values(Household, heads)
        members = []
        for household_id, head, family in zip(household_ids, heads, families, strict=True):
            for member in family.members:
                person_id = person_ids[id(member.draft)] if member.registered else None
                members.append(
                    {
                        "household_id": household_id,
                        "org_id": head["org_id"],
                        "person_id": person_id,
                        "name": "" if person_id else member.draft.name,
                        "id_number": "" if person_id else member.draft.id_number,
                        "relationship": member.relationship,
                        "monthly_income": member.monthly_income,
                        "health": member.health,
                        "employment": member.employment,
                        "school_level": member.school_level,
                        "school_name": member.school_name,
                        "enrolment_year": member.enrolment_year,
                    }
                )
        bulk.insert_values(HouseholdMember, members)
        self.counts["households"] += len(heads)
        self.counts["members"] += len(members)


def _not_yet_registered(families: list[Family], singles: list[Draft]) -> tuple[list[Family], list[Draft]]:
    """Leave out families and people whose ID number someone registered by hand (one query each table)."""
    hashes = {id_hash(m.draft.id_number) for f in families for m in f.members}
    hashes |= {id_hash(d.id_number) for d in singles}
    taken = set(Person.objects.filter(id_number_bidx__in=hashes).values_list("id_number_bidx", flat=True))
    taken |= set(
        HouseholdMember.objects.filter(id_number_bidx__in=hashes).values_list("id_number_bidx", flat=True)
    )
    if not taken:
        return families, singles
    families = [f for f in families if not any(id_hash(m.draft.id_number) in taken for m in f.members)]
    return families, [d for d in singles if id_hash(d.id_number) not in taken]


def generate(
    generator: Generator, households: int | None = None, singles: int | None = None
) -> Iterator[tuple[list[Family], list[Draft]]]:
    """Chunks of families (and, after them, people living alone) in a fixed order."""
    households = HOUSEHOLDS if households is None else households
    singles = SINGLES if singles is None else singles
    made = 0
    while made < households:
        size = min(CHUNK, households - made)
        yield [generator.family() for _n in range(size)], []
        made += size
    made = 0
    while made < singles:
        size = min(CHUNK * 3, singles - made)
        yield [], [generator.single() for _n in range(size)]
        made += size


def _marker() -> Person | None:
    return Person.objects.filter(id_number_bidx=id_hash(MARKER_ID)).first()


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Write the demo people unless they are there (李阳, written last, says they all are)."""
    marker = _marker()
    if marker is None:
        with _large_cache(), _index_afterwards(PersonSearchToken):
            marker = _write_all(context)
    context["person1"] = marker
    return context


@contextlib.contextmanager
def _large_cache() -> Iterator[None]:
    """SQLite: a 256 MB page cache while the demo writes, not 2 MB (the search tokens' index is large)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextlib.contextmanager
def _index_afterwards(model: Any) -> Iterator[None]:
    """Drop the table's plain indexes (and, on PostgreSQL, its foreign keys) while it is loaded.

    Building an index over 800,000 search tokens once is far cheaper than keeping it up to date row
    by row, and PostgreSQL checks a foreign key over the whole table in one query when it is added
    again, instead of once per row. Inside the demo's one transaction, so a failure restores them
    (DDL is transactional in both SQLite and PostgreSQL); the definitions put back are the
    database's own.
    """
    from django.db import connection

    table = model._meta.db_table
    quote = connection.ops.quote_name
    constraints: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
            indexes = cursor.fetchall()
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
                " AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            constraints = cursor.fetchall()
            # No table may be altered with deferred checks pending (the tree written before): run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            indexes = []
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL builds no index over a table with deferred checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def _write_all(context: dict[str, Any]) -> Person:
    """Every demo person, household and membership, then 李阳 last (the mark of a complete load)."""
    places = _places(context)
    generator = Generator([t.name.removesuffix("工会") for t in places.townships], places.employers)
    writer = Writer(places)
    for families, singles in generate(generator):
        writer.write(families, singles)
    township = next((i for i, t in enumerate(places.townships) if t.pk == context["township1"].pk), 0)
    worker = Draft(
        MARKER_NAME, "male", datetime.date(1988, 6, 28), MARKER_ID, "13980001988", township=township
    )
    worker.address, worker.education, worker.political_status = "南江县南江镇滨河路8号", "college", "13"
    worker.employer_name, worker.job = (places.employers[township] or [""])[0], "操作工"
    values = writer.person(worker, places.townships[township].pk)
    marker = new_person(values.pop("org_id"), values)
    marker.save()
    write_tokens([marker])
    context["people_counts"] = writer.counts
    return marker
