"""School priorities: record them (or turn an area for development into one), their
success measures, links to projects, engagements and allocations, the outcome."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.versions import bump
from schools.directory import services as directory
from schools.directory.models import Organisation, SupportOffer
from schools.models import School, User

from .. import permissions
from ..models import Finding, Priority, SuccessMeasure, Unit, check_value


def _check_priority(school: School, by: User, title: str, theme: str) -> None:
    if not permissions.may_enter_values(by, school.pk):
        raise NotAllowed(
            "Only the school's headteacher or an officer records priorities."
        )
    if not title.strip():
        raise DomainError("Say what the priority is.", field="title")
    if not theme.strip():
        raise DomainError("Give the priority a theme or subject.", field="theme")


def priority_create(
    *,
    school: School,
    year: int,
    title: str,
    theme: str,
    source: str,
    review_on: date,
    by: User,
    subject=None,
    phase: str = "",
    finding: Finding | None = None,
) -> Priority:
    """A school records an improvement priority for a year, with a review date."""
    _check_priority(school, by, title, theme)
    if source not in Priority.Source.values:
        raise DomainError("Say where the priority comes from.", field="source")
    with transaction.atomic(durable=True):
        return Priority.objects.create(
            school=school,
            year=year,
            title=title.strip()[:300],
            theme=theme.strip()[:120],
            subject=subject,
            phase=phase or school.phase,
            source=source,
            review_on=review_on,
            created_by=by,
            finding=finding,
        )


def priority_from_finding(
    *, finding: Finding, by: User, theme: str, review_on: date
) -> Priority:
    """An area for development becomes a priority of the host school in one step."""
    review = finding.review
    if not permissions.may_manage_host(by, review):
        raise NotAllowed("Only the host school's headteacher acts on the report.")
    if finding.kind != Finding.Kind.DEVELOPMENT:
        raise DomainError("Only an area for development becomes a priority.")
    if Priority.objects.filter(finding=finding).exists():
        raise DomainError("This area for development is already a priority.")
    return priority_create(
        school=review.host,
        year=review.round.year,
        title=finding.text,
        theme=theme,
        source=Priority.Source.PEER_REVIEW,
        review_on=review_on,
        by=by,
        finding=finding,
    )


def success_measure_add(
    *,
    priority: Priority,
    by: User,
    name: str,
    unit: str,
    baseline: Decimal,
    baseline_on: date,
    target: Decimal,
    target_on: date,
) -> SuccessMeasure:
    """A success measure has a baseline before its target date, both in its unit."""
    if not permissions.may_edit_priority(by, priority):
        raise NotAllowed("Only the school's headteacher or an officer changes this.")
    if unit not in Unit.values:
        raise DomainError("Choose a unit.", field="unit")
    if target_on <= baseline_on:
        raise DomainError(
            "The date it is measured must be after the date of the baseline.",
            field="target_on",
        )
    check_value(baseline, unit, what="The baseline")
    check_value(target, unit, what="The target")
    with transaction.atomic(durable=True):
        return SuccessMeasure.objects.create(
            priority=priority,
            name=name.strip()[:200],
            unit=unit,
            baseline=baseline,
            baseline_on=baseline_on,
            target=target,
            target_on=target_on,
        )


def priority_outcome_record(
    *,
    priority: Priority,
    by: User,
    outcome: str,
    note: str,
    values: dict[int, Decimal],
) -> Priority:
    """At the review date the head records met, partly met or not met, with the
    measured value of each success measure (in its unit)."""
    if not permissions.is_head_of(by, priority.school_id) and not by.is_superuser:
        raise NotAllowed("Only the school's headteacher records the outcome.")
    if outcome not in Priority.Outcome.values:
        raise DomainError("Choose met, partly met or not met.", field="outcome")
    measures = {m.pk: m for m in priority.measures.all()}
    for pk, value in values.items():
        if pk in measures:
            check_value(value, measures[pk].unit, what=f"“{measures[pk].name}”")
    with transaction.atomic(durable=True):
        for pk, value in values.items():
            if pk in measures:
                SuccessMeasure.objects.filter(pk=pk).update(value=value)
        Priority.objects.filter(pk=priority.pk).update(
            outcome=outcome,
            outcome_note=note.strip()[:2000],
            outcome_recorded_at=timezone.now(),
        )
        bump("improvement")
    priority.refresh_from_db()
    return priority


def priority_link(
    *, priority: Priority, by: User, projects=(), engagements=(), allocations=()
) -> Priority:
    """Link the school's projects, support engagements and budget allocations."""
    if not permissions.may_edit_priority(by, priority):
        raise NotAllowed("Only the school's headteacher or an officer changes this.")
    school_id = priority.school_id
    if (
        any(p.school_id != school_id for p in projects)
        or any(e.requesting_school_id != school_id for e in engagements)
        or any(a.school_id not in (None, school_id) for a in allocations)
    ):
        raise DomainError("Link only this school's work to its priority.")
    with transaction.atomic(durable=True):
        priority.projects.add(*projects)
        priority.engagements.add(*engagements)
        priority.allocations.add(*allocations)
    return priority


def priority_support_request(
    *, priority: Priority, offer: SupportOffer, by: User, goals: str
):
    """Ask an offer for support from a priority; the engagement is linked to it."""
    with transaction.atomic(durable=True):
        engagement = directory.support_request_within(
            offer=offer, requesting_school=priority.school, requested_by=by, goals=goals
        )
        priority.engagements.add(engagement)
    return engagement


def partnership_organisation(partnership) -> Organisation:
    """The partnership as a recommending body in the directory."""
    found = Organisation.objects.filter(name=partnership.name).first()
    if found:
        return found
    return directory.organisation_create(
        name=partnership.name,
        kind=Organisation.Kind.TEACHING_SCHOOL_HUB,
        description="The schools' partnership, from its peer reviews.",
    )


def finding_recommend(*, finding: Finding, by: User, summary: str):
    """An area of excellence is put forward as a directory recommendation with the
    partnership as recommending body; it stays a draft until an officer moderates it."""
    review = finding.review
    if not permissions.may_manage_host(by, review):
        raise NotAllowed("Only the host school's headteacher acts on the report.")
    if finding.kind != Finding.Kind.EXCELLENCE:
        raise DomainError("Only an area of excellence is put forward.")
    if not summary.strip():
        raise DomainError("Describe the practice for the directory.", field="summary")
    organisation = partnership_organisation(review.round.partnership)
    with transaction.atomic(durable=True):
        # The finding is locked first: two people putting it forward at once make
        # one recommendation, and it is never saved without its finding's link.
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.recommendation_id:
            raise DomainError("This area of excellence is already in the directory.")
        rec = directory.recommendation_create_within(
            created_by=by,
            organisation=organisation,
            school=review.host,
            title=finding.text[:200],
            summary=summary.strip(),
        )
        locked.recommendation = rec
        locked.save(update_fields=["recommendation"])
    finding.recommendation = rec
    return rec
