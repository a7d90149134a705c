"""The PowerPoint deck (python-pptx): 16:9, big type, native editable charts.

Slides: title (title, period, area of interest, prepared by/on), key figures, pledged by donor,
by category and by capability coalition, cumulative pledged and delivered (native charts whose
data sit in their embedded workbooks), the map at the as-of date, the timeline, the front's change
(with a comparison date), deliveries, key events, sources and caveats; sources also in each
slide's speaker notes (file names only). The classification marking stands at the top and bottom
of every slide; no text is smaller than 12 pt, and boxes and table rows are sized to their text. Every figure comes
from the ``Summary`` passed in; images arrive as PNG bytes (rendered by ``gui/render.py``).
"""
from __future__ import annotations

import io
from pathlib import Path

from ..core.describe import (control_area_text, delivered_text, front_change_text,
                             pledged_text, settlements_text, signed_money)
from ..core.summary import Summary
from . import content
from .key_events import key_events
from .sources import caveats, rate_line, source_entries, sources_text
from .pptx_charts import bar_chart, line_chart, rgb, safe_chart_data_class
from .registry import exporter

INK = "222222"
GREY = "595959"


EMU_PER_IN = 914400
SLIDE_W, SLIDE_H = 13.333, 7.5          # inches, 16:9
MARK_H = 0.38                           # the classification band at top and bottom
TOP = 0.45                              # content starts below the top band
BODY_TOP = 1.5                          # below a heading and its subtitle
BODY_BOTTOM = SLIDE_H - MARK_H - 0.07   # content ends above the bottom band
MIN_PT = 12                             # no text on a slide is smaller
KEY_EVENTS = 8


@exporter("pptx", "PowerPoint deck (.pptx)", order=20)
def export_pptx(summary: Summary, path, ctx) -> None:
    write_pptx(summary, path, ctx.png("map", "timeline", "change_map_body"), ctx.errors,
               info=ctx.info, story=ctx.story, changes=ctx.changes)


def write_pptx(summary: Summary, path: str | Path, images: dict | None = None,
               image_errors: dict | None = None, info: content.PackInfo | None = None,
               story: list | None = None, changes=None) -> None:
    """``images``: {"map": png bytes, "timeline": png bytes}; ``image_errors``: name -> reason;
    ``info``: title, subtitle, classification marking and author (``content.PackInfo``);
    ``story``: the bookmarks as ``export.story.StoryPage``, one slide each after the summary;
    ``changes``: the changes since the last release (``core.release_changes``), one slide."""
    from pptx import Presentation
    from pptx.util import Emu, Inches
    s = summary
    info = info or content.PackInfo()
    images = images or {}
    image_errors = image_errors or {}
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)   # 16:9
    blank = prs.slide_layouts[6]
    mark = content.marking(info)
    notes_sources = "Sources:\n" + "\n".join(sources_text(s))
    cur = s.currency

    def new_slide(heading=None, sub=""):
        slide = prs.slides.add_slide(blank)
        _marking(slide, mark)
        if heading:
            _heading(slide, heading, sub)
        return slide

    # 1. Title
    slide = new_slide()
    _text(slide, Inches(0.8), Inches(1.2), Inches(11.7), Inches(1.7), content.title(s, info), 40,
          bold=True, colour="1F3864")
    _text(slide, Inches(0.8), Inches(3.0), Inches(11.7), Inches(0.7), content.subtitle(s, info),
          24, colour=GREY)
    lines = [content.area_sentence(s), f"Values in {cur}"
             + (f"  |  Filters: {s.filters.describe()}" if s.filters.active else "")]
    _text(slide, Inches(0.8), Inches(3.9), Inches(11.7), Inches(1.3), "\n".join(lines), 16,
          colour=GREY)
    _text(slide, Inches(0.8), Inches(5.6), Inches(11.7), Inches(0.5), info.prepared_line(), 18,
          colour=INK)
    _notes(slide, notes_sources)

    # 2. Key figures
    slide = new_slide("Key figures", f"{content.period_text(s)}, values in {cur}")
    figs = content.key_figures(s)
    wanted = ("Value pledged", "Value delivered", "Share delivered", "Pledge lines", "Donors",
              "Events", "Occupied", "Contested")
    if s.areas.get("change_since"):       # the front's change takes the lines' and donors' place
        wanted = tuple(w for w in wanted if w not in ("Pledge lines", "Donors"))
    big = [f for f in figs if f.label.startswith(wanted)][:8]
    cols = 4
    shift = _coverage_warning(slide, s)       # "Pledge data ends ..." above the figures
    change = front_change_text(s.areas)       # and the front's change (Ukraine too) below
    box_h = 2.2 - shift / 2 - (0.3 if change else 0.0)
    w, h = Inches(2.95), Inches(box_h)
    for i, f in enumerate(big):
        x = Inches(0.6) + (i % cols) * (w + Inches(0.15))
        y = Inches(BODY_TOP + 0.1 + shift) + (i // cols) * (h + Inches(0.2))
        box = slide.shapes.add_shape(1, x, y, w, h)   # rectangle
        box.fill.solid()
        box.fill.fore_color.rgb = rgb("EEF3FA")
        box.line.fill.background()
        tf = box.text_frame
        tf.word_wrap = True
        p = tf.paragraphs[0]
        run = p.add_run()
        run.text = f.text
        # A figure in words ("3 deliveries, value not given") needs a smaller size to fit.
        _font(run, 36 if len(f.text) <= 12 else 22, True, "1F3864")
        p2 = tf.add_paragraph()
        r2 = p2.add_run()
        r2.text = f.label
        _font(r2, 16, False, GREY)
    # One short line; the rates themselves are in the notes and on the Sources slide.
    foot = rate_line(s)
    if s.unvalued:
        foot = f"{s.unvalued:,} lines without a value are counted, not summed. " + foot
    _text(slide, Inches(0.6), Inches(BODY_BOTTOM - 0.5), Inches(12.1), Inches(0.5), foot,
          MIN_PT, colour=GREY)
    if change:
        top = BODY_TOP + 0.1 + shift + 2 * box_h + 0.25
        _text(slide, Inches(0.6), Inches(top), Inches(12.1), Inches(BODY_BOTTOM - 0.5 - top),
              change, MIN_PT + 1, True, INK)
    _notes(slide, f"{s.fx.describe()}\n\n{notes_sources}")

    # 3-5. Bar charts by donor, category and capability coalition; 6. cumulative
    ChartData = safe_chart_data_class()
    for dim, title in (("by_donor", "Value pledged by donor"),
                       ("by_category", "Value pledged by category"),
                       ("by_coalition", "Value pledged by capability coalition")):
        groups = content.top_groups(s, dim, content.TOP_DONORS)
        if dim == "by_coalition":
            groups = [g for g in groups if g.key]
            if not groups:
                continue          # the source names no coalitions: no empty slide
        total = len(content.groups(s, dim))
        sub = f"{content.period_text(s)}, {cur} millions"
        if total > len(groups):
            sub += f"; top {len(groups)} of {total}"
        slide = new_slide(title, sub)
        if groups:
            bar_chart(slide, ChartData, groups, cur, (0.5, BODY_TOP, 12.33, BODY_BOTTOM - BODY_TOP))
        else:
            _text(slide, Inches(0.8), Inches(3), Inches(11), Inches(1), "No pledges in scope", 24)
        _notes(slide, _group_notes(s, dim, groups) + "\n\n" + notes_sources)

    slide = new_slide("Cumulative value pledged and delivered",
                      f"{content.period_text(s)}, {cur} millions, by end of month")
    pts = content.cumulative(s)
    off = content.off_axis_text(s)
    low = BODY_BOTTOM - (0.4 if off else 0.0)
    if pts:
        line_chart(slide, ChartData, pts, (0.5, BODY_TOP, 12.33, low - BODY_TOP))
    if off:
        _text(slide, Inches(0.6), Inches(low), Inches(12), Inches(0.4), off, MIN_PT,
              colour=GREY)
    _notes(slide, notes_sources)

    # 7. Map, 8. timeline
    for name, title in (("map", f"Front line and events: {content.as_of_text(s)}"),
                        ("timeline", "Timeline of events and pledges")):
        slide = new_slide(title, control_area_text(s.areas, short=True) if name == "map"
                          else content.period_text(s))
        slide._element.cSld.name = name          # the film's slide goes after "map"
        data = images.get(name)
        if data:
            _picture(slide, data, Inches(0.5), Inches(BODY_TOP), Inches(12.33),
                     Inches(BODY_BOTTOM - BODY_TOP))
        else:
            _text(slide, Inches(0.8), Inches(3.2), Inches(11.7), Inches(1),
                  f"{name.capitalize()} image not available: "
                  f"{image_errors.get(name, 'not rendered')}", 20, colour=GREY)
        _notes(slide, "\n".join(content.front_lines(s) + [content.area_sentence(s)])
               + "\n\n" + notes_sources)

    # 9. The front's change (when a comparison date is set)
    change = (s.areas or {}).get("change_since")
    if change:
        slide = new_slide("The front's change",
                          f"Kharkiv oblast, compared with {change['date']}: the snapshots "
                          f"published by then and "
                          + (f"by {s.as_of}" if s.as_of is not None else "the latest"))
        _change_table(slide, s, change)
        _front_words(slide, s, BODY_TOP + 0.55 * 4 + 0.3)
        _notes(slide, "\n".join(content.front_lines(s)) + "\n\n" + notes_sources)

    # 9a. The change map (a comparison date and snapshots on both days)
    if s.change_map is not None:
        _change_map_slide(new_slide, s, images.get("change_map_body"), image_errors,
                          notes_sources)

    # 9b. Changes since the last release (when a previous release is given)
    if changes is not None:
        _changes_slide(new_slide, changes, notes_sources)

    # 10. Deliveries
    rows, total = content.delivery_rows(s, limit=8)
    slide = new_slide("Deliveries", f"{content.period_text(s)}: {total:,} deliveries recorded"
                      + (f"; the {len(rows)} largest" if total > len(rows) else ""))
    if rows:
        _table(slide, ("Date", "Donor", "What arrived", "Where"), (1.7, 2.6, 5.63, 2.4),
               [(r["date"], r["donor"], r["what"], r["where"]) for r in rows])
    else:
        _text(slide, Inches(0.8), Inches(3), Inches(11), Inches(1),
              "No deliveries recorded in the period", 24)
    _notes(slide, "Deliveries:\n" + "\n".join(f"{r['date']} {r['donor']}: {r['what']} "
                                                f"({r['source']})" for r in rows)
           + "\n\n" + notes_sources)

    # 11. Key events
    events = key_events(s, limit=KEY_EVENTS)
    where = content.area_label(s) or "everything loaded"
    slide = new_slide("Key events", f"{s.events['count']:,} events, {content.period_text(s)} "
                                    f"({where}); the most significant, by date")
    if events:
        _table(slide, ("Date", "Type", "Place", "What happened"), (1.5, 1.8, 2.6, 6.43),
               [(e.date or "undated", e.kind, content.shorten(e.place, 40),
                 content.shorten(e.text, 120)) for e in events])
        notes = "\n".join(f"{e.date} {e.kind} {e.place}: {e.text} [{e.source}]" for e in events)
        _notes(slide, "Key events in full:\n" + notes + "\n\n" + notes_sources)
    else:
        _text(slide, Inches(0.8), Inches(3), Inches(11), Inches(1), "No events in the period", 24)
        _notes(slide, notes_sources)

    # 12. The story: one slide per bookmark
    for page in story or ():
        _story_slide(new_slide(page.heading(), page.subheading()), page, notes_sources)

    # 13. Sources and caveats (continued on further slides while it does not fit)
    _sources_slides(new_slide, s)

    prs.core_properties.title = f"{content.title(s, info)}: {content.period_text(s)}"
    if info.author:
        prs.core_properties.author = info.author
    prs.save(str(path))


def _changes_slide(new_slide, c, notes_sources: str) -> None:
    """Totals by cause on the left, the largest changed packages on the right."""
    from . import changes as ch
    old, new = ch.release_names(c)
    slide = new_slide("Changes since the last release", f"{old} to {new}, EUR")
    _table(slide, ("Change", "Packages", "EUR"), (2.6, 1.35, 1.45), ch.total_rows(c))
    top = ch.package_rows(c, 5)
    if top:
        _table(slide, ("Package", "Donor", "What changed"), (1.2, 1.9, 3.75),
                       [(r["id"] or "(no ID)", r["donor"], content.shorten(
                           r["what"] + (f" ({signed_money(r['delta'])})" if r["delta"] else ""),
                           90)) for r in top], left=6.2)
    _notes(slide, ch.headline(c) + "\n" + "\n".join(c.warnings) + "\n\n"
           + "\n".join(f"{r['id']} {r['donor']} {r['date']}: {r['what']}"
                       for r in ch.package_rows(c, 40)) + "\n\n" + notes_sources)


def _change_map_slide(new_slide, s: Summary, png, image_errors: dict,
                      notes_sources: str) -> None:
    """The change map: its headline as the title, the picture, the numbers in the notes."""
    from pptx.util import Inches
    from ..core.change_map import attribution, headline, legend_rows
    from ..core.describe import sectors_text
    from ..core.source_disagreement import disagreement_text
    cm = s.change_map
    slide = new_slide(headline(cm), f"Kharkiv axis, {cm.source} snapshots of "
                                    f"{cm.since_snapshot[:10]} and {cm.as_of_snapshot[:10]}")
    if png:
        _picture(slide, png, Inches(0.5), Inches(BODY_TOP), Inches(12.33),
                 Inches(BODY_BOTTOM - BODY_TOP))
    else:
        _text(slide, Inches(0.8), Inches(3.2), Inches(11.7), Inches(1), "Change map not "
              f"available: {image_errors.get('change_map', 'not rendered')}", 20, colour=GREY)
    lines = [f"{label}: {km2}" for _k, label, km2 in legend_rows(cm)]
    lines += [t for t in (sectors_text(s.sector_change), disagreement_text(cm.disagreement),
                          attribution(cm)) if t]
    _notes(slide, "\n".join(lines) + "\n\n" + notes_sources)


def _story_slide(slide, page, notes_sources: str) -> None:
    """A bookmark: its map at that date and extent on the left, its note and the figures at
    that date on the right."""
    from pptx.util import Inches
    map_w = 8.2
    if page.map_png:
        _picture(slide, page.map_png, Inches(0.5), Inches(BODY_TOP), Inches(map_w),
                 Inches(BODY_BOTTOM - BODY_TOP))
    else:
        _text(slide, Inches(0.5), Inches(3.2), Inches(map_w), Inches(1),
              f"Map not available: {page.map_error or 'not rendered'}", 18, colour=GREY)
    x, w = 0.5 + map_w + 0.25, SLIDE_W - (0.5 + map_w + 0.25) - 0.45
    y = BODY_TOP
    if page.note:
        from .text_fit import text_height_pt
        note, room = page.note, 3.2
        size = _fit_size(note, w, room, (20, 18, 16, 14, MIN_PT))
        while text_height_pt(note, w * 72 - 14.4, size) > room * 72 - 14.4 and len(note) > 40:
            note = content.shorten(page.note, int(len(note) * 0.85))   # whole note in the notes
        h = (text_height_pt(note, w * 72 - 14.4, size) + 14.4) / 72
        _text(slide, Inches(x), Inches(y), Inches(w), Inches(h), note, size, colour=INK)
        y += h + 0.15
    for f in page.figures():
        if y + 0.75 > BODY_BOTTOM:
            break
        box = _text(slide, Inches(x), Inches(y), Inches(w), Inches(0.75), f.text, 24, bold=True,
                    colour="1F3864")
        p = box.text_frame.add_paragraph()
        run = p.add_run()
        run.text = f.label
        _font(run, MIN_PT, False, GREY)
        y += 0.8
    _notes(slide, (page.note + "\n\n" if page.note else "")
           + "\n".join(f"{f.label}: {f.text}" for f in page.figures())
           + "\n\n" + content.area_sentence(page.summary) + "\n\n" + notes_sources)


def _marking(slide, mark: str) -> None:
    """The classification marking, centred at the top and the bottom of the slide."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches
    if not mark:
        return
    for y in (0.0, SLIDE_H - MARK_H):
        box = _text(slide, Inches(0.5), Inches(y), Inches(SLIDE_W - 1.0), Inches(MARK_H), mark,
                    14, bold=True, colour="8B0000")
        box.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        box.name = "Classification marking"


def deck_marking(prs) -> str:
    """The marking a deck written here carries (its first slide's), or ""."""
    for shape in prs.slides[0].shapes if len(prs.slides) else ():
        if shape.name == "Classification marking" and shape.has_text_frame:
            return shape.text_frame.text
    return ""


def _sources_slides(new_slide, s) -> None:
    from pptx.util import Inches, Pt
    from .text_fit import text_height_pt
    entries = source_entries(s)
    paras: list[tuple[str, int, bool]] = [("Sources", 16, True)]
    for e in entries:
        head = f"{e.name} ({e.publisher})" + (" - illustrative" if e.illustrative else "")
        detail = "; ".join(x for x in (e.date, e.url, f"file {e.file}", e.rows) if x)
        paras.append((f"{head}: {detail}", 13, False))
    paras.append(("Caveats", 16, True))
    paras += [(line, MIN_PT, False) for line in caveats(s)]
    width_pt = (SLIDE_W - 1.2) * 72 - 14           # the box's inner width
    room = (BODY_BOTTOM - BODY_TOP) * 72 - 14
    pages, page, used = [], [], 0.0
    for text, size, bold in paras:
        h = text_height_pt(text, width_pt, size, bold) + size * 0.35   # paragraph spacing
        if page and used + h > room:
            pages.append(page)
            page, used = [], 0.0
        page.append((text, size, bold))
        used += h
    pages.append(page)
    for n, page in enumerate(pages):
        slide = new_slide("Sources and caveats" + (" (continued)" if n else ""),
                          "What the figures rest on; file names without folders")
        box = slide.shapes.add_textbox(Inches(0.6), Inches(BODY_TOP), Inches(SLIDE_W - 1.2),
                                       Inches(BODY_BOTTOM - BODY_TOP))
        tf = box.text_frame
        tf.word_wrap = True
        for i, (text, size, bold) in enumerate(page):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.space_after = Pt(size * 0.35)
            run = p.add_run()
            run.text = text
            _font(run, size, bold, "1F3864" if bold else INK)
        _notes(slide, "\n".join(sources_text(s)))


def _table(slide, heads, widths_in, rows, size: int = 14, left: float = 0.5) -> None:
    """A table whose rows are as tall as their wrapped text needs (so the table's real height is
    known and stays on the slide)."""
    from pptx.util import Inches, Pt
    from .text_fit import text_height_pt
    margin_pt = 0.1 * 72 + 2                     # cell margins (0.05 in top and bottom) + slack
    heights = []
    for r, row in enumerate([heads] + [list(x) for x in rows]):
        need = max(text_height_pt(str(v or ""), w * 72 - 0.2 * 72, size, r == 0)
                   for v, w in zip(row, widths_in))
        heights.append(need + margin_pt)
    shape = slide.shapes.add_table(len(heights), len(heads), Inches(left), Inches(BODY_TOP),
                                   Inches(sum(widths_in)), Pt(sum(heights)))
    table = shape.table
    for c, wdt in enumerate(widths_in):
        table.columns[c].width = Inches(wdt)
    for r, h in enumerate(heights):
        table.rows[r].height = Pt(h)
    for c, head in enumerate(heads):
        _cell(table.cell(0, c), head, size + 2 if size < 14 else size, True)
    for r, row in enumerate(rows, start=1):
        for c, val in enumerate(row):
            _cell(table.cell(r, c), str(val or ""), size)


def _change_table(slide, s, change) -> None:
    heads, rows = content.change_rows(s, change)
    _table(slide, heads, (3.0, 3.0, 3.0, 3.33), rows, size=18)


def _coverage_warning(slide, s: Summary) -> float:
    """The staleness sentences ("Pledge data ends ...") at the top of a slide's body; returns
    the height in inches they take (0 when the data is current)."""
    from pptx.util import Inches
    if not s.stale_notes:
        return 0.0
    height = 0.5 * len(s.stale_notes)
    _text(slide, Inches(0.6), Inches(BODY_TOP), Inches(12.1), Inches(height),
          " ".join(s.stale_notes), MIN_PT + 2, True, "A03000")
    return height


def _front_words(slide, s: Summary, top: float) -> None:
    """The change in Kharkiv oblast and in Ukraine, and the settlements that changed status,
    in words below the change table (``top`` in inches)."""
    from pptx.util import Inches
    words = " ".join(t for t in (front_change_text(s.areas), settlements_text(s.areas, 12)) if t)
    if words:
        _text(slide, Inches(0.5), Inches(top), Inches(12.33), Inches(BODY_BOTTOM - top), words,
              MIN_PT + 4, colour=INK)


def _group_notes(s, dim, groups) -> str:
    lines = [f"Figures ({s.currency}):"]
    for g in groups:
        lines.append(f"{content.label(g.key)}: {g.count} lines, pledged "
                     f"{pledged_text(g, s.currency)}, delivered "
                     f"{delivered_text(g, s.currency)}")
    lines.append("Source rows: see the Excel summary's Sources sheet.")
    return "\n".join(lines)


def _font(run, size, bold=False, colour=INK):
    from pptx.util import Pt
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = rgb(colour)


def _text(slide, x, y, w, h, text, size, bold=False, colour=INK):
    box = slide.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.word_wrap = True
    run = tf.paragraphs[0].add_run()
    run.text = text
    _font(run, size, bold, colour)
    return box


def _fit_size(text: str, width_in: float, height_in: float, sizes) -> int:
    """The largest of ``sizes`` at which ``text`` fits the box (the smallest if none does)."""
    from .text_fit import text_height_pt
    for size in sizes:
        if text_height_pt(text, width_in * 72 - 14.4, size) <= height_in * 72:
            return size
    return sizes[-1]


def _heading(slide, title, subtitle):
    from pptx.util import Inches
    _text(slide, Inches(0.5), Inches(TOP), Inches(12.3), Inches(0.62), title, 30, True, "1F3864")
    size = _fit_size(subtitle, 12.3, 0.42, (16, 14, 13, 12))
    _text(slide, Inches(0.5), Inches(TOP + 0.6), Inches(12.3), Inches(0.42), subtitle, size,
          False, GREY)


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
    _marking(slide, deck_marking(prs))
    _heading(slide, title, subtitle)
    max_w, max_h = Inches(12.33), Inches(BODY_BOTTOM - BODY_TOP)
    w = min(max_w, int(max_h * 16 / 9))
    h = int(w * 9 / 16)
    x = int((prs.slide_width - w) / 2)
    poster = io.BytesIO(poster_png) if poster_png else None
    slide.shapes.add_movie(str(movie), x, Inches(BODY_TOP), w, h, poster_frame_image=poster,
                           mime_type="video/mp4")
    if notes:
        _notes(slide, notes)
    _follow(prs, slide, "map")
    write_atomic(path, lambda tmp: prs.save(str(tmp)))


def _follow(prs, slide, name: str) -> None:
    """Move ``slide`` (the last one) to just after the slide named ``name``: the film of the
    front line belongs beside the map, not after the sources. Without such a slide (a deck from
    elsewhere) it stays last."""
    ids = prs.slides._sldIdLst
    at = next((k for k, other in enumerate(prs.slides) if other.name == name), None)
    if at is None:
        return
    entry = ids[len(prs.slides) - 1]
    ids.remove(entry)
    ids.insert(at + 1, entry)
