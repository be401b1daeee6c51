"""Demo data for the journal: last year's edition published (compiled in-process) and
this year's call open, with submissions at each step of review.

The content is data, in `demo.toml` beside this file; this is its loader. Runs after
`research.demo`: it uses the completed projects it finds, and writes a few of its own
for the demo schools when there are not enough. Idempotent. The notifications it
causes start read.
"""

import tomllib
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from journal import permissions, services
from journal.models import CompileRun, Edition, Submission
from partnership.demo import LOGINS
from partnership.models import Notification, Partnership
from research.models import Project
from schools.models import School, Staff, User

PARTNERSHIP_SLUG = "riverside-learning-partnership"
DATA = Path(__file__).with_name("demo.toml")


@cache
def content() -> dict:
    with DATA.open("rb") as f:
        return tomllib.load(f)


def _projects(
    partnership: Partnership, wanted: list[dict], *, exclude: set[int], stdout
) -> list[Project]:
    """Completed projects for the demo: those research.demo made first, then our own."""
    school_ids = partnership.current_schools().values_list("pk", flat=True)
    found = list(
        Project.objects.filter(
            status=Project.Status.COMPLETED, school_id__in=school_ids
        )
        .exclude(pk__in=exclude)
        .exclude(journal_submissions__isnull=False)
        .exclude(slug=content()["teacher_project"]["slug"])
        .select_related("school", "lead")
        .order_by("pk")[: len(wanted)]
    )
    schools = list(
        School.objects.filter(pk__in=school_ids, staff__isnull=False, urn__gte=990002)
        .distinct()
        .order_by("urn")
    )
    for index, spec in enumerate(wanted[len(found) :]):
        # A school of the phase the article is written for, when there is one.
        fitting = [s for s in schools if _section_of(s, spec) == spec.get("section")]
        pool = fitting or schools
        school = pool[(index * 7 + len(exclude)) % len(pool)]
        found.append(_own_project(spec, school))
    stdout.write(f"  journal: {len(found)} completed projects for the demo\n")
    return found


def _section_of(school: School, spec: dict) -> str:
    """The section an article from this school sits in: by the school's phase."""
    by_phase = content()["past"].get("phase_sections", {})
    return by_phase.get(school.phase, spec.get("section", ""))


def _own_project(spec: dict, school: School) -> Project:
    """A completed public project written for the demo, led by the school's staff."""
    teacher = User.objects.filter(email=LOGINS[0][1]).first()
    staff = (
        Staff.objects.filter(school=school, left__isnull=True)
        .exclude(user=teacher)
        .order_by("pk")
        .first()
    )
    project, _ = Project.objects.get_or_create(
        slug=slugify(spec["title"])[:200],
        defaults={
            "title": spec["title"],
            "research_question": spec["question"],
            "school": school,
            "lead": staff.user,
            "status": Project.Status.COMPLETED,
            "visibility": Project.Visibility.PUBLIC,
            "phase": school.get_phase_display(),
            **content()["text"],
        },
    )
    return project


def _reviewer_for(submission: Submission, *, avoid: set[int]) -> User:
    """A teacher from another demo school, a different one for each submission."""
    school_id = submission.project.school_id
    candidates = (
        User.objects.filter(
            staff_roles__left__isnull=True, staff_roles__school__urn__gte=990001
        )
        .exclude(staff_roles__school_id=school_id)
        .exclude(pk__in=avoid)
        .exclude(email=LOGINS[0][1])
        .exclude(pk=submission.project.lead_id)
        .order_by("pk")
    )
    total = candidates.count()
    for step in range(min(total, 40)):
        person = candidates[(submission.pk * 5 + step) % total]
        if not permissions.reviewer_conflict(submission=submission, reviewer=person):
            return person
    return candidates.first()


def _submit(edition, project) -> Submission:
    """Submit as the lead, and have every co-author confirm."""
    sub = services.submission_create(edition=edition, project=project, by=project.lead)
    for author in sub.authors.filter(confirmed__isnull=True).select_related("user"):
        services.submission_confirm_authorship(submission=sub, by=author.user)
    sub.refresh_from_db()
    return sub


def _submit_and_review(
    edition, project, officer, *, reviewer=None
) -> tuple[Submission, object]:
    sub = _submit(edition, project)
    if reviewer is None or permissions.reviewer_conflict(
        submission=sub, reviewer=reviewer
    ):
        reviewer = _reviewer_for(sub, avoid={officer.pk})
    review = services.review_invite(submission=sub, reviewer=reviewer, by=officer)
    return sub, review


def _past_edition(partnership, officer, year) -> Edition:
    today = timezone.localdate()
    past = content()["past"]
    return services.edition_create(
        partnership=partnership,
        year=year,
        title=past["title"].format(year=year),
        call_opens=today - timedelta(days=30),
        call_closes=today,
        by=officer,
        call_guidance=past["call_guidance"],
        foreword=past["foreword"],
        issn=past["issn"],
    )


def _accept_past(edition, officer, stdout) -> list[Submission]:
    """Each of last year's articles reviewed, accepted and placed in its section."""
    past = content()["past"]
    sections = {
        title: services.section_create(edition=edition, title=title, by=officer)
        for title in past["sections"]
    }
    wanted = content()["past_articles"]
    projects = _projects(edition.partnership, wanted, exclude=set(), stdout=stdout)
    placements, accepted = [], []
    for position, (project, spec) in enumerate(zip(projects, wanted, strict=False)):
        sub, review = _submit_and_review(edition, project, officer)
        services.review_submit(
            review=review,
            by=review.reviewer,
            recommendation="accept",
            comments_for_authors=past["review_for_authors"],
            comments_for_editors=past["review_for_editors"] if position < 2 else "",
        )
        services.submission_decide(
            submission=sub, by=officer, outcome="accept", letter=past["letter"]
        )
        section = sections[_section_of(project.school, spec)]
        placements.append((sub.pk, section.pk, position))
        accepted.append(sub)
    services.assembly_update(edition=edition, by=officer, placements=placements)
    return accepted


def _seed_past(partnership, officer, year, stdout) -> None:
    today = timezone.localdate()
    edition = _past_edition(partnership, officer, year)
    accepted = _accept_past(edition, officer, stdout)
    run = services.compile_request(edition=edition, by=officer)
    run = services.compile_run_execute(run_id=run.pk) or run
    run.refresh_from_db()
    if run.status != CompileRun.Status.SUCCEEDED:
        stdout.write(f"  journal: the {year} compile failed: {run.error}\n")
        return
    services.edition_publish(edition=edition, by=officer, announce=False)
    services.edition_update(
        edition=Edition.objects.get(pk=edition.pk),
        by=officer,
        call_opens=today.replace(year=year, month=1, day=10),
        call_closes=today.replace(year=year, month=3, day=31),
    )
    for sub in accepted[:2]:
        services.award_shortlist(submission=sub, by=officer)
    services.award_choose_winner(
        edition=edition,
        submission=accepted[0],
        by=officer,
        citation=content()["past"]["citation"],
    )
    stdout.write(
        f"  journal: {year} edition published ({run.pages} pages, {len(accepted)} articles)\n"
    )


def _teacher_project(teacher: User) -> None:
    """The demo teacher has a completed project of her own, ready to submit."""
    mine = content()["teacher_project"]
    riverside = School.objects.filter(staff__user=teacher).first()
    Project.objects.get_or_create(
        slug=mine["slug"],
        defaults={
            "title": mine["title"],
            "research_question": mine["question"],
            "school": riverside,
            "lead": teacher,
            "status": Project.Status.COMPLETED,
            "visibility": Project.Visibility.PARTNERSHIP,
            **content()["text"],
        },
    )


def _seed_current(partnership, officer, year, stdout) -> None:
    today = timezone.localdate()
    current = content()["current"]
    edition = services.edition_create(
        partnership=partnership,
        year=year,
        title=current["title"].format(year=year),
        call_opens=today - timedelta(days=30),
        call_closes=today + timedelta(days=45),
        by=officer,
        call_guidance=current["call_guidance"],
    )
    done = set(Submission.objects.values_list("project_id", flat=True))
    wanted = content()["current_submissions"]
    projects = _projects(partnership, wanted, exclude=done, stdout=stdout)
    teacher = User.objects.filter(email=LOGINS[0][1]).first()
    # 1: under review, with the demo teacher as the reviewer (a review she owes).
    if len(projects) > 0:
        _submit_and_review(edition, projects[0], officer, reviewer=teacher)
    # 2: a review received, waiting for the editors' decision.
    if len(projects) > 1:
        _sub, review = _submit_and_review(edition, projects[1], officer)
        services.review_submit(
            review=review,
            by=review.reviewer,
            recommendation="minor",
            comments_for_authors=current["review_for_authors"],
            comments_for_editors=current["review_for_editors"],
        )
    # 3: submitted, waiting for a reviewer.
    if len(projects) > 2:
        _submit(edition, projects[2])
    if teacher is not None:
        _teacher_project(teacher)
    stdout.write(f"  journal: {year} call open with submissions under review\n")


def seed(*, stdout) -> None:
    partnership = Partnership.objects.filter(slug=PARTNERSHIP_SLUG).first()
    officer = User.objects.filter(email=LOGINS[2][1]).first()
    if partnership is None or officer is None:
        stdout.write("  journal: no demo partnership; skipped\n")
        return
    year = timezone.localdate().year
    if not Edition.objects.filter(partnership=partnership, year=year - 1).exists():
        _seed_past(partnership, officer, year - 1, stdout)
    if not Edition.objects.filter(partnership=partnership, year=year).exists():
        _seed_current(partnership, officer, year, stdout)
    # The demo's journal history has been read: the portal opens with no backlog of
    # unread journal notifications (what is owed still shows on the dashboard).
    Notification.objects.filter(
        event_key__startswith="journal-", read_at__isnull=True
    ).update(read_at=timezone.now())
