"""Key pages read each fact once: their query counts do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.models import Staff
from tests.factories import PartnershipFactory, member_school

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_home_page_counts_member_schools_once_per_change(client, partnership):
    member_school(partnership)
    first, page = queries(client, "/")
    again, page_again = queries(client, "/")
    assert again < first  # the count comes from the cache
    assert page_again == page
    member_school(partnership)
    _, page = queries(client, "/")
    assert page != page_again  # the new member is counted at once


def test_the_partnership_page_reads_a_fixed_number_of_rows(client):
    partnership = PartnershipFactory()
    for _ in range(3):
        member_school(partnership)
    few, _ = queries(client, partnership.get_absolute_url())
    for _ in range(20):
        member_school(partnership)
    many, page = queries(client, partnership.get_absolute_url())
    assert many == few
    assert "Member schools (23)" in page
    again, page_again = queries(client, partnership.get_absolute_url())
    assert again < many  # the table is one cached fragment
    assert page_again == page


def test_the_dashboard_reads_a_persons_schools_once(
    client, headteacher, school, partnership
):
    client.force_login(headteacher)
    queries(client, "/dashboard/")  # the session and the unread count are cached
    one, _ = queries(client, "/dashboard/")
    for _ in range(4):
        Staff.objects.create(
            user=headteacher, school=member_school(partnership), role="headteacher"
        )
    queries(client, "/dashboard/")
    five, page = queries(client, "/dashboard/")
    assert five == one
    assert page.count("Manage staff") == 5
    assert one <= 28  # each part's section reads its own facts once


def test_the_dashboard_of_an_officer_reads_their_partnerships_once(
    client, officer, partnership
):
    client.force_login(officer)
    count, page = queries(client, "/dashboard/")
    assert partnership.name in page
    assert count <= 20
