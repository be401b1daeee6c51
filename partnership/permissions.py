"""Who may do what in the partnership app (partnerships, membership, notifications).

Which schools a person serves, and in which role, is `School.objects.served_by`;
the checks about one school are in `schools.permissions`.
"""


def is_officer_of(user, partnership) -> bool:
    """An officer of this partnership (or a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or partnership.officers.filter(pk=user.pk).exists()


def may_read_notification(user, notification) -> bool:
    """A notification is its recipient's alone."""
    return getattr(user, "is_authenticated", False) and (
        notification.recipient_id == user.pk
    )
