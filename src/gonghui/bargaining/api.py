"""/api/v1/contracts/, /openness-records/, /surveys/ and /kpis/bargaining: thin over queries and services.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.roles import role_grants
from gonghui.accounts.scoping import assignments, require
from gonghui.bargaining import exports, queries, services
from gonghui.bargaining.models import CollectiveContract
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.exports import xlsx_response
from gonghui.enterprises.models import Enterprise
from gonghui.orgs.models import Organisation

contracts = Router(tags=["bargaining"])
openness = Router(tags=["bargaining"])
surveys = Router(tags=["bargaining"])
kpis = Router(tags=["bargaining", "kpis"])


# --- shared ----------------------------------------------------------------------------------------


class EnterpriseRef(Schema):
    id: int
    name: str


def _org(request: HttpRequest, org_id: int | None, perm: str = queries.PERM_CHANGE) -> Organisation:
    """The organisation named, or the caller's own (its first role holding ``perm``) when none is given."""
    if org_id is None:
        grants = [g for g in assignments(request.user) if role_grants(g.role, perm)]
        if not grants:
            require(request.user, perm)
        org_id = grants[0].org_id
    try:
        return queries.scope_org(request.user, org_id, perm)
    except NotFound as exc:
        raise DomainError(exc.message, field="org") from None


def _enterprises(request: HttpRequest, ids: list[int], field: str = "enterprises") -> list[Enterprise]:
    """Enterprises named by id; one outside the caller's scope is refused like a missing one."""
    found = {e.pk: e for e in queries.enterprises(request.user).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError(
            _("Enterprise %(id)s: not found, or outside your scope.") % {"id": missing[0]}, field=field
        )
    return [found[i] for i in dict.fromkeys(ids)]


# --- contracts -------------------------------------------------------------------------------------


class ContractOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    kind: str
    title: str
    status: str
    state: str
    enterprises: list[EnterpriseRef]
    enterprise_count: int
    signed_on: datetime.date | None
    term_start: datetime.date
    term_end: datetime.date
    covered_employees: int
    wage_increase: Decimal | None
    minimum_wage: Decimal | None
    filed_on: datetime.date | None
    filing_number: str
    terminated_on: datetime.date | None
    termination_reason: str
    notes: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_enterprises(obj: CollectiveContract, context: Any) -> list[dict[str, Any]]:
        visible, _others = queries.covered_enterprises(context["request"].user, obj)
        return [{"id": e.pk, "name": e.name} for e in visible]

    @staticmethod
    def resolve_enterprise_count(obj: CollectiveContract) -> int:
        count = getattr(obj, "enterprise_count", None)
        return obj.coverage.count() if count is None else count


class ContractFilterIn(Schema):
    q: str = ""
    kind: str = ""
    state: str = ""
    on: datetime.date | None = None
    status: str = ""
    filed: bool | None = None
    enterprise: int | None = None
    year: int | None = None
    org: int | None = None


class ContractIn(Schema):
    org: int | None = None
    kind: str
    title: str
    enterprises: list[int]
    signed_on: datetime.date | None = None
    term_start: datetime.date
    term_end: datetime.date
    covered_employees: int = 0
    wage_increase: Decimal | None = None
    minimum_wage: Decimal | None = None
    notes: str = ""


class ContractPatch(Schema):
    """A change names only the fields it changes."""

    kind: str | None = None
    title: str | None = None
    enterprises: list[int] | None = None
    signed_on: datetime.date | None = None
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    covered_employees: int | None = None
    wage_increase: Decimal | None = None
    minimum_wage: Decimal | None = None
    notes: str | None = None


class FileIn(Schema):
    filed_on: datetime.date
    filing_number: str


class TerminateIn(Schema):
    on: datetime.date
    reason: str


class CheckIn(Schema):
    year: int
    result: str
    checked_on: datetime.date
    findings: str = ""
    checked_by: str = ""


class CheckOut(Schema):
    id: int
    contract: int = Field(..., alias="contract_id")
    org: int = Field(..., alias="org_id")
    year: int
    result: str
    findings: str
    checked_on: datetime.date
    checked_by: str
    created_at: datetime.datetime


class UncoveredOut(Schema):
    id: int
    name: str
    type: str
    employee_count: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    union: int | None = Field(None, alias="union_id")
    union_name: str | None = Field(None, alias="union.name")


class ExpiringIn(Schema):
    on: datetime.date | None = None
    days: int = queries.EXPIRY_DAYS
    org: int | None = None


class UncoveredIn(Schema):
    on: datetime.date | None = None
    org: int | None = None


def _params(filters: Schema) -> dict[str, Any]:
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    for key, value in params.items():
        if isinstance(value, bool):
            params[key] = "true" if value else "false"
    return params


@contracts.get("/", response=list[ContractOut], summary="Collective contracts in your scope, filtered")
@paginate(LimitOffsetPagination)
def list_contracts(request: HttpRequest, filters: Query[ContractFilterIn]) -> Any:
    return queries.contract_list(request.user, _params(filters))


@contracts.get("/export", summary="Collective contracts in your scope as xlsx")
def export_contracts(request: HttpRequest, filters: Query[ContractFilterIn]) -> HttpResponse:
    rows = queries.contract_list(request.user, _params(filters))
    return xlsx_response(exports.contracts_xlsx(request.user, rows), "contracts")


@contracts.get(
    "/expiring",
    response=list[ContractOut],
    summary="Contracts in force whose term ends within `days` days (default 60): time to renew",
)
@paginate(LimitOffsetPagination)
def expiring_contracts(request: HttpRequest, filters: Query[ExpiringIn]) -> Any:
    return queries.expiring(request.user, on=filters.on, days=filters.days, org=filters.org)


@contracts.get(
    "/uncovered-enterprises",
    response=list[UncoveredOut],
    summary="Enterprises that must bargain (with a union, not organs) but have no contract in force",
)
@paginate(LimitOffsetPagination)
def uncovered_enterprises(request: HttpRequest, filters: Query[UncoveredIn]) -> Any:
    return queries.uncovered_enterprises(request.user, on=filters.on, org=filters.org)


@contracts.get("/{int:contract_id}", response=ContractOut, summary="One collective contract")
def get_contract(request: HttpRequest, contract_id: int) -> Any:
    return queries.contract(request.user, contract_id)


@contracts.post(
    "/", response={201: ContractOut}, summary="Record a contract (signed when signed_on is given)"
)
def create_contract(request: HttpRequest, payload: ContractIn) -> Any:
    require(request.user, queries.PERM_CHANGE)
    data = payload.dict()
    org = _org(request, data.pop("org"))
    chosen = _enterprises(request, data.pop("enterprises"))
    contract = services.contract_create(by=request.user, org=org, enterprises=chosen, **data)
    return 201, queries.contract(request.user, contract.pk)


@contracts.patch("/{int:contract_id}", response=ContractOut, summary="Change a contract's terms or coverage")
def update_contract(request: HttpRequest, contract_id: int, payload: ContractPatch) -> Any:
    contract = queries.contract(request.user, contract_id)
    data = payload.dict(exclude_unset=True)
    # null clears the optional numbers and the signing date; it leaves a required field as it is.
    data = {
        k: v for k, v in data.items() if v is not None or k in ("wage_increase", "minimum_wage", "signed_on")
    }
    if "enterprises" in data:
        data["enterprises"] = _enterprises(request, data["enterprises"])
    services.contract_update(by=request.user, contract=contract, **data)
    return queries.contract(request.user, contract_id)


@contracts.post(
    "/{int:contract_id}/file", response=ContractOut, summary="Record the filing with the labour bureau"
)
def file_contract(request: HttpRequest, contract_id: int, payload: FileIn) -> Any:
    contract = queries.contract(request.user, contract_id)
    services.contract_file(by=request.user, contract=contract, **payload.dict())
    return queries.contract(request.user, contract_id)


@contracts.post(
    "/{int:contract_id}/terminate", response=ContractOut, summary="Terminate a contract before its term"
)
def terminate_contract(request: HttpRequest, contract_id: int, payload: TerminateIn) -> Any:
    contract = queries.contract(request.user, contract_id)
    services.contract_terminate(by=request.user, contract=contract, **payload.dict())
    return queries.contract(request.user, contract_id)


@contracts.get("/{int:contract_id}/checks", response=list[CheckOut], summary="The contract's yearly checks")
@paginate(LimitOffsetPagination)
def list_checks(request: HttpRequest, contract_id: int) -> Any:
    contract = queries.contract(request.user, contract_id)
    return queries.checks(request.user).filter(contract=contract).order_by("-year")


@contracts.post("/{int:contract_id}/checks", response={201: CheckOut}, summary="Record the check of a year")
def record_check(request: HttpRequest, contract_id: int, payload: CheckIn) -> Any:
    contract = queries.contract(request.user, contract_id)
    check = services.fulfilment_check_record(by=request.user, contract=contract, **payload.dict())
    return 201, check


# --- openness records ------------------------------------------------------------------------------


class OpennessOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    enterprise: int = Field(..., alias="enterprise_id")
    enterprise_name: str = Field(..., alias="enterprise.name")
    year: int
    form: str
    practising: bool
    items: str
    methods: list[str]
    notes: str
    updated_at: datetime.datetime


class OpennessFilterIn(Schema):
    q: str = ""
    year: int | None = None
    form: str = ""
    practising: bool | None = None
    org: int | None = None


class OpennessIn(Schema):
    enterprise: int
    year: int
    practising: bool
    items: str = ""
    methods: list[str] = []
    notes: str = ""


@openness.get("/", response=list[OpennessOut], summary="Openness records (厂务公开/政务公开) in your scope")
@paginate(LimitOffsetPagination)
def list_openness(request: HttpRequest, filters: Query[OpennessFilterIn]) -> Any:
    return queries.openness_list(request.user, _params(filters))


@openness.get("/{int:record_id}", response=OpennessOut, summary="One openness record")
def get_openness(request: HttpRequest, record_id: int) -> Any:
    return queries.openness_record(request.user, record_id)


@openness.post(
    "/",
    response={200: OpennessOut, 201: OpennessOut},
    summary="Record an enterprise's openness of a year (201), or correct that record (200)",
)
def record_openness(request: HttpRequest, payload: OpennessIn) -> Any:
    require(request.user, queries.PERM_CHANGE)
    data = payload.dict()
    [enterprise] = _enterprises(request, [data.pop("enterprise")], field="enterprise")
    existed = enterprise.openness_records.filter(year=data["year"]).exists()
    record = services.openness_record(by=request.user, enterprise=enterprise, **data)
    return (200 if existed else 201), queries.openness_record(request.user, record.pk)


# --- surveys ---------------------------------------------------------------------------------------


class ResultsOut(Schema):
    """Answers by level and by channel; the rate is satisfied (very satisfied + satisfied) ÷ total."""

    answers: dict[str, int]
    channels: dict[str, int]
    total: int
    satisfied: int
    rate: Decimal | None


class SurveyOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    year: int
    title: str
    question: str
    enterprise: int | None = Field(None, alias="enterprise_id")
    is_open: bool
    closed_at: datetime.datetime | None
    public_code: str
    results: ResultsOut

    @staticmethod
    def resolve_results(obj: Any) -> dict[str, Any]:
        results = queries.survey_results(obj)
        return {
            "answers": results["counts"],
            **{k: results[k] for k in ("channels", "total", "satisfied", "rate")},
        }


class SurveyFilterIn(Schema):
    q: str = ""
    year: int | None = None
    is_open: bool | None = None
    org: int | None = None


class SurveyIn(Schema):
    org: int | None = None
    year: int
    title: str
    question: str = ""
    enterprise: int | None = None


class PaperIn(Schema):
    """Paper answers: how many questionnaires gave each answer (e.g. 95 satisfied, 5 neutral)."""

    counts: dict[str, int]
    comment: str = ""


class EnteredOut(Schema):
    entered: int
    survey: SurveyOut


class ResponseOut(Schema):
    id: int
    survey: int = Field(..., alias="survey_id")
    channel: str
    answer: str
    comment: str
    created_at: datetime.datetime


class PublicSurveyOut(Schema):
    code: str = Field(..., alias="public_code")
    title: str
    question: str
    is_open: bool


class AnswerIn(Schema):
    answer: str
    comment: str = ""


@surveys.get("/", response=list[SurveyOut], summary="Satisfaction surveys in your scope")
@paginate(LimitOffsetPagination)
def list_surveys(request: HttpRequest, filters: Query[SurveyFilterIn]) -> Any:
    return queries.survey_list(request.user, _params(filters))


@surveys.post("/", response={201: SurveyOut}, summary="Open a satisfaction survey (org defaults to your own)")
def create_survey(request: HttpRequest, payload: SurveyIn) -> Any:
    require(request.user, queries.PERM_CHANGE)
    data = payload.dict()
    org = _org(request, data.pop("org"))
    enterprise_id = data.pop("enterprise")
    enterprise = _enterprises(request, [enterprise_id], field="enterprise")[0] if enterprise_id else None
    survey = services.survey_create(by=request.user, org=org, enterprise=enterprise, **data)
    return 201, queries.survey(request.user, survey.pk)


@surveys.get(
    "/by-code/{code}", response=PublicSurveyOut, summary="A survey by its public code (to answer it)"
)
def survey_by_code(request: HttpRequest, code: str) -> Any:
    return queries.survey_by_code(code)


@surveys.post(
    "/by-code/{code}/answer",
    response={201: ResponseOut},
    summary="Answer a survey as the signed-in worker account (once per account)",
)
def answer_by_code(request: HttpRequest, code: str, payload: AnswerIn) -> Any:
    survey = queries.survey_by_code(code)
    response = services.survey_answer_online(survey=survey, user=request.user, **payload.dict())
    return 201, response


@surveys.get("/{int:survey_id}", response=SurveyOut, summary="One survey with its results")
def get_survey(request: HttpRequest, survey_id: int) -> Any:
    return queries.survey(request.user, survey_id)


@surveys.post("/{int:survey_id}/close", response=SurveyOut, summary="Close a survey to further answers")
def close_survey(request: HttpRequest, survey_id: int) -> Any:
    survey = queries.survey(request.user, survey_id)
    services.survey_close(by=request.user, survey=survey)
    return queries.survey(request.user, survey_id)


@surveys.get("/{int:survey_id}/responses", response=list[ResponseOut], summary="The survey's answers")
@paginate(LimitOffsetPagination)
def list_responses(request: HttpRequest, survey_id: int) -> Any:
    survey = queries.survey(request.user, survey_id)
    return queries.responses(request.user).filter(survey=survey).order_by("pk")


@surveys.post("/{int:survey_id}/responses", response={201: EnteredOut}, summary="Enter paper answers in bulk")
def enter_responses(request: HttpRequest, survey_id: int, payload: PaperIn) -> Any:
    survey = queries.survey(request.user, survey_id)
    entered = services.survey_response_enter(by=request.user, survey=survey, **payload.dict())
    return 201, {"entered": entered, "survey": queries.survey(request.user, survey_id)}


# --- figures ---------------------------------------------------------------------------------------


class FigureOut(Schema):
    key: str
    label: str
    numerator: int
    denominator: int | None
    rate: Decimal | None
    params: dict[str, Any]
    numerator_ids: list[int]
    denominator_ids: list[int]


class FiguresOut(Schema):
    org: int | None
    year: int
    signing_rate: FigureOut
    fulfilment_rate: FigureOut
    openness_rate: FigureOut
    satisfaction_rate: FigureOut


class FiguresIn(Schema):
    org: int | None = None
    year: int | None = None


def figure_dict(figure: Any) -> dict[str, Any]:
    """A figure as the API shows it: the rate and the ids of the records behind both of its terms."""
    return {
        "key": figure.key,
        "label": str(figure.label),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "rate": figure.rate,
        "params": {
            k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in figure.params.items()
        },
        "numerator_ids": list(figure.numerator_records.values_list("pk", flat=True)),
        "denominator_ids": list(figure.denominator_records.values_list("pk", flat=True)),
    }


@kpis.get(
    "",
    response=FiguresOut,
    summary="Signing, fulfilment, openness and satisfaction rates of an organisation subtree and year",
)
def bargaining_figures(request: HttpRequest, filters: Query[FiguresIn]) -> Any:
    from gonghui.insight.kpis.bargaining import all_figures

    require(request.user, queries.PERM_VIEW)
    year = filters.year or timezone.localdate().year
    if not 1990 <= year <= 2100:
        raise DomainError(_("Enter a year from 1990 to 2100."), field="year")
    figures = all_figures(request.user, org=filters.org, year=year)
    return {"org": filters.org, "year": year, **{k: figure_dict(f) for k, f in figures.items()}}
