from django.urls import path

from gonghui.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("add/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/close/", views.close, name="close"),
]
