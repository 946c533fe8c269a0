"""One table of the funds pages and API endpoints, shared by the scope and permission tests.

As in ``enterprises.tests.endpoints`` (NetBox's ``ViewTestCases``): a new page or endpoint joins every
scope test by adding one row here.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook


@dataclass(frozen=True)
class Endpoint:
    """A page or API endpoint acting on one fund, entry or donation (``target`` names which of ``books``)."""

    label: str
    method: str
    url: Callable[[int], str]
    target: str = "fund"
    data: dict[str, Any] | None = None
    api: bool = False
    writes: bool = False

    def __str__(self) -> str:
        return self.label

    def call(self, client: Client, pk: int) -> HttpResponse:
        url, data = self.url(pk), self.data or {}
        if self.method == "get":
            return client.get(url)
        if self.api:
            return client.post(url, data=json.dumps(data), content_type="application/json")
        return client.post(url, data)


def _page(name: str) -> Callable[[int], str]:
    return lambda pk: reverse(name, args=[pk])


def _api(prefix: str, suffix: str = "") -> Callable[[int], str]:
    return lambda pk: f"/api/v1/{prefix}/{pk}{suffix}"


ENDPOINTS = [
    Endpoint("fund page", "get", _page("funds:detail")),
    Endpoint("reconciliation page", "get", _page("funds:reconciliation")),
    Endpoint("reconciliation export", "get", _page("funds:reconciliation_export")),
    Endpoint("edit page", "get", _page("funds:edit"), writes=True),
    Endpoint("budget page", "post", _page("funds:budget"), data={"year": 2015, "amount": "1"}, writes=True),
    Endpoint("post page", "post", _page("funds:post"), data={"kind": "income", "amount": "1"}, writes=True),
    Endpoint("reverse page", "post", _page("funds:reverse"), "entry", {"reason": "x"}, writes=True),
    Endpoint("donation page", "get", _page("funds:donation"), "donation"),
    Endpoint("void page", "post", _page("funds:donation_void"), "donation", {"reason": "x"}, writes=True),
    Endpoint("api fund", "get", _api("funds"), api=True),
    Endpoint("api ledger", "get", _api("funds", "/ledger"), api=True),
    Endpoint("api stock", "get", _api("funds", "/stock"), api=True),
    Endpoint("api reconciliation", "get", _api("funds", "/reconciliation"), api=True),
    Endpoint("api reconciliation export", "get", _api("funds", "/reconciliation/export"), api=True),
    Endpoint(
        "api budget",
        "post",
        _api("funds", "/budgets"),
        data={"year": 2015, "amount": "1"},
        api=True,
        writes=True,
    ),
    Endpoint("api income", "post", _api("funds", "/income"), data={"amount": "1"}, api=True, writes=True),
    Endpoint("api expense", "post", _api("funds", "/expense"), data={"amount": "1"}, api=True, writes=True),
    Endpoint("api entry", "get", _api("ledger-entries"), "entry", api=True),
    Endpoint(
        "api reverse",
        "post",
        _api("ledger-entries", "/reverse"),
        "entry",
        {"reason": "x"},
        api=True,
        writes=True,
    ),
    Endpoint("api donation", "get", _api("donations"), "donation", api=True),
    Endpoint(
        "api void", "post", _api("donations", "/void"), "donation", {"reason": "x"}, api=True, writes=True
    ),
]


@dataclass(frozen=True)
class Listing:
    """Everything that shows many funds, entries or donations at once."""

    label: str
    url: str
    api: bool = False
    xlsx: bool = False

    def __str__(self) -> str:
        return self.label

    def text(self, client: Client) -> str:
        response = client.get(self.url)
        assert response.status_code == 200, (self.label, response.status_code)
        if self.xlsx:
            return "\n".join(" ".join(str(c) for c in row if c is not None) for row in xlsx_rows(response))
        if self.api:
            return json.dumps(response.json(), ensure_ascii=False)
        return response.content.decode()


LISTINGS = [
    Listing("funds page", "/funds/"),
    Listing("goods page", "/funds/goods/"),
    Listing("donations page", "/funds/donations/"),
    Listing("donations export", "/funds/donations/export.xlsx", xlsx=True),
    Listing("donor list", "/funds/donors/"),
    Listing("donor list export", "/funds/donors.xlsx", xlsx=True),
    Listing("api funds", "/api/v1/funds/?limit=1000", api=True),
    Listing("api donations", "/api/v1/donations/?limit=1000", api=True),
    Listing("api donations export", "/api/v1/donations/export", api=True, xlsx=True),
    Listing("api donor list", "/api/v1/donations/donors", api=True),
]


def xlsx_rows(response: HttpResponse) -> list[list[Any]]:
    """All rows of the first sheet of an xlsx response, header first."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
