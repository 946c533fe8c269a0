"""Delete uploaded import files older than GONGHUI_IMPORT_FILE_DAYS (default 7); run it daily (cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core.imports.services import purge_import_files


class Command(BaseCommand):
    help = "Delete uploaded import files (they may hold ID numbers) after the retention period; jobs stay."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Keep files this many days (default: setting)."
        )

    def handle(self, *args: Any, days: int | None = None, **options: Any) -> None:
        count = purge_import_files(days=days)
        self.stdout.write(f"{count} import file(s) deleted.")
