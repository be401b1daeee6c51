"""Demo improvement cycle, read from demo.toml: three years of peer review rounds,
reports, priorities with success measures and outcomes, and broader measures with a
value for every school and year. Idempotent (skipped when the first round exists).
Everything goes through the services; the notifications it makes start read.
"""

import random
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db.models import Max
from django.utils import timezone

from partnership.models import Notification, Partnership
from schools.directory.models import SupportEngagement
from schools.models import Staff, User

from . import services
from .models import Priority, ReviewRound

DATA = tomllib.loads(Path(__file__).with_name("demo.toml").read_text("utf-8"))


def _staff(school, role):
    row = (
        Staff.objects.filter(school=school, role=role, left__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return row.user if row else None


def _review(rnd, host, n, schools, officer):
    year = rnd.year
    review = services.review_add(
        round=rnd, host=host, visit_on=date(year, 11, 3 + n * 7), by=officer
    )
    lead_school = schools[(schools.index(host) + 3) % len(schools)]
    peer_school = schools[(schools.index(host) + 5) % len(schools)]
    lead = _staff(lead_school, "headteacher")
    services.reviewer_assign(
        review=review, user=lead, school=lead_school, role="lead", by=officer
    )
    peer = _staff(peer_school, "teacher")
    if peer:
        services.reviewer_assign(
            review=review, user=peer, school=peer_school, role="peer", by=officer
        )
    head = _staff(host, "headteacher")
    areas = [
        services.focus_area_add(review=review, title=f["title"], by=head)
        for f in DATA["focus"][: 2 + n % 2]
    ]
    found = DATA["findings"][(n + year) % len(DATA["findings"])]
    notes = {
        a.pk: (f["notes"], f["judgement"])
        for a, f in zip(areas, DATA["focus"], strict=False)
    }
    services.report_write(
        review=review,
        by=lead,
        judgement=DATA["focus"][n % 3]["judgement"],
        summary=f"A two-day visit with {len(areas)} focus areas.",
        notes=notes,
        excellence=found["excellence"],
        development=found["development"],
    )
    services.review_share(review=review, visibility="partnership", by=head)
    return review, head, found


def _priority(review, head, found, outcome, rng):
    finding = review.findings.get(kind="development")
    year = review.round.year
    priority = services.priority_from_finding(
        finding=finding, by=head, theme=found["theme"], review_on=date(year + 1, 7, 15)
    )
    base = Decimal(rng.randint(30, 55))
    measure = services.success_measure_add(
        priority=priority,
        by=head,
        name=f"Pupils meeting the goal: {found['theme']}",
        unit="percent",
        baseline=base,
        baseline_on=date(year, 12, 1),
        target=base + 15,
        target_on=date(year + 1, 7, 1),
    )
    gain = {"met": 17, "partly": 8, "not-met": 2}[outcome]
    services.priority_outcome_record(
        priority=priority,
        by=head,
        outcome=outcome,
        note="Reviewed with governors.",
        values={measure.pk: base + gain},
    )
    engagement = SupportEngagement.objects.filter(requesting_school=review.host).first()
    if engagement:
        services.priority_link(priority=priority, by=head, engagements=[engagement])
    return priority


def _measures(partnership, officer, schools, years, rng):
    for spec in DATA["measures"]:
        measure = services.measure_define(
            partnership=partnership,
            name=spec["name"],
            unit=spec["unit"],
            better=spec["better"],
            supplier=spec["supplier"],
            by=officer,
        )
        for s_index, school in enumerate(schools):
            head = _staff(school, "headteacher") or officer
            for y_index, year in enumerate(years):
                value = spec["start"] + spec["step"] * y_index + rng.randint(-4, 4)
                value += s_index % 5
                value = max(value, 0)
                services.measure_value_set(
                    measure=measure,
                    school=school,
                    year=year,
                    value=Decimal(min(value, 100)),
                    by=head,
                )


def _hosts(schools, year):
    """The demo head's school every year, then others in turn."""
    others = schools[1:]
    start = (year * 3) % len(others)
    return [schools[0], *(others[start:] + others[:start])]


def seed(*, stdout) -> None:
    partnership = Partnership.objects.filter(slug=DATA["partnership"]).first()
    officer = User.objects.filter(email=DATA["officer"]).first()
    if partnership is None or officer is None:
        stdout.write("  improvement: the demo partnership is missing; skipped\n")
        return
    if ReviewRound.objects.filter(partnership=partnership).exists():
        stdout.write("  improvement: already seeded\n")
        return
    first_new = (Notification.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    rng = random.Random(12)
    schools = [
        m.school
        for m in partnership.memberships.filter(left__isnull=True)
        .select_related("school")
        .order_by("school__urn")
    ]
    for spec in DATA["years"]:
        rnd = services.round_open(
            partnership=partnership,
            year=spec["year"],
            scale=DATA["scale"],
            opened_by=officer,
        )
        for n, (host, outcome) in enumerate(
            zip(_hosts(schools, spec["year"]), spec["outcomes"], strict=False)
        ):
            review, head, found = _review(rnd, host, n, schools, officer)
            _priority(review, head, found, outcome, rng)
    _measures(partnership, officer, schools, [y["year"] for y in DATA["years"]], rng)
    services.outcomes_publish(
        partnership=partnership, parts=DATA["public_parts"], by=officer
    )
    Notification.objects.filter(pk__gte=first_new, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    stdout.write(
        f"  improvement: {ReviewRound.objects.filter(partnership=partnership).count()} "
        f"review rounds, {Priority.objects.count()} priorities\n"
    )
