"""Claim delegations: a headteacher lets a teacher claim from the school's budget."""

from django.db import transaction
from django.utils import timezone

from partnership.kernel.versions import bump
from partnership.models import Notification
from partnership.services.notifications import notify

from .. import permissions
from ..errors import BudgetError, NotAllowed
from ..models import ClaimDelegation


def delegation_grant(*, school, delegate, granted_by) -> ClaimDelegation:
    """A headteacher lets a teacher of their own school claim from its budget."""
    if not permissions.may_delegate(granted_by, school):
        raise NotAllowed("Only the school's headteacher can delegate claiming.")
    if not school.staff.filter(user=delegate, left__isnull=True).exists():
        raise BudgetError("That person is not on the school's staff.", field="delegate")
    with transaction.atomic(durable=True):
        existing = ClaimDelegation.objects.filter(
            school=school, delegate=delegate, revoked__isnull=True
        ).first()
        if existing:
            return existing
        delegation = ClaimDelegation.objects.create(
            school=school, delegate=delegate, granted_by=granted_by
        )
        notify(
            recipient=delegate,
            kind=Notification.Kind.BUDGET,
            subject=f"You can now claim from {school.name}'s budget",
            body=f"{granted_by} has asked you to make budget claims for {school.name}.",
            url=f"/budgets/schools/{school.urn}/",
            event_key=f"delegation:{delegation.pk}",
        )
    return delegation


def delegation_revoke(*, delegation: ClaimDelegation, revoked_by) -> ClaimDelegation:
    """A headteacher of the school withdraws a delegation."""
    if not permissions.may_delegate(revoked_by, delegation.school):
        raise NotAllowed("Only the school's headteacher can withdraw a delegation.")
    with transaction.atomic(durable=True):
        delegation = ClaimDelegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.revoked is None:
            delegation.revoked = timezone.now()
            delegation.revoked_by = revoked_by
            delegation.save(update_fields=["revoked", "revoked_by"])
    return delegation


def delegations_end_with_role(*, school, person) -> int:
    """A person who left the school's staff loses the rights their role gave:
    their live claim delegations for that school are revoked (by the system).
    Registered with `schools.roles`, so `staff_remove` calls it; returns how many
    ended."""
    if school.staff.filter(user=person, left__isnull=True).exists():
        return 0
    ended = ClaimDelegation.objects.filter(
        school=school, delegate=person, revoked__isnull=True
    ).update(revoked=timezone.now())
    if ended:
        bump("budgets")
    return ended
