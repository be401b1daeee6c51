"""Reads of the partnership app."""

from django.core.cache import cache
from django.db import transaction

from partnership.models import Notification, Partnership
from schools.models import School, Staff


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


def member_school_count() -> int:
    """How many schools belong to a partnership now (cached per content version)."""
    from partnership.kernel.versions import content_version

    key = f"member-school-count:{content_version('partnership', 'schools')}"
    count = cache.get(key)
    if count is None:
        count = School.objects.members().count()
        cache.set(key, count, 3600)
    return count


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
