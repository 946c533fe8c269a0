"""manage.py load_demo: build the demo county (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core.demo import load_demo
from gonghui.orgs.models import Organisation, ServicePoint


class Command(BaseCommand):
    help = "Build the demo county modelled on the reference work report (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo()
        grassroots = Organisation.objects.filter(kind="grassroots").count()
        townships = Organisation.objects.filter(kind__in=["township", "street"]).count()
        points = ServicePoint.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo county ready: {townships} townships/streets, {grassroots} grassroots unions, "
                f"{points} service points."
            )
        )
