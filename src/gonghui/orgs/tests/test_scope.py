"""Scope and read-only rules, proved for every orgs page and API endpoint from one table.

A township cadre reaches only its own subtree (anything else answers 404, as if it did not exist);
the federation administrator reaches everything; the auditor reads everything and changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.orgs.models import Organisation
from gonghui.orgs.tests.endpoints import (
    CREATE_ENDPOINTS,
    LISTINGS,
    ORG_ENDPOINTS,
    POINT_ENDPOINTS,
    Endpoint,
    Listing,
    xlsx_rows,
)

READS = [e for e in ORG_ENDPOINTS if not e.writes]
WRITES = [e for e in ORG_ENDPOINTS if e.writes]
POINT_READS = [e for e in POINT_ENDPOINTS if not e.writes]
POINT_WRITES = [e for e in POINT_ENDPOINTS if e.writes]
OTHER_TOWNSHIP = "长赤"  # in the name of every organisation and service point of township 2


@pytest.fixture
def as_user(login: Any, api: Any) -> Any:
    """The client of ``username`` for an endpoint: a bearer token for the API, a session for pages."""

    def _as(username: str, endpoint: Endpoint | Listing) -> Any:
        return api(username) if endpoint.api else login(username)

    return _as


# --- A township cadre: its own subtree only --------------------------------------------------------


@pytest.mark.parametrize("target", ["township2", "grassroots2"])
@pytest.mark.parametrize("endpoint", ORG_ENDPOINTS, ids=str)
def test_township_cadre_gets_404_for_an_organisation_of_another_township(
    endpoint: Endpoint, target: str, county: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    response = endpoint.call(as_user("township1", endpoint), county, getattr(county, target).pk)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", POINT_ENDPOINTS, ids=str)
def test_township_cadre_gets_404_for_a_service_point_of_another_township(
    endpoint: Endpoint, county: Any, point2: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    response = endpoint.call(as_user("township1", endpoint), county, point2.pk)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", CREATE_ENDPOINTS, ids=str)
def test_township_cadre_cannot_add_anything_under_another_township(
    endpoint: Endpoint, county: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    response = endpoint.call(as_user("township1", endpoint), county, county.grassroots2.pk)
    # Pages show the form again with the choice refused; the API names the field it cannot find.
    assert response.status_code in (200, 400, 404)
    assert snapshot() == before


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_township_cadre_sees_nothing_of_another_township_in_lists_search_and_exports(
    listing: Listing, county: Any, as_user: Any
) -> None:
    text = listing.text(as_user("township1", listing))
    assert OTHER_TOWNSHIP not in text
    if listing.own:
        assert listing.own in text


def test_township_cadre_lists_exactly_its_own_subtree_through_the_api(county: Any, api: Any) -> None:
    ids = {o["id"] for o in api("township1").get("/api/v1/orgs/").json()["items"]}
    assert ids == {county.township1.pk, county.grassroots1.pk, county.group1.pk}


def test_township_cadre_exports_exactly_its_own_subtree(county: Any, login: Any) -> None:
    rows = xlsx_rows(login("township1").get("/orgs/export.xlsx"))
    assert sorted(row[0] for row in rows[1:]) == ["T1", "T1-G1", "T1-G1-1"]


def test_township_cadre_finds_own_organisation_by_code_but_not_another_townships(
    county: Any, login: Any
) -> None:
    client = login("township1")
    assert [h.label for h in client.get("/search/?q=T1-G1").context["hits"]] == ["南江镇中心小学工会"]
    assert client.get("/search/?q=T2-G1").context["hits"] == []


def test_township_cadre_tree_starts_at_own_township(county: Any, login: Any) -> None:
    response = login("township1").get("/orgs/")
    assert [node.pk for node in response.context["nodes"]] == [county.township1.pk]
    assert "南江县总工会" not in response.content.decode().split('data-testid="org-tree"')[1]


def test_township_cadre_cannot_filter_into_another_township(county: Any, login: Any, api: Any) -> None:
    page = login("township1").get(f"/orgs/list/?within={county.township2.pk}")
    assert list(page.context["page"]) == []
    items = api("township1").get(f"/api/v1/orgs/?parent={county.township2.pk}").json()["items"]
    assert items == []
    points = api("township1").get(f"/api/v1/service-points/?org={county.township2.pk}").json()["items"]
    assert points == []


# --- The federation administrator: everything ------------------------------------------------------


@pytest.mark.parametrize("listing", [x for x in LISTINGS if x.whole_scope], ids=str)
def test_federation_admin_sees_every_township_in_lists_search_and_exports(
    listing: Listing, county: Any, as_user: Any
) -> None:
    text = listing.text(as_user("admin", listing))
    assert OTHER_TOWNSHIP in text


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_federation_admin_reads_organisations_of_every_township(
    endpoint: Endpoint, county: Any, as_user: Any
) -> None:
    for org in (county.federation, county.township2, county.grassroots2):
        assert endpoint.call(as_user("admin", endpoint), county, org.pk).status_code == 200


def test_federation_admin_exports_the_whole_tree(county: Any, login: Any) -> None:
    rows = xlsx_rows(login("admin").get("/orgs/export.xlsx"))
    assert len(rows) == 1 + Organisation.objects.count() == 7


# --- The auditor: reads everything, changes nothing ------------------------------------------------


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_auditor_reads_organisations_of_every_township(endpoint: Endpoint, county: Any, as_user: Any) -> None:
    for org in (county.federation, county.township1, county.grassroots2):
        assert endpoint.call(as_user("auditor", endpoint), county, org.pk).status_code == 200


@pytest.mark.parametrize("endpoint", POINT_READS, ids=str)
def test_auditor_reads_service_points_of_every_township(
    endpoint: Endpoint, county: Any, point1: Any, point2: Any, as_user: Any
) -> None:
    for point in (point1, point2):
        assert endpoint.call(as_user("auditor", endpoint), county, point.pk).status_code == 200


@pytest.mark.parametrize("listing", [x for x in LISTINGS if x.whole_scope], ids=str)
def test_auditor_sees_every_township_in_lists_search_and_exports(
    listing: Listing, county: Any, as_user: Any
) -> None:
    assert OTHER_TOWNSHIP in listing.text(as_user("auditor", listing))


@pytest.mark.parametrize("user", ["auditor", "chair1", "finance"])
@pytest.mark.parametrize("endpoint", WRITES + CREATE_ENDPOINTS, ids=str)
def test_read_only_users_change_no_organisation(
    endpoint: Endpoint, user: str, county: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    for org in (county.grassroots1, county.group1):
        response = endpoint.call(as_user(user, endpoint), county, org.pk)
        assert response.status_code in (403, 404), response.content[:300]
    assert snapshot() == before


@pytest.mark.parametrize("user", ["auditor", "finance"])
@pytest.mark.parametrize("endpoint", POINT_WRITES, ids=str)
def test_read_only_users_change_no_service_point(
    endpoint: Endpoint, user: str, county: Any, point1: Any, point2: Any, as_user: Any, snapshot: Any
) -> None:
    before = snapshot()
    for point in (point1, point2):
        response = endpoint.call(as_user(user, endpoint), county, point.pk)
        assert response.status_code in (403, 404), response.content[:300]
    assert snapshot() == before


def test_auditor_sees_no_action_links_on_an_organisation(county: Any, login: Any) -> None:
    response = login("auditor").get(f"/orgs/{county.grassroots1.pk}/")
    assert response.status_code == 200
    assert not (
        response.context["can_change"]
        or response.context["can_restructure"]
        or response.context["can_add_point"]
    )
    assert f"/orgs/{county.grassroots1.pk}/edit/" not in response.content.decode()
