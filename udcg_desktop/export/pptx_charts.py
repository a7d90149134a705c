"""The deck's native charts (python-pptx): editable in PowerPoint, their data in each chart's
embedded workbook, type sizes readable from the back of a room."""
from __future__ import annotations

from . import content
from .safe import neutralise

BLUE = "1F5FA8"
ORANGE = "E08A00"
NBSP = "\u00a0"


def rgb(hexstr):
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hexstr)


def safe_chart_data_class():
    """CategoryChartData whose embedded workbook never turns a label into a formula."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from contextlib import contextmanager

    class _SafeWriter(CategoryWorkbookWriter):
        @contextmanager
        def _open_worksheet(self, xlsx_file):
            from xlsxwriter import Workbook
            workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False,
                                            "strings_to_numbers": False})
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

    class SafeCategoryChartData(CategoryChartData):
        @property
        def _workbook_writer(self):
            return _SafeWriter(self)

    return SafeCategoryChartData


def readable(chart, category_pt: int):
    """Legend on top and type sizes readable from the back of a room; value axis from zero in
    whole millions. Shared by every chart of the deck."""
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(16)
    chart.category_axis.tick_labels.font.size = Pt(category_pt)
    va = chart.value_axis
    va.tick_labels.font.size = Pt(14)
    va.has_major_gridlines = True
    va.minimum_scale = 0
    va.tick_labels.number_format = '#,##0'
    va.tick_labels.number_format_is_linked = False
    return chart


def bar_chart(slide, ChartData, groups, cur, box):
    """Pledged and delivered bars per group in ``box`` (x, y, w, h in inches), largest on top."""
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Inches, Pt
    cd = ChartData(number_format='#,##0')
    # Largest at the top: a bar chart draws the first category at the bottom.
    ordered = list(reversed(groups))
    # A value no source gives is a blank (no bar) and says so in its label, never a 0 bar.
    # No-break spaces: a name wrapped onto two lines makes LibreOffice hide every other label.
    words = [content.bar_words(g, cur) for g in ordered]
    cd.categories = [neutralise(content.label(g.key) + (f" ({w})" if w else "")).replace(
        " ", NBSP) for g, w in zip(ordered, words)]
    cd.add_series("Pledged", [None if w else g.value_pledged / 1e6
                              for g, w in zip(ordered, words)])
    cd.add_series("Delivered", [g.value_delivered / 1e6 if g.delivered_given else None
                                for g in ordered])
    gf = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *(Inches(v) for v in box), cd)
    chart = readable(gf.chart, category_pt=14 if len(groups) <= 10 else 12)
    _every_label(chart)
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.overlap = 0
    for series, colour in zip(plot.series, (BLUE, ORANGE)):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(colour)
    plot.series[0].data_labels.show_value = True
    plot.series[0].data_labels.number_format = '#,##0'
    plot.series[0].data_labels.number_format_is_linked = False
    plot.series[0].data_labels.font.size = Pt(12)
    plot.series[0].data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    return chart


def _every_label(chart) -> None:
    """Show every category name: LibreOffice otherwise skips every other one when it thinks
    they might collide (tickLblSkip = 1, and no automatic skipping)."""
    from pptx.oxml.ns import qn
    from lxml import etree
    ax = chart.category_axis._element
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        old = ax.find(qn(tag))
        if old is not None:
            ax.remove(old)
    # schema order: ... c:lblOffset, c:tickLblSkip, c:tickMarkSkip, c:noMultiLvlLbl
    anchor = ax.find(qn("c:noMultiLvlLbl"))
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        el = etree.SubElement(ax, qn(tag))
        el.set("val", "1")
        if anchor is not None:
            anchor.addprevious(el)



def line_chart(slide, ChartData, pts, box):
    """Cumulative pledged and delivered by month in ``box`` (x, y, w, h in inches)."""
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt
    cd = ChartData(number_format='#,##0')
    # Month labels (text): a date axis in PowerPoint would tick every day.
    cd.categories = [p.day.strftime("%b %Y") for p in pts]
    cd.add_series("Pledged (cumulative)", [p.pledged / 1e6 for p in pts])
    cd.add_series("Delivered (cumulative)", [p.delivered / 1e6 for p in pts])
    gf = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, *(Inches(v) for v in box), cd)
    chart = readable(gf.chart, category_pt=14)
    for series, colour in zip(chart.plots[0].series, (BLUE, ORANGE)):
        series.format.line.color.rgb = rgb(colour)
        series.format.line.width = Pt(3.5)
        series.smooth = False
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = rgb(colour)
    return chart
