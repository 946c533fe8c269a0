"""Scope of every household, membership, duplicate and export page and endpoint, from one table.

Each township gets a household, a membership and a pair of likely duplicates. A cadre of one
township finds none of the other's in any list, export or API answer, and every page or
endpoint naming one of the other's records by id answers 404 and changes nothing.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import load_workbook

from gonghui.people import services
from gonghui.people.models import DuplicateDecision, Household, HouseholdMember, Membership, Person
from gonghui.people.tests.conftest import id_for

pytestmark = pytest.mark.django_db


@dataclass
class Side:
    household: Household
    member: HouseholdMember
    membership: Membership
    twin_a: Person
    twin_b: Person
    markers: tuple[str, ...]


@pytest.fixture
def world(county, registry) -> dict[str, Side]:
    admin = county.user("admin")

    def side(org, union, head, spouse, member_person, twin_name, number, sequence) -> Side:
        household = services.household_create(by=admin, head=head, monthly_income="900")
        member = services.household_add_member(
            by=admin, household=household, person=spouse, relationship="spouse", monthly_income="300"
        )
        membership = services.membership_join(
            by=admin,
            person=member_person,
            union=union,
            member_number=number,
            joined_on=datetime.date(2018, 1, 1),
        )
        born = datetime.date(1975, 3, 3)
        twin_a = services.person_create(by=admin, org=org, name=twin_name, id_number=id_for(born, sequence))
        twin_b = services.person_create(
            by=admin, org=union, name=twin_name, id_number=id_for(born, sequence + 1)
        )
        return Side(household, member, membership, twin_a, twin_b, (head.name, number, twin_name))

    return {
        "township1": side(
            county.township1,
            county.grassroots1,
            registry.zhang_sanfeng,
            registry.li_si,
            registry.zhang_san,
            "赵六",
            "T1-0001",
            500,
        ),
        "township2": side(
            county.township2,
            county.grassroots2,
            registry.wang_wu,
            registry.other_zhang_san,
            registry.other_zhang_san,
            "钱七",
            "T2-0001",
            600,
        ),
    }


def snapshot() -> dict[str, list[dict[str, Any]]]:
    return {
        "people": list(Person.objects.order_by("pk").values()),
        "households": list(Household.objects.order_by("pk").values()),
        "members": list(HouseholdMember.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "decisions": list(DuplicateDecision.objects.order_by("pk").values()),
    }


# --- lists, exports and API lists


def _people_default(s: Side) -> tuple[str, ...]:
    return s.markers


@dataclass(frozen=True)
class Listing:
    label: str
    url: str
    api: bool = False
    xlsx: bool = False
    markers: Callable[[Side], tuple[str, ...]] = _people_default

    def __str__(self) -> str:
        return self.label

    def text(self, client: Any) -> str:
        response = client.get(self.url)
        assert response.status_code == 200, (self.label, response.status_code, response.content[:300])
        if self.xlsx:
            sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
            return "\n".join(
                " ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)
            )
        if self.api:
            return json.dumps(response.json(), ensure_ascii=False)
        return response.content.decode()


def _head(s: Side) -> tuple[str, ...]:
    return (s.household.head.name,)


def _number(s: Side) -> tuple[str, ...]:
    return (s.membership.member_number,)


def _twins(s: Side) -> tuple[str, ...]:
    return (s.twin_a.name,)


def _people(s: Side) -> tuple[str, ...]:
    return (s.household.head.name, s.twin_a.name)


LISTINGS = [
    Listing("households page", "/people/households/", markers=_head),
    Listing("api households", "/api/v1/households/", api=True, markers=_head),
    Listing("member roll page", "/people/memberships/", markers=_number),
    Listing("member roll page searching 张", "/people/memberships/?q=张", markers=_number),
    Listing("roll export", "/people/memberships/export/", xlsx=True, markers=_number),
    Listing("api memberships", "/api/v1/memberships/", api=True, markers=_number),
    Listing("api roll export", "/api/v1/memberships/export", api=True, xlsx=True, markers=_number),
    Listing("duplicates page", "/people/duplicates/", markers=_twins),
    Listing("api duplicates", "/api/v1/people/duplicates", api=True, markers=_twins),
    Listing("people export", "/people/export/", xlsx=True, markers=_people),
    Listing("api people export", "/api/v1/people/export", api=True, xlsx=True, markers=_people),
]


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
@pytest.mark.parametrize("user,other", [("township1", "township2"), ("township2", "township1")])
def test_a_township_finds_its_own_rows_and_none_of_the_others(listing, user, other, world, login, api):
    client = api(user) if listing.api else login(user)
    text = listing.text(client)
    for marker in listing.markers(world[user]):
        assert marker in text, (listing.label, marker)
    for marker in listing.markers(world[other]):
        assert marker not in text, (listing.label, marker)


def test_the_federation_sees_both_townships_everywhere(world, login, api):
    for listing in LISTINGS:
        text = listing.text(api("admin") if listing.api else login("admin"))
        for side in world.values():
            for marker in listing.markers(side):
                assert marker in text, (listing.label, marker)


def test_filters_naming_another_townships_union_or_organisation_find_nothing(world, county, api):
    client = api("township1")
    assert client.get(f"/api/v1/memberships/?union={county.grassroots2.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/households/?org={county.township2.pk}").json()["count"] == 0


# --- one record by id


def _member_page(suffix: str) -> Callable[[Side], str]:
    return lambda s: f"/people/households/{s.household.pk}/members/{s.member.pk}/{suffix}"


@dataclass(frozen=True)
class Endpoint:
    label: str
    method: str
    url: Callable[[Side], str]
    data: Callable[[Side, Any], dict[str, Any]] = lambda s, c: {}
    api: bool = False

    def __str__(self) -> str:
        return self.label

    def call(self, client: Any, side: Side, county: Any) -> Any:
        url, data = self.url(side), self.data(side, county)
        if self.method == "get":
            return client.get(url)
        if self.api:
            return getattr(client, self.method)(url, data=json.dumps(data), content_type="application/json")
        return client.post(url, data)


def _merge_body(s: Side, county: Any) -> dict[str, Any]:
    return {"a": s.twin_a.pk, "b": s.twin_b.pk, "survivor": s.twin_a.pk}


ENDPOINTS = [
    Endpoint("household page", "get", lambda s: f"/people/households/{s.household.pk}/"),
    Endpoint("household edit page", "get", lambda s: f"/people/households/{s.household.pk}/edit/"),
    Endpoint(
        "household edit post",
        "post",
        lambda s: f"/people/households/{s.household.pk}/edit/",
        lambda s, c: {"address": "别处", "head": s.household.head_id, "previous_head_relationship": "other"},
    ),
    Endpoint("household delete", "post", lambda s: f"/people/households/{s.household.pk}/delete/"),
    Endpoint("member add page", "get", lambda s: f"/people/households/{s.household.pk}/members/new/"),
    Endpoint(
        "member add post",
        "post",
        lambda s: f"/people/households/{s.household.pk}/members/new/",
        lambda s, c: {"name": "某", "relationship": "child"},
    ),
    Endpoint("member edit page", "get", _member_page("edit/")),
    Endpoint("member edit post", "post", _member_page("edit/"), lambda s, c: {"relationship": "other"}),
    Endpoint("member remove", "post", _member_page("remove/")),
    Endpoint("open household page", "get", lambda s: f"/people/{s.twin_a.pk}/household/new/"),
    Endpoint(
        "open household post",
        "post",
        lambda s: f"/people/{s.twin_a.pk}/household/new/",
        lambda s, c: {"org": s.twin_a.org_id},
    ),
    Endpoint("join page", "get", lambda s: f"/people/{s.twin_a.pk}/membership/new/"),
    Endpoint(
        "join post",
        "post",
        lambda s: f"/people/{s.twin_a.pk}/membership/new/",
        lambda s, c: {"union": s.membership.org_id, "joined_on": "2020-01-01"},
    ),
    Endpoint("transfer page", "get", lambda s: f"/people/memberships/{s.membership.pk}/transfer/"),
    Endpoint(
        "transfer post",
        "post",
        lambda s: f"/people/memberships/{s.membership.pk}/transfer/",
        lambda s, c: {"to_union": c.grassroots1.pk, "on": "2020-01-01"},
    ),
    Endpoint("leave page", "get", lambda s: f"/people/memberships/{s.membership.pk}/leave/"),
    Endpoint(
        "leave post",
        "post",
        lambda s: f"/people/memberships/{s.membership.pk}/leave/",
        lambda s, c: {"status": "left", "on": "2020-01-01", "reason": "退会"},
    ),
    Endpoint("merge post", "post", lambda s: "/people/duplicates/merge/", _merge_body),
    Endpoint("distinct post", "post", lambda s: "/people/duplicates/distinct/", _merge_body),
    Endpoint("api household", "get", lambda s: f"/api/v1/households/{s.household.pk}", api=True),
    Endpoint(
        "api household patch",
        "patch",
        lambda s: f"/api/v1/households/{s.household.pk}",
        lambda s, c: {"address": "别处"},
        api=True,
    ),
    Endpoint("api household delete", "delete", lambda s: f"/api/v1/households/{s.household.pk}", api=True),
    Endpoint("api members", "get", lambda s: f"/api/v1/households/{s.household.pk}/members", api=True),
    Endpoint(
        "api member add",
        "post",
        lambda s: f"/api/v1/households/{s.household.pk}/members",
        lambda s, c: {"name": "某", "relationship": "child"},
        api=True,
    ),
    Endpoint(
        "api member patch",
        "patch",
        lambda s: f"/api/v1/households/{s.household.pk}/members/{s.member.pk}",
        lambda s, c: {"monthly_income": "1"},
        api=True,
    ),
    Endpoint(
        "api member delete",
        "delete",
        lambda s: f"/api/v1/households/{s.household.pk}/members/{s.member.pk}",
        api=True,
    ),
    Endpoint("api membership", "get", lambda s: f"/api/v1/memberships/{s.membership.pk}", api=True),
    Endpoint(
        "api transfer",
        "post",
        lambda s: f"/api/v1/memberships/{s.membership.pk}/transfer",
        lambda s, c: {"to_union": c.grassroots1.pk},
        api=True,
    ),
    Endpoint(
        "api leave",
        "post",
        lambda s: f"/api/v1/memberships/{s.membership.pk}/leave",
        lambda s, c: {"on": "2020-01-01", "reason": "退会"},
        api=True,
    ),
    Endpoint(
        "api merge",
        "post",
        lambda s: f"/api/v1/people/{s.twin_a.pk}/merge",
        lambda s, c: {"duplicate": s.twin_b.pk},
        api=True,
    ),
    Endpoint(
        "api distinct",
        "post",
        lambda s: "/api/v1/people/duplicates/distinct",
        lambda s, c: {"a": s.twin_a.pk, "b": s.twin_b.pk},
        api=True,
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_township2_gets_404_for_every_record_of_township1(endpoint, world, county, login, api):
    before = snapshot()
    client = api("township2") if endpoint.api else login("township2")
    response = endpoint.call(client, world["township1"], county)
    assert response.status_code == 404, (endpoint.label, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.method == "get"], ids=str)
def test_township1_opens_its_own_records(endpoint, world, county, login, api):
    client = api("township1") if endpoint.api else login("township1")
    assert endpoint.call(client, world["township1"], county).status_code == 200, endpoint.label


def test_a_body_naming_another_townships_person_or_union_is_refused_as_unknown(world, county, api, registry):
    client = api("township1")
    own = world["township1"]

    def post(url, body):
        return client.post(url, data=json.dumps(body), content_type="application/json")

    created = post("/api/v1/households/", {"head": registry.wang_wu.pk})
    assert created.status_code == 400 and created.json()["errors"][0]["field"] == "head"
    added = post(
        f"/api/v1/households/{own.household.pk}/members",
        {"person": registry.wang_wu.pk, "relationship": "other"},
    )
    assert added.status_code == 400 and added.json()["errors"][0]["field"] == "person"
    joined = post("/api/v1/memberships/", {"person": own.twin_a.pk, "union": county.grassroots2.pk})
    assert joined.status_code == 400 and joined.json()["errors"][0]["field"] == "union"
    moved = post(f"/api/v1/memberships/{own.membership.pk}/transfer", {"to_union": county.grassroots2.pk})
    assert moved.status_code == 400 and moved.json()["errors"][0]["field"] == "to_union"
    merged = post(f"/api/v1/people/{own.twin_a.pk}/merge", {"duplicate": world["township2"].twin_a.pk})
    assert merged.status_code == 404


def test_after_a_union_moves_to_another_township_its_people_leave_the_first_ones_searches(
    county, registry, login
):
    """A merged union's people (and their search tokens) belong to the union merged into; a search
    that has more matches than it shows must not bring them back to the township they left."""
    from gonghui.orgs.services import org_merge
    from gonghui.people import queries
    from gonghui.people.models import PersonSearchToken

    org_merge(by=county.user("admin"), org=county.grassroots1, into=county.grassroots2)
    moved = registry.zhang_san  # was in grassroots 1 (township 1)
    assert set(PersonSearchToken.objects.filter(person=moved).values_list("org", flat=True)) == {
        county.grassroots2.pk
    }
    # Whatever token found them, a capped search's page shows only people the reader may see now.
    cadre = county.user("township1")
    chosen = queries.persons.Chosen(
        [moved.pk, registry.zhang_sanfeng.pk], "name", "张", queries.people(cadre)
    )
    assert [p.pk for p in chosen[0:2]] == [registry.zhang_sanfeng.pk]
    for user, sees in (("township1", False), ("township2", True)):
        found = login(user).get("/people/pick/?q=张&field=person&target=id_person").content.decode()
        assert (f"pick-{moved.pk}" in found) is sees


def test_the_picker_never_fills_in_a_record_merged_into_another(county, registry, login):
    from gonghui.people.models import Person

    Person.objects.filter(pk=registry.li_si.pk).update(status="merged", merged_into=registry.zeng_guofan)
    page = login("township1").get(
        f"/people/pick/chosen/?pk={registry.li_si.pk}&field=person&target=id_person"
    )
    assert page.status_code == 404
