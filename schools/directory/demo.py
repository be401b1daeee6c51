"""Demo data for the best-practice directory and school-to-school support.

The content is in demo.toml beside this file; this short loader writes it. Runs
after `partnership.demo` (which makes the 52 schools, URNs 990001..990052, and their
staff). Idempotent: each record is keyed by a stable slug or name, so running it
again changes nothing. Rows are written directly (not through the services) so a
demo seed sends no email and makes no notification; the search index is still
maintained by the service.
"""

import tomllib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from schools.models import Postcode, School, Staff, Subject, User
from schools.services import outward_codes_refresh

from .models import (
    CaseStudy,
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    Organisation,
    Recommendation,
    SupportEngagement,
    SupportOffer,
)
from .services import recommendation_reindex, render_markdown

DATA = Path(__file__).with_name("demo.toml")
STEPS = ["requested", "agreed", "active", "completed"]


def _school(name: str) -> School | None:
    return School.objects.filter(name=name, urn__gte=990001, urn__lte=990052).first()


def _staff_user(school: School, role: str):
    """The school's first current teacher (by pk) or headteacher (by name)."""
    staff = Staff.objects.filter(school=school, role=role, left__isnull=True)
    if role == Staff.Role.TEACHER:
        staff = staff.order_by("pk")
    first = staff.select_related("user").first()
    return first.user if first else None


def _slug(urn: int, title: str) -> str:
    slug = f"{urn}-{title.lower()}"[:200]
    slug = "".join(c if c.isalnum() else "-" for c in slug).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return slug


def _level(practitioner, subject) -> str:
    if practitioner:
        return Recommendation.Level.PRACTITIONER
    if subject:
        return Recommendation.Level.DEPARTMENT
    return Recommendation.Level.SCHOOL


@transaction.atomic
def seed(*, stdout) -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    officer = (
        User.objects.filter(officer_of__slug="riverside-learning-partnership")
        .order_by("pk")
        .first()
    )
    orgs = {}
    for row in data["organisations"]:
        orgs[row["name"]], _ = Organisation.objects.get_or_create(
            name=row["name"],
            defaults={
                "slug": row["name"].lower().replace(" ", "-").replace("'", ""),
                "kind": row["kind"],
                "website": row["website"],
            },
        )
    made = sum(
        _seed_recommendation(n, row, orgs, officer, data)
        for n, row in enumerate(data["recommendations"])
    )
    engaged = sum(
        _seed_engagement(row, timezone.localdate(), data["texts"])
        for row in data["engagements"]
    )
    _seed_postcodes(data.get("postcodes", []))
    stdout.write(
        f"  directory: {Organisation.objects.count()} organisations, "
        f"{made} new recommendations, {engaged} new support engagements\n"
    )


def _seed_postcodes(rows: list) -> None:
    for row in rows:
        Postcode.objects.update_or_create(
            postcode=row["postcode"],
            defaults={
                "outward_code": row["postcode"].split(" ")[0],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "terminated": row.get("terminated"),
            },
        )
    outward_codes_refresh()


def _seed_recommendation(n: int, row: dict, orgs: dict, officer, data) -> int:
    school = _school(row["school"])
    if school is None:
        return 0
    subject = (
        Subject.objects.filter(name=row["subject"]).first() if row["subject"] else None
    )
    practitioner = (
        _staff_user(school, Staff.Role.TEACHER) if row["named_practitioner"] else None
    )
    org, status = orgs[row["organisation"]], row["status"]
    recommended_on = date(2025, 3, 1) + timedelta(days=23 * n)
    rec, created = Recommendation.objects.get_or_create(
        slug=_slug(school.urn, row["title"]),
        defaults={
            "organisation": org,
            "school": school,
            "level": _level(practitioner, subject),
            "subject": subject,
            "practitioner": practitioner,
            "practitioner_name": practitioner.full_name if practitioner else "",
            "practitioner_consent_on": recommended_on if practitioner else None,
            "title": row["title"],
            "summary": row["summary"],
            "evidence_url": org.website,
            "recommended_on": recommended_on,
            "review_on": recommended_on + timedelta(days=730 if n % 5 else 300),
            "status": status,
            "published_on": recommended_on + timedelta(days=7)
            if status != "draft"
            else None,
            "moderated_by": officer if status != "draft" else None,
            "created_by": officer,
        },
    )
    if not created:
        return 0
    _seed_case_study(rec, school, row, officer, data["case_study"]["body"])
    _seed_offers(rec, school, row["offers"], data["texts"])
    recommendation_reindex(recommendation=rec)
    return 1


def _seed_case_study(rec, school: School, row: dict, officer, template: str) -> None:
    area = row["subject"].lower() if row["subject"] else "the whole school"
    body = template.format(school=school.name, area=area, title=row["title"])
    CaseStudy.objects.create(
        recommendation=rec,
        title=f"Case study: {row['title']}",
        body=body,
        body_html=render_markdown(body),
        created_by=officer,
    )


def _seed_offers(rec, school: School, offers: list, texts: dict) -> None:
    head = _staff_user(school, Staff.Role.HEADTEACHER)
    for offer in offers:
        SupportOffer.objects.create(
            recommendation=rec,
            kind=offer["kind"],
            title=offer["title"],
            description=texts["offer_description"].format(school=school.name),
            capacity=offer["capacity"],
            cost=Decimal(offer["cost"]),
            cost_note="" if offer["cost"] == "0" else texts["paid_cost_note"],
            format=offer["format"],
            contact_name=head.full_name if head else "The school office",
            contact_email=head.email if head else f"office@{school.domains[0]}",
        )


def _seed_engagement(row: dict, today, texts: dict) -> int:
    supporting, requesting = _school(row["supporting"]), _school(row["requesting"])
    if not (supporting and requesting):
        return 0
    offer = SupportOffer.objects.filter(
        recommendation__school=supporting, title=row["offer"]
    ).first()
    head = _staff_user(requesting, Staff.Role.HEADTEACHER)
    their_head = _staff_user(supporting, Staff.Role.HEADTEACHER)
    if offer is None or head is None or their_head is None:
        return 0
    if SupportEngagement.objects.filter(
        offer=offer, requesting_school=requesting
    ).exists():
        return 0
    status = row["status"]
    done = status == "completed"
    eng = SupportEngagement.objects.create(
        offer=offer,
        requesting_school=requesting,
        supporting_school=supporting,
        requested_by=head,
        goals=row["goals"],
        status=status,
        decline_reason=texts["decline_reason"] if status == "declined" else "",
        completed_on=today - timedelta(days=30) if done else None,
        supporting_evaluation=texts["supporting_evaluation"] if done else "",
        requesting_evaluation=texts["requesting_evaluation"] if done else "",
    )
    _seed_history(eng, head, their_head)
    for measure in row["measures"]:
        ImpactMeasure.objects.create(
            engagement=eng,
            name=measure["name"],
            unit=measure["unit"],
            baseline=Decimal(measure["baseline"]),
            target=Decimal(measure["target"]),
            outcome=Decimal(measure["outcome"]) if measure["outcome"] else None,
        )
    if status in ("active", "completed"):
        for weeks in (10, 6, 2):
            Meeting.objects.create(
                engagement=eng,
                held_on=today - timedelta(weeks=weeks + (8 if done else 0)),
                notes=texts["meeting_notes"],
                recorded_by=their_head,
            )
    return 1


def _seed_history(eng: SupportEngagement, head, their_head) -> None:
    """The engagement was asked for 120 days ago and moved a step each fortnight."""
    at = timezone.now() - timedelta(days=120)
    SupportEngagement.objects.filter(pk=eng.pk).update(created=at)
    if eng.status == "declined":
        steps = ["requested", "declined"]
    else:
        steps = STEPS[: STEPS.index(eng.status) + 1]
    previous = ""
    for step in steps:
        EngagementTransition.objects.create(
            engagement=eng,
            from_status=previous,
            to_status=step,
            by=head if step == "requested" else their_head,
            at=at,
        )
        previous, at = step, at + timedelta(days=14)
