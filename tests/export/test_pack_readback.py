"""The pack read back as a reader sees it: every slide's text inside its slide and box and at
least 12 pt, the marking on every slide and page, file names without folders, the Sources and
caveats slide, key events inside the area of interest, every donor name on the chart."""
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from udcg_desktop.core.aoi import area_of_interest
from udcg_desktop.core.bookmarks import Bookmark
from udcg_desktop.core.summary import summary
from udcg_desktop.export import content, pack
from udcg_desktop.export.key_events import event_rows, key_events, type_label
from tests.export.export_fixtures import FakeRenderer, big_briefing

EMU_PER_PT = 12700
MARK = "OFFICIAL-SENSITIVE"


def _sample_pack(tmp_path_factory, formats=("pptx", "pdf", "md", "xlsx")):
    """The bundled sample loaded from a deep folder (so a leaked path would be obvious)."""
    from udcg_desktop.core.paths import sample_briefing_files
    from udcg_desktop.io import load_briefing
    deep = tmp_path_factory.mktemp("very") / "private" / "folder"
    deep.mkdir(parents=True)
    files = []
    for f in sample_briefing_files():
        if f.is_dir():
            shutil.copytree(f, deep / f.name)
        else:
            shutil.copy(f, deep / f.name)
        files.append(deep / f.name)
    b = load_briefing(files)
    out = tmp_path_factory.mktemp("pack")
    info = content.PackInfo(classification=MARK, author="J. Smith, J2 cell")
    result = pack.export_pack(b, out, areas_since="2024-05-09", renderer=FakeRenderer(True),
                              formats=formats, info=info, bookmarks=STORY)
    assert result.ok, result.failures
    return out / "udcg_briefing_all-dates", deep, b


# Two bookmarks, one with a note far longer than a slide shows (it must still fit its box).
STORY = [
    Bookmark("Before the offensive", "2024-04-15", "Aid packages announced before May.",
             [35.5, 38.0, 49.3, 50.6]),
    Bookmark("Vovchansk under assault", "2024-05-12",
             "Russian forces crossed the border north of Kharkiv on 10 May and pushed towards "
             "Vovchansk and Lyptsi. " * 8, [36.5, 37.3, 50.0, 50.45], filters={"donors": None}),
]


@pytest.fixture(scope="module")
def sample_pack(tmp_path_factory):
    return _sample_pack(tmp_path_factory)


def _font_width():
    """Text width in points as LibreOffice draws the deck here: without Calibri or Carlito it
    falls back to DejaVu Sans (measured with Pillow); elsewhere a generous 0.6 em per glyph."""
    path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    try:
        from PIL import ImageFont
        font = ImageFont.truetype(str(path), 100)
    except (ImportError, OSError):
        return lambda text, size: len(text) * 0.6 * size
    return lambda text, size: font.getlength(text) * size / 100


WIDTH = _font_width()


def _lines_needed(text, width_pt, size_pt):
    """Lines of ``text`` wrapped at words in ``width_pt``."""
    n = 0
    for para in text.split("\n"):
        n += 1
        line = ""
        for w in para.split():
            cand = f"{line} {w}" if line else w
            if line and WIDTH(cand, size_pt) > width_pt:
                n += 1
                line = w
            else:
                line = cand
    return n


def _runs(text_frame):
    for p in text_frame.paragraphs:
        for r in p.runs:
            yield r


def test_every_text_inside_its_slide_and_box_and_at_least_12pt(sample_pack):
    from pptx import Presentation
    stem, _deep, _b = sample_pack
    prs = Presentation(f"{stem}.pptx")
    W, H = prs.slide_width, prs.slide_height
    checked = 0
    for n, slide in enumerate(prs.slides, start=1):
        for sh in slide.shapes:
            assert sh.left >= 0 and sh.top >= 0, (n, sh.name)
            assert sh.left + sh.width <= W and sh.top + sh.height <= H, (n, sh.name)
            frames = []
            if sh.has_text_frame and sh.text_frame.text.strip():
                frames.append((sh.text_frame, sh.width, sh.height))
            if sh.has_table:
                tbl = sh.table
                bottom = sh.top + sum(r.height for r in tbl.rows)
                assert bottom <= H - 0.3 * 914400, (n, "table runs into the bottom band")
                for r, row in enumerate(tbl.rows):
                    for c, cell in enumerate(row.cells):
                        frames.append((cell.text_frame, tbl.columns[c].width, row.height))
            if sh.has_chart:
                xml = sh.chart._chartSpace.xml
                sizes = [int(v) for v in re.findall(r'\bsz="(\d+)"', xml)]
                assert sizes and min(sizes) >= 1200, (n, "chart text under 12 pt")
            for tf, w, h in frames:
                for run in _runs(tf):
                    assert run.font.size is None or run.font.size.pt >= 12, (n, run.text)
                # The wrapped text fits its box (0.1 in margins each side).
                size = max((r.font.size.pt for r in _runs(tf) if r.font.size), default=18)
                width_pt = w / EMU_PER_PT - 14.4
                need = sum(_lines_needed(p.text if hasattr(p, "text") else "", width_pt,
                                         max((r.font.size.pt for r in p.runs if r.font.size),
                                             default=size)) * 1.2
                           * max((r.font.size.pt for r in p.runs if r.font.size), default=size)
                           for p in tf.paragraphs)
                assert need <= h / EMU_PER_PT + 2, (n, tf.text[:60], need, h / EMU_PER_PT)
                checked += 1
    assert checked > 40


def test_marking_on_every_slide_top_and_bottom(sample_pack):
    from pptx import Presentation
    stem, _deep, _b = sample_pack
    prs = Presentation(f"{stem}.pptx")
    H = prs.slide_height
    for n, slide in enumerate(prs.slides, start=1):
        marks = [sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text == MARK]
        assert any(sh.top < 0.1 * H for sh in marks), n
        assert any(sh.top + sh.height > 0.9 * H for sh in marks), n


def _pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        return [p for p in text.split("\f") if p.strip()]
    pypdf = pytest.importorskip("pypdf")
    return [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]


def test_marking_on_every_pdf_page_and_md_and_xlsx(sample_pack):
    import openpyxl
    stem, _deep, _b = sample_pack
    pages = _pdf_pages(Path(f"{stem}.pdf"))
    assert len(pages) >= 4
    for n, page in enumerate(pages, start=1):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        assert lines[0] == MARK and lines[-1] == MARK, (n, lines[0], lines[-1])
    md = Path(f"{stem}.md").read_text(encoding="utf-8").splitlines()
    assert md[0] == f"**{MARK}**" and md[-1] == f"**{MARK}**"
    wb = openpyxl.load_workbook(f"{stem}.xlsx")
    for ws in wb.worksheets:
        assert MARK in ws.oddHeader.center.text and MARK in ws.oddFooter.center.text, ws.title


def test_no_local_path_in_pdf_or_notes_only_file_names(sample_pack):
    from pptx import Presentation
    stem, deep, _b = sample_pack
    texts = _pdf_pages(Path(f"{stem}.pdf"))
    prs = Presentation(f"{stem}.pptx")
    texts += [slide.notes_slide.notes_text_frame.text for slide in prs.slides]
    texts.append(Path(f"{stem}.md").read_text(encoding="utf-8"))
    joined = "\n".join(texts)
    assert str(deep) not in joined and "private/folder" not in joined
    assert not re.search(r"(?<![\w:/])/(?:tmp|home|work|Users)/", joined)
    assert "udcg_briefing_sample.xlsx" in joined         # the file is named, without folders


def test_sources_and_caveats_slide(sample_pack):
    from pptx import Presentation
    stem, _deep, b = sample_pack
    prs = Presentation(f"{stem}.pptx")
    slides = [" ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
              for slide in prs.slides]
    src = " ".join(t for t in slides if "Sources and caveats" in t)
    assert "udcg_briefing_sample.xlsx" in src and "illustrative" in src
    assert "ECB" in src and "EUR/USD" in src              # the rate basis in full
    assert "Kharkiv axis" in src and "30 km" in src       # the area and its method
    # the key-figures slide keeps one short line about rates
    figs = next(t for t in slides if t.startswith(MARK) and "Key figures" in t)
    assert "EUR/USD" not in figs and "details in the notes" in figs


def test_title_says_the_period_author_and_area(sample_pack):
    from pptx import Presentation
    stem, _deep, b = sample_pack
    prs = Presentation(f"{stem}.pptx")
    title = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    first, last = b.date_range
    assert f"Data from {first} to {last}" in title and "all dates" not in title
    assert "Prepared by J. Smith, J2 cell on" in title and "Kharkiv axis" in title
    names = [" ".join(sh.text_frame.text for sh in sl.shapes if sh.has_text_frame)
             for sl in prs.slides]
    for heading in ("Value pledged by capability coalition", "Deliveries", "The front's change",
                    "Key events"):
        assert any(heading in t for t in names), heading


def test_key_events_shortened_at_a_word_with_readable_types(sample_pack):
    from pptx import Presentation
    stem, _deep, _b = sample_pack
    prs = Presentation(f"{stem}.pptx")
    table = next(sh.table for sl in prs.slides for sh in sl.shapes
                 if sh.has_table and sh.table.cell(0, 3).text == "What happened")
    rows = [[table.cell(r, c).text for c in range(4)] for r in range(1, len(table.rows))]
    assert 5 <= len(rows) <= 8
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)          # by date
    kinds = {r[1] for r in rows}
    assert {"Capture", "Meeting"} <= kinds and not any("_" in k for k in kinds)
    for r in rows:
        text = r[3]
        assert not text.endswith("...")
        if text.endswith("\u2026"):
            assert text[-2] != " " and len(text) <= 120


def test_shorten_keeps_whole_sentences_or_cuts_at_a_word():
    text = "Austin announced a $250m package. It includes Patriot missiles and artillery."
    assert content.shorten(text, 40) == "Austin announced a $250m package."
    cut = content.shorten("Austin announced a $250 million package of air defence", 30)
    assert cut == "Austin announced a $250\u2026"
    assert type_label("civilian_harm") == "Civilian harm"


def test_donor_chart_asks_for_every_label():
    from pptx import Presentation
    import tempfile
    b = big_briefing(400)
    with tempfile.TemporaryDirectory() as d:
        pack.export_pack(b, d, as_of="2024-09-30", renderer=FakeRenderer(True), formats=("pptx",))
        prs = Presentation(Path(d) / "udcg_briefing_2024-09-30.pptx")
        chart = next(sh.chart for sh in prs.slides[2].shapes if sh.has_chart)
        xml = chart._chartSpace.xml
        assert '<c:tickLblSkip val="1"/>' in xml
        assert len(list(chart.plots[0].categories)) == content.TOP_DONORS


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not (_soffice() and shutil.which("pdftotext")),
                    reason="LibreOffice or pdftotext not installed")
def test_libreoffice_shows_all_fifteen_donor_names(tmp_path):
    # Long, many-word names among short ones, values spread as the Kiel tracker's are (EUR m):
    # what made LibreOffice wrap a name and then hide every other label.
    from udcg_desktop.core.model import BriefingPart, PledgeTable, assemble
    names = ["United States", "EU (Commission and Council)", "United Kingdom", "Germany",
             "Canada", "Poland", "European Peace Facility", "European Investment Bank",
             "Norway", "France", "Italy", "Japan", "Austria", "Netherlands", "Sweden",
             "Latvia", "Estonia"]
    values = [52311, 11740, 6650, 3300, 3038, 2943, 2500, 2003, 1389, 1145, 692, 613, 560,
              547, 508, 300, 200]
    n = len(names)
    b = assemble([BriefingPart(pledges=PledgeTable({
        "pledge_id": [f"P{i}" for i in range(n)], "donor": names,
        "date": np.array(["2024-05-01"] * n, dtype="datetime64[D]"),
        "amount": [v * 1e6 for v in values], "currency": ["EUR"] * n,
        "status": ["pledged"] * n, "source_file": ["t.xlsx"] * n,
        "source_row": np.arange(2, n + 2)}))])
    pack.export_pack(b, tmp_path, as_of="2024-09-30", renderer=FakeRenderer(True),
                     formats=("pptx",))
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    str(tmp_path / "udcg_briefing_2024-09-30.pptx")],
                   capture_output=True, timeout=180, check=True)
    pages = _pdf_pages(tmp_path / "pdf" / "udcg_briefing_2024-09-30.pdf")
    donor_page = next(p for p in pages if "Value pledged by donor" in p).replace("\u00a0", " ")
    s = summary(b, "2024-09-30")
    top = [g.key for g in content.top_groups(s, "by_donor")]
    assert len(top) == 15
    missing = [name for name in top if name not in donor_page]
    assert not missing, missing


def test_real_key_events_inside_the_kharkiv_axis(realdata, tmp_path):
    from pptx import Presentation
    from udcg_desktop.io import load_briefing
    b = load_briefing([realdata / "kiel_ust_release7_2022.xlsx", realdata / "deepstate",
                       realdata / "ukr-civharm-2024-06-02.json"])
    s = summary(b)
    aoi = area_of_interest()
    events = key_events(s)
    assert events
    e = b.events
    for k in event_rows(s):
        assert aoi.event_mask(e)[k["index"]]
    located = {(str(e["date"][i]), " ".join(str(e["place"][i]).split())): (e["lon"][i],
                                                                        e["lat"][i])
               for i in range(len(e))}
    for k in events:
        if k.kind == "Package":
            continue
        lon, lat = located[(k.date, k.place)]
        if np.isfinite(lon):
            assert aoi.contains([lon], [lat])[0], (k.date, k.place)
        assert "kherson" not in k.place.casefold() and "donetsk" not in k.place.casefold()
        # Belgorod city (outside the 30 km border strip) never appears
        assert not (np.isfinite(lat) and abs(lat - 50.596) < 0.03 and abs(lon - 36.6) < 0.1)
    # and the deck's Sources slide names every source with its URL and dates
    result = pack.export_pack(b, tmp_path, renderer=FakeRenderer(True), formats=("pptx",),
                              info=content.PackInfo(classification="UNCLASSIFIED"))
    assert result.ok, result.failures
    prs = Presentation(tmp_path / "udcg_briefing_all-dates.pptx")
    src = " ".join(sh.text_frame.text for sl in prs.slides for sh in sl.shapes
                   if sh.has_text_frame and any("Sources and caveats" in x.text_frame.text
                                                for x in sl.shapes if x.has_text_frame))
    for needle in ("ifw-kiel.de", "release 7", "deepstatemap.live", "2024-04-30 21:27",
                   "2024-06-30 11:10", "ukraine.bellingcat.com", "kiel_ust_release7_2022.xlsx"):
        assert needle in src, needle
    assert str(realdata) not in src


def test_each_bookmark_is_a_slide_a_pdf_page_and_a_text_section(sample_pack):
    """In story order, after the summary slides and before the sources, with the figures at
    the bookmark's date (so the two differ) and its note."""
    from pptx import Presentation
    stem, _deep, b = sample_pack
    prs = Presentation(f"{stem}.pptx")
    texts = [" ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
             for slide in prs.slides]
    where = [next(i for i, t in enumerate(texts) if mark.title in t) for mark in STORY]
    sources = next(i for i, t in enumerate(texts) if "Sources and caveats" in t)
    assert where[0] < where[1] < sources
    first, second = (prs.slides[i] for i in where)
    assert any(sh.shape_type == 13 for sh in first.shapes)        # the map picture
    assert "Aid packages announced before May." in texts[where[0]]
    assert "bookmark 2 of 2" in texts[where[1]] and "2024-05-12" in texts[where[1]]
    # The long note is shortened on the slide (whole sentences); all of it is in the notes.
    assert STORY[1].note.strip() in second.notes_slide.notes_text_frame.text
    assert STORY[1].note.strip() not in texts[where[1]]
    assert "Russian forces crossed the border north of Kharkiv on 10 May" in texts[where[1]]
    pledged = [summary(b, np.datetime64(m.date)).value_pledged for m in STORY]
    from udcg_desktop.core.describe import money
    for i, value in zip(where, pledged):
        assert money(value, "EUR") in texts[i]
    assert pledged[0] < pledged[1]
    pages = _pdf_pages(Path(f"{stem}.pdf"))
    assert any("1. Before the offensive" in p for p in pages)
    assert any("2. Vovchansk under assault" in p for p in pages)
    md = Path(f"{stem}.md").read_text()
    assert "## The story, bookmark by bookmark" in md
    assert md.index("### 1. Before the offensive (2024-04-15)") < md.index(
        "### 2. Vovchansk under assault (2024-05-12)")


def test_bookmark_maps_are_drawn_at_their_date_and_extent(tmp_path):
    from udcg_desktop.core.paths import sample_briefing_files
    from udcg_desktop.io import load_briefing
    renderer = FakeRenderer(True)
    result = pack.export_pack(load_briefing(sample_briefing_files()), tmp_path,
                              formats=("pptx",), renderer=renderer, bookmarks=STORY)
    assert result.ok, result.failures
    story_maps = [m for m in renderer.maps_drawn if m[2] is not None]
    assert story_maps == [(m.date, m.extent, m.title) for m in STORY]


def test_key_events_most_significant_kinds_first_then_by_date():
    from udcg_desktop.cli import _load
    b, _ = _load([])
    s = summary(b, "2024-06-30")
    top3 = key_events(s, limit=3)
    # One of each of the three weightiest kinds: captures, a strike that killed 19 (deaths
    # count), counter-attacks; not three captures.
    assert {k.kind for k in top3} == {"Capture", "Strike", "Counter-attack"}
    assert [k.date for k in top3] == sorted(k.date for k in top3)
    strike = next(k for k in top3 if k.kind == "Strike")
    assert "Epicentr" in strike.place                    # the deadliest strike of the period
    eight = key_events(s)
    assert len({k.kind for k in eight}) == 8             # a mix: every kind once
    assert any(k.kind == "Package" for k in eight)       # a large pledge package is an event
