"""Audit helpers: who is acting, and access events for reads of sensitive records.

Changes are logged by django-auditlog for every registered model. Reads of sensitive records (ID
numbers in full, income, health, counselling, case files) are logged here as ``access`` entries
naming the fields that were shown. Log rows are never edited or deleted through the application:
there is no page, API or service that does so, and on PostgreSQL a trigger refuses it in the
database (migration ``core.0002``). The one way out is :func:`prune_audit_log`, which deletes
entries past the retention period (``AUDITLOG_RETENTION_DAYS``, never less than six months).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

MIN_RETENTION_DAYS = 183  # six months: the law on personal data asks for at least that


def set_request_actor(user: Any) -> None:
    """Name the actor of this request's log entries when it authenticated late (API bearer tokens)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def current_remote_addr() -> str | None:
    try:
        return auditlog_value.get().get("remote_addr")
    except LookupError:
        return None


def record_access(
    instance: models.Model, *, user: Any, fields: Iterable[str] = (), reason: str = ""
) -> LogEntry:
    """Log that ``user`` read the sensitive ``fields`` of ``instance``."""
    field_list = sorted(set(fields))
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance.__class__),
        object_pk=str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=str(instance)[:200],
        action=LogEntry.Action.ACCESS,
        actor=user if getattr(user, "is_authenticated", False) else None,
        changes={"fields": field_list} if field_list else None,
        changes_text=", ".join(field_list),
        additional_data={"reason": reason} if reason else None,
        remote_addr=current_remote_addr(),
    )


def record_event(
    instance: models.Model, *, user: Any, changes: dict[str, list[Any]], note: str = ""
) -> LogEntry:
    """Log a change that does not pass through ``save()`` (a tree move, a merge) with before/after values."""
    entry = _event(instance, user, changes, note)
    entry.save()
    return entry


def record_events(events: Sequence[tuple[models.Model, dict[str, list[Any]], str]], *, user: Any) -> None:
    """:func:`record_event` for each of many objects changed at once (``(object, changes, note)``).

    A bulk change (thousands of grants handed over in one step) is logged object by object like
    a single one, in one insert per thousand entries.
    """
    entries = [_event(instance, user, changes, note) for instance, changes, note in events]
    LogEntry.objects.bulk_create(entries, batch_size=1000)


def _event(instance: models.Model, user: Any, changes: dict[str, list[Any]], note: str) -> LogEntry:
    """The unsaved entry of one change (content types are cached by Django, so a thousand cost one query)."""
    return LogEntry(
        content_type=ContentType.objects.get_for_model(instance.__class__),
        object_pk=str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=str(instance)[:200],
        action=LogEntry.Action.UPDATE,
        actor=user if getattr(user, "is_authenticated", False) else None,
        changes={k: [str(v[0]), str(v[1])] for k, v in changes.items()},
        changes_text=note,
        additional_data={"note": note} if note else None,
        remote_addr=current_remote_addr(),
    )


def prune_audit_log(*, days: int | None = None) -> int:
    """Delete entries older than the retention period; returns how many went.

    The period is ``days`` or ``AUDITLOG_RETENTION_DAYS`` and never shorter than six months. On
    PostgreSQL the append-only trigger is lifted for this transaction only (``SET LOCAL``).
    """
    keep = max(days or settings.AUDITLOG_RETENTION_DAYS, MIN_RETENTION_DAYS)
    cutoff = timezone.now() - timedelta(days=keep)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL gonghui.audit_prune = 'on'")
        deleted, _by_model = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted
