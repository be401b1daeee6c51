"""Template helpers for the journal's dashboard section."""

from django import template

from journal import selectors
from journal.models import Edition

register = template.Library()


@register.simple_tag
def journal_dashboard(user) -> dict:
    """A person's submissions, the reviews they owe, and editions they edit."""
    if not user.is_authenticated:
        return {}
    return {
        "submissions": list(selectors.submissions_for_author(user)[:5]),
        "reviews": list(selectors.reviews_owed_by(user)[:5]),
        "editions": list(Edition.objects.editable_by(user).order_by("-year")[:3]),
        "open_call": Edition.objects.open_for_submissions()
        .order_by("call_closes")
        .first(),
    }
