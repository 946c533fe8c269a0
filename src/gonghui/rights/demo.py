"""The demo county's rights platform in 2015, reproducing the reference work report.

"接待来访职工群众280余人次，调处维权案件17件，为资阳籍农民工李阳等15人成功追讨工资49万元，为南江籍
农民工黄凯争取工伤赔偿金18万元，累计为农民争取工资及工伤赔偿金432万元 … 为128名职工缓解思想压力 …
开展法律宣讲2次，发放宣传资料3000余份", with the 12 township rights points and the 西安 and 青岛
stations on the duty roster. The 4.32 million are the federation's baseline before 2015 plus the 2015
cases. Claimants are linked by name (the people registry is not needed). Deterministic (fixed seed)
and idempotent: each part is skipped when its rows are there already.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.rights.choices import Channel, Outcome, Topic
from gonghui.rights.models import (
    Consultation,
    CounsellingNote,
    CounsellingSession,
    CumulativeBaseline,
    DutyShift,
    LegalOutreach,
    RightsCase,
)
from gonghui.rights.services import cases as case_services

YEAR = 2015
SEED = 2015_0628
TOTAL_CONSULTATIONS = 280
CUMULATIVE = Decimal("4320000.00")
BASELINE_AWARDED = Decimal("761500.00")

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = [
    "建国",
    "秀英",
    "志强",
    "桂兰",
    "德明",
    "小红",
    "国华",
    "丽",
    "海",
    "军",
    "明",
    "芳",
    "勇",
    "静",
    "磊",
    "超",
]

# The collective case: 李阳 and 14 other migrant workers from 资阳, 490,000 yuan recovered in all.
COLLECTIVE = [
    ("李阳", 36000),
    ("刘小兵", 34000),
    ("张建军", 33500),
    ("陈志华", 33000),
    ("王德才", 32500),
    ("杨光明", 32500),
    ("赵永福", 32000),
    ("周大海", 32000),
    ("吴春来", 32000),
    ("徐国平", 32000),
    ("孙有财", 32000),
    ("胡长青", 31500),
    ("朱红军", 31500),
    ("高明远", 31000),
    ("林忠诚", 34000),
]

# Paths through the stages after intake.
MEDIATED, ARBITRATED = ["accepted", "mediation"], ["accepted", "arbitration"]
# (type, title, respondent, city, point, path, outcome, [(name, home, claimed, recovered, awarded)], month)
# point: index of the township rights point (0 = 南江镇 … 11 = 桥亭镇), or "西安" / "青岛".
# fmt: off
OTHER_CASES: list[tuple[Any, ...]] = [
    ("wage_arrears", "餐馆拖欠服务员工资", "南江县红叶酒店", "", 1, MEDIATED, "resolved",
     [("赵小梅", "南江县长赤镇", 9000, 9000, 0)], 1),
    ("labour_contract", "未签书面劳动合同二倍工资", "南江县巴山物流有限公司", "", 2, MEDIATED,
     "partly_resolved", [("钱国富", "南江县正直镇", 24000, 12000, 0)], 2),
    ("dismissal", "违法解除劳动合同赔偿金", "南江县米仓建材有限公司", "", 3, ARBITRATED,
     "resolved", [("孙建华", "南江县大河镇", 36000, 30000, 0)], 4),
    ("social_insurance", "未依法缴纳社会保险费", "南江县光雾山旅游开发有限公司", "", 4, MEDIATED,
     "resolved", [("周永强", "南江县光雾山镇", 15000, 15000, 0)], 5),
    ("wage_arrears", "建筑工地拖欠农民工工资", "青岛某建设工程有限公司", "青岛市", "青岛", MEDIATED,
     "resolved", [("吴德明", "南江县东榆镇", 23000, 23000, 0),
                  ("郑光辉", "南江县东榆镇", 18500, 18500, 0)], 5),
    ("work_injury", "工伤医疗费用争议", "南江县金银矿业有限公司", "", 6, MEDIATED, "resolved",
     [("冯大勇", "南江县下两镇", 40000, 0, 35000)], 6),
    ("wage_arrears", "茶厂季节工工资", "南江县玉湖茶业有限公司", "", 7, MEDIATED, "resolved",
     [("陈秀英", "南江县赤溪镇", 6000, 6000, 0)], 7),
    ("occupational_disease", "尘肺病职业病待遇", "南江县神门石材有限公司", "", 8,
     [*ARBITRATED, "litigation"], "partly_resolved",
     [("褚明亮", "南江县沙河镇", 120000, 0, 68000)], 1),
    ("labour_contract", "试用期工资争议", "南江县大坝农业开发有限公司", "", 9, [], "withdrawn",
     [("卫小军", "南江县八庙镇", 3000, 0, 0)], 8),
    ("dismissal", "怀孕女职工被辞退", "南江县汉王酒店", "", 10, MEDIATED, "resolved",
     [("蒋丽", "南江县公山镇", 20000, 20000, 0)], 8),
    ("wage_arrears", "物流公司拖欠司机工资", "南江县南慧物流有限公司", "", 11,
     [*MEDIATED, "arbitration"], "resolved", [("沈国庆", "南江县桥亭镇", 14800, 14800, 0)], 9),
    ("social_insurance", "工伤保险未参保待遇", "南江县红光米业有限公司", "", 0, [], "transferred",
     [("韩春生", "南江县南江镇", 0, 0, 0)], 10),
    ("other", "劳务派遣同工不同酬", "南江县巴山劳务派遣有限公司", "", 1, MEDIATED, "not_resolved",
     [("杨海", "南江县长赤镇", 8000, 0, 0)], 10),
    ("wage_arrears", "西安餐饮企业拖欠工资", "西安某餐饮管理有限公司", "西安市", "西安", MEDIATED,
     "resolved", [("朱文斌", "南江县关坝镇", 11200, 11200, 0)], 11),
    ("work_injury", "停工留薪期工资", "南江县正直建筑有限公司", "", 2, ARBITRATED, "resolved",
     [("秦志刚", "南江县正直镇", 26000, 0, 26000)], 11),
]
# fmt: on

DECLINE_REASONS = [
    ("不属于劳动争议（民间借贷纠纷）", "court", "当面告知可向人民法院起诉，并说明立案地址"),
    ("已超过仲裁时效且无中断事由", "legal_aid", "当面告知可向县法律援助中心咨询诉讼途径"),
    ("用人单位在外省且已进入诉讼程序", "", ""),
    ("属于劳动保障监察事项", "labour_inspectorate", "电话告知县劳动保障监察大队投诉电话"),
]
REFERRALS = [
    ("labour_inspectorate", "当面告知县劳动保障监察大队地址和投诉电话"),
    ("arbitration", "当面告知仲裁申请材料和县劳动人事争议仲裁委员会地址"),
    ("legal_aid", "电话告知县法律援助中心地址，并协助预约"),
    ("court", "书面告知起诉所需材料"),
]
TOPIC_WEIGHTS = [
    (Topic.WAGES, 40),
    (Topic.INJURY, 15),
    (Topic.CONTRACT, 14),
    (Topic.SOCIAL_INSURANCE, 12),
    (Topic.DISMISSAL, 10),
    (Topic.OCCUPATIONAL_DISEASE, 3),
    (Topic.OTHER, 6),
]
SUMMARIES = {
    Topic.WAGES: "反映用人单位拖欠工资，咨询追讨途径",
    Topic.INJURY: "工作中受伤，咨询工伤认定和赔偿",
    Topic.CONTRACT: "未签订书面劳动合同，咨询权利",
    Topic.SOCIAL_INSURANCE: "单位未缴纳社会保险，咨询补缴",
    Topic.DISMISSAL: "被单位辞退，咨询经济补偿",
    Topic.OCCUPATIONAL_DISEASE: "疑似职业病，咨询诊断和待遇",
    Topic.OTHER: "咨询劳动法律相关问题",
}
ANSWER = "解答相关法律规定，告知维权途径和所需材料"
COUNSELLING_TOPICS = [
    "工作压力",
    "欠薪焦虑",
    "家庭关系",
    "工伤后情绪",
    "留守子女教育",
    "人际关系",
    "失业焦虑",
]


def _tz(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(value, timezone.get_default_timezone())


def _duty_days(weekday: int) -> list[datetime.date]:
    """Every ``weekday`` (0 = Monday) of the demo year."""
    day = datetime.date(YEAR, 1, 1)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    days = []
    while day.year == YEAR:
        days.append(day)
        day += datetime.timedelta(days=7)
    return days


def _nth_duty_day(weekday: int, month: int, nth: int = 1) -> datetime.date:
    return [d for d in _duty_days(weekday) if d.month == month][nth]


class _Demo:
    def __init__(self, context: dict[str, Any]) -> None:
        self.rng = random.Random(SEED)
        self.federation: Organisation = context["federation"]
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["admin", "lawyer", "counsellor", "township1", "township2"]
            )
        }
        self.admin, self.lawyer = users["admin"], users["lawyer"]
        self.counsellor = users["counsellor"]
        self.township1, self.township2 = users["township1"], users["township2"]
        under = ServicePoint.objects.filter(org__path__startswith=self.federation.path).select_related("org")
        self.points = list(under.filter(kind=ServicePoint.Kind.RIGHTS_POINT).order_by("org__path"))
        self.stations = {
            p.city.removesuffix("市"): p for p in under.filter(kind=ServicePoint.Kind.MIGRANT_STATION)
        }
        self.centre = under.filter(kind=ServicePoint.Kind.CENTRE).first()

    # --- where and when -------------------------------------------------------------------------

    def weekday(self, point: ServicePoint) -> int:
        """Each township point has one duty day a week; the out-of-town stations open on Saturdays."""
        if point.kind == ServicePoint.Kind.MIGRANT_STATION:
            return 5
        return self.points.index(point) % 5

    def point(self, key: int | str) -> ServicePoint:
        return self.stations[key] if isinstance(key, str) else self.points[key]

    def answerer(self, point: ServicePoint | None, channel: str) -> User | None:
        if channel == Channel.HOTLINE:
            return self.lawyer
        if channel in (Channel.WALK_IN, Channel.PORTAL):
            return self.admin
        if point is not None and self.points and point == self.points[0]:
            return self.lawyer
        if point is not None and len(self.points) > 1 and point == self.points[1]:
            return self.township2
        return None

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    # --- the duty roster ------------------------------------------------------------------------

    def shifts(self) -> None:
        if DutyShift.objects.filter(org__path__startswith=self.federation.path, date__year=YEAR).exists():
            return
        rows = []
        for index, point in enumerate(self.points):
            weekday = self.weekday(point)
            township = point.name.removesuffix("职工维权工作点")
            for day in _duty_days(weekday):
                if index == 0:
                    who = {"user": self.lawyer, "kind": "legal_adviser"}
                elif index % 2:
                    who = {"name": f"{township}司法所法律援助工作者", "kind": "legal_aid"}
                else:
                    who = {"name": f"{township}律师志愿者", "kind": "volunteer"}
                rows.append(
                    DutyShift(
                        org=point.org,
                        service_point=point,
                        date=day,
                        start_time=datetime.time(9, 0),
                        end_time=datetime.time(17, 0),
                        **who,
                    )
                )
        for city, station in sorted(self.stations.items()):
            for day in _duty_days(5):
                rows.append(
                    DutyShift(
                        org=station.org,
                        service_point=station,
                        date=day,
                        start_time=datetime.time(9, 0),
                        end_time=datetime.time(18, 0),
                        name=f"{city}南江商会维权志愿者",
                        kind="volunteer",
                    )
                )
        DutyShift.objects.bulk_create(rows, batch_size=500)

    # --- consultations --------------------------------------------------------------------------

    def consultation(
        self,
        channel: str,
        point: ServicePoint | None,
        when: datetime.datetime,
        topic: str,
        *,
        outcome: str = Outcome.ANSWERED,
        visitor: str | None = None,
    ) -> Consultation:
        anonymous = channel == Channel.HOTLINE and self.rng.random() < 0.2
        name = "" if anonymous else (visitor or self.name())
        phone = "" if anonymous or self.rng.random() < 0.5 else f"13{self.rng.randint(100000000, 999999999)}"
        org = point.org if point is not None else self.federation
        return Consultation(
            org=org,
            channel=channel,
            service_point=point,
            visitor_name=name,
            visitor_phone=phone,
            topic=topic,
            summary=SUMMARIES[topic],
            answer=ANSWER,
            received_at=when,
            answered_by=self.answerer(point, channel),
            outcome=outcome,
            created_by=self.admin,
        )

    def topic(self) -> str:
        topics, weights = zip(*TOPIC_WEIGHTS, strict=True)
        return self.rng.choices(topics, weights=weights)[0]

    def general_consultations(self, count: int) -> None:
        """The consultations that did not become cases, spread over the year and the channels."""
        plan = (
            [Channel.RIGHTS_POINT] * 140
            + [Channel.MIGRANT_STATION] * 36
            + [Channel.HOTLINE] * 50
            + [Channel.WALK_IN] * 25
            + [Channel.PORTAL] * 10
        )[:count]
        rows = []
        for i, channel in enumerate(plan):
            if channel == Channel.RIGHTS_POINT:
                point = self.points[i % len(self.points)]
            elif channel == Channel.MIGRANT_STATION:
                point = self.stations["西安"] if i % 8 < 5 else self.stations["青岛"]
            elif channel == Channel.PORTAL:
                point = None
            else:
                point = self.centre
            if point is not None and point.kind in (
                ServicePoint.Kind.RIGHTS_POINT,
                ServicePoint.Kind.MIGRANT_STATION,
            ):
                days = _duty_days(self.weekday(point))
                day = days[(i * 7) % len(days)]
            else:
                day = datetime.date(YEAR, 1, 5) + datetime.timedelta(days=(i * 11) % 355)
                while day.weekday() > 4:
                    day += datetime.timedelta(days=1)
            when = _tz(datetime.datetime.combine(day, datetime.time(9 + i % 7, (i * 13) % 60)))
            rows.append(self.consultation(channel, point, when, self.topic()))
        for index, row in enumerate(rows):
            if index % 13 == 5:
                referral, note = REFERRALS[index % len(REFERRALS)]
                row.outcome, row.referral, row.referral_note = Outcome.REFERRED, referral, note
            elif index % 31 == 7:
                reason, referral, note = DECLINE_REASONS[index % len(DECLINE_REASONS)]
                row.outcome, row.decline_reason = Outcome.DECLINED, reason
                row.referral, row.referral_note = referral, note
        Consultation.objects.bulk_create(rows, batch_size=500)

    # --- cases ----------------------------------------------------------------------------------

    def case(
        self,
        *,
        type: str,
        title: str,
        point: ServicePoint,
        opened: datetime.date,
        path: list[str],
        outcome: str | None,
        claimants: list[dict[str, Any]],
        respondent_name: str,
        respondent_city: str = "",
        knew_on: datetime.date | None = None,
        legal_aid: bool = False,
        summary: str = "",
    ) -> RightsCase:
        """A case opened from a consultation at ``point`` on ``opened``, walked through ``path``
        (a stage every ten days or so) and closed with ``outcome`` unless it is None."""
        topic = {
            "wage_arrears": "wages",
            "work_injury": "injury",
            "labour_contract": "contract",
            "social_insurance": "social_insurance",
            "dismissal": "dismissal",
            "occupational_disease": "occupational_disease",
        }.get(type, "other")
        channel = (
            Channel.MIGRANT_STATION
            if point.kind == ServicePoint.Kind.MIGRANT_STATION
            else Channel.RIGHTS_POINT
        )
        at = _tz(datetime.datetime.combine(opened, datetime.time(10, 30)))
        visit = self.consultation(
            channel,
            point,
            at - datetime.timedelta(minutes=40),
            topic,
            outcome=Outcome.CASE,
            visitor=claimants[0]["name"],
        )
        visit.summary = summary or title
        visit.save()
        enterprise = Enterprise.objects.filter(name=respondent_name).first()
        case = case_services.case_create(
            by=self.admin,
            type=type,
            title=title,
            service_point=point,
            consultation=visit,
            respondent=enterprise,
            respondent_name="" if enterprise else respondent_name,
            respondent_city=respondent_city,
            adviser=self.lawyer,
            knew_on=knew_on or opened - datetime.timedelta(days=20),
            opened_at=at,
            summary=summary or title,
            legal_aid_referred=legal_aid,
            legal_aid_note="已转介县法律援助中心指派律师代理" if legal_aid else "",
            claimants=claimants,
        )
        gaps = {"accepted": 2, "mediation": 6, "arbitration": 12, "litigation": 30}
        for stage in path:
            at += datetime.timedelta(days=gaps[stage])
            case = case_services.case_transition(
                case=case,
                by=self.admin,
                to=stage,
                at=at,
                actions=ACTIONS[stage],
                result=RESULTS.get(stage, ""),
            )
        if outcome:
            at += datetime.timedelta(days=10)
            case = case_services.case_transition(
                case=case, by=self.admin, to="closed", at=at, outcome=outcome, result=CLOSING[outcome]
            )
        return case

    def cases(self) -> int:
        """The 17 cases closed in 2015 and two still open at the year's end; returns how many were made."""
        made = 0
        collective = [
            {"name": name, "origin": "资阳市", "is_migrant_worker": True, "claimed_amount": str(claimed)}
            for name, claimed in COLLECTIVE
        ]
        made += 1
        case = self.case(
            type="wage_arrears",
            title="资阳籍农民工李阳等15人追讨工资",
            point=self.points[0],
            opened=_nth_duty_day(self.weekday(self.points[0]), 3, 0),
            path=["accepted", "mediation"],
            outcome=None,
            claimants=collective,
            respondent_name="南江县南慧建材有限公司",
            summary="李阳等15名资阳籍农民工在南江县南慧建材有限公司务工，工程完工后被拖欠工资。",
        )
        shares = [Decimal(c) for _name, c in COLLECTIVE]
        scale = Decimal("490000") / sum(shares)
        amounts = [(s * scale).quantize(Decimal("1")) for s in shares]
        amounts[0] += Decimal("490000") - sum(amounts)
        claimants = list(case.claimants.order_by("pk"))
        at = case.stages.get(left_at__isnull=True).entered_at + datetime.timedelta(days=21)
        case_services.case_transition(
            case=case,
            by=self.admin,
            to="closed",
            at=at,
            outcome="resolved",
            result="调解达成协议，工资全部追回",
            amounts={c.pk: {"recovered_amount": str(a)} for c, a in zip(claimants, amounts, strict=True)},
        )
        made += 1
        self.case(
            type="work_injury",
            title="南江籍农民工黄凯工伤赔偿",
            point=self.stations["西安"],
            opened=_nth_duty_day(5, 4, 1),
            path=["accepted", "arbitration"],
            outcome="resolved",
            claimants=[
                {
                    "name": "黄凯",
                    "origin": "南江县",
                    "is_migrant_worker": True,
                    "claimed_amount": "220000",
                    "awarded_amount": "180000",
                }
            ],
            respondent_name="西安某建筑劳务有限公司",
            respondent_city="西安市",
            legal_aid=True,
            summary="黄凯在西安建筑工地高处坠落致伤，经工伤认定为七级伤残，用人单位拒绝赔偿。",
        )
        for kind, title, respondent, city, key, path, outcome, rows, month in OTHER_CASES:
            point = self.point(key)
            claimants = [
                {
                    "name": n,
                    "origin": home,
                    "is_migrant_worker": True,
                    "claimed_amount": str(c),
                    "recovered_amount": str(r),
                    "awarded_amount": str(a),
                }
                for n, home, c, r, a in rows
            ]
            made += 1
            self.case(
                type=kind,
                title=title,
                point=point,
                opened=_nth_duty_day(self.weekday(point), month, 0),
                path=path,
                outcome=outcome,
                claimants=claimants,
                respondent_name=respondent,
                respondent_city=city,
            )
        # Two cases still open at the year's end: one never accepted, one past its limitation date.
        made += 2
        self.case(
            type="wage_arrears",
            title="年底农民工欠薪",
            point=self.points[0],
            opened=datetime.date(YEAR, 12, 28),
            path=[],
            outcome=None,
            claimants=[
                {"name": "何平", "origin": "南江县", "is_migrant_worker": True, "claimed_amount": "16000"}
            ],
            respondent_name="南江县红岩建筑劳务有限公司",
            knew_on=datetime.date(YEAR, 12, 20),
        )
        self.case(
            type="dismissal",
            title="被迫解除劳动合同经济补偿",
            point=self.points[1],
            opened=datetime.date(YEAR, 11, 10),
            path=["accepted", "mediation"],
            outcome=None,
            claimants=[{"name": "吕强", "origin": "南江县", "claimed_amount": "18000"}],
            respondent_name="南江县长赤供销社",
            knew_on=datetime.date(YEAR - 1, 12, 15),
        )
        return made

    def baseline(self) -> None:
        """The federation's 2008–2014 total, so that the cumulative figure reads 4.32 million."""
        if CumulativeBaseline.objects.filter(org=self.federation).exists():
            return
        recovered = awarded = Decimal("0")
        closed = RightsCase.objects.filter(org__path__startswith=self.federation.path, closed_on__year=YEAR)
        for case in closed:
            totals = case_services.total_amounts(case)
            recovered += totals["recovered_amount"]
            awarded += totals["awarded_amount"]
        before = CUMULATIVE - recovered - awarded
        CumulativeBaseline.objects.create(
            org=self.federation,
            since=datetime.date(2008, 1, 1),
            as_of=datetime.date(YEAR - 1, 12, 31),
            recovered_amount=before - BASELINE_AWARDED,
            awarded_amount=BASELINE_AWARDED,
            note="县总工会维权台账（2008—2014年）",
        )

    # --- counselling and outreach ---------------------------------------------------------------

    def counselling(self) -> None:
        if CounsellingSession.objects.filter(
            org__path__startswith=self.federation.path, held_on__year=YEAR
        ).exists():
            return
        org = self.centre.org if self.centre else self.federation
        formats = ["face_to_face"] * 20 + ["phone"] * 10 + ["online"] * 5
        firsts = []
        for i, fmt in enumerate(formats):
            day = datetime.date(YEAR, 1 + i % 12, 3 + (i * 5) % 24)
            firsts.append(
                CounsellingSession.objects.create(
                    org=org,
                    kind="individual",
                    counsellor=self.counsellor,
                    held_on=day,
                    format=fmt,
                    topics=COUNSELLING_TOPICS[i % len(COUNSELLING_TOPICS)],
                    participant_count=1,
                    service_point=self.centre,
                    follow_up_needed=i % 7 == 0,
                    follow_up_on=day + datetime.timedelta(days=14) if i % 7 == 0 else None,
                    created_by=self.counsellor,
                )
            )
        for size, month, topic in [
            (30, 3, "农民工心理减压团体辅导"),
            (25, 6, "环卫工人情绪疏导"),
            (20, 9, "困难职工家庭关系团辅"),
            (18, 11, "下岗职工再就业心理调适"),
        ]:
            CounsellingSession.objects.create(
                org=org,
                kind="group",
                counsellor=self.counsellor,
                held_on=datetime.date(YEAR, month, 18),
                format="group_session",
                topics=topic,
                participant_count=size,
                service_point=self.centre,
                created_by=self.counsellor,
            )
        for first in [s for s in firsts if s.follow_up_needed][:5]:
            CounsellingSession.objects.create(
                org=org,
                kind="individual",
                counsellor=self.counsellor,
                held_on=first.follow_up_on,
                format=first.format,
                topics=first.topics,
                participant_count=1,
                service_point=self.centre,
                follow_up_of=first,
                created_by=self.counsellor,
            )
        for first in firsts[:8]:
            CounsellingNote.objects.create(
                session=first,
                author=self.counsellor,
                text=f"来访职工因{first.topics}前来咨询，情绪紧张。进行倾听与认知调整，约定两周后回访。",
            )

    def outreach(self) -> None:
        if LegalOutreach.objects.filter(
            org__path__startswith=self.federation.path, held_on__year=YEAR
        ).exists():
            return
        enterprise = Enterprise.objects.filter(name="南江县光雾山米业有限公司").first()
        township1 = Organisation.objects.filter(
            pk=getattr(self.township1.roles.first(), "org_id", None)
        ).first()
        LegalOutreach.objects.create(
            org=township1 or self.federation,
            kind="enterprise_visit",
            held_on=datetime.date(YEAR, 3, 15),
            enterprise=enterprise,
            place="" if enterprise else "南江县光雾山米业有限公司",
            title="“法律进企业”劳动合同法宣讲",
            speakers="县总工会法律顾问",
            attendees=260,
            materials=1800,
            organiser=self.township1,
        )
        LegalOutreach.objects.create(
            org=self.federation,
            kind="lecture",
            held_on=datetime.date(YEAR, 11, 9),
            place="南江县职工服务中心",
            title="农民工欠薪维权法律知识讲座",
            speakers="县总工会法律顾问、县法律援助中心律师",
            attendees=180,
            materials=1200,
            organiser=self.admin,
        )


ACTIONS = {
    "accepted": "审查材料，符合受理条件，予以受理",
    "mediation": "组织劳资双方调解",
    "arbitration": "协助职工向劳动人事争议仲裁委员会申请仲裁",
    "litigation": "协助职工向人民法院起诉",
}
RESULTS = {"mediation": "", "arbitration": "调解不成"}
CLOSING = {
    "resolved": "诉求全部实现",
    "partly_resolved": "诉求部分实现",
    "not_resolved": "未能达成一致，已告知后续救济途径",
    "withdrawn": "职工撤回申请",
    "transferred": "移交县劳动保障监察大队处理",
}


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build the 2015 rights records of the demo county (idempotent)."""
    demo = _Demo(context)
    if not demo.points or len(demo.stations) < 2:
        return context
    demo.shifts()
    if not RightsCase.objects.filter(number=f"WQ{YEAR}-0001").exists():
        made = demo.cases()
        demo.general_consultations(TOTAL_CONSULTATIONS - made)
    demo.baseline()
    demo.counselling()
    demo.outreach()
    return context
