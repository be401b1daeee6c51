"""The pages: report visibility as the host head chose, and bad input shown with a
message and nothing changed."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.improvement import services
from partnership.improvement.models import MeasureValue, Priority, ReviewRound

from .factories import measure_for, priority_for, reviewer_from, written_review

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


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_report_kept_to_the_school_is_hidden_from_other_heads_and_visitors(
    client, review, other_headteacher, teacher, officer
):
    url = review.get_absolute_url()
    assert _page(client, other_headteacher, url).status_code == 404
    assert "Phonics is consistent" in _page(client, teacher, url).content.decode()
    officer_page = _page(client, officer, url).content.decode()
    assert "has not shared the report" in officer_page
    assert "Phonics is consistent" not in officer_page
    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_shared_with_the_partnership_other_heads_and_officers_read_it(
    client, review, headteacher, other_headteacher, officer
):
    client.force_login(headteacher)
    response = client.post(
        f"/improvement/reviews/{review.pk}/sharing/", {"visibility": "partnership"}
    )
    assert response.status_code == 302
    for person in (other_headteacher, officer):
        assert (
            "Phonics is consistent"
            in _page(client, person, review.get_absolute_url()).content.decode()
        )


def test_a_public_report_is_read_by_a_visitor(client, review, headteacher):
    services.review_share(review=review, visibility="public", by=headteacher)
    client.logout()
    page = client.get(review.get_absolute_url())
    assert page.status_code == 200
    assert "Phonics is consistent" in page.content.decode()


def test_the_host_head_makes_a_priority_from_the_page(client, review, headteacher):
    development = review.findings.get(kind="development")
    client.force_login(headteacher)
    response = client.post(
        f"/improvement/findings/{development.pk}/priority/",
        {"theme": "reading", "review_on": "2025-07-01"},
    )
    priority = Priority.objects.get()
    assert response["Location"] == priority.get_absolute_url()
    assert priority.title == development.text


def test_an_officer_opens_a_round_from_the_page(client, officer, partnership):
    client.force_login(officer)
    response = client.post(
        "/partnerships/riverside/review-rounds/new/",
        {"year": 2025, "scale": "Leading\nEffective"},
    )
    assert response.status_code == 302
    assert ReviewRound.objects.get().judgements == ["Leading", "Effective"]


def test_a_target_before_the_baseline_shows_a_message_and_saves_nothing(
    client, school, headteacher
):
    priority = priority_for(school=school, head=headteacher)
    client.force_login(headteacher)
    response = client.post(
        f"/improvement/priorities/{priority.pk}/measures/new/",
        {
            "name": "Readers",
            "unit": "percent",
            "baseline": "40",
            "baseline_on": "2025-01-10",
            "target": "60",
            "target_on": "2024-07-01",
        },
    )
    assert response.status_code == 400
    assert "must be after the date of the baseline" in response.content.decode()
    assert not priority.measures.exists()


def test_a_value_in_the_wrong_unit_shows_a_message_and_saves_nothing(
    client, partnership, officer, school, headteacher
):
    measure = measure_for(partnership=partnership, officer=officer)
    client.force_login(headteacher)
    response = client.post(
        f"/improvement/measures/{measure.pk}/schools/{school.urn}/",
        {"year": 2024, "value": "250"},
    )
    assert response.status_code == 400
    assert "0 to 100" in response.content.decode()
    assert not MeasureValue.objects.exists()


def test_a_csv_with_bad_lines_lists_them_and_saves_nothing(
    client, partnership, officer, school
):
    measure = measure_for(partnership=partnership, officer=officer)
    client.force_login(officer)
    upload = SimpleUploadedFile(
        "values.csv",
        f"{school.urn},2024,50\n{school.urn},2025,-3\n".encode(),
        content_type="text/csv",
    )
    response = client.post(
        f"/improvement/measures/{measure.pk}/import/", {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 2:" in page
    assert not MeasureValue.objects.exists()


def test_two_schools_enter_values_and_the_chart_and_table_show_them(
    client, partnership, officer, school, headteacher, other_school, other_headteacher
):
    measure = measure_for(partnership=partnership, officer=officer)
    for head, own, base in (
        (headteacher, school, 40),
        (other_headteacher, other_school, 60),
    ):
        client.force_login(head)
        for year in (2022, 2023, 2024):
            client.post(
                f"/improvement/measures/{measure.pk}/schools/{own.urn}/",
                {"year": year, "value": str(base + year - 2022)},
            )
    assert MeasureValue.objects.count() == 6
    page = _page(client, officer, "/partnerships/riverside/outcomes/").content.decode()
    assert "<polyline" in page
    assert "51.00%" in page
    assert MeasureValue.objects.get(school=school, year=2024).value == Decimal(42)
