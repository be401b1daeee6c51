"""Display helpers for research pages: what a template shows, worked out once."""

from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator

from research.models import MARKDOWN_FIELDS, PROJECT_STATES, Project

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


def list_rows(projects) -> list[ListRow]:
    """The rows of a page of `selectors.project_list` (its columns, its subjects)."""
    rows = []
    for p in projects:
        meta = f"{p.lead.full_name}, {p.school.name}"
        subjects = ", ".join(s.name for s in p.subjects.all())
        if subjects:
            meta += f" · {subjects}"
        findings = getattr(p, "findings_html", None) or ""
        rows.append(
            ListRow(
                url=p.get_absolute_url(),
                title=p.title,
                meta=meta,
                question=p.research_question,
                summary=Truncator(strip_tags(findings)).words(35, truncate=" …")
                if findings
                else "",
                status=p.get_status_display(),
                status_tag=STATUS_TAGS.get(p.status, "govuk-tag--grey"),
                phase=p.get_phase_display() if p.phase else "",
            )
        )
    return rows
