"""A frozen copy of a project, for the journal: later edits never change it."""

from research.models import MARKDOWN_FIELDS, Project

SNAPSHOT_FIELDS = [
    "title",
    "research_question",
    "phase",
    "key_stages",
    "year_groups",
    "tags",
    "context",
    "intervention",
    "methods",
    "findings",
    "impact",
    "references",
]


def project_snapshot(project: Project) -> dict:
    """Everything a journal article needs from a project, as plain JSON-able data."""
    data = {name: getattr(project, name) for name in SNAPSHOT_FIELDS}
    data["project_id"] = project.pk
    data["slug"] = project.slug
    data["school"] = {"urn": project.school.urn, "name": project.school.name}
    data["subjects"] = [s.name for s in project.subjects.all()]
    data["authors"] = [
        {"id": person.pk, "name": person.full_name, "email": person.email}
        for person in project.team()
    ]
    data["starts"] = project.starts.isoformat() if project.starts else None
    data["ends"] = project.ends.isoformat() if project.ends else None
    # The sanitised HTML of each Markdown field, as the project page shows it.
    data["html"] = {name: project.html(name) for name in MARKDOWN_FIELDS}
    data["status"] = project.status
    return data
