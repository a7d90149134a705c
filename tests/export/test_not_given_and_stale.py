"""Unknown is not zero, and stale data is said in words: read every export back."""
import shutil
import re
import subprocess

import numpy as np
import pytest

from udcg_desktop.core.describe import summary_text
from udcg_desktop.core.model import BriefingPart, DeliveryTable, PledgeTable, SourceInfo, assemble
from udcg_desktop.core.summary import summary
from udcg_desktop.export import charts
from tests.export.export_fixtures import export_documents, fx_rates

AS_OF = "2024-07-01"          # 52 days after the pledge data ends
ENDS = "2024-05-10"


def unknown_values_briefing():
    """Germany's line has a value; France's does not; both deliveries of Germany's line have
    no value in the source."""
    pledges = PledgeTable({
        "pledge_id": ["G-1", "F-1"], "donor": ["Germany", "France"],
        "date": np.array(["2024-05-02", ENDS], dtype="datetime64[D]"),
        "aid_type": ["Military"] * 2, "category": ["Air defence", "Artillery"],
        "item": ["IRIS-T", "CAESAR"], "status": ["pledged"] * 2,
        "amount": [500e6, np.nan], "currency": ["EUR", ""],
        "source_file": ["p.xlsx"] * 2, "source_sheet": ["Pledges"] * 2, "source_row": [2, 3]})
    deliveries = DeliveryTable({
        "delivery_id": ["D1", "D2"], "pledge_id": ["G-1", "G-1"], "pledge_index": [0, 0],
        "date": np.array(["2024-05-20", "2024-06-01"], dtype="datetime64[D]"),
        "amount": [np.nan, np.nan], "currency": ["", ""], "source_file": ["p.xlsx"] * 2})
    return assemble([BriefingPart(pledges=pledges, deliveries=deliveries, sources=[
        SourceInfo("p.xlsx", "pledges", "test", 2, 2, 0),
        SourceInfo("p.xlsx", "deliveries", "test", 2, 2, 0)])])


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("notgiven")
    b = unknown_values_briefing()
    return b, export_documents(b, out, AS_OF)


def test_summary_json_gives_null_and_counts_not_zero(exported):
    b, _ = exported
    d = summary(b, AS_OF, fx=fx_rates()).to_dict()
    assert d["pledges"]["value_delivered"] is None and d["deliveries"]["value"] is None
    assert d["deliveries"] == {"count": 2, "value": None, "unvalued": 2}
    assert d["pledges"]["share_delivered"] is None
    france = next(g for g in d["pledges"]["by_donor"] if g["key"] == "France")
    assert france["value_pledged"] is None and france["share_delivered"] is None
    assert [s["last_date"] for s in d["sources"]] == [ENDS, "2024-06-01"]
    assert d["stale"] and "Pledge data ends 2024-05-10" in d["stale"][0]


def test_summary_text_says_not_given_and_stale(exported):
    b, _ = exported
    text = summary_text(summary(b, AS_OF, fx=fx_rates()))
    assert "delivered 2 deliveries, value not given" in text
    assert "share delivered not given" in text
    assert "0.0%" not in text
    france = next(line for line in text.splitlines() if line.strip().startswith("France"))
    assert "value not given" in france and "€0" not in france
    assert "Pledge data ends 2024-05-10" in text


def test_no_staleness_note_within_30_days():
    b = unknown_values_briefing()
    assert summary(b, "2024-06-09", fx=fx_rates()).stale_notes == []
    assert summary(b, "2024-06-10", fx=fx_rates()).stale_notes      # 31 days on


def test_xlsx_reads_back_not_given(exported):
    import openpyxl
    _, stem = exported
    wb = openpyxl.load_workbook(f"{stem}.xlsx")
    ws = wb["Summary"]
    cells = {ws.cell(r, 1).value: (ws.cell(r, 2).value, ws.cell(r, 3).value)
             for r in range(1, ws.max_row + 1)}
    assert cells["Value delivered (EUR)"] == ("not given", "2 deliveries, value not given")
    assert cells["Share delivered"][0] == "not given"
    assert "Pledge data ends 2024-05-10" in cells["Coverage"][0]
    donors = wb["By donor"]
    row = next(r for r in range(2, donors.max_row + 1) if donors.cell(r, 1).value == "France")
    assert donors.cell(row, 3).value == "value not given"


def test_pptx_reads_back_not_given(exported):
    from pptx import Presentation
    _, stem = exported
    prs = Presentation(f"{stem}.pptx")
    key = prs.slides[1]
    texts = " ".join(sh.text_frame.text for sh in key.shapes if sh.has_text_frame)
    assert "2 deliveries, value not given" in texts
    assert "Pledge data ends 2024-05-10" in texts
    assert "0.0%" not in texts and "€0" not in texts
    donors = next(sh.chart for slide in prs.slides for sh in slide.shapes if sh.has_chart)
    values = dict(zip((c.replace("\u00a0", " ") for c in donors.plots[0].categories),
                      donors.plots[0].series[0].values))
    assert values["France (value not given)"] is None          # no bar, not a zero bar


def test_md_reads_back_not_given(exported):
    _, stem = exported
    md = stem.with_suffix(".md").read_text(encoding="utf-8")
    assert "2 deliveries, value not given" in md and "share of pledged: not given" in md
    assert "France value not given" in md
    assert "Pledge data ends 2024-05-10" in md
    assert "0.0%" not in md


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_reads_back_not_given(exported):
    _, stem = exported
    text = subprocess.run(["pdftotext", "-layout", f"{stem}.pdf", "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "2 deliveries, value not given" in flat
    assert "Pledge data ends 2024-05-10" in flat
    assert "value not given" in flat.split("France", 1)[1][:80]


def test_chart_images_say_not_given_and_stale(exported):
    b, _ = exported
    s = summary(b, AS_OF, fx=fx_rates())
    svg = charts.chart_svg(charts.chart_drawing(s, "donors")).decode()
    assert "value not given" in svg
    assert "Pledge data ends 2024-05-10" in svg


def test_chart_staleness_note_is_whole_in_a_narrow_chart(exported):
    """Cut with an ellipsis, the note lost its end, the part saying later pledges are missing."""
    b, _ = exported
    s = summary(b, AS_OF, fx=fx_rates())
    note = s.stale_notes[0]
    svg = charts.chart_svg(charts.chart_drawing(s, "donors", width=300)).decode()
    texts = re.findall(r">([^<>]*)</text>", svg)
    words = " ".join(t.strip() for t in texts)
    assert "…" not in words
    assert " ".join(note.split()) in " ".join(words.split())


def test_a_group_with_deliveries_but_no_pledge_in_the_period_has_no_zero_bar():
    """Germany's line is dated before the window; its deliveries fall in it."""
    b = unknown_values_briefing()
    s = summary(b, AS_OF, fx=fx_rates(), since="2024-05-15")
    germany = next(g for g in s.groups["by_donor"] if g.key == "Germany")
    assert germany.count == 0 and germany.deliveries == 2
    svg = charts.chart_svg(charts.chart_drawing(s, "donors")).decode()
    assert "none recorded" in svg
