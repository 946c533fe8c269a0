"""One table of the enterprise pages and API endpoints, shared by the scope and permission tests.

As in ``orgs.tests.endpoints`` (NetBox's ``ViewTestCases``): a new page or endpoint joins every
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

Data = Callable[[Any, int], dict[str, Any]]


def _none(county: Any, pk: int) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Endpoint:
    """A page or API endpoint acting on one enterprise (``pk``), or creating one."""

    label: str
    method: str
    url: Callable[[int], str]
    data: Data = _none
    api: bool = False
    writes: bool = False  # a form page counts as writing even when fetched with GET

    def __str__(self) -> str:
        return self.label

    def call(self, client: Client, county: Any, pk: int) -> HttpResponse:
        url, data = self.url(pk), self.data(county, pk)
        if self.method == "get":
            return client.get(url)
        if self.api:
            return getattr(client, self.method)(url, data=json.dumps(data), content_type="application/json")
        return client.post(url, data)


def _page(name: str) -> Callable[[int], str]:
    return lambda pk: reverse(name, args=[pk])


def _api(suffix: str = "") -> Callable[[int], str]:
    return lambda pk: f"/api/v1/enterprises/{pk}{suffix}"


def _form(county: Any, pk: int) -> dict[str, Any]:
    return {"org": county.township1.pk, "name": "改过名的企业", "type": "private", "employee_count": 5}


def _close(county: Any, pk: int) -> dict[str, Any]:
    return {"reason": "企业注销"}


ENTERPRISE_ENDPOINTS = [
    Endpoint("detail page", "get", _page("enterprises:detail")),
    Endpoint("edit page", "get", _page("enterprises:edit"), writes=True),
    Endpoint("edit page post", "post", _page("enterprises:edit"), _form, writes=True),
    Endpoint("close page", "get", _page("enterprises:close"), writes=True),
    Endpoint("close page post", "post", _page("enterprises:close"), _close, writes=True),
    Endpoint("api detail", "get", _api(), api=True),
    Endpoint("api patch", "patch", _api(), lambda c, pk: {"name": "改过名的企业"}, api=True, writes=True),
    Endpoint("api close", "post", _api("/close"), _close, api=True, writes=True),
]


def _new(county: Any, pk: int) -> dict[str, Any]:
    """A new enterprise kept by organisation ``pk``."""
    return {"org": pk, "name": "新登记的企业", "type": "private", "employee_count": 3}


CREATE_ENDPOINTS = [
    Endpoint("create page post", "post", lambda pk: reverse("enterprises:create"), _new, writes=True),
    Endpoint("api create", "post", lambda pk: "/api/v1/enterprises/", _new, api=True, writes=True),
]


@dataclass(frozen=True)
class Listing:
    """A list, search or export: everything that shows many enterprises at once."""

    label: str
    url: str
    api: bool = False
    xlsx: bool = False
    own: str | None = "南江县光雾山米业有限公司"  # what township 1's cadre must find there

    def __str__(self) -> str:
        return self.label

    def text(self, client: Client) -> str:
        """The listing's content as text (an xlsx file's cells joined), after checking it answered 200."""
        response = client.get(self.url)
        assert response.status_code == 200, (self.label, response.status_code)
        if self.xlsx:
            return "\n".join(" ".join(str(c) for c in row if c is not None) for row in xlsx_rows(response))
        if self.api:
            return json.dumps(response.json(), ensure_ascii=False)
        return response.content.decode()


LISTINGS = [
    Listing("list page", "/enterprises/"),
    Listing("list page searching 米业", "/enterprises/?q=米业"),
    Listing("list page searching initials", "/enterprises/?q=my"),
    Listing("list page searching a code prefix", "/enterprises/?q=915119"),
    Listing("list page of caring enterprises", "/enterprises/?is_caring=true", own=None),
    Listing("list page with a union", "/enterprises/?has_union=true"),
    Listing("global search by name", "/search/?q=米业"),
    Listing("global search by initials", "/search/?q=my"),
    Listing("global search by code prefix", "/search/?q=915119"),
    Listing("export", "/enterprises/export.xlsx", xlsx=True),
    Listing("export searching 米业", "/enterprises/export.xlsx?q=米业", xlsx=True),
    Listing("api list", "/api/v1/enterprises/?limit=1000", api=True),
    Listing("api list searching 米业", "/api/v1/enterprises/?q=米业", api=True),
    Listing("api list searching a code prefix", "/api/v1/enterprises/?q=915119", api=True),
    Listing("api list of caring enterprises", "/api/v1/enterprises/?is_caring=true", api=True, own=None),
    Listing("api export", "/api/v1/enterprises/export", api=True, xlsx=True),
]


def xlsx_rows(response: HttpResponse) -> list[list[Any]]:
    """All rows of the first sheet of an xlsx response, header first."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
