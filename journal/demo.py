"""Demo data for the journal: last year's edition published (compiled in-process) and
this year's call open, with submissions at each step of review.

Runs after `research.demo`: it uses the completed projects it finds, and writes a
few of its own for the demo schools when there are not enough. Idempotent.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from journal import permissions, services
from journal.models import CompileRun, Edition, Submission
from partnership.demo import LOGINS
from partnership.models import Notification, Partnership
from research.models import Project
from schools.models import School, Staff, User

PARTNERSHIP_SLUG = "riverside-learning-partnership"
TEACHER_PROJECT_SLUG = "questioning-in-year-5-reading"

PAST = [
    (
        "Talk partners and reasoning in Year 4 mathematics",
        "Does structured partner talk improve Year 4 pupils' written reasoning?",
        "Early years and primary",
    ),
    (
        "Phonics catch-up in ten minutes a day",
        "Can short daily catch-up sessions close the gap for Year 1 pupils who did not pass the phonics check?",
        "Early years and primary",
    ),
    (
        "Whole-class feedback in Year 6 writing",
        "Does whole-class feedback save time without lowering the quality of redrafts?",
        "Early years and primary",
    ),
    (
        "Retrieval quizzes in Key Stage 3 science",
        "Do low-stakes weekly quizzes improve retention of Year 8 science content?",
        "Secondary",
    ),
    (
        "Disciplinary reading in GCSE history",
        "Does reading historians' work in class improve Year 10 extended answers?",
        "Secondary",
    ),
    (
        "Worked examples for algebra in Year 9",
        "Do faded worked examples reduce errors in solving linear equations?",
        "Secondary",
    ),
]

CURRENT = [
    (
        "Outdoor learning and talk in the nursery",
        "Does outdoor provision increase the number of extended conversations between children?",
    ),
    (
        "Modelling sentences in Year 2",
        "Does shared sentence modelling improve the range of sentences pupils write?",
    ),
    (
        "Reading for pleasure in Year 7 tutor time",
        "Does a shared class novel in tutor time change how much Year 7 pupils read at home?",
    ),
    (
        "Dual coding in GCSE geography revision",
        "Do dual-coded revision guides help Year 11 pupils recall case studies?",
    ),
]

TEXT = {
    "context": (
        "Our pupils' results in this area had been flat for two years, and our own "
        "observations suggested that the problem started well before the assessments. "
        "We read around the evidence and agreed a small, focused change we could test "
        "in one term.\n\nThe class had 28 pupils, a third of whom are disadvantaged."
    ),
    "intervention": (
        "For six weeks we taught the approach explicitly, modelled it every lesson, and "
        "gave pupils short structured opportunities to practise. We kept everything else "
        "the same, and planned the sessions together so that they were consistent."
    ),
    "methods": (
        "We compared pupils' work before and after the six weeks using a simple rubric, "
        "kept a reflective log after each lesson, and asked a colleague from a partner "
        "school to moderate a sample. Twelve pupils answered a short questionnaire."
    ),
    "findings": (
        "Scores on the rubric rose for most pupils, and the gains were largest for those "
        "who had started lowest. Pupils said the routine helped them know what to do. "
        "The change took less time than we feared once it was established.\n\n"
        "We cannot rule out other explanations: the class was also maturing, and our "
        "own expectations may have risen."
    ),
    "impact": (
        "The approach is now part of our department's planning, and two partner schools "
        "are trying it. Next year we will test it with a second class and a comparison group."
    ),
    "references": (
        "Education Endowment Foundation (2021) Teacher Feedback to Improve Pupil Learning.\n\n"
        "Rosenshine, B. (2012) Principles of Instruction. American Educator, 36(1).\n\n"
        "Alexander, R. (2020) A Dialogic Teaching Companion. Routledge."
    ),
}


def _projects(
    partnership: Partnership, wanted: list[tuple], *, exclude: set[int], stdout
) -> list[Project]:
    """Completed projects for the demo: those research.demo made first, then our own."""
    school_ids = partnership.current_schools().values_list("pk", flat=True)
    found = list(
        Project.objects.filter(
            status=Project.Status.COMPLETED, school_id__in=school_ids
        )
        .exclude(pk__in=exclude)
        .exclude(journal_submissions__isnull=False)
        .exclude(slug=TEACHER_PROJECT_SLUG)
        .select_related("school", "lead")
        .order_by("pk")[: len(wanted)]
    )
    teacher = User.objects.filter(email=LOGINS[0][1]).first()
    schools = list(
        School.objects.filter(pk__in=school_ids, staff__isnull=False, urn__gte=990002)
        .distinct()
        .order_by("urn")
    )
    for index, (title, question, *_rest) in enumerate(wanted[len(found) :]):
        school = schools[(index * 7 + len(exclude)) % len(schools)]
        staff = (
            Staff.objects.filter(school=school, left__isnull=True)
            .exclude(user=teacher)
            .order_by("pk")
            .first()
        )
        project, _ = Project.objects.get_or_create(
            slug=slugify(title)[:200],
            defaults={
                "title": title,
                "research_question": question,
                "school": school,
                "lead": staff.user,
                "status": Project.Status.COMPLETED,
                "visibility": Project.Visibility.PUBLIC,
                "phase": school.get_phase_display(),
                **TEXT,
            },
        )
        found.append(project)
    stdout.write(f"  journal: {len(found)} completed projects for the demo\n")
    return found


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


def _seed_past(partnership, officer, year, stdout) -> None:
    today = timezone.localdate()
    edition = services.edition_create(
        partnership=partnership,
        year=year,
        title=f"Riverside Teacher Research Journal {year}",
        call_opens=today - timedelta(days=30),
        call_closes=today,
        by=officer,
        call_guidance="Reports of completed action research, 1,500 to 2,500 words.",
        foreword=(
            "This journal celebrates teachers across Riverside who asked a question about "
            "their own classrooms and took the time to find out.\n\nEvery report here was "
            "reviewed by a colleague from another school."
        ),
        issn="2754-0001",
    )
    sections = {
        title: services.section_create(edition=edition, title=title, by=officer)
        for title in ("Early years and primary", "Secondary")
    }
    projects = _projects(partnership, PAST, exclude=set(), stdout=stdout)
    placements = []
    accepted = []
    for position, (project, spec) in enumerate(zip(projects, PAST, strict=False)):
        sub, review = _submit_and_review(edition, project, officer)
        services.review_submit(
            review=review,
            by=review.reviewer,
            recommendation="accept",
            comments_for_authors="A clear question, honest about its limits. Well worth sharing.",
            comments_for_editors="Recommend for the award shortlist."
            if position < 2
            else "",
        )
        services.submission_decide(
            submission=sub,
            by=officer,
            outcome="accept",
            letter="We are delighted to accept your report.",
        )
        placements.append((sub.pk, sections[spec[2]].pk, position))
        accepted.append(sub)
    services.assembly_update(edition=edition, by=officer, placements=placements)
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
        citation="A model of classroom enquiry: a sharp question, careful evidence and honest conclusions.",
    )
    stdout.write(
        f"  journal: {year} edition published ({run.pages} pages, {len(accepted)} articles)\n"
    )


def _seed_current(partnership, officer, year, stdout) -> None:
    today = timezone.localdate()
    edition = services.edition_create(
        partnership=partnership,
        year=year,
        title=f"Riverside Teacher Research Journal {year}",
        call_opens=today - timedelta(days=30),
        call_closes=today + timedelta(days=45),
        by=officer,
        call_guidance=(
            "We welcome reports of completed action research from every member school. "
            "Submit a completed project from your research page: its lead submits, and "
            "co-authors confirm. Reports are reviewed by a teacher from another school."
        ),
    )
    done = set(Submission.objects.values_list("project_id", flat=True))
    projects = _projects(partnership, CURRENT, exclude=done, stdout=stdout)
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
            comments_for_authors="Say more about how you chose the comparison class.",
            comments_for_editors="Good; minor changes only.",
        )
    # 3: submitted, waiting for a reviewer.
    if len(projects) > 2:
        _submit(edition, projects[2])
    # The demo teacher has a completed project of her own, ready to submit.
    if teacher is not None:
        riverside = School.objects.filter(staff__user=teacher).first()
        Project.objects.get_or_create(
            slug=TEACHER_PROJECT_SLUG,
            defaults={
                "title": "Better questions in Year 5 guided reading",
                "research_question": "Does planning question stems in advance deepen pupils' answers in guided reading?",
                "school": riverside,
                "lead": teacher,
                "status": Project.Status.COMPLETED,
                "visibility": Project.Visibility.PARTNERSHIP,
                **TEXT,
            },
        )
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
