"""National-scale data for `make bench`: one large partnership with years of the
cycle, made with bulk inserts.

`seed(scale=1)` makes 500 member schools (scale × 500), five school years, three
broader measures with a value for every school and year, and two priorities per
school and year with their outcomes. It returns the URLs to measure; the outcomes
page reads a fixed number of queries however many schools or years there are.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from partnership.models import Membership, Partnership
from schools.models import School, User

from .models import Measure, MeasureValue, OutcomesSettings, Priority

YEARS = range(2020, 2025)
SLUG = "bench-national-partnership"


def _schools(partnership: Partnership, count: int, rng: random.Random) -> list[School]:
    first = 800000 + School.objects.filter(urn__gte=800000, urn__lt=900000).count()
    schools = School.objects.bulk_create(
        School(
            urn=first + n,
            name=f"Bench school {first + n}",
            phase="primary",
            local_authority="Bench",
            town="Bench",
            postcode="BN1 1AA",
            latitude=50 + rng.random() * 5,
            longitude=-3 + rng.random() * 3,
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(partnership=partnership, school=s, joined=date(2019, 9, 1))
        for s in schools
    )
    return schools


def _cycle(partnership, person, schools, rng) -> None:
    """Three measures with a value for every school and year, two priorities each."""
    measures = [
        Measure.objects.create(
            partnership=partnership,
            name=name,
            unit="percent",
            better=better,
            supplier="Bench",
        )
        for name, better in (
            ("Reading for pleasure", "higher"),
            ("Persistent absence", "lower"),
            ("Pupil leadership", "higher"),
        )
    ]
    MeasureValue.objects.bulk_create(
        MeasureValue(
            measure=m,
            school=s,
            year=y,
            entered_by=person,
            value=Decimal(rng.randint(5, 95)),
        )
        for m in measures
        for s in schools
        for y in YEARS
    )
    outcomes = ["met", "partly", "not-met", ""]
    Priority.objects.bulk_create(
        Priority(
            school=s,
            year=y,
            title=f"Priority {k}",
            theme=rng.choice(["reading", "writing", "attendance", "maths"]),
            source="self-evaluation",
            review_on=date(y + 1, 7, 1),
            outcome=rng.choice(outcomes),
            created_by=person,
        )
        for s in schools
        for y in YEARS
        for k in range(2)
    )


def seed(*, scale: int = 1) -> list[str]:
    """Make the data (once) and return the page URLs to time."""
    rng = random.Random(2026)
    partnership, made = Partnership.objects.get_or_create(
        slug=SLUG, defaults={"name": "Bench national partnership"}
    )
    url = f"/partnerships/{SLUG}/outcomes/"
    if not made:
        return [url, f"{url}data.csv"]
    person, _ = User.objects.get_or_create(
        email="bench-officer@example.org", defaults={"full_name": "Bench officer"}
    )
    partnership.officers.add(person)
    schools = _schools(partnership, 500 * scale, rng)
    _cycle(partnership, person, schools, rng)
    OutcomesSettings.objects.create(
        partnership=partnership, public_parts=[k for k, _ in OutcomesSettings.PARTS]
    )
    return [url, f"{url}data.csv"]
