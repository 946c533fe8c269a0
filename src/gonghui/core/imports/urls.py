from django.urls import path

from gonghui.core.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.upload, name="upload"),
    path("templates/<slug:kind>.xlsx", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mapping/", views.set_mapping, name="mapping"),
    path("<int:pk>/validate/", views.validate, name="validate"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/report.xlsx", views.report, name="report"),
]
