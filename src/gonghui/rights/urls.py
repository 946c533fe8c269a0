from django.urls import path

from gonghui.rights.views import cases, consultations, counselling, figures, outreach, roster

app_name = "rights"

urlpatterns = [
    path("consultations/", consultations.consultation_list, name="consultations"),
    path("consultations/export.xlsx", consultations.consultation_export, name="consultation_export"),
    path("consultations/add/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/decline/", consultations.consultation_decline, name="consultation_decline"),
    path("consultations/<int:pk>/refer/", consultations.consultation_refer, name="consultation_refer"),
    path(
        "consultations/<int:pk>/open-case/",
        consultations.consultation_open_case,
        name="consultation_open_case",
    ),
    path("roster/", roster.roster, name="roster"),
    path("roster/add/", roster.shift_create, name="shift_create"),
    path("roster/<int:pk>/", roster.shift_detail, name="shift"),
    path("roster/<int:pk>/edit/", roster.shift_edit, name="shift_edit"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/export.xlsx", cases.case_export, name="case_export"),
    path("cases/overdue/", cases.overdue, name="overdue"),
    path("cases/add/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/stage/", cases.stage_record, name="stage_record"),
    path("cases/<int:pk>/documents/add/", cases.document_upload, name="document_upload"),
    path("cases/<int:pk>/claimants/add/", cases.claimant_add, name="claimant_add"),
    path("cases/<int:pk>/claimants/<int:claimant_id>/", cases.claimant_edit, name="claimant_edit"),
    path("cases/<int:pk>/claimants/<int:claimant_id>/remove/", cases.claimant_remove, name="claimant_remove"),
    path("cases/<int:pk>/<slug:verb>/", cases.case_transition, name="case_transition"),
    path("documents/<int:pk>/", cases.document_download, name="document"),
    path("counselling/", counselling.session_list, name="sessions"),
    path("counselling/export.xlsx", counselling.session_export, name="session_export"),
    path("counselling/add/", counselling.session_create, name="session_create"),
    path("counselling/<int:pk>/", counselling.session_detail, name="session"),
    path("counselling/<int:pk>/notes/", counselling.note_add, name="note_add"),
    path("outreach/", outreach.outreach_list, name="outreach"),
    path("outreach/add/", outreach.outreach_create, name="outreach_create"),
    path("outreach/<int:pk>/", outreach.outreach_edit, name="outreach_edit"),
    path("figures/", figures.figures_page, name="figures"),
    path("figures/baseline/", figures.baseline_edit, name="baseline"),
]
