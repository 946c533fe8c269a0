"""Tasks the tests enqueue; django-tasks needs them importable at module level."""

from __future__ import annotations

from django_tasks import task

from gonghui.core.tasks import report, tracking


@task()
def count_to(progress_key: str, n: int) -> int:
    with tracking(progress_key):
        report(progress_key, total=n)
        for i in range(n):
            report(progress_key, done=i + 1)
    return n


@task()
def fail_halfway(progress_key: str) -> None:
    with tracking(progress_key):
        report(progress_key, total=10, done=5)
        raise ValueError("row 6 is not valid")
