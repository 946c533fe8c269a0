"""/api/v1/households/: households and their members (``/{id}/members``), thin over services and queries.

Incomes and health are personal data: the detail and the member list log an access event; the
list shows only the head, address and member count. Members' ID numbers are always masked.
``org`` in a body names an organisation; one outside the caller's scope is refused as unknown.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core.audit import record_access
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.masking import mask_id_number
from gonghui.people import queries as people_queries
from gonghui.people import services
from gonghui.people.models import Household, HouseholdMember
from gonghui.people.queries import households as queries

router = Router(tags=["households"])


class MemberOut(Schema):
    id: int
    person: int | None = Field(None, alias="person_id")
    name: str
    id_number: str
    registered: bool
    relationship: str
    monthly_income: Decimal
    health: str
    employment: str
    school_level: str
    school_name: str
    enrolment_year: int | None
    note: str

    @staticmethod
    def resolve_name(obj: HouseholdMember) -> str:
        return obj.display_name

    @staticmethod
    def resolve_id_number(obj: HouseholdMember) -> str:
        return mask_id_number(obj.person.id_number if obj.person_id else obj.id_number)

    @staticmethod
    def resolve_registered(obj: HouseholdMember) -> bool:
        return obj.person_id is not None


class HouseholdOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    head: int = Field(..., alias="head_id")
    head_name: str = Field(..., alias="head.name")
    address: str
    note: str
    member_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_member_count(obj: Household) -> int:
        return len(obj.members.all())


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]
    total_income: Decimal
    per_capita_income: Decimal | None

    @staticmethod
    def resolve_members(obj: Household) -> list[HouseholdMember]:
        return queries.members_of(obj)

    @staticmethod
    def resolve_total_income(obj: Household) -> Decimal:
        return queries.household_income(obj).total

    @staticmethod
    def resolve_per_capita_income(obj: Household) -> Decimal | None:
        return queries.household_income(obj).per_capita


class HouseholdFilterIn(Schema):
    q: str = ""
    org: int | None = None


class MemberDetailsIn(Schema):
    monthly_income: Decimal | None = None
    health: str = ""
    employment: str = ""
    school_level: str = ""
    school_name: str = ""
    enrolment_year: int | None = None
    note: str = ""


class HeadDetailsIn(Schema):
    monthly_income: Decimal | None = None
    health: str = ""
    employment: str = ""
    school_level: str = ""
    school_name: str = ""
    enrolment_year: int | None = None


class HouseholdIn(Schema):
    head: int
    org: int | None = None
    address: str = ""
    note: str = ""
    head_details: HeadDetailsIn | None = None


class HouseholdPatch(Schema):
    address: str | None = None
    note: str | None = None
    head: int | None = None
    previous_head_relationship: str = "other"


class MemberIn(MemberDetailsIn):
    person: int | None = None
    name: str = ""
    id_number: str = ""
    relationship: str


class MemberPatch(Schema):
    relationship: str | None = None
    monthly_income: Decimal | None = None
    health: str | None = None
    employment: str | None = None
    school_level: str | None = None
    school_name: str | None = None
    enrolment_year: int | None = None
    note: str | None = None
    name: str | None = None
    id_number: str | None = None


def _person(request: HttpRequest, pk: int, field: str) -> Any:
    """A person named in a body: one outside the caller's scope is a bad value, not a 404 of the URL."""
    try:
        return people_queries.person(request.user, pk)
    except NotFound as exc:
        raise DomainError(exc.message, field=field) from None


def _org(request: HttpRequest, org_id: int | None) -> Any:
    if org_id is None:
        return None
    from gonghui.orgs.queries import organisation

    try:
        return organisation(request.user, org_id, perm=queries.PERM_VIEW)
    except NotFound as exc:
        raise DomainError(exc.message, field="org") from None


def _details(payload: HeadDetailsIn | None) -> dict[str, Any]:
    data = payload.dict() if payload is not None else {}
    if data.get("monthly_income") is None:
        data.pop("monthly_income", None)
    return data


@router.get("/", response=list[HouseholdOut], summary="Households in your scope; q finds the head")
@paginate(LimitOffsetPagination)
def list_households(request: HttpRequest, filters: Query[HouseholdFilterIn]) -> Any:
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    return queries.household_list(request.user, params)


@router.post(
    "/", response={201: HouseholdDetailOut}, summary="Open a household headed by a registered person"
)
def create_household(request: HttpRequest, payload: HouseholdIn) -> Any:
    require(request.user, queries.PERM_CHANGE)
    head = _person(request, payload.head, "head")
    household = services.household_create(
        by=request.user,
        head=head,
        org=_org(request, payload.org),
        address=payload.address,
        note=payload.note,
        **_details(payload.head_details),
    )
    return Status(201, queries.household(request.user, household.pk))


@router.get(
    "/{int:household_id}", response=HouseholdDetailOut, summary="A household with members and income (logged)"
)
def get_household(request: HttpRequest, household_id: int) -> Any:
    return queries.household_detail(request.user, household_id, reason="api")


@router.patch("/{int:household_id}", response=HouseholdDetailOut, summary="Change address, note or head")
def update_household(request: HttpRequest, household_id: int, payload: HouseholdPatch) -> Any:
    household = queries.household(request.user, household_id)
    data = payload.dict(exclude_unset=True)
    if "head" in data:
        data["head"] = _person(request, data["head"], "head") if data["head"] is not None else None
    services.household_update(by=request.user, household=household, **data)
    return queries.household(request.user, household_id)


@router.delete("/{int:household_id}", response={204: None}, summary="Remove a household and its member rows")
def delete_household(request: HttpRequest, household_id: int) -> Any:
    household = queries.household(request.user, household_id)
    services.household_delete(by=request.user, household=household)
    return Status(204, None)


@router.get("/{int:household_id}/members", response=list[MemberOut], summary="The members (logged)")
def list_members(request: HttpRequest, household_id: int) -> Any:
    household = queries.household(request.user, household_id)
    record_access(household, user=request.user, fields=queries.SENSITIVE, reason="api")
    return queries.members_of(household)


@router.post("/{int:household_id}/members", response={201: MemberOut}, summary="Add a member")
def add_member(request: HttpRequest, household_id: int, payload: MemberIn) -> Any:
    household = queries.household(request.user, household_id)
    data = payload.dict()
    person_id = data.pop("person")
    person = _person(request, person_id, "person") if person_id is not None else None
    if data.get("monthly_income") is None:
        data.pop("monthly_income")
    member = services.household_add_member(by=request.user, household=household, person=person, **data)
    return Status(201, member)


@router.patch("/{int:household_id}/members/{int:member_id}", response=MemberOut, summary="Change a member")
def update_member(request: HttpRequest, household_id: int, member_id: int, payload: MemberPatch) -> Any:
    member = queries.member(request.user, household_id, member_id)
    data = {
        k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "enrolment_year"
    }
    return services.household_update_member(by=request.user, member=member, **data)


@router.delete("/{int:household_id}/members/{int:member_id}", response={204: None}, summary="Remove a member")
def remove_member(request: HttpRequest, household_id: int, member_id: int) -> Any:
    member = queries.member(request.user, household_id, member_id)
    services.household_remove_member(by=request.user, member=member)
    return Status(204, None)
