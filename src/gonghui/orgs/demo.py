"""The demo county: a federation modelled on the reference work report of 南江县总工会.

About 20 townships and streets, two industry unions, 155 grassroots unions, the three-level service
network (centre, township stations, village points), 12 township rights points and the out-of-town
migrant-worker legal service stations in 西安 and 青岛. Deterministic and idempotent: every row is
found by its code before it is created.
"""

from __future__ import annotations

from typing import Any

from gonghui.orgs.models import Organisation, Region, ServicePoint

COUNTY_CODE = "511922"
COUNTY_NAME = "南江县"
FEDERATION_CODE = "NJ"

# (name, kind, region code suffix): 2 streets and 18 townships, then two industry unions.
TOWNSHIPS: list[tuple[str, str]] = [
    ("集州街道", "street"),
    ("东坝街道", "street"),
    ("南江镇", "township"),
    ("长赤镇", "township"),
    ("正直镇", "township"),
    ("大河镇", "township"),
    ("光雾山镇", "township"),
    ("东榆镇", "township"),
    ("下两镇", "township"),
    ("赤溪镇", "township"),
    ("沙河镇", "township"),
    ("八庙镇", "township"),
    ("公山镇", "township"),
    ("桥亭镇", "township"),
    ("红光镇", "township"),
    ("关坝镇", "township"),
    ("杨坝镇", "township"),
    ("坪河镇", "township"),
    ("双流镇", "township"),
    ("元潭镇", "township"),
]
INDUSTRIES = [("县教育工会", "EDU"), ("县卫生健康工会", "HEA")]

# Twelve central townships keep a rights protection point (维权工作点).
RIGHTS_POINT_TOWNSHIPS = TOWNSHIPS[2:14]

GRASSROOTS_KINDS = [
    "有限公司",
    "建材有限公司",
    "农业开发有限公司",
    "村",
    "社区",
    "卫生院",
    "中心小学",
    "供销社",
    "茶业有限公司",
    "酒店",
    "物流有限公司",
    "米业有限公司",
]
VILLAGES = ["石岭村", "长滩村", "南磷路社区", "新民村", "红岩村", "柳湾社区"]
GRASSROOTS_TOTAL = 155
INDUSTRY_GRASSROOTS = {
    "EDU": ["南江中学", "南江小学", "长赤中学", "沙河小学", "正直中学"],
    "HEA": ["县人民医院", "县中医医院", "县妇幼保健院", "县疾控中心", "长赤中心卫生院"],
}


def _region(code: str, name: str, level: str, parent: Region | None) -> Region:
    region, _created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return region


def _org(parent: Organisation | None, code: str, **fields: Any) -> Organisation:
    existing = Organisation.objects.filter(code=code).first()
    if existing:
        return existing
    if parent is None:
        return Organisation.objects.add_root(create_kwargs={"code": code, **fields})
    parent = Organisation.objects.get(pk=parent.pk)
    return Organisation.objects.add_child(parent, create_kwargs={"code": code, **fields})


def _point(org: Organisation, name: str, kind: str, **fields: Any) -> ServicePoint:
    point, _created = ServicePoint.objects.get_or_create(
        org=org, name=name, defaults={"kind": kind, **fields}
    )
    return point


def load() -> dict[str, Organisation]:
    """Build the county; returns the organisations the account demo needs by role."""
    province = _region("510000", "四川省", Region.Level.PROVINCE, None)
    city = _region("511900", "巴中市", Region.Level.CITY, province)
    county = _region(COUNTY_CODE, COUNTY_NAME, Region.Level.COUNTY, city)
    federation = _org(
        None,
        FEDERATION_CODE,
        name="南江县总工会",
        kind="federation",
        region=county,
        address="南江县集州街道东街1号",
        phone="0827-8222351",
        chair_name="县总工会主席",
    )
    _point(
        federation,
        "南江县职工服务中心",
        ServicePoint.Kind.CENTRE,
        region=county,
        city="巴中市南江县",
        address="南江县集州街道东街1号",
        phone="12351",
        hours="周一至周五 8:30-17:30",
        services="困难帮扶、法律援助、政策咨询、职工培训、心灵驿站",
    )

    townships: list[Organisation] = []
    for index, (name, kind) in enumerate(TOWNSHIPS, start=1):
        region = _region(f"{COUNTY_CODE}{index:03d}000", name, Region.Level.TOWNSHIP, county)
        org = _org(
            federation,
            f"{FEDERATION_CODE}-{index:02d}",
            name=f"{name}工会",
            kind=kind,
            region=region,
            address=f"南江县{name}人民政府内",
            phone=f"0827-82{index:02d}100",
            chair_name=f"{name}工会主席",
        )
        townships.append(org)
        _point(
            org,
            f"{name}群团组织服务站",
            ServicePoint.Kind.STATION,
            region=region,
            city="巴中市南江县",
            address=f"南江县{name}便民服务中心",
            hours="周一至周五 9:00-17:00",
            services="政策咨询、帮扶申请受理、法律咨询",
        )
        village_name = VILLAGES[index % len(VILLAGES)]
        village = _region(
            f"{COUNTY_CODE}{index:03d}001", f"{name}{village_name}", Region.Level.VILLAGE, region
        )
        _point(
            org,
            f"{name}{village_name}群团组织服务点",
            ServicePoint.Kind.POINT,
            region=village,
            city="巴中市南江县",
            hours="每周三 9:00-12:00",
            services="政策宣传、困难职工走访",
        )
        if (name, kind) in RIGHTS_POINT_TOWNSHIPS:
            _point(
                org,
                f"{name}职工维权工作点",
                ServicePoint.Kind.RIGHTS_POINT,
                region=region,
                city="巴中市南江县",
                address=f"南江县{name}司法所",
                phone="12351",
                hours="周一至周五 9:00-17:00（法律顾问坐班）",
                services="劳动争议调解、法律咨询、法律援助转介",
            )

    industries = [
        _org(federation, f"{FEDERATION_CODE}-{code}", name=name, kind="industry", region=county)
        for name, code in INDUSTRIES
    ]
    for org in industries:
        for n, unit in enumerate(INDUSTRY_GRASSROOTS[org.code.split("-")[-1]], start=1):
            _org(org, f"{org.code}-{n:03d}", name=f"{unit}工会", kind="grassroots", region=county)

    remaining = GRASSROOTS_TOTAL - sum(len(v) for v in INDUSTRY_GRASSROOTS.values())
    for n in range(remaining):
        township = townships[n % len(townships)]
        seq = n // len(townships) + 1
        place = township.name.removesuffix("工会")
        unit = GRASSROOTS_KINDS[(n * 7 + seq) % len(GRASSROOTS_KINDS)]
        label = f"{place}第{seq}{unit}" if unit in ("村", "社区") else f"{place}{_brand(seq - 1)}{unit}"
        _org(
            township,
            f"{township.code}-{seq:03d}",
            name=f"{label}工会",
            kind="grassroots",
            region=township.region,
            member_count=20 + (n * 37) % 400,
        )

    # Out-of-town migrant-worker legal service stations, run by the federation's rights department.
    _point(
        federation,
        "南江籍农民工西安法律服务站",
        ServicePoint.Kind.MIGRANT_STATION,
        city="西安市",
        address="西安市未央区凤城八路南江商会",
        phone="029-86000351",
        hours="周一至周六 9:00-18:00",
        services="欠薪维权、劳务纠纷调解、工伤咨询、法律援助转介",
    )
    _point(
        federation,
        "南江籍农民工青岛法律服务站",
        ServicePoint.Kind.MIGRANT_STATION,
        city="青岛市",
        address="青岛市黄岛区长江中路南江籍务工人员之家",
        phone="0532-86000351",
        hours="周一至周六 9:00-18:00",
        services="欠薪维权、劳务纠纷调解、工伤咨询、法律援助转介",
    )

    township1, township2 = townships[2], townships[3]  # 南江镇, 长赤镇
    grassroots1 = (
        Organisation.objects.filter(path__startswith=township1.path, kind="grassroots")
        .order_by("path")
        .first()
    )
    return {
        "federation": federation,
        "township1": township1,
        "township2": township2,
        "grassroots1": grassroots1,
    }


BRANDS = ["光雾山", "米仓", "红叶", "金银", "玉湖", "南慧", "巴山", "神门", "大坝", "汉王"]


def _brand(n: int) -> str:
    return BRANDS[n % len(BRANDS)]
