from django.urls import path

from gonghui.people.views import duplicates, households, memberships, picker
from gonghui.people.views import persons as views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("export/", views.person_export, name="export"),
    path("pick/", picker.pick, name="pick"),
    path("pick/chosen/", picker.chosen, name="pick_chosen"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/reveal/", views.person_reveal, name="reveal"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/status/", views.person_status, name="status"),
    path("<int:person_pk>/household/new/", households.household_create, name="household_create"),
    path("<int:person_pk>/membership/new/", memberships.join, name="membership_join"),
    path("households/", households.household_list, name="households"),
    path("households/<int:pk>/", households.household_detail, name="household"),
    path("households/<int:pk>/edit/", households.household_edit, name="household_edit"),
    path("households/<int:pk>/delete/", households.household_delete, name="household_delete"),
    path("households/<int:pk>/members/new/", households.member_add, name="member_add"),
    path("households/<int:pk>/members/<int:member_pk>/edit/", households.member_edit, name="member_edit"),
    path(
        "households/<int:pk>/members/<int:member_pk>/remove/", households.member_remove, name="member_remove"
    ),
    path("memberships/", memberships.roll, name="memberships"),
    path("memberships/export/", memberships.roll_export, name="memberships_export"),
    path("memberships/<int:pk>/transfer/", memberships.transfer, name="membership_transfer"),
    path("memberships/<int:pk>/leave/", memberships.leave, name="membership_leave"),
    path("duplicates/", duplicates.review, name="duplicates"),
    path("duplicates/merge/", duplicates.merge, name="duplicates_merge"),
    path("duplicates/distinct/", duplicates.distinct, name="duplicates_distinct"),
]
