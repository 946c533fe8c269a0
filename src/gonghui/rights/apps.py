from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = _("Rights protection")

    def ready(self) -> None:
        from gonghui.rights import audit  # noqa: F401
