"""Scoping of every list, detail, export and API endpoint of the funds: a township sees its own funds and
donations only, and a guessed id of another township's answers 404, the same as a missing one."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.funds.models import Donation, LedgerEntry
from gonghui.funds.tests.endpoints import ENDPOINTS, LISTINGS

pytestmark = pytest.mark.django_db

TOWNSHIP1_NAMES = ("南江镇帮扶项目资金", "南江镇爱心人士")
TOWNSHIP2_NAMES = ("长赤镇帮扶项目资金", "长赤镇爱心人士")


def _pk(books, endpoint, n: int) -> int:
    target = {"fund": f"fund{n}", "entry": f"expense{n}", "donation": f"donation{n}"}[endpoint.target]
    return books[target].pk


def _client(login, api_as, username: str, endpoint) -> Client:
    return api_as(username) if endpoint.api else login(username)


def _snapshot() -> tuple[int, int, list[str]]:
    return (
        LedgerEntry.objects.count(),
        Donation.objects.count(),
        list(Donation.objects.values_list("status", flat=True)),
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_another_townships_fund_entry_or_donation_answers_404(books, login, api_as, endpoint):
    """Township 2's cadre (reads) and finance officer (reads and writes) cannot reach township 1's records."""
    before = _snapshot()
    users = ["finance2"] if endpoint.writes else ["township2", "finance2"]
    for username in users:
        response = endpoint.call(_client(login, api_as, username, endpoint), _pk(books, endpoint, 1))
        assert response.status_code == 404, (username, response.status_code)
    assert _snapshot() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_the_own_townships_records_answer(books, login, api_as, endpoint):
    username = "finance2" if endpoint.writes else "township2"
    response = endpoint.call(_client(login, api_as, username, endpoint), _pk(books, endpoint, 2))
    assert response.status_code in (200, 201, 302), (username, response.status_code)


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.writes], ids=str)
def test_a_cadre_may_read_the_own_townships_funds_but_not_post(books, login, api_as, endpoint):
    before = _snapshot()
    response = endpoint.call(_client(login, api_as, "township1", endpoint), _pk(books, endpoint, 1))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not e.writes], ids=str)
def test_the_federations_finance_officer_and_auditor_read_everything(books, login, api_as, endpoint):
    for username in ("finance", "auditor", "admin"):
        for n in (1, 2):
            response = endpoint.call(_client(login, api_as, username, endpoint), _pk(books, endpoint, n))
            assert response.status_code == 200, (username, n, response.status_code)


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.writes], ids=str)
def test_the_auditor_reads_but_never_writes(books, login, api_as, endpoint):
    before = _snapshot()
    response = endpoint.call(_client(login, api_as, "auditor", endpoint), _pk(books, endpoint, 1))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_every_listing_shows_only_the_own_townships_funds_and_donations(books, login, api_as, listing):
    for username, own, other in (
        ("township1", TOWNSHIP1_NAMES, TOWNSHIP2_NAMES),
        ("township2", TOWNSHIP2_NAMES, TOWNSHIP1_NAMES),
        ("finance2", TOWNSHIP2_NAMES, TOWNSHIP1_NAMES),
    ):
        client = api_as(username) if listing.api else login(username)
        text = listing.text(client)
        for name in other:
            assert name not in text, (username, listing.label, name)
        if "fund" in listing.label or "goods" in listing.label:
            assert own[0] in text, (username, listing.label)
        else:
            assert own[1] in text, (username, listing.label)


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_the_federation_sees_every_township_in_every_listing(books, login, api_as, listing):
    client = api_as("finance") if listing.api else login("finance")
    text = listing.text(client)
    if "fund" in listing.label or "goods" in listing.label:
        assert TOWNSHIP1_NAMES[0] in text and TOWNSHIP2_NAMES[0] in text
    else:
        assert TOWNSHIP1_NAMES[1] in text and TOWNSHIP2_NAMES[1] in text


@pytest.mark.parametrize("username", ["chair1", "lawyer", "counsellor", "editor"])
def test_roles_without_funds_see_no_funds(books, login, api_as, username):
    assert login(username).get("/funds/").status_code == 403
    response = api_as(username).get("/api/v1/funds/")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert api_as(username).get(f"/api/v1/funds/{books['fund1'].pk}").status_code == 404


def test_a_worker_gets_no_funds_page(books, login):
    assert login("worker1").get("/funds/").status_code == 403


def test_the_exports_are_logged_as_access_events(books, login, api_as):
    from auditlog.models import LogEntry

    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    login("finance").get(f"/funds/{books['fund1'].pk}/reconciliation.xlsx?start=2015-01-01&end=2030-12-31")
    api_as("finance").get("/api/v1/donations/export")
    login("finance").get("/funds/donors.xlsx")
    events = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")[before:]
    reasons = [e.additional_data["reason"] for e in events]
    assert any(r.startswith("reconciliation export 2015-01-01..2030-12-31") for r in reasons)
    assert any(r.startswith("donations export") for r in reasons)
    assert any(r.startswith("donor list export") for r in reasons)
