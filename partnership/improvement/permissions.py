"""Who may do what in the improvement cycle."""

from partnership.permissions import is_officer_of
from schools.models import School

from .models import PeerReview, Priority


def _serves(user, school_id: int, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return School.objects.served_by(user, *roles).filter(pk=school_id).exists()


def is_head_of(user, school_id: int) -> bool:
    """The school's headteacher now (site admins too)."""
    return _serves(user, school_id, "headteacher")


def may_run_round(user, partnership) -> bool:
    """Officers open review rounds, assign reviewers and define measures."""
    return is_officer_of(user, partnership)


def may_manage_host(user, review: PeerReview) -> bool:
    """The host school's headteacher owns the report: focus areas and who sees it."""
    return is_head_of(user, review.host_id)


def active_reviewer(user, review: PeerReview):
    if not getattr(user, "is_authenticated", False):
        return None
    return review.reviewers.filter(user=user, declined_at__isnull=True).first()


def may_write_report(user, review: PeerReview) -> bool:
    """Only a reviewer still on the review writes the report (or a site admin)."""
    if getattr(user, "is_superuser", False):
        return True
    return active_reviewer(user, review) is not None


def may_read_report(user, review: PeerReview) -> bool:
    """The host school's staff and the reviewers always; others as the head chose."""
    if review.visibility == PeerReview.Visibility.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if _serves(user, review.host_id) and not _officer_only(user, review.host_id):
        return True
    if review.reviewers.filter(user=user).exists():
        return True
    if review.visibility == PeerReview.Visibility.PARTNERSHIP:
        partnership = review.round.partnership
        return (
            is_officer_of(user, partnership)
            or School.objects.served_by(user, "headteacher")
            .filter(
                memberships__partnership=partnership, memberships__left__isnull=True
            )
            .exists()
        )
    return False


def _officer_only(user, school_id: int) -> bool:
    """Serves the school only as an officer (not on its staff)."""
    if user.is_superuser:
        return False
    return not _serves(user, school_id, "teacher", "headteacher")


def may_edit_priority(user, priority: Priority) -> bool:
    return Priority.objects.editable_by(user).filter(pk=priority.pk).exists()


def may_enter_values(user, school_id: int) -> bool:
    """A school's headteacher (or an officer for it) enters its measure values."""
    return _serves(user, school_id, "headteacher", "officer")


def may_see_everything(user, partnership) -> bool:
    """Officers and the member schools' staff see the whole outcomes page."""
    if is_officer_of(user, partnership):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        School.objects.served_by(user, "teacher", "headteacher")
        .filter(memberships__partnership=partnership, memberships__left__isnull=True)
        .exists()
    )
