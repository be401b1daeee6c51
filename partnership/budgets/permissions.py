"""Who may do what with budgets. Services and views ask here; nothing here writes."""

from django.db.models import Q

from partnership.models import Partnership
from schools.models import School, User

from .models import Allocation, Claim, ClaimDelegation, Fund


def is_officer(user, partnership: Partnership) -> bool:
    """An officer of the partnership (or a superuser)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or partnership.officers.filter(pk=user.pk).exists()


def is_head(user, school) -> bool:
    """A current headteacher of the school."""
    if school is None:
        return False
    return School.objects.served_by(user, "headteacher").filter(pk=school.pk).exists()


def is_board_head(user, partnership: Partnership) -> bool:
    """A headteacher of a school that sits on the partnership's board."""
    return partnership.memberships.filter(
        is_board_member=True,
        left__isnull=True,
        school__in=School.objects.served_by(user, "headteacher"),
    ).exists()


def is_delegate(user, school) -> bool:
    """A teacher the school's headteacher has let claim from its budget, while
    they still work at the school (a right from a role ends with the role)."""
    if school is None or not user.is_authenticated:
        return False
    return (
        School.objects.served_by(user, "teacher", "headteacher")
        .filter(pk=school.pk)
        .exists()
        and ClaimDelegation.objects.filter(
            school=school, delegate=user, revoked__isnull=True
        ).exists()
    )


def may_claim_for(user, allocation: Allocation) -> bool:
    """A school's headteachers and the teachers they delegated claiming to; for a
    theme's allocation, the partnership's officers."""
    if not user.is_authenticated:
        return False
    school = allocation.school
    if school is None:
        return is_officer(user, allocation.fund.partnership)
    return is_head(user, school) or is_delegate(user, school)


def may_approve(user, *, fund: Fund, school) -> bool:
    """Officers, and board headteachers for schools other than their own."""
    if not user.is_authenticated:
        return False
    if is_officer(user, fund.partnership):
        return True
    if is_head(user, school):
        return False
    return is_board_head(user, fund.partnership)


def may_decide(user, thing: Allocation | Claim) -> bool:
    """Whether to offer this person the approve and turn-down buttons."""
    if isinstance(thing, Allocation):
        waiting = thing.status == Allocation.Status.PROPOSED
        owner_id, fund, school = thing.proposed_by_id, thing.fund, thing.school
    else:
        waiting = thing.status == Claim.Status.SUBMITTED
        owner_id = thing.claimant_id
        fund, school = thing.allocation.fund, thing.allocation.school
    return (
        waiting
        and owner_id != user.pk
        and not thing.approvals.filter(approver=user).exists()
        and may_approve(user, fund=fund, school=school)
    )


def may_change_claim(user, claim: Claim) -> bool:
    """Withdraw or correct a claim: its claimant (while they may still claim from
    the allocation) or the school's headteacher, while it waits and nobody has
    approved it."""
    if not user.is_authenticated or claim.status != Claim.Status.SUBMITTED:
        return False
    if claim.approvals.exists():
        return False
    allocation = claim.allocation
    if claim.claimant_id == user.pk and may_claim_for(user, allocation):
        return True
    return is_head(user, allocation.school)


def may_batch_decide(user) -> bool:
    """Officers and board headteachers decide on claims in batches."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.officer_of.exists():
        return True
    return Partnership.objects.filter(
        memberships__is_board_member=True,
        memberships__left__isnull=True,
        memberships__school__in=School.objects.served_by(user, "headteacher"),
    ).exists()


def may_propose(user, *, fund: Fund, school) -> bool:
    """Officers propose for any member school or theme; a headteacher for their own."""
    return is_officer(user, fund.partnership) or is_head(user, school)


def may_delegate(user, school) -> bool:
    """Only a school's headteacher lets others claim from its budget."""
    return is_head(user, school)


def may_open_fund(user) -> bool:
    return user.is_superuser or user.officer_of.exists()


def approvers(fund: Fund, *, school=None) -> list:
    """Everyone who may approve for this fund (and school)."""
    people = User.objects.filter(
        Q(officer_of=fund.partnership)
        | Q(
            staff_roles__role="headteacher",
            staff_roles__left__isnull=True,
            staff_roles__school__memberships__partnership=fund.partnership,
            staff_roles__school__memberships__is_board_member=True,
            staff_roles__school__memberships__left__isnull=True,
        ),
        is_active=True,
    ).distinct()
    if school is not None:
        own_heads = school.staff.filter(role="headteacher", left__isnull=True)
        people = people.exclude(
            Q(pk__in=own_heads.values("user_id")) & ~Q(officer_of=fund.partnership)
        )
    return list(people)
