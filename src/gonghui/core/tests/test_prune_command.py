"""The retention command keeps at least six months whatever it is asked."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone


def _entry(org, days_ago):
    # Created with its timestamp: log rows cannot be updated afterwards (a trigger refuses it on PostgreSQL).
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(org),
        object_pk=str(org.pk),
        object_repr=str(org),
        action=LogEntry.Action.ACCESS,
        timestamp=timezone.now() - timedelta(days=days_ago),
    )


@pytest.mark.django_db
def test_prune_command_deletes_only_entries_older_than_six_months(county):
    old = _entry(county.township1, 400)
    recent = _entry(county.township1, 100)
    call_command("prune_audit_log", "--days", "30")
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=recent.pk).exists()
