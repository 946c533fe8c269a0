"""manage.py prune_audit_log: drop audit entries past the retention period (never under six months)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.core.audit import prune_audit_log


class Command(BaseCommand):
    help = (
        "Delete audit log entries older than AUDITLOG_RETENTION_DAYS (at least six months are always kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="keep this many days (minimum six months)")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune_audit_log(days=options["days"])
        self.stdout.write(f"Deleted {deleted} audit log entries past the retention period.")
