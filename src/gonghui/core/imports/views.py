"""Import pages: my jobs, upload, one job (mapping, report, commit, progress), the two workbooks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.scoping import require
from gonghui.core.audit import record_access
from gonghui.core.errors import DomainError, NotFound, PermissionDenied
from gonghui.core.imports import queries, services, sheets
from gonghui.core.imports.forms import MappingForm, UploadForm
from gonghui.core.imports.registry import get_spec, specs_for
from gonghui.core.models import ImportJob
from gonghui.core.pages import apply_service, paginate, staff_required


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    from django.urls import reverse

    return [(_("Imports"), reverse("imports:list")), *extra]


@require_safe
@staff_required()
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = queries.visible_jobs(request.user)
    if request.GET.get("mine", "1") == "1":
        jobs = jobs.filter(created_by=request.user)
    context = {
        "page": paginate(request, jobs),
        "kinds": specs_for(request.user),
        "mine": request.GET.get("mine", "1") == "1",
        "breadcrumbs": [(_("Imports"), "")],
    }
    return render(request, "core/imports/list.html", context)


@staff_required()
def upload(request: HttpRequest) -> HttpResponse:
    if not specs_for(request.user):
        raise DjangoPermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, initial=request.GET)
    if request.method == "POST":
        job = apply_service(
            request,
            form,
            lambda: services.import_start(
                by=request.user,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
                org=form.cleaned_data["org"],
            ),
        )
        if job is not None:
            return redirect("imports:detail", job.pk)
    context = {"form": form, "kinds": specs_for(request.user), "breadcrumbs": _crumbs((_("Upload"), ""))}
    return render(request, "core/imports/upload.html", context)


def _detail(request: HttpRequest, job: ImportJob, mapping_form: MappingForm | None = None) -> HttpResponse:
    spec = get_spec(job.kind)
    if mapping_form is None:
        mapping_form = MappingForm(job=job, spec=spec)
    report = job.report or {}
    context = {
        "job": job,
        "spec": spec,
        "mapping_form": mapping_form,
        "can_map": job.state not in (ImportJob.State.COMMITTED,) and not job.is_busy,
        "missing": services.missing_required(spec, job.mapping or {}),
        "unknown": [services.column_name(job, c) for c in report.get("unknown_columns", [])],
        "page": paginate(request, queries.errors(job), 50),
        "warnings": queries.errors(job, warnings=True)[:200],
        "error_total": report.get("error_total", 0),
        "warning_total": report.get("warning_total", 0),
        "breadcrumbs": _crumbs((job.original_name, "")),
    }
    return render(request, "core/imports/job.html", context)


@require_safe
@staff_required()
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, queries.get_job(request.user, pk))


@require_POST
@staff_required()
def set_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = queries.get_job(request.user, pk)
    form = MappingForm(request.POST, job=job, spec=get_spec(job.kind))
    result = apply_service(
        request,
        form,
        lambda: services.import_validate(
            by=request.user,
            job=services.import_set_mapping(by=request.user, job=job, mapping=form.mapping()),
        ),
    )
    if result is None:
        job.refresh_from_db()
        return _detail(request, job, form)
    return redirect("imports:detail", job.pk)


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    job = queries.get_job(request.user, pk)
    try:
        if action == "validate":
            services.import_validate(by=request.user, job=job)
        else:
            services.import_commit(
                by=request.user, job=job, take_good_rows=request.POST.get("take_good_rows") == "1"
            )
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("imports:detail", job.pk)


@require_POST
@staff_required()
def validate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "validate")


@require_POST
@staff_required()
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "commit")


@require_safe
@staff_required()
def report(request: HttpRequest, pk: int) -> HttpResponse:
    job = queries.get_job(request.user, pk)
    try:
        response = sheets.report_xlsx(job)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("imports:detail", job.pk)
    record_access(job, user=request.user, fields=["file"], reason="import error report")
    return response


@require_safe
@staff_required()
def template(request: HttpRequest, kind: str) -> HttpResponse:
    spec = get_spec(kind)
    try:
        require(request.user, spec.perm)
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    return sheets.template_xlsx(spec)
