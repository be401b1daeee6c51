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


@register.filter
def facet_title(name: str) -> str:
    """The heading of a facet of the directory search."""
    from ..filters import RecommendationFilter

    titles = {"cost": "Cost of support"}
    field = RecommendationFilter.base_filters.get(name)
    return titles.get(name) or (str(field.label) if field else name)
