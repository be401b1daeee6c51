from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.event_create, name="create"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("record/", views.record_mine, name="record_mine"),
    path("record/<int:pk>/", views.record_detail, name="record"),
    path("record/<int:pk>/record.csv", views.record_csv, name="record_csv"),
    path("record/<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/book/", views.book, name="book"),
    path("<slug:slug>/book-staff/", views.book_staff, name="book_staff"),
    path(
        "<slug:slug>/bookings/<int:pk>/cancel/",
        views.booking_cancel,
        name="booking_cancel",
    ),
    path(
        "<slug:slug>/bookings/<int:pk>/charge/",
        views.booking_charge,
        name="booking_charge",
    ),
    path("<slug:slug>/manage/", views.event_manage, name="manage"),
    path("<slug:slug>/change/", views.event_edit, name="edit"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
    path("<slug:slug>/manage/bookings.csv", views.event_manage_csv, name="manage_csv"),
    path("<slug:slug>/sessions/new/", views.session_add, name="session_add"),
    path(
        "<slug:slug>/sessions/<int:pk>/remove/",
        views.session_remove,
        name="session_remove",
    ),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/certificate/", views.certificate, name="certificate"),
    path("<slug:slug>/certificate/pdf/", views.certificate_pdf, name="certificate_pdf"),
]
