"""The demo county's collective bargaining in 2015, reproducing the reference work report's figures:

"全县工资集体协商签约率达97%，履约率达98%……厂（政）务公开率100%，满意率达95%".

Built on the enterprises demo (it must run after it): of the enterprises that must bargain on
31 December 2015, all but a few (chosen by a seeded generator) are covered by a contract in
force — a wage-special contract for each larger enterprise, a regional contract per township for
the small businesses, an industry contract per industry union; the number left uncovered is the
one that makes the rate 97.0 %. The 2015 checks find 98.0 % of the contracts checked fulfilled;
every enterprise with a union practised openness in 2015; and each township and industry union's
2015 survey has 100 answers, 95 of them satisfied.

Deterministic and idempotent: contracts are found by title and organisation, checks by contract
and year, openness records by enterprise and year, surveys by their public code; only missing
rows are created, in bulk.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from gonghui.bargaining.choices import (
    Answer,
    Channel,
    CheckResult,
    ContractKind,
    ContractStatus,
    OpennessMethod,
)
from gonghui.bargaining.models import (
    CollectiveContract,
    ContractCoverage,
    FulfilmentCheck,
    OpennessRecord,
    SatisfactionSurvey,
    SurveyResponse,
)
from gonghui.bargaining.queries import active_during, active_on, exempt_types
from gonghui.bargaining.services import openness_form
from gonghui.enterprises.choices import PUBLIC_TYPES, EnterpriseType
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Organisation

YEAR = 2015
DAY = datetime.date(YEAR, 12, 31)
SEED = 2015
SIGNING, FULFILMENT, SATISFACTION = Decimal("97.0"), Decimal("98.0"), Decimal("95.0")
SMALL = 30  # fewer employees than this: covered by the township's regional contract
ANSWERS_PER_SURVEY, SATISFIED_PER_SURVEY, ONLINE_PER_SURVEY = 100, 95, 12


def rounds_to(numerator: int, denominator: int, rate: Decimal) -> bool:
    """Whether numerator ÷ denominator is ``rate`` % to one decimal place (as Figure.rate rounds)."""
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == rate


def count_for(rate: Decimal, total: int) -> int | None:
    """The largest count out of ``total`` giving ``rate`` to one decimal place, or None if none does."""
    for n in range(total, -1, -1):
        if total and rounds_to(n, total, rate):
            return n
    return None


def _must_bargain() -> list[Enterprise]:
    rows = (
        Enterprise.objects.filter(active_on(DAY), union__isnull=False)
        .exclude(type__in=exempt_types())
        .select_related("org", "union")
    )
    return sorted(rows, key=lambda e: (e.org.path, e.name, e.uscc))


def _plan_coverage(enterprises: list[Enterprise], rng: random.Random) -> list[Enterprise]:
    """The enterprises left without a contract: as many as make the signing rate 97.0 %."""
    covered = count_for(SIGNING, len(enterprises))
    if covered is None:
        raise RuntimeError(f"No count of {len(enterprises)} enterprises gives a signing rate of {SIGNING} %.")
    candidates = [e for e in enterprises if e.type not in PUBLIC_TYPES and not e.is_caring]
    return rng.sample(candidates, len(enterprises) - covered)


def _filing(n: int) -> str:
    return f"南人社集备〔{YEAR}〕{n:03d}号"


def _contract(org: Organisation, kind: str, title: str, rng: random.Random, **fields: Any) -> dict[str, Any]:
    signed = fields.pop("signed_on")
    return {
        "org": org,
        "kind": kind,
        "title": title,
        "status": ContractStatus.SIGNED,
        "signed_on": signed,
        "filed_on": signed + datetime.timedelta(days=rng.randint(3, 12)),
        **fields,
    }


def _plans(enterprises: list[Enterprise], uncovered: set[int], rng: random.Random) -> list[tuple[dict, list]]:
    """(contract fields, covered enterprises) for every contract of the demo, in a fixed order."""
    covered = [e for e in enterprises if e.pk not in uncovered]
    by_industry: dict[int, list[Enterprise]] = {}
    by_township: dict[int, list[Enterprise]] = {}
    single: list[Enterprise] = []
    for e in covered:
        if e.org.kind == Organisation.Kind.INDUSTRY:
            by_industry.setdefault(e.org_id, []).append(e)
        elif e.type == EnterpriseType.INDIVIDUAL or e.employee_count < SMALL:
            by_township.setdefault(e.org_id, []).append(e)
        else:
            single.append(e)
    plans: list[tuple[dict, list]] = []
    for members in by_industry.values():
        org = members[0].org
        fields = _contract(
            org,
            ContractKind.INDUSTRY,
            f"{org.name.removesuffix('工会')}行业工资集体协议（2014—2016年）",
            rng,
            signed_on=datetime.date(2013, 12, 20),
            term_start=datetime.date(2014, 1, 1),
            term_end=datetime.date(2016, 12, 31),
            wage_increase=Decimal("6.00"),
            minimum_wage=Decimal("1500.00"),
        )
        plans.append((fields, members))
    for members in by_township.values():
        org = members[0].org
        fields = _contract(
            org,
            ContractKind.REGIONAL,
            f"{org.name.removesuffix('工会')}区域性工资专项集体合同（2015—2017年）",
            rng,
            signed_on=datetime.date(2014, 12, 26),
            term_start=datetime.date(2015, 1, 1),
            term_end=datetime.date(2017, 12, 31),
            wage_increase=Decimal("5.00"),
            minimum_wage=Decimal("1250.00"),
        )
        plans.append((fields, members))
    for e in single:
        comprehensive = e.is_caring and e.name.endswith("有限公司")
        if comprehensive:
            fields = _contract(
                e.union,
                ContractKind.COMPREHENSIVE,
                f"{e.name}集体合同（2014—2016年）",
                rng,
                signed_on=datetime.date(2014, 6, 18),
                term_start=datetime.date(2014, 7, 1),
                term_end=datetime.date(2016, 6, 30),
            )
        else:
            fields = _contract(
                e.union,
                ContractKind.WAGE_SPECIAL,
                f"{e.name}{YEAR}年度工资专项集体合同",
                rng,
                signed_on=datetime.date(2014, 12, rng.randint(10, 30)),
                term_start=datetime.date(YEAR, 1, 1),
                term_end=datetime.date(YEAR, 12, 31),
                wage_increase=Decimal(rng.randint(500, 1200)) / 100,
                minimum_wage=Decimal(rng.choice([1300, 1350, 1400, 1500, 1600, 1800])),
            )
        plans.append((fields, [e]))
    return plans


def _contracts(enterprises: list[Enterprise], rng: random.Random) -> list[CollectiveContract]:
    uncovered = {e.pk for e in _plan_coverage(enterprises, rng)}
    plans = _plans(enterprises, uncovered, rng)
    have = {
        (org_id, title): pk
        for pk, org_id, title in CollectiveContract.objects.values_list("pk", "org_id", "title")
    }
    new: list[tuple[CollectiveContract, list[Enterprise]]] = []
    for n, (fields, members) in enumerate(plans, start=1):
        if (fields["org"].pk, fields["title"]) in have:
            continue
        employees = sum(e.employee_count for e in members)
        contract = CollectiveContract(covered_employees=employees, filing_number=_filing(n), **fields)
        new.append((contract, members))
    CollectiveContract.objects.bulk_create([c for c, _m in new], batch_size=500)
    ContractCoverage.objects.bulk_create(
        [ContractCoverage(contract=c, enterprise=e) for c, members in new for e in members], batch_size=1000
    )
    titles = {(f["org"].pk, f["title"]) for f, _m in plans}
    contracts = CollectiveContract.objects.filter(title__in=[t for _o, t in titles]).select_related("org")
    return sorted(
        (c for c in contracts if (c.org_id, c.title) in titles), key=lambda c: (c.org.path, c.title)
    )


def _checks(contracts: list[CollectiveContract], rng: random.Random) -> None:
    """The 2015 checks: as many contracts as allow exactly 98.0 %, the rest of the results partly kept."""
    checked = len(contracts)
    fulfilled = count_for(FULFILMENT, checked)
    while fulfilled is None and checked > 0:
        checked -= 1
        fulfilled = count_for(FULFILMENT, checked)
    chosen = contracts[:checked]
    short = set(rng.sample(range(checked), checked - (fulfilled or 0)))
    done = set(FulfilmentCheck.objects.filter(year=YEAR).values_list("contract_id", flat=True))
    rows = []
    for i, contract in enumerate(chosen):
        if contract.pk in done:
            continue
        failed = i in short
        result = CheckResult.FULFILLED if not failed else CheckResult.PARTLY
        if failed and i == min(short):
            result = CheckResult.NOT_FULFILLED
        rows.append(
            FulfilmentCheck(
                org=contract.org,
                contract=contract,
                year=YEAR,
                result=result,
                checked_on=datetime.date(YEAR, 11, 1) + datetime.timedelta(days=i % 40),
                checked_by="县总工会、县人社局联合检查组",
                findings="工资增长、最低工资条款执行到位"
                if not failed
                else "部分岗位工资增长未按约定兑现，已责令整改",
            )
        )
    FulfilmentCheck.objects.bulk_create(rows, batch_size=500)


def _openness() -> None:
    """Every enterprise with a union active in 2015 practised openness: 100 %."""
    rows = Enterprise.objects.filter(active_during(YEAR), union__isnull=False).select_related("union", "org")
    done = set(OpennessRecord.objects.filter(year=YEAR).values_list("enterprise_id", flat=True))
    new = []
    for e in rows.order_by("pk"):
        if e.pk in done:
            continue
        public = e.type in PUBLIC_TYPES
        methods = (
            [OpennessMethod.BOARD, OpennessMethod.NETWORK, OpennessMethod.DOCUMENTS]
            if public
            else [OpennessMethod.BOARD, OpennessMethod.CONGRESS]
            if e.employee_count >= SMALL
            else [OpennessMethod.BOARD]
        )
        items = (
            "财务预决算、干部任用、评先评优、职称评聘、绩效工资分配"
            if public
            else "工资分配与增长、社会保险缴纳、劳动安全卫生、奖惩制度、集体合同履行情况"
        )
        new.append(
            OpennessRecord(
                org=e.union or e.org,
                enterprise=e,
                year=YEAR,
                form=openness_form(e),
                practising=True,
                items=items,
                methods=[str(m) for m in methods],
            )
        )
    OpennessRecord.objects.bulk_create(new, batch_size=500)


def _surveys(federation: Organisation) -> None:
    """One 2015 survey per township and industry union, 100 answers each, 95 satisfied: 95.0 %."""
    orgs = Organisation.objects.filter(
        path__startswith=federation.path,
        depth=federation.depth + 1,
        kind__in=["township", "street", "industry"],
    ).order_by("path")
    closed_at = timezone.make_aware(datetime.datetime(YEAR, 12, 20, 17, 0))
    have = set(SatisfactionSurvey.objects.values_list("public_code", flat=True))
    new = []
    for i, org in enumerate(orgs, start=1):
        code = f"DEMO15{i:02d}"
        if code in have:
            continue
        new.append(
            SatisfactionSurvey(
                org=org,
                year=YEAR,
                title=f"{org.name.removesuffix('工会')}{YEAR}年厂务公开民主管理满意度测评",
                question="您对本单位厂（政）务公开和民主管理工作是否满意？",
                is_open=False,
                closed_at=closed_at,
                public_code=code,
            )
        )
    SatisfactionSurvey.objects.bulk_create(new)
    answers = []
    created = SatisfactionSurvey.objects.filter(public_code__in=[s.public_code for s in new]).order_by(
        "public_code"
    )
    for i, survey in enumerate(created):
        very = 45 + (i * 7) % 25
        levels = (
            [Answer.VERY_SATISFIED] * very
            + [Answer.SATISFIED] * (SATISFIED_PER_SURVEY - very)
            + [Answer.NEUTRAL] * 4
            + [Answer.DISSATISFIED] * (ANSWERS_PER_SURVEY - SATISFIED_PER_SURVEY - 4)
        )
        for j, answer in enumerate(levels):
            online = j % (ANSWERS_PER_SURVEY // ONLINE_PER_SURVEY) == 0
            key = hashlib.sha256(f"demo:{survey.public_code}:{j}".encode()).hexdigest() if online else ""
            answers.append(
                SurveyResponse(
                    org=survey.org,
                    survey=survey,
                    channel=Channel.ONLINE if online else Channel.PAPER,
                    answer=answer,
                    respondent_key=key,
                )
            )
    SurveyResponse.objects.bulk_create(answers, batch_size=1000)


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Create the 2015 contracts, checks, openness records and surveys the database lacks."""
    rng = random.Random(SEED)
    contracts = _contracts(_must_bargain(), rng)
    _checks(contracts, rng)
    _openness()
    _surveys(Organisation.objects.get(pk=context["federation"].pk))
    context["contract1"] = next(
        (c for c in contracts if c.org_id == getattr(context.get("grassroots1"), "pk", None)), None
    )
    return context
