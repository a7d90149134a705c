"""The pack: every format written from one Summary; failures isolated; atomic; --force; inputs."""
import json
from pathlib import Path

import pytest

from udcg_desktop.export.content import PackInfo

from udcg_desktop.core.summary import summary
from udcg_desktop.core import atomic
from udcg_desktop.export import pack
from udcg_desktop.export.text import briefing_text
from tests.export.export_fixtures import FakeRenderer, evil_briefing, fx_rates, small_briefing

AS_OF = "2024-05-31"


def _export(tmp_path, briefing=None, **kw):
    briefing = briefing or small_briefing()
    kw.setdefault("renderer", FakeRenderer())
    kw.setdefault("fx", fx_rates())
    return pack.export_pack(briefing, tmp_path, as_of=AS_OF, **kw), briefing


def test_all_formats_written_and_map_failure_reported(tmp_path):
    result, _ = _export(tmp_path)
    names = {p.name for p in result.written}
    stem = f"udcg_briefing_{AS_OF}"
    for ext in ("xlsx", "pptx", "pdf", "md"):
        assert f"{stem}.{ext}" in names
    for img in ("chart_donors", "chart_categories", "chart_cumulative", "timeline"):
        assert f"{stem}_{img}.png" in names and f"{stem}_{img}.svg" in names
    # The map renderer is "not available yet": its two files fail, nothing else does.
    failed = {Path(w).name: why for w, why in result.failures}
    assert set(failed) == {f"{stem}_map.png", f"{stem}_map.svg"}
    assert all("not available" in why for why in failed.values())
    assert result.exit_code == 1
    for p in result.written:
        assert p.stat().st_size > 0
    # No temp files left behind.
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_one_failing_format_does_not_stop_the_others(tmp_path, monkeypatch):
    import udcg_desktop.export.pptx as pptx_mod

    def broken(*a, **k):
        raise RuntimeError("deck writer broke")
    monkeypatch.setattr(pptx_mod, "write_pptx", broken)
    result, _ = _export(tmp_path, renderer=FakeRenderer(map_ok=True))
    failed = {Path(w).suffix: why for w, why in result.failures}
    assert failed == {".pptx": "RuntimeError: deck writer broke"}
    assert {p.suffix for p in result.written} >= {".xlsx", ".pdf", ".md", ".png", ".svg"}
    assert not (tmp_path / f"udcg_briefing_{AS_OF}.pptx").exists()


def test_existing_files_need_force(tmp_path):
    stem = f"udcg_briefing_{AS_OF}"
    old = tmp_path / f"{stem}.md"
    old.write_text("last week's text")
    result, _ = _export(tmp_path, formats=("md", "xlsx"))
    assert result.written == []
    assert result.existing == [old]
    assert old.read_text() == "last week's text"
    assert not (tmp_path / f"{stem}.xlsx").exists()     # nothing at all written
    result, b = _export(tmp_path, formats=("md", "xlsx"), force=True)
    assert result.ok and old in result.written
    s = summary(b, AS_OF, fx=fx_rates())
    assert old.read_text(encoding="utf-8") == briefing_text(s, info=PackInfo(),
                                                           with_sources=True)


def test_never_writes_into_an_input_file(tmp_path):
    stem = f"udcg_briefing_{AS_OF}"
    victim = tmp_path / f"{stem}.xlsx"
    victim.write_bytes(b"the input workbook")
    b = evil_briefing(source_file=str(victim))
    result = pack.export_pack(b, tmp_path, as_of=AS_OF, formats=("xlsx", "md"), force=True,
                              renderer=FakeRenderer())
    assert victim.read_bytes() == b"the input workbook"
    assert [Path(w) for w, _ in result.failures] == [victim]
    assert "input" in result.failures[0][1]
    assert (tmp_path / f"{stem}.md").exists()


def test_atomic_write_keeps_the_previous_file_on_a_crash(tmp_path, monkeypatch):
    import udcg_desktop.export.xlsx as xlsx_mod
    stem = f"udcg_briefing_{AS_OF}"
    target = tmp_path / f"{stem}.xlsx"
    target.write_bytes(b"previous export")

    def crashing(s, path, progress=None, info=None, **_options):
        with open(path, "wb") as fh:
            fh.write(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")
    monkeypatch.setattr(xlsx_mod, "write_xlsx", crashing)
    result, _ = _export(tmp_path, formats=("xlsx", "md"), force=True)
    assert target.read_bytes() == b"previous export"
    assert [Path(w).name for w, _ in result.failures] == [f"{stem}.xlsx"]
    assert "disk full" in result.failures[0][1]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_atomic_path_replaces_only_on_success(tmp_path):
    target = tmp_path / "a.bin"
    atomic.write_bytes_atomic(target, b"one")
    with pytest.raises(ValueError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"two, partly")
            raise ValueError("killed")
    assert target.read_bytes() == b"one"
    atomic.write_bytes_atomic(target, b"three")
    assert target.read_bytes() == b"three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]


def test_stale_temp_files_from_a_killed_run_are_removed(tmp_path):
    stale = tmp_path / f".udcg_briefing_{AS_OF}.md.abc123.tmp"
    stale.write_text("half")
    result, _ = _export(tmp_path, formats=("md",))
    assert result.ok and not stale.exists()


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        pack.normalise_formats("xlsx,docx")


def test_briefing_text_figures_and_events():
    b = small_briefing()
    s = summary(b, "2024-05-31", fx=fx_rates())
    text = briefing_text(s)
    d = s.to_dict()
    # Independent check: GBP 500m at 0.85/EUR + USD 400m and 275m at 1.08 (the undated Czech
    # line is not "as of" any day).
    assert d["pledges"]["value_pledged"] == pytest.approx(500e6 / 0.85 + 675e6 / 1.08)
    assert f"€{d['pledges']['value_pledged'] / 1e9:.1f}bn" in text
    assert f"in {d['pledges']['count']} pledge lines from {d['pledges']['donors']} donors" in text
    # Key events of the period: the three events up to 31 May by date, readable type names.
    assert "(3 events, 2024-05-10 to 2024-05-20, Kharkiv axis" in text
    lines = [ln for ln in text.splitlines() if ln.startswith("- 2024-05")]
    assert [ln.split()[2] for ln in lines] == ["Assault", "Capture", "Meeting"]
    # A window: only the events since the 15th.
    s2 = summary(b, "2024-05-31", since="2024-05-15", fx=fx_rates())
    assert "2024-05-12" not in briefing_text(s2) and "2024-05-20" in briefing_text(s2)


def test_briefing_text_says_no_delivery_recorded_once_not_a_zero_share():
    none = summary(small_briefing(with_deliveries=False), "2024-05-31", fx=fx_rates())
    assert none.delivery_count == 0 and none.share_delivered == 0.0
    text = briefing_text(none)
    assert "- **Delivered:** none recorded\n" in text
    assert "0.0%" not in text and "share of pledged" not in text
    some = summary(small_briefing(), "2024-05-31", fx=fx_rates())
    assert "(share of pledged: " in briefing_text(some)
    from udcg_desktop.core.describe import share_text
    assert share_text(none) == "none recorded"
    nothing = summary(small_briefing(with_deliveries=False), "2024-05-31", since="2024-05-28",
                      fx=fx_rates())
    assert nothing.pledge_count == 0 and share_text(nothing) == "n/a"   # no share of nothing


def test_cli_export_matches_summary_json(tmp_path, capsys):
    from udcg_desktop.cli import main
    from udcg_desktop.core.paths import sample_briefing_files
    sample = sample_briefing_files()[0]
    if not sample.exists():
        pytest.skip("sample workbook not built")
    out = tmp_path / "out"
    args = ["export", str(sample), "--out", str(out), "--as-of", "2024-06-30",
            "--formats", "xlsx,md"]
    assert main(args) == 0
    assert main(["summary", str(sample), "--as-of", "2024-06-30", "--json"]) == 0
    stdout = capsys.readouterr().out
    d = json.loads(stdout[stdout.index("{"):])
    import openpyxl
    wb = openpyxl.load_workbook(out / "udcg_briefing_2024-06-30.xlsx")
    ws = wb["By donor"]
    donors = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(2, ws.max_row + 1)
              if ws.cell(r, 2).value is not None}
    for g in d["pledges"]["by_donor"]:
        want = "value not given" if g["value_pledged"] is None else pytest.approx(
            g["value_pledged"])
        assert donors[g["key"] or "(none)"] == want
    assert donors["Total"] == pytest.approx(d["pledges"]["value_pledged"])
    # Again without --force: refused, exit 1, files unchanged.
    before = (out / "udcg_briefing_2024-06-30.md").read_bytes()
    assert main(args) == 1
    assert "--force" in capsys.readouterr().err
    assert main(args + ["--force", "--currency", "USD"]) == 0
    assert (out / "udcg_briefing_2024-06-30.md").read_bytes() != before
    assert main(["export", str(tmp_path / "missing.xlsx"), "--out", str(out)]) == 2


def test_export_modules_import_no_qt_or_heavy_writers():
    import subprocess
    import sys
    code = ("import sys; import udcg_desktop.export.pack, udcg_desktop.export.xlsx, "
            "udcg_desktop.export.pptx, udcg_desktop.export.pdf, udcg_desktop.export.text, "
            "udcg_desktop.export.images, udcg_desktop.export.charts; "
            "bad = [m for m in ('PySide6', 'pyqtgraph', 'shiboken6', 'xlsxwriter', 'pptx', "
            "'reportlab', 'openpyxl') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_without_a_renderer_the_images_fail_saying_so_and_qt_stays_out(tmp_path):
    """Export never imports gui: with no renderer passed, the map and timeline fail with a
    clear message, the deck and text are still written, and no Qt module was loaded."""
    import subprocess
    import sys
    code = ("import sys, json; from udcg_desktop.export import pack; "
            "from tests.export.export_fixtures import small_briefing, fx_rates; "
            f"r = pack.export_pack(small_briefing(), {str(tmp_path)!r}, as_of={AS_OF!r}, "
            "fx=fx_rates(), formats=('pptx', 'md')); "
            "print(json.dumps({'written': sorted(p.name for p in r.written), "
            "'failed': r.failures, 'qt': [m for m in ('PySide6', 'shiboken6', 'pyqtgraph', "
            "'udcg_desktop.gui') if m in sys.modules]}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    got = json.loads(out.strip().splitlines()[-1])
    stem = f"udcg_briefing_{AS_OF}"
    assert got["qt"] == []
    assert got["written"] == [f"{stem}.md", f"{stem}.pptx"]
    assert dict(got["failed"]) == {"map image (in the deck and PDF)": pack.NO_RENDERER,
                                   "timeline image (in the deck and PDF)": pack.NO_RENDERER}
