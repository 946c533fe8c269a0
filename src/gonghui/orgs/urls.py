from django.urls import path

from gonghui.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("list/", views.org_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("points/", views.point_list, name="points"),
    path("regions/", views.region_list, name="regions"),
]
