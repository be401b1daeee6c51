"""Markdown to safe HTML, for everything people write in the portal.

Markdown is rendered first, then nh3 (an allow-list sanitiser) keeps only the tags,
attributes and link schemes listed here: no `style`, no event handlers, no images (an
`<img src>` could track readers), no raw HTML that survives otherwise. Research
projects, case studies and journal articles all use this one allow-list.
"""

import re
from collections.abc import Mapping

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
        "hr", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
        "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = frozenset({"https", "mailto"})


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and links of some HTML."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> str:
    """Markdown rendered to HTML, not yet sanitised (callers may adjust headings)."""
    return markdown.markdown(
        text or "", extensions=["tables", "sane_lists"], output_format="html"
    )


# Headings of text shown under a page's h1 (research projects, journal articles):
# Markdown's h1 becomes h2, and h5 becomes h4.
UNDER_PAGE_TITLE = {1: 2, 5: 4}
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def shift_headings(html: str, levels: Mapping[int, int]) -> str:
    """Headings renumbered by `levels` (old level to new), to fit the page's outline."""
    return _HEADING.sub(
        lambda m: f"<{m[1]}h{levels.get(int(m[2]), int(m[2]))}", html or ""
    )


def render_markdown(
    text: str, *, headings: Mapping[int, int] = UNDER_PAGE_TITLE
) -> str:
    """Markdown to sanitised HTML, its headings shifted by `headings` ('' for none)."""
    if not text or not text.strip():
        return ""
    return sanitise_html(shift_headings(markdown_to_html(text), headings))


def demote_headings(html: str, *, top: int) -> str:
    """Headings moved down to sit under a page's own: `<h1>` and `<h2>` become
    `<h{top}>`, each lower level one below that, and none below `<h6>`.

    For text shown under a page heading (a case study under an h3 uses top=4).
    """
    return shift_headings(html, {n: min(6, top + max(0, n - 2)) for n in range(1, 7)})
