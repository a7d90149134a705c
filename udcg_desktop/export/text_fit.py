"""How many lines a text takes in a box of a given width: used to size slide boxes and table rows
and to continue a long text on a next slide, so that no text leaves its box.

Measured with Bitstream Vera's widths (reportlab), which are wider than the fonts LibreOffice and
PowerPoint use for the deck's default (Calibri, or Carlito in its place): the estimate errs on the
side of more lines.
"""
from __future__ import annotations

LINE_SPACING = 1.2      # line height / font size in PowerPoint and LibreOffice


def _width(text: str, size_pt: float, bold: bool) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from .charts import register_fonts
    font, bold_font = register_fonts()
    return stringWidth(text, bold_font if bold else font, size_pt)


def wrap_lines(text: str, width_pt: float, size_pt: float, bold: bool = False) -> int:
    """Lines ``text`` wraps to at word boundaries in ``width_pt`` (each paragraph of it at
    least one line)."""
    total = 0
    space = _width(" ", size_pt, bold)
    for para in str(text).split("\n"):
        lines, used = 1, 0.0
        for word in para.split():
            w = _width(word, size_pt, bold)
            if used and used + space + w > width_pt:
                lines += 1
                used = 0.0
            while w > width_pt:             # a word longer than the line breaks anywhere
                lines += 1
                w -= width_pt
            used += (space if used else 0.0) + w
        total += lines
    return total


def text_height_pt(text: str, width_pt: float, size_pt: float, bold: bool = False) -> float:
    return wrap_lines(text, width_pt, size_pt, bold) * size_pt * LINE_SPACING
