"""The improvement cycle: a peer review turned into a priority, support near the
school and its outcome on the outcomes page, an area of excellence into the
directory; and a broader measure whose chart, table and CSV agree."""

import csv
import io
import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.browser.helpers import (
    axe_check,
    demo_password,
    login,
    logout,
    screenshot,
    visit,
)

OFFICER = "officer@riverside.gov.example"
HEAD = "head@riverside-primary.example"
PARTNERSHIP = "/partnerships/riverside-learning-partnership/"


def _westbrook_head():
    from schools.models import Staff

    return (
        Staff.objects.filter(school__name="Westbrook High School", role="headteacher")
        .select_related("user", "school")
        .first()
    )


def _date(page, label, day, month, year):
    group = page.get_by_role("group", name=label)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def _complete_support(engagement, head):
    """The support runs its course in the directory (its own journey drives those
    pages): agreed, started, measured and completed."""
    from schools.directory import services as directory
    from schools.models import Staff

    supporting_head = (
        Staff.objects.filter(
            school=engagement.supporting_school, role="headteacher", left__isnull=True
        )
        .first()
        .user
    )

    directory.engagement_transition(
        engagement=engagement, to_status="agreed", by=supporting_head
    )
    measure = directory.measure_add(
        engagement=engagement,
        added_by=supporting_head,
        name="Pupils using disciplinary vocabulary",
        unit="%",
        baseline=Decimal(30),
        target=Decimal(60),
    )
    directory.engagement_transition(engagement=engagement, to_status="active", by=head)
    directory.measure_update(
        measure=measure,
        updated_by=supporting_head,
        baseline=Decimal(30),
        target=Decimal(60),
        outcome=Decimal(64),
    )
    directory.engagement_transition(
        engagement=engagement, to_status="completed", by=head
    )


def _review_set_up_by_the_officer(page, reviewer):
    login(page, OFFICER)
    visit(page, PARTNERSHIP)
    page.get_by_role("link", name="Open a peer review round").click()
    axe_check(page)
    page.get_by_label("Academic year it starts in").fill("2026")
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator("h1")).to_have_text("Peer review 2026 to 2027")
    page.get_by_role("link", name="Add a host school").click()
    page.get_by_label("Host school").select_option(label="Riverside Primary School")
    _date(page, "Date of the visit", 20, 11, 2026)
    page.get_by_role("button", name="Add").click()
    expect(page.locator("h1")).to_have_text("Peer review of Riverside Primary School")
    page.get_by_role("link", name="Assign a reviewer").click()
    axe_check(page)
    page.get_by_label("Reviewer", exact=True).select_option(
        label=f"{reviewer.user.full_name}, Westbrook High School"
    )
    page.get_by_label("Lead reviewer").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("main")).to_contain_text("Reviewer assigned.")
    expect(page.locator("main")).to_contain_text("(lead reviewer)")
    axe_check(page)
    review_url = page.url
    logout(page)
    return review_url


def test_a_peer_review_becomes_a_priority_support_and_an_outcome(page):
    from partnership.improvement.models import Finding, Priority
    from schools.directory.models import Recommendation

    westbrook_head = _westbrook_head()

    # Given an officer who opens a round and assigns a reviewer from Westbrook
    review_url = _review_set_up_by_the_officer(page, westbrook_head)

    # And the host headteacher who chooses a focus area
    login(page, HEAD)
    visit(page, review_url)
    page.get_by_role("link", name="Add a focus area").click()
    page.get_by_label("Focus area").fill("History curriculum")
    page.get_by_role("button", name="Save").click()
    logout(page)

    # When the reviewer writes the report
    login(page, westbrook_head.user.email, password=demo_password())
    visit(page, review_url)
    page.get_by_role("link", name="Write the report").click()
    axe_check(page)
    page.get_by_label("Effective").check()
    page.get_by_label("Notes on History curriculum").fill(
        "Pupils use local sources confidently; vocabulary is thin in Year 6."
    )
    page.get_by_label("Judgement on History curriculum").select_option("Effective")
    page.get_by_label("Areas of excellence").fill("Enquiry-led local history")
    page.get_by_label("Areas for development").fill("Disciplinary knowledge in history")
    page.get_by_role("button", name="Save the report").click()
    expect(page.locator("main")).to_contain_text("Overall judgement: Effective")
    logout(page)

    # And the host headteacher shares it with the partnership
    login(page, HEAD)
    visit(page, review_url)
    page.get_by_role("link", name="Choose who reads the report").click()
    page.get_by_label("The partnership's headteachers and officers").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Sharing updated.")

    # And turns the area for development into a priority in one step
    page.get_by_role("link", name=re.compile("Make it a priority")).click()
    page.get_by_label("Theme or subject").fill("history")
    _date(page, "Review date", 15, 7, 2027)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Disciplinary knowledge in history")
    axe_check(page)
    priority = Priority.objects.get(title="Disciplinary knowledge in history")

    # Then support near the school is listed nearest first, and they ask for it
    page.get_by_role("link", name="Find support near the school").click()
    axe_check(page)
    main = page.locator("main")
    expect(main).to_contain_text("Disciplinary thinking in Key Stage 3 history")
    distances = [
        float(d) for d in re.findall(r"([\d.]+) miles away", main.inner_text())
    ]
    assert distances == sorted(distances)
    page.get_by_role("link", name=re.compile("Ask for this support")).first.click()
    page.get_by_label("What does your school want to achieve?").fill(
        "Year 6 pupils explain how historians use evidence."
    )
    page.get_by_role("button", name="Save").click()
    expect(main).to_contain_text("Support requested and linked to the priority.")
    engagement = priority.engagements.get()

    # When the support is completed with its measured outcome
    head_user = priority.created_by
    _complete_support(engagement, head_user)

    # Then the outcomes page shows the engagement's change against target this year
    visit(page, f"{PARTNERSHIP}outcomes/")
    expect(main).to_contain_text("Pupils using disciplinary vocabulary")
    row = page.locator("tr", has_text="Pupils using disciplinary vocabulary")
    expect(row).to_contain_text("Riverside Primary School")
    expect(row).to_contain_text("34.00%")  # 64 from a baseline of 30
    expect(row).to_contain_text("(reached)")
    screenshot(page, "improvement-outcomes-engagement")

    # When the head puts the area of excellence forward to the directory
    visit(page, review_url)
    page.get_by_role("link", name=re.compile("Put forward to the directory")).click()
    axe_check(page)
    page.get_by_label("Describe the practice for the directory").fill(
        "Year 5 and 6 pupils run enquiries into the town's history with the archive."
    )
    page.get_by_role("button", name="Put forward").click()
    expect(main).to_contain_text("published once an officer moderates it")
    rec = Finding.objects.get(text="Enquiry-led local history").recommendation
    assert rec.status == Recommendation.Status.DRAFT
    logout(page)

    # Then a visitor cannot see it until an officer publishes it
    visit(page, rec.get_absolute_url(), status=404)
    login(page, OFFICER)
    visit(page, rec.get_absolute_url())
    expect(main).to_contain_text("Riverside Learning Partnership")
    page.get_by_role("button", name="Publish").click()
    logout(page)
    visit(page, rec.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Enquiry-led local history")


def _enter_values(page, school, measure, values):
    # The link's name is the school, then the measure in visually hidden text.
    page.get_by_role("link", name=re.compile(rf"^{school}\W+{measure}$")).click()
    for year, value in values.items():
        page.get_by_label("Academic year it starts in").fill(str(year))
        page.get_by_label("Value", exact=True).fill(str(value))
        page.get_by_role("button", name="Save the value").click()
        expect(page.locator("main")).to_contain_text("Value saved.")
    axe_check(page)


def test_a_measure_entered_by_two_schools_agrees_in_chart_table_and_csv(page):
    westbrook_head = _westbrook_head()
    name = "Pupils on the school council"
    riverside = {2023: 10, 2024: 12, 2025: 16}
    westbrook = {2023: 20, 2024: 22, 2025: 30}
    medians = {2023: "15.00", 2024: "17.00", 2025: "23.00"}

    # Given an officer who defines a measure
    login(page, OFFICER)
    visit(page, f"{PARTNERSHIP}measures/")
    page.get_by_role("link", name="Define a measure").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Unit", exact=True).select_option(label="Number of pupils")
    page.get_by_label("Higher is better").check()
    page.get_by_label("Who supplies it").fill("The school office")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Measure defined.")
    logout(page)

    # When two schools' headteachers enter values for three years
    login(page, HEAD)
    visit(page, f"{PARTNERSHIP}measures/")
    _enter_values(page, "Riverside Primary School", name, riverside)
    logout(page)
    login(page, westbrook_head.user.email, password=demo_password())
    visit(page, f"{PARTNERSHIP}measures/")
    _enter_values(page, "Westbrook High School", name, westbrook)
    logout(page)

    # Then the officer's outcomes page draws the trend and tabulates the same figures
    login(page, OFFICER)
    visit(page, f"{PARTNERSHIP}outcomes/")
    table = page.locator(
        "table", has=page.locator("caption", has_text=f"{name} by year")
    )
    median_row = table.locator("tr", has_text="Partnership median")
    for median in medians.values():
        expect(median_row).to_contain_text(f"{median} pupils")
    description = page.locator(f"svg:has(title:text-is('{name}')) desc").text_content()
    for year, median in medians.items():
        assert f"{year}, {median} pupils" in description
    screenshot(page, "improvement-measure-trend")

    # And the CSV holds the same values for each school and the median
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the figures (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = [
        r
        for r in csv.reader(io.StringIO(text))
        if r[:1] == ["measure"] and r[3] == name
    ]
    got = {(r[2], r[1]): r[5] for r in rows}
    for year in medians:
        label = f"{year}/{(year + 1) % 100:02d}"
        assert got[("Partnership median", label)] == medians[year]
        assert Decimal(got[("Riverside Primary School", label)]) == riverside[year]
        assert Decimal(got[("Westbrook High School", label)]) == westbrook[year]
