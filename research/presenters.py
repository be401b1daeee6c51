"""Display helpers for research pages: what a template shows, worked out once."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator

from partnership.kernel.slugs import slug_urls
from research.models import MARKDOWN_FIELDS, PHASES, PROJECT_STATES, Project

WRITING_FIELDS = MARKDOWN_FIELDS

SECTION_TITLES = {
    "context": "Context and rationale",
    "intervention": "What was tried",
    "methods": "Methods and evidence gathered",
    "findings": "Findings",
    "impact": "Impact and next steps",
    "references": "References",
}

STATUS_TAGS = {
    Project.Status.DRAFT: "govuk-tag--grey",
    Project.Status.IN_PROGRESS: "govuk-tag--blue",
    Project.Status.COMPLETED: "govuk-tag--green",
}

MOVE_LABELS = {
    (Project.Status.DRAFT, Project.Status.IN_PROGRESS): "Start the enquiry",
    (Project.Status.IN_PROGRESS, Project.Status.COMPLETED): "Mark as completed",
    (Project.Status.IN_PROGRESS, Project.Status.DRAFT): "Move back to draft",
    (Project.Status.COMPLETED, Project.Status.IN_PROGRESS): "Reopen the enquiry",
}


@dataclass
class Section:
    key: str
    title: str
    html: str


@dataclass
class Move:
    to_status: str
    label: str
    primary: bool


def next_statuses(project: Project) -> list[Move]:
    """The buttons a team member sees: each move the transition table allows."""
    moves = [
        Move(to, MOVE_LABELS.get((project.status, to), to), to != Project.Status.DRAFT)
        for to in PROJECT_STATES.allowed(project.status)
    ]
    return sorted(moves, key=lambda m: not m.primary)


class ProjectPresenter:
    def __init__(self, project: Project):
        self.project = project

    @cached_property
    def sections(self) -> list[Section]:
        return [
            Section(name, SECTION_TITLES[name], self.project.html(name))
            for name in WRITING_FIELDS
            if self.project.html(name)
        ]

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.project.status, "")

    @cached_property
    def subjects(self) -> str:
        return ", ".join(s.name for s in self.project.subjects.all())

    @cached_property
    def team(self):
        return self.project.team()

    @property
    def dates(self) -> str:
        p = self.project
        if p.starts and p.ends:
            return f"{p.starts:%B %Y} to {p.ends:%B %Y}"
        if p.starts:
            return f"From {p.starts:%B %Y}"
        return ""


@dataclass(frozen=True)
class ListRow:
    """One project of the /research/ list, as the row shows it."""

    url: str
    title: str
    meta: str
    question: str
    summary: str
    status: str
    status_tag: str
    phase: str


# What a row of the /research/ list shows, read as plain values: twenty model
# instances with their school, lead and a prefetch cost twice these two queries.
_LIST_COLUMNS = (
    "pk",
    "slug",
    "title",
    "research_question",
    "status",
    "phase",
    "school__name",
    "lead__full_name",
    "findings_html",
)
_STATUSES = dict(Project.Status.choices)
_PHASES = dict(PHASES)


def list_values(projects: QuerySet) -> QuerySet:
    """`projects` (`selectors.project_list`: who may see what) as the values a row
    of the list shows, for a page to slice and `list_rows` to present."""
    return projects.annotate(findings_html=KT("rendered__findings")).values_list(
        *_LIST_COLUMNS
    )


def list_rows(values) -> list[ListRow]:
    """The rows of a page of `list_values`, in its order."""
    values = list(values)
    if not values:
        return []
    subjects = defaultdict(list)
    for project_id, name in (
        Project.subjects.through.objects.filter(project_id__in=[v[0] for v in values])
        .order_by("subject__name")
        .values_list("project_id", "subject__name")
    ):
        subjects[project_id].append(name)
    url_of = slug_urls("research:detail")
    rows = []
    for pk, slug, title, question, status, phase, school, lead, findings in values:
        meta = f"{lead}, {school}"
        if subjects[pk]:
            meta += f" · {', '.join(subjects[pk])}"
        rows.append(
            ListRow(
                url=url_of(slug),
                title=title,
                meta=meta,
                question=question,
                summary=Truncator(strip_tags(findings)).words(35, truncate=" …")
                if findings
                else "",
                status=_STATUSES.get(status, status),
                status_tag=STATUS_TAGS.get(status, "govuk-tag--grey"),
                phase=_PHASES.get(phase, "") if phase else "",
            )
        )
    return rows
