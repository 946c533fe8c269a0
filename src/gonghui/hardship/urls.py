from django.urls import path

from gonghui.hardship import campaign_views, views

app_name = "hardship"

urlpatterns = [
    path("files/", views.file_list, name="files"),
    path("files/review-due/", views.review_due, name="review_due"),
    path("files/new/", views.file_create, name="file_create"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("files/<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("files/<int:pk>/<slug:verb>/", views.file_action, name="file_action"),
    path("aid/", views.aid_list, name="aid"),
    path("aid/queue/", views.aid_queue, name="queue"),
    path("aid/export.xlsx", views.aid_export, name="aid_export"),
    path("aid/ledger.xlsx", views.aid_ledger, name="aid_ledger"),
    path("aid/new/", views.aid_create, name="aid_create"),
    path("aid/<int:pk>/", views.aid_detail, name="aid_detail"),
    path("aid/<int:pk>/approval-form.docx", views.aid_form_docx, name="aid_form_docx"),
    path("aid/<int:pk>/receipt.docx", views.aid_receipt_docx, name="aid_receipt_docx"),
    path("aid/<int:pk>/receipt-file/", views.aid_receipt_download, name="aid_receipt"),
    path("aid/<int:pk>/<slug:verb>/", views.aid_action, name="aid_action"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("standards/new/", views.standard_edit, name="standard_create"),
    path("standards/<int:pk>/", views.standard_edit, name="standard_edit"),
    path("wishes/", views.wish_list, name="wishes"),
    path("wishes/new/", views.wish_create, name="wish_create"),
    path("wishes/relay/", views.wish_relay, name="wish_relay"),
    path("wishes/<int:pk>/", views.wish_detail, name="wish"),
    path("wishes/<int:pk>/proof/", views.wish_proof, name="wish_proof"),
    path("wishes/<int:pk>/<slug:verb>/", views.wish_action, name="wish_action"),
    path("supervision/", views.supervision_report, name="supervision"),
    path("supervision/export.xlsx", views.supervision_export, name="supervision_export"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/<slug:verb>/", campaign_views.campaign_action, name="campaign_action"),
    path(
        "campaigns/<int:pk>/grants/<int:grant_id>/<slug:verb>/",
        campaign_views.grant_action,
        name="grant_action",
    ),
]
