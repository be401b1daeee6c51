"""The renderers' quicker text drawing and margin boxes (`glyphs`, `margins`)
write the same PDF as WeasyPrint's own."""

import io

from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint import draw as weasy_draw
from weasyprint.draw import text as weasy_text
from weasyprint.layout import page as weasy_page
from weasyprint.text.line_break import Layout

from journal.compile import glyphs, margins
from journal.compile.render_chunk import STYLESHEET

ARTICLE = """<!DOCTYPE html><html lang="en-GB"><body>
<section class="article" data-journal="Riverside Journal 2026">
<p class="section-name">Early years</p>
<h1>Talking before writing: “oral rehearsal” in Year 2</h1>
<p class="authors">Ana Müller, Ben Clarke</p>
<p class="question">Does talking first help pupils write fuller sentences?</p>
<h2>Findings</h2>
<p>{body}</p>
<ul><li>Fewer <em>unfinished</em> sentences — 12 % to 4 %.</li>
<li><strong>Longer</strong> pieces: ﬁne ligatures, café, naïve, Łódź.</li></ul>
<table><tr><th>Term</th><th>Words</th></tr><tr><td>Autumn</td><td>118</td></tr></table>
<p style="white-space: nowrap; overflow: hidden; text-overflow: ellipsis">{long}</p>
<p style="text-align: justify">{justified}</p>
<p>See <a href="https://example.org" style="text-decoration: underline">the
report</a>, <span style="word-spacing: 2pt">spaced words</span> and
<span style="visibility: hidden">hidden</span> text.</p>
<pre>Two lines
of code</pre>
{missing}</section></body></html>"""


def _pdf(ours: bool, monkeypatch, missing="") -> bytes:
    """The article laid out and drawn with our functions, or WeasyPrint's own."""
    monkeypatch.setattr(
        weasy_text,
        "draw_first_line",
        glyphs.draw_first_line if ours else glyphs.weasy_draw_first_line,
    )
    monkeypatch.setattr(
        weasy_draw, "draw_text", glyphs.draw_text if ours else glyphs.weasy_draw_text
    )
    monkeypatch.setattr(
        Layout, "deactivate", glyphs.deactivate if ours else glyphs.weasy_deactivate
    )
    monkeypatch.setattr(
        weasy_page,
        "resolve_percentages",
        margins.resolve_percentages if ours else margins.weasy_resolve_percentages,
    )
    sentence = "Pupils rehearsed each sentence aloud with a partner."
    html = ARTICLE.format(
        body=" ".join([sentence] * 120),
        long="A line far too long for the page, cut with an ellipsis " * 4,
        justified=" ".join([sentence] * 6),
        missing=missing,
    )
    return HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1"
    )


def test_pages_are_written_as_weasyprint_writes_them(monkeypatch):
    ours = _pdf(True, monkeypatch)
    theirs = _pdf(False, monkeypatch)
    reader = PdfReader(io.BytesIO(ours))
    assert len(reader.pages) > 1  # each page compared
    text = "".join(page.extract_text() for page in reader.pages)
    assert "ﬁne ligatures, café, naïve, Łódź." in text
    assert "Riverside Journal 2026 Talking before writing" in text  # the header
    assert ours == theirs  # every page, font and text mapping, byte for byte


def test_a_glyph_no_font_has_is_left_to_weasyprint(monkeypatch):
    missing = "<p>A glyph no font has: \U0001fae8 and on.</p>"
    assert _pdf(True, monkeypatch, missing) == _pdf(False, monkeypatch, missing)


def _installed() -> list[bool]:
    return [
        weasy_text.draw_first_line is glyphs.draw_first_line,
        weasy_draw.draw_text is glyphs.draw_text,
        Layout.deactivate is glyphs.deactivate,
        weasy_page.resolve_percentages is margins.resolve_percentages,
    ]


def test_a_weasyprint_it_was_not_written_for_keeps_its_own(monkeypatch):
    _pdf(False, monkeypatch)  # WeasyPrint's own, put back after the test
    monkeypatch.setattr(glyphs.weasyprint, "__version__", "71.0")
    assert glyphs.install() is False
    assert margins.install() is False
    assert _installed() == [False, False, False, False]


def test_installs_on_the_weasyprint_it_follows(monkeypatch):
    _pdf(False, monkeypatch)
    monkeypatch.setattr(glyphs.weasyprint, "__version__", glyphs.WEASYPRINT + "0")
    assert glyphs.install() is True
    assert margins.install() is True
    assert _installed() == [True, True, True, True]


def test_right_to_left_and_other_scripts_are_written_as_weasyprint_writes_them(
    monkeypatch,
):
    """Pupils' and parents' names and quotations in other scripts: Arabic and Hebrew
    (right to left, joined letters), Urdu, Polish and Greek, Devanagari and Chinese
    (drawn from whatever font has them, or left to WeasyPrint)."""
    scripts = (
        '<p>Parents said: <span lang="ar">شكرا لكم على المساعدة</span>, '
        '<span lang="he">תודה רבה</span>, <span lang="ur">بہت شکریہ</span>, '
        "Zażółć gęślą jaźń, Καλημέρα, नमस्ते दुनिया, 谢谢老师.</p>"
        '<p dir="rtl" lang="ar">هذه فقرة كاملة من اليمين إلى اليسار 2026.</p>'
    )
    assert _pdf(True, monkeypatch, scripts) == _pdf(False, monkeypatch, scripts)
