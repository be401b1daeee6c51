"""Services of the research app: every function that changes a project's state."""

from contextlib import contextmanager
from datetime import date

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.slugs import unique_slug
from partnership.models import Notification
from partnership.services import notify, notify_many
from partnership.uploads import EVIDENCE_KINDS, check_upload
from partnership.writing import render_markdown
from research import permissions, selectors
from research.models import (
    MARKDOWN_FIELDS,
    PROJECT_STATES,
    Collaborator,
    Evidence,
    Feedback,
    LogEntry,
    Project,
    StatusChange,
)
from schools.models import School, User

# The fields a team member may set through the project form (not status or owner).
EDITABLE_FIELDS = (
    "title",
    "research_question",
    "phase",
    "key_stages",
    "year_groups",
    "tags",
    "starts",
    "ends",
    "visibility",
    *MARKDOWN_FIELDS,
)


def _require_team(project: Project, user: User) -> None:
    if not permissions.may_edit(user, project):
        raise NotAllowed("Only the project team can do this.")


def _normalise_tags(text: str) -> str:
    seen: list[str] = []
    for raw in text.replace(";", ",").split(","):
        tag = " ".join(raw.split()).lower()
        if tag and tag not in seen:
            seen.append(tag)
    return ", ".join(seen)


# Slugs that are pages of /research/ itself.
RESERVED_SLUGS = frozenset({"new"})


def _render(project: Project) -> None:
    project.rendered = {
        name: render_markdown(getattr(project, name)) for name in MARKDOWN_FIELDS
    }


def project_search_vector():
    """A project's weighted search document, its subjects' names included (an
    expression over the row, so one UPDATE can write it for any set of projects)."""
    subjects = (
        Project.subjects.through.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(names=StringAgg("subject__name", delimiter=" "))
        .values("names")
    )
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("research_question", weight="A", config="english")
        + SearchVector("tags", weight="B", config="english")
        + SearchVector(
            Coalesce(Subquery(subjects), Value(""), output_field=TextField()),
            weight="B",
            config="english",
        )
        + SearchVector("findings", weight="B", config="english")
        + SearchVector("impact", weight="C", config="english")
        + SearchVector("intervention", weight="C", config="english")
        + SearchVector("context", weight="D", config="english")
        + SearchVector("methods", weight="D", config="english")
    )


def project_search_index(*, project: Project) -> None:
    """Store the project's weighted search document (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    Project.objects.filter(pk=project.pk).update(search_vector=project_search_vector())


def projects_search_reindex(*, ids) -> int:
    """The search documents of these projects written afresh (after a subject they
    name is renamed), in one statement; running it again changes nothing."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic():
        return Project.objects.filter(pk__in=list(ids)).update(
            search_vector=project_search_vector()
        )


def project_subjects_changed(
    sender, instance, action, reverse, pk_set, **kwargs
) -> None:
    """A project's subjects changed, by a service, the admin or from the subject's
    side (m2m_changed of Project.subjects): the row's `subject_ids`, which the
    subject filter reads, follows in the same transaction."""
    if action == "pre_clear" and reverse:
        # A subject cleared of its projects: which ones is known only before.
        instance._cleared_projects = list(
            instance.projects.values_list("pk", flat=True)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        project_ids = [instance.pk]
    elif action == "post_clear":
        project_ids = instance.__dict__.pop("_cleared_projects", [])
    else:
        project_ids = list(pk_set or ())
    subjects: dict[int, list[str]] = {pk: [] for pk in project_ids}
    links = Project.subjects.through.objects.filter(project_id__in=project_ids)
    for project_id, subject_id in links.order_by("subject_id").values_list(
        "project_id", "subject_id"
    ):
        subjects[project_id].append(str(subject_id))
    for project_id, ids in subjects.items():
        text = f",{','.join(ids)}," if ids else ""
        Project.objects.filter(pk=project_id).update(subject_ids=text)
        if not reverse:
            instance.subject_ids = text  # the caller's copy, as stored


def subject_renamed(subject) -> None:
    """A subject renamed (post_save, via `when_renamed`): once the change commits,
    a task rewrites the search documents of the projects that name it."""
    if connection.vendor != "postgresql" or not subject.projects.exists():
        return
    from research.tasks import projects_reindex_task

    pk = subject.pk
    transaction.on_commit(lambda: projects_reindex_task.delay(subject_id=pk))


def _apply(project: Project, data: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    project.tags = _normalise_tags(project.tags)
    _render(project)
    project.full_clean(exclude=["slug", "lead", "school"])


def project_create(*, lead: User, school: School, data: dict, subjects=()) -> Project:
    """A teacher starts a project at a school where they work; it begins as a draft."""
    if not permissions.may_start_at(lead, school):
        raise NotAllowed("You can only start a project at a school you work at.")
    try:
        return _project_create(lead=lead, school=school, data=data, subjects=subjects)
    except IntegrityError:
        # Someone took the same slug at the same moment: once more, with the next one.
        return _project_create(lead=lead, school=school, data=data, subjects=subjects)


def _project_create(*, lead: User, school: School, data: dict, subjects) -> Project:
    with transaction.atomic(durable=True):
        project = Project(lead=lead, school=school, status=Project.Status.DRAFT)
        _apply(project, data)
        project.slug = unique_slug(
            Project,
            project.title,
            reserved=RESERVED_SLUGS,
            max_length=208,
            fallback="project",
        )
        project.save()
        project.subjects.set(subjects)
        StatusChange.record(
            subject=project, by=lead, from_status="", to_status=project.status
        )
        project_search_index(project=project)
    return project


def project_update(
    *, project: Project, updated_by: User, data: dict, subjects=None
) -> Project:
    """The team edits a project's writing and details; the slug never changes."""
    _require_team(project, updated_by)
    with transaction.atomic(durable=True):
        project = Project.objects.select_for_update().get(pk=project.pk)
        _apply(project, data)
        project.save()
        if subjects is not None:
            project.subjects.set(subjects)
        project_search_index(project=project)
    return project


def project_set_status(*, project: Project, to_status: str, by: User) -> Project:
    """Move a project along PROJECT_STATES (draft, in progress, completed and back)."""
    _require_team(project, by)
    with transaction.atomic(durable=True):
        project = Project.objects.select_for_update().get(pk=project.pk)
        PROJECT_STATES.move(
            project,
            to=to_status,
            by=by,
            history=StatusChange,
            update_fields=["updated"],
        )
    return project


def collaborator_invite(
    *, project: Project, email: str, invited_by: User
) -> Collaborator | None:
    """The team invites a colleague from any member school, by email; they must
    accept. The team learns nothing about the address: whether it belongs to anyone
    (or who) is only shown once that person accepts. None when no one is invited."""
    _require_team(project, invited_by)
    invitee = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    school = selectors.member_school_of(user=invitee) if invitee else None
    if (
        invitee is None
        or school is None
        or invitee.pk == project.lead_id
        or project.collaborators.filter(user=invitee).exists()
    ):
        return None
    with transaction.atomic(durable=True):
        collaborator = Collaborator.objects.create(
            project=project, user=invitee, school=school, invited_by=invited_by
        )
        notify(
            recipient=invitee,
            kind=Notification.Kind.RESEARCH,
            subject=f"{invited_by} invited you to join a research project",
            body=(
                f"{invited_by} has invited you to join the action research project "
                f"\u201c{project.title}\u201d.\n\nAccept or decline from the project page "
                "or your dashboard."
            ),
            url=project.get_absolute_url(),
            event_key=f"research-invite:{collaborator.pk}",
        )
    return collaborator


def collaborator_accept(*, collaborator: Collaborator, user: User) -> Collaborator:
    """Only the invited person accepts; they join the team and may edit."""
    if not permissions.may_answer(user, collaborator):
        raise NotAllowed("This invitation is for someone else.")
    with transaction.atomic(durable=True):
        collaborator = Collaborator.objects.select_for_update().get(pk=collaborator.pk)
        if collaborator.accepted is None:
            collaborator.accepted = timezone.now()
            collaborator.save(update_fields=["accepted"])
            project = collaborator.project
            # The team shown on the project (and its cached PDF) has changed.
            Project.objects.filter(pk=project.pk).update(updated=timezone.now())
            notify(
                recipient=project.lead,
                kind=Notification.Kind.RESEARCH,
                subject=f"{user} joined \u201c{project.title}\u201d",
                body=f"{user} accepted your invitation to join the project.",
                url=project.get_absolute_url(),
                event_key=f"research-accept:{collaborator.pk}",
            )
    return collaborator


def collaborator_decline(*, collaborator: Collaborator, user: User) -> None:
    """The invited person declines (or leaves): their place on the team is removed."""
    if not permissions.may_answer(user, collaborator):
        raise NotAllowed("This invitation is for someone else.")
    with transaction.atomic(durable=True):
        Collaborator.objects.filter(pk=collaborator.pk).delete()


def collaborator_remove(*, collaborator: Collaborator, removed_by: User) -> None:
    """The lead removes a collaborator or withdraws an invitation; others cannot."""
    if not permissions.may_remove(removed_by, collaborator):
        raise NotAllowed("Only the project lead can remove people from the team.")
    with transaction.atomic(durable=True):
        Collaborator.objects.filter(pk=collaborator.pk).delete()
        Project.objects.filter(pk=collaborator.project_id).update(
            updated=timezone.now()
        )


def log_entry_add(
    *,
    project: Project,
    author: User,
    kind: str,
    on: date,
    body: str,
    upload=None,
    upload_description: str = "",
) -> LogEntry:
    """The team adds a dated plan, act, observe or reflect entry, with a file or not."""
    _require_team(project, author)
    checked = check_upload(upload, allowed=EVIDENCE_KINDS) if upload else None
    with _stored_files_removed_on_failure() as stored, transaction.atomic(durable=True):
        entry = LogEntry(
            project=project,
            author=author,
            kind=kind,
            date=on,
            body=body,
            body_html=render_markdown(body),
        )
        entry.full_clean()
        entry.save()
        if checked is not None:
            _store_evidence(
                project=project,
                uploaded_by=author,
                upload=upload,
                checked=checked,
                description=upload_description,
                log_entry=entry,
                stored=stored,
            )
        Project.objects.filter(pk=project.pk).update(updated=timezone.now())
    return entry


def evidence_add(
    *, project: Project, uploaded_by: User, upload, description: str = ""
) -> Evidence:
    """The team adds an evidence file whose content is an accepted type, up to 20 MB."""
    _require_team(project, uploaded_by)
    checked = check_upload(upload, allowed=EVIDENCE_KINDS)
    with _stored_files_removed_on_failure() as stored, transaction.atomic(durable=True):
        evidence = _store_evidence(
            project=project,
            uploaded_by=uploaded_by,
            upload=upload,
            checked=checked,
            description=description,
            stored=stored,
        )
        Project.objects.filter(pk=project.pk).update(updated=timezone.now())
    return evidence


@contextmanager
def _stored_files_removed_on_failure():
    """Files are written before the transaction commits; if it rolls back, remove
    them, so no file is left on disk without its row."""
    stored: list = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _store_evidence(
    *, project, uploaded_by, upload, checked, description, stored, log_entry=None
) -> Evidence:
    evidence = Evidence(
        project=project,
        uploaded_by=uploaded_by,
        original_name=checked.original_name[:255],
        kind=checked.kind,
        size=checked.size,
        description=description,
        log_entry=log_entry,
    )
    evidence.file.save(upload.name, upload, save=False)
    stored.append(evidence.file)
    evidence.save()
    return evidence


def evidence_delete(*, evidence: Evidence, deleted_by: User) -> None:
    """The team removes an evidence file; the stored file goes with the row."""
    _require_team(evidence.project, deleted_by)
    with transaction.atomic(durable=True):
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


def feedback_add(*, project: Project, author: User, body: str) -> Feedback:
    """Anyone signed in who can see a project may comment; the team is emailed."""
    if not permissions.may_read(author, project):
        raise NotAllowed("You cannot comment on this project.")
    if not body.strip():
        raise DomainError("Enter your feedback.", field="body")
    with transaction.atomic(durable=True):
        feedback = Feedback.objects.create(
            project=project, author=author, body=body, body_html=render_markdown(body)
        )
        url = reverse("research:detail", kwargs={"slug": project.slug})
        notify_many(
            recipients=[p for p in project.team() if p.pk != author.pk],
            kind=Notification.Kind.RESEARCH,
            subject=f"New feedback on \u201c{project.title}\u201d",
            body=f"{author} left feedback on your project:\n\n{body.strip()[:2000]}",
            url=f"{url}#feedback",
            event_key=f"research-feedback:{feedback.pk}",
        )
    return feedback
