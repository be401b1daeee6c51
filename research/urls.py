from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.project_create, name="create"),
    path("new/preview/", views.project_create_preview, name="create_preview"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/pdf/", views.project_pdf, name="pdf"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
    path("<slug:slug>/edit/preview/", views.project_edit_preview, name="edit_preview"),
    path("<slug:slug>/status/", views.project_status, name="status"),
    path("<slug:slug>/log/", views.log_entry_add, name="log_add"),
    path("<slug:slug>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "<slug:slug>/evidence/<int:pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "<slug:slug>/evidence/<int:pk>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("<slug:slug>/feedback/", views.feedback_add, name="feedback"),
    path("<slug:slug>/team/", views.team, name="team"),
    path(
        "<slug:slug>/team/<int:pk>/remove/",
        views.collaborator_remove,
        name="collaborator_remove",
    ),
    path("<slug:slug>/team/accept/", views.invitation_accept, name="accept"),
    path("<slug:slug>/team/decline/", views.invitation_decline, name="decline"),
]
