"""Page margin boxes that are not drawn cost nothing more (WeasyPrint 70).

For every page WeasyPrint makes all sixteen margin boxes and resolves each
one's percentages, although only the two running headers are drawn and every
box without content is then set to nothing (no width, height, margins, padding
or borders). Here a margin box without content gets those values at once.
The PDF is the same, byte for byte (tests/journal/test_glyphs.py); on another
WeasyPrint `install()` does nothing.

No Django here: the renderers import this module by its file name.
"""

from __future__ import annotations

from math import inf

import weasyprint
from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.layout import page as weasy_page

WEASYPRINT = "70."  # the version whose make_margin_boxes this follows
weasy_resolve_percentages = weasy_page.resolve_percentages


def install() -> bool:
    """Use `resolve_percentages` for margin boxes in this process; False (and
    nothing done) if this WeasyPrint is not the one it follows."""
    if not weasyprint.__version__.startswith(WEASYPRINT):
        return False
    weasy_page.resolve_percentages = resolve_percentages
    return True


def resolve_percentages(box, containing_block) -> None:
    """WeasyPrint's, except for a margin box without content: `make_margin_boxes`
    sets its size and every margin, padding and border to 0 right after."""
    if type(box) is not MarginBox or box.is_generated:
        weasy_resolve_percentages(box, containing_block)
        return
    box.min_width = box.min_height = 0
    box.max_width = box.max_height = inf
    for side in ("top", "right", "bottom", "left"):
        setattr(box, f"border_{side}_width", 0)
