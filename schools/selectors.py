"""Reads of the schools app: lists, staff and the school an address belongs to."""

import re

from django.db.models import Q

from schools.models import School, Staff

# A URN as typed: ASCII digits only ("²".isdigit() is true, but int() refuses it),
# and few enough to fit the database's integer.
URN_TEXT = re.compile(r"[0-9]{1,9}")


# The columns a row of the public list shows (templates/schools/school_list.html).
LIST_COLUMNS = ("urn", "name", "phase", "town", "is_teaching_school")


def school_list(*, query: str = "", phase: str = ""):
    """Open member schools for the public list, by name, with the listed columns."""
    schools = School.objects.members().open().only(*LIST_COLUMNS)
    if query:
        q = (
            Q(name__icontains=query)
            | Q(town__icontains=query)
            | Q(postcode__icontains=query)
        )
        if URN_TEXT.fullmatch(query):
            q |= Q(urn=int(query))
        schools = schools.filter(q)
    if phase:
        schools = schools.filter(phase=phase)
    return schools.order_by("name")


def school_staff(*, school: School):
    return (
        Staff.objects.filter(school=school, left__isnull=True)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def school_partnerships(*, school: School):
    """The partnerships the school belongs to now."""
    return school.partnerships.filter(memberships__left__isnull=True)


def pending_invitations(*, school: School):
    return school.invitations.filter(accepted__isnull=True)


def manageable_schools(*, user):
    """Schools whose profile and staff this person manages."""
    return School.objects.manageable_by(user)


def is_current_staff(*, school: School, email: str) -> bool:
    return Staff.objects.filter(
        school=school, user__email=email, left__isnull=True
    ).exists()


def member_school_for_email(email: str) -> School | None:
    """The member school whose registered domains include this address, if any."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    if not domain:
        return None
    candidates = School.objects.members().filter(email_domains__icontains=domain)
    for school in candidates:
        if domain in school.domains:
            return school
    return None
