import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnership import selectors, services
from partnership.forms import EmailPreferencesForm
from partnership.models import EmailPreference, Notification, Partnership


def home(request):
    return render(
        request,
        "partnership/home.html",
        {
            "partnerships": selectors.partnerships_public()[:5],
            "school_count": selectors.member_school_count(),
        },
    )


@login_required
def dashboard(request):
    main, aside = selectors.dashboard_parts(request=request)
    return render(
        request,
        "partnership/dashboard.html",
        {
            "main": main,
            "aside": aside,
            "notifications": selectors.recent_notifications(user=request.user),
        },
    )


@never_cache
def healthz(request):
    """Database and broker reachability, for load balancers."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
            )
            client.ping()
            checks["broker"] = "ok"
        except (redis.RedisError, OSError) as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    healthy = all(not v.startswith("error") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


def partnership_list(request):
    return render(
        request,
        "partnership/partnership_list.html",
        {"partnerships": selectors.partnerships_public()},
    )


def partnership_detail(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    members = selectors.partnership_members(partnership=partnership)
    return render(
        request,
        "partnership/partnership_detail.html",
        {
            "partnership": partnership,
            "members": members,
            "members_table": selectors.members_table(
                partnership=partnership, members=members
            ),
        },
    )


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "partnership/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(
        selectors.visible_notifications(user=request.user), pk=pk
    )
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    if notification.url and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_read(user=request.user)
    messages.success(request, f"{count} notifications marked as read.")
    return redirect("notifications")


@login_required
def email_preferences(request):
    off = set(
        EmailPreference.objects.filter(user=request.user, send_email=False).values_list(
            "kind", flat=True
        )
    )
    initial = {"kinds": [k for k in Notification.Kind.values if k not in off]}
    form = EmailPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.email_preferences_update(
            user=request.user, wanted_kinds=form.cleaned_data["kinds"]
        )
        messages.success(request, "Your email choices have been saved.")
        return redirect("notification_preferences")
    return render(request, "partnership/email_preferences.html", {"form": form})


def bench_floor(request):
    """The framework floor for `make bench`: the base template, no queries.

    Only answers when the BENCH_FLOOR setting is on (the benchmark's server); a 404
    everywhere else.
    """
    if not settings.BENCH_FLOOR:
        raise Http404
    return render(request, "base.html")


def bench_floor_signed_in(request):
    """The signed-in floor: the base template for a signed-in person, no page queries.

    What every signed-in page pays (session, user, unread count, navigation). Only
    with the BENCH_FLOOR setting, and only for a signed-in person; a 404 otherwise.
    """
    if not settings.BENCH_FLOOR or not request.user.is_authenticated:
        raise Http404
    return render(request, "base.html")
