from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="list"),
    path("staff-import/", views.staff_import, name="staff_import"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<int:urn>/", views.school_detail, name="detail"),
    path("<int:urn>/edit/", views.school_edit, name="edit"),
    path("<int:urn>/domains/", views.school_domains, name="domains"),
    path("<int:urn>/staff/", views.staff_manage, name="staff"),
    path("<int:urn>/staff/invite/", views.staff_invite, name="staff_invite"),
    path(
        "<int:urn>/staff/<int:staff_id>/role/",
        views.staff_change_role,
        name="staff_role",
    ),
    path(
        "<int:urn>/staff/<int:staff_id>/remove/",
        views.staff_remove,
        name="staff_remove",
    ),
]
