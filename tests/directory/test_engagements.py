"""Support requests and engagements: the journey, permissions, impact and credit."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.models import Notification
from schools.directory import services
from schools.directory.models import (
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    SupportDelegate,
    SupportEngagement,
)
from tests.directory.factories import (
    EngagementFactory,
    OfferFactory,
    RecommendationFactory,
)
from tests.factories import SchoolFactory, StaffFactory, UserFactory, member_school

S = SupportEngagement.Status


@pytest.fixture
def offer(school, headteacher):
    rec = RecommendationFactory(school=school, title="Early reading")
    return OfferFactory(recommendation=rec, title="Phonics coaching", capacity=1)


@pytest.fixture
def engagement(offer, other_school, other_headteacher):
    return services.support_request(
        offer=offer,
        requesting_school=other_school,
        requested_by=other_headteacher,
        goals="All Year 1 pupils on track in phonics.",
    )


def move(client, eng, name, **data):
    return client.post(reverse("directory:engagement_move", args=[eng.pk, name]), data)


def test_a_headteacher_requests_support_and_the_offering_school_hears(
    client, offer, other_school, other_headteacher, headteacher
):
    client.force_login(other_headteacher)
    page = client.get(reverse("directory:request", args=[offer.pk]))
    assert "Ask for support: Phonics coaching" in page.content.decode()
    response = client.post(
        reverse("directory:request", args=[offer.pk]),
        {
            "requesting_school": other_school.pk,
            "goals": "Every pupil reading fluently.",
        },
    )
    eng = SupportEngagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == eng.get_absolute_url()
    assert eng.status == S.REQUESTED
    assert eng.supporting_school == offer.recommendation.school
    assert (
        Notification.objects.filter(
            recipient=headteacher, kind=Notification.Kind.SUPPORT
        ).count()
        == 1
    )


def test_a_teacher_cannot_request_support(client, offer, partnership):
    third = member_school(partnership)
    teacher = StaffFactory(school=third, role="teacher").user
    client.force_login(teacher)
    response = client.post(
        reverse("directory:request", args=[offer.pk]),
        {"requesting_school": third.pk, "goals": "x"},
    )
    assert response.status_code == 403
    assert "You cannot ask for this support" in response.content.decode()
    assert not SupportEngagement.objects.exists()


def test_a_delegate_can_request_support(client, offer, partnership):
    third = member_school(partnership)
    head = StaffFactory(school=third, role="headteacher").user
    teacher = StaffFactory(school=third, role="teacher").user
    services.delegate_add(school=third, user=teacher, granted_by=head)
    client.force_login(teacher)
    client.post(
        reverse("directory:request", args=[offer.pk]),
        {"requesting_school": third.pk, "goals": "Better reading."},
    )
    assert SupportEngagement.objects.get().requesting_school == third


def test_a_headteacher_cannot_delegate_to_someone_not_on_their_staff(
    school, headteacher
):
    stranger = UserFactory()
    with pytest.raises(services.DirectoryError, match="not on the staff"):
        services.delegate_add(school=school, user=stranger, granted_by=headteacher)
    assert not SupportDelegate.objects.exists()


def test_the_whole_journey_credits_the_supporting_school(
    client, engagement, headteacher, other_headteacher, school
):
    client.force_login(headteacher)
    assert (
        "Accept the request"
        in client.get(engagement.get_absolute_url()).content.decode()
    )
    move(client, engagement, "accept")
    engagement.refresh_from_db()
    assert engagement.status == S.AGREED
    assert Notification.objects.filter(
        recipient=other_headteacher, subject__contains="agreed"
    ).exists()

    client.force_login(other_headteacher)
    client.post(
        reverse("directory:measure_new", args=[engagement.pk]),
        {"name": "Pupils on track", "unit": "%", "baseline": "60", "target": "85"},
    )
    measure = ImpactMeasure.objects.get()
    move(client, engagement, "start")
    client.post(
        reverse("directory:meeting_new", args=[engagement.pk]),
        {"held_on": "2026-01-15", "notes": "Observed phonics lessons."},
    )
    assert Meeting.objects.filter(engagement=engagement).count() == 1
    client.post(
        reverse("directory:measure_edit", args=[engagement.pk, measure.pk]),
        {
            f"m{measure.pk}-baseline": "60",
            f"m{measure.pk}-target": "85",
            f"m{measure.pk}-outcome": "88",
        },
    )
    client.post(
        reverse("directory:evaluation", args=[engagement.pk, "requesting"]),
        {
            "requesting-side": "requesting",
            "requesting-text": "It transformed our phonics.",
        },
    )
    client.force_login(headteacher)
    client.post(
        reverse("directory:evaluation", args=[engagement.pk, "supporting"]),
        {"supporting-side": "supporting", "supporting-text": "A keen partner."},
    )
    move(client, engagement, "complete")
    engagement.refresh_from_db()
    assert engagement.status == S.COMPLETED
    assert engagement.requesting_evaluation == "It transformed our phonics."
    assert engagement.supporting_evaluation == "A keen partner."
    assert list(engagement.transitions.values_list("to_status", flat=True)) == [
        "requested",
        "agreed",
        "active",
        "completed",
    ]

    client.logout()
    profile = client.get(school.get_absolute_url()).content.decode()
    assert "Support given to other schools" in profile
    assert "Oakfield Primary School" in profile
    assert "Pupils on track: 60% → <strong>88%</strong> (target 85%)" in profile


def test_the_requesting_school_cannot_accept_its_own_request(
    client, engagement, other_headteacher
):
    client.force_login(other_headteacher)
    move(client, engagement, "accept")
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED


def test_declining_records_the_reason_and_tells_the_requester(
    client, engagement, headteacher, other_headteacher
):
    client.force_login(headteacher)
    move(client, engagement, "decline", note="We are full this term.")
    engagement.refresh_from_db()
    assert engagement.status == S.DECLINED
    assert engagement.decline_reason == "We are full this term."
    assert Notification.objects.filter(
        recipient=other_headteacher, subject__contains="declined"
    ).exists()


def test_illegal_moves_are_refused_and_nothing_changes(engagement, headteacher):
    with pytest.raises(services.DirectoryError, match="cannot become completed"):
        services.engagement_transition(
            engagement=engagement, to_status=S.COMPLETED, by=headteacher
        )
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED
    assert EngagementTransition.objects.filter(engagement=engagement).count() == 1


def test_completing_needs_a_recorded_outcome(engagement, headteacher):
    services.engagement_transition(
        engagement=engagement, to_status=S.AGREED, by=headteacher
    )
    services.engagement_transition(
        engagement=engagement, to_status=S.ACTIVE, by=headteacher
    )
    with pytest.raises(services.DirectoryError, match="outcome"):
        services.engagement_transition(
            engagement=engagement, to_status=S.COMPLETED, by=headteacher
        )
    engagement.refresh_from_db()
    assert engagement.status == S.ACTIVE


def test_an_offer_at_capacity_cannot_agree_more(
    offer, engagement, headteacher, partnership
):
    services.engagement_transition(
        engagement=engagement, to_status=S.AGREED, by=headteacher
    )
    third = member_school(partnership)
    head = StaffFactory(school=third, role="headteacher").user
    second = services.support_request(
        offer=offer, requesting_school=third, requested_by=head, goals="x"
    )
    with pytest.raises(services.DirectoryError, match="at capacity"):
        services.engagement_transition(
            engagement=second, to_status=S.AGREED, by=headteacher
        )


def test_target_without_baseline_is_refused_with_a_clear_message(
    client, engagement, headteacher
):
    services.engagement_transition(
        engagement=engagement, to_status=S.AGREED, by=headteacher
    )
    client.force_login(headteacher)
    response = client.post(
        reverse("directory:measure_new", args=[engagement.pk]),
        {"name": "Attendance", "target": "95"},
    )
    assert response.status_code == 400
    assert "Enter a baseline before a target" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not ImpactMeasure.objects.exists()


def test_the_service_also_refuses_a_target_without_baseline(engagement, headteacher):
    services.engagement_transition(
        engagement=engagement, to_status=S.AGREED, by=headteacher
    )
    with pytest.raises(services.DirectoryError, match="baseline before a target"):
        services.measure_add(
            engagement=engagement, added_by=headteacher, name="x", target=Decimal(5)
        )
    measure = services.measure_add(
        engagement=engagement, added_by=headteacher, name="y", baseline=Decimal(1)
    )
    with pytest.raises(services.DirectoryError, match="baseline before a target"):
        services.measure_update(
            measure=measure,
            updated_by=headteacher,
            baseline=None,
            target=Decimal(3),
            outcome=None,
        )
    measure.refresh_from_db()
    assert measure.baseline == Decimal(1)
    assert measure.target is None


def test_the_database_refuses_a_target_without_baseline(engagement):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ImpactMeasure.objects.create(engagement=engagement, name="x", target=5)


# --- Who sees an engagement ------------------------------------------------------------


def test_both_schools_staff_and_officers_see_an_engagement(
    client, engagement, teacher, other_school, officer
):
    for user in (teacher, StaffFactory(school=other_school).user, officer):
        client.force_login(user)
        assert client.get(engagement.get_absolute_url()).status_code == 200


def test_other_people_get_404(client, engagement, partnership):
    third_head = StaffFactory(
        school=member_school(partnership), role="headteacher"
    ).user
    outsider_officer = UserFactory()
    member_school().partnerships.first().officers.add(outsider_officer)
    for user in (third_head, outsider_officer):
        client.force_login(user)
        assert client.get(engagement.get_absolute_url()).status_code == 404
        response = move(client, engagement, "accept")
        assert response.status_code == 404
    client.logout()
    assert client.get(engagement.get_absolute_url()).status_code == 302  # to sign in
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED


def test_a_teacher_of_a_school_sees_but_cannot_act(client, engagement, teacher):
    client.force_login(teacher)
    html = client.get(engagement.get_absolute_url()).content.decode()
    assert "Accept the request" not in html
    move(client, engagement, "accept")
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED


def test_dashboard_lists_requests_waiting_and_engagements(
    client, engagement, headteacher, other_headteacher
):
    client.force_login(headteacher)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Requests waiting on you" in html
    assert "Oakfield Primary School asks for “Phonics coaching”" in html
    client.force_login(other_headteacher)
    html = client.get(reverse("dashboard")).content.decode()
    assert (
        "Your schools&#x27; support engagements" in html
        or "Your schools' support engagements" in html
    )


def test_engagement_list_query_count_on_dashboard_is_flat(
    client, school, headteacher, django_assert_max_num_queries
):
    rec = RecommendationFactory(school=school)

    def make(n):
        for _ in range(n):
            EngagementFactory(
                offer=OfferFactory(recommendation=rec),
                requesting_school=SchoolFactory(),
            )

    make(2)
    client.force_login(headteacher)
    with django_assert_max_num_queries(60) as small:
        client.get(reverse("dashboard"))
    make(18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("dashboard"))


def test_a_delegate_of_the_supporting_school_can_accept(
    engagement, headteacher, school
):
    teacher = StaffFactory(school=school, role="teacher").user
    services.delegate_add(school=school, user=teacher, granted_by=headteacher)
    services.engagement_transition(
        engagement=engagement, to_status=S.AGREED, by=teacher
    )
    engagement.refresh_from_db()
    assert engagement.status == S.AGREED


def test_a_delegate_who_has_left_the_school_can_no_longer_act(
    engagement, headteacher, school
):
    from datetime import date

    role = StaffFactory(school=school, role="teacher")
    services.delegate_add(school=school, user=role.user, granted_by=headteacher)
    role.left = date(2026, 1, 1)
    role.save()
    with pytest.raises(services.PermissionDenied):
        services.engagement_transition(
            engagement=engagement, to_status=S.AGREED, by=role.user
        )
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED


def test_a_withdrawn_recommendations_offer_takes_no_requests(
    client, offer, other_school, other_headteacher
):
    offer.recommendation.status = "withdrawn"
    offer.recommendation.save()
    client.force_login(other_headteacher)
    url = reverse("directory:request", args=[offer.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(services.DirectoryError, match="not taking requests"):
        services.support_request(
            offer=offer,
            requesting_school=other_school,
            requested_by=other_headteacher,
            goals="x",
        )
    assert not SupportEngagement.objects.exists()


def test_a_school_cannot_ask_itself(offer, school, headteacher):
    with pytest.raises(services.DirectoryError, match="cannot ask itself"):
        services.support_request(
            offer=offer, requesting_school=school, requested_by=headteacher, goals="x"
        )


def test_meetings_need_an_agreed_engagement(engagement, other_headteacher):
    from datetime import date

    with pytest.raises(services.DirectoryError, match="once the support is agreed"):
        services.meeting_record(
            engagement=engagement,
            held_on=date(2026, 1, 1),
            notes="n",
            recorded_by=other_headteacher,
        )
    assert not Meeting.objects.exists()


def test_officer_dashboard_counts_drafts_and_reviews_due(client, officer, school):
    from datetime import date

    from schools.directory.models import Recommendation

    RecommendationFactory(school=school, status=Recommendation.Status.DRAFT)
    RecommendationFactory(school=school, review_on=date(2020, 1, 1))
    RecommendationFactory(review_on=date(2020, 1, 1))  # another partnership's
    client.force_login(officer)
    html = client.get(reverse("dashboard")).content.decode()
    assert "1 draft waiting, 1 review due" in html


def test_school_page_credit_query_count_does_not_grow(
    client, school, django_assert_max_num_queries
):
    rec = RecommendationFactory(school=school)

    def make(n):
        for _ in range(n):
            eng = EngagementFactory(
                offer=OfferFactory(recommendation=rec),
                requesting_school=SchoolFactory(),
                status=S.COMPLETED,
            )
            ImpactMeasure.objects.create(
                engagement=eng, name="Reading", baseline=1, target=2, outcome=3
            )

    make(2)
    with django_assert_max_num_queries(40) as small:
        client.get(school.get_absolute_url())
    make(18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(school.get_absolute_url()).content.decode()
    assert "has completed 20 support engagements" in html
