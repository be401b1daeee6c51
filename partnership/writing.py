"""Markdown to safe HTML, for everything people write in the portal.

Markdown is rendered first, then nh3 (an allow-list sanitiser) keeps only the tags,
attributes and link schemes listed here: no `style`, no event handlers, no images (an
`<img src>` could track readers), no raw HTML that survives otherwise. Research
projects, case studies and journal articles all use this one allow-list.
"""

import re
import threading
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


# Bounds on the renderer's work. Python-Markdown scans ahead from every "[" to the
# end of its paragraph (for the closing bracket) and from every "<" that may open a
# tag (across the whole text), and nests lists and quotes by recursion: hostile text
# of a few thousand characters took seconds, or overflowed the stack. Text is bounded
# first (`bounded_source`), so the work stays within a fixed budget whatever is stored.
MAX_MARKDOWN_CHARS = 20_000  # longer text is cut (forms refuse it before this)
MAX_NESTING = 12  # list and quote levels; deeper lines are drawn at this level
# Brackets times paragraph length, summed over the text: ordinary writing (a few
# links a paragraph) uses a small part of it; past it, "[" in the remaining
# paragraphs are shown as text rather than parsed as links.
MAX_BRACKET_WORK = 1_000_000
MAX_TAG_OPENERS = 100  # "<" opening a tag beyond this in a text are shown as text

_BLOCK_SPLIT = re.compile(r"(\n[ \t]*\n)")
_INDENT = re.compile(r"^[ \t]+")
# A line's containers: quote markers and list markers, each after optional spaces.
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+")
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+]|\d{1,9}[.)])")
_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")


def _bounded_line(line: str) -> str:
    indent = _INDENT.match(line)
    if indent and len(indent[0].expandtabs(4)) > 4 * MAX_NESTING:
        line = " " * (4 * MAX_NESTING) + line[indent.end() :]
    prefix = _CONTAINERS.match(line)
    if prefix:
        markers = _CONTAINER.findall(prefix[0])
        if len(markers) > MAX_NESTING:
            line = "".join(markers[-MAX_NESTING:]) + line[prefix.end() :]
    return line


def _bounded_brackets(text: str) -> str:
    blocks = _BLOCK_SPLIT.split(text)
    work = 0
    for n, block in enumerate(blocks):
        work += block.count("[") * len(block)
        if work > MAX_BRACKET_WORK:
            blocks[n] = block.replace("[", "&#91;")
    return "".join(blocks)


def bounded_source(text: str) -> str:
    """Markdown cut to the renderer's bounds (length, nesting, brackets, tags)."""
    text = (text or "")[:MAX_MARKDOWN_CHARS]
    text = "\n".join(_bounded_line(line) for line in text.split("\n"))
    text = _bounded_brackets(text)
    openers = 0

    def _opener(match: re.Match) -> str:
        nonlocal openers
        openers += 1
        return "<" if openers <= MAX_TAG_OPENERS else "&lt;"

    return _TAG_OPENER.sub(_opener, text)


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """One converter per thread, reset between texts (building one loads every
    extension: a journal compile converts thousands of texts)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(
            extensions=["tables", "sane_lists"], output_format="html"
        )
    return converter.reset()


def markdown_to_html(text: str) -> str:
    """Markdown rendered to HTML, not yet sanitised (callers may adjust headings).

    The text is bounded first (`bounded_source`): the renderer's work is linear."""
    return _converter().convert(bounded_source(text))


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
