"""One table of the bargaining pages and API endpoints, shared by the scope and permission tests.

As in ``enterprises.tests.endpoints`` (NetBox's ``ViewTestCases``): a new page or endpoint joins
every scope test by adding one row here.
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

Data = Callable[[Any, dict[str, Any]], dict[str, Any]]


def _none(county: Any, records: dict[str, Any]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Endpoint:
    """A page or API endpoint acting on one record (``record``: contract, survey or openness)."""

    label: str
    method: str
    url: Callable[[int], str]
    record: str = "contract"
    data: Data = _none
    api: bool = False
    writes: bool = False  # a form page counts as writing even when fetched with GET

    def __str__(self) -> str:
        return self.label

    def call(
        self, client: Client, county: Any, records: dict[str, Any], pk: int | None = None
    ) -> HttpResponse:
        url = self.url(records[self.record].pk if pk is None else pk)
        data = self.data(county, records)
        if self.method == "get":
            return client.get(url)
        if self.api:
            return getattr(client, self.method)(url, data=json.dumps(data), content_type="application/json")
        return client.post(url, data)


def _page(name: str) -> Callable[[int], str]:
    return lambda pk: reverse(name, args=[pk])


def _api(prefix: str, suffix: str = "") -> Callable[[int], str]:
    return lambda pk: f"/api/v1/{prefix}/{pk}{suffix}"


def _edit(county: Any, records: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "wage_special",
        "title": "改过的合同",
        "enterprises": [records["contract"].enterprises.first().pk],
        "signed_on": "2014-12-20",
        "term_start": "2015-01-01",
        "term_end": "2015-12-31",
        "covered_employees": 10,
    }


def _file(county: Any, records: dict[str, Any]) -> dict[str, Any]:
    return {"filed_on": "2015-01-05", "filing_number": "南人社集备〔2015〕999号"}


def _terminate(county: Any, records: dict[str, Any]) -> dict[str, Any]:
    return {"on": "2015-06-01", "reason": "企业停产"}


def _check(county: Any, records: dict[str, Any]) -> dict[str, Any]:
    return {"year": 2015, "result": "fulfilled", "checked_on": "2015-11-01"}


def _paper_page(county: Any, records: dict[str, Any]) -> dict[str, Any]:
    return {"satisfied": 3}


def _paper_api(county: Any, records: dict[str, Any]) -> dict[str, Any]:
    return {"counts": {"satisfied": 3}}


ENDPOINTS = [
    Endpoint("contract page", "get", _page("bargaining:contract")),
    Endpoint("contract edit page", "get", _page("bargaining:contract_edit"), writes=True),
    Endpoint("contract edit page post", "post", _page("bargaining:contract_edit"), data=_edit, writes=True),
    Endpoint("contract filing page post", "post", _page("bargaining:contract_file"), data=_file, writes=True),
    Endpoint("contract terminate page", "get", _page("bargaining:contract_terminate"), writes=True),
    Endpoint(
        "contract terminate page post",
        "post",
        _page("bargaining:contract_terminate"),
        data=_terminate,
        writes=True,
    ),
    Endpoint("check page post", "post", _page("bargaining:check_create"), data=_check, writes=True),
    Endpoint("api contract", "get", _api("contracts"), api=True),
    Endpoint("api contract checks", "get", _api("contracts", "/checks"), api=True),
    Endpoint(
        "api contract patch",
        "patch",
        _api("contracts"),
        data=lambda c, r: {"title": "改"},
        api=True,
        writes=True,
    ),
    Endpoint("api contract file", "post", _api("contracts", "/file"), data=_file, api=True, writes=True),
    Endpoint(
        "api contract terminate",
        "post",
        _api("contracts", "/terminate"),
        data=_terminate,
        api=True,
        writes=True,
    ),
    Endpoint("api contract check", "post", _api("contracts", "/checks"), data=_check, api=True, writes=True),
    Endpoint("survey page", "get", _page("bargaining:survey"), record="survey"),
    Endpoint(
        "survey paper entry post", "post", _page("bargaining:survey"), "survey", _paper_page, writes=True
    ),
    Endpoint("survey close post", "post", _page("bargaining:survey_close"), record="survey", writes=True),
    Endpoint("api survey", "get", _api("surveys"), record="survey", api=True),
    Endpoint("api survey responses", "get", _api("surveys", "/responses"), record="survey", api=True),
    Endpoint(
        "api survey paper entry",
        "post",
        _api("surveys", "/responses"),
        "survey",
        _paper_api,
        api=True,
        writes=True,
    ),
    Endpoint("api survey close", "post", _api("surveys", "/close"), record="survey", api=True, writes=True),
    Endpoint("api openness record", "get", _api("openness-records"), record="openness", api=True),
]


@dataclass(frozen=True)
class Listing:
    """A list, export or figure page: everything that shows many records at once."""

    label: str
    url: str
    own: str | None  # what township 1's cadre must find there
    api: bool = False
    xlsx: bool = False
    writes: bool = False  # an entry sheet: only for those who may change records

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


def _figure_records() -> list[Listing]:
    own = {
        "signing_rate": "光雾山",
        "openness_rate": "光雾山",
        "fulfilment_rate": "光雾山",
        "satisfaction_rate": "南江镇",
    }
    return [
        Listing(f"{key} {part} records page", f"/bargaining/figures/{key}/{part}/?year=2015", own[key])
        for key in own
        for part in ("numerator", "denominator")
    ]


LISTINGS = [
    Listing("contract list page", "/bargaining/contracts/", "光雾山"),
    Listing("contract list page searching", "/bargaining/contracts/?q=有限公司", "光雾山"),
    Listing(
        "contract list page in force on a day",
        "/bargaining/contracts/?state=in_force&on=2015-06-30",
        "光雾山",
    ),
    Listing("contract export", "/bargaining/contracts/export.xlsx", "光雾山", xlsx=True),
    Listing("uncovered page", "/bargaining/contracts/uncovered/?on=2015-06-30", "南慧"),
    Listing("expiring page", "/bargaining/contracts/expiring/?on=2015-12-01&days=60", "光雾山"),
    Listing("openness page", "/bargaining/openness/", "光雾山"),
    Listing("openness entry sheet", "/bargaining/openness/entry/?year=2015", "光雾山", writes=True),
    Listing("survey list page", "/bargaining/surveys/", "南江镇"),
    *_figure_records(),
    Listing("api contract list", "/api/v1/contracts/?limit=1000", "光雾山", api=True),
    Listing("api contract export", "/api/v1/contracts/export", "光雾山", api=True, xlsx=True),
    Listing("api expiring", "/api/v1/contracts/expiring?on=2015-12-01", "光雾山", api=True),
    Listing("api uncovered", "/api/v1/contracts/uncovered-enterprises?on=2015-06-30", "南慧", api=True),
    Listing("api openness list", "/api/v1/openness-records/", "光雾山", api=True),
    Listing("api survey list", "/api/v1/surveys/", "南江镇", api=True),
]


def xlsx_rows(response: HttpResponse) -> list[list[Any]]:
    """All rows of the first sheet of an xlsx response, header first."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
