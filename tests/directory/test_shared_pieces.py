"""The directory on the shared kernel: GOV.UK date inputs, the engagement state
machine and its history, domain errors, and case-study headings."""

from datetime import date

import pytest
from django.urls import reverse

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.writing import demote_headings
from schools.directory import permissions, services
from schools.directory.models import (
    ENGAGEMENT_STATES,
    EngagementTransition,
    Meeting,
    Recommendation,
    SupportEngagement,
)
from tests.directory.factories import (
    OfferFactory,
    OrganisationFactory,
    RecommendationFactory,
)

S = SupportEngagement.Status


@pytest.fixture
def engagement(school, other_school, other_headteacher):
    offer = OfferFactory(recommendation=RecommendationFactory(school=school))
    return services.support_request(
        offer=offer,
        requesting_school=other_school,
        requested_by=other_headteacher,
        goals="Better phonics.",
    )


def test_the_new_recommendation_page_asks_for_dates_as_day_month_and_year(
    client, officer
):
    client.force_login(officer)
    page = client.get(reverse("directory:new")).content.decode()
    for name in ("recommended_on", "review_on", "practitioner_consent_on"):
        for part in ("day", "month", "year"):
            assert f'name="{name}_{part}"' in page
    assert 'type="date"' not in page


def test_a_recommendation_typed_in_day_month_and_year_boxes_keeps_its_dates(
    client, officer, school
):
    org = OrganisationFactory()
    client.force_login(officer)
    response = client.post(
        reverse("directory:new"),
        {
            "organisation": org.pk,
            "school_urn": school.urn,
            "title": "Reading for pleasure",
            "summary": "Every class reads every day.",
            "recommended_on_day": "5",
            "recommended_on_month": "3",
            "recommended_on_year": "2026",
            "review_on_day": "5",
            "review_on_month": "3",
            "review_on_year": "2027",
        },
    )
    rec = Recommendation.objects.get()
    assert response["Location"] == rec.get_absolute_url()
    assert (rec.recommended_on, rec.review_on) == (date(2026, 3, 5), date(2027, 3, 5))


def test_a_meeting_on_a_date_that_does_not_exist_is_refused_in_words(
    client, engagement, headteacher
):
    services.engagement_transition(
        engagement=engagement, to_status=S.AGREED, by=headteacher
    )
    client.force_login(headteacher)
    response = client.post(
        reverse("directory:meeting_new", args=[engagement.pk]),
        {
            "held_on_day": "31",
            "held_on_month": "2",
            "held_on_year": "2026",
            "notes": "Visited.",
        },
    )
    assert response.status_code == 400
    assert "Date held must be a real date" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_machine_and_the_sides_table_name_the_same_moves():
    moves = {
        (frm, to)
        for frm, targets in ENGAGEMENT_STATES.transitions.items()
        for to in targets
    }
    assert moves == set(permissions.MOVE_SIDES)
    assert ENGAGEMENT_STATES.allowed(S.COMPLETED) == frozenset()
    assert ENGAGEMENT_STATES.allowed(S.DECLINED) == frozenset()


def test_each_move_writes_one_history_row_in_words(engagement, headteacher):
    services.engagement_transition(
        engagement=engagement, to_status=S.AGREED, by=headteacher, note="Happy to."
    )
    rows = list(EngagementTransition.objects.filter(engagement=engagement))
    assert [(r.from_label, r.to_label) for r in rows] == [
        ("new", "Requested"),
        ("Requested", "Agreed"),
    ]
    assert (rows[-1].by, rows[-1].note) == (headteacher, "Happy to.")


def test_the_requesting_school_cannot_accept_its_own_request(
    engagement, other_headteacher
):
    with pytest.raises(NotAllowed, match="Only the supporting school"):
        services.engagement_transition(
            engagement=engagement, to_status=S.AGREED, by=other_headteacher
        )
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED
    assert EngagementTransition.objects.filter(engagement=engagement).count() == 1


def test_a_move_the_machine_does_not_allow_is_a_domain_error_and_changes_nothing(
    engagement, headteacher
):
    with pytest.raises(DomainError, match="cannot become completed"):
        services.engagement_transition(
            engagement=engagement, to_status=S.COMPLETED, by=headteacher
        )
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED


def test_case_study_headings_sit_under_the_pages_own():
    html = "<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4><h6>e</h6>"
    assert demote_headings(html, top=4) == (
        "<h4>a</h4><h4>b</h4><h5>c</h5><h6>d</h6><h6>e</h6>"
    )
    assert services.render_markdown("# Title\n\n### Part") == (
        "<h4>Title</h4>\n<h5>Part</h5>"
    )
