"""The PDF briefing (reportlab): A4, a few pages, charts as vector drawings, page numbers.

Page 1: title, key figures, the rate basis; then the charts (the same reportlab drawings the SVG
and PNG exports are made from), the map and timeline images, the key events and the sources.
Every figure comes from the ``Summary`` passed in.
"""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from ..core.describe import delivered_text, pledged_text
from ..core.summary import Summary
from . import charts, content


def write_pdf(summary: Summary, path: str | Path, images: dict | None = None,
              image_errors: dict | None = None) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate,
                                    Spacer, Table)
    s = summary
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

    story.append(P(content.title(s), h1))
    story.append(P(f"Briefing {content.period_text(s)}. Values in {cur}. Filters: "
                   f"{s.filters.describe()}.", body))
    for note in s.stale_notes:
        story.append(P(note, body))
    story.append(Spacer(1, 8))
    story.append(P("Key figures", h2))
    rows = [["Figure", "Value"]] + [[f.label, f.text] for f in content.key_figures(s)]
    t = Table(rows, colWidths=[width * 0.65, width * 0.35])
    t.setStyle(_table_style(font, bold, colors, align_right=True))
    story.append(t)
    story.append(Spacer(1, 6))
    story.append(P(s.fx.describe(), small))
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
        d = charts.chart_drawing(s, name, width, width * (0.5 if name == 'cumulative' else 0.72))
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
            block.append(P(_area_text(s), small))
        story.append(KeepTogether(block))

    story.append(P("Events of the period", h2))
    events = content.event_rows(s)
    shown = events[-25:]
    if len(events) > len(shown):
        story.append(P(f"Latest {len(shown)} of {len(events)} events; all are in the Excel "
                       f"summary.", small))
    if shown:
        rows = [["Date", "Type", "Place", "What happened"]]
        for e in shown:
            desc = " ".join(str(e["description"] or "").split())
            if len(desc) > 220:
                desc = desc[:217].rstrip() + "..."
            rows.append([e["date"] or "undated", P(e["type"], small), P(e["place"], small),
                         P(desc, small)])
        tbl = Table(rows, colWidths=[width * 0.13, width * 0.16, width * 0.19, width * 0.52],
                    repeatRows=1)
        tbl.setStyle(_table_style(font, bold, colors, size=8))
        story.append(tbl)
    else:
        story.append(P("No events in the period.", body))

    src = [P(line, small) for line in content.sources_text(s)]
    story.append(KeepTogether([P("Sources", h2)] + src[:3]))
    story.extend(src[3:])
    story.append(P("Every figure traces to its input rows: see the Pledges and Sources sheets "
                   "of the Excel summary (source file, sheet and row of each line).", small))

    footer_text = f"{content.title(s)}, {content.period_text(s)}"

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.8 * cm, 1.1 * cm, footer_text)
        canvas.drawRightString(A4[0] - 1.8 * cm, 1.1 * cm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm,
                            topMargin=1.6 * cm, bottomMargin=1.8 * cm,
                            title=f"{content.title(s)}: {content.period_text(s)}",
                            author="udcg-desktop", subject="UDCG briefing")
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def _area_text(s: Summary) -> str:
    ar = s.areas
    if not ar.get("snapshot_time"):
        return ar.get("note") or "No control-area snapshot loaded."
    tag = " Illustrative areas." if ar.get("illustrative") else ""
    return (f"Kharkiv oblast: occupied {content.km2(ar.get('occupied_km2'))}, contested "
            f"{content.km2(ar.get('contested_km2'))} (snapshot {ar['snapshot_time']}, "
            f"{ar['snapshot_file']}).{tag}")


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
