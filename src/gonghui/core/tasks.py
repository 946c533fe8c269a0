"""Background tasks: django-tasks with the database backend, and progress that pages poll.

A long job (an import of 100,000 rows, a bulk disbursement) is started with
:func:`start_tracked`, which creates a :class:`TaskProgress` row and enqueues the task with its
key; the task wraps its work in :func:`tracking` and reports through :func:`report`.
``manage.py db_worker`` runs the queue.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django_tasks.base import Task

from gonghui.core.models import TaskProgress


def start_tracked(task: Task, *, label: str, owner: Any, total: int = 0, **kwargs: Any) -> TaskProgress:
    """Record a progress row and enqueue ``task(progress_key=..., **kwargs)`` once the row is committed."""
    progress = TaskProgress.objects.create(key=uuid.uuid4().hex, label=label, owner=owner, total=total)
    transaction.on_commit(lambda: task.enqueue(progress_key=progress.key, **kwargs))
    return progress


def report(
    key: str,
    *,
    done: int | None = None,
    total: int | None = None,
    state: str | None = None,
    message: str | None = None,
    result_url: str | None = None,
) -> None:
    """Update a progress row outside any surrounding transaction's fate (a plain UPDATE)."""
    values: dict[str, Any] = {}
    for name, value in (
        ("done", done),
        ("total", total),
        ("state", state),
        ("message", message),
        ("result_url", result_url),
    ):
        if value is not None:
            values[name] = value
    if values:
        TaskProgress.objects.filter(key=key).update(**values)


@contextmanager
def tracking(key: str) -> Iterator[None]:
    """Mark the task running, then done when the block ends, or failed with the error's message.

    The error is raised again, so the task backend records the failure too; without this a
    failed task would leave its progress bar polling for ever.
    """
    report(key, state=TaskProgress.State.RUNNING)
    try:
        yield
    except Exception as exc:
        report(key, state=TaskProgress.State.FAILED, message=str(exc)[:1000] or exc.__class__.__name__)
        raise
    TaskProgress.objects.filter(key=key).exclude(state=TaskProgress.State.FAILED).update(
        state=TaskProgress.State.DONE
    )
