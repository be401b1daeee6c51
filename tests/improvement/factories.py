"""Helpers that build the improvement cycle through its services."""

from datetime import date
from decimal import Decimal

from partnership.improvement import services
from partnership.improvement.models import Finding
from tests.factories import StaffFactory, UserFactory, member_school


def reviewer_from(partnership, *, role="teacher"):
    """A member of staff at another member school: (user, school)."""
    school = member_school(partnership)
    user = StaffFactory(school=school, role=role, user=UserFactory()).user
    return user, school


def open_review(*, partnership, officer, host, year=2024, visit_on=date(2024, 11, 5)):
    rnd = services.round_open(
        partnership=partnership,
        year=year,
        scale="Leading\nEffective\nWorking towards",
        opened_by=officer,
    )
    return services.review_add(round=rnd, host=host, visit_on=visit_on, by=officer)


def written_review(*, partnership, officer, host, head, reviewer, reviewer_school):
    review = open_review(partnership=partnership, officer=officer, host=host)
    services.reviewer_assign(
        review=review, user=reviewer, school=reviewer_school, role="lead", by=officer
    )
    area = services.focus_area_add(review=review, title="Early reading", by=head)
    return services.report_write(
        review=review,
        by=reviewer,
        judgement="Effective",
        summary="A good visit.",
        notes={area.pk: ("Phonics is consistent.", "Leading")},
        excellence="Phonics teaching",
        development="Reading for pleasure in KS2",
    )


def finding(review, kind) -> Finding:
    return review.findings.get(kind=kind)


def priority_for(*, school, head, year=2024, theme="reading"):
    return services.priority_create(
        school=school,
        year=year,
        title="Improve reading for pleasure",
        theme=theme,
        source="self-evaluation",
        review_on=date(year + 1, 7, 1),
        by=head,
    )


def measure_for(*, partnership, officer, name="Reading for pleasure", unit="percent"):
    return services.measure_define(
        partnership=partnership,
        name=name,
        unit=unit,
        better="higher",
        supplier="Pupil survey",
        by=officer,
    )


D = Decimal
