"""The REST API under /api/v1/: one NinjaAPI, one router per app, errors in one format.

Errors are ``{"detail": "...", "errors": [{"field", "message"}]}`` in the language of
Accept-Language (zh-hans by default).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gonghui.accounts.api import router as auth_router
from gonghui.accounts.api_auth import BearerAuth, SessionAuth
from gonghui.bargaining import api as bargaining_api
from gonghui.core.api import router as core_router
from gonghui.core.errors import DomainError
from gonghui.core.imports.api import router as imports_router
from gonghui.enterprises.api import router as enterprises_router
from gonghui.funds import api as funds_api
from gonghui.hardship import api as hardship_api
from gonghui.hardship.campaign_api import router as campaigns_router
from gonghui.hardship.configuration_api import rules as aid_rules_router
from gonghui.hardship.configuration_api import standards as standards_router
from gonghui.orgs.api import points as points_router
from gonghui.orgs.api import regions as regions_router
from gonghui.orgs.api import router as orgs_router
from gonghui.people.api import households_router, memberships_router
from gonghui.people.api import router as people_router
from gonghui.rights.api import router as rights_router

logger = logging.getLogger("gonghui.api")

api = NinjaAPI(
    title="Gonghui API",
    version="1",
    description="工会服务管理平台 REST API. Authenticate with POST /api/v1/auth/token, "
    "then send `Authorization: Bearer <token>`.",
    auth=[BearerAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_validation_item(item) for item in exc.errors]
    return _error(request, 400, _("Some fields are missing or not valid."), errors)


def _validation_item(item: dict[str, Any]) -> dict[str, Any]:
    location = [str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path", "payload", "form")]
    field = ".".join(location) or None
    kind = item.get("type", "")
    if kind == "missing":
        message = _("This field is required.")
    elif kind.startswith(("int", "float", "decimal")):
        message = _("Enter a number.")
    elif kind.startswith(("date", "datetime")):
        message = _("Enter a date as YYYY-MM-DD.")
    elif kind.startswith("bool"):
        message = _("Enter true or false.")
    elif kind in ("string_too_long",):
        message = _("This text is too long.")
    elif kind in ("enum", "literal_error"):
        message = _("Choose one of the allowed values.")
    elif kind == "json_invalid":
        message = _("The request body is not valid JSON.")
    else:
        message = _("This value is not valid.")
    return {"field": field, "message": message}


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Sign in first, or send a valid API token."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found, or outside your scope."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {
        400: _("The request body is not valid JSON."),
        403: _("You do not have permission to do this."),
        405: _("This method is not allowed here."),
        429: _("Too many requests; try again later."),
    }
    return _error(request, exc.status_code, str(messages.get(exc.status_code, exc)))


@api.exception_handler(OverflowError)
def number_too_large(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """An id or amount beyond what the database holds (10**20): bad input, not a failure."""
    return _error(request, 400, _("A number in the request is too large."))


@api.exception_handler(DataError)
def value_does_not_fit(request: HttpRequest, exc: DataError) -> HttpResponse:
    """PostgreSQL's answer to the same (numeric value out of range); the transaction rolled back."""
    return _error(request, 400, _("A number in the request is too large."))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An unexpected failure: logged with its traceback; services are atomic, so nothing half-saved."""
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, _("Something went wrong on the server; nothing was saved. Please try again."))


api.add_router("/auth/", auth_router)
api.add_router("/orgs/", orgs_router)
api.add_router("/service-points/", points_router)
api.add_router("/regions/", regions_router)
api.add_router("/people/", people_router)
api.add_router("/households/", households_router)
api.add_router("/memberships/", memberships_router)
api.add_router("/enterprises/", enterprises_router)
api.add_router("/imports/", imports_router)
api.add_router("/funds/", funds_api.funds)
api.add_router("/donations/", funds_api.donations)
api.add_router("/ledger-entries/", funds_api.ledger_entries)
api.add_router("/hardship-files/", hardship_api.files)
api.add_router("/aid-applications/", hardship_api.aid)
api.add_router("/aid-rules/", aid_rules_router)
api.add_router("/minimum-living-standards/", standards_router)
api.add_router("/supervision/", hardship_api.supervision)
api.add_router("/wishes/", hardship_api.wishes)
api.add_router("/campaigns/", campaigns_router)
api.add_router("/contracts/", bargaining_api.contracts)
api.add_router("/openness-records/", bargaining_api.openness)
api.add_router("/surveys/", bargaining_api.surveys)
api.add_router("/kpis/bargaining", bargaining_api.kpis)
api.add_router("/", rights_router)  # /consultations/, /rights-cases/, /duty-shifts/, …
api.add_router("/", core_router)
