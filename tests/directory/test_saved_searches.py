"""Saved searches: a signed-in person is emailed (through the outbox, once) when a
newly published recommendation matches a search they saved."""

import pytest
from django.core import mail

from partnership.models import Notification
from schools.directory import services
from schools.directory.models import Recommendation, SavedSearch
from schools.models import Postcode
from tests.directory.factories import RecommendationFactory
from tests.factories import SubjectFactory, UserFactory, member_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(site_admin):
    Postcode.objects.create(
        postcode="SE1 7PB", outward_code="SE1", latitude=51.5, longitude=-0.1
    )
    SubjectFactory(name="History", slug="history")
    return site_admin


def _draft(subject_slug="history", lat=51.51):
    from schools.models import Subject

    return RecommendationFactory(
        title="New history work",
        status=Recommendation.Status.DRAFT,
        subject=Subject.objects.get(slug=subject_slug),
        school=member_school(latitude=lat, longitude=-0.1),
    )


def test_a_signed_in_person_saves_the_search_on_the_page(client, setting):
    user = UserFactory(email="head@riverside.sch.uk")
    client.force_login(user)
    page = client.get("/directory/?near=SE1+7PB&miles=5&subject=history&junk=1")
    assert "Save this search" in page.content.decode()
    response = client.post(
        "/directory/saved-searches/",
        {"query": "near=se1 7pb&miles=5&subject=history&junk=1&phase=nonsense"},
        follow=True,
    )
    assert "Search saved" in response.content.decode()
    saved = SavedSearch.objects.get(user=user)
    assert saved.query == "subject=history&near=se1+7pb&miles=5"


def test_publishing_a_matching_recommendation_emails_once(
    setting, django_capture_on_commit_callbacks
):
    user = UserFactory(email="head@riverside.sch.uk")
    services.saved_search_create(
        user=user,
        name="History near me",
        params={"near": "SE1 7PB", "subject": "history", "miles": "5"},
    )
    rec = _draft()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_moderate(
            recommendation=rec, to_status="published", moderated_by=setting
        )
    notes = Notification.objects.filter(recipient=user)
    assert notes.count() == 1
    assert "New history work" in notes.get().subject
    assert any(m.to == ["head@riverside.sch.uk"] for m in mail.outbox)
    services.recommendation_moderate(
        recommendation=rec, to_status="withdrawn", moderated_by=setting
    )
    services.recommendation_moderate(
        recommendation=rec, to_status="published", moderated_by=setting
    )
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_recommendation_outside_the_search_emails_nobody(setting):
    user = UserFactory(email="head@riverside.sch.uk")
    services.saved_search_create(
        user=user,
        name="",
        params={"near": "SE1 7PB", "subject": "history", "miles": "1"},
    )
    far = _draft(lat=51.6)
    services.recommendation_moderate(
        recommendation=far, to_status="published", moderated_by=setting
    )
    assert not Notification.objects.filter(recipient=user).exists()


def test_stopping_a_search_asks_first_and_only_its_owner_can(client, setting):
    user = UserFactory(email="a@riverside.sch.uk")
    search = services.saved_search_create(user=user, name="Mine", params={})
    other = UserFactory(email="b@riverside.sch.uk")
    client.force_login(other)
    url = f"/directory/saved-searches/{search.pk}/remove/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(user)
    assert "Stop following “Mine”?" in client.get(url).content.decode()
    assert SavedSearch.objects.filter(pk=search.pk).exists()
    client.post(url)
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_saved_search_emails_can_be_turned_off_on_their_own(
    setting, django_capture_on_commit_callbacks
):
    """A person who wants support emails but not saved-search alerts: the alert is
    still in their notifications, and no email is sent."""
    from partnership.services import email_preferences_update

    user = UserFactory(email="head@riverside.sch.uk")
    wanted = [
        k for k in Notification.Kind.values if k != Notification.Kind.SAVED_SEARCH
    ]
    email_preferences_update(user=user, wanted_kinds=wanted)
    services.saved_search_create(
        user=user, name="History", params={"subject": "history", "near": ""}
    )
    rec = _draft()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_moderate(
            recommendation=rec, to_status="published", moderated_by=setting
        )
    note = Notification.objects.get(recipient=user)
    assert note.kind == Notification.Kind.SAVED_SEARCH
    assert note.email_status == Notification.EmailStatus.SKIPPED
    assert not any(m.to == ["head@riverside.sch.uk"] for m in mail.outbox)
