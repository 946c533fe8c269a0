from django.urls import path

from gonghui.bargaining import views

app_name = "bargaining"

urlpatterns = [
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/export.xlsx", views.contract_export, name="contracts_export"),
    path("contracts/add/", views.contract_create, name="contract_create"),
    path("contracts/uncovered/", views.uncovered, name="uncovered"),
    path("contracts/expiring/", views.expiring, name="expiring"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/file/", views.contract_file, name="contract_file"),
    path("contracts/<int:pk>/terminate/", views.contract_terminate, name="contract_terminate"),
    path("contracts/<int:pk>/checks/add/", views.check_create, name="check_create"),
    path("openness/", views.openness_list, name="openness"),
    path("openness/entry/", views.openness_entry, name="openness_entry"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/add/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("figures/", views.figures, name="figures"),
    path("figures/<str:key>/<str:part>/", views.figure_records, name="figure_records"),
    # Public: a worker answers by the code on the questionnaire, without a staff sign-in.
    path("survey/", views.answer_code, name="answer_code"),
    path("survey/<str:code>/", views.answer, name="answer"),
]
