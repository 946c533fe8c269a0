from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HardshipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gonghui.hardship"
    verbose_name = _("Hardship files and aid")
