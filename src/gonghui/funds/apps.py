from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "gonghui.funds"
    label = "funds"
    verbose_name = _("Funds")

    def ready(self) -> None:
        from gonghui.funds import audit  # noqa: F401
