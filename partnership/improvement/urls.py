"""The improvement cycle's pages: signed-in work under /improvement/, and the
partnership's pages under /partnerships/<slug>/ (outcomes, measures, rounds)."""

from django.urls import path

from . import views

app_name = "improvement"

P = "partnerships/<slug:slug>/"
W = "improvement/"

urlpatterns = [
    path(W, views.home, name="home"),
    path(f"{P}review-rounds/new/", views.round_create, name="round_create"),
    path(f"{W}rounds/<int:pk>/", views.round_detail, name="round"),
    path(f"{W}rounds/<int:pk>/reviews/new/", views.review_create, name="review_create"),
    path(f"{W}reviews/<int:pk>/", views.review_detail, name="review"),
    path(
        f"{W}reviews/<int:pk>/reviewers/", views.reviewer_assign, name="reviewer_assign"
    ),
    path(f"{W}reviews/<int:pk>/focus/", views.focus_add, name="focus_add"),
    path(f"{W}reviews/<int:pk>/report/", views.report_write, name="report_write"),
    path(f"{W}reviews/<int:pk>/sharing/", views.review_share, name="review_share"),
    path(
        f"{W}reviewers/<int:pk>/decline/",
        views.reviewer_decline,
        name="reviewer_decline",
    ),
    path(
        f"{W}reviewers/<int:pk>/replace/",
        views.reviewer_replace,
        name="reviewer_replace",
    ),
    path(
        f"{W}findings/<int:pk>/priority/",
        views.finding_priority,
        name="finding_priority",
    ),
    path(
        f"{W}findings/<int:pk>/recommend/",
        views.finding_recommend,
        name="finding_recommend",
    ),
    path(
        f"{W}schools/<str:urn>/priorities/", views.priority_list, name="priority_list"
    ),
    path(
        f"{W}schools/<str:urn>/priorities/new/",
        views.priority_create,
        name="priority_create",
    ),
    path(f"{W}priorities/<int:pk>/", views.priority_detail, name="priority"),
    path(
        f"{W}priorities/<int:pk>/measures/new/", views.measure_add, name="measure_add"
    ),
    path(
        f"{W}priorities/<int:pk>/outcome/",
        views.priority_outcome,
        name="priority_outcome",
    ),
    path(f"{W}priorities/<int:pk>/links/", views.priority_link, name="priority_link"),
    path(
        f"{W}priorities/<int:pk>/support/",
        views.priority_support,
        name="priority_support",
    ),
    path(
        f"{W}priorities/<int:pk>/support/<int:offer_pk>/request/",
        views.priority_request,
        name="priority_request",
    ),
    path(f"{P}measures/", views.measure_list, name="measure_list"),
    path(f"{P}measures/new/", views.measure_create, name="measure_create"),
    path(f"{W}measures/<int:pk>/import/", views.measure_import, name="measure_import"),
    path(
        f"{W}measures/<int:pk>/schools/<str:urn>/",
        views.measure_values,
        name="measure_values",
    ),
    path(f"{P}outcomes/", views.outcomes_page, name="outcomes"),
    path(f"{P}outcomes/data.csv", views.outcomes_csv, name="outcomes_csv"),
    path(f"{P}outcomes/data.json", views.outcomes_json, name="outcomes_json"),
    path(f"{P}outcomes/settings/", views.outcomes_settings, name="outcomes_settings"),
    path(
        f"{P}outcomes/schools/<str:urn>/", views.outcomes_school, name="outcomes_school"
    ),
]
