"""The notifications budget actions send (through the partnership outbox)."""

from partnership.kernel.money import pounds
from partnership.models import Notification
from partnership.services.notifications import notify, notify_many

from ..models import Allocation, Fund
from ..permissions import approvers

BUDGET = Notification.Kind.BUDGET


def ask_approvers(*, thing, fund: Fund, school, exclude, subject, body, event_key):
    """Tell everyone who may approve (but the people in `exclude`) what waits."""
    skip = {person.pk for person in exclude}
    notify_many(
        recipients=[p for p in approvers(fund, school=school) if p.pk not in skip],
        kind=BUDGET,
        subject=subject,
        body=body,
        url=thing.get_absolute_url(),
        event_key=event_key,
    )


def ask_second_approval(thing, fund: Fund, first) -> None:
    """Above the threshold: ask the other approvers for the second approval."""
    is_allocation = isinstance(thing, Allocation)
    school = thing.school if is_allocation else thing.allocation.school
    owner = thing.proposed_by if is_allocation else thing.claimant
    noun = "allocation" if is_allocation else "claim"
    ask_approvers(
        thing=thing,
        fund=fund,
        school=school,
        exclude=[first, owner],
        subject=f"A second approval is needed for {noun} {thing.pk}",
        body=f"{first} approved {pounds(thing.amount)}. It is above the fund's "
        f"threshold of {pounds(fund.approval_threshold)}, so a second person must "
        "approve it too.",
        event_key=f"{noun}:{thing.pk}:first-approval",
    )


def tell(*, people, thing, subject: str, body: str, event_key: str) -> None:
    """Tell the people concerned what happened to an allocation or claim."""
    notify_many(
        recipients=list(people),
        kind=BUDGET,
        subject=subject,
        body=body,
        url=thing.get_absolute_url(),
        event_key=event_key,
    )


def tell_one(*, person, thing, subject: str, body: str, event_key: str) -> None:
    notify(
        recipient=person,
        kind=BUDGET,
        subject=subject,
        body=body,
        url=thing.get_absolute_url(),
        event_key=event_key,
    )
