"""manage.py demo_logins: print where the platform is served and who can sign in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo accounts and the address of the platform."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"工会服务管理平台 Gonghui: http://127.0.0.1:{port}/"))
        self.stdout.write(f"演示账号 Demo logins (密码 password: {DEMO_PASSWORD}, 仅限演示 demo only):")
        for username, name, role, where in DEMO_USERS:
            scope = where or "self"
            self.stdout.write(f"  {username:<11} {name}  [{role or 'worker'} @ {scope}]")
        self.stdout.write("")
