from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from partnership import views

partnership_patterns = (
    [
        path("", views.partnership_list, name="list"),
        path("<slug:slug>/", views.partnership_detail, name="detail"),
    ],
    "partnership",
)

# The admin has no sign-in of its own: its login page sends people to the portal's
# (allauth's), which has the rate limits and asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("bench/floor", views.bench_floor, name="bench_floor"),
    path(
        "bench/floor-signed-in",
        views.bench_floor_signed_in,
        name="bench_floor_signed_in",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/read-all/",
        views.notification_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/preferences/",
        views.email_preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/<int:pk>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path("", include("partnership.improvement.urls")),
    path("partnerships/", include(partnership_patterns)),
    path("budgets/", include("partnership.budgets.urls")),
    path("schools/", include("schools.urls")),
    path("directory/", include("schools.directory.urls")),
    path("research/", include("research.urls")),
    path("events/", include("partnership.events.urls")),
    path("journal/", include("journal.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
