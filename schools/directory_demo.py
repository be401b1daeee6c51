"""Demo data for the best-practice directory and school-to-school support.

Runs after `partnership.demo` (which makes the 52 schools, URNs 990001..990052, and
their staff). Idempotent: each record is keyed by a stable slug or name, so running
it again changes nothing. Rows are written directly (not through the services) so a
demo seed sends no email; the search index is still maintained by the service.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from schools.directory_services import recommendation_reindex, render_markdown
from schools.models import (
    CaseStudy,
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    Organisation,
    Recommendation,
    School,
    Staff,
    Subject,
    SupportEngagement,
    SupportOffer,
)

K = Organisation.Kind
SK = SupportOffer.Kind

ORGANISATIONS = [
    ("Ofsted", K.INSPECTORATE, "https://www.gov.uk/government/organisations/ofsted"),
    ("The Historical Association", K.SUBJECT_ASSOCIATION, "https://www.history.org.uk"),
    (
        "Association for Science Education",
        K.SUBJECT_ASSOCIATION,
        "https://www.ase.org.uk",
    ),
    (
        "National Association for the Teaching of English",
        K.SUBJECT_ASSOCIATION,
        "https://www.nate.org.uk",
    ),
    ("Riverside Teaching School Hub", K.TEACHING_SCHOOL_HUB, ""),
    ("Thames Gateway Learning Trust", K.ACADEMY_TRUST, ""),
    ("University of Riverside School of Education", K.UNIVERSITY, ""),
    ("National Education Union", K.UNION, "https://neu.org.uk"),
    ("Riverside Council School Improvement Service", K.LOCAL_AUTHORITY, ""),
    (
        "National Centre for Excellence in the Teaching of Mathematics",
        K.NATIONAL_NETWORK,
        "https://www.ncetm.org.uk",
    ),
    ("Chartered College of Teaching", K.NATIONAL_NETWORK, "https://chartered.college"),
]

# (school, organisation, subject or None, name a practitioner?, title, summary,
#  offers [(kind, title, capacity, cost, format)], status)
RECOMMENDATIONS = [
    (
        "Riverside Academy",
        "The Historical Association",
        "History",
        False,
        "Disciplinary thinking in Key Stage 3 history",
        "A history department that teaches pupils to weigh evidence and build "
        "arguments from Year 7, with a sequenced curriculum of enquiry questions and "
        "extended writing that lifted GCSE outcomes three years running.",
        [
            (
                SK.VISIT_COACHING,
                "Visit the history department, then coaching",
                3,
                "0",
                "in-person",
            ),
            (SK.JOINT_PLANNING, "Plan an enquiry sequence together", 4, "0", "blended"),
        ],
        "published",
    ),
    (
        "Kingsmead School",
        "The Historical Association",
        "History",
        True,
        "Local history fieldwork that reaches every pupil",
        "A head of history who built a Year 8 local-history project on the borough's "
        "docks, with the archive service, in which every pupil writes up original "
        "research.",
        [
            (
                SK.TRAINING,
                "Local history fieldwork: a three-session course",
                12,
                "450",
                "in-person",
            )
        ],
        "published",
    ),
    (
        "Riverside Primary School",
        "Ofsted",
        "Reading",
        False,
        "Early reading: phonics that keeps every child on track",
        "An Ofsted best-practice case study of systematic synthetic phonics, daily "
        "keep-up sessions and a reading-for-pleasure culture; 96% of pupils met the "
        "phonics screening standard.",
        [
            (
                SK.VISIT_COACHING,
                "See phonics teaching, then six weeks of coaching",
                2,
                "0",
                "in-person",
            ),
            (
                SK.PEER_REVIEW,
                "Peer review of your early reading",
                3,
                "300",
                "in-person",
            ),
        ],
        "published",
    ),
    (
        "St Mary's Church of England Primary School",
        "National Centre for Excellence in the Teaching of Mathematics",
        "Mathematics",
        True,
        "Teaching for mastery in Years 1 to 6",
        "A mastery specialist teacher leading whole-school mathematics: small steps, "
        "concrete and pictorial representations, and same-day intervention.",
        [
            (SK.JOINT_PLANNING, "Co-plan a mastery unit", 4, "0", "online"),
            (SK.TRAINING, "Mastery work group (six sessions)", 8, "0", "blended"),
        ],
        "published",
    ),
    (
        "Oakwood Academy",
        "Association for Science Education",
        "Science",
        False,
        "Practical science that builds understanding",
        "A science department whose required practicals are planned around the "
        "ideas pupils find hardest, with short retrieval quizzes after each.",
        [
            (
                SK.SECONDMENT,
                "Two-day job-swap for a science teacher",
                1,
                "0",
                "in-person",
            )
        ],
        "published",
    ),
    (
        "Hillside High School",
        "Riverside Teaching School Hub",
        "Mathematics",
        False,
        "Closing the gap in Key Stage 4 mathematics",
        "A mathematics department that halved the gap between disadvantaged pupils "
        "and their peers with diagnostic questions and targeted tutoring.",
        [(SK.MODERATION, "Joint moderation of mock papers", 5, "0", "in-person")],
        "published",
    ),
    (
        "Oakfield Primary School",
        "Riverside Council School Improvement Service",
        "Writing",
        False,
        "Writing across the curriculum",
        "A primary school where pupils write at length in history, geography and "
        "science, assessed with comparative judgement and moderated across schools.",
        [
            (
                SK.MODERATION,
                "Writing moderation meetings each term",
                6,
                "0",
                "in-person",
            ),
            (SK.TRAINING, "Comparative judgement in writing", 10, "150", "online"),
        ],
        "published",
    ),
    (
        "Rainbow Bridge Special School",
        "Chartered College of Teaching",
        "Special educational needs",
        False,
        "Communication-rich classrooms for pupils with autism",
        "A special school whose visual timetables, communication boards and calm "
        "spaces other schools have adopted with its outreach team.",
        [
            (
                SK.VISIT_COACHING,
                "Outreach visit and follow-up coaching",
                4,
                "0",
                "in-person",
            )
        ],
        "published",
    ),
    (
        "Brookside Nursery School",
        "University of Riverside School of Education",
        "Early years",
        False,
        "Talk-rich early years provision",
        "A nursery school researching with the university how adults extend "
        "children's talk through play, with video-based coaching.",
        [(SK.TRAINING, "Early talk: a four-session programme", 15, "200", "blended")],
        "published",
    ),
    (
        "Westbrook High School",
        "The Historical Association",
        "History",
        False,
        "Teaching migration history with local sources",
        "A history department using the borough's migration records to teach "
        "source analysis at GCSE.",
        [(SK.JOINT_PLANNING, "Share and plan a migration unit", 3, "0", "online")],
        "published",
    ),
    (
        "Greenfield Community College",
        "Thames Gateway Learning Trust",
        None,
        False,
        "Whole-school behaviour and attendance turnaround",
        "A secondary school that improved attendance by 4 points in two years with "
        "clear routines, mentoring and family liaison.",
        [
            (
                SK.PEER_REVIEW,
                "Behaviour and attendance peer review",
                2,
                "800",
                "in-person",
            )
        ],
        "published",
    ),
    (
        "Thames View Sixth Form College",
        "National Education Union",
        "English",
        True,
        "A-level English with a research-informed workload policy",
        "An English lead who cut marking workload with whole-class feedback while "
        "improving A-level outcomes.",
        [(SK.TRAINING, "Whole-class feedback that works", 20, "0", "online")],
        "published",
    ),
    (
        "Meadowbank Junior School",
        "Ofsted",
        "Music",
        False,
        "Every child an instrumentalist",
        "A junior school where every pupil learns an instrument for two years, with "
        "the music hub, and performs each term.",
        [
            (
                SK.VISIT_COACHING,
                "Visit a whole-class instrumental lesson",
                5,
                "0",
                "in-person",
            )
        ],
        "draft",
    ),
    (
        "Lakeside Academy",
        "Association for Science Education",
        "Physics",
        False,
        "Physics taught by non-specialists, well",
        "A department supporting non-specialist teachers of physics with shared "
        "lesson resources and coaching.",
        [(SK.TRAINING, "Physics for non-specialists", 10, "250", "blended")],
        "withdrawn",
    ),
]

# (supporting school, offer title, requesting school, status, goals, measures)
ENGAGEMENTS = [
    (
        "Riverside Academy",
        "Visit the history department, then coaching",
        "Westbrook High School",
        "completed",
        "Raise the quality of extended writing in Year 9 history.",
        [("Year 9 essays at the expected standard", "%", "38", "60", "64")],
    ),
    (
        "Riverside Primary School",
        "See phonics teaching, then six weeks of coaching",
        "Oakfield Primary School",
        "active",
        "Every Year 1 pupil on track in phonics by the spring term.",
        [("Year 1 pupils on track in phonics", "%", "71", "90", None)],
    ),
    (
        "Riverside Primary School",
        "Peer review of your early reading",
        "Hillcrest Primary School",
        "requested",
        "An outside view of our early reading before our inspection.",
        [],
    ),
    (
        "St Mary's Church of England Primary School",
        "Co-plan a mastery unit",
        "Riverside Primary School",
        "agreed",
        "Plan a Year 4 fractions unit in the mastery style and try it this term.",
        [("Year 4 end-of-unit assessment score", "%", "58", "75", None)],
    ),
    (
        "Oakwood Academy",
        "Two-day job-swap for a science teacher",
        "Castle Park Academy",
        "declined",
        "Give our early-career science teacher experience of another department.",
        [],
    ),
    (
        "Oakfield Primary School",
        "Writing moderation meetings each term",
        "Riverside Primary School",
        "completed",
        "Moderate Year 6 writing judgements with another school.",
        [
            ("Judgements agreed at moderation", "%", "70", "90", "92"),
            ("Year 6 writing at the expected standard", "%", "64", "72", "70"),
        ],
    ),
]


def _school(name: str) -> School | None:
    return School.objects.filter(name=name, urn__gte=990001, urn__lte=990052).first()


def _head(school: School):
    staff = (
        Staff.objects.filter(
            school=school, role=Staff.Role.HEADTEACHER, left__isnull=True
        )
        .select_related("user")
        .first()
    )
    return staff.user if staff else None


def _teacher(school: School):
    staff = (
        Staff.objects.filter(school=school, role=Staff.Role.TEACHER, left__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return staff.user if staff else None


def _case_study_body(rec_title: str, school: School, subject: str | None) -> str:
    area = subject.lower() if subject else "the whole school"
    return (
        f"## What {school.name} did\n\n"
        f"Leaders looked hard at {area} and started with the pupils who were "
        "furthest behind. Teachers planned together each week and tried one change "
        "at a time.\n\n"
        "## What changed\n\n"
        "- Teachers share a short plan for each sequence of lessons.\n"
        "- Pupils' work is looked at together, every half term.\n"
        "- Leaders visit lessons to learn, not to judge.\n\n"
        "## What others can take from it\n\n"
        f"Start small, measure what matters, and read the evidence behind "
        f"“{rec_title}” on the [Education Endowment Foundation](https://educationendowmentfoundation.org.uk) site."
    )


@transaction.atomic
def seed(*, stdout) -> None:
    officer = None
    from partnership.models import Partnership

    partnership = Partnership.objects.filter(
        slug="riverside-learning-partnership"
    ).first()
    if partnership:
        officer = partnership.officers.order_by("pk").first()
    orgs = {}
    for name, kind, website in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "slug": name.lower().replace(" ", "-").replace("'", ""),
                "kind": kind,
                "website": website,
            },
        )
    today = timezone.localdate()
    made = 0
    for n, (
        school_name,
        org,
        subject_name,
        named,
        title,
        summary,
        offers,
        status,
    ) in enumerate(RECOMMENDATIONS):
        school = _school(school_name)
        if school is None:
            continue
        subject = (
            Subject.objects.filter(name=subject_name).first() if subject_name else None
        )
        practitioner = _teacher(school) if named else None
        slug = f"{school.urn}-{title.lower()}"[:200]
        slug = "".join(c if c.isalnum() else "-" for c in slug).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        level = (
            Recommendation.Level.PRACTITIONER
            if practitioner
            else Recommendation.Level.DEPARTMENT
            if subject
            else Recommendation.Level.SCHOOL
        )
        recommended_on = date(2025, 3, 1) + timedelta(days=23 * n)
        rec, created = Recommendation.objects.get_or_create(
            slug=slug,
            defaults={
                "organisation": orgs[org],
                "school": school,
                "level": level,
                "subject": subject,
                "practitioner": practitioner,
                "practitioner_name": practitioner.full_name if practitioner else "",
                "practitioner_consent_on": recommended_on if practitioner else None,
                "title": title,
                "summary": summary,
                "evidence_url": orgs[org].website,
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
            continue
        made += 1
        body = _case_study_body(title, school, subject_name)
        CaseStudy.objects.create(
            recommendation=rec,
            title=f"Case study: {title}",
            body=body,
            body_html=render_markdown(body),
            created_by=officer,
        )
        head = _head(school)
        for kind, offer_title, capacity, cost, fmt in offers:
            SupportOffer.objects.create(
                recommendation=rec,
                kind=kind,
                title=offer_title,
                description=f"{school.name} offers this to schools in and beyond the partnership.",
                capacity=capacity,
                cost=Decimal(cost),
                cost_note=""
                if cost == "0"
                else "per school, commissioned through the hub",
                format=fmt,
                contact_name=head.full_name if head else "The school office",
                contact_email=head.email if head else f"office@{school.domains[0]}",
            )
        recommendation_reindex(recommendation=rec)
    engaged = _seed_engagements(today)
    stdout.write(
        f"  directory: {Organisation.objects.count()} organisations, "
        f"{made} new recommendations, {engaged} new support engagements\n"
    )


def _seed_engagements(today) -> int:
    made = 0
    order = ["requested", "agreed", "active", "completed"]
    for (
        supporting_name,
        offer_title,
        requesting_name,
        status,
        goals,
        measures,
    ) in ENGAGEMENTS:
        supporting, requesting = _school(supporting_name), _school(requesting_name)
        if not (supporting and requesting):
            continue
        offer = SupportOffer.objects.filter(
            recommendation__school=supporting, title=offer_title
        ).first()
        head, their_head = _head(requesting), _head(supporting)
        if offer is None or head is None or their_head is None:
            continue
        if SupportEngagement.objects.filter(
            offer=offer, requesting_school=requesting
        ).exists():
            continue
        eng = SupportEngagement.objects.create(
            offer=offer,
            requesting_school=requesting,
            supporting_school=supporting,
            requested_by=head,
            goals=goals,
            status=status,
            decline_reason="Our science team is fully committed this term; please ask again in September."
            if status == "declined"
            else "",
            completed_on=today - timedelta(days=30) if status == "completed" else None,
            supporting_evaluation="A committed partner school; the teachers took every idea and adapted it well."
            if status == "completed"
            else "",
            requesting_evaluation="The coaching changed how our team plans; the results speak for themselves."
            if status == "completed"
            else "",
        )
        at = timezone.now() - timedelta(days=120)
        SupportEngagement.objects.filter(pk=eng.pk).update(created=at)
        steps = (
            ["requested", "declined"]
            if status == "declined"
            else order[: order.index(status) + 1]
        )
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
        for name, unit, baseline, target, outcome in measures:
            ImpactMeasure.objects.create(
                engagement=eng,
                name=name,
                unit=unit,
                baseline=Decimal(baseline),
                target=Decimal(target),
                outcome=Decimal(outcome) if outcome else None,
            )
        if status in ("active", "completed"):
            for weeks in (10, 6, 2):
                Meeting.objects.create(
                    engagement=eng,
                    held_on=today
                    - timedelta(weeks=weeks + (8 if status == "completed" else 0)),
                    notes="Observed lessons together and agreed the next step for each teacher.",
                    recorded_by=their_head,
                )
        made += 1
    return made
