"""Staff pages of the organisation tree, service points and regions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core.pages import paginate, staff_required
from gonghui.orgs import queries


@staff_required("orgs.view")
def tree(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "orgs/tree.html",
        {"roots": queries.scope_roots(request.user), "breadcrumbs": [(_("Organisations"), "")]},
    )


@staff_required("orgs.view")
def org_list(request: HttpRequest) -> HttpResponse:
    rows = queries.organisation_list(request.user, request.GET)
    return render(request, "orgs/list.html", {"page": paginate(request, rows)})


@staff_required("orgs.view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = queries.organisation(request.user, pk)
    return render(request, "orgs/detail.html", {"org": org, "children": queries.children(request.user, org)})


@staff_required("orgs.view")
def point_list(request: HttpRequest) -> HttpResponse:
    rows = queries.service_point_list(request.user, request.GET)
    return render(request, "orgs/points.html", {"page": paginate(request, rows)})


@staff_required("orgs.view")
def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/regions.html", {"page": paginate(request, queries.regions(), 50)})
