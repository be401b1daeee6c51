from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("data.csv", views.open_data_csv, name="data_csv"),
    path("data.json", views.open_data_json, name="data_json"),
    path("data.schema.json", views.open_data_schema, name="data_schema"),
    path("datapackage.json", views.open_data_package, name="data_package"),
    path("manage/", views.moderation, name="moderation"),
    path("saved-searches/", views.saved_searches, name="saved_searches"),
    path(
        "saved-searches/<int:pk>/remove/",
        views.saved_search_delete,
        name="saved_search_delete",
    ),
    path("case-studies/<slug:slug>/", views.case_study, name="case_study"),
    path("new/", views.recommendation_new, name="new"),
    path("offers/<int:pk>/request/", views.support_request, name="request"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement"),
    path("engagements/<int:pk>/meetings/", views.meeting_new, name="meeting_new"),
    path("engagements/<int:pk>/measures/", views.measure_new, name="measure_new"),
    path(
        "engagements/<int:pk>/measures/<int:measure_pk>/",
        views.measure_edit,
        name="measure_edit",
    ),
    path(
        "engagements/<int:pk>/evaluation/<str:side>/",
        views.evaluation,
        name="evaluation",
    ),
    path(
        "engagements/<int:pk>/<str:move>/",
        views.engagement_move,
        name="engagement_move",
    ),
    path("schools/<int:urn>/delegates/", views.delegates, name="delegates"),
    path(
        "schools/<int:urn>/delegates/<int:pk>/remove/",
        views.delegate_remove,
        name="delegate_remove",
    ),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/case-studies/new/", views.case_study_new, name="case_study_new"),
    path(
        "<slug:slug>/case-studies/<int:pk>/file/",
        views.case_study_file,
        name="case_study_file",
    ),
    path("<slug:slug>/edit/", views.recommendation_edit, name="edit"),
    path("<slug:slug>/offers/new/", views.offer_new, name="offer_new"),
    path("<slug:slug>/offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
]
