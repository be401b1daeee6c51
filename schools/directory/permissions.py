"""Who may do what in the directory and its support engagements.

Services call these before they change anything; views and templates call them to
decide what to offer. Reads of who hears about what are in `selectors`.
"""

from schools.models import School, User

from .models import (
    ENGAGEMENT_STATES,
    Recommendation,
    SupportDelegate,
    SupportEngagement,
)

S = SupportEngagement.Status
SUPPORTING, REQUESTING, EITHER = "supporting", "requesting", "either"

# Which side may make each move of `ENGAGEMENT_STATES`: (from, to) -> side.
MOVE_SIDES = {
    (S.REQUESTED, S.AGREED): SUPPORTING,
    (S.REQUESTED, S.DECLINED): SUPPORTING,
    (S.AGREED, S.ACTIVE): EITHER,
    (S.AGREED, S.DECLINED): SUPPORTING,
    (S.ACTIVE, S.COMPLETED): EITHER,
}
assert set(MOVE_SIDES) == {  # noqa: S101 - the two tables must name the same moves
    (frm, to)
    for frm, targets in ENGAGEMENT_STATES.transitions.items()
    for to in targets
}


def is_officer_for(user: User, school: School) -> bool:
    """An officer of a partnership the school belongs to now, or a site admin."""
    if user.is_superuser:
        return True
    return School.objects.served_by(user, "officer").filter(pk=school.pk).exists()


def may_propose_recommendation(user: User, school: School) -> bool:
    """Officers, and the school's own headteacher, record recommendations."""
    return is_officer_for(user, school) or school.pk in user.headteacher_school_ids()


def may_edit_recommendation(user: User, recommendation_id: int) -> bool:
    return (
        Recommendation.objects.editable_by(user).filter(pk=recommendation_id).exists()
    )


def can_manage_support(user: User, school: School) -> bool:
    """The headteacher, or staff the headteacher delegated, may act for the school."""
    if not user.is_authenticated:
        return False
    if school.pk in user.headteacher_school_ids():
        return True
    return SupportDelegate.objects.filter(
        school=school,
        user=user,
        user__staff_roles__school=school,
        user__staff_roles__left__isnull=True,
    ).exists()


def engagement_sides(engagement: SupportEngagement, user: User) -> set[str]:
    """The sides this person may act for: supporting, requesting, or both."""
    sides = set()
    if can_manage_support(user, engagement.supporting_school):
        sides.add(SUPPORTING)
    if can_manage_support(user, engagement.requesting_school):
        sides.add(REQUESTING)
    return sides


def side_may_move(side: str | None, sides: set[str]) -> bool:
    """Whether someone acting for `sides` may make a move the table gives to `side`."""
    if side is None or not sides:
        return False
    return side == EITHER or side in sides


def allowed_moves(engagement: SupportEngagement, user: User) -> list[str]:
    """The statuses this person may move the engagement to now."""
    sides = engagement_sides(engagement, user)
    return [
        to
        for (frm, to), side in MOVE_SIDES.items()
        if frm == engagement.status and side_may_move(side, sides)
    ]


def may_delegate(user: User, school_id: int) -> bool:
    """Only a school's headteacher lets staff manage its support requests."""
    return school_id in user.headteacher_school_ids()


def support_school_ids(user: User) -> list[int]:
    """The schools (on whose staff this person is) they manage support for."""
    return [
        school.pk
        for school in School.objects.served_by(user, "teacher", "headteacher")
        if can_manage_support(user, school)
    ]


def requestable_schools(user: User, recommendation: Recommendation):
    """The schools this person may ask a recommendation's offers for support for."""
    ids = [pk for pk in support_school_ids(user) if pk != recommendation.school_id]
    return School.objects.filter(pk__in=ids).order_by("name")
