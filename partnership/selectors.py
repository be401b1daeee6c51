"""Reads of the partnership app."""

from django.core.cache import cache as _cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from partnership.kernel.cachesafe import Forgiving
from partnership.kernel.versions import PARTS, versioned
from partnership.models import Notification, Partnership
from schools.models import School, Staff, remember_served

cache = Forgiving(_cache)


def partnerships_public():
    return Partnership.objects.order_by("name")


def partnership_members(*, partnership: Partnership):
    """The partnership's current memberships, with their schools, by school name."""
    return (
        partnership.memberships.filter(left__isnull=True)
        .select_related("school")
        .only(
            "joined",
            "partnership",
            "school",
            "school__urn",
            "school__name",
            "school__phase",
            "school__is_teaching_school",
        )
        .order_by("school__name")
    )


# Every part a person's dashboard shows: a write to any of them renders it afresh.
DASHBOARD_PARTS = PARTS


def dashboard_parts(*, request) -> tuple[str, str]:
    """The dashboard's main column (schools, partnerships run, each part's section)
    and its links, kept per person and content version, and for the hour at most
    (what is due or upcoming moves with the clock). Neither holds a form, so no CSRF
    token is kept. The notifications beside them are read on every request."""
    user = request.user
    hour = timezone.localtime().strftime("%Y%m%d%H")

    def build() -> tuple[str, str]:
        remember_served(user)  # the person's schools and roles, fetched once
        context = {
            "roles": dashboard_roles(user=user),
            "officer_of": list(user.officer_of.all()),
        }
        return tuple(
            str(
                render_to_string(
                    f"partnership/_dashboard_{name}.html", context, request
                )
            )
            for name in ("main", "aside")
        )

    main, aside = versioned(f"dashboard:v2:{user.pk}:{hour}", DASHBOARD_PARTS, build)
    return mark_safe(main), mark_safe(aside)  # noqa: S308 - our own templates


def member_school_count() -> int:
    """How many schools belong to a partnership now (cached per content version)."""
    return versioned(
        "member-school-count",
        ("partnership", "schools"),
        lambda: School.objects.members().count(),
    )


def members_table(*, partnership: Partnership, members) -> str:
    """The partnership page's member table, rendered once per content version."""
    return mark_safe(  # noqa: S308 - our own template's output
        versioned(
            f"partnership-members:{partnership.pk}",
            ("partnership", "schools"),
            lambda: str(
                render_to_string(
                    "partnership/_members_table.html", {"members": members}
                )
            ),
        )
    )


def unread_key(user_id) -> str:
    return f"unread-count:{user_id}"


def remember_unread(user, count: int) -> None:
    """The unread count fetched with the person (partnership.auth), for this request."""
    user._unread_count = count


def unread_count(*, user) -> int:
    """The person's unread notifications, cached until notify or mark read."""
    count = getattr(user, "_unread_count", None)
    if count is not None:
        return count
    key = unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
        cache.set(key, count, 600)
    return count


def _recent_key(user_id) -> str:
    return f"recent-notifications:v1:{user_id}"


RECENT_NOTIFICATIONS = 5


def recent_notifications(*, user) -> list[Notification]:
    """The person's latest notifications (for the dashboard), cached like the unread
    count: until notify or mark read."""
    key = _recent_key(user.pk)
    recent = cache.get(key)
    if recent is None:
        recent = list(notifications_for(user=user)[:RECENT_NOTIFICATIONS])
        cache.set(key, recent, 600)
    return recent


def forget_unread(user_ids, *, after_commit: bool = True) -> None:
    """Drop the cached unread counts and latest notifications of these people: now
    and after the commit."""
    keys = [unread_key(pk) for pk in user_ids] + [_recent_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    if after_commit and transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: cache.delete_many(keys))


def notifications_for(*, user):
    return Notification.objects.filter(recipient=user).order_by("-created", "-id")


def visible_notifications(*, user):
    """The notifications a person may open: their own."""
    return Notification.objects.filter(recipient=user)


def dashboard_roles(*, user):
    """The person's current role at each school they serve on the staff of."""
    return (
        Staff.objects.filter(
            user=user,
            left__isnull=True,
            school__in=School.objects.served_by(user, "teacher", "headteacher"),
        )
        .select_related("school")
        .order_by("school__name")
    )
