""""Changes since the last release" in the deck, the workbook and the text, read back."""
from __future__ import annotations

from udcg_desktop.cli import main
from udcg_desktop.core.release_changes import compare_releases
from udcg_desktop.core.summary import default_fx
from udcg_desktop.export import pack
from udcg_desktop.io import load_briefing
from tests.core.test_release_changes import releases  # noqa: F401  (the two releases)
from tests.export.export_fixtures import FakeRenderer


def test_changes_slide_sheet_and_section(releases, tmp_path):
    import openpyxl
    from pptx import Presentation
    old, new = releases
    briefing = load_briefing([new])
    changes = compare_releases(load_briefing([old]), briefing, default_fx())
    out = tmp_path / "out"
    result = pack.export_pack(briefing, out, formats=("pptx", "xlsx", "md"), name="x",
                              renderer=FakeRenderer(True), release_changes=changes)
    assert result.ok, result.failures
    slides = [" | ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
              + " | ".join(c.text for sh in s.shapes if sh.has_table
                           for row in sh.table.rows for c in row.cells)
              for s in Presentation(out / "x.pptx").slides]
    slide = next(t for t in slides if "Changes since the last release" in t)
    assert "release_a.csv to release_b.csv" in slide
    assert "New packages | 1 | +€40" in slide and "Removed packages | 1 | -€50" in slide
    assert "Change of the pledged total | 5 | +€11" in slide
    assert "P2 | France | removed (-€50)" in slide
    ws = openpyxl.load_workbook(out / "x.xlsx")["Changes"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "Change" and r[1] == "Package ID")
    body = {r[1] or r[2]: r for r in rows[head + 1:]}
    assert body["P2"][0] == "removed" and body["P2"][5] == 50 and body["P2"][7] == -50
    assert body["P1"][0] == "revision" and (body["P1"][5], body["P1"][6]) == (100, 120)
    assert body["\u0421 5"][0] == "reconversion"
    assert body["P9"][6] == 40
    totals = {r[0]: r[2] for r in rows[2:head] if r[0]}
    assert totals["Change of the pledged total"] == 11
    md = (out / "x.md").read_text()
    assert "## Changes since the last release" in md
    assert "- **Removed packages:** 1 package, -€50" in md

def test_export_previous_on_the_command_line(releases, tmp_path, capsys):
    old, new = releases
    out = tmp_path / "cli"
    assert main(["export", str(new), "--previous", str(old), "--out", str(out),
                 "--formats", "md", "--name", "x"]) == 0
    md = (out / "x.md").read_text()
    assert "release_a.csv to release_b.csv: 1 package new, 3 revised, 1 removed" in md
    assert main(["export", str(new), "--previous", str(tmp_path / "gone.csv"), "--out",
                 str(out), "--formats", "md", "--name", "y"]) == 2
    assert "gone.csv" in capsys.readouterr().err
