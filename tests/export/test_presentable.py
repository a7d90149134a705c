"""What the pack looks like: faults found by looking at the real pack, each pinned here.

(a) a delivery-until date far after the pledge data is not a pledge date: the cumulative axis
ends at the pledge data's end; (b) the PDF's bar labels do not overlap; (c) the film follows
the map in the deck."""
from pathlib import Path

import numpy as np
import pytest

from udcg_desktop.core.model import BriefingPart, PledgeTable, SourceInfo, assemble
from udcg_desktop.core.summary import summary
from udcg_desktop.export import charts, content, pack
from tests.export.export_fixtures import FakeRenderer, fx_rates

REAL_KIEL = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / \
    "kiel_ust_release7_2022.xlsx"


def until_briefing():
    """25 pledges Jan-Jun 2024 and one Latvian-style line "until 4/6/2027" (EUR 5m): the
    release-7 pattern (core.dates.late_outlier_mask)."""
    n = 26
    days = [f"2024-{1 + k // 5:02d}-{1 + k % 5 * 5:02d}" for k in range(25)] + ["2027-04-06"]
    pledges = PledgeTable({
        "pledge_id": [f"P{k}" for k in range(n)], "donor": ["Latvia"] * n,
        "date": np.array(days, dtype="datetime64[D]"),
        "date_text": [""] * 25 + ["until 4/6/2027"], "aid_type": ["Military"] * n,
        "category": ["Drones"] * n, "item": ["item"] * n, "status": ["pledged"] * n,
        "amount": [10e6] * 25 + [5e6], "currency": ["EUR"] * n,
        "source_file": ["lv.xlsx"] * n, "source_sheet": ["Pledges"] * n,
        "source_row": np.arange(2, n + 2)})
    return assemble([BriefingPart(pledges=pledges, sources=[
        SourceInfo("lv.xlsx", "pledges", "test", n, n, 0)])])


def test_cumulative_axis_ends_with_the_pledge_data_not_a_delivery_until_date():
    s = summary(until_briefing(), fx=fx_rates())
    pts = content.cumulative(s)
    assert pts[0].month == "2024-01" and pts[-1].month == "2024-05"
    assert pts[-1].pledged == pytest.approx(250e6)             # the 25 dated lines
    assert [g.key for g in content.after_axis(s)] == ["2027-04"]
    assert s.value_pledged == pytest.approx(255e6)             # still in the totals
    assert content.off_axis_text(s) == ("1 line dated after the pledge data ends "
                                        "(2024-05-21; €5.0m) are in the totals but not on "
                                        "the time axis.")
    # The chart's subtitle says so; its x axis ends in May 2024.
    d = charts.cumulative_chart(s)
    texts = [getattr(x, "text", "") for x in d.contents]
    assert any("1 line dated after the pledge data ends (2024-05) not on the axis" in t
               for t in texts)
    plot = next(x for x in d.contents if x.__class__.__name__ == "LinePlot")
    assert plot.xValueAxis.valueMax == pts[-1].day.toordinal()


def test_the_workbook_keeps_the_late_line_below_the_chart_rows(tmp_path):
    import openpyxl
    result = pack.export_pack(until_briefing(), tmp_path, fx=fx_rates(), formats=("xlsx",),
                              name="b", renderer=FakeRenderer(True))
    assert result.ok, result.failures
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")["By month"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    months = [r[0] for r in rows]
    assert months[:5] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    late = rows[months.index("2027-04")]
    assert late[2] == 1 and late[3] == pytest.approx(5e6)
    assert "after the pledge data ends (2024-05-21)" in late[5]
    assert rows[-1][0] == "Total" and rows[-1][3] == pytest.approx(255e6)


@pytest.mark.skipif(not REAL_KIEL.exists(), reason="real data not present")
def test_real_kiel_release7_axis_ends_in_2022():
    from udcg_desktop.io import load_briefing
    s = summary(load_briefing([REAL_KIEL]))
    pts = content.cumulative(s)
    assert pts[-1].month == "2022-09"                 # not 2027-04 ("until 4/6/2027")
    assert {g.key for g in content.after_axis(s)} == {"2023-04", "2023-06", "2024-04",
                                                      "2025-04", "2026-04", "2027-04"}


def donors_briefing():
    """15 donors from EUR 50bn down to 0.3bn pledged, 30% delivered: many short bar pairs,
    each with two labels (the release-7 shape that made the PDF's labels collide)."""
    from udcg_desktop.core.model import DeliveryTable
    n = 15
    values = 50e9 * 0.7 ** np.arange(n)
    pledges = PledgeTable({
        "pledge_id": [f"P{k}" for k in range(n)], "donor": [f"Donor {k:02d}" for k in range(n)],
        "date": np.array(["2024-05-01"] * n, dtype="datetime64[D]"),
        "aid_type": ["Military"] * n, "category": ["Drones"] * n, "item": ["item"] * n,
        "status": ["pledged"] * n, "amount": values, "currency": ["EUR"] * n,
        "source_file": ["d.xlsx"] * n, "source_sheet": ["Pledges"] * n,
        "source_row": np.arange(2, n + 2)})
    deliveries = DeliveryTable({
        "delivery_id": [f"D{k}" for k in range(n)], "pledge_id": [f"P{k}" for k in range(n)],
        "pledge_index": np.arange(n), "date": np.array(["2024-05-20"] * n, "datetime64[D]"),
        "amount": values * 0.3, "currency": ["EUR"] * n, "source_file": ["d.xlsx"] * n})
    return assemble([BriefingPart(pledges=pledges, deliveries=deliveries, sources=[
        SourceInfo("d.xlsx", "pledges", "test", n, n, 0)])])


def test_each_donor_s_pledged_bar_is_above_its_delivered_bar_as_in_the_legend():
    """The legend reads Pledged, Delivered; the bars of each donor must read the same way."""
    import re

    def is_colour(svg_fill, hex_colour):     # reportlab's SVG writes rgb(12%,37%,65%)
        percents = [float(v) for v in re.findall(r"[\d.]+", svg_fill)]
        wanted = [int(hex_colour[i:i + 2], 16) / 2.55 for i in (1, 3, 5)]
        return all(abs(a - b) < 1.01 for a, b in zip(percents, wanted))

    s = summary(donors_briefing(), "2024-06-30", fx=fx_rates())
    svg = charts.chart_svg(charts.chart_drawing(s, "donors")).decode()
    rects = re.findall(r'<rect x="[\d.]+" y="([\d.]+)"[^>]*fill: (rgb\([^)]*\))', svg)
    pledged = sorted(float(y) for y, f in rects if is_colour(f, charts.PLEDGED))
    delivered = sorted(float(y) for y, f in rects if is_colour(f, charts.DELIVERED))
    # 15 bars of each colour, then the legend's swatch above them all
    assert len(pledged) == len(delivered) == 16
    pledged, delivered = pledged[:15], delivered[:15]
    # The drawing's y axis points up (reportlab flips the SVG): above means a larger y, and
    # within its group each pledged bar lies just above its delivered bar.
    assert all(0 < p - d < 12 for p, d in zip(pledged, delivered))


def _word_boxes(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) of one PDF page, as poppler lays the text out."""
    import re
    import subprocess
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html)]


def _page_with(pdf: Path, text: str) -> int:
    import subprocess
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return next(k for k, p in enumerate(pages, start=1) if text in p)


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler not installed")
def test_pdf_bar_labels_do_not_overlap(tmp_path):
    result = pack.export_pack(donors_briefing(), tmp_path, fx=fx_rates(), formats=("pdf",),
                              name="b", renderer=FakeRenderer(True))
    assert result.ok, result.failures
    pdf = tmp_path / "b.pdf"
    page = _page_with(pdf, "Value pledged by donor")
    labels = [w for w in _word_boxes(pdf, page) if w[0].startswith("€")]
    assert len(labels) >= 2 * 15          # every pledged and delivered bar is labelled
    height = labels[0][4] - labels[0][2]
    assert height > 6                     # full-size labels (7 pt; poppler's box ~7-9 pt)
    # Labels side by side may share a line; one above the other needs a gap (>= 1 pt): the
    # labels of a short bar pair used to touch (0.2 pt overlap in the release-7 pack).
    clashes = [(a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if min(a[3], b[3]) - max(a[1], b[1]) > 0
               and min(a[4], b[4]) - max(a[2], b[2]) > -1.0]
    assert clashes == []


def test_the_film_slide_follows_the_map_slide(tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from tests.export.export_fixtures import small_briefing
    from udcg_desktop.export.pptx import append_movie_slide
    result = pack.export_pack(small_briefing(), tmp_path, as_of="2024-05-31", fx=fx_rates(),
                              formats=("pptx",), name="b", renderer=FakeRenderer(True))
    assert result.ok, result.failures
    deck = tmp_path / "b.pptx"

    def titles():
        return [" ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
                for slide in Presentation(str(deck)).slides]
    before = titles()
    movie = tmp_path / "film.mp4"
    movie.write_bytes(b"\x00\x00\x00\x18ftypmp42")     # embedded as it is; not played here
    append_movie_slide(deck, movie, FakeRenderer.PNG, "The front line, day by day", "1 to 9 May")
    after = titles()
    at = next(k for k, t in enumerate(before) if "Front line and events" in t)
    assert "day by day" in after[at + 1]
    assert after[:at + 1] + after[at + 2:] == before             # the rest in their order
    assert "Sources and caveats" in after[-1]
    prs = Presentation(str(deck))
    assert any(sh.shape_type == MSO_SHAPE_TYPE.MEDIA for sh in prs.slides[at + 1].shapes)


@pytest.mark.skipif(not REAL_KIEL.exists(), reason="real data not present")
def test_real_cumulative_chart_texts_stay_inside_the_pdf_width():
    """The note on what is off the axis has its own line: at the PDF's width (17 cm) no text
    of the chart runs past its right edge."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from udcg_desktop.io import load_briefing
    s = summary(load_briefing([REAL_KIEL]))
    d = charts.cumulative_chart(s, 482, 241)
    texts = [x for x in d.contents if hasattr(x, "text") and hasattr(x, "fontName")]
    assert any("6 lines dated after the pledge data ends" in x.text for x in texts)
    assert all(x.x + stringWidth(x.text, x.fontName, x.fontSize) <= d.width for x in texts)
