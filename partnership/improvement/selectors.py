"""Reads of the improvement cycle (the outcomes page is `outcomes`)."""

from django.db.models import Q

from partnership.budgets.models import Allocation
from research.models import Project
from schools.directory.models import Recommendation, SupportEngagement, SupportOffer
from schools.gias import distance_miles
from schools.models import School

from .models import Measure, MeasureValue, PeerReview, Priority, ReviewRound

MAX_MATCHES = 20


def hub(*, user) -> dict:
    """What a signed-in person has to do in the cycle."""
    served = School.objects.served_by(user)
    officer_of = user.officer_of.all() if hasattr(user, "officer_of") else []
    return {
        "rounds": ReviewRound.objects.filter(partnership__officers=user).select_related(
            "partnership"
        )[:20],
        "reviewing": PeerReview.objects.filter(
            reviewers__user=user, reviewers__declined_at__isnull=True
        ).select_related("host", "round")[:20],
        "hosting": PeerReview.objects.filter(
            host__in=served.values("pk")
        ).select_related("host", "round")[:20],
        "priorities": Priority.objects.visible_to(user).select_related("school")[:30],
        "schools": list(School.objects.served_by(user, "headteacher", "officer")[:50]),
        "measures": Measure.objects.filter(
            partnership__memberships__school__in=served.values("pk")
        ).distinct()[:30],
        "officer_of": officer_of,
    }


def school_values(*, measure: Measure, school: School) -> list[MeasureValue]:
    return list(
        MeasureValue.objects.filter(measure=measure, school=school).order_by("year")
    )


def matching_support(*, priority: Priority) -> list[dict]:
    """Published recommendations that match the priority's subject or theme, with
    their offers taking requests, nearest to the school first."""
    words = Q(title__icontains=priority.theme) | Q(summary__icontains=priority.theme)
    if priority.subject_id:
        words |= Q(subject_id=priority.subject_id)
    recs = list(
        Recommendation.objects.published()
        .filter(words)
        .exclude(school_id=priority.school_id)
        .select_related("school", "organisation")[:200]
    )
    offers: dict = {}
    for offer in SupportOffer.objects.filter(
        recommendation__in=[r.pk for r in recs], is_active=True
    ):
        offers.setdefault(offer.recommendation_id, []).append(offer)
    home = priority.school
    found = []
    for rec in recs:
        miles = None
        if None not in (
            home.latitude,
            home.longitude,
            rec.school.latitude,
            rec.school.longitude,
        ):
            miles = distance_miles(
                home.latitude, home.longitude, rec.school.latitude, rec.school.longitude
            )
        found.append(
            {"recommendation": rec, "offers": offers.get(rec.pk, []), "miles": miles}
        )
    found.sort(
        key=lambda f: (f["miles"] is None, f["miles"] or 0, f["recommendation"].title)
    )
    return found[:MAX_MATCHES]


def linkable(*, priority: Priority) -> dict:
    """The school's own projects, engagements it asked for and its allocations."""
    return {
        "projects": Project.objects.filter(school_id=priority.school_id),
        "engagements": SupportEngagement.objects.filter(
            requesting_school_id=priority.school_id
        ).select_related("offer"),
        "allocations": Allocation.objects.filter(
            school_id=priority.school_id
        ).select_related("fund"),
    }
