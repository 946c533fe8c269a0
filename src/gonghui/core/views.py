"""Home, global search, health checks, task progress and the audit log pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gonghui.core import queries
from gonghui.core.audit import record_access
from gonghui.core.audit_export import audit_xlsx
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.exports import xlsx_response
from gonghui.core.extensions import home_counters, search_all
from gonghui.core.forms import AuditFilterForm
from gonghui.core.pages import paginate, staff_required


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """The database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means not ready
        return JsonResponse({"status": "unavailable", "detail": exc.__class__.__name__}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_worker:
        return render(request, "core/worker_home.html")
    return render(request, "core/home.html", {"counters": home_counters(request.user), "demo": settings.DEMO})


@staff_required()
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    hits = search_all(request.user, query) if query else []
    return render(request, "core/search.html", {"q": query, "hits": hits, "breadcrumbs": [(_("Search"), "")]})


@login_required
def task_progress(request: HttpRequest, key: str) -> HttpResponse:
    """A progress bar fragment that htmx polls until the task ends; another user's task is not there."""
    try:
        progress = queries.task_progress(request.user, key)
    except NotFound:
        raise Http404 from None
    return render(request, "core/task_progress.html", {"progress": progress})


def _audit_entries(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet]:
    """The entries the filters ask for; a filter that cannot be applied shows nothing, not everything."""
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, queries.audit_log(request.user).none()
    try:
        entries = queries.audit_log(request.user, **form.filters())
    except DomainError as exc:
        exc.add_to_form(form)
        entries = queries.audit_log(request.user).none()
    return form, entries


@require_safe
@staff_required("audit.view")
def audit_list(request: HttpRequest) -> HttpResponse:
    form, entries = _audit_entries(request)
    context = {"form": form, "page": paginate(request, entries, 50), "breadcrumbs": [(_("Audit log"), "")]}
    return render(request, "core/audit_list.html", context)


@require_safe
@staff_required("audit.export")
def audit_export(request: HttpRequest) -> HttpResponse:
    _form, entries = _audit_entries(request)
    record_access(request.user, user=request.user, fields=["audit_log"], reason=request.GET.urlencode()[:500])
    return xlsx_response(audit_xlsx(entries), "audit-log")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def root(request: HttpRequest) -> HttpResponse:
    return redirect("core:home")
