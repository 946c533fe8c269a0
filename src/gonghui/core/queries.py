"""Reads of the audit log and task progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.models import TaskProgress

ACTIONS = {"create": 0, "update": 1, "delete": 2, "access": 3}


def audit_log(
    viewer: Any,
    *,
    user: str = "",
    model: str = "",
    object_pk: str = "",
    action: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[LogEntry]:
    """Log entries for a viewer holding ``audit.view``; filters by actor, object type, id, action, time."""
    scoping.require(viewer, "audit.view")
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if user:
        entries = entries.filter(Q(actor__username=user) | Q(actor_email=user))
    if model:
        app_label, _sep, name = model.partition(".")
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, name)
        except ContentType.DoesNotExist:
            raise DomainError(
                _("Unknown kind of record: %(model)s") % {"model": model}, field="model"
            ) from None
        entries = entries.filter(content_type=content_type)
    if object_pk:
        entries = entries.filter(object_pk=object_pk)
    if action:
        if action not in ACTIONS:
            raise DomainError(_("Choose create, update, delete or access."), field="action")
        entries = entries.filter(action=ACTIONS[action])
    if since:
        entries = entries.filter(timestamp__gte=since)
    if until:
        entries = entries.filter(timestamp__lt=until)
    return entries


def audited_models() -> list[tuple[str, str]]:
    """(app_label.model, verbose name) of every model the log covers, for the filter form."""
    from auditlog.registry import auditlog

    choices = []
    for model in auditlog.get_models():
        meta = model._meta
        choices.append((f"{meta.app_label}.{meta.model_name}", str(meta.verbose_name)))
    return sorted(choices)


def action_name(action: int) -> str:
    return {v: k for k, v in ACTIONS.items()}.get(action, str(action))


def task_progress(viewer: Any, key: str) -> TaskProgress:
    """A progress row, for the user who started it only."""
    try:
        return TaskProgress.objects.get(key=key, owner=viewer)
    except TaskProgress.DoesNotExist:
        raise NotFound(_("Not found, or outside your scope.")) from None
