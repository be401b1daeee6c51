"""Delegation: a headteacher lets staff manage the school's support requests."""

from __future__ import annotations

from django.db import transaction

from schools.models import School, Staff, User

from .. import permissions
from ..errors import DirectoryError, PermissionDenied
from ..models import SupportDelegate


def delegate_add(*, school: School, user: User, granted_by: User) -> SupportDelegate:
    """A headteacher lets a current member of their staff manage support requests."""
    if not permissions.may_delegate(granted_by, school.pk):
        raise PermissionDenied("Only the school's headteacher can delegate support.")
    if not Staff.objects.filter(school=school, user=user, left__isnull=True).exists():
        raise DirectoryError(f"{user} is not on the staff of {school}.")
    with transaction.atomic(durable=True):
        delegate, _ = SupportDelegate.objects.get_or_create(
            school=school, user=user, defaults={"granted_by": granted_by}
        )
    return delegate


def delegate_remove(*, delegate: SupportDelegate, removed_by: User) -> None:
    """A headteacher withdraws a delegation."""
    if not permissions.may_delegate(removed_by, delegate.school_id):
        raise PermissionDenied("Only the school's headteacher can change delegates.")
    with transaction.atomic(durable=True):
        delegate.delete()
