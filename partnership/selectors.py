"""Reads of the partnership app."""

from partnership.models import Notification, Partnership
from schools.models import School, Staff


def partnerships_public():
    return Partnership.objects.order_by("name")


def partnership_members(*, partnership: Partnership):
    """The partnership's current memberships, with their schools, by school name."""
    return (
        partnership.memberships.filter(left__isnull=True)
        .select_related("school")
        .order_by("school__name")
    )


def member_school_count() -> int:
    return School.objects.members().count()


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
