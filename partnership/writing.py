"""Markdown to safe HTML, for everything people write in the portal.

Markdown is rendered first, then nh3 (an allow-list sanitiser) keeps only the tags,
attributes and link schemes listed here: no `style`, no event handlers, no images (an
`<img src>` could track readers), no raw HTML that survives otherwise. Research
projects, case studies and journal articles all use this one allow-list.
"""

import re

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


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def demote_headings(html: str, *, top: int) -> str:
    """Headings of some HTML moved down to sit under a page's own: `<h1>` and `<h2>`
    become `<h{top}>`, each lower level one below that, and none below `<h6>`.

    For text shown under a page heading (a case study under an h3 uses top=4).
    """

    def shift(match: re.Match) -> str:
        level = min(6, top + max(0, int(match[2]) - 2))
        return f"<{match[1]}h{level}"

    return _HEADING_TAG.sub(shift, html)
