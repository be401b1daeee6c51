"""Budget figures for the dashboard and the (public) school page sections.

The school page is public: figures are only returned to people allowed to see
that school's budget, and the section template shows nothing otherwise.
"""

from django import template

from partnership.budgets import selectors
from partnership.budgets.models import Fund

register = template.Library()


@register.simple_tag
def budget_school_summary(school, user):
    """The school's budget totals, or None for anyone who may not see them."""
    if user is None or not user.is_authenticated:
        return None
    if not selectors.schools_with_budget_visible_to(user).filter(pk=school.pk).exists():
        return None
    return selectors.school_totals(school=school)


@register.simple_tag
def budget_dashboard(user):
    """What a person's dashboard shows of budgets (None when they have no part in them)."""
    if user is None or not user.is_authenticated:
        return None
    schools = list(selectors.own_budget_schools(user).order_by("name"))
    funds = list(Fund.objects.overview_visible_to(user).order_by("-starts", "name"))
    if not schools and not funds:
        return None
    allocations, claims = selectors.waiting_for(user) if funds else ([], [])
    return {
        "schools": schools,
        "funds": funds,
        "waiting": len(allocations) + len(claims),
    }
