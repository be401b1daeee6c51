"""Who may do what in the schools app. Reads only; services and views ask here.

Every answer about a person's schools comes from `School.objects.served_by`, so a
person who has left a school (or whose school has left the partnership) loses the
rights at once.
"""

from schools.models import School, User


def _serves(user: User, school: School, *roles: str) -> bool:
    return School.objects.served_by(user, *roles).filter(pk=school.pk).exists()


def is_officer_for(user: User, school: School) -> bool:
    """An officer of a partnership the school belongs to now (or a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or _serves(user, school, "officer")


def may_manage_school(user: User, school: School) -> bool:
    """The school's headteacher, an officer for it, or a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or _serves(user, school, "headteacher", "officer")


def may_edit_profile(user: User, school: School) -> bool:
    """Only the school's headteacher (or a superuser) edits its public profile."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or _serves(user, school, "headteacher")


# Staff are managed, and invited, by whoever manages the school.
may_manage_staff = may_manage_school
may_invite = may_manage_school


def may_import_staff(user: User) -> bool:
    """Partnership officers (and superusers) import staff lists."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.is_officer
