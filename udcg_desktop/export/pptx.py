"""The PowerPoint deck (python-pptx): 16:9, big type, native editable charts.

Slides: title (meeting / as-of date), key figures, pledged by donor, by category, cumulative
pledged and delivered (native charts whose data sit in their embedded workbooks), the map at the
as-of date, the timeline, key events; sources in each slide's speaker notes. Every figure comes
from the ``Summary`` passed in; images arrive as PNG bytes (rendered by ``gui/render.py``).
"""
from __future__ import annotations

import io
from pathlib import Path

from ..core.describe import money
from ..core.summary import Summary
from . import content
from .safe import neutralise

BLUE = "1F5FA8"
ORANGE = "E08A00"
INK = "222222"
GREY = "595959"


def _safe_chart_data_class():
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


def write_pptx(summary: Summary, path: str | Path, images: dict | None = None,
               image_errors: dict | None = None) -> None:
    """``images``: {"map": png bytes, "timeline": png bytes}; ``image_errors``: name -> reason."""
    from pptx import Presentation
    from pptx.util import Emu, Inches
    s = summary
    images = images or {}
    image_errors = image_errors or {}
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)   # 16:9
    blank = prs.slide_layouts[6]
    notes_sources = "Sources:\n" + "\n".join(content.sources_text(s))
    cur = s.currency

    # 1. Title
    slide = prs.slides.add_slide(blank)
    _text(slide, Inches(0.8), Inches(1.5), Inches(11.7), Inches(2.0), content.title(s), 44,
          bold=True, colour="1F3864")
    _text(slide, Inches(0.8), Inches(3.7), Inches(11.7), Inches(0.8),
          f"Briefing {content.period_text(s)}", 28, colour=GREY)
    sub = f"Values in {cur}" + (f"  |  Filters: {s.filters.describe()}" if s.filters.active
                                 else "")
    _text(slide, Inches(0.8), Inches(4.5), Inches(11.7), Inches(0.6), sub, 18, colour=GREY)
    _notes(slide, notes_sources)

    # 2. Key figures
    slide = prs.slides.add_slide(blank)
    _heading(slide, "Key figures", f"{content.period_text(s)}, values in {cur}")
    figs = content.key_figures(s)
    big = [f for f in figs if f.label.startswith(("Value pledged", "Value delivered",
                                                  "Share delivered", "Pledge lines", "Donors",
                                                  "Events", "Occupied", "Contested"))][:8]
    cols = 4
    w, h = Inches(2.95), Inches(2.2)
    for i, f in enumerate(big):
        x = Inches(0.6) + (i % cols) * (w + Inches(0.15))
        y = Inches(1.7) + (i // cols) * (h + Inches(0.2))
        box = slide.shapes.add_shape(1, x, y, w, h)   # rectangle
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb("EEF3FA")
        box.line.fill.background()
        tf = box.text_frame
        tf.word_wrap = True
        p = tf.paragraphs[0]
        run = p.add_run()
        run.text = f.text
        _font(run, 36, True, "1F3864")
        p2 = tf.add_paragraph()
        r2 = p2.add_run()
        r2.text = f.label
        _font(r2, 16, False, GREY)
    foot = s.fx.describe()
    if s.unvalued:
        foot = f"{s.unvalued} pledge lines carry no value (counted, not summed). " + foot
    _text(slide, Inches(0.6), Inches(6.55), Inches(12.1), Inches(0.8), foot, 11, colour=GREY)
    _notes(slide, notes_sources)

    # 3-4. Bar charts; 5. cumulative
    ChartData = _safe_chart_data_class()
    for dim, title in (("by_donor", "Value pledged by donor"),
                       ("by_category", "Value pledged by category")):
        slide = prs.slides.add_slide(blank)
        groups = content.top_groups(s, dim, content.TOP_DONORS)
        total = len(content.groups(s, dim))
        sub = f"{content.period_text(s)}, {cur} millions"
        if total > len(groups):
            sub += f"; top {len(groups)} of {total}"
        _heading(slide, title, sub)
        if groups:
            _bar_chart(slide, ChartData, groups, cur)
        else:
            _text(slide, Inches(0.8), Inches(3), Inches(11), Inches(1), "No pledges in scope", 24)
        _notes(slide, _group_notes(s, dim, groups) + "\n\n" + notes_sources)

    slide = prs.slides.add_slide(blank)
    _heading(slide, "Cumulative value pledged and delivered",
             f"{content.period_text(s)}, {cur} millions, by end of month")
    pts = content.cumulative(s)
    if pts:
        _line_chart(slide, ChartData, pts)
    und = content.undated(s)
    if und is not None and und.count:
        _text(slide, Inches(0.6), Inches(6.8), Inches(12), Inches(0.5),
              f"{und.count} undated lines ({money(und.value_pledged, cur)}) are in the totals "
              f"but not on the time axis.", 12, colour=GREY)
    _notes(slide, notes_sources)

    # 6. Map, 7. timeline
    for name, title in (("map", f"Front line and events: {content.as_of_text(s)}"),
                        ("timeline", "Timeline of events and pledges")):
        slide = prs.slides.add_slide(blank)
        _heading(slide, title, _area_line(s) if name == "map" else content.period_text(s))
        data = images.get(name)
        if data:
            _picture(slide, data, Inches(0.5), Inches(1.45), Inches(12.33), Inches(5.85))
        else:
            _text(slide, Inches(0.8), Inches(3.2), Inches(11.7), Inches(1),
                  f"{name.capitalize()} image not available: "
                  f"{image_errors.get(name, 'not rendered')}", 20, colour=GREY)
        _notes(slide, notes_sources)

    # 8. Key events
    slide = prs.slides.add_slide(blank)
    events = content.key_events(s, limit=9)
    _heading(slide, "Key events", f"{s.events['count']} events {content.period_text(s)}; "
                                  f"latest {len(events)} of the key types")
    if events:
        rows, cols = len(events) + 1, 4
        shape = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(1.5), Inches(12.33),
                                       Inches(0.5) * rows)
        table = shape.table
        for c, wdt in enumerate((1.6, 1.6, 2.4, 6.73)):
            table.columns[c].width = Inches(wdt)
        for c, head in enumerate(("Date", "Type", "Place", "What happened")):
            _cell(table.cell(0, c), head, 16, True)
        for r, e in enumerate(events, start=1):
            desc = " ".join(str(e["description"] or "").split())
            if len(desc) > 110:
                desc = desc[:107].rstrip() + "..."
            for c, val in enumerate((e["date"] or "undated", e["type"], e["place"], desc)):
                _cell(table.cell(r, c), str(val or ""), 14)
        notes = "\n".join(f"{e['date']} {e['type']} {e['place']}: {e['source']} "
                          f"({e['source_file']}, sheet {e['source_sheet']}, row {e['source_row']})"
                          for e in events)
        _notes(slide, "Event sources:\n" + notes + "\n\n" + notes_sources)
    else:
        _text(slide, Inches(0.8), Inches(3), Inches(11), Inches(1), "No events in the period", 24)
        _notes(slide, notes_sources)

    prs.core_properties.title = f"{content.title(s)}: {content.period_text(s)}"
    prs.save(str(path))


def _area_line(s: Summary) -> str:
    ar = s.areas
    if not ar.get("snapshot_time"):
        return ar.get("note") or "No control-area snapshot"
    tag = " (illustrative)" if ar.get("illustrative") else ""
    return (f"Kharkiv oblast{tag}: occupied {content.km2(ar.get('occupied_km2'))}, contested "
            f"{content.km2(ar.get('contested_km2'))}; snapshot {ar['snapshot_time'][:16]}")


def _group_notes(s, dim, groups) -> str:
    lines = [f"Figures ({s.currency}):"]
    for g in groups:
        lines.append(f"{content.label(g.key)}: {g.count} lines, pledged "
                     f"{money(g.value_pledged, s.currency)}, delivered "
                     f"{money(g.value_delivered, s.currency)}"
                     + (f", {g.unvalued} without a value" if g.unvalued else ""))
    lines.append("Source rows: see the Excel summary's Sources sheet.")
    return "\n".join(lines)


def _rgb(hexstr):
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hexstr)


def _font(run, size, bold=False, colour=INK):
    from pptx.util import Pt
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)


def _text(slide, x, y, w, h, text, size, bold=False, colour=INK):
    box = slide.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.word_wrap = True
    run = tf.paragraphs[0].add_run()
    run.text = text
    _font(run, size, bold, colour)
    return box


def _heading(slide, title, subtitle):
    from pptx.util import Inches
    _text(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), title, 34, True, "1F3864")
    _text(slide, Inches(0.5), Inches(0.95), Inches(12.3), Inches(0.5), subtitle, 16, False, GREY)


def _notes(slide, text):
    slide.notes_slide.notes_text_frame.text = text


def _cell(cell, text, size, bold=False):
    cell.text = ""
    run = cell.text_frame.paragraphs[0].add_run()
    run.text = text
    _font(run, size, bold, "FFFFFF" if bold else INK)
    cell.text_frame.word_wrap = True


def _picture(slide, data, x, y, max_w, max_h):
    pic = slide.shapes.add_picture(io.BytesIO(data), x, y)
    scale = min(max_w / pic.width, max_h / pic.height)
    pic.width, pic.height = int(pic.width * scale), int(pic.height * scale)
    pic.left = int(x + (max_w - pic.width) / 2)
    return pic


def _readable(chart, category_pt: int):
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


def _bar_chart(slide, ChartData, groups, cur):
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Inches, Pt
    cd = ChartData(number_format='#,##0')
    # Largest at the top: a bar chart draws the first category at the bottom.
    ordered = list(reversed(groups))
    cd.categories = [neutralise(content.label(g.key)) for g in ordered]
    cd.add_series("Pledged", [g.value_pledged / 1e6 for g in ordered])
    cd.add_series("Delivered", [g.value_delivered / 1e6 for g in ordered])
    gf = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.45),
                                Inches(12.33), Inches(5.9), cd)
    chart = _readable(gf.chart, category_pt=14 if len(groups) <= 10 else 12)
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.overlap = 0
    for series, colour in zip(plot.series, (BLUE, ORANGE)):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)
    plot.series[0].data_labels.show_value = True
    plot.series[0].data_labels.number_format = '#,##0'
    plot.series[0].data_labels.number_format_is_linked = False
    plot.series[0].data_labels.font.size = Pt(12)
    plot.series[0].data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    return chart


def _line_chart(slide, ChartData, pts):
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt
    cd = ChartData(number_format='#,##0')
    # Month labels (text): a date axis in PowerPoint would tick every day.
    cd.categories = [p.day.strftime("%b %Y") for p in pts]
    cd.add_series("Pledged (cumulative)", [p.pledged / 1e6 for p in pts])
    cd.add_series("Delivered (cumulative)", [p.delivered / 1e6 for p in pts])
    gf = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(0.5), Inches(1.45),
                                Inches(12.33), Inches(5.35), cd)
    chart = _readable(gf.chart, category_pt=14)
    for series, colour in zip(chart.plots[0].series, (BLUE, ORANGE)):
        series.format.line.color.rgb = _rgb(colour)
        series.format.line.width = Pt(3.5)
        series.smooth = False
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(colour)
    return chart


def append_movie_slide(path: str | Path, movie: str | Path, poster_png: bytes | None,
                       title: str, subtitle: str, notes: str = "") -> None:
    """Add a slide playing ``movie`` (MP4) to the deck at ``path``, in place and atomically.

    The poster frame (the film's last day) is what the slide shows before it plays and what a
    printed deck shows."""
    from pptx import Presentation
    from pptx.util import Inches

    from ..core.atomic import write_atomic
    prs = Presentation(str(path))
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _heading(slide, title, subtitle)
    max_w, max_h = Inches(12.33), Inches(5.85)
    w = min(max_w, int(max_h * 16 / 9))
    h = int(w * 9 / 16)
    x = int((prs.slide_width - w) / 2)
    poster = io.BytesIO(poster_png) if poster_png else None
    slide.shapes.add_movie(str(movie), x, Inches(1.45), w, h, poster_frame_image=poster,
                           mime_type="video/mp4")
    if notes:
        _notes(slide, notes)
    write_atomic(path, lambda tmp: prs.save(str(tmp)))
