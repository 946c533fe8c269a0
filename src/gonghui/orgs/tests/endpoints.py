"""One table of the orgs pages and API endpoints, shared by the scope and permission tests.

In the spirit of NetBox's ``ViewTestCases``: a new page or endpoint joins every scope test by
adding one row here, instead of copying tests.
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

from gonghui.orgs.models import Organisation

Data = Callable[[Any, int], dict[str, Any]]


def _none(county: Any, pk: int) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Endpoint:
    """A page or API endpoint acting on one object (an organisation or a service point)."""

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


def _org_api(suffix: str = "") -> Callable[[int], str]:
    return lambda pk: f"/api/v1/orgs/{pk}{suffix}"


def _rename(county: Any, pk: int) -> dict[str, Any]:
    return {"name": "改过名的工会", "kind": Organisation.objects.get(pk=pk).kind}


def _move(county: Any, pk: int) -> dict[str, Any]:
    return {"parent": county.township1.pk}


def _merge(county: Any, pk: int) -> dict[str, Any]:
    return {"into": county.grassroots1.pk}


def _close(county: Any, pk: int) -> dict[str, Any]:
    return {"reason": "企业关停"}


def _child(county: Any, pk: int) -> dict[str, Any]:
    return {"parent": pk, "name": "新建工会", "kind": "grassroots"}


def _point_for(county: Any, pk: int) -> dict[str, Any]:
    return {"org": pk, "name": "新服务点", "kind": "point", "is_active": "on"}


# Endpoints whose object is an organisation.
ORG_ENDPOINTS = [
    Endpoint("detail page", "get", _page("orgs:detail")),
    Endpoint("children fragment", "get", _page("orgs:children")),
    Endpoint("edit page", "get", _page("orgs:edit"), writes=True),
    Endpoint("edit page post", "post", _page("orgs:edit"), _rename, writes=True),
    Endpoint("move page", "get", _page("orgs:move"), writes=True),
    Endpoint("move page post", "post", _page("orgs:move"), _move, writes=True),
    Endpoint("merge page", "get", _page("orgs:merge"), writes=True),
    Endpoint("merge page post", "post", _page("orgs:merge"), _merge, writes=True),
    Endpoint("close page", "get", _page("orgs:close"), writes=True),
    Endpoint("close page post", "post", _page("orgs:close"), _close, writes=True),
    Endpoint("add child page", "get", lambda pk: reverse("orgs:create") + f"?parent={pk}", writes=True),
    Endpoint(
        "add child page post",
        "post",
        lambda pk: reverse("orgs:create") + f"?parent={pk}",
        _child,
        writes=True,
    ),
    Endpoint("add point page", "get", lambda pk: reverse("orgs:point_create") + f"?org={pk}", writes=True),
    Endpoint(
        "add point page post",
        "post",
        lambda pk: reverse("orgs:point_create") + f"?org={pk}",
        _point_for,
        writes=True,
    ),
    Endpoint("api detail", "get", _org_api(), api=True),
    Endpoint("api patch", "patch", _org_api(), lambda c, pk: {"name": "改过名的工会"}, api=True, writes=True),
    Endpoint("api put", "put", _org_api(), lambda c, pk: {"name": "改过名的工会"}, api=True, writes=True),
    Endpoint("api move", "post", _org_api("/move"), _move, api=True, writes=True),
    Endpoint("api merge", "post", _org_api("/merge"), _merge, api=True, writes=True),
    Endpoint("api close", "post", _org_api("/close"), _close, api=True, writes=True),
]


def _point_edit(county: Any, pk: int) -> dict[str, Any]:
    return {"org": county.township1.pk, "name": "改过名的服务点", "kind": "point", "is_active": "on"}


# Endpoints whose object is a service point.
POINT_ENDPOINTS = [
    Endpoint("point detail page", "get", _page("orgs:point_detail")),
    Endpoint("point edit page", "get", _page("orgs:point_edit"), writes=True),
    Endpoint("point edit page post", "post", _page("orgs:point_edit"), _point_edit, writes=True),
    Endpoint("api point detail", "get", lambda pk: f"/api/v1/service-points/{pk}", api=True),
    Endpoint(
        "api point patch",
        "patch",
        lambda pk: f"/api/v1/service-points/{pk}",
        lambda c, pk: {"name": "改过名的服务点", "kind": "point"},
        api=True,
        writes=True,
    ),
]

# Writes that create something new (no object in the path), with a body naming an organisation.
CREATE_ENDPOINTS = [
    Endpoint("add child page post", "post", lambda pk: reverse("orgs:create"), _child, writes=True),
    Endpoint("add point page post", "post", lambda pk: reverse("orgs:point_create"), _point_for, writes=True),
    Endpoint("api create", "post", lambda pk: "/api/v1/orgs/", _child, api=True, writes=True),
    Endpoint(
        "api point create",
        "post",
        lambda pk: "/api/v1/service-points/",
        lambda c, pk: {"org": pk, "name": "新服务点", "kind": "point"},
        api=True,
        writes=True,
    ),
]


@dataclass(frozen=True)
class Listing:
    """A list, search, tree or export: everything that shows many rows at once."""

    label: str
    url: str
    api: bool = False
    xlsx: bool = False
    # What township 1's cadre must find there (None: nothing in particular).
    own: str | None = "南江镇中心小学工会"
    # The tree page shows only the top of the scope; deeper levels come through the children fragment.
    whole_scope: bool = True

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
    Listing("tree page", "/orgs/", own="南江镇工会", whole_scope=False),
    Listing("list page", "/orgs/list/"),
    Listing("list page searching 镇", "/orgs/list/?q=镇"),
    Listing("list page of grassroots unions", "/orgs/list/?kind=grassroots"),
    Listing("points page", "/orgs/points/", own="南江镇维权工作点"),
    Listing("global search", "/search/?q=镇"),
    Listing("global search by code", "/search/?q=T2-G1", own=None),
    Listing("export", "/orgs/export.xlsx", xlsx=True),
    Listing("api list", "/api/v1/orgs/?limit=1000", api=True),
    Listing("api list searching 镇", "/api/v1/orgs/?q=镇", api=True),
    Listing("api points list", "/api/v1/service-points/", api=True, own="南江镇维权工作点"),
    Listing("api export", "/api/v1/orgs/export", api=True, xlsx=True),
]


def xlsx_rows(response: HttpResponse) -> list[list[Any]]:
    """All rows of the first sheet of an xlsx response, header first."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
