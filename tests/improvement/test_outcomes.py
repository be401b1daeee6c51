"""The outcomes page: what it shows, what is public, the exports, and a query count
that does not grow with the number of schools or years."""
# ruff: noqa: F811 - the media_root fixture imported from tests.budgets is an argument

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.improvement import services
from partnership.improvement.models import MeasureValue, Priority
from schools.directory.models import ImpactMeasure, SupportEngagement
from tests.budgets.factories import media_root  # noqa: F401 - fixture
from tests.directory.factories import EngagementFactory
from tests.factories import UserFactory, member_school
from tests.research.factories import ProjectFactory

from .factories import measure_for

pytestmark = pytest.mark.django_db


def _world(partnership, officer, *, schools: int, years: int):
    """`schools` member schools, each with a priority, a measure value, a completed
    engagement with an impact measure and a completed enquiry in each of `years`."""
    measure = measure_for(partnership=partnership, officer=officer)
    person = UserFactory()
    for n in range(schools):
        school = member_school(partnership)
        for year in range(2022, 2022 + years):
            Priority.objects.create(
                school=school,
                year=year,
                title="Reading",
                theme="reading",
                source="self-evaluation",
                review_on=date(year + 1, 7, 1),
                outcome="met" if n % 2 else "",
                created_by=person,
            )
            MeasureValue.objects.create(
                measure=measure,
                school=school,
                year=year,
                value=Decimal(40 + n + year % 10),
                entered_by=person,
            )
            engagement = EngagementFactory(
                requesting_school=school,
                status=SupportEngagement.Status.COMPLETED,
                completed_on=date(year + 1, 3, 1),
            )
            ImpactMeasure.objects.create(
                engagement=engagement,
                name="Reading age",
                unit="months",
                baseline=Decimal(0),
                target=Decimal(6),
                outcome=Decimal(7),
            )
            ProjectFactory(
                school=school,
                status="completed",
                visibility="public",
                ends=date(year + 1, 6, 1),
            )
    return measure


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("small", "large"), [((2, 1), (6, 1)), ((2, 1), (2, 3))])
def test_the_outcomes_page_query_count_does_not_grow_with_schools_or_years(
    client, officer, django_assert_num_queries, small, large
):
    from tests.factories import PartnershipFactory

    client.force_login(officer)
    first = PartnershipFactory()
    first.officers.add(officer)
    _world(first, officer, schools=small[0], years=small[1])
    from django.core.cache import cache

    # Each measured request builds the page afresh (the figures are kept per content
    # version once built): the cache is emptied before each.
    cache.clear()
    expected = _count(client, f"/partnerships/{first.slug}/outcomes/")
    second = PartnershipFactory()
    second.officers.add(officer)
    _world(second, officer, schools=large[0], years=large[1])
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(f"/partnerships/{second.slug}/outcomes/")
    assert response.status_code == 200


def test_the_figures_are_built_once_and_follow_every_change(
    client, partnership, officer
):
    """The tables and charts are kept per content version: a second member's visit
    costs a few queries, and a new value shows on the next request."""
    from partnership.improvement.models import MeasureValue

    _world(partnership, officer, schools=3, years=1)
    client.force_login(officer)
    url = "/partnerships/riverside/outcomes/"
    client.get(url)
    built = _count(client, url)
    assert built <= 6
    value = MeasureValue.objects.order_by("pk").first()
    value.value = Decimal("97.5")
    value.save()
    assert "97.5" in client.get(url).content.decode()


def test_the_page_shows_each_year_and_the_median(client, partnership, officer):
    _world(partnership, officer, schools=3, years=2)
    client.force_login(officer)
    page = client.get("/partnerships/riverside/outcomes/").content.decode()
    assert "2022/23" in page
    assert "2023/24" in page
    assert "Partnership median" in page
    assert "<svg" in page
    assert "Reading for pleasure" in page


def test_the_csv_and_json_agree_with_the_values(client, partnership, officer):
    measure = _world(partnership, officer, schools=2, years=3)
    client.force_login(officer)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/partnerships/riverside/outcomes/data.csv").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    document = json.loads(
        client.get("/partnerships/riverside/outcomes/data.json").content
    )
    for value in MeasureValue.objects.filter(measure=measure).select_related("school"):
        label = f"{value.year}/{(value.year + 1) % 100:02d}"
        assert [
            "measure",
            label,
            value.school.name,
            measure.name,
            "percent",
            str(value.value),
        ] in rows
        assert document["measures"][0]["schools"][value.school.name][
            str(value.year)
        ] == str(value.value)


def test_a_visitor_sees_only_the_parts_made_public(client, partnership, officer):
    _world(partnership, officer, schools=2, years=1)
    assert client.get("/partnerships/riverside/outcomes/").status_code == 404
    services.outcomes_publish(partnership=partnership, parts=["measures"], by=officer)
    page = client.get("/partnerships/riverside/outcomes/").content.decode()
    assert "Broader measures" in page
    assert "Priorities set and met" not in page
    assert "Money spent" not in page
    document = json.loads(
        client.get("/partnerships/riverside/outcomes/data.json").content
    )
    assert document["priorities"] == {}
    assert document["measures"]


def test_a_school_drill_down_shows_that_school_against_the_median(
    client, partnership, officer
):
    _world(partnership, officer, schools=2, years=2)
    school = partnership.memberships.first().school
    client.force_login(officer)
    page = client.get(
        f"/partnerships/riverside/outcomes/schools/{school.urn}/"
    ).content.decode()
    assert school.name in page
    assert "Partnership median" in page


def test_only_officers_choose_what_is_public(client, partnership, headteacher):
    client.force_login(headteacher)
    response = client.post(
        "/partnerships/riverside/outcomes/settings/", {"parts": ["measures"]}
    )
    assert response.status_code == 404
    client.logout()
    assert client.get("/partnerships/riverside/outcomes/").status_code == 404


def test_money_spent_is_shown_by_the_theme_of_the_priority_it_serves(
    client, partnership, officer, school, headteacher, media_root
):
    from partnership.budgets import services as budgets
    from tests.budgets.factories import (
        FundFactory,
        approved_allocation,
        make_officer,
        submit_claim,
    )

    fund = FundFactory(partnership=partnership, created_by=officer)
    second = make_officer(partnership)
    allocation = approved_allocation(
        fund=fund,
        school=school,
        amount=Decimal("1000.00"),
        proposer=officer,
        approvers=[second],
    )
    claim = submit_claim(
        allocation=allocation,
        claimant=headteacher,
        amount=Decimal("250.00"),
        spent_on=date(2025, 5, 1),
    )
    budgets.claim_approve(claim=claim, approved_by=officer)
    priority = Priority.objects.create(
        school=school,
        year=2024,
        title="Reading",
        theme="reading",
        source="self-evaluation",
        review_on=date(2025, 7, 1),
        created_by=headteacher,
    )
    services.priority_link(priority=priority, by=headteacher, allocations=[allocation])
    client.force_login(officer)
    page = client.get("/partnerships/riverside/outcomes/").content.decode()
    spending = page[page.index('id="spending"') : page.index('id="measures"')]
    assert "reading" in spending
    assert "£250.00" in spending
    assert "2024/25" in spending


def test_a_large_partnership_shows_the_spread_and_each_school_on_its_own_page(
    client, partnership, officer, monkeypatch
):
    """More schools than SCHOOL_ROWS_AT_MOST: each measure shows the median and the
    quartiles, not a row per school; each school's figures stay one link away and
    in the CSV."""
    from partnership.improvement import outcomes

    monkeypatch.setattr(outcomes, "SCHOOL_ROWS_AT_MOST", 3)
    measure = _world(partnership, officer, schools=5, years=1)
    client.force_login(officer)
    url = f"/partnerships/{partnership.slug}/outcomes/"
    html = client.get(url).content.decode()
    # Values 40+n+2 for n = 0..4: 42 to 46; median 44, quartiles 43 and 45.
    assert "With 5 schools, each measure shows the partnership" in html
    cell = r'</th><td class="govuk-table__cell govuk-table__cell--numeric">'
    assert re.search(r"Lower quartile[^<]*" + cell + "43.00", html)
    assert re.search(r"Upper quartile[^<]*" + cell + "45.00", html)
    assert re.search(r"Partnership median" + cell + "44.00", html)
    school = MeasureValue.objects.filter(measure=measure).first().school
    measures = html.split('id="measures"')[1].split('id="each-school"')[0]
    assert school.name not in measures
    assert f"/outcomes/schools/{school.urn}/" in html.split('id="each-school"')[1]
    rows = list(csv.reader(io.StringIO(client.get(f"{url}data.csv").content.decode())))
    assert sum(1 for row in rows if school.name in row) >= 1
