"""Case studies at their own addresses, with citation metadata; a recommendation's
impact so far, counted and never naming the schools supported."""

from decimal import Decimal

import pytest
from django.utils import timezone

from schools.directory.models import CaseStudy, ImpactMeasure, Recommendation
from schools.directory.models import SupportEngagement as Engagement
from tests.directory.factories import (
    EngagementFactory,
    OfferFactory,
    RecommendationFactory,
)
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def study():
    rec = RecommendationFactory(
        title="Oracy in science",
        school=SchoolFactory(name="Hill Academy"),
    )
    return CaseStudy.objects.create(
        recommendation=rec,
        title="Talking like scientists",
        body="We *talked*.",
        body_html="<p>We <em>talked</em>.</p>",
    )


def test_a_case_study_has_its_own_address_with_citation_metadata(client, study):
    assert (
        study.get_absolute_url() == "/directory/case-studies/talking-like-scientists/"
    )
    html = client.get(study.get_absolute_url()).content.decode()
    assert '<meta name="citation_title" content="Talking like scientists">' in html
    assert '<meta name="citation_author" content="Hill Academy">' in html
    today = timezone.localdate()
    assert f'<meta name="citation_publication_date" content="{today:%Y/%m/%d}">' in html
    assert '<meta name="DC.title" content="Talking like scientists">' in html
    assert f'<meta name="DC.date" content="{today:%Y-%m-%d}">' in html
    assert "<em>talked</em>" in html
    assert f'href="{study.recommendation.get_absolute_url()}"' in html


def test_a_case_study_is_linked_from_its_recommendation_and_school(client, study):
    rec_page = client.get(study.recommendation.get_absolute_url()).content.decode()
    assert f'href="{study.get_absolute_url()}"' in rec_page
    school_page = client.get(study.recommendation.school.get_absolute_url())
    assert f'href="{study.get_absolute_url()}"' in school_page.content.decode()


def test_two_case_studies_with_one_title_get_two_addresses(study):
    again = CaseStudy.objects.create(
        recommendation=study.recommendation, title=study.title, body="b"
    )
    assert again.slug == "talking-like-scientists-2"


def test_a_draft_recommendations_case_study_is_hidden_from_the_public(client, study):
    Recommendation.objects.filter(pk=study.recommendation_id).update(status="draft")
    assert client.get(study.get_absolute_url()).status_code == 404


def test_impact_so_far_counts_completed_support_without_naming_schools(client):
    offer = OfferFactory(recommendation=RecommendationFactory(title="Phonics"))
    done = EngagementFactory(
        offer=offer,
        requesting_school=SchoolFactory(name="Quiet Primary"),
        status=Engagement.Status.COMPLETED,
    )
    ImpactMeasure.objects.create(
        engagement=done,
        name="Pupils reading at expected standard",
        unit="%",
        baseline=Decimal("54"),
        outcome=Decimal("71"),
        target=Decimal("70"),
    )
    EngagementFactory(offer=offer, status=Engagement.Status.COMPLETED)
    EngagementFactory(
        offer=offer,
        requesting_school=SchoolFactory(name="Busy Primary"),
        status=Engagement.Status.ACTIVE,
    )
    html = client.get(offer.recommendation.get_absolute_url()).content.decode()
    assert "2 schools have completed support from this recommendation" in html
    assert "1 measured the change" in html
    assert "Pupils reading at expected standard" in html
    assert "54%" in html
    assert "71%" in html
    assert "Quiet Primary" not in html
    assert "Busy Primary" not in html


def test_no_impact_yet_says_so(client):
    rec = RecommendationFactory()
    html = client.get(rec.get_absolute_url()).content.decode()
    assert "No school has completed support from this recommendation yet." in html
