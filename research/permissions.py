"""Who may do what to a research project (services and views ask here)."""

from research.models import Collaborator, Project
from schools.models import School


def may_edit(user, project: Project) -> bool:
    """The lead and the collaborators who accepted change a project."""
    return Project.objects.editable_by(user).filter(pk=project.pk).exists()


def may_read(user, project: Project) -> bool:
    return Project.objects.visible_to(user).filter(pk=project.pk).exists()


def schools_to_start_at(user):
    """A person starts a project at a school where they work now."""
    return School.objects.served_by(user, "teacher", "headteacher")


def may_start_at(user, school: School) -> bool:
    return user.is_superuser or schools_to_start_at(user).filter(pk=school.pk).exists()


def may_answer(user, collaborator: Collaborator) -> bool:
    """Only the invited person accepts or declines an invitation."""
    return collaborator.user_id == user.pk


def may_remove(user, collaborator: Collaborator) -> bool:
    """Only the lead removes people from the team."""
    return collaborator.project.lead_id == user.pk
