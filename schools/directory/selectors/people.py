"""Who hears about what: a school's support managers, its partnerships' officers."""

from __future__ import annotations

from schools.models import School, Staff, User

from ..models import SupportDelegate


def support_managers(school: School) -> list[User]:
    """The people who hear about a school's support: its headteachers and delegates."""
    heads = User.objects.filter(
        staff_roles__school=school,
        staff_roles__role=Staff.Role.HEADTEACHER,
        staff_roles__left__isnull=True,
        is_active=True,
    )
    delegates = User.objects.filter(
        pk__in=SupportDelegate.objects.filter(school=school).values("user_id"),
        staff_roles__school=school,
        staff_roles__left__isnull=True,
        is_active=True,
    )
    return list((heads | delegates).distinct().order_by("pk"))


def officers_of(school: School) -> list[User]:
    """The active officers of the partnerships the school belongs to now."""
    return list(
        User.objects.filter(
            officer_of__memberships__school=school,
            officer_of__memberships__left__isnull=True,
            is_active=True,
        ).distinct()
    )
