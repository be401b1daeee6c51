"""Improvement URLs for the URL walker (tests/security): how to make each private
object, who must be refused, and the state a refused request must leave unchanged.

The world: a review of the headteacher's school (`school`) by a reviewer from a
third member school; a review of `other_school` by the `teacher`; a priority and a
measure of `school`.
"""

from datetime import date

from tests.security.url_registry import Private, World

OFFICERS_ONLY = ("teacher", "headteacher", "other_headteacher")
HOST_HEAD_ONLY = ("teacher", "other_headteacher", "officer")
SCHOOL_MANAGERS = ("teacher", "other_headteacher")


def _cycle(world: World) -> dict:
    if "review" in world.extra:
        return world.extra
    from partnership.improvement import services
    from tests.directory.factories import OfferFactory, RecommendationFactory
    from tests.improvement.factories import measure_for, priority_for, reviewer_from

    rnd = services.round_open(
        partnership=world.partnership,
        year=2024,
        scale="Good\nNot yet",
        opened_by=world.officer,
    )
    review = services.review_add(
        round=rnd, host=world.school, visit_on=date(2024, 11, 5), by=world.officer
    )
    outsider, outsider_school = reviewer_from(world.partnership)
    services.reviewer_assign(
        review=review,
        user=outsider,
        school=outsider_school,
        role="lead",
        by=world.officer,
    )
    spare, spare_school = reviewer_from(world.partnership)
    declined = services.reviewer_assign(
        review=review, user=spare, school=spare_school, role="peer", by=world.officer
    )
    services.reviewer_decline(reviewer=declined, by=spare, reason="Ill")
    services.report_write(
        review=review,
        by=outsider,
        judgement="Good",
        summary="",
        notes={},
        excellence="Phonics",
        development="Writing",
    )
    other_review = services.review_add(
        round=rnd,
        host=world.other_school,
        visit_on=date(2024, 12, 1),
        by=world.officer,
    )
    teacher_reviewer = services.reviewer_assign(
        review=other_review,
        user=world.teacher,
        school=world.school,
        role="peer",
        by=world.officer,
    )
    priority = priority_for(school=world.school, head=world.headteacher)
    offer = OfferFactory(recommendation=RecommendationFactory(title="Reading"))
    measure = measure_for(partnership=world.partnership, officer=world.officer)
    world.extra.update(
        round=rnd,
        review=review,
        declined=declined,
        teacher_reviewer=teacher_reviewer,
        excellence=review.findings.get(kind="excellence"),
        development=review.findings.get(kind="development"),
        priority=priority,
        offer=offer,
        measure=measure,
    )
    return world.extra


def _state(world: World):
    from partnership.improvement.models import (
        FocusArea,
        Measure,
        MeasureValue,
        OutcomesSettings,
        PeerReview,
        Priority,
        Reviewer,
        ReviewRound,
        SuccessMeasure,
    )
    from schools.directory.models import Recommendation, SupportEngagement

    return (
        ReviewRound.objects.count(),
        sorted(PeerReview.objects.values_list("pk", "visibility", "judgement")),
        sorted(Reviewer.objects.values_list("pk", "declined_at")),
        FocusArea.objects.count(),
        sorted(Priority.objects.values_list("pk", "outcome")),
        SuccessMeasure.objects.count(),
        Measure.objects.count(),
        MeasureValue.objects.count(),
        list(OutcomesSettings.objects.values_list("public_parts", flat=True)),
        Recommendation.objects.count(),
        SupportEngagement.objects.count(),
        sorted(Priority.engagements.through.objects.values_list("pk", flat=True)),
    )


def _pk(key):
    return lambda w: {"pk": _cycle(w)[key].pk}


def _slug(w):
    _cycle(w)
    return {"slug": w.partnership.slug}


def _urn(w):
    _cycle(w)
    return {"urn": w.school.urn}


PRIVATE = {
    "improvement:round_create": Private(
        kwargs=_slug, refused=OFFICERS_ONLY, state=_state
    ),
    "improvement:round": Private(
        kwargs=_pk("round"), refused=OFFICERS_ONLY, methods=("get",)
    ),
    "improvement:review_create": Private(
        kwargs=_pk("round"), refused=OFFICERS_ONLY, state=_state
    ),
    "improvement:review": Private(
        kwargs=_pk("review"), refused=("other_headteacher",), methods=("get",)
    ),
    "improvement:reviewer_assign": Private(
        kwargs=_pk("review"), refused=OFFICERS_ONLY, state=_state
    ),
    "improvement:focus_add": Private(
        kwargs=_pk("review"), refused=HOST_HEAD_ONLY, state=_state
    ),
    "improvement:report_write": Private(
        kwargs=_pk("review"), refused=(*HOST_HEAD_ONLY, "headteacher"), state=_state
    ),
    "improvement:review_share": Private(
        kwargs=_pk("review"), refused=HOST_HEAD_ONLY, state=_state
    ),
    "improvement:reviewer_decline": Private(
        kwargs=_pk("teacher_reviewer"),
        refused=("headteacher", "other_headteacher", "officer"),
        state=_state,
    ),
    "improvement:reviewer_replace": Private(
        kwargs=_pk("declined"), refused=OFFICERS_ONLY, state=_state
    ),
    "improvement:finding_priority": Private(
        kwargs=_pk("development"), refused=HOST_HEAD_ONLY, state=_state
    ),
    "improvement:finding_recommend": Private(
        kwargs=_pk("excellence"), refused=HOST_HEAD_ONLY, state=_state
    ),
    "improvement:priority_list": Private(
        kwargs=_urn, refused=("other_headteacher",), methods=("get",)
    ),
    "improvement:priority_create": Private(
        kwargs=_urn, refused=SCHOOL_MANAGERS, state=_state
    ),
    "improvement:priority": Private(
        kwargs=_pk("priority"), refused=("other_headteacher",), methods=("get",)
    ),
    "improvement:measure_add": Private(
        kwargs=_pk("priority"), refused=SCHOOL_MANAGERS, state=_state
    ),
    "improvement:priority_outcome": Private(
        kwargs=_pk("priority"), refused=HOST_HEAD_ONLY, state=_state
    ),
    "improvement:priority_link": Private(
        kwargs=_pk("priority"), refused=SCHOOL_MANAGERS, state=_state
    ),
    "improvement:priority_support": Private(
        kwargs=_pk("priority"), refused=("other_headteacher",), methods=("get",)
    ),
    "improvement:priority_request": Private(
        kwargs=lambda w: {
            "pk": _cycle(w)["priority"].pk,
            "offer_pk": _cycle(w)["offer"].pk,
        },
        refused=SCHOOL_MANAGERS,
        state=_state,
    ),
    # Members' and officers' pages: every person of the world may see them; a
    # visitor is sent to sign in or refused.
    "improvement:measure_list": Private(kwargs=_slug, refused=(), methods=("get",)),
    "improvement:measure_create": Private(
        kwargs=_slug, refused=OFFICERS_ONLY, state=_state
    ),
    "improvement:measure_import": Private(
        kwargs=_pk("measure"), refused=OFFICERS_ONLY, state=_state
    ),
    "improvement:measure_values": Private(
        kwargs=lambda w: {"pk": _cycle(w)["measure"].pk, "urn": w.school.urn},
        refused=SCHOOL_MANAGERS,
        state=_state,
    ),
    # The outcomes pages are public only for the parts the partnership chose; with
    # none chosen (the world's case) a visitor gets 404.
    "improvement:outcomes": Private(kwargs=_slug, refused=(), methods=("get",)),
    "improvement:outcomes_csv": Private(kwargs=_slug, refused=(), methods=("get",)),
    "improvement:outcomes_json": Private(kwargs=_slug, refused=(), methods=("get",)),
    "improvement:outcomes_school": Private(
        kwargs=lambda w: {"slug": w.partnership.slug, "urn": w.school.urn},
        refused=(),
        methods=("get",),
    ),
    "improvement:outcomes_settings": Private(
        kwargs=_slug, refused=OFFICERS_ONLY, state=_state
    ),
}
