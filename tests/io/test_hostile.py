"""Regression tests for the hostile inputs of issue 12: each once crashed, aborted, leaked an
internal error, lost data or wrote a broken file. Commands run in a subprocess where an abort
(Rust allocation failure, panic) would otherwise take the test run down."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import xml.dom.minidom
import zipfile
from pathlib import Path

import numpy as np
import pytest

from udcg_desktop.io import UnreadableInput, detect, read_any
from tests.hostile_inputs import PLEDGES, ROOT, SAMPLE_XLSX, STRINGS, in_member, rewrite_xlsx
from tests.io.event_fixtures import ACLED_COLUMNS, acled_rows, write_acled


def run_cli(*args, limit_gb: float = 3.0, timeout: int = 180):
    """(exit code, stdout, stderr) of ``python -m udcg_desktop ARGS`` with an address-space
    limit, so an input that makes the reader allocate without bound fails fast."""
    def limit():
        n = int(limit_gb * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (n, n))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPENBLAS_NUM_THREADS="1")
    p = subprocess.run([sys.executable, "-m", "udcg_desktop", *map(str, args)], cwd=ROOT,
                       capture_output=True, text=True, timeout=timeout, preexec_fn=limit,
                       env=env)
    return p.returncode, p.stdout, p.stderr


def assert_clean(stderr: str) -> None:
    for mark in ("Traceback", "panicked", "RUST_BACKTRACE", "memory allocation"):
        assert mark not in stderr, stderr[-2000:]


def sheet_cell(ref: str, body: bytes):
    """Replace cell ``ref`` of the sample's Pledges sheet."""
    import re
    return in_member(PLEDGES, lambda d: re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)',
                                               body, d, count=1, flags=re.S))


# ------------------------------------------------------------------- aborts and panics
@pytest.mark.parametrize("count", ["4294967295", "18446744073709551615"])
def test_shared_strings_count_beyond_the_part_is_a_message_not_an_abort(tmp_path, count):
    import re
    path = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "count.xlsx", in_member(
        STRINGS, lambda d: re.sub(rb'uniqueCount="\d+"', b'uniqueCount="' + count.encode()
                                  + b'"', d)))
    rc, out, err = run_cli("validate", path)
    assert rc == 2
    assert_clean(err)
    assert f"{path}: UNREADABLE" in out
    assert "xl/sharedStrings.xml" in out and f"{int(count):,}" in out


def test_date_cell_outside_any_calendar_is_one_row_problem(tmp_path):
    path = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "date.xlsx",
                        sheet_cell("C3", b'<c r="C3" s="5"><v>-1e12</v></c>'))
    rc, out, err = run_cli("summary", "--json", path)
    assert rc == 0
    assert_clean(err)
    s = json.loads(out)
    src = next(x for x in s["sources"] if x["kind"] == "pledges")
    assert src["rows_loaded"] == 34          # 35 pledge rows, the one with the bad cell out
    row3 = [p for p in s["problems"] if p["sheet"] == "Pledges" and p["row"] == 3]
    assert row3 and "outside any calendar" in row3[0]["message"]


@pytest.mark.parametrize("space", [b" ", b"\n"])
def test_far_stray_cell_is_refused_before_the_reader_allocates(tmp_path, space):
    path = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "far.xlsx", in_member(
        PLEDGES, lambda d: d.replace(b"</sheetData>",
                                     b'<row r="60000"><c' + space + b'r="XFD60000"><v>1</v></c>'
                                     b"</row></sheetData>")))
    rc, out, err = run_cli("validate", path)
    assert rc == 2
    assert_clean(err)
    assert "XFD60000" in out and "Pledges" in out


def test_phantom_dimension_alone_costs_nothing(tmp_path):
    path = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "dim.xlsx", in_member(
        PLEDGES, lambda d: d.replace(b'<dimension ref="A1:P36"/>',
                                     b'<dimension ref="A1:XFD1048576"/>')))
    part = read_any(path)
    assert len(part.pledges) == 35


@pytest.mark.parametrize("error", ["#SPILL!", "#CALC!", "#FIELD!", "#BUSY!"])
def test_excel_365_error_values_are_cell_problems(tmp_path, error):
    path = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "err.xlsx", sheet_cell(
        "I3", b'<c r="I3" s="6" t="e"><v>' + error.encode() + b"</v></c>"))
    part = read_any(path)
    assert len(part.pledges) == 35
    cell = [p for p in part.problems if p.row == 3 and p.value == error]
    assert cell and cell[0].column == "Amount" and cell[0].sheet == "Pledges"
    assert np.isnan(part.pledges["amount"][list(part.pledges["source_row"]).index(3)])


@pytest.mark.parametrize("damage", ["method", "name"])
def test_corrupt_zip_directory_is_a_plain_message(tmp_path, damage):
    data = bytearray(SAMPLE_XLSX.read_bytes())
    # The central-directory entry of the workbook part, which every reader opens.
    at = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02"))
    while data[at + 46:at + 46 + 15] != b"xl/workbook.xml":
        at = data.find(b"PK\x01\x02", at + 4)
    if damage == "method":
        data[at + 10] = 99                    # an unknown compression method
    else:
        data[at + 8] |= 0x08
        data[at + 9] |= 0x08                  # "names are UTF-8", then a byte that is not
        data[at + 46] = 0xFF
    path = tmp_path / "zip.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableInput) as exc:
        read_any(path)
    message = exc.value.message
    assert "damaged" in message
    assert "Error" not in message and "NotImplemented" not in message


# ----------------------------------------------------------------- one bad feature/row
def test_deepstate_feature_with_text_properties_is_one_problem(tmp_path):
    src = sorted((ROOT / "data" / "sample_control_areas").glob("*.geojson"))[-1]
    obj = json.loads(src.read_text(encoding="utf-8"))
    good = read_any(src)
    obj["features"][0]["properties"] = "x"
    path = tmp_path / src.name
    path.write_text(json.dumps(obj), encoding="utf-8")
    part = read_any(path)
    bad = [p for p in part.problems if p.column == "properties"]
    assert len(bad) == 1 and bad[0].row == 1 and bad[0].value == "x"
    # The other features are all still there.
    assert len(part.snapshots[0].features) >= len(good.snapshots[0].features) - 1


def test_one_polygon_repeated_as_200_parts_stays_small_and_fast(tmp_path):
    src = sorted((ROOT / "data" / "sample_control_areas").glob("*.geojson"))[-1]
    obj = json.loads(src.read_text(encoding="utf-8"))
    f = next(f for f in obj["features"] if f["geometry"]["type"] == "Polygon")
    f["geometry"] = {"type": "MultiPolygon", "coordinates": [f["geometry"]["coordinates"]] * 200}
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / src.name).write_text(json.dumps(obj), encoding="utf-8")
    rc, out, err = run_cli("summary", "--json", folder, limit_gb=2.5)
    assert rc == 0, err
    assert_clean(err)
    assert json.loads(out)["areas"]["snapshots"] == 1


def test_feature_over_the_vertex_budget_is_rejected_with_a_reason(tmp_path):
    from udcg_desktop.io.geo.shapes import VERTEX_BUDGET
    ring = [[36 + 0.5 * np.cos(t), 50 + 0.3 * np.sin(t)]
            for t in np.linspace(0, 2 * np.pi, VERTEX_BUDGET + 10)]
    ring[-1] = ring[0]
    obj = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x///geoJSON.status.occupied"},
         "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    path = tmp_path / "1715374800.geojson"
    path.write_text(json.dumps(obj), encoding="utf-8")
    part = read_any(path)
    assert any("vertices" in p.message and p.row == 1 for p in part.problems)


def test_acled_in_utf16_is_read_as_events_not_pledges(tmp_path):
    plain = write_acled(tmp_path / "a.csv", list(acled_rows(29, seed=1)))
    for enc in ("utf-16", "utf-16-le"):
        path = tmp_path / f"acled_{enc}.csv"
        path.write_bytes(plain.read_text(encoding="utf-8").encode(enc))
        assert detect(path).format == "acled"
        part = read_any(path)
        assert len(part.events) == 29 and part.pledges is None or not len(part.pledges)


def test_infinite_fatalities_give_valid_json(tmp_path):
    rows = list(acled_rows(10, seed=2))
    rows[0]["fatalities"], rows[1]["fatalities"] = "1e309", "-1e309"
    path = write_acled(tmp_path / "acled.csv", rows, ACLED_COLUMNS)
    rc, out, err = run_cli("summary", "--json", path)
    assert rc == 0
    assert_clean(err)
    json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    part = read_any(path)
    assert np.isnan(part.events["fatalities"][:2]).sum() + np.isfinite(
        part.events["fatalities"]).sum() == 10


# -------------------------------------------------------------------- control characters
def test_nul_in_a_donor_name_is_removed_once_and_exports_stay_valid(tmp_path):
    path = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "nul.xlsx", in_member(
        STRINGS, lambda d: d.replace(b"<t>Sweden</t>", b"<t>Swe_x0000_den</t>")))
    part = read_any(path)
    donors = set(part.pledges["donor"])
    assert "Sweden" in donors and not any("\x00" in d for d in donors)
    notes = [p for p in part.problems if "control characters" in p.message]
    assert len(notes) == 1 and notes[0].path == str(path)
    out = tmp_path / "out"
    rc, stdout, err = run_cli("export", path, "--out", out, "--formats", "xlsx,pptx,svg",
                              timeout=300)
    assert rc == 0, err
    assert_clean(err)
    written = sorted(out.iterdir())
    assert {p.suffix for p in written} == {".xlsx", ".pptx", ".svg"}
    for p in written:
        if p.suffix == ".svg":
            xml.dom.minidom.parseString(p.read_bytes())
        else:
            with zipfile.ZipFile(p) as zf:
                for name in zf.namelist():
                    if name.endswith(".xml"):
                        xml.dom.minidom.parseString(zf.read(name))


# ------------------------------------------------------------------------------ memory
def test_text_codes_need_no_fixed_width_array():
    import tracemalloc
    from udcg_desktop.core.arrays import text_codes
    values = np.empty(5000, dtype=object)
    values[:] = ["D" * 32767 if i % 7 == 0 else f"donor {i % 13}" for i in range(5000)]
    tracemalloc.start()
    cats, codes = text_codes(values)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * 1024 ** 2               # np.unique(values.astype(str)): 655 MB
    ref_cats, ref_codes = np.unique(values[:50].astype(str), return_inverse=True)
    c50, k50 = text_codes(values[:50])
    assert list(c50) == list(ref_cats) and list(k50) == list(ref_codes)
    assert list(cats[codes[:20]]) == list(values[:20])


# --------------------------------------------------------------------------- temp files
def test_scratch_folders_of_dead_processes_are_removed(tmp_path, monkeypatch):
    from udcg_desktop.core import atomic
    monkeypatch.setattr(atomic.tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = atomic.scratch_root() / f"scratch-{dead.pid}"
    stale.mkdir(parents=True)
    (stale / "xlsxwriter_leftover.xml").write_text("x")
    mine = atomic.scratch_dir()
    assert atomic.clean_scratch() == 1
    assert not stale.exists() and mine.exists()


def test_xlsx_writer_scratch_files_stay_in_the_app_folder(tmp_path, monkeypatch):
    import tempfile
    from udcg_desktop.core.summary import summary
    from udcg_desktop.export.xlsx import write_xlsx
    from tests.export.export_fixtures import fx_rates, small_briefing
    seen = []
    real = tempfile.mkstemp

    def spy(*a, **k):
        fd, name = real(*a, **k)
        seen.append(Path(name))
        return fd, name
    monkeypatch.setattr(tempfile, "mkstemp", spy)
    write_xlsx(summary(small_briefing(), None, fx=fx_rates()), tmp_path / "s.xlsx")
    from udcg_desktop.core.atomic import scratch_dir
    assert seen and all(p.parent == scratch_dir() for p in seen)


# ------------------------------------------------------------------------------- CLI
@pytest.mark.parametrize("argv", [["changes", "x"], ["--bogus"], ["summary", "--bogus"],
                                  ["no_such_file.xlsx"]])
def test_unknown_command_or_option_is_an_argparse_error_not_a_window(argv, monkeypatch,
                                                                    capsys):
    from udcg_desktop import cli
    monkeypatch.setattr(cli, "cmd_gui", lambda files: pytest.fail("the window was opened"))
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err


def test_name_cannot_leave_out(tmp_path, capsys):
    from udcg_desktop import cli
    with pytest.raises(SystemExit) as exc:
        cli.main(["export", "--out", str(tmp_path / "o"), "--name", "../x", "--formats", "md"])
    assert exc.value.code == 2
    assert "--name" in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists()


def test_shared_strings_use_count_may_exceed_the_part(tmp_path):
    """``count`` is how often strings are used (many cells share one): only ``uniqueCount``
    is held against the part's size."""
    import re
    path = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "count.xlsx", in_member(
        STRINGS, lambda d: re.sub(rb' count="\d+"', b' count="18446744073709551615"', d)))
    assert len(read_any(path).pledges) == 35


def _ods(path: Path, rows_xml: str) -> Path:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
               f'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="Pledges">{rows_xml}</table:table>'
               f'</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>'))
    return path


def _ods_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def test_ods_row_repeated_100000_times_with_a_long_cell_is_refused_not_an_abort(tmp_path):
    head = "<table:table-row>" + "".join(_ods_cell(h) for h in (
        "Pledge ID", "Donor", "Announced", "Amount", "Currency")) + "</table:table-row>"
    row = ('<table:table-row table:number-rows-repeated="100000">' + _ods_cell("X-1")
           + _ods_cell("D" * 32767) + _ods_cell("2024-05-01") + _ods_cell("1000")
           + _ods_cell("EUR") + "</table:table-row>")
    path = _ods(tmp_path / "rep.ods", head + row)
    assert path.stat().st_size < 5000
    rc, out, err = run_cli("validate", path, limit_gb=2.5)
    assert rc == 2
    assert_clean(err)
    assert f"{path}: UNREADABLE" in out and "repeats rows" in out
    # The same row with a short donor is 100,000 honest rows.
    path = _ods(tmp_path / "ok.ods", head + row.replace("D" * 32767, "Norway"))
    assert len(read_any(path).pledges) == 100000


def test_long_shared_string_in_many_cells_is_refused_not_an_abort(tmp_path):
    import xlsxwriter
    path = tmp_path / "sst.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Pledges")
    ws.write_row(0, 0, ["Pledge ID", "Donor", "Announced", "Amount", "Currency"])
    for r in range(1, 12001):
        ws.write_string(r, 1, "D" * 32767)
    wb.close()
    rc, out, err = run_cli("validate", path, limit_gb=2.5)
    assert rc == 2
    assert_clean(err)
    assert "shared texts" in out and "'Pledges'" in out
