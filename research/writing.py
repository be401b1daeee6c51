"""Markdown to safe HTML: what teachers write can never inject script or styling.

The allow-list is the portal's one list (`partnership.writing`); research pages only
shift headings so that they start at h2, under the page's h1.
"""

from partnership.writing import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    markdown_to_html,
    sanitise_html,
)

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "URL_SCHEMES", "render_markdown"]

# Markdown headings start at h2 on our pages (the page has the h1): shift them down.
_HEADING_SHIFT = {"<h1>": "<h2>", "</h1>": "</h2>", "<h5>": "<h4>", "</h5>": "</h4>"}


def render_markdown(text: str) -> str:
    """Render Markdown to HTML holding only allow-listed tags, attributes and links."""
    if not text or not text.strip():
        return ""
    html = markdown_to_html(text)
    for old, new in _HEADING_SHIFT.items():
        html = html.replace(old, new)
    return sanitise_html(html)
