"""Bulk data for benchmarking the directory at national scale.

`seed(schools=..., count=100_000)` creates `count` published recommendations (with
one or two support offers each) spread over the given School rows, in batches with
`bulk_create`, and fills the stored search document and (on PostgreSQL) the
tsvector the way `schools.directory.services.recommendation_reindex` does, in one UPDATE
per batch. Organisations and subjects are created if missing. Idempotent per
school and index: slugs are `bench-<urn>-<n>`, and existing ones are skipped.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from schools.directory.models import Organisation, Recommendation, SupportOffer
from schools.directory.services import directory_changed, search_vector_expression
from schools.directory.services.index import (
    SCHOOL_FIELDS,
    offer_summary,
    school_summary,
)
from schools.models import School, Subject

BATCH = 2_000
SUBJECTS = [
    "Art and design",
    "Computing",
    "English",
    "French",
    "Geography",
    "History",
    "Mathematics",
    "Music",
    "Physical education",
    "Reading",
    "Science",
    "Writing",
]
TOPICS = [
    ("Retrieval practice", "short, low-stakes quizzes that help pupils remember"),
    ("Disciplinary literacy", "teaching pupils to read and write like subject experts"),
    ("Feedback that moves learning on", "whole-class feedback instead of marking"),
    ("Adaptive teaching", "planning so that every pupil can reach the same goal"),
    ("Oracy", "structured talk that builds vocabulary and reasoning"),
    ("Curriculum sequencing", "knowledge built in small, connected steps"),
    ("Behaviour routines", "calm, consistent routines in every classroom"),
    ("Mastery", "small steps with concrete and pictorial representations"),
]


def _organisations() -> list[Organisation]:
    orgs = []
    for kind, label in Organisation.Kind.choices:
        org, _ = Organisation.objects.get_or_create(
            name=f"Benchmark {label}",
            defaults={"slug": f"benchmark-{kind}", "kind": kind},
        )
        orgs.append(org)
    return orgs


def _subjects() -> list[Subject]:
    out = []
    for name in SUBJECTS:
        subject, _ = Subject.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")}
        )
        out.append(subject)
    return out


def _offer_specs(rng, kinds) -> list[tuple[str, Decimal]]:
    """(kind, cost) of each offer: six in ten free."""
    return [
        (
            kind,
            Decimal(0)
            if rng.random() < 0.6
            else Decimal(rng.choice([150, 300, 450, 800])),
        )
        for kind in kinds
    ]


def _build(rng, school, slug, orgs, subjects, start):
    """One published recommendation (not saved) and its offers' (kind, cost)."""
    kinds = SupportOffer.Kind.values
    kind_labels = dict(SupportOffer.Kind.choices)
    subject = rng.choice(subjects) if rng.random() < 0.7 else None
    topic, blurb = rng.choice(TOPICS)
    org = rng.choice(orgs)
    title = f"{topic} in {subject.name if subject else 'the whole school'}"
    summary = f"{school.name}: {blurb}. Recommended by {org.name}."
    offer_kinds = rng.sample(kinds, rng.choice([0, 1, 1, 2]))
    offer_specs = _offer_specs(rng, offer_kinds)
    published = start + timedelta(days=rng.randint(0, 1400))
    rec = Recommendation(
        slug=slug,
        organisation=org,
        school=school,
        level=Recommendation.Level.DEPARTMENT
        if subject
        else Recommendation.Level.SCHOOL,
        subject=subject,
        title=title,
        summary=summary,
        recommended_on=published - timedelta(days=7),
        review_on=published + timedelta(days=730),
        status=Recommendation.Status.PUBLISHED,
        published_on=published,
        search_document=" ".join(
            [
                title,
                summary,
                org.name,
                org.get_kind_display(),
                school.name,
                school.town,
                school.local_authority,
                subject.name if subject else "",
            ]
            + [kind_labels[k] for k in offer_kinds]
        ),
    )
    for name, value in (offer_summary(offer_specs) | school_summary(school)).items():
        setattr(rec, name, value)
    return rec, offer_specs


def seed(*, schools, count: int, rng_seed: int = 2026) -> int:
    """Create up to `count` published recommendations over `schools`; return how many."""
    # Re-read the fields used here, so schools loaded with .only() cost no extra query.
    ids = [s.pk for s in schools]
    if not ids or count <= 0:
        return 0
    by_pk = School.objects.only("pk", "urn", "name", "town", *SCHOOL_FIELDS).in_bulk(
        ids
    )
    schools = [by_pk[pk] for pk in ids if pk in by_pk]
    rng = random.Random(rng_seed)
    orgs, subjects = _organisations(), _subjects()
    kind_labels = dict(SupportOffer.Kind.choices)
    existing = set(
        Recommendation.objects.filter(slug__startswith="bench-").values_list(
            "slug", flat=True
        )
    )
    made = 0
    pending: list[tuple[Recommendation, list[str]]] = []

    def flush():
        nonlocal made
        if not pending:
            return
        with transaction.atomic():
            recs = Recommendation.objects.bulk_create([r for r, _ in pending])
            offers = []
            for rec, offer_specs in pending:
                for n, (kind, cost) in enumerate(offer_specs):
                    offers.append(
                        SupportOffer(
                            recommendation_id=rec.pk,
                            kind=kind,
                            title=f"{kind_labels[kind]} ({n + 1})",
                            capacity=rng.randint(1, 10),
                            cost=cost,
                            format=rng.choice(SupportOffer.Format.values),
                            contact_name="Benchmark contact",
                            contact_email="contact@bench.example",
                        )
                    )
            SupportOffer.objects.bulk_create(offers, batch_size=BATCH)
            if settings.IS_POSTGRES:
                Recommendation.objects.filter(pk__in=[r.pk for r in recs]).update(
                    search_vector=search_vector_expression()
                )
        made += len(recs)
        pending.clear()

    start = date(2022, 1, 1)
    for i in range(count):
        school = schools[i % len(schools)]
        slug = f"bench-{school.urn}-{i // len(schools)}"
        if slug in existing:
            continue
        rec, offer_specs = _build(rng, school, slug, orgs, subjects, start)
        pending.append((rec, offer_specs))
        if len(pending) >= BATCH:
            flush()
    flush()
    directory_changed()
    return made
