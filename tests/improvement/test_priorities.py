"""Priorities: from a finding in one step, success measures, support near the
school, links and the outcome; bad input changes nothing."""

from datetime import date
from decimal import Decimal

import pytest

from partnership.improvement import selectors, services
from partnership.improvement.models import Finding, Priority, SuccessMeasure
from partnership.kernel.errors import DomainError, NotAllowed
from schools.directory import services as directory
from schools.directory.models import Recommendation, SupportEngagement
from tests.directory.factories import OfferFactory, RecommendationFactory
from tests.factories import SchoolFactory

from .factories import priority_for, reviewer_from, written_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(partnership, officer, school, headteacher):
    user, from_school = reviewer_from(partnership)
    return written_review(
        partnership=partnership,
        officer=officer,
        host=school,
        head=headteacher,
        reviewer=user,
        reviewer_school=from_school,
    )


def test_an_area_for_development_becomes_a_priority_in_one_step(review, headteacher):
    development = review.findings.get(kind=Finding.Kind.DEVELOPMENT)
    priority = services.priority_from_finding(
        finding=development, by=headteacher, theme="reading", review_on=date(2025, 7, 1)
    )
    assert priority.school == review.host
    assert priority.year == review.round.year
    assert priority.source == "peer-review"
    assert priority.title == development.text
    with pytest.raises(DomainError, match="already a priority"):
        services.priority_from_finding(
            finding=development, by=headteacher, theme="x", review_on=date(2025, 7, 1)
        )
    assert Priority.objects.count() == 1


def test_only_the_host_head_acts_on_findings(review, teacher, officer):
    development = review.findings.get(kind=Finding.Kind.DEVELOPMENT)
    for person in (teacher, officer):
        with pytest.raises(NotAllowed):
            services.priority_from_finding(
                finding=development, by=person, theme="r", review_on=date(2025, 7, 1)
            )
    assert not Priority.objects.exists()


def test_an_area_of_excellence_becomes_a_draft_recommendation_by_the_partnership(
    review, headteacher, officer, partnership
):
    excellence = review.findings.get(kind=Finding.Kind.EXCELLENCE)
    rec = services.finding_recommend(
        finding=excellence, by=headteacher, summary="Daily phonics, well taught."
    )
    assert rec.status == Recommendation.Status.DRAFT
    assert rec.organisation.name == partnership.name
    assert rec.school == review.host
    assert Finding.objects.get(pk=excellence.pk).recommendation == rec
    directory.recommendation_moderate(
        recommendation=rec, to_status="published", moderated_by=officer
    )
    assert Recommendation.objects.published().filter(pk=rec.pk).exists()


def test_an_area_of_excellence_is_put_forward_once_even_from_an_old_page(
    review, headteacher
):
    """A second put-forward (another tab, a double click) with the finding as it was
    before is refused, and there is still one recommendation."""
    excellence = review.findings.get(kind=Finding.Kind.EXCELLENCE)
    stale = Finding.objects.get(pk=excellence.pk)
    services.finding_recommend(finding=excellence, by=headteacher, summary="Phonics.")
    with pytest.raises(DomainError, match="already in the directory"):
        services.finding_recommend(finding=stale, by=headteacher, summary="Again.")
    assert Recommendation.objects.filter(school=review.host).count() == 1


def test_a_target_date_before_the_baseline_is_refused_and_nothing_saved(
    school, headteacher
):
    priority = priority_for(school=school, head=headteacher)
    with pytest.raises(DomainError, match="after the date of the baseline"):
        services.success_measure_add(
            priority=priority,
            by=headteacher,
            name="Pupils reading daily",
            unit="percent",
            baseline=Decimal(40),
            baseline_on=date(2025, 1, 1),
            target=Decimal(60),
            target_on=date(2024, 12, 1),
        )
    assert not SuccessMeasure.objects.exists()


def test_a_value_in_the_wrong_unit_is_refused_and_nothing_saved(school, headteacher):
    priority = priority_for(school=school, head=headteacher)
    with pytest.raises(DomainError, match="percentage"):
        services.success_measure_add(
            priority=priority,
            by=headteacher,
            name="Pupils reading daily",
            unit="percent",
            baseline=Decimal(40),
            baseline_on=date(2024, 9, 1),
            target=Decimal(140),
            target_on=date(2025, 7, 1),
        )
    with pytest.raises(DomainError, match="whole number"):
        services.success_measure_add(
            priority=priority,
            by=headteacher,
            name="Pupil leaders",
            unit="pupils",
            baseline=Decimal("4.5"),
            baseline_on=date(2024, 9, 1),
            target=Decimal(10),
            target_on=date(2025, 7, 1),
        )
    assert not SuccessMeasure.objects.exists()


def test_the_head_records_the_outcome_with_measured_values(
    school, headteacher, teacher
):
    priority = priority_for(school=school, head=headteacher)
    measure = services.success_measure_add(
        priority=priority,
        by=headteacher,
        name="Pupils reading daily",
        unit="percent",
        baseline=Decimal(40),
        baseline_on=date(2024, 9, 1),
        target=Decimal(60),
        target_on=date(2025, 7, 1),
    )
    with pytest.raises(NotAllowed):
        services.priority_outcome_record(
            priority=priority, by=teacher, outcome="met", note="", values={}
        )
    with pytest.raises(DomainError, match="percentage"):
        services.priority_outcome_record(
            priority=priority,
            by=headteacher,
            outcome="met",
            note="",
            values={measure.pk: Decimal(160)},
        )
    priority.refresh_from_db()
    assert priority.outcome == ""
    assert SuccessMeasure.objects.get().value is None
    services.priority_outcome_record(
        priority=priority,
        by=headteacher,
        outcome="met",
        note="Good year",
        values={measure.pk: Decimal(64)},
    )
    priority.refresh_from_db()
    assert priority.outcome == "met"
    assert SuccessMeasure.objects.get().reached


def test_matching_support_is_listed_nearest_first(school, headteacher):
    school.latitude, school.longitude = 51.50, -0.10
    school.save()
    far = RecommendationFactory(
        school=SchoolFactory(latitude=52.5, longitude=-1.9), title="Reading for all"
    )
    near = RecommendationFactory(
        school=SchoolFactory(latitude=51.51, longitude=-0.11),
        title="Reading aloud every day",
    )
    RecommendationFactory(title="Maths mastery")
    OfferFactory(recommendation=near)
    priority = priority_for(school=school, head=headteacher, theme="reading")
    matches = selectors.matching_support(priority=priority)
    assert [m["recommendation"] for m in matches] == [near, far]
    assert matches[0]["miles"] < matches[1]["miles"]


def test_the_nearest_matches_come_first_among_many_further_away(school, headteacher):
    """A national directory holds more matches than a page lists: the school sees
    its neighbours first, then the nearest of the rest, twenty in all; a match
    with no known place comes after every placed one."""
    from partnership.improvement.selectors import MAX_MATCHES

    school.latitude, school.longitude = 51.50, -0.10
    school.save()
    RecommendationFactory(
        school=SchoolFactory(latitude=None, longitude=None), title="Reading unplaced"
    )
    for n in range(MAX_MATCHES + 5):
        RecommendationFactory(
            school=SchoolFactory(latitude=53.0 + n / 100, longitude=-2.0),
            title=f"Reading in the north {n}",
        )
    near = RecommendationFactory(
        school=SchoolFactory(latitude=51.52, longitude=-0.12), title="Reading nearby"
    )
    priority = priority_for(school=school, head=headteacher, theme="reading")
    matches = selectors.matching_support(priority=priority)
    assert len(matches) == MAX_MATCHES
    assert matches[0]["recommendation"] == near
    miles = [m["miles"] for m in matches]
    assert miles == sorted(miles)
    assert (
        matches[-1]["recommendation"].title == f"Reading in the north {MAX_MATCHES - 2}"
    )


def test_a_support_request_from_a_priority_is_linked_to_it(school, headteacher):
    offer = OfferFactory(recommendation=RecommendationFactory(title="Reading"))
    priority = priority_for(school=school, head=headteacher)
    engagement = services.priority_support_request(
        priority=priority, offer=offer, by=headteacher, goals="More pupils reading"
    )
    assert engagement.requesting_school == school
    assert list(priority.engagements.all()) == [engagement]


def test_only_the_schools_own_work_is_linked(school, headteacher, other_school):
    priority = priority_for(school=school, head=headteacher)
    offer = OfferFactory()
    theirs = SupportEngagement.objects.create(
        offer=offer,
        requesting_school=other_school,
        supporting_school=offer.recommendation.school,
        requested_by=headteacher,
        goals="x",
    )
    with pytest.raises(DomainError, match="only this school"):
        services.priority_link(priority=priority, by=headteacher, engagements=[theirs])
    assert not priority.engagements.exists()
