"""The status histories of claims and allocations: one row per move, by the machine."""

from django.db import models

from partnership.kernel.states import TransitionRecord

from .claims import CLAIM_STATES, Claim
from .funds import ALLOCATION_STATES, Allocation


class AllocationTransition(TransitionRecord):
    """An allocation moved from one status to another (who, from, to, when, note)."""

    subject_field = "allocation"
    machine = ALLOCATION_STATES

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        pass


class ClaimTransition(TransitionRecord):
    """A claim moved from one status to another (who, from, to, when, note)."""

    subject_field = "claim"
    machine = CLAIM_STATES

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        pass
