"""Reopen each export and check its content against summary(...).to_dict()."""
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from udcg_desktop.core.summary import summary
from udcg_desktop.export import content, pack
from tests.export.export_fixtures import (EVIL, FakeRenderer, big_briefing, evil_briefing,
                                          export_documents, fx_rates, small_briefing)

AS_OF = "2024-05-31"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    b = small_briefing()
    stem = export_documents(b, out, AS_OF)
    return stem, summary(b, AS_OF, fx=fx_rates()).to_dict()


def _rows(ws):
    """{first cell: the next five}; "value not given" read back as None, as in the JSON."""
    def value(r, c):
        v = ws.cell(r, c).value
        return None if v == "value not given" else v
    return {ws.cell(r, 1).value: [value(r, c) for c in range(2, 7)]
            for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value is not None}


def test_xlsx_figures_equal_the_summary(exported):
    import openpyxl
    stem, d = exported
    wb = openpyxl.load_workbook(f"{stem}.xlsx")
    for sheet in ("Summary", "By donor", "By category", "By coalition", "By month", "Pledges",
                  "Deliveries", "Events", "Sources"):
        assert sheet in wb.sheetnames
    ws = wb["Summary"]
    figs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert figs["As of"] == AS_OF and figs["Currency"] == "EUR"
    assert figs["Rate basis"] == d["fx"]["text"]
    assert figs["Pledge lines"] == d["pledges"]["count"]
    assert figs["Value pledged (EUR)"] == pytest.approx(d["pledges"]["value_pledged"])
    assert figs["Value delivered (EUR)"] == pytest.approx(d["pledges"]["value_delivered"])
    assert figs["Donors"] == d["pledges"]["donors"]
    assert figs["Events (Kharkiv axis)"] == d["events"]["count"]
    for sheet, dim in (("By donor", "by_donor"), ("By category", "by_category"),
                       ("By coalition", "by_coalition")):
        rows = _rows(wb[sheet])
        for g in d["pledges"][dim]:
            count, pledged, delivered = rows[g["key"] or "(none)"][:3]
            assert (count, pledged, delivered) == (g["count"], pytest.approx(g["value_pledged"]),
                                                   pytest.approx(g["value_delivered"]))
        assert rows["Total"][1] == pytest.approx(d["pledges"]["value_pledged"])
    months = _rows(wb["By month"])
    for g in d["pledges"]["by_month"]:
        assert months[g["key"]][2] == pytest.approx(g["value_pledged"])


def test_xlsx_pledge_table_is_formatted_and_traceable(exported):
    import openpyxl
    stem, d = exported
    wb = openpyxl.load_workbook(f"{stem}.xlsx")
    ws = wb["Pledges"]
    head = [c.value for c in ws[1]]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    assert ws[1][0].font.b and ws.column_dimensions["D"].width > 8
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == d["pledges"]["count"]
    value_col, file_col, row_col = head.index("Value (EUR)"), head.index("Source file"), \
        head.index("Source row")
    assert sum(r[value_col] or 0 for r in rows) == pytest.approx(d["pledges"]["value_pledged"])
    assert {(r[file_col], r[row_col]) for r in rows} == {("t.xlsx", 2), ("t.xlsx", 3),
                                                         ("t.xlsx", 4), ("t.xlsx", 5)}
    date_cell = ws.cell(2, head.index("Date") + 1)
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    # Sources sheet: each aggregate maps to the rows summary.source_rows names.
    s = summary(small_briefing(), AS_OF, fx=fx_rates())
    src = wb["Sources"]
    found = {}
    for r in src.iter_rows(values_only=True):
        if r[0] == "donor":
            found[r[1]] = r[5]
    for g in d["pledges"]["by_donor"]:
        rows_expected = sorted(x["row"] for x in s.source_rows("by_donor", g["key"]))
        listed = []
        for part in str(found[g["key"]]).split(", "):
            a, _, b = part.partition("-")
            listed += list(range(int(a), int(b or a) + 1))
        assert listed == rows_expected


def test_xlsx_native_charts_with_references_and_cached_values(exported):
    import openpyxl
    stem, d = exported
    wb = openpyxl.load_workbook(f"{stem}.xlsx")
    charts = wb["Summary"]._charts
    kinds = [type(c).__name__ for c in charts]
    assert kinds == ["BarChart", "BarChart", "LineChart"]
    donor = charts[0].series[0]
    assert donor.val.numRef.f.startswith("'By donor'!$C$2")
    cached = [p.v for p in donor.val.numRef.numCache.pt]
    # Donors whose value no source gives are not drawn as zero bars: the chart stops before.
    given = [g for g in d["pledges"]["by_donor"] if g["value_pledged"] is not None]
    assert len(given) < len(d["pledges"]["by_donor"])
    assert cached == pytest.approx([g["value_pledged"] for g in given])
    cats = [p.v for p in donor.cat.strRef.strCache.pt]
    assert cats == [g["key"] or "(none)" for g in given]
    line = charts[2]
    assert type(line.x_axis).__name__ == "DateAxis"
    cum = [p.v for p in line.series[0].val.numRef.numCache.pt]
    assert cum[-1] == pytest.approx(d["pledges"]["value_pledged"])
    assert cum == sorted(cum)


def test_pptx_native_charts_and_values(exported):
    from pptx import Presentation
    stem, d = exported
    prs = Presentation(f"{stem}.pptx")
    assert prs.slide_width * 9 == prs.slide_height * 16
    charts = [sh.chart for slide in prs.slides for sh in slide.shapes if sh.has_chart]
    assert len(charts) == 4           # donors, categories, coalitions, cumulative
    donors = charts[0]
    cats = [c.replace("\u00a0", " ") for c in donors.plots[0].categories]
    vals = list(donors.plots[0].series[0].values)
    got = {c: v for c, v in zip(cats, vals)}
    for g in d["pledges"]["by_donor"]:
        if g["value_pledged"] is None:      # no bar, and the label says why
            assert got[f"{g['key']} (value not given)"] is None
        else:
            assert got[g["key"] or "(none)"] * 1e6 == pytest.approx(g["value_pledged"])
    coalitions = {c.replace("\u00a0", " ") for c in charts[2].plots[0].categories}
    assert coalitions == {g["key"] for g in d["pledges"]["by_coalition"] if g["key"]}
    cum = list(charts[3].plots[0].series[0].values)
    assert cum[-1] * 1e6 == pytest.approx(d["pledges"]["value_pledged"])
    texts = " ".join(sh.text_frame.text for slide in prs.slides for sh in slide.shapes
                     if sh.has_text_frame)
    assert AS_OF in texts
    from udcg_desktop.core.describe import money
    assert money(d["pledges"]["value_pledged"], "EUR") in texts
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    assert "t.xlsx" in notes and "Sources" in notes
    # The map picture is on a slide (the fake renderer's PNG).
    assert any(sh.shape_type == 13 for slide in prs.slides for sh in slide.shapes)
    tables = [sh.table for slide in prs.slides for sh in slide.shapes if sh.has_table]
    events = [t for t in tables if t.cell(0, 3).text == "What happened"]
    assert events and events[0].cell(1, 1).text == "Assault"      # readable type names


def _pdf_text(path: Path) -> tuple[str, int]:
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        return text, text.count("\f")
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def test_pdf_pages_and_text(exported):
    from udcg_desktop.core.describe import money
    stem, d = exported
    text, pages = _pdf_text(Path(f"{stem}.pdf"))
    assert 2 <= pages <= 8
    assert f"Page {pages}" in text and "Page 1" in text
    assert money(d["pledges"]["value_pledged"], "EUR") in text
    assert "Key figures" in text and "Sources" in text and "t.xlsx" in text
    assert "Value pledged by donor" in text      # the vector chart's title
    for g in d["pledges"]["by_donor"]:
        assert g["key"] in text


def test_formula_like_text_stays_text(tmp_path):
    import openpyxl
    import zipfile
    from pptx import Presentation
    b = evil_briefing()
    result = pack.export_pack(b, tmp_path, as_of="2024-06-30", renderer=FakeRenderer(True),
                              formats=("xlsx", "pptx"))
    assert result.ok, result.failures
    wb = openpyxl.load_workbook(tmp_path / "udcg_briefing_2024-06-30.xlsx")
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    seen.add(cell.value)
    assert set(EVIL) <= seen and "=1+1" in seen and "=Vovchansk" in seen
    with zipfile.ZipFile(tmp_path / "udcg_briefing_2024-06-30.xlsx") as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if "worksheets/sheet" in n)
    assert "<f>" not in sheets                       # no formula anywhere
    # The deck's chart workbooks hold the labels as text too.
    prs = Presentation(tmp_path / "udcg_briefing_2024-06-30.pptx")
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_chart:
                blob = sh.chart.part.chart_workbook.xlsx_part.blob
                import io
                ewb = openpyxl.load_workbook(io.BytesIO(blob))
                for row in ewb.active.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", cell.value


def test_cumulative_equals_monthly_groups():
    s = summary(big_briefing(600), "2024-08-15")
    pts = content.cumulative(s)
    months = [g for g in s.groups["by_month"] if g.key != "unknown"]
    assert pts[-1].pledged == pytest.approx(sum(g.value_pledged for g in months))
    assert pts[-1].delivered == pytest.approx(s.value_delivered)
    assert [p.month for p in pts] == [f"2024-{m:02d}" for m in range(1, 9)]


# -- LibreOffice: the charts must show their data there too --------------------------------
def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def _blue_pixels(png: Path, rgb=(0x1F, 0x5F, 0xA8), tol=40) -> int:
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage
    img = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB32)
    ptr = img.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8, count=img.sizeInBytes()).reshape(
        img.height(), img.bytesPerLine() // 4, 4)[:, :img.width(), :3]
    b, g, r = arr[..., 0].astype(int), arr[..., 1].astype(int), arr[..., 2].astype(int)
    return int(((abs(r - rgb[0]) < tol) & (abs(g - rgb[1]) < tol) & (abs(b - rgb[2]) < tol)).sum())


@pytest.mark.skipif(not (_soffice() and shutil.which("pdftoppm")),
                    reason="LibreOffice or pdftoppm not installed")
def test_libreoffice_renders_the_charts(tmp_path, qapp):
    b = big_briefing(400)
    result = pack.export_pack(b, tmp_path, as_of="2024-09-30", renderer=FakeRenderer(True),
                              formats=("xlsx", "pptx"))
    assert result.ok
    profile = tmp_path / "lo_profile"
    for ext in ("xlsx", "pptx"):
        src = tmp_path / f"udcg_briefing_2024-09-30.{ext}"
        subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / ext), str(src)],
                       capture_output=True, timeout=180, check=True)
        pdf = tmp_path / ext / "udcg_briefing_2024-09-30.pdf"
        assert pdf.exists()
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / ext / "p")],
                       check=True, timeout=120)
        pages = sorted((tmp_path / ext).glob("p-*.png"))
        assert len(pages) >= (8 if ext == "pptx" else 3)
        blue = [_blue_pixels(p) for p in pages]
        if ext == "pptx":
            # Slides 3-5 hold the charts: each shows the pledged series in its colour.
            assert all(n > 200 for n in blue[2:5]), blue
            assert blue[1] == 0 or blue[1] < blue[2]
        else:
            # The Summary sheet's charts (bars and the line) are drawn with data.
            assert sum(1 for n in blue if n > 200) >= 2, blue
