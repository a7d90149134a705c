"""The PDF briefing (reportlab): A4, a few pages, charts as vector drawings, page numbers.

Page 1: title, period, area of interest, prepared by/on, key figures, the rate basis (one line);
then the charts (the same reportlab drawings the SVG and PNG exports are made from), the map and
timeline images, the front's change (with a comparison date), deliveries, key events, and a
Sources and caveats page (file names only). The classification marking stands at the top and
bottom of every page.
Every figure comes from the ``Summary`` passed in.
"""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from ..core.describe import delivered_text, pledged_text
from ..core.summary import Summary
from . import charts, content
from .key_events import key_events
from .sources import caveats, rate_line, source_entries
from .registry import exporter


@exporter("pdf", "PDF briefing (.pdf)", order=30)
def export_pdf(summary: Summary, path, ctx) -> None:
    write_pdf(summary, path, ctx.png("map", "timeline", "change_map_body"), ctx.errors,
              info=ctx.info, bookmarks=ctx.story)


def write_pdf(summary: Summary, path: str | Path, images: dict | None = None,
              image_errors: dict | None = None, info: content.PackInfo | None = None,
              bookmarks: list | None = None) -> None:
    """``info``: title, subtitle, classification marking (top and bottom of every page) and
    author (``content.PackInfo``); ``bookmarks``: the story (``export.story.StoryPage``), one
    page each after the summary."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate,
                                    Spacer, Table)
    s = summary
    info = info or content.PackInfo()
    mark = content.marking(info)
    images = images or {}
    image_errors = image_errors or {}
    font, bold = charts.register_fonts()
    ss = getSampleStyleSheet()
    body = ParagraphStyle("body", ss["BodyText"], fontName=font, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", body, fontSize=8, leading=10, textColor=colors.HexColor(
        "#444444"))
    h1 = ParagraphStyle("h1", ss["Heading1"], fontName=bold, fontSize=20, leading=24,
                        textColor=colors.HexColor("#1f3864"), spaceAfter=4)
    h2 = ParagraphStyle("h2", ss["Heading2"], fontName=bold, fontSize=13.5, leading=17,
                        textColor=colors.HexColor("#1f3864"), spaceBefore=8, spaceAfter=4)
    cur = s.currency
    width = A4[0] - 3.6 * cm
    story = []
    P = lambda text, style=body: Paragraph(escape(str(text)), style)   # noqa: E731

    story.append(P(content.title(s, info), h1))
    story.append(P(content.subtitle(s, info), h2))
    story.append(P(f"{content.area_sentence(s)} Values in {cur}. Filters: "
                   f"{s.filters.describe()}.", body))
    for note in s.stale_notes:
        story.append(P(note, body))
    story.append(P(info.prepared_line() + ".", body))
    story.append(Spacer(1, 8))
    story.append(P("Key figures", h2))
    rows = [["Figure", "Value"]] + [[f.label, f.text] for f in content.key_figures(s)]
    t = Table(rows, colWidths=[width * 0.65, width * 0.35])
    t.setStyle(_table_style(font, bold, colors, align_right=True))
    story.append(t)
    story.append(Spacer(1, 6))
    story.append(P(rate_line(s, "page"), small))
    if s.unvalued:
        story.append(P(f"{s.unvalued} pledge lines carry no value: they are counted, not "
                       f"summed.", small))

    for dim, title in (("by_donor", "Top donors"), ("by_category", "By category"),
                       ("by_coalition", "By capability coalition")):
        groups = content.groups(s, dim)[:content.TOP_DONORS]
        if not groups:
            continue
        rows = [[title.split(" ", 1)[-1].capitalize() if dim != "by_donor" else "Donor",
                 "Lines", f"Pledged ({cur})", f"Delivered ({cur})"]]
        rows += [[content.label(g.key), f"{g.count:,}", P(pledged_text(g, cur), small),
                  P(delivered_text(g, cur), small)] for g in groups]
        tbl = Table(rows, colWidths=[width * 0.52, width * 0.12, width * 0.18, width * 0.18],
                    repeatRows=1)
        tbl.setStyle(_table_style(font, bold, colors, align_right=True, first_col=1))
        story.append(KeepTogether([P(title, h2), tbl]))

    story.append(PageBreak())
    story.append(P("Charts", h2))
    for name in charts.CHART_NAMES:
        d = charts.chart_drawing(s, name, width, width * 0.5 if name == "cumulative"
                                 else charts.bar_chart_height(s, name, width))
        story.append(d)
        story.append(Spacer(1, 10))

    for name, title in (("map", f"Map at {content.as_of_text(s)}"), ("timeline", "Timeline")):
        block = [P(title, h2)]
        data = images.get(name)
        if data:
            img = Image(io.BytesIO(data))
            scale = min(width / img.imageWidth, (A4[1] * 0.42) / img.imageHeight)
            img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
            block.append(img)
        else:
            block.append(P(f"{name.capitalize()} image not available: "
                           f"{image_errors.get(name, 'not rendered')}", small))
        if name == "map":
            block += [P(line, small) for line in content.front_lines(s)]
            block.append(P(content.area_sentence(s), small))
        story.append(KeepTogether(block))

    change = (s.areas or {}).get("change_since")
    if change:
        heads, rows = content.change_rows(s, change)
        tbl = Table([list(heads)] + [list(r) for r in rows], colWidths=[width * 0.25] * 4)
        tbl.setStyle(_table_style(font, bold, colors, align_right=True))
        story.append(KeepTogether([P("The front's change", h2), tbl]))
    if s.change_map is not None:
        story.append(PageBreak())
        story += _change_map_page(s, images.get("change_map_body"), image_errors, P, h2, small,
                                  width, A4[1] * 0.55)

    def listing(heading, intro, heads, rows, fractions, empty):
        """A heading, one line on what is listed, and the table (or a line saying none)."""
        if not rows:
            story.append(KeepTogether([P(heading, h2), P(empty, body)]))
            return
        cells = [list(heads)] + [[r[0]] + [P(v, small) for v in r[1:]] for r in rows]
        tbl = Table(cells, colWidths=[width * f for f in fractions], repeatRows=1)
        tbl.setStyle(_table_style(font, bold, colors, size=8))
        story.append(KeepTogether([P(heading, h2), P(intro, small), tbl]))   # no lone heading

    deliveries, n_deliveries = content.delivery_rows(s, limit=15)
    listing("Deliveries", f"{n_deliveries:,} deliveries recorded {content.period_text(s)}"
            + (f"; the {len(deliveries)} largest" if n_deliveries > len(deliveries) else "")
            + ".", ("Date", "Donor", "What arrived", "Where"),
            [(r["date"], r["donor"], r["what"], r["where"]) for r in deliveries],
            (0.16, 0.22, 0.44, 0.18), "No deliveries recorded in the period.")
    events = key_events(s, limit=12)
    listing("Key events", f"{s.events['count']:,} events, {content.period_text(s)} "
            f"({content.area_label(s) or 'everything loaded'}); the most significant, by date. "
            f"All are in the Excel summary.", ("Date", "Type", "Place", "What happened"),
            [(e.date or "undated", e.kind, content.shorten(e.place, 60),
              content.shorten(e.text, 240)) for e in events],
            (0.13, 0.15, 0.2, 0.52), "No events in the period.")

    for page in bookmarks or ():
        story.append(PageBreak())
        story.append(P(f"{page.number}. {page.title}", h1))
        story.append(P(page.subheading(), small))
        if page.note:
            story.append(P(page.note, body))
        if page.map_png:
            img = Image(io.BytesIO(page.map_png))
            scale = min(width / img.imageWidth, (A4[1] * 0.5) / img.imageHeight)
            img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
            story.append(img)
        else:
            story.append(P(f"Map not available: {page.map_error or 'not rendered'}", small))
        rows = [["Figure at " + page.date, "Value"]] + [[f.label, f.text]
                                                        for f in page.figures()]
        t = Table(rows, colWidths=[width * 0.65, width * 0.35])
        t.setStyle(_table_style(font, bold, colors, align_right=True))
        story.append(t)
        story.append(P(content.area_sentence(page.summary), small))

    story.append(PageBreak())
    story.append(P("Sources and caveats", h2))
    for e in source_entries(s):
        head = f"<b>{escape(e.name)}</b> ({escape(e.publisher)})" + (
            " - illustrative" if e.illustrative else "")
        detail = "; ".join(escape(x) for x in (e.date, e.url, f"file {e.file}", e.rows) if x)
        story.append(Paragraph(f"{head}: {detail}", body))
    story.append(Spacer(1, 6))
    for line in caveats(s):
        story.append(P(line, small))
    story.append(P("Every figure traces to its input rows: see the Pledges and Sources sheets "
                   "of the Excel summary (source file, sheet and row of each line).", small))

    footer_text = f"{content.title(s, info)}, {content.period_text(s)}"

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.8 * cm, 1.1 * cm, footer_text[:110])
        canvas.drawRightString(A4[0] - 1.8 * cm, 1.1 * cm, f"Page {doc.page}")
        if mark:       # the marking, centred at the top and the bottom of every page
            canvas.setFont(bold, 11)
            canvas.setFillColor(colors.HexColor("#8b0000"))
            canvas.drawCentredString(A4[0] / 2, A4[1] - 0.9 * cm, mark)
            canvas.drawCentredString(A4[0] / 2, 0.5 * cm, mark)
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm,
                            topMargin=1.6 * cm, bottomMargin=1.8 * cm,
                            title=f"{content.title(s, info)}: {content.period_text(s)}",
                            author=info.author or "udcg-desktop", subject="UDCG briefing")
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def _change_map_page(s: Summary, png, image_errors: dict, P, h2, small, width: float,
                     max_h: float) -> list:
    """The change map's page: its headline, the picture, each class's km², the sectors and
    where the sources disagree, and who drew the lines."""
    from reportlab.platypus import Image
    from ..core.change_map import attribution, headline, legend_rows
    from ..core.describe import sectors_text
    from ..core.source_disagreement import disagreement_text
    cm = s.change_map
    out = [P(headline(cm), h2)]
    if png:
        img = Image(io.BytesIO(png))
        scale = min(width / img.imageWidth, max_h / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        out.append(img)
    else:
        out.append(P(f"Change map not available: "
                     f"{image_errors.get('change_map', 'not rendered')}", small))
    out += [P(f"{label}: {km2}.", small) for _k, label, km2 in legend_rows(cm)]
    out += [P(t, small) for t in (sectors_text(s.sector_change),
                                  disagreement_text(cm.disagreement), attribution(cm)) if t]
    return out


def _table_style(font, bold, colors, align_right=False, first_col=1, size=9):
    from reportlab.platypus import TableStyle
    cmds = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3864")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef3fa")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#1f3864")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if align_right:
        cmds.append(("ALIGN", (first_col, 0), (-1, -1), "RIGHT"))
    return TableStyle(cmds)
