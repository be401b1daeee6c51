"""Data for the research sections of the dashboard and the school page."""

from django import template

from research import selectors

register = template.Library()


@register.simple_tag
def research_dashboard(user) -> dict:
    """Your projects and the invitations waiting for your answer."""
    if not user.is_authenticated:
        return {"projects": [], "invitations": [], "schools": []}
    return {
        "projects": list(selectors.projects_of(user=user)[:10]),
        "invitations": list(selectors.invitations_waiting(user=user)),
        "schools": list(selectors.schools_led_by(user=user)),
    }


@register.simple_tag
def research_for_school(school, user) -> list:
    """The school's projects this person may see (public ones for a visitor)."""
    return list(selectors.projects_for_school(school=school, user=user)[:10])
