from django.urls import include, path

from gonghui.api import api
from gonghui.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("people/", include("gonghui.people.urls")),
    path("enterprises/", include("gonghui.enterprises.urls")),
    path("imports/", include("gonghui.core.imports.urls")),
    path("funds/", include("gonghui.funds.urls")),
    path("bargaining/", include("gonghui.bargaining.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("hardship/", include("gonghui.hardship.urls")),
    path("", include("gonghui.core.urls")),
]

handler404 = "gonghui.core.views.page_not_found"
handler403 = "gonghui.core.views.permission_denied"
