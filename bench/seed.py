"""National-scale data for `make bench`, run by bench/run.py in its own process.

    python bench/seed.py data      # demo data, then 24,000 schools, people, 200,000
                                   # research projects, 100,000 recommendations
    python bench/seed.py journal   # a 300-article edition, compiled and published

Each stage prints one line `RESULT {json}` with counts, timings and notes. Parts
that are not merged yet are reported as "not available", never as a failure.
Rows are streamed with COPY (bench/bulk.py); a part's own bench seeder
(`bench/seed_<part>.py` with `seed(*, schools, count)`) is used when present.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.bulk import copy_instances, next_id  # noqa: E402
from partnership.models import Membership, Partnership  # noqa: E402
from schools.models import School, Staff, Subject, User  # noqa: E402

SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", 24_000))
PROJECTS = int(os.environ.get("BENCH_PROJECTS", 200_000))
RECOMMENDATIONS = int(os.environ.get("BENCH_RECOMMENDATIONS", 100_000))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 300))
TEACHERS = max(1, SCHOOLS * 5 // 4)
RNG = random.Random(2026)

TOWNS = [
    "Ashford", "Barnsley", "Bedford", "Blackburn", "Bolton", "Bradford", "Brighton",
    "Bristol", "Cambridge", "Carlisle", "Chester", "Colchester", "Coventry", "Crawley",
    "Derby", "Doncaster", "Durham", "Exeter", "Gateshead", "Gloucester", "Grimsby",
    "Halifax", "Harrogate", "Hastings", "Hereford", "Huddersfield", "Hull", "Ipswich",
    "Kendal", "Lancaster", "Leeds", "Leicester", "Lincoln", "Liverpool", "Luton",
    "Maidstone", "Manchester", "Middlesbrough", "Newcastle", "Northampton", "Norwich",
    "Nottingham", "Oldham", "Oxford", "Peterborough", "Plymouth", "Portsmouth",
    "Preston", "Reading", "Rochdale", "Salford", "Sheffield", "Shrewsbury", "Slough",
    "Southampton", "Stockport", "Stoke", "Sunderland", "Swindon", "Taunton", "Telford",
    "Truro", "Wakefield", "Walsall", "Warrington", "Watford", "Wigan", "Winchester",
    "Wolverhampton", "Worcester", "York",
]  # fmt: skip
STREETS = ["High Street", "Station Road", "Church Lane", "Park Road", "Mill Lane",
           "London Road", "Victoria Road", "Green Lane", "Manor Road", "School Lane"]  # fmt: skip
KINDS = [
    ("Primary School", "primary", "Community school"),
    ("Church of England Primary School", "primary", "Voluntary aided school"),
    ("Catholic Primary School", "primary", "Voluntary aided school"),
    ("Infant School", "primary", "Community school"),
    ("Junior School", "primary", "Community school"),
    ("Primary Academy", "primary", "Academy converter"),
    ("Academy", "secondary", "Academy sponsor led"),
    ("High School", "secondary", "Community school"),
    ("School and Sixth Form", "secondary", "Foundation school"),
    ("Nursery School", "nursery", "Local authority nursery school"),
    ("Special School", "not-applicable", "Community special school"),
]
NAMES = ["St Mary's", "Oakfield", "Brook Lane", "Hillcrest", "Meadowbank", "Willow Park",
         "Kingsway", "Elmhurst", "Ashgrove", "Cedar Road", "Lark Rise", "Holy Trinity",
         "Fernbank", "Northgate", "Southfields", "Priory", "Greenacre", "Beacon Hill",
         "Millfield", "Thornbury", "Westwood", "Hawthorn", "Orchard", "Maple Grove",
         "Castle View", "Bridgewater", "Foxhill", "Redbrook", "Sandhurst", "Riverside"]  # fmt: skip
FIRST = ["Aisha", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Hassan", "Isla",
         "Jack", "Kiran", "Leah", "Mohammed", "Nia", "Oliver", "Priya", "Rosie", "Sam",
         "Tom", "Zara"]  # fmt: skip
LAST = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Green", "Hughes", "Jones",
        "Khan", "Lewis", "Morris", "Nguyen", "Okafor", "Patel", "Roberts", "Smith",
        "Taylor", "Walker", "Wilson", "Young"]  # fmt: skip
TOPICS = [
    ("Retrieval practice", "low-stakes quizzes at the start of lessons", "memory"),
    ("Reading for pleasure", "a class library chosen by pupils", "reading"),
    ("Whole-class feedback", "feedback sheets instead of written marking", "feedback"),
    ("Oracy in mathematics", "sentence stems for mathematical talk", "oracy"),
    ("Vocabulary instruction", "explicit teaching of tier-two words", "vocabulary"),
    ("Metacognition", "modelling how to plan, monitor and evaluate", "metacognition"),
    ("Behaviour routines", "consistent entry and exit routines", "behaviour"),
    ("Scaffolded writing", "worked examples faded over a unit", "writing"),
    (
        "Fluency in times tables",
        "daily short practice with instant feedback",
        "fluency",
    ),
    ("Science practicals", "planning sheets before practical work", "science"),
]
PARAGRAPH = (
    "We noticed that {what} was uneven across the class, so we tried {how} for one "
    "term. We gathered pupil work, short quizzes and pupil voice before and after, "
    "and met every three weeks as a team to look at what the evidence showed. "
)


def _print_result(stage: str, data: dict) -> None:
    print("RESULT " + json.dumps({"stage": stage, **data}, default=str), flush=True)


def _timed(timings: dict, name: str):
    class Timer:
        def __enter__(self):
            self.started = time.monotonic()

        def __exit__(self, *exc):
            timings[name] = round(time.monotonic() - self.started, 2)

    return Timer()


def _postcode(rng) -> str:
    letters = "ABDEFGHJLNPQRSTUWXY"
    return (
        f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1, 29)} "
        f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def seed_schools() -> list[int]:
    """24,000 open schools across England, in about 150 local-area partnerships."""
    base_urn = 100_000
    existing = School.objects.filter(urn__gte=base_urn, urn__lt=base_urn + SCHOOLS)
    if existing.count() >= SCHOOLS:
        return list(existing.values_list("pk", flat=True))
    first = next_id(School)
    authorities = [f"{town}" for town in TOWNS] + [
        f"{town} and District" for town in TOWNS
    ]
    authorities = authorities[:150]
    rows = []
    for i in range(SCHOOLS):
        suffix, phase, kind = KINDS[i % len(KINDS)]
        town = TOWNS[(i // 7) % len(TOWNS)]
        la = authorities[i % len(authorities)]
        rows.append(
            School(
                pk=first + i,
                urn=base_urn + i,
                name=f"{NAMES[i % len(NAMES)]} {suffix} {town} {i}",
                phase=phase,
                type=kind,
                status=School.Status.OPEN,
                local_authority=la,
                street=f"{RNG.randint(1, 200)} {RNG.choice(STREETS)}",
                town=town,
                postcode=_postcode(RNG),
                latitude=round(RNG.uniform(50.4, 54.9), 6),
                longitude=round(RNG.uniform(-4.5, 1.6), 6),
                number_of_pupils=RNG.randint(60, 1800),
                statutory_low_age=11 if phase == "secondary" else 4,
                statutory_high_age=18 if phase == "secondary" else 11,
                website=f"https://school{i}.bench.example",
                email_domains=f"school{i}.bench.example",
                description="",
            )
        )
    copy_instances(School, rows)
    partnerships = []
    next_partnership = next_id(Partnership)
    for n, la in enumerate(authorities):
        partnerships.append(
            Partnership(
                pk=next_partnership + n,
                name=f"{la} Schools Partnership",
                slug=f"bench-{n}",
                kind=Partnership.Kind.LOCAL_AREA,
                local_authority=la,
                description=f"The schools of {la}, working together.",
            )
        )
    copy_instances(Partnership, partnerships)
    first_membership = next_id(Membership)
    copy_instances(
        Membership,
        (
            Membership(
                pk=first_membership + i,
                partnership_id=next_partnership + (i % len(authorities)),
                school_id=first + i,
                joined=date(2024, 9, 1),
            )
            for i in range(SCHOOLS)
        ),
    )
    return list(range(first, first + SCHOOLS))


def seed_people(school_ids: list[int]) -> list[tuple[int, int]]:
    """Teachers (no usable password) with a current role at a school: (user, school)."""
    existing = User.objects.filter(email__endswith="@people.bench.example").count()
    if existing >= TEACHERS:
        return list(
            Staff.objects.filter(
                user__email__endswith="@people.bench.example"
            ).values_list("user_id", "school_id")
        )
    first = next_id(User)
    now = timezone.now()
    copy_instances(
        User,
        (
            User(
                pk=first + i,
                email=f"teacher{i}@people.bench.example",
                full_name=f"{FIRST[i % len(FIRST)]} {LAST[(i // 20) % len(LAST)]}",
                password="!bench-unusable",  # noqa: S106
                date_joined=now,
            )
            for i in range(TEACHERS)
        ),
    )
    pairs = [(first + i, school_ids[i % len(school_ids)]) for i in range(TEACHERS)]
    first_staff = next_id(Staff)
    copy_instances(
        Staff,
        (
            Staff(
                pk=first_staff + n,
                user_id=user_id,
                school_id=school_id,
                role=Staff.Role.HEADTEACHER
                if n < len(school_ids)
                else Staff.Role.TEACHER,
                joined=date(2020, 9, 1),
            )
            for n, (user_id, school_id) in enumerate(pairs)
        ),
    )
    return pairs


@functools.lru_cache(maxsize=512)
def _render_markdown(text: str):
    from research import services

    return services.render_markdown(text)


def _project_texts(rng, topic) -> dict:
    title, how, tag = topic
    what = rng.choice(
        ["pupils' recall", "confidence in reading aloud", "the quality of explanations",
         "independent writing", "attendance at clubs", "use of vocabulary"]
    )  # fmt: skip
    para = PARAGRAPH.format(what=what, how=how)
    return {
        "context": para,
        "intervention": f"We used {how}, three times a week.",
        "methods": "Pupil work samples, a short quiz and a pupil survey.",
        "findings": f"Most pupils improved; {what} improved most for the weakest.",
        "impact": "The department has adopted the approach for next year.",
        "references": "Education Endowment Foundation (2021). Teaching and learning toolkit.",
        "tags": f"{tag}, action research",
    }


def seed_projects(pairs: list[tuple[int, int]]) -> int:
    """200,000 research projects, mostly public, with one subject each."""
    from research.models import Project

    existing = Project.objects.filter(slug__startswith="bench-").count()
    if existing >= PROJECTS:
        return existing
    field_names = {f.name for f in Project._meta.get_fields()}
    render = None
    if "rendered" in field_names:
        try:
            from research.services import MARKDOWN_FIELDS

            render = MARKDOWN_FIELDS
        except ImportError:
            render = None
    subjects = list(Subject.objects.values_list("pk", flat=True))
    first = next_id(Project)
    status_values = [Project.Status.COMPLETED] * 5 + [Project.Status.IN_PROGRESS] * 4
    status_values += [Project.Status.DRAFT]
    visibility_values = (
        [Project.Visibility.PUBLIC] * 6
        + [Project.Visibility.PARTNERSHIP] * 3
        + [Project.Visibility.TEAM]
    )
    now = timezone.now()

    def rows():
        for i in range(PROJECTS):
            user_id, school_id = pairs[i % len(pairs)]
            topic = TOPICS[i % len(TOPICS)]
            texts = _project_texts(RNG, topic)
            starts = date(2019, 9, 1) + timedelta(days=RNG.randint(0, 2200))
            project = Project(
                pk=first + i,
                title=f"{topic[0]}: year {RNG.randint(1, 11)} study {i}",
                slug=f"bench-{i}",
                research_question=f"Does {topic[1]} improve outcomes for pupils?",
                school_id=school_id,
                lead_id=user_id,
                phase=RNG.choice(["primary", "secondary"]),
                key_stages="KS2",
                year_groups="Year 5",
                starts=starts,
                ends=starts + timedelta(days=RNG.randint(60, 300)),
                status=RNG.choice(status_values),
                visibility=RNG.choice(visibility_values),
                created=now,
                updated=now - timedelta(minutes=i),
                **texts,
            )
            _project_copies(
                project, field_names, subjects[i % len(subjects)] if subjects else None
            )
            if render:
                project.rendered = {
                    name: _render_markdown(getattr(project, name)) for name in render
                }
            yield project

    copy_instances(Project, rows())
    Through = Project.subjects.through
    if subjects:
        first_link = next_id(Through)
        copy_instances(
            Through,
            (
                Through(
                    pk=first_link + i,
                    project_id=first + i,
                    subject_id=subjects[i % len(subjects)],
                )
                for i in range(PROJECTS)
            ),
        )
    if "search_vector" in field_names:
        _project_search_vectors(first, first + PROJECTS)
    return PROJECTS


def _project_copies(project, field_names: set, subject_id: int | None) -> None:
    """The columns a project keeps for its list's filters (research 0005)."""
    if "year_started" in field_names:
        project.year_started = project.starts.year
    if "subject_ids" in field_names and subject_id:
        project.subject_ids = f",{subject_id},"


def _project_search_vectors(start: int, stop: int) -> None:
    """The stored tsvector, weighted as research.services.project_search_index does."""
    from research.models import Project

    columns = {f.column for f in Project._meta.concrete_fields}
    weights = [
        ("title", "A"),
        ("research_question", "A"),
        ("tags", "B"),
        ("findings", "B"),
        ("impact", "C"),
        ("intervention", "C"),
        ("context", "D"),
        ("methods", "D"),
    ]
    parts = " || ".join(
        f"setweight(to_tsvector('english', coalesce(\"{c}\", '')), '{w}')"
        for c, w in weights
        if c in columns
    )
    table = Project._meta.db_table
    step = 25_000
    with connection.cursor() as cursor:
        for low in range(start, stop, step):
            cursor.execute(
                f'UPDATE "{table}" SET search_vector = {parts} '  # noqa: S608
                "WHERE id >= %s AND id < %s",
                [low, min(low + step, stop)],
            )


def seed_recommendations(school_ids: list[int]) -> dict:
    """100,000 recommendations through the directory part's own bench seeder."""
    if importlib.util.find_spec("bench.seed_directory") is None:
        return {"recommendations": "not available (bench/seed_directory.py absent)"}
    module = importlib.import_module("bench.seed_directory")
    schools = list(School.objects.filter(pk__in=school_ids).only("pk", "urn", "name"))
    made = module.seed(schools=schools, count=RECOMMENDATIONS)
    return {"recommendations": made}


def dashboard_session() -> dict:
    """A signed-in session for the demo teacher (the dashboard page's visitor)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from partnership.demo import LOGINS

    user = User.objects.get(email=LOGINS[0][1])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 3600)
    session.save()
    return {"session_key": session.session_key, "dashboard_user": user.email}


# Parts with a national-scale seeder of their own (`<app>.bench.seed(scale=...)`):
# the postcode directory, the improvement cycle and events.
PART_SEEDERS = (
    "schools.directory.bench",
    "partnership.improvement.bench",
    "partnership.events.bench",
)


def seed_parts(out: dict, timings: dict) -> None:
    """Each part's own bench seeder; a part's failure is reported, not fatal."""
    for name in PART_SEEDERS:
        try:
            if importlib.util.find_spec(name) is None:
                continue
            with _timed(timings, name):
                out[name] = str(importlib.import_module(name).seed(scale=1))[:200]
        except Exception as exc:  # noqa: BLE001 (a part's change must not stop the bench)
            out[name] = f"not available ({exc.__class__.__name__}: {exc})"
            out["notes"].append(traceback.format_exc(limit=3))


def stage_data() -> None:
    timings: dict = {}
    out: dict = {"timings": timings, "notes": []}
    started = time.monotonic()
    with _timed(timings, "demo data"):
        call_command("seed_demo", stdout=io.StringIO())
    with _timed(timings, "schools and partnerships"), transaction.atomic():
        school_ids = seed_schools()
    with _timed(timings, "teachers"), transaction.atomic():
        pairs = seed_people(school_ids)
    try:
        with _timed(timings, "research projects"), transaction.atomic():
            out["projects"] = seed_projects(pairs)
    except Exception as exc:  # noqa: BLE001 (a part's change must not stop the bench)
        out["projects"] = f"not available ({exc.__class__.__name__}: {exc})"
        out["notes"].append(traceback.format_exc(limit=3))
    try:
        with _timed(timings, "recommendations"):
            out.update(seed_recommendations(school_ids))
    except Exception as exc:  # noqa: BLE001
        out["recommendations"] = f"not available ({exc.__class__.__name__}: {exc})"
        out["notes"].append(traceback.format_exc(limit=3))
    seed_parts(out, timings)
    with _timed(timings, "vacuum and analyze"), connection.cursor() as cursor:
        # Loading writes each big table twice (rows, then their search vectors):
        # compact them as a database loaded once and kept by autovacuum would be,
        # and set the visibility map, before anything is measured.
        tables = set(connection.introspection.table_names(cursor))
        for table in ("schools_recommendation", "research_project", "schools_school"):
            if table in tables:
                cursor.execute(f'VACUUM (FULL, ANALYZE) "{table}"')
        # A plain VACUUM of everything as well: VACUUM FULL leaves the visibility
        # map empty (every index-only scan then visits the heap), and the other
        # tables' GIN indexes keep their pending lists (the rows inserted since the
        # index was made), which each search reads in full. Autovacuum does both on
        # a production database; it may be off on the bench's server.
        cursor.execute("VACUUM ANALYZE")
        # The load's dirty pages written now, not by the checkpointer while the
        # journal compile or the pages are measured.
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError:  # not a superuser (nor pg_checkpoint): carry on
            out["notes"].append("CHECKPOINT refused: the bench's user may not run it")
    out["seconds"] = round(time.monotonic() - started, 1)
    out["schools"] = School.objects.count()
    out["users"] = User.objects.count()
    out.update(dashboard_session())
    sample = School.objects.filter(urn__gte=100_000).order_by("urn").first()
    out["sample_school_urn"] = sample.urn if sample else 990001
    out["sample_near"] = sample.postcode if sample else School.objects.first().postcode
    subject = Subject.objects.filter(name="Reading").first()
    out["subject_id"] = subject.pk if subject else ""
    _print_result("data", out)


def _journal_available() -> str:
    for name in ("journal.models", "journal.services", "journal.compile"):
        if importlib.util.find_spec(name) is None:
            return f"not available ({name} is not in this build)"
    from journal import models

    for name in ("Edition", "Section", "Submission"):
        if not hasattr(models, name):
            return f"not available (journal.models.{name} is missing)"
    return ""


def _edition_articles(edition) -> None:
    """ARTICLES accepted submissions, from real public projects, in six sections."""
    from journal.models import Section, Submission
    from research.models import Project
    from research.snapshots import project_snapshot

    sections = [
        Section.objects.create(edition=edition, title=title, position=n)
        for n, title in enumerate(
            [
                "Reading",
                "Writing",
                "Mathematics",
                "Science",
                "Inclusion",
                "Leadership",
            ]
        )
    ]
    projects = list(
        Project.objects.filter(
            status=Project.Status.COMPLETED,
            visibility=Project.Visibility.PUBLIC,
            slug__startswith="bench-",
        )
        .select_related("school", "lead")
        .order_by("pk")[:ARTICLES]
    )
    long_text = (
        PARAGRAPH.format(what="reading fluency", how="paired reading with older pupils")
        * 12
    )
    submissions = []
    for n, project in enumerate(projects):
        for field in ("context", "intervention", "methods", "findings", "impact"):
            setattr(project, field, long_text)
        snapshot = project_snapshot(project)
        if "rendered" in snapshot or hasattr(project, "rendered"):
            try:
                from research.services import _render

                _render(project)
                snapshot = project_snapshot(project)
            except ImportError:
                pass
        submissions.append(
            Submission(
                edition=edition,
                project=project,
                submitted_by=project.lead,
                status=Submission.Status.ACCEPTED,
                snapshot=snapshot,
                title=project.title,
                slug=f"article-{n}",
                school_urn=project.school.urn,
                section=sections[n % len(sections)],
                position=n,
            )
        )
    Submission.objects.bulk_create(submissions, batch_size=100)


def stage_journal() -> None:
    """A 300-article edition from real projects; compile it and publish it."""
    missing = _journal_available()
    if missing:
        _print_result("journal", {"journal": missing})
        return
    from journal import services as journal_services
    from journal.models import Edition
    from journal.services import compiling as journal_compiling
    from partnership import services as partnership_services
    from partnership.demo import LOGINS

    # The benchmark measures the compile, not email: nothing is queued from here.
    journal_compiling.queue_compile = lambda run_id: None
    partnership_services.notifications._queue = lambda ids: None

    out: dict = {"articles": ARTICLES}
    officer = User.objects.get(email=LOGINS[2][1])
    partnership = officer.officer_of.first()
    year = 2031
    edition = Edition.objects.filter(partnership=partnership, year=year).first()
    if edition is None:
        edition = journal_services.edition_create(
            partnership=partnership,
            year=year,
            title=f"Riverside Teacher Research Journal {year} (benchmark)",
            call_opens=date(year - 1, 1, 10),
            call_closes=date(year - 1, 3, 31),
            by=officer,
        )
    if hasattr(edition, "editors"):
        edition.editors.add(officer)
    if not edition.submissions.exists():
        _edition_articles(edition)
    out["edition_url"] = edition.get_absolute_url()

    # Compile through the journal's own service, as its Celery task would.
    started = time.monotonic()
    try:
        run = journal_services.compile_request(edition=edition, by=officer)
        journal_services.compile_run_execute(run_id=run.pk)
        run.refresh_from_db()
    except Exception as exc:  # noqa: BLE001
        # The journal's own benchmark helper builds and compiles a throwaway edition.
        out["edition_error"] = f"{exc.__class__.__name__}: {exc}"
        if importlib.util.find_spec("journal.bench") is None:
            raise
        from journal.bench import run as journal_bench_run

        measured = journal_bench_run(articles=ARTICLES)
        out.update(
            compile_seconds=measured["seconds"],
            compile_status="succeeded (journal.bench, throwaway edition)",
            pages=measured["pages"],
            peak_rss_mb_main=measured["peak_rss_mib_main"],
            peak_rss_mb_largest_worker=measured["peak_rss_mib_largest_renderer"],
            published="no (see edition_error)",
        )
        _print_result("journal", out)
        return
    out["compile_seconds"] = round(time.monotonic() - started, 1)
    out["compile_status"] = str(getattr(run, "status", "?"))
    for attr in ("pages", "page_count"):
        if hasattr(run, attr):
            out["pages"] = getattr(run, attr)
    out["peak_rss_mb_main"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    out["peak_rss_mb_largest_worker"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    try:
        journal_services.edition_publish(edition=edition, by=officer, run=run)
        out["published"] = True
    except Exception as exc:  # noqa: BLE001
        out["published"] = f"no ({exc.__class__.__name__}: {exc})"
    _print_result("journal", out)


def stage_urls() -> None:
    """Files of >= 1,000 realistic URLs per page for the load generator."""
    from bench import urls

    folder = Path(os.environ.get("BENCH_TMP") or tempfile.gettempdir()) / "urls"
    _print_result("urls", {"pages": urls.write(folder)})


if __name__ == "__main__":
    stage = sys.argv[1] if len(sys.argv) > 1 else "data"
    tempfile.tempdir = os.environ.get("BENCH_TMP") or None
    {"data": stage_data, "journal": stage_journal, "urls": stage_urls}[stage]()
