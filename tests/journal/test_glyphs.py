"""The renderers' quicker text drawing writes the same PDF as WeasyPrint's own."""

import io

from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint.draw import text as weasy_text

from journal.compile import glyphs
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
{missing}</section></body></html>"""


def _pdf(draw_first_line, monkeypatch, missing="") -> bytes:
    monkeypatch.setattr(weasy_text, "draw_first_line", draw_first_line)
    html = ARTICLE.format(
        body=" ".join(["Pupils rehearsed each sentence aloud with a partner."] * 120),
        long="A line far too long for the page, cut with an ellipsis " * 4,
        missing=missing,
    )
    return HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1"
    )


def test_pages_are_written_as_weasyprint_writes_them(monkeypatch):
    ours = _pdf(glyphs.draw_first_line, monkeypatch)
    theirs = _pdf(glyphs.weasy_draw_first_line, monkeypatch)
    reader = PdfReader(io.BytesIO(ours))
    assert len(reader.pages) > 1  # each page compared
    text = "".join(page.extract_text() for page in reader.pages)
    assert "ﬁne ligatures, café, naïve, Łódź." in text
    assert "Riverside Journal 2026 Talking before writing" in text  # the header
    assert ours == theirs  # every page, font and text mapping, byte for byte


def test_a_glyph_no_font_has_is_left_to_weasyprint(monkeypatch):
    missing = "<p>A glyph no font has: \U0001fae8 and on.</p>"
    ours = _pdf(glyphs.draw_first_line, monkeypatch, missing)
    assert ours == _pdf(glyphs.weasy_draw_first_line, monkeypatch, missing)


def test_a_weasyprint_it_was_not_written_for_keeps_its_own(monkeypatch):
    monkeypatch.setattr(weasy_text, "draw_first_line", glyphs.weasy_draw_first_line)
    monkeypatch.setattr(glyphs.weasyprint, "__version__", "71.0")
    assert glyphs.install() is False
    assert weasy_text.draw_first_line is glyphs.weasy_draw_first_line


def test_installs_on_the_weasyprint_it_follows(monkeypatch):
    monkeypatch.setattr(weasy_text, "draw_first_line", glyphs.weasy_draw_first_line)
    monkeypatch.setattr(glyphs.weasyprint, "__version__", glyphs.WEASYPRINT + "0")
    assert glyphs.install() is True
    assert weasy_text.draw_first_line is glyphs.draw_first_line
