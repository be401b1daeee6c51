"""Markdown to safe HTML: what teachers write can never inject script or styling.

Markdown is rendered first, then nh3 (an allow-list sanitiser) keeps only the tags,
attributes and link schemes listed here. No `style`, no event handlers, no images
(an `<img src>` could track readers), no raw HTML that survives otherwise.
"""

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = frozenset({"https", "mailto"})

# Markdown headings start at h2 on our pages (the page has the h1): shift them down.
_HEADING_SHIFT = {"<h1>": "<h2>", "</h1>": "</h2>", "<h5>": "<h4>", "</h5>": "</h4>"}


def render_markdown(text: str) -> str:
    """Render Markdown to HTML holding only allow-listed tags, attributes and links."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(
        text, extensions=["tables", "sane_lists"], output_format="html"
    )
    for old, new in _HEADING_SHIFT.items():
        html = html.replace(old, new)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
