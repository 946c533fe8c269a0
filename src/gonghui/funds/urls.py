from django.urls import path

from gonghui.funds import views

app_name = "funds"

urlpatterns = [
    path("", views.fund_list, name="list"),
    path("add/", views.fund_create, name="create"),
    path("<int:pk>/", views.fund_detail, name="detail"),
    path("<int:pk>/edit/", views.fund_edit, name="edit"),
    path("<int:pk>/budget/", views.fund_budget, name="budget"),
    path("<int:pk>/post/", views.fund_post, name="post"),
    path("<int:pk>/reconciliation/", views.reconciliation, name="reconciliation"),
    path("<int:pk>/reconciliation.xlsx", views.reconciliation_export, name="reconciliation_export"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="reverse"),
    path("goods/", views.goods, name="goods"),
    path("goods/add/", views.goods_item_create, name="goods_add"),
    path("donations/", views.donation_list, name="donations"),
    path("donations/export.xlsx", views.donation_export, name="donations_export"),
    path("donations/add/", views.donation_create, name="donation_create"),
    path("donations/<int:pk>/", views.donation_detail, name="donation"),
    path("donations/<int:pk>/void/", views.donation_void, name="donation_void"),
    path("donors/", views.donors, name="donors"),
    path("donors.xlsx", views.donors_export, name="donors_export"),
]
