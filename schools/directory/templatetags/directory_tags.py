"""Template tags for the directory's sections on school pages and dashboards."""

from django import template

from schools.directory import selectors

register = template.Library()


@register.simple_tag
def directory_school_section(school):
    """{% directory_school_section school as section %}: recommendations and credits."""
    return selectors.school_section(school=school)


@register.simple_tag
def directory_dashboard_section(user):
    """{% directory_dashboard_section user as section %}: requests waiting, engagements."""
    return selectors.dashboard_section(user=user)
