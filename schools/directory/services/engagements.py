"""Support engagements: a request, its status moves, meetings, measures, evaluations.

The status moves along `models.ENGAGEMENT_STATES` (the kernel state machine), made by
the side `permissions.MOVE_SIDES` names; each move writes one `EngagementTransition`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnership.kernel.transactions import require_transaction
from partnership.services import NotificationKind, notify
from schools.models import School, User

from .. import permissions
from ..errors import DirectoryError, PermissionDenied
from ..models import (
    ENGAGEMENT_STATES,
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    Recommendation,
    SupportEngagement,
    SupportOffer,
)
from ..permissions import SUPPORTING
from ..selectors import support_managers

S = SupportEngagement.Status


def _check_request(
    offer: SupportOffer, requesting_school: School, requested_by: User, goals: str
) -> None:
    rec = offer.recommendation
    if rec.status != Recommendation.Status.PUBLISHED or not offer.is_active:
        raise DirectoryError("This offer is not taking requests.")
    if not permissions.can_manage_support(requested_by, requesting_school):
        raise PermissionDenied(
            "Only the headteacher, or staff they delegate, can ask for support for "
            f"{requesting_school.name}."
        )
    if requesting_school.pk == rec.school_id:
        raise DirectoryError("A school cannot ask itself for support.")
    if not (goals or "").strip():
        raise DirectoryError("Say what your school wants to achieve.")


def support_request(
    *, offer: SupportOffer, requesting_school: School, requested_by: User, goals: str
) -> SupportEngagement:
    """A headteacher (or their delegate) asks a published offer for support, with goals."""
    with transaction.atomic(durable=True):
        return support_request_within(
            offer=offer,
            requesting_school=requesting_school,
            requested_by=requested_by,
            goals=goals,
        )


def support_request_within(
    *, offer: SupportOffer, requesting_school: School, requested_by: User, goals: str
) -> SupportEngagement:
    """`support_request`, inside the caller's transaction: for a part that links
    the request in the same transaction (a school's priority)."""
    require_transaction("support_request_within")
    _check_request(offer, requesting_school, requested_by, goals)
    rec = offer.recommendation
    engagement = SupportEngagement.objects.create(
        offer=offer,
        requesting_school=requesting_school,
        supporting_school_id=rec.school_id,
        requested_by=requested_by,
        goals=goals.strip(),
    )
    EngagementTransition.record(
        subject=engagement, by=requested_by, from_status="", to_status=S.REQUESTED
    )
    for person in support_managers(rec.school):
        notify(
            recipient=person,
            kind=NotificationKind.SUPPORT,
            subject=f"{requesting_school.name} asks for support: {offer.title}",
            body=f"{requested_by} at {requesting_school.name} asks for “{offer.title}”.\n\nGoals:\n{engagement.goals}",
            url=engagement.get_absolute_url(),
            event_key=f"engagement:{engagement.pk}:requested",
        )
    return engagement


def _notify_sides(
    engagement: SupportEngagement, *, by: User, subject: str, body: str, key: str
):
    people = support_managers(engagement.requesting_school) + support_managers(
        engagement.supporting_school
    )
    if engagement.requested_by_id not in {p.pk for p in people}:
        people.append(engagement.requested_by)
    for person in {p.pk: p for p in people}.values():
        if person.pk == by.pk:
            continue
        notify(
            recipient=person,
            kind=NotificationKind.SUPPORT,
            subject=subject,
            body=body,
            url=engagement.get_absolute_url(),
            event_key=f"engagement:{engagement.pk}:{key}",
        )


def _check_move(eng: SupportEngagement, to_status: str, by: User) -> None:
    """The machine allows the move, the person acts for the side that makes it,
    and the move's own rule (capacity, a measured outcome) holds."""
    if not ENGAGEMENT_STATES.can_move(eng, to_status):
        raise DirectoryError(
            f"An engagement that is {eng.get_status_display().lower()} cannot become "
            f"{S(to_status).label.lower()}."
        )
    side = permissions.MOVE_SIDES[(eng.status, to_status)]
    if not permissions.side_may_move(side, permissions.engagement_sides(eng, by)):
        raise PermissionDenied(
            "Only the supporting school can accept or decline a request."
            if side == SUPPORTING
            else "Only the two schools can change this engagement."
        )
    if to_status == S.AGREED:
        busy = SupportEngagement.objects.filter(
            offer_id=eng.offer_id, status__in=[S.AGREED, S.ACTIVE]
        ).count()
        if busy >= eng.offer.capacity:
            raise DirectoryError(
                f"This offer is at capacity ({eng.offer.capacity} at once); "
                "complete an engagement first."
            )
    if (
        to_status == S.COMPLETED
        and not eng.measures.filter(outcome__isnull=False).exists()
    ):
        raise DirectoryError(
            "Record the outcome of at least one impact measure before completing."
        )


def engagement_transition(
    *, engagement: SupportEngagement, to_status: str, by: User, note: str = ""
) -> SupportEngagement:
    """Status moves only along the machine, made by the side MOVE_SIDES names."""
    with transaction.atomic(durable=True):
        eng = SupportEngagement.objects.select_for_update().get(pk=engagement.pk)
        _check_move(eng, to_status, by)
        fields = ["updated"]
        if to_status == S.DECLINED:
            eng.decline_reason = note
            fields.append("decline_reason")
        if to_status == S.COMPLETED:
            eng.completed_on = timezone.localdate()
            fields.append("completed_on")
        ENGAGEMENT_STATES.move(
            eng,
            to=to_status,
            by=by,
            history=EngagementTransition,
            note=note,
            update_fields=fields,
        )
        label = S(to_status).label.lower()
        _notify_sides(
            eng,
            by=by,
            subject=f"Support {label}: {eng.offer.title}",
            body=(
                f"{by} marked the support from {eng.supporting_school.name} to "
                f"{eng.requesting_school.name} as {label}."
                + (f"\n\n{note}" if note else "")
            ),
            key=to_status,
        )
    return eng


def _locked(engagement: SupportEngagement) -> SupportEngagement:
    """The engagement re-read under a row lock: rules check its current status."""
    return SupportEngagement.objects.select_for_update().get(pk=engagement.pk)


def _require_side(engagement: SupportEngagement, user: User) -> set[str]:
    sides = permissions.engagement_sides(engagement, user)
    if not sides:
        raise PermissionDenied("Only the two schools can change this engagement.")
    if engagement.status in (S.DECLINED, S.REQUESTED):
        raise DirectoryError(
            "Meetings and measures are recorded once the support is agreed."
        )
    return sides


def meeting_record(
    *, engagement: SupportEngagement, held_on: date, notes: str, recorded_by: User
) -> Meeting:
    """Either school records a meeting of an agreed or active engagement."""
    with transaction.atomic(durable=True):
        engagement = _locked(engagement)
        _require_side(engagement, recorded_by)
        meeting = Meeting.objects.create(
            engagement=engagement, held_on=held_on, notes=notes, recorded_by=recorded_by
        )
        _notify_sides(
            engagement,
            by=recorded_by,
            subject=f"Meeting recorded: {engagement.offer.title}",
            body=f"{recorded_by} recorded a meeting held on {held_on:%-d %B %Y}.",
            key=f"meeting:{meeting.pk}",
        )
    return meeting


def _check_measure(baseline, target) -> None:
    if target is not None and baseline is None:
        raise DirectoryError(
            "Enter a baseline before a target: a target means nothing without "
            "knowing where you started."
        )


def measure_add(
    *,
    engagement: SupportEngagement,
    added_by: User,
    name: str,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> ImpactMeasure:
    """A measure has a baseline before it has a target (refused otherwise)."""
    _check_measure(baseline, target)
    with transaction.atomic(durable=True):
        engagement = _locked(engagement)
        _require_side(engagement, added_by)
        if engagement.status == S.COMPLETED:
            raise DirectoryError(
                "This engagement is completed; its measures are final."
            )
        return ImpactMeasure.objects.create(
            engagement=engagement,
            name=name,
            unit=unit,
            baseline=baseline,
            target=target,
        )


def measure_update(
    *,
    measure: ImpactMeasure,
    updated_by: User,
    baseline: Decimal | None,
    target: Decimal | None,
    outcome: Decimal | None,
) -> ImpactMeasure:
    """Either school updates a measure; still no target without a baseline."""
    _check_measure(baseline, target)
    with transaction.atomic(durable=True):
        engagement = _locked(measure.engagement)
        _require_side(engagement, updated_by)
        if engagement.status == S.COMPLETED:
            raise DirectoryError(
                "This engagement is completed; its measures are final."
            )
        ImpactMeasure.objects.filter(pk=measure.pk).update(
            baseline=baseline, target=target, outcome=outcome
        )
        measure.baseline, measure.target, measure.outcome = baseline, target, outcome
    return measure


def evaluation_write(
    *, engagement: SupportEngagement, written_by: User, side: str, text: str
) -> SupportEngagement:
    """Each school writes its own evaluation note, once support is under way."""
    field = "supporting_evaluation" if side == SUPPORTING else "requesting_evaluation"
    with transaction.atomic(durable=True):
        engagement = _locked(engagement)
        sides = _require_side(engagement, written_by)
        if side not in sides:
            raise PermissionDenied("You can only write your own school's evaluation.")
        SupportEngagement.objects.filter(pk=engagement.pk).update(
            **{field: text.strip(), "updated": timezone.now()}
        )
        setattr(engagement, field, text.strip())
        _notify_sides(
            engagement,
            by=written_by,
            subject=f"Evaluation written: {engagement.offer.title}",
            body=f"{written_by} wrote the {side} school's evaluation.",
            key=f"evaluation:{side}:{timezone.now().timestamp()}",
        )
    return engagement
