from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "gonghui.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from gonghui.people import audit  # noqa: F401
