"""Background tasks of large imports; the ImmediateBackend runs them inline in tests."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django_tasks import task

from gonghui.core.imports import engine
from gonghui.core.tasks import report, tracking


@task()
def validate_import(progress_key: str, job_id: int, by_id: int | None = None) -> None:
    with tracking(progress_key):
        job = _acting(by_id, job_id, lambda: engine.validate_job(job_id, progress_key, by_id))
        report(progress_key, done=job.rows, total=job.rows, message=job.message, result_url=_url(job_id))


@task()
def commit_import(
    progress_key: str, job_id: int, take_good_rows: bool = False, by_id: int | None = None
) -> None:
    with tracking(progress_key):
        job = _acting(by_id, job_id, lambda: engine.commit_job(job_id, take_good_rows, progress_key, by_id))
        report(progress_key, done=job.rows, total=job.rows, message=job.message, result_url=_url(job_id))


def _acting(by_id: int | None, job_id: int, work: Callable[[], Any]) -> Any:
    """Run ``work`` with the audit log's actor set, as a request would have set it.

    django-auditlog's ``set_actor`` leaves its context variable set when it ends; running in a copy
    of the context keeps that from leaking into whatever the worker runs next.
    """
    from auditlog.context import set_actor

    from gonghui.core.models import ImportJob

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    user = (
        job.created_by
        if by_id in (None, job.created_by_id)
        else job.created_by.__class__.objects.get(pk=by_id)
    )

    def run() -> Any:
        with set_actor(user):
            return work()

    return contextvars.copy_context().run(run)


def _url(job_id: int) -> str:
    from django.urls import reverse

    return reverse("imports:detail", args=[job_id])
