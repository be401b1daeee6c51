"""Reads of the directory beside the search: open data, moderation, school pages,
dashboards."""

from __future__ import annotations

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
)
from django.utils import timezone

from schools.models import School

from ..models import ImpactMeasure, Recommendation, SupportEngagement, SupportOffer
from ..models.recommendations import MODERATION_ORDER
from ..opendata import FIELD_NAMES
from ..permissions import support_school_ids


def open_data_rows():
    """Every published recommendation as flat rows for the CSV and JSON downloads."""
    qs = (
        Recommendation.objects.published()
        .select_related("school", "organisation", "subject")
        .order_by("pk")
    )
    offers: dict[int, list[SupportOffer]] = {}
    for offer in (
        SupportOffer.objects.filter(
            is_active=True, recommendation__status=Recommendation.Status.PUBLISHED
        )
        .order_by("recommendation_id", "kind", "pk")
        .iterator(chunk_size=2000)
    ):
        offers.setdefault(offer.recommendation_id, []).append(offer)
    for rec in qs.iterator(chunk_size=2000):
        yield _row(rec, offers.get(rec.pk, []))


def _row(rec: Recommendation, rec_offers: list[SupportOffer]) -> dict:
    """One published recommendation with proper types (see `opendata.FIELDS`)."""
    school = rec.school
    return {
        "slug": rec.slug,
        "title": rec.title,
        "level": rec.level,
        "organisation": rec.organisation.name,
        "organisation_kind": rec.organisation.kind,
        "school_urn": school.urn,
        "school_name": school.name,
        "local_authority": school.local_authority or None,
        "phase": school.phase or None,
        "latitude": school.latitude,
        "longitude": school.longitude,
        "subject": rec.subject.name if rec.subject_id else None,
        "practitioner": rec.practitioner_name or None,
        "summary": rec.summary,
        "evidence_url": rec.evidence_url or None,
        "recommended_on": rec.recommended_on.isoformat(),
        "review_on": rec.review_on.isoformat() if rec.review_on else None,
        "published_on": rec.published_on.isoformat() if rec.published_on else None,
        "support_kinds": sorted({o.kind for o in rec_offers}),
        "free_support": any(o.cost == 0 for o in rec_offers),
    }


OPEN_DATA_FIELDS = FIELD_NAMES


def recommendation_impact(*, recommendation: Recommendation) -> dict:
    """Impact so far: completed engagements of its offers and their measured change.

    Counted, never named: the schools that received support are not shown.
    """
    completed = SupportEngagement.objects.filter(
        offer__recommendation=recommendation,
        status=SupportEngagement.Status.COMPLETED,
    )
    measures = list(
        ImpactMeasure.objects.filter(
            engagement__in=completed, baseline__isnull=False, outcome__isnull=False
        )
        .order_by("name", "id")
        .values("name", "unit", "baseline", "outcome", "target")
    )
    measured = completed.filter(
        Exists(
            ImpactMeasure.objects.filter(
                engagement=OuterRef("pk"),
                baseline__isnull=False,
                outcome__isnull=False,
            )
        )
    )
    return {
        "completed": completed.count(),
        "measured": measured.count(),
        "measures": measures,
    }


def moderation_queue(*, user):
    """What an officer moderates: their schools' drafts first, then by review date."""
    return (
        Recommendation.objects.moderated_by(user)
        .select_related("school", "organisation", "subject")
        .order_by(*MODERATION_ORDER)
    )


def school_section(*, school: School) -> dict:
    """A school's directory section: its recommendations, offers and support given."""
    recs = list(
        Recommendation.objects.published()
        .filter(school=school)
        .select_related("organisation", "subject")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=SupportOffer.objects.filter(is_active=True),
                to_attr="active_offers",
            ),
            "case_studies",
        )
    )
    completed = list(
        SupportEngagement.objects.filter(
            supporting_school=school, status=SupportEngagement.Status.COMPLETED
        )
        .select_related("requesting_school", "offer")
        .prefetch_related(
            Prefetch("measures", queryset=ImpactMeasure.objects.order_by("id"))
        )
        .order_by("-completed_on", "-id")
    )
    return {"recommendations": recs, "completed": completed}


def dashboard_section(*, user) -> dict:
    """Support requests waiting on this person, and their schools' engagements."""
    if not user.is_authenticated:
        return {}
    managed_ids = support_school_ids(user)
    staff_of = School.objects.served_by(user, "teacher", "headteacher").values("pk")
    waiting = list(
        SupportEngagement.objects.filter(
            supporting_school_id__in=managed_ids,
            status=SupportEngagement.Status.REQUESTED,
        )
        .select_related("requesting_school", "offer")
        .order_by("created")
    )
    engagements = list(
        SupportEngagement.objects.visible_to(user)
        .exclude(pk__in=[e.pk for e in waiting])
        .filter(Q(requesting_school__in=staff_of) | Q(supporting_school__in=staff_of))
        .select_related("requesting_school", "supporting_school", "offer")
        .order_by("-updated")[:20]
    )
    return {
        "heads_of": School.objects.served_by(user, "headteacher"),
        "waiting": waiting,
        "engagements": engagements,
        "is_officer": user.is_officer or user.is_superuser,
        **(_officer_counts(user) if (user.is_officer or user.is_superuser) else {}),
    }


def _officer_counts(user) -> dict:
    """Drafts waiting and published recommendations whose review date has passed."""
    return Recommendation.objects.moderated_by(user).aggregate(
        drafts=Count("pk", filter=Q(status=Recommendation.Status.DRAFT)),
        reviews_due=Count(
            "pk",
            filter=Q(
                status=Recommendation.Status.PUBLISHED,
                review_on__lt=timezone.localdate(),
            ),
        ),
    )
