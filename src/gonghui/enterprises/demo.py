"""The demo county's enterprise registry: about 1,500 employers, generated deterministically.

Modelled on the reference work report: 107 organs and public institutions (the "107 机关、企事业
单位" of one of its events), exactly 12 caring enterprises ("12家爱心企业"), 南江县光雾山米业有限公司
and 南江县南慧建材有限公司 by name, and about 60 % of enterprises with a union — their own
grassroots union, or the village or community union that gathers the small businesses around it.
Every credit code is valid (check characters computed). Idempotent: a row is found by its credit
code (or, without one, by its keeper and name) and only missing rows are created, in bulk.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from gonghui.enterprises import codes
from gonghui.enterprises.choices import EnterpriseType
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.names import name_pinyin
from gonghui.orgs.models import Organisation

TOTAL = 1500
CARING = 12
UNION_SHARE = 0.6
COUNTY = "南江县"
REGION_CODE = "511922"
SEED = 511922

T = EnterpriseType

# County organs (机关) and public institutions (事业单位), kept by the federation.
COUNTY_ORGANS = [
    "中共南江县委办公室",
    "南江县人民政府办公室",
    "南江县发展和改革局",
    "南江县教育科技局",
    "南江县经济和信息化局",
    "南江县公安局",
    "南江县民政局",
    "南江县司法局",
    "南江县财政局",
    "南江县人力资源和社会保障局",
    "南江县自然资源和规划局",
    "南江县住房和城乡建设局",
    "南江县交通运输局",
    "南江县水利局",
    "南江县农业农村局",
    "南江县商务局",
    "南江县文化广播电视和旅游局",
    "南江县卫生健康局",
    "南江县退役军人事务局",
    "南江县应急管理局",
    "南江县审计局",
    "南江县市场监督管理局",
    "南江县统计局",
    "南江县医疗保障局",
    "南江县林业局",
    "南江县乡村振兴局",
    "南江县信访局",
    "南江县人民法院",
    "南江县人民检察院",
    "巴中市南江生态环境局",
]
COUNTY_INSTITUTIONS = [
    ("南江县图书馆", "R"),
    ("南江县文化馆", "R"),
    ("南江县融媒体中心", "R"),
    ("南江县职业中学", "P"),
    ("南江县就业服务中心", "S"),
    ("南江县社会保险事务中心", "S"),
    ("南江县机关事务服务中心", "S"),
]

# (trade word, GB/T 4754 section) for generated companies.
TRADES = [
    ("米业", "C"),
    ("建材", "C"),
    ("茶业", "C"),
    ("食品", "C"),
    ("酒业", "C"),
    ("木业", "C"),
    ("服装", "C"),
    ("药业", "C"),
    ("农业开发", "A"),
    ("生态农业", "A"),
    ("养殖", "A"),
    ("林业", "A"),
    ("矿业", "B"),
    ("石材", "B"),
    ("水电", "D"),
    ("燃气", "D"),
    ("建筑工程", "E"),
    ("路桥工程", "E"),
    ("装饰工程", "E"),
    ("商贸", "F"),
    ("农资", "F"),
    ("医药连锁", "F"),
    ("物流", "G"),
    ("运输", "G"),
    ("客运", "G"),
    ("酒店管理", "H"),
    ("餐饮管理", "H"),
    ("网络科技", "I"),
    ("信息技术", "I"),
    ("小额贷款", "J"),
    ("房地产开发", "K"),
    ("物业管理", "K"),
    ("劳务", "L"),
    ("人力资源", "L"),
    ("检测", "M"),
    ("环保科技", "N"),
    ("家政服务", "O"),
    ("汽车维修", "O"),
    ("文化传媒", "R"),
    ("旅游开发", "R"),
]
BRANDS = [
    "光雾山",
    "米仓",
    "红叶",
    "金银",
    "玉湖",
    "巴山",
    "神门",
    "大坝",
    "汉王",
    "南慧",
    "兴旺",
    "鑫源",
    "华盛",
    "恒通",
    "蜀南",
    "秦巴",
    "云顶",
    "青峰",
    "锦程",
    "宏达",
    "瑞丰",
    "永鑫",
    "天府",
    "嘉禾",
    "众诚",
    "聚福",
    "鼎盛",
    "金穗",
    "山水",
    "绿源",
    "康达",
    "盛世",
    "同心",
    "亿家",
    "新城",
    "福源",
    "明珠",
    "顺达",
    "长青",
    "汇丰",
    "星火",
    "翠云",
    "龙腾",
    "祥和",
    "东方",
    "诚信",
    "佳美",
    "润泽",
    "凯旋",
    "百川",
]
FORMS = ["有限公司", "有限责任公司"]
SHOPS = [
    ("餐馆", "H"),
    ("面馆", "H"),
    ("小吃店", "H"),
    ("旅馆", "H"),
    ("农家乐", "H"),
    ("超市", "F"),
    ("便利店", "F"),
    ("五金店", "F"),
    ("农资店", "F"),
    ("服装店", "F"),
    ("理发店", "O"),
    ("汽修店", "O"),
    ("家电维修部", "O"),
    ("建材经营部", "F"),
    ("茶叶店", "F"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
GIVEN = "建国华明军平勇强伟芳秀英丽敏静磊洋涛斌超波辉刚健红霞燕玲丹杰鹏飞云龙"
ROADS = ["东街", "西街", "南街", "北街", "滨河路", "光雾山大道", "红岩路", "新华路", "集州路", "朝阳路"]

# The companies the reference document names: 南江县光雾山米业有限公司 and 南慧建材.
NAMED = [("光雾山", "米业"), ("南慧", "建材")]

# Words that make a grassroots union's name into the name of its enterprise, and what kind it is.
COMPANY_UNITS = {
    "建材有限公司": ("C", T.PRIVATE),
    "农业开发有限公司": ("A", T.PRIVATE),
    "茶业有限公司": ("C", T.PRIVATE),
    "物流有限公司": ("G", T.PRIVATE),
    "米业有限公司": ("C", T.PRIVATE),
    "有限公司": ("C", T.PRIVATE),
    "供销社": ("F", T.STATE_OWNED),
    "酒店": ("H", T.PRIVATE),
}


@dataclass
class _Plan:
    """The rows to exist, built in a fixed order from a seeded generator."""

    rng: random.Random
    rows: list[dict[str, Any]] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def uscc(self, authority_type: str) -> str:
        """A valid, unused credit code: authority and type, the county's region code, an organisation code."""
        while True:
            body = "".join(self.rng.choice("0123456789") for _ in range(8))
            first17 = f"{authority_type}{REGION_CODE}{body}{_organisation_check(body)}"
            code = first17 + codes.check_character(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2)))
        )

    def phone(self, landline: bool) -> str:
        if landline:
            return f"0827-8{self.rng.randint(100000, 999999)}"
        return f"1{self.rng.choice('3589')}{self.rng.randint(0, 9)}{self.rng.randint(10000000, 99999999)}"

    def add(
        self, *, name: str, org: Organisation, type: str, industry: str, place: Any, **extra: Any
    ) -> bool:
        """Plan one enterprise; a name already planned is skipped (False)."""
        if name in self.names:
            return False
        self.names.add(name)
        rng = self.rng
        sizes = {
            T.ORGAN: (20, 200),
            T.PUBLIC_INSTITUTION: (30, 600),
            T.STATE_OWNED: (50, 800),
            T.PRIVATE: (8, 300),
            T.FOREIGN_INVESTED: (30, 400),
            T.INDIVIDUAL: (1, 8),
        }
        low, high = sizes[type]
        authority = {T.ORGAN: "11", T.PUBLIC_INSTITUTION: "12", T.INDIVIDUAL: "92"}.get(type, "91")
        has_code = type != T.INDIVIDUAL or rng.random() < 0.7  # some individual businesses have none
        town = place.name if place else COUNTY
        row = {
            "name": name,
            "org": org,
            "type": type,
            "industry": industry,
            "township": place,
            "uscc": self.uscc(authority) if has_code else "",
            "employee_count": rng.randint(low, high)
            if type != T.PRIVATE
            else min(2000, int(rng.paretovariate(1.4) * low)),
            "address": f"{COUNTY}{town}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
            "legal_representative": self.person(),
            "contact_person": self.person(),
            "contact_phone": self.phone(type in (T.ORGAN, T.PUBLIC_INSTITUTION)),
            "union": None,
            "is_caring": False,
        }
        row.update(extra)
        self.rows.append(row)
        return True


def _organisation_check(body: str) -> str:
    """The check character of an organisation code (GB 11714) for its first eight characters."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch, 36) * w for ch, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _places(context: dict[str, Any]) -> tuple[Organisation, list[Organisation], list[Organisation]]:
    federation = Organisation.objects.get(pk=context["federation"].pk)
    below = Organisation.objects.filter(path__startswith=federation.path, depth=federation.depth + 1)
    townships = list(below.filter(kind__in=["township", "street"]).select_related("region").order_by("path"))
    industries = list(below.filter(kind="industry").order_by("path"))
    return federation, townships, industries


def _grassroots(top: Organisation) -> list[Organisation]:
    return list(Organisation.objects.filter(path__startswith=top.path, kind="grassroots").order_by("path"))


def _plan(context: dict[str, Any]) -> _Plan:
    plan = _Plan(random.Random(SEED))
    federation, townships, industries = _places(context)
    seat = townships[0].region if townships else None  # county organs sit in the county seat

    for name in COUNTY_ORGANS:
        plan.add(name=name, org=federation, type=T.ORGAN, industry="S", place=seat)
    for name, industry in COUNTY_INSTITUTIONS:
        plan.add(name=name, org=federation, type=T.PUBLIC_INSTITUTION, industry=industry, place=seat)
    for industry_union in industries:
        section = "P" if "教育" in industry_union.name else "Q"
        for union in _grassroots(industry_union):
            unit = union.name.removesuffix("工会")
            name = COUNTY + unit.removeprefix("县") if unit.startswith("县") else unit
            plan.add(
                name=name,
                org=industry_union,
                type=T.PUBLIC_INSTITUTION,
                industry=section,
                place=seat,
                union=union,
            )

    claimed = _named(plan, context, townships)
    township_unions: dict[int, list[Organisation]] = {}
    for township in townships:
        place = township.name.removesuffix("工会")
        unions = _grassroots(township)
        township_unions[township.pk] = unions
        region = township.region
        is_street = township.kind == "street"

        def own(word: str, unions: list[Organisation] = unions) -> Organisation | None:
            return next((u for u in unions if word in u.name), None)

        plan.add(
            name=f"{COUNTY}{place}{'办事处' if is_street else '人民政府'}",
            org=township,
            type=T.ORGAN,
            industry="S",
            place=region,
        )
        plan.add(
            name=f"{COUNTY}{place}{'社区卫生服务中心' if is_street else '卫生院'}",
            org=township,
            type=T.PUBLIC_INSTITUTION,
            industry="Q",
            place=region,
            union=own("卫生院"),
        )
        plan.add(
            name=f"{COUNTY}{place}中心小学",
            org=township,
            type=T.PUBLIC_INSTITUTION,
            industry="P",
            place=region,
            union=own("中心小学"),
        )
        # The companies whose grassroots unions the orgs demo created: each union's own enterprise.
        for union in unions:
            unit = union.name.removesuffix("工会")
            kind = next((k for k in COMPANY_UNITS if unit.endswith(k)), None)
            if kind and union.pk not in claimed:
                industry, type_ = COMPANY_UNITS[kind]
                plan.add(name=unit, org=township, type=type_, industry=industry, place=region, union=union)

    _generate(plan, townships, township_unions)
    _choose_caring(plan, townships)
    return plan


def _named(plan: _Plan, context: dict[str, Any], townships: list[Organisation]) -> set[int]:
    """The reference document's two companies, in township 1: the union of their brand, or the joint union."""
    first = next((t for t in townships if t.pk == context["township1"].pk), townships[0])
    unions = _grassroots(first)
    joint = next((u for u in unions if u.name.endswith(("村工会", "社区工会"))), None)
    claimed = set()
    for brand, trade in NAMED:
        union = next((u for u in unions if brand in u.name), joint)
        if union is not None and union is not joint:
            claimed.add(union.pk)
        plan.add(
            name=f"{COUNTY}{brand}{trade}有限公司",
            org=first,
            type=T.PRIVATE,
            industry="C",
            place=first.region,
            union=union,
            is_caring=True,
            employee_count=plan.rng.randint(80, 160),
        )
    return claimed


def _generate(plan: _Plan, townships: list[Organisation], unions: dict[int, list[Organisation]]) -> None:
    """Fill up to TOTAL with companies and individual businesses, round the townships."""
    rng = plan.rng
    with_union = sum(1 for r in plan.rows if r["union"] is not None)
    to_make = TOTAL - len(plan.rows)
    share = max(0.0, (UNION_SHARE * TOTAL - with_union) / max(to_make, 1))
    n = 0
    while len(plan.rows) < TOTAL:
        township = townships[n % len(townships)]
        n += 1
        place = township.name.removesuffix("工会")
        roll = rng.random()
        if roll < 0.25:
            shop, industry = rng.choice(SHOPS)
            name = f"{COUNTY}{place}{rng.choice(SURNAMES)}记{shop}"
            type_ = T.INDIVIDUAL
        else:
            trade, industry = rng.choice(TRADES)
            type_ = T.STATE_OWNED if roll < 0.30 else T.FOREIGN_INVESTED if roll < 0.32 else T.PRIVATE
            prefix = COUNTY if type_ != T.FOREIGN_INVESTED else "南江"
            name = f"{prefix}{rng.choice(BRANDS)}{trade}{rng.choice(FORMS)}"
        local = unions[township.pk]
        union = None
        if local and rng.random() < share:
            # Small businesses join the village or community union (联合工会) where there is one.
            joint = [u for u in local if u.name.endswith(("村工会", "社区工会"))]
            union = rng.choice(joint if joint and type_ == T.INDIVIDUAL else local)
        plan.add(name=name, org=township, type=type_, industry=industry, place=township.region, union=union)


def _choose_caring(plan: _Plan, townships: list[Organisation]) -> None:
    """Exactly CARING caring enterprises: the two named ones, then one company with a union per township."""
    chosen = sum(1 for r in plan.rows if r["is_caring"])
    for township in townships:
        if chosen >= CARING:
            break
        row = next(
            (
                r
                for r in plan.rows
                if r["org"].pk == township.pk
                and r["type"] in (T.PRIVATE, T.STATE_OWNED)
                and r["union"] is not None
                and not r["is_caring"]
                and r["employee_count"] >= 20
            ),
            None,
        )
        if row:
            row["is_caring"] = True
            chosen += 1


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Create the enterprises the plan has and the database lacks; running it twice changes nothing."""
    plan = _plan(context)
    have_codes = set(Enterprise.objects.exclude(uscc="").values_list("uscc", flat=True))
    have_names = set(Enterprise.objects.filter(uscc="").values_list("org_id", "name"))
    new = []
    for row in plan.rows:
        if row["uscc"] in have_codes or (not row["uscc"] and (row["org"].pk, row["name"]) in have_names):
            continue
        full, initials = name_pinyin(row["name"])
        new.append(Enterprise(**row, name_pinyin=full, name_initials=initials))
    Enterprise.objects.bulk_create(new, batch_size=500)
    context["enterprise1"] = Enterprise.objects.filter(name="南江县光雾山米业有限公司").first()
    return context
