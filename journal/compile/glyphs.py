"""A quicker way for the renderers to draw lines of plain text (WeasyPrint 70).

Drawing text was about a third of a renderer's CPU. WeasyPrint lays each line
out with Pango, frees the layout, and to draw the line lays it out again, then
reads every field of every glyph through cffi. Here

- a line's layout is kept when it is laid out (`deactivate`) if drawing would
  lay it out again the same way: one line, no paragraph break, no justification,
  letter or word spacing; `draw_text` draws it from that layout;
- `draw_first_line` reads a run's glyphs in one block and keeps each glyph's
  operators per font and size.

The PDF is the same, byte for byte (tests/journal/test_glyphs.py). Anything but
plain text (an ellipsis, a decoration, a glyph missing from the fonts, an empty
or raised glyph, a bitmap, colour or emoji font) goes to WeasyPrint's own
functions, and so does everything on another WeasyPrint than the one this was
written against: `install()` then does nothing.

No Django here: the renderers import this module by its file name.
"""

from __future__ import annotations

import struct
from weakref import WeakKeyDictionary

import weasyprint
from weasyprint import draw as weasy_draw
from weasyprint.draw import text as weasy_text
from weasyprint.matrix import Matrix
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.text.line_break import Layout

WEASYPRINT = "70."  # the version whose functions these follow
GLYPH = struct.Struct("=IiiiI")  # PangoGlyphInfo: glyph, width, x and y offset, attr
SPECIAL = 0x0FFFFFFF  # PANGO_GLYPH_EMPTY; PANGO_GLYPH_UNKNOWN_FLAG is above it
PARAGRAPH_BREAKS = frozenset("\n\r\x85\u2028\u2029")

weasy_draw_first_line = weasy_text.draw_first_line
weasy_draw_text = weasy_text.draw_text
weasy_deactivate = Layout.deactivate
# A line's Pango layout and style, kept from its layout to its drawing.
KEPT: WeakKeyDictionary = WeakKeyDictionary()
# Per font (one per document) and size: each glyph as written, by its Pango
# glyph info (the font's own widths and mapping are filled as WeasyPrint does).
FRAGMENTS: WeakKeyDictionary = WeakKeyDictionary()


def install() -> bool:
    """Use these functions in this process; False (and nothing done) if this
    WeasyPrint is not the one they follow."""
    if not weasyprint.__version__.startswith(WEASYPRINT):
        return False
    if ffi.sizeof("PangoGlyphInfo") != GLYPH.size:
        return False
    weasy_text.draw_first_line = draw_first_line
    weasy_draw.draw_text = draw_text  # where draw_inline_level finds it
    Layout.deactivate = deactivate
    return True


def deactivate(self) -> None:
    """WeasyPrint's `Layout.deactivate`, first keeping a laid-out line that
    drawing would lay out again the same way (see the module's docstring)."""
    style = self.style
    if (
        self.justification_spacing == 0
        and style["letter_spacing"] == "normal"
        and style["word_spacing"] == 0
        and style["overflow_wrap"] == "normal"
        and PARAGRAPH_BREAKS.isdisjoint(getattr(self, "text", "\n"))
        and pango.pango_layout_get_line_readonly(self.layout, 1) == ffi.NULL
    ):
        KEPT[self] = (self.layout, style)
    weasy_deactivate(self)


def draw_text(stream, textbox, offset_x, text_overflow, block_ellipsis):
    """WeasyPrint's `draw_text`, for a line of plain text whose layout was kept."""
    kept = KEPT.pop(textbox.pango_layout, None)
    style = textbox.style
    if (
        kept is None
        or kept[1] is not style
        or text_overflow == "ellipsis"
        or block_ellipsis != "none"
        or style["text_decoration_line"] != "none"
        or style["visibility"] != "visible"
        or not textbox.text.strip()
        or style["font_size"] < 1e-6
    ):
        return weasy_draw_text(stream, textbox, offset_x, text_overflow, block_ellipsis)
    first_line = pango.pango_layout_get_line_readonly(kept[0], 0)
    runs = _runs(stream, textbox, textbox.pango_layout, first_line)
    if runs is None:  # nothing written yet
        return weasy_draw_text(stream, textbox, offset_x, text_overflow, block_ellipsis)
    x, y = textbox.position_x, textbox.position_y + textbox.baseline
    stream.set_color(style["color"])
    stream.begin_text()
    _write(stream, runs, Matrix(d=-1, e=x, f=y))
    stream.end_text()
    return None


def _runs(stream, textbox, layout, first_line):
    """Each run's font, size and glyphs as written (a TJ array's body, without
    its brackets); None if a run is not plain text. Writes nothing yet."""
    runs = []
    utf8_text = None
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        count = glyph_string.num_glyphs
        pango_font = glyph_item.item.analysis.font
        font, font_size = stream.add_font(pango_font)
        if font.bitmap or font.svg or font.png or font.colr:
            return None
        if pango.pango_version() < 14802:
            font_size = textbox.style["font_size"]
        # A glyph with the same width and offsets is written the same way.
        written = FRAGMENTS.setdefault(font, {}).setdefault(font_size, {})
        block = ffi.buffer(glyph_string.glyphs, count * GLYPH.size)
        glyphs = list(GLYPH.iter_unpack(block))
        fragments = list(map(written.get, glyphs))
        if None in fragments:  # glyphs not yet written in this font and size
            for i, glyph in enumerate(glyphs):
                if fragments[i] is not None:
                    continue
                fragment = written.get(glyph)
                if fragment is None:
                    glyph_id, _, _, rise, _ = glyph
                    if glyph_id >= SPECIAL or rise:
                        return None
                    if glyph_id not in font.to_unicode:
                        utf8_text = utf8_text or layout.text.encode()
                        font.to_unicode[glyph_id] = _glyph_text(
                            glyph_item, glyph_string, i, count, utf8_text
                        )
                    fragment = written[glyph] = _fragment(
                        stream, pango_font, font, font_size, glyph
                    )
                fragments[i] = fragment
        runs.append((pango_font, font, font_size, "".join(fragments)))
    return runs


def _fragment(stream, pango_font, font, font_size, glyph) -> str:
    """One glyph as WeasyPrint writes it: offset, identifier, kerning."""
    glyph_id, width, x_offset, _, _ = glyph
    fragment = ""
    offset = x_offset / font_size
    if offset:
        fragment += f">{-offset}<"
    fragment += f"{glyph_id:04x}"
    if glyph_id in font.widths:
        logical_width = font.widths[glyph_id]
    else:
        pango.pango_font_get_glyph_extents(
            pango_font, glyph_id, stream.ink_rect, stream.logical_rect
        )
        logical_width = font.widths[glyph_id] = round(
            stream.logical_rect.width * 1000 * FROM_UNITS / font_size
        )
    kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
    if kerning:
        fragment += f">{int(kerning)}<"
    return fragment


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """WeasyPrint's `draw_first_line`, for a line of plain text."""
    if text_overflow == "ellipsis" or block_ellipsis != "none":
        return weasy_draw_first_line(
            stream, textbox, text_overflow, block_ellipsis, matrix
        )
    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return []
    layout = textbox.pango_layout
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    first_line, _ = layout.get_first_line()
    runs = _runs(stream, textbox, layout, first_line)
    if runs is None:
        return weasy_draw_first_line(
            stream, textbox, text_overflow, block_ellipsis, matrix
        )
    _write(stream, runs, matrix)
    return []


def _write(stream, runs, matrix) -> None:
    """A line's runs as WeasyPrint writes them: a TJ array per font change."""
    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ""
    for pango_font, font, font_size, glyphs in runs:
        if pango_font != previous_pango_font:
            previous_pango_font = pango_font
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, font_size)
        string += "<" + glyphs
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"
    stream.show_text(string)


def _glyph_text(glyph_item, glyph_string, i: int, count: int, utf8_text: bytes):
    """The characters glyph `i` of a run stands for (WeasyPrint's mapping)."""
    item, clusters = glyph_item.item, glyph_string.log_clusters
    start = clusters[i]
    if item.analysis.level % 2:  # right to left
        end = item.length if i == 0 else clusters[i - 1]
    else:
        end = item.length if i == count - 1 else clusters[i + 1]
    return utf8_text[item.offset + start : item.offset + end].decode()
