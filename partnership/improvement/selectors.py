"""Reads of the improvement cycle (the outcomes page is `outcomes`)."""

from partnership.budgets.models import Allocation
from research.models import Project
from schools.directory.filters import search
from schools.directory.models import Recommendation, SupportEngagement, SupportOffer
from schools.directory.selectors.near import Origin, nearest_first
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


# Circles searched outwards from the school until enough support is found.
RINGS_MILES = (10, 25, 75, 250)


def matching_support(*, priority: Priority) -> list[dict]:
    """Published recommendations that match the priority's theme (the directory's
    word search) or subject, with their offers taking requests, nearest to the
    school first: the nearest are found in circles of growing size (the
    directory's indexed "near"), then others (too far, or with no place known),
    so a national directory gives the school its neighbours."""
    published = Recommendation.objects.published().exclude(school_id=priority.school_id)
    matches = search(published, priority.theme)
    if priority.subject_id:
        matches = matches | published.filter(subject_id=priority.subject_id)
    home = priority.school
    ids: list[int] = []
    if home.latitude is not None and home.longitude is not None:
        for miles in RINGS_MILES:
            origin = Origin(home.latitude, home.longitude, home.name, miles)
            ids = [pk for pk, _ in nearest_first(matches, origin)[:MAX_MATCHES]]
            if len(ids) >= MAX_MATCHES:
                break
    if len(ids) < MAX_MATCHES:
        # Any of the rest (further away, or with no place known), as the word
        # index yields them: a newest-first walk would read every recommendation
        # when the theme is rare. They are put in distance order below.
        ids += (
            matches.exclude(pk__in=ids)
            .order_by()
            .values_list("pk", flat=True)[: MAX_MATCHES - len(ids)]
        )
    recs = Recommendation.objects.filter(pk__in=ids).select_related(
        "school", "organisation"
    )
    offers: dict = {}
    for offer in SupportOffer.objects.filter(recommendation__in=ids, is_active=True):
        offers.setdefault(offer.recommendation_id, []).append(offer)
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
    return found


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
