from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    label = "bargaining"
    verbose_name = _("Collective bargaining and openness")

    def ready(self) -> None:
        from gonghui.bargaining import audit  # noqa: F401
