"""The weekly reminder of what waits on each approver."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnership.kernel.money import pounds
from partnership.models import Notification
from partnership.services.notifications import notify
from schools.models import User

from .. import selectors


def _candidates():
    return User.objects.filter(
        Q(officer_of__funds__isnull=False)
        | Q(
            staff_roles__role="headteacher",
            staff_roles__left__isnull=True,
            staff_roles__school__memberships__is_board_member=True,
            staff_roles__school__memberships__left__isnull=True,
            staff_roles__school__memberships__partnership__funds__isnull=False,
        ),
        is_active=True,
    ).distinct()


def _lines(allocations, claims) -> list[str]:
    return [
        f"- Allocation of {pounds(a.amount)} for {a.recipient} ({a.fund.name})"
        for a in allocations
    ] + [
        f"- Claim of {pounds(c.amount)} by {c.claimant} for {c.allocation.recipient}"
        for c in claims
    ]


def budget_reminders_send(*, today: date | None = None) -> int:
    """Once a week, remind each approver of what waits on them (once per week,
    however often it runs)."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    sent = 0
    for user in _candidates().order_by("pk"):
        lines = _lines(*selectors.waiting_for(user))
        if not lines:
            continue
        with transaction.atomic():
            made = notify(
                recipient=user,
                kind=Notification.Kind.REMINDER,
                subject=f"{len(lines)} budget items wait for your approval",
                body="These wait for your approval:\n" + "\n".join(lines),
                url="/budgets/approvals/",
                event_key=f"budget-reminder:{year}-W{week:02d}",
            )
        sent += made is not None
    return sent
