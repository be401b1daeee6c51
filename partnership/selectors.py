"""Reads of the partnership app."""

from django.core.cache import cache as _cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from partnership.kernel.cachesafe import Forgiving
from partnership.kernel.versions import VersionUnavailable, content_version
from partnership.models import Notification, Partnership
from schools.models import School, Staff

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


def _versioned(name: str, parts: tuple[str, ...], build, timeout=3600):
    """build(), kept in the cache per content version of `parts` (built afresh,
    and not kept, while the cache is down)."""
    try:
        key = f"{name}:{content_version(*parts)}"
    except VersionUnavailable:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def member_school_count() -> int:
    """How many schools belong to a partnership now (cached per content version)."""
    return _versioned(
        "member-school-count",
        ("partnership", "schools"),
        lambda: School.objects.members().count(),
    )


def members_table(*, partnership: Partnership, members) -> str:
    """The partnership page's member table, rendered once per content version."""
    return mark_safe(  # noqa: S308 - our own template's output
        _versioned(
            f"partnership-members:{partnership.pk}",
            ("partnership", "schools"),
            lambda: str(
                render_to_string(
                    "partnership/_members_table.html", {"members": members}
                )
            ),
        )
    )


def _unread_key(user_id) -> str:
    return f"unread-count:{user_id}"


def unread_count(*, user) -> int:
    """The person's unread notifications, cached until notify or mark read."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
        cache.set(key, count, 600)
    return count


def forget_unread(user_ids, *, after_commit: bool = True) -> None:
    """Drop the cached unread counts of these people: now and after the commit."""
    keys = [_unread_key(pk) for pk in user_ids]
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
