"""Template helpers for the journal's dashboard section."""

from django import template

from journal import selectors
from journal.models import Edition
from partnership.writing import render_markdown, sanitise_html

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


@register.simple_tag
def journal_articles_from(school, limit: int = 5) -> list:
    """Published journal articles written at a school, newest edition first."""
    return list(selectors.articles_from_school(school)[:limit])


@register.simple_tag
def article_html(snapshot: dict, name: str) -> str:
    """A frozen article field as safe HTML.

    The snapshot's own rendering (research renders Markdown and sanitises it on save)
    is used, cleaned again with the same allow-list; an older snapshot without it is
    rendered from its frozen Markdown.
    """
    from django.utils.safestring import mark_safe

    html = (snapshot.get("html") or {}).get(name) or ""
    html = sanitise_html(html) if html else render_markdown(snapshot.get(name) or "")
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 just above
