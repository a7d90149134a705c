"""The briefing's charts, defined once with reportlab.graphics (pure Python, no Qt).

The PDF draws them as vector graphics; ``chart_svg`` turns the same drawing into SVG (the
``.svg`` export), which ``gui/render.py`` rasterises to PNG at an explicit size and DPI.
Every value plotted comes from the ``Summary`` passed in (via ``export.content``).
"""
from __future__ import annotations

import datetime as dt
import re

from ..core.describe import money
from ..core.summary import Summary
from . import content

FONT = "Vera"
FONT_BOLD = "VeraBd"
PLEDGED = "#1f5fa8"      # blue
DELIVERED = "#e08a00"    # orange (Okabe-Ito-like pair, distinguishable in grey too)
GRID = "#d0d0d0"
INK = "#222222"

CHART_NAMES = ("donors", "categories", "cumulative")
CHART_TITLES = {"donors": "Value pledged by donor", "categories": "Value pledged by category",
                "cumulative": "Cumulative value pledged and delivered"}

_fonts_ready = False


def register_fonts() -> tuple[str, str]:
    """Bitstream Vera ships inside reportlab: a Unicode TTF available everywhere."""
    global _fonts_ready
    if not _fonts_ready:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))
        pdfmetrics.registerFont(TTFont("VeraIt", "VeraIt.ttf"))
        pdfmetrics.registerFont(TTFont("VeraBI", "VeraBI.ttf"))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic="VeraIt",
                                      boldItalic="VeraBI")
        _fonts_ready = True
    return FONT, FONT_BOLD


def _colour(hexstr: str):
    from reportlab.lib.colors import HexColor
    return HexColor(hexstr)


def _millions_label(cur: str):
    sym = {"EUR": "€", "USD": "$", "GBP": "£"}.get(cur, cur + " ")

    def fmt(v):
        if v == 0:
            return "0"
        if abs(v) >= 1000:
            return f"{sym}{v / 1000:,.1f}bn".replace(".0bn", "bn")
        return f"{sym}{v:,.0f}m"
    return fmt


def _title(d, text: str, subtitle: str, width: float, height: float):
    from reportlab.graphics.shapes import String
    d.add(String(8, height - 20, text, fontName=FONT_BOLD, fontSize=14, fillColor=_colour(INK)))
    d.add(String(8, height - 36, subtitle, fontName=FONT, fontSize=9,
                 fillColor=_colour("#555555")))


def stale_lines(s: Summary, width: float, most: int = 4) -> list[str]:
    """The staleness sentences wrapped to the chart's width: cut with an ellipsis, the one
    that says which pledges are missing lost exactly that part ("... later pledges are not
    in it")."""
    from reportlab.lib.utils import simpleSplit
    lines = [line for note in s.stale_notes[:2]
             for line in simpleSplit(note, FONT_BOLD, 8, width - 16)]
    return lines[:most]


def stale_footnote(d, s: Summary, width: float) -> None:
    """The staleness sentences ("Pledge data ends ...") along the bottom edge of a chart, so
    an image copied on its own still says its figures end before the as-of date."""
    from reportlab.graphics.shapes import String
    lines = stale_lines(s, width)
    for k, line in enumerate(lines):          # in reading order, the first line on top
        d.add(String(8, 3 + 10 * (len(lines) - 1 - k), line, fontName=FONT_BOLD, fontSize=8,
                     fillColor=_colour("#a03000")))


def _empty(d, width, height, message="No data in scope"):
    from reportlab.graphics.shapes import String
    d.add(String(width / 2, height / 2, message, fontName=FONT, fontSize=12,
                 textAnchor="middle", fillColor=_colour("#777777")))
    return d


# Bar geometry in reportlab's units (it scales them to the plot's height): per group two bars
# of BAR_UNITS, BAR_GAP between them and GROUP_GAP after; a bar's label is centred on its bar.
BAR_UNITS, BAR_GAP, GROUP_GAP = 10, 1, 6
BAR_LABEL_PT = 7
BAR_MARGINS = 34 + 72          # below the plot (value axis) and above it (title, legend)


def _bar_pitch(height_pt: float, n_groups: int) -> float:
    """Points between the centres of a group's two bars in a plot ``height_pt`` high."""
    return height_pt / (n_groups * (2 * BAR_UNITS + BAR_GAP + GROUP_GAP)) * (BAR_UNITS + BAR_GAP)


def bar_chart_height(s: Summary, name: str, width: float) -> float:
    """A height for ``bar_chart`` whose bar labels, at full size, clear each other (labels of
    short bars stand one above the other: a pitch of 1.25 label heights)."""
    dim = {"donors": "by_donor", "categories": "by_category"}[name]
    n = max(1, len(content.top_groups(s, dim, content.TOP_DONORS)))
    plot = n * (2 * BAR_UNITS + BAR_GAP + GROUP_GAP) * 1.25 * BAR_LABEL_PT / (BAR_UNITS + BAR_GAP)
    return max(width * 0.72, plot + BAR_MARGINS + 10 * len(stale_lines(s, width)))


def bar_chart(s: Summary, name: str, width: float = 640, height: float = 400):
    """Horizontal bars of value pledged (and delivered) per donor or category."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    register_fonts()
    dim = {"donors": "by_donor", "categories": "by_category"}[name]
    groups = content.top_groups(s, dim, content.TOP_DONORS)
    d = Drawing(width, height)
    total = len(content.groups(s, dim))
    sub = f"{content.period_text(s)}, {s.currency} millions"
    if total > len(groups):
        sub += f"; top {len(groups)} of {total}"
    _title(d, CHART_TITLES[name], sub, width, height)
    if not groups:
        return _empty(d, width, height)
    # Largest at the top: reportlab draws the first category at the bottom.
    groups = list(reversed(groups))
    labels = [_short(content.label(g.key), 30) for g in groups]
    pledged = [g.value_pledged / 1e6 for g in groups]      # 0 where not given: no bar drawn
    delivered = [g.value_delivered / 1e6 for g in groups]
    c = HorizontalBarChart()
    left = 8 + min(190, 6.2 * max(len(x) for x in labels))
    foot = 10 * len(stale_lines(s, width))     # room for the staleness footnote
    c.x, c.y = left, 34 + foot
    c.width, c.height = width - left - 70, height - BAR_MARGINS - foot
    # Within a group reportlab draws the first series lowest: delivered first puts the pledged
    # bar on top, in the legend's order (Pledged, Delivered).
    c.data = [delivered, pledged]
    c.bars[0].fillColor = _colour(DELIVERED)
    c.bars[1].fillColor = _colour(PLEDGED)
    c.bars.strokeColor = None
    c.barWidth, c.barSpacing, c.groupSpacing = BAR_UNITS, BAR_GAP, GROUP_GAP
    c.categoryAxis.categoryNames = labels
    c.categoryAxis.labels.fontName = FONT
    c.categoryAxis.labels.fontSize = 9
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.dx = -4
    c.categoryAxis.strokeColor = _colour(INK)
    c.valueAxis.valueMin = 0
    c.valueAxis.valueMax, c.valueAxis.valueStep = nice_max(max(pledged + delivered) * 1.08)
    c.valueAxis.labels.fontName = FONT
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = _millions_label(s.currency)
    c.valueAxis.visibleGrid = True
    c.valueAxis.gridStrokeColor = _colour(GRID)
    c.valueAxis.strokeColor = _colour(INK)
    c.barLabelFormat = _millions_label(s.currency)
    c.barLabels.fontName = FONT
    # Smaller labels where the bars are too close for full-size ones (a small image): the
    # labels of a short bar pair must not run into each other.
    c.barLabels.fontSize = min(BAR_LABEL_PT, _bar_pitch(c.height, len(groups)) / 1.25)
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    c.barLabels.fillColor = _colour("#333333")
    # Label only the pledged bars with a value (delivered zeros would clutter).
    fmt = _millions_label(s.currency)
    c.barLabelArray = [[(fmt(v) if v else "") for v in delivered],
                       [content.bar_words(g, s.currency) or fmt(v)
                        for v, g in zip(pledged, groups)]]
    c.barLabelFormat = "values"
    d.add(c)
    stale_footnote(d, s, width)
    _legend(d, width, [(PLEDGED, "Pledged"), (DELIVERED, "Delivered")])
    return d


def _legend(d, width, items, height=None):
    from reportlab.graphics.charts.legends import Legend
    lg = Legend()
    lg.x, lg.y = 8, (height or d.height) - 44
    lg.fontName = FONT
    lg.fontSize = 9
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 70
    lg.dx = lg.dy = 8
    lg.colorNamePairs = [(_colour(c), n) for c, n in items]
    lg.boxAnchor = "nw"
    d.add(lg)


def cumulative_chart(s: Summary, width: float = 640, height: float = 400):
    """Cumulative value pledged and delivered by the end of each month (a date axis)."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics.widgets.markers import makeMarker
    register_fonts()
    pts = content.cumulative(s)
    d = Drawing(width, height)
    sub = f"{content.period_text(s)}, {s.currency} millions, by end of month"
    off = content.off_axis_text(s, short=True)
    _title(d, CHART_TITLES["cumulative"], sub, width, height)
    if not pts:
        return _empty(d, width, height)
    xs = [p.day.toordinal() for p in pts]
    if len(xs) == 1:
        xs = [xs[0] - 30] + xs
        pts = [pts[0].__class__(pts[0].month, pts[0].day, 0.0, 0.0, 0.0, 0.0)] + pts
    c = LinePlot()
    foot = 10 * len(stale_lines(s, width))
    if off:         # its own line under the axis: the subtitle has no room for it
        from reportlab.graphics.shapes import String
        d.add(String(8, 3 + foot, _short(off, int(width / 4.6)), fontName=FONT, fontSize=8,
                     fillColor=_colour("#555555")))
        foot += 10
    c.x, c.y = 70, 40 + foot
    c.width, c.height = width - 70 - 24, height - 40 - 76 - foot
    c.data = [[(x, p.pledged / 1e6) for x, p in zip(xs, pts)],
              [(x, p.delivered / 1e6) for x, p in zip(xs, pts)]]
    for i, col in enumerate((PLEDGED, DELIVERED)):
        c.lines[i].strokeColor = _colour(col)
        c.lines[i].strokeWidth = 2.2
        c.lines[i].symbol = makeMarker("FilledCircle", size=4, fillColor=_colour(col),
                                       strokeColor=_colour(col))
    c.xValueAxis.valueMin = xs[0]
    c.xValueAxis.valueMax = xs[-1]
    c.xValueAxis.valueSteps = _month_steps(xs)
    c.xValueAxis.labelTextFormat = lambda v: dt.date.fromordinal(int(round(v))).strftime("%b %Y")
    c.xValueAxis.labels.fontName = FONT
    c.xValueAxis.labels.fontSize = 8
    c.xValueAxis.labels.angle = 30 if len(xs) > 8 else 0
    c.xValueAxis.labels.boxAnchor = "ne" if len(xs) > 8 else "n"
    c.yValueAxis.valueMin = 0
    c.yValueAxis.valueMax, c.yValueAxis.valueStep = nice_max(
        max(max(p.pledged, p.delivered) for p in pts) / 1e6)
    c.yValueAxis.labelTextFormat = _millions_label(s.currency)
    c.yValueAxis.labels.fontName = FONT
    c.yValueAxis.labels.fontSize = 8
    c.yValueAxis.visibleGrid = True
    c.yValueAxis.gridStrokeColor = _colour(GRID)
    d.add(c)
    stale_footnote(d, s, width)
    _legend(d, width, [(PLEDGED, "Pledged"), (DELIVERED, "Delivered")])
    return d


def _month_steps(xs: list[int]) -> list[int]:
    if len(xs) <= 12:
        return xs
    step = -(-len(xs) // 12)
    return xs[::step]


def nice_max(v: float) -> tuple[float, float]:
    """A round axis maximum above ``v`` and a step giving 4-6 gridlines."""
    import math
    if v <= 0:
        return 1.0, 0.25
    mag = 10 ** math.floor(math.log10(v))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if v <= m * mag * 1.0001:
            top = m * mag
            break
    for step_m in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = step_m * mag
        if top / step <= 6:
            return top, step
    return top, top / 5


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def chart_drawing(s: Summary, name: str, width: float = 640, height: float = 400):
    if name == "cumulative":
        return cumulative_chart(s, width, height)
    return bar_chart(s, name, width, height)


def chart_svg(drawing) -> bytes:
    """SVG text of a drawing; the embedded-font names become ordinary font families."""
    from reportlab.graphics import renderSVG
    svg = renderSVG.drawToString(drawing)
    family = "'Bitstream Vera Sans', 'DejaVu Sans', Verdana, Arial, sans-serif"
    svg = (svg.replace(f"font-family: {FONT_BOLD};", f"font-family: {family}; font-weight: bold;")
              .replace(f"font-family: {FONT};", f"font-family: {family};"))
    # A whole-drawing clip adds nothing (charts stay inside their drawing) and some SVG
    # renderers (Qt's) paint the clip rectangle black: leave it out.
    svg = re.sub(r"<clipPath id=\"clip\">.*?</clipPath>", "", svg, count=1, flags=re.S)
    svg = svg.replace(' style="clip-path: url(#clip)"', "")
    # reportlab writes "fill: None"; CSS keywords are lower case for strict readers (Qt).
    svg = svg.replace("fill: None", "fill: none").replace("stroke: None", "stroke: none")
    return svg.encode("utf-8")


def charts_svg(s: Summary, width: float = 640, height: float = 400) -> dict[str, bytes]:
    return {name: chart_svg(chart_drawing(s, name, width, height)) for name in CHART_NAMES}


def money_label(v: float, cur: str) -> str:
    return money(v, cur)
