"""The funds API: lists as {"items", "count"}, errors as DESIGN.md says, postings, reversals, donations."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gonghui.funds import queries
from gonghui.funds.models import Donation, Fund, LedgerEntry

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_the_fund_list_has_items_count_balance_and_budget_use(books, api, finance):
    from gonghui.funds import services

    services.budget_set(by=finance, fund=books["fund1"], year=2015, amount="10000")
    body = api("finance").get("/api/v1/funds/?year=2015").json()
    assert body["count"] == 2
    fund1 = next(f for f in body["items"] if f["id"] == books["fund1"].pk)
    assert fund1["balance"] == "1400.00"  # 1,000 + 500 donated − 100
    assert fund1["budget"] == "10000.00" and fund1["budget_year"] == 2015
    assert fund1["org"] == books["fund1"].org_id


def test_posting_income_and_expense_through_the_api(fed_fund, api):
    client = api("finance")
    response = _post(client, f"/api/v1/funds/{fed_fund.pk}/income", {"amount": "100.10", "memo": "拨款"})
    assert response.status_code == 201
    assert response.json()["signed_amount"] == "100.10"
    response = _post(client, f"/api/v1/funds/{fed_fund.pk}/expense", {"amount": 0.1})
    assert response.status_code == 201 and response.json()["amount"] == "0.10"
    assert queries.balance(fed_fund) == Decimal("100.00")


def test_an_overdraft_answers_409_in_the_error_format_and_writes_nothing(fed_fund, api):
    client = api("finance")
    _post(client, f"/api/v1/funds/{fed_fund.pk}/income", {"amount": "50"})
    response = _post(client, f"/api/v1/funds/{fed_fund.pk}/expense", {"amount": "50.01"})
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] and body["errors"] == [{"field": "amount", "message": body["detail"]}]
    assert LedgerEntry.objects.count() == 1


def test_the_error_speaks_the_callers_language(fed_fund, api):
    response = _post(api("finance"), f"/api/v1/funds/{fed_fund.pk}/expense", {"amount": "1"})
    assert response.status_code == 409
    english = api("finance").post(
        f"/api/v1/funds/{fed_fund.pk}/expense",
        data=json.dumps({"amount": "1"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Insufficient balance" in english.json()["detail"]


def test_bad_amounts_answer_400_with_the_field(fed_fund, api):
    client = api("finance")
    for amount in ("1.001", "-3", "abc"):
        response = _post(client, f"/api/v1/funds/{fed_fund.pk}/income", {"amount": amount})
        assert response.status_code == 400, amount
        assert response.json()["errors"][0]["field"] == "amount"
    assert not LedgerEntry.objects.exists()


def test_reversing_through_the_api_and_a_second_time_answers_409(fed_fund, api):
    client = api("finance")
    _post(client, f"/api/v1/funds/{fed_fund.pk}/income", {"amount": "1000"})
    paid = _post(client, f"/api/v1/funds/{fed_fund.pk}/expense", {"amount": "800"}).json()
    first = _post(client, f"/api/v1/ledger-entries/{paid['id']}/reverse", {"reason": "银行退票"})
    assert first.status_code == 201 and first.json()["reverses"] == paid["id"]
    assert client.get(f"/api/v1/ledger-entries/{paid['id']}").json()["reversed_by"] == first.json()["id"]
    second = _post(client, f"/api/v1/ledger-entries/{paid['id']}/reverse", {"reason": "再退"})
    assert second.status_code == 409
    assert queries.balance(fed_fund) == Decimal("1000.00")


def test_no_endpoint_changes_or_deletes_a_ledger_entry(fed_fund, api):
    client = api("admin")
    entry = _post(client, f"/api/v1/funds/{fed_fund.pk}/income", {"amount": "10"}).json()
    url = f"/api/v1/ledger-entries/{entry['id']}"
    assert client.patch(url, data="{}", content_type="application/json").status_code == 405
    assert client.put(url, data="{}", content_type="application/json").status_code == 405
    assert client.delete(url).status_code == 405
    assert LedgerEntry.objects.get(pk=entry["id"]).amount == Decimal("10.00")


def test_no_api_route_writes_ledger_entries_except_posting_and_reversing():
    from gonghui.api import api

    routes = [
        (path, method)
        for path, methods in _routes(api)
        for method in methods
        if "ledger" in path or "entries" in path
    ]
    assert {(p, m) for p, m in routes if m != "GET"} == {
        ("/api/v1/ledger-entries/{entry_id}/reverse", "POST")
    }


def _routes(api):
    for prefix, router in api._routers:
        for path, operations in router.path_operations.items():
            methods = {m for op in operations.operations for m in op.methods}
            yield (
                ("/api/v1" + (prefix.rstrip("/") + "/" + path.lstrip("/")).replace("//", "/")).replace(
                    "{int:", "{"
                ),
                methods,
            )


def test_goods_and_transfers_through_the_api(fed_fund, fund1, api, quilt):
    client = api("finance")
    response = _post(client, f"/api/v1/funds/{fed_fund.pk}/goods-in", {"item": quilt.pk, "quantity": 5})
    assert response.status_code == 201 and response.json()["quantity"] == 5
    response = _post(
        client,
        f"/api/v1/funds/{fed_fund.pk}/transfer",
        {"to_fund": fund1.pk, "item": quilt.pk, "quantity": 2},
    )
    assert response.status_code == 201
    assert response.json()["in_entry"]["pair"] == response.json()["out_entry"]["id"]
    response = _post(client, f"/api/v1/funds/{fed_fund.pk}/goods-out", {"item": quilt.pk, "quantity": 4})
    assert response.status_code == 409
    stock = client.get(f"/api/v1/funds/{fed_fund.pk}/stock").json()
    assert stock == [{"item": quilt.pk, "item_name": "棉被", "unit": "床", "quantity": 3, "value": "0.00"}]


def test_recording_a_donation_through_the_api(fed_fund, api, rice):
    client = api("finance")
    response = _post(
        client,
        "/api/v1/donations/",
        {
            "fund": fed_fund.pk,
            "kind": "goods",
            "received_on": "2015-07-03",
            "donor_kind": "named",
            "donor_name": "南江商会",
            "lines": [{"item": rice.pk, "quantity": 100, "unit_value": "150.00"}],
            "earmark": "6·28 flood relief",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["receipt_no"] == "JZ2015-000001" and body["amount"] == "15000.00"
    assert body["lines"][0]["quantity"] == 100
    assert queries.stock(fed_fund, rice) == 100
    donors = client.get("/api/v1/donations/donors?earmark=6·28 flood relief").json()
    assert donors["count"] == 1 and donors["items"][0]["name"] == "南江商会"
    assert donors["goods_value"] == "15000.00"


def test_a_donation_into_a_fund_out_of_scope_is_refused_on_the_field(books, api_as):
    response = _post(
        api_as("finance2"),
        "/api/v1/donations/",
        {
            "fund": books["fund1"].pk,
            "kind": "money",
            "amount": "1",
            "received_on": "2015-07-03",
            "donor_kind": "named",
            "donor_name": "x",
        },
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "fund"
    assert Donation.objects.count() == 2


def test_a_donation_with_missing_fields_lists_them(fed_fund, api):
    response = _post(api("finance"), "/api/v1/donations/", {"fund": fed_fund.pk})
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"kind", "received_on", "donor_kind"} <= fields


def test_voiding_a_donation_through_the_api(books, api):
    client = api("finance")
    donation = books["donation1"]
    response = _post(client, f"/api/v1/donations/{donation.pk}/void", {"reason": "重复登记"})
    assert response.status_code == 200 and response.json()["status"] == "void"
    assert _post(client, f"/api/v1/donations/{donation.pk}/void", {"reason": "again"}).status_code == 409


def test_opening_a_fund_and_setting_its_budget(county, api):
    client = api("finance")
    response = _post(client, "/api/v1/funds/", {"name": "工会经费", "kind": "union"})
    assert response.status_code == 201
    fund = Fund.objects.get(pk=response.json()["id"])
    assert fund.org == county.federation
    response = _post(client, f"/api/v1/funds/{fund.pk}/budgets", {"year": 2015, "amount": "800000"})
    assert response.status_code == 201 and response.json()["amount"] == "800000.00"
    assert _post(client, "/api/v1/funds/", {"name": "工会经费", "kind": "union"}).status_code == 400
    assert _post(api("township1"), "/api/v1/funds/", {"name": "x", "kind": "union"}).status_code == 403


def test_the_ledger_pages_with_limit_and_offset_and_filters(fed_fund, api):
    client = api("finance")
    for n in range(5):
        _post(client, f"/api/v1/funds/{fed_fund.pk}/income", {"amount": str(n + 1)})
    _post(client, f"/api/v1/funds/{fed_fund.pk}/expense", {"amount": "1"})
    body = client.get(f"/api/v1/funds/{fed_fund.pk}/ledger?limit=2&offset=0").json()
    assert body["count"] == 6 and len(body["items"]) == 2
    assert body["items"][0]["kind"] == "expense"  # newest first
    assert client.get(f"/api/v1/funds/{fed_fund.pk}/ledger?kind=income").json()["count"] == 5
    bad = client.get(f"/api/v1/funds/{fed_fund.pk}/ledger?kind=nonsense")
    assert bad.status_code == 400
