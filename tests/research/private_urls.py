"""Research URLs for the security URL walker: a team-only project at `school`.

The project is led by the school's teacher. Reading is for the team, the school's
headteacher and the partnership's officers; changing it is for the team only.
"""

from tests.security.url_registry import Private, World


def _project(world: World):
    from tests.research.factories import EvidenceFactory, ProjectFactory

    if "project" not in world.extra:
        project = ProjectFactory(
            school=world.school, lead=world.teacher, visibility="team", status="draft"
        )
        world.extra["project"] = project
        world.extra["evidence"] = EvidenceFactory(project=project)
    return world.extra["project"]


def _slug(world: World) -> dict:
    return {"slug": _project(world).slug}


def _evidence(world: World) -> dict:
    project = _project(world)
    return {"slug": project.slug, "pk": world.extra["evidence"].pk}


def _collaborator(world: World) -> dict:
    from tests.research.factories import CollaboratorFactory

    project = _project(world)
    collaborator = CollaboratorFactory(project=project)
    return {"slug": project.slug, "pk": collaborator.pk}


def _state(world: World):
    from research.models import Project

    project = world.extra.get("project")
    if project is None:
        return None
    return (
        list(
            Project.objects.filter(pk=project.pk).values_list(
                "title", "status", "visibility"
            )
        ),
        project.collaborators.count(),
        project.evidence.count(),
    )


READERS_ONLY = ("other_headteacher",)
TEAM_ONLY = ("other_headteacher", "headteacher", "officer")

PRIVATE = {
    "research:detail": Private(kwargs=_slug, refused=READERS_ONLY, methods=("get",)),
    "research:pdf": Private(kwargs=_slug, refused=READERS_ONLY, methods=("get",)),
    "research:evidence_download": Private(
        kwargs=_evidence, refused=READERS_ONLY, methods=("get",)
    ),
    "research:edit": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
    "research:edit_preview": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
    "research:status": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
    "research:log_add": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
    "research:evidence_add": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
    "research:evidence_delete": Private(
        kwargs=_evidence, refused=TEAM_ONLY, state=_state
    ),
    "research:team": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
    "research:collaborator_remove": Private(
        kwargs=_collaborator, refused=TEAM_ONLY, state=_state
    ),
    "research:feedback": Private(
        kwargs=_slug, refused=READERS_ONLY, methods=("post",), state=_state
    ),
    "research:accept": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
    "research:decline": Private(kwargs=_slug, refused=TEAM_ONLY, state=_state),
}
