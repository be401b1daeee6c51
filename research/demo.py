"""Demo research projects: a few dozen enquiries across the demo schools.

The content is data, in `demo.toml` beside this file; this is its short loader.
Idempotent: a project is recognised by its title (its slug) and left alone once it
exists. Projects go through the services, so their HTML, search document and status
history are real; collaborators and feedback are written directly so that seeding
sends no email.
"""

import tomllib
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from partnership.writing import render_markdown
from research import services
from research.models import Collaborator, Feedback, Project
from schools.models import School, Staff, Subject, User

DEMO_TEACHER = "teacher@riverside-primary.example"
DATA = Path(__file__).with_name("demo.toml")
S = Project.Status
V = Project.Visibility
# The project fields copied from the data file as they are.
FIELDS = ("phase", "key_stages", "year_groups", "tags", "starts", "ends")
WRITING = ("context", "intervention", "methods", "findings", "impact", "references")


@cache
def content() -> dict:
    """The demo content: projects, collaborations, feedback and cycle logs."""
    with DATA.open("rb") as f:
        return tomllib.load(f)


def _lead_for(school: School, preferred: str | None) -> User | None:
    if preferred:
        return User.objects.filter(email=preferred).first()
    staff = (
        Staff.objects.filter(school=school, left__isnull=True, role=Staff.Role.TEACHER)
        .select_related("user")
        .order_by("id")
        .first()
    ) or Staff.objects.filter(school=school, left__isnull=True).order_by("id").first()
    return staff.user if staff else None


def _move_to(project: Project, status: str, lead: User) -> Project:
    path = {
        S.DRAFT: [],
        S.IN_PROGRESS: [S.IN_PROGRESS],
        S.COMPLETED: [S.IN_PROGRESS, S.COMPLETED],
    }[status]
    for to in path:
        project = services.project_set_status(project=project, to_status=to, by=lead)
    return project


def _seed_project(spec: dict) -> Project | None:
    slug = slugify(spec["title"])
    existing = Project.objects.filter(slug=slug).first()
    if existing:
        return existing
    school = School.objects.filter(name=spec["school"]).first()
    if school is None:
        return None
    lead = _lead_for(school, spec.get("lead"))
    if lead is None:
        return None
    data = {
        "title": spec["title"],
        "research_question": spec["question"],
        "visibility": spec["visibility"],
        **{name: spec.get(name) for name in ("starts", "ends")},
        **{name: spec.get(name, "") for name in FIELDS[:4] + WRITING},
    }
    subjects = Subject.objects.filter(name__in=spec.get("subjects", []))
    project = services.project_create(
        lead=lead, school=school, data=data, subjects=subjects
    )
    starts = spec.get("starts") or timezone.localdate()
    log = content()["log" if spec.get("lead") else "generic_log"]
    if spec["status"] == S.IN_PROGRESS:
        log = log[:2]
    if spec["status"] != S.DRAFT:
        for entry in log:
            services.log_entry_add(
                project=project,
                author=lead,
                kind=entry["kind"],
                on=starts + timedelta(days=entry["day"]),
                body=entry["body"],
            )
    return _move_to(project, spec["status"], lead)


def _seed_team() -> None:
    for row in content()["collaborations"]:
        title, school_name, accepted = row["project"], row["school"], row["accepted"]
        project = Project.objects.filter(slug=slugify(title)).first()
        school = School.objects.filter(name=school_name).first()
        if project is None or school is None:
            continue
        if school_name == "Riverside Primary School":
            person = User.objects.filter(email=DEMO_TEACHER).first()
        else:
            person = _lead_for(school, None)
        if person is None or person.pk == project.lead_id:
            continue
        Collaborator.objects.get_or_create(
            project=project,
            user=person,
            defaults={
                "school": school,
                "invited_by": project.lead,
                "accepted": timezone.now() if accepted else None,
            },
        )


def _seed_feedback() -> None:
    for row in content()["feedback"]:
        title, email, body = row["project"], row["author"], row["body"]
        project = Project.objects.filter(slug=slugify(title)).first()
        author = User.objects.filter(email=email).first()
        if project is None or author is None:
            continue
        Feedback.objects.get_or_create(
            project=project,
            author=author,
            defaults={"body": body, "body_html": render_markdown(body)},
        )


def seed(*, stdout) -> None:
    before = Project.objects.count()
    for spec in content()["projects"]:
        _seed_project(spec)
    _seed_team()
    _seed_feedback()
    made = Project.objects.count() - before
    stdout.write(
        f"  research: {Project.objects.count()} projects ({made} new), "
        f"{Project.objects.filter(visibility=V.PUBLIC).count()} public\n"
    )
