"""The small sections the dashboard and the partnership page include."""

from django import template

from schools.models import School

from .. import permissions
from ..outcomes import public_parts

register = template.Library()


@register.simple_tag
def improvement_links(user, partnership) -> dict:
    """Which improvement links this person sees on a partnership's page."""
    member = permissions.may_see_everything(user, partnership)
    return {
        "outcomes": member or bool(public_parts(partnership)),
        "member": member,
        "officer": permissions.may_run_round(user, partnership),
    }


@register.simple_tag
def improvement_dashboard(user) -> bool:
    """Whether the dashboard links to the improvement cycle."""
    return user.is_authenticated and (
        user.officer_of.exists() or School.objects.served_by(user).exists()
    )


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when missing)."""
    if not mapping:
        return None
    return mapping.get(key)
