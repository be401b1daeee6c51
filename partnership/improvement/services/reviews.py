"""Peer review: open a round, assign reviewers (never from the host school), decline
and replace, focus areas, the report, who reads it."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.versions import bump
from partnership.services import NotificationKind, notify
from schools.models import School, User

from .. import permissions
from ..models import Finding, FocusArea, PeerReview, Reviewer, ReviewRound


def round_open(*, partnership, year: int, scale: str, opened_by: User) -> ReviewRound:
    """An officer opens one round a year, with a scale of at least two judgements."""
    if not permissions.may_run_round(opened_by, partnership):
        raise NotAllowed("Only the partnership's officers open a review round.")
    lines = [line.strip() for line in scale.splitlines() if line.strip()]
    if len(lines) < 2:
        raise DomainError("Give at least two judgements, one a line.", field="scale")
    if ReviewRound.objects.filter(partnership=partnership, year=year).exists():
        raise DomainError(f"There is already a round for {year}.", field="year")
    with transaction.atomic(durable=True):
        return ReviewRound.objects.create(
            partnership=partnership,
            year=year,
            scale="\n".join(lines),
            opened_by=opened_by,
        )


def review_add(
    *, round: ReviewRound, host: School, visit_on: date, by: User
) -> PeerReview:
    """An officer adds a member school to the round as a host, with its visit date."""
    if not permissions.may_run_round(by, round.partnership):
        raise NotAllowed("Only the partnership's officers add reviews.")
    if not round.partnership.memberships.filter(
        school=host, left__isnull=True
    ).exists():
        raise DomainError(f"{host.name} is not a member school.", field="host")
    if round.reviews.filter(host=host).exists():
        raise DomainError(f"{host.name} already has a review this round.", field="host")
    with transaction.atomic(durable=True):
        return PeerReview.objects.create(round=round, host=host, visit_on=visit_on)


def _check_reviewer(review: PeerReview, user: User, school: School) -> None:
    """The conflict rule: a reviewer comes from another member school, and is on its
    staff now; nobody on the host school's staff reviews it."""
    if school.pk == review.host_id:
        raise DomainError("A reviewer cannot come from the host school.", field="user")
    if (
        School.objects.served_by(user, "teacher", "headteacher")
        .filter(pk=review.host_id)
        .exists()
    ):
        raise DomainError(
            f"{user} works at {review.host.name}: reviewers never come from the host school.",
            field="user",
        )
    if (
        not School.objects.served_by(user, "teacher", "headteacher")
        .filter(pk=school.pk)
        .exists()
    ):
        raise DomainError(f"{user} is not on the staff of {school.name}.", field="user")
    if not review.round.partnership.memberships.filter(
        school=school, left__isnull=True
    ).exists():
        raise DomainError(f"{school.name} is not a member school.", field="school")
    if review.reviewers.filter(user=user, declined_at__isnull=True).exists():
        raise DomainError(f"{user} already reviews this school.", field="user")


def reviewer_assign(
    *,
    review: PeerReview,
    user: User,
    school: School,
    role: str,
    by: User,
    replaces: Reviewer | None = None,
) -> Reviewer:
    """An officer assigns a lead or peer reviewer from another member school."""
    if not permissions.may_run_round(by, review.round.partnership):
        raise NotAllowed("Only the partnership's officers assign reviewers.")
    if role not in Reviewer.Role.values:
        raise DomainError("Choose lead or peer reviewer.", field="role")
    _check_reviewer(review, user, school)
    with transaction.atomic(durable=True):
        locked = PeerReview.objects.select_for_update().get(pk=review.pk)
        if (
            role == Reviewer.Role.LEAD
            and locked.reviewers.filter(
                role=Reviewer.Role.LEAD, declined_at__isnull=True
            ).exists()
        ):
            raise DomainError("This review already has a lead reviewer.", field="role")
        reviewer = Reviewer.objects.create(
            review=locked, user=user, school=school, role=role, replaces=replaces
        )
        notify(
            recipient=user,
            kind=NotificationKind.REMINDER,
            subject=f"You are asked to review {review.host.name}",
            body=f"You are the {reviewer.get_role_display().lower()} for the peer "
            f"review of {review.host.name} on {review.visit_on:%-d %B %Y}.",
            url=review.get_absolute_url(),
            event_key=f"reviewer:{reviewer.pk}:assigned",
        )
    return reviewer


def reviewer_decline(*, reviewer: Reviewer, by: User, reason: str) -> Reviewer:
    """A reviewer declines; the officers are told to find a replacement."""
    if reviewer.user_id != by.pk:
        raise NotAllowed("Only the reviewer can decline.")
    if not reason.strip():
        raise DomainError("Say why you cannot review.", field="reason")
    with transaction.atomic(durable=True):
        locked = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
        if locked.declined_at:
            raise DomainError("You have already declined.")
        locked.declined_at = timezone.now()
        locked.decline_reason = reason.strip()[:300]
        locked.save(update_fields=["declined_at", "decline_reason"])
        review = locked.review
        for officer in review.round.partnership.officers.all():
            notify(
                recipient=officer,
                kind=NotificationKind.REMINDER,
                subject=f"A reviewer declined: {review.host.name}",
                body=f"{by} cannot review {review.host.name}: {locked.decline_reason}\n"
                "Assign a replacement.",
                url=review.get_absolute_url(),
                event_key=f"reviewer:{locked.pk}:declined",
            )
    return locked


def reviewer_replace(
    *, declined: Reviewer, user: User, school: School, by: User
) -> Reviewer:
    """An officer replaces a reviewer who declined, in the same role."""
    if declined.declined_at is None:
        raise DomainError("Only a reviewer who declined is replaced.")
    if hasattr(declined, "replaced_by"):
        raise DomainError("This reviewer has already been replaced.")
    return reviewer_assign(
        review=declined.review,
        user=user,
        school=school,
        role=declined.role,
        by=by,
        replaces=declined,
    )


def focus_area_add(*, review: PeerReview, title: str, by: User) -> FocusArea:
    """The host school's headteacher chooses the focus areas."""
    if not permissions.may_manage_host(by, review):
        raise NotAllowed("Only the host school's headteacher chooses focus areas.")
    if not title.strip():
        raise DomainError("Name the focus area.", field="title")
    with transaction.atomic(durable=True):
        return FocusArea.objects.create(review=review, title=title.strip()[:200])


def _lines(text: str) -> list[str]:
    return [line.strip()[:300] for line in (text or "").splitlines() if line.strip()]


def report_write(
    *,
    review: PeerReview,
    by: User,
    judgement: str,
    summary: str,
    notes: dict[int, tuple[str, str]],
    excellence: str,
    development: str,
) -> PeerReview:
    """A reviewer writes the report: notes and a judgement per focus area, an overall
    judgement on the round's scale, areas of excellence and for development."""
    if not permissions.may_write_report(by, review):
        raise NotAllowed("Only the review's reviewers write the report.")
    scale = review.round.judgements
    for _, (__, focus_judgement) in notes.items():
        if focus_judgement and focus_judgement not in scale:
            raise DomainError("Choose a judgement from the round's scale.")
    if judgement not in scale:
        raise DomainError(
            "Choose a judgement from the round's scale.", field="judgement"
        )
    with transaction.atomic(durable=True):
        locked = PeerReview.objects.select_for_update().get(pk=review.pk)
        for area in locked.focus_areas.all():
            if area.pk in notes:
                area.notes, area.judgement = notes[area.pk]
                area.save(update_fields=["notes", "judgement"])
        _replace_findings(locked, Finding.Kind.EXCELLENCE, _lines(excellence))
        _replace_findings(locked, Finding.Kind.DEVELOPMENT, _lines(development))
        locked.judgement, locked.summary = judgement, summary.strip()
        first = locked.written_at is None
        locked.written_at, locked.written_by = timezone.now(), by
        locked.save(update_fields=["judgement", "summary", "written_at", "written_by"])
        if first:
            _tell_host(locked)
    return locked


def _replace_findings(review: PeerReview, kind: str, lines: list[str]) -> None:
    """Findings already acted on (a recommendation or a priority) stay."""
    kept = review.findings.filter(kind=kind)
    acted = {f.text for f in kept if f.recommendation_id or hasattr(f, "priority")}
    kept.exclude(text__in=acted).filter(
        recommendation__isnull=True, priority__isnull=True
    ).delete()
    for text in lines:
        if text not in acted:
            Finding.objects.create(review=review, kind=kind, text=text)


def _tell_host(review: PeerReview) -> None:
    heads = User.objects.filter(
        staff_roles__school=review.host,
        staff_roles__role="headteacher",
        staff_roles__left__isnull=True,
    )
    for head in heads:
        notify(
            recipient=head,
            kind=NotificationKind.REMINDER,
            subject=f"Your peer review report is written: {review.host.name}",
            body="Read it, choose who may see it and act on its findings.",
            url=review.get_absolute_url(),
            event_key=f"review:{review.pk}:written",
        )


def review_share(*, review: PeerReview, visibility: str, by: User) -> PeerReview:
    """The host school's headteacher owns the report and chooses who reads it."""
    if not permissions.may_manage_host(by, review):
        raise NotAllowed(
            "Only the host school's headteacher chooses who sees the report."
        )
    if visibility not in PeerReview.Visibility.values:
        raise DomainError("Choose who may see the report.", field="visibility")
    written = PeerReview.objects.filter(pk=review.pk, written_at__isnull=False).exists()
    if visibility != PeerReview.Visibility.SCHOOL and not written:
        raise DomainError("Share the report once it is written.", field="visibility")
    with transaction.atomic(durable=True):
        PeerReview.objects.filter(pk=review.pk).update(visibility=visibility)
        bump("improvement")
    review.visibility = visibility
    return review
