"""Scope and read-only rules, proved for every enterprise page and API endpoint from one table.

A township cadre reaches only the enterprises its township keeps (anything else answers 404, as
if it did not exist); the federation administrator reaches everything; the auditor reads
everything and changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.tests.endpoints import (
    CREATE_ENDPOINTS,
    ENTERPRISE_ENDPOINTS,
    LISTINGS,
    Endpoint,
    Listing,
    xlsx_rows,
)

READS = [e for e in ENTERPRISE_ENDPOINTS if not e.writes]
WRITES = [e for e in ENTERPRISE_ENDPOINTS if e.writes]
OTHER_TOWNSHIP = "长赤"  # in the name of township 2's enterprise, union and region


@pytest.fixture
def as_user(login: Any, api: Any) -> Any:
    """The client of ``username`` for an endpoint: a bearer token for the API, a session for pages."""

    def _as(username: str, endpoint: Endpoint | Listing) -> Any:
        return api(username) if endpoint.api else login(username)

    return _as


# --- A township cadre: its own township's enterprises only ----------------------------------------


@pytest.mark.parametrize("endpoint", ENTERPRISE_ENDPOINTS, ids=str)
def test_township_cadre_gets_404_for_an_enterprise_of_another_township(
    endpoint: Endpoint, county: Any, ent1: Any, ent2: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    response = endpoint.call(as_user("township1", endpoint), county, ent2.pk)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", ENTERPRISE_ENDPOINTS, ids=str)
def test_a_guessed_id_that_does_not_exist_answers_404_too(
    endpoint: Endpoint, county: Any, ent1: Any, as_user: Any
) -> None:
    assert endpoint.call(as_user("township1", endpoint), county, ent1.pk + 1000).status_code == 404


@pytest.mark.parametrize("endpoint", CREATE_ENDPOINTS, ids=str)
def test_township_cadre_cannot_register_an_enterprise_under_another_township(
    endpoint: Endpoint, county: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    response = endpoint.call(as_user("township1", endpoint), county, county.township2.pk)
    # The page shows the form again with the choice refused; the API names the field it cannot find.
    assert response.status_code in (200, 400, 404)
    assert snapshot() == before


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_township_cadre_sees_nothing_of_another_township_in_lists_search_and_exports(
    listing: Listing, county: Any, ent1: Any, ent2: Any, as_user: Any
) -> None:
    text = listing.text(as_user("township1", listing))
    assert OTHER_TOWNSHIP not in text
    if listing.own:
        assert listing.own in text


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_township_two_sees_its_own_and_nothing_of_township_one(
    listing: Listing, county: Any, ent1: Any, ent2: Any, as_user: Any
) -> None:
    text = listing.text(as_user("township2", listing))
    assert "光雾山" not in text and "南江镇" not in text
    if listing.own:
        assert "南江县长赤米业有限公司" in text


def test_township_cadre_lists_and_exports_exactly_its_own_enterprises(county, ent1, ent2, api, login):
    items = api("township1").get("/api/v1/enterprises/").json()["items"]
    assert [i["id"] for i in items] == [ent1.pk]
    rows = xlsx_rows(login("township1").get("/enterprises/export.xlsx"))
    assert [row[0] for row in rows[1:]] == [ent1.uscc]


def test_township_cadre_cannot_filter_into_another_township(county, ent1, ent2, api, login):
    assert api("township1").get(f"/api/v1/enterprises/?org={county.township2.pk}").json()["items"] == []
    page = login("township1").get(f"/enterprises/?org={county.township2.pk}")
    assert list(page.context["page"]) == []


# --- The federation administrator and the auditor: everything ---------------------------------------


@pytest.mark.parametrize("user", ["admin", "auditor"])
@pytest.mark.parametrize("listing", [x for x in LISTINGS if x.own], ids=str)
def test_admin_and_auditor_see_every_township_in_lists_search_and_exports(
    listing: Listing, user: str, county: Any, ent1: Any, ent2: Any, as_user: Any
) -> None:
    text = listing.text(as_user(user, listing))
    assert OTHER_TOWNSHIP in text and "光雾山" in text


@pytest.mark.parametrize("user", ["admin", "auditor", "lawyer", "finance", "counsellor"])
@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_county_level_readers_read_enterprises_of_every_township(
    endpoint: Endpoint, user: str, county: Any, ent1: Any, ent2: Any, as_user: Any
) -> None:
    for enterprise in (ent1, ent2):
        assert endpoint.call(as_user(user, endpoint), county, enterprise.pk).status_code == 200


@pytest.mark.parametrize("user", ["auditor", "finance", "lawyer"])
@pytest.mark.parametrize("endpoint", WRITES + CREATE_ENDPOINTS, ids=str)
def test_read_only_users_change_no_enterprise(
    endpoint: Endpoint, user: str, county: Any, ent1: Any, ent2: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    target = county.township1.pk if endpoint in CREATE_ENDPOINTS else ent1.pk
    response = endpoint.call(as_user(user, endpoint), county, target)
    assert response.status_code in (403, 404), response.content[:300]
    assert snapshot() == before


@pytest.mark.parametrize("user", ["editor", "worker1"])
def test_users_without_the_registry_right_get_403_on_pages_and_nothing_from_the_api(
    user: str, county: Any, ent1: Any, login: Any, api: Any
) -> None:
    assert login(user).get("/enterprises/").status_code == 403
    assert login(user).get(f"/enterprises/{ent1.pk}/").status_code == 403
    if user == "editor":
        assert api(user).get("/api/v1/enterprises/").json() == {"items": [], "count": 0}
        assert api(user).get(f"/api/v1/enterprises/{ent1.pk}").status_code == 404


def test_auditor_sees_no_action_links(county, ent1, login):
    response = login("auditor").get(f"/enterprises/{ent1.pk}/")
    assert response.status_code == 200 and not response.context["can_change"]
    assert f"/enterprises/{ent1.pk}/edit/" not in response.content.decode()


# --- A chair: the enterprise of their own union -------------------------------------------------


def test_chair_reads_and_keeps_the_enterprise_of_their_union_but_not_others(county, ent1, ent2, api):
    client = api("chair1")
    assert [i["id"] for i in client.get("/api/v1/enterprises/").json()["items"]] == [ent1.pk]
    assert client.get(f"/api/v1/enterprises/{ent2.pk}").status_code == 404
    response = client.patch(
        f"/api/v1/enterprises/{ent1.pk}", data={"employee_count": 130}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["employee_count"] == 130
    assert Enterprise.objects.get(pk=ent2.pk).employee_count == 10
