"""Which schools' budgets a person may see, and what waits on an approver."""

from django.db.models import Q

from schools.models import School

from ..models import Allocation, Claim, ClaimDelegation, Fund

# ---------------------------------------------------------------------------
# Who sees which school's budget, and what waits on an approver


def schools_with_budget_visible_to(user):
    """Schools whose budget a person may see: the school's headteachers and
    delegates, and the officers and board of a partnership it belongs to."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    heads = School.objects.served_by(user, "headteacher")
    partnership_people = Q(
        memberships__left__isnull=True,
        memberships__partnership__officers=user,
    ) | Q(
        memberships__left__isnull=True,
        memberships__partnership__memberships__is_board_member=True,
        memberships__partnership__memberships__left__isnull=True,
        memberships__partnership__memberships__school__in=heads,
    )
    own = Q(pk__in=heads.values("pk")) | Q(pk__in=delegated_school_ids(user))
    ids = School.objects.filter(partnership_people | own).values("pk")
    return School.objects.filter(pk__in=ids)


def delegated_school_ids(user) -> set[int]:
    """Schools whose headteacher let this person claim from the school's budget."""
    return set(
        ClaimDelegation.objects.filter(
            delegate=user,
            revoked__isnull=True,
            school__in=School.objects.served_by(user, "teacher", "headteacher").values(
                "pk"
            ),
        ).values_list("school_id", flat=True)
    )


def served_or_delegated(user) -> set[int]:
    """Schools the person works at now, or may claim for by delegation."""
    served = School.objects.served_by(user, "teacher", "headteacher")
    return set(served.values_list("pk", flat=True)) | delegated_school_ids(user)


def own_budget_schools(user):
    """Schools whose budget is the person's own: as headteacher or delegate."""
    own = School.objects.served_by(user, "headteacher").values("pk")
    return schools_with_budget_visible_to(user).filter(
        Q(pk__in=own) | Q(pk__in=delegated_school_ids(user))
    )


def school_heads(school) -> list:
    """A school's current headteachers (none for a theme's allocation)."""
    if school is None:
        return []
    return [
        s.user
        for s in school.staff.filter(role="headteacher", left__isnull=True)
        .select_related("user")
        .order_by("pk")
    ]


def _approver_funds(user):
    heads = School.objects.served_by(user, "headteacher")
    return Fund.objects.filter(
        Q(partnership__officers=user)
        | Q(
            partnership__memberships__is_board_member=True,
            partnership__memberships__left__isnull=True,
            partnership__memberships__school__in=heads,
        )
    ).values("pk")


def waiting_for(user) -> tuple[list[Allocation], list[Claim]]:
    """What waits on one approver: items they may approve and have not yet."""
    funds = _approver_funds(user)
    officer_funds = Fund.objects.filter(partnership__officers=user).values("pk")
    own = School.objects.served_by(user, "headteacher").values("pk")
    allocations = (
        Allocation.objects.filter(status=Allocation.Status.PROPOSED, fund__in=funds)
        .exclude(proposed_by=user)
        .exclude(approvals__approver=user)
        .exclude(Q(school_id__in=own) & ~Q(fund__in=officer_funds))
        .select_related("fund", "school")
        .order_by("created", "pk")
    )
    claims = (
        Claim.objects.filter(status=Claim.Status.SUBMITTED, allocation__fund__in=funds)
        .exclude(claimant=user)
        .exclude(approvals__approver=user)
        .exclude(
            Q(allocation__school_id__in=own) & ~Q(allocation__fund__in=officer_funds)
        )
        .select_related("allocation__fund", "allocation__school", "claimant")
        .order_by("created", "pk")
    )
    return list(allocations), list(claims)
