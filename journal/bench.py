"""Benchmark support: build a large edition quickly and time its compile.

`make bench` (bench/run.py) can call `run(articles=300, words=2000)`; it returns the
seconds, pages and peak memory of `journal.compile.compile_edition`. Data is made
with bulk inserts inside a transaction that is rolled back, so nothing is left.
"""

from __future__ import annotations

import random
import resource
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from journal.compile import compile_edition
from journal.models import Edition, Submission

WORDS = [
    "pupils",
    "teachers",
    "feedback",
    "reading",
    "writing",
    "questions",
    "evidence",
    "classroom",
    "lesson",
    "practice",
    "learning",
    "talk",
    "vocabulary",
    "retrieval",
    "modelling",
    "sentence",
    "explanation",
    "assessment",
    "planning",
    "department",
    "colleagues",
    "improvement",
    "outcomes",
    "data",
    "observation",
]


def _text(rng: random.Random, words: int) -> str:
    paragraphs = []
    while words > 0:
        n = min(words, rng.randint(60, 120))
        sentence = " ".join(rng.choice(WORDS) for _ in range(n))
        paragraphs.append(sentence.capitalize() + ".")
        words -= n
    return "\n\n".join(paragraphs)


def _snapshot(rng: random.Random, project, school, author, words: int) -> dict:
    share = words // 5
    return {
        "title": project.title,
        "research_question": project.research_question,
        "school": {"urn": school.urn, "name": school.name},
        "authors": [{"id": author.pk, "name": author.full_name, "email": author.email}],
        "subjects": [],
        **{
            key: _text(rng, share)
            for key in ("context", "intervention", "methods", "findings", "impact")
        },
        "references": "Author, A. (2020) A Book. Publisher.\nAuthor, B. (2021) Another. Press.",
    }


def _bench_edition(rng: random.Random, seed: int):
    """A partnership of one school, one author and an edition whose call is open."""
    from partnership.models import Membership, Partnership
    from schools.models import School, User

    partnership = Partnership.objects.create(
        name=f"Bench {seed} {time.time()}",
        slug=f"bench-{seed}-{int(time.time() * 1000)}",
    )
    school = School.objects.create(urn=800000 + seed, name="Bench School")
    Membership.objects.create(partnership=partnership, school=school)
    author = User.objects.create(
        email=f"bench{seed}@example.org", full_name="Bench Author"
    )
    today = timezone.localdate()
    edition = Edition.objects.create(
        partnership=partnership,
        year=1900 + seed % 100,
        title="Benchmark edition",
        call_opens=today - timedelta(days=1),
        call_closes=today,
        foreword=_text(rng, 300),
    )
    return edition, school, author


def make_edition(*, articles: int = 300, words: int = 2000, seed: int = 300) -> Edition:
    """An edition with `articles` accepted submissions of about `words` words each."""
    from research.models import Project

    rng = random.Random(seed)
    edition, school, author = _bench_edition(rng, seed)
    projects = Project.objects.bulk_create(
        Project(
            title=f"Benchmark article {n}",
            slug=f"bench-{seed}-{n}",
            research_question="Does the benchmark take under a minute?",
            school=school,
            lead=author,
            status=Project.Status.COMPLETED,
        )
        for n in range(articles)
    )
    Submission.objects.bulk_create(
        Submission(
            edition=edition,
            project=project,
            submitted_by=author,
            status=Submission.Status.ACCEPTED,
            title=project.title,
            slug=project.slug,
            position=n,
            snapshot=_snapshot(rng, project, school, author, words),
        )
        for n, project in enumerate(projects)
    )
    return edition


def run(*, articles: int = 300, words: int = 2000, out_path=None) -> dict:
    """Build a benchmark edition, compile it, roll the data back; report the cost."""
    with transaction.atomic():
        edition = make_edition(articles=articles, words=words)
        started = time.monotonic()
        result = compile_edition(edition=edition, out_path=out_path)
        seconds = time.monotonic() - started
        transaction.set_rollback(True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "articles": articles,
        "pages": result.pages,
        "seconds": round(seconds, 1),
        "pdf_bytes": result.size,
        "peak_rss_mib_main": round(own / 1024, 1),
        "peak_rss_mib_largest_renderer": round(child / 1024, 1),
        "path": str(result.path),
    }
