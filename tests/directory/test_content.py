"""Recommendations, moderation, case studies (sanitised, files) and offers."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.directory import services
from schools.directory.models import CaseStudy, Recommendation, SupportOffer
from tests.directory.factories import OrganisationFactory, RecommendationFactory
from tests.factories import StaffFactory, SubjectFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def org(db):
    return OrganisationFactory(name="The Historical Association")


def test_an_officer_adds_a_draft_and_publishes_it(client, officer, school, org):
    history = SubjectFactory(name="History", slug="history")
    client.force_login(officer)
    response = client.post(
        reverse("directory:new"),
        {
            "organisation": org.pk,
            "school_urn": school.urn,
            "subject": history.pk,
            "title": "Enquiry-led history",
            "summary": "Pupils ask and answer historical questions.",
            "recommended_on": "2026-01-10",
            "review_on": "2027-01-10",
        },
    )
    rec = Recommendation.objects.get()
    assert response["Location"] == rec.get_absolute_url()
    assert rec.status == Recommendation.Status.DRAFT
    assert rec.level == Recommendation.Level.DEPARTMENT
    client.logout()
    assert client.get(rec.get_absolute_url()).status_code == 404
    client.force_login(officer)
    client.post(reverse("directory:publish", args=[rec.slug]))
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.PUBLISHED
    assert rec.published_on is not None
    assert rec.moderated_by == officer
    client.logout()
    assert client.get(rec.get_absolute_url()).status_code == 200
    assert "Enquiry-led history" in client.get("/directory/?near=").content.decode()


def test_a_named_practitioner_needs_consent(client, officer, school, org):
    client.force_login(officer)
    response = client.post(
        reverse("directory:new"),
        {
            "organisation": org.pk,
            "school_urn": school.urn,
            "practitioner_name": "Ms Jones",
            "title": "Questioning",
            "summary": "Great questioning.",
            "recommended_on": "2026-01-10",
        },
    )
    assert (
        "Enter the date the practitioner consented to be named"
        in response.content.decode()
    )
    assert not Recommendation.objects.exists()
    with pytest.raises(services.DirectoryError, match="consented"):
        services.recommendation_create(
            created_by=officer,
            organisation=org,
            school=school,
            title="t",
            summary="s",
            practitioner_name="Ms Jones",
        )
    rec = services.recommendation_create(
        created_by=officer,
        organisation=org,
        school=school,
        title="t",
        summary="s",
        practitioner_name="Ms Jones",
        practitioner_consent_on=date(2026, 1, 5),
    )
    assert rec.level == Recommendation.Level.PRACTITIONER


def test_only_officers_moderate(client, headteacher, school):
    rec = RecommendationFactory(school=school, status=Recommendation.Status.DRAFT)
    with pytest.raises(services.PermissionDenied):
        services.recommendation_moderate(
            recommendation=rec, to_status="published", moderated_by=headteacher
        )
    client.force_login(headteacher)
    assert client.post(reverse("directory:publish", args=[rec.slug])).status_code == 404
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.DRAFT


def test_moderation_follows_its_table(officer, school):
    rec = RecommendationFactory(school=school, status=Recommendation.Status.PUBLISHED)
    with pytest.raises(services.DirectoryError, match="cannot become published"):
        services.recommendation_moderate(
            recommendation=rec, to_status="published", moderated_by=officer
        )
    services.recommendation_moderate(
        recommendation=rec, to_status="withdrawn", moderated_by=officer
    )
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.WITHDRAWN


def test_moderation_queue_is_for_officers_only(client, officer, headteacher, school):
    RecommendationFactory(
        title="Waiting draft", status=Recommendation.Status.DRAFT, school=school
    )
    RecommendationFactory(title="Not ours", status=Recommendation.Status.DRAFT)
    client.force_login(headteacher)
    assert client.get(reverse("directory:moderation")).status_code == 404
    client.force_login(officer)
    html = client.get(reverse("directory:moderation")).content.decode()
    assert "Waiting draft" in html
    assert "Not ours" not in html


def test_the_moderation_queue_lists_drafts_first_then_the_soonest_review(
    client, site_admin
):
    """Drafts first, then the soonest review date (none last), newest first; on
    PostgreSQL the page reads that order from its own index, not a sort of every
    recommendation in the country."""
    from django.db import connection

    from schools.directory.selectors.pages import moderation_queue

    later = RecommendationFactory(title="Review later", review_on=date(2027, 9, 1))
    RecommendationFactory(title="No review date", review_on=None)
    soon = RecommendationFactory(title="Review soon", review_on=date(2027, 1, 1))
    draft = RecommendationFactory(title="A draft", status=Recommendation.Status.DRAFT)
    queue = moderation_queue(user=site_admin)
    assert [r.title for r in queue][:3] == [draft.title, soon.title, later.title]
    assert list(queue)[-1].title == "No review date"
    if connection.vendor != "postgresql":
        return
    sql, params = queue.values("pk")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "recommendation_moderation_idx" in plan


def test_case_study_markdown_is_sanitised(headteacher, school):
    rec = RecommendationFactory(school=school)
    study = services.case_study_add(
        recommendation=rec,
        added_by=headteacher,
        title="How",
        body="## Plan\n\n<script>alert(1)</script>\n\n![x](https://evil.example/x.png) "
        "[ok](https://example.org) [bad](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    assert "<h4>Plan</h4>" in study.body_html
    assert "<script" not in study.body_html
    assert "<img" not in study.body_html
    assert "javascript:" not in study.body_html
    assert 'href="https://example.org"' in study.body_html


def test_case_study_file_is_checked_and_served_with_permission(
    client, headteacher, school, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rec = RecommendationFactory(school=school, status=Recommendation.Status.DRAFT)
    fake = SimpleUploadedFile(
        "report.pdf", b"<html><script>x</script>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError, match="do not match"):
        services.case_study_add(
            recommendation=rec, added_by=headteacher, title="t", body="b", upload=fake
        )
    assert not CaseStudy.objects.exists()
    study = services.case_study_add(
        recommendation=rec,
        added_by=headteacher,
        title="t",
        body="b",
        upload=SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
    )
    url = reverse("directory:case_study_file", args=[rec.slug, study.pk])
    assert client.get(url).status_code == 404  # a draft's file is not public
    client.force_login(headteacher)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_case_study_form_shows_a_clear_file_error(client, headteacher, school):
    rec = RecommendationFactory(school=school)
    client.force_login(headteacher)
    response = client.post(
        reverse("directory:case_study_new", args=[rec.slug]),
        {"title": "t", "body": "b", "file": io.BytesIO(b"MZ\x90\x00binary")},
    )
    assert "Its contents do not match" in response.content.decode()
    assert not CaseStudy.objects.exists()


def test_another_schools_headteacher_cannot_add_to_a_recommendation(
    client, other_headteacher, school
):
    rec = RecommendationFactory(school=school)
    client.force_login(other_headteacher)
    assert (
        client.get(reverse("directory:offer_new", args=[rec.slug])).status_code == 404
    )
    assert (
        client.get(reverse("directory:case_study_new", args=[rec.slug])).status_code
        == 404
    )


def test_a_headteacher_offers_paid_support(client, headteacher, school):
    rec = RecommendationFactory(school=school)
    client.force_login(headteacher)
    client.post(
        reverse("directory:offer_new", args=[rec.slug]),
        {
            "kind": "training",
            "title": "Phonics training",
            "capacity": "10",
            "cost": "450.50",
            "format": "online",
            "contact_name": "Jo",
            "contact_email": "jo@example.org",
        },
    )
    offer = SupportOffer.objects.get()
    assert offer.cost == Decimal("450.50")
    assert not offer.is_free
    assert "£450.50" in client.get(rec.get_absolute_url()).content.decode()


def test_a_negative_cost_is_refused(client, headteacher, school):
    rec = RecommendationFactory(school=school)
    client.force_login(headteacher)
    response = client.post(
        reverse("directory:offer_new", args=[rec.slug]),
        {
            "kind": "training",
            "title": "t",
            "capacity": "1",
            "cost": "-5",
            "format": "online",
            "contact_name": "Jo",
            "contact_email": "jo@example.org",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not SupportOffer.objects.exists()


def test_delegates_page_is_for_the_headteacher_only(
    client, headteacher, teacher, school
):
    client.force_login(teacher)
    assert (
        client.get(reverse("directory:delegates", args=[school.urn])).status_code == 404
    )
    client.force_login(headteacher)
    staff_id = StaffFactory(school=school).user_id
    client.post(reverse("directory:delegates", args=[school.urn]), {"staff": staff_id})
    assert school.support_delegates.filter(user_id=staff_id).exists()


def test_a_headteachers_proposal_is_a_draft_and_officers_hear_of_it(
    headteacher, officer, school, org
):
    from partnership.models import Notification

    rec = services.recommendation_create(
        created_by=headteacher, organisation=org, school=school, title="t", summary="s"
    )
    assert rec.status == Recommendation.Status.DRAFT
    note = Notification.objects.get(recipient=officer)
    assert note.url == rec.get_absolute_url()
    assert "to moderate" in note.subject


def test_a_headteacher_cannot_propose_for_another_school(
    other_headteacher, school, org
):
    with pytest.raises(services.PermissionDenied):
        services.recommendation_create(
            created_by=other_headteacher,
            organisation=org,
            school=school,
            title="t",
            summary="s",
        )
    assert not Recommendation.objects.exists()


def test_a_headteachers_edit_of_a_published_recommendation_goes_back_to_moderation(
    client, headteacher, officer, school
):
    from partnership.models import Notification

    rec = RecommendationFactory(school=school, title="Old title")
    client.force_login(headteacher)
    response = client.post(
        reverse("directory:edit", args=[rec.slug]),
        {
            "title": "New title",
            "summary": "Changed.",
            "recommended_on": "2025-09-01",
            "review_on": "2027-09-01",
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.title == "New title"
    assert rec.status == Recommendation.Status.DRAFT
    assert Notification.objects.filter(recipient=officer).exists()
    client.logout()
    assert client.get(rec.get_absolute_url()).status_code == 404


def test_an_officers_edit_keeps_it_published(client, officer, school):
    rec = RecommendationFactory(school=school)
    client.force_login(officer)
    client.post(
        reverse("directory:edit", args=[rec.slug]),
        {"title": "Better", "summary": "s", "recommended_on": "2025-09-01"},
    )
    rec.refresh_from_db()
    assert rec.title == "Better"
    assert rec.status == Recommendation.Status.PUBLISHED


def test_a_review_date_before_the_recommendation_is_refused(client, officer, school):
    rec = RecommendationFactory(school=school, title="Same")
    client.force_login(officer)
    response = client.post(
        reverse("directory:edit", args=[rec.slug]),
        {
            "title": "Changed",
            "summary": "s",
            "recommended_on": "2025-09-01",
            "review_on": "2025-01-01",
        },
    )
    assert "The review date must be after" in response.content.decode()
    rec.refresh_from_db()
    assert rec.title == "Same"


def test_an_offer_that_stops_taking_requests_leaves_the_listing_filters(
    client, headteacher, school
):
    from tests.directory.factories import OfferFactory

    rec = RecommendationFactory(school=school)
    offer = OfferFactory(recommendation=rec, kind="training", title="Course")
    client.force_login(headteacher)
    data = {
        "kind": "training",
        "title": "Course",
        "capacity": "2",
        "cost": "0",
        "format": "online",
        "contact_name": "Jo",
        "contact_email": "jo@example.org",
    }
    client.post(reverse("directory:offer_edit", args=[rec.slug, offer.pk]), data)
    offer.refresh_from_db()
    assert not offer.is_active
    assert "Not taking requests" in client.get(rec.get_absolute_url()).content.decode()
    client.logout()
    listing = client.get("/directory/?near=&support=training")
    assert listing.context["results"].total == 0
    assert "Course" not in client.get(rec.get_absolute_url()).content.decode()
