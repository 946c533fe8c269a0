"""Background tasks of large imports; the ImmediateBackend runs them inline in tests."""

from __future__ import annotations

from django_tasks import task

from gonghui.core.imports import engine
from gonghui.core.tasks import report, tracking


@task()
def validate_import(progress_key: str, job_id: int) -> None:
    with tracking(progress_key):
        job = engine.validate_job(job_id, progress_key)
        report(progress_key, done=job.rows, total=job.rows, message=job.message, result_url=_url(job_id))


@task()
def commit_import(progress_key: str, job_id: int, take_good_rows: bool = False) -> None:
    with tracking(progress_key):
        job = engine.commit_job(job_id, take_good_rows, progress_key)
        report(progress_key, done=job.rows, total=job.rows, message=job.message, result_url=_url(job_id))


def _url(job_id: int) -> str:
    from django.urls import reverse

    return reverse("imports:detail", args=[job_id])
