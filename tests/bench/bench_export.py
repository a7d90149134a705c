"""Export benchmarks.

1. The Excel summary with 100k pledge rows vs. xlsxwriter writing the same cells with no
   formatting (the Pledges sheet's values, row by row with ``write_row``), medians of several runs
   in the same process. Target: at most 2x.
2. The full pack (xlsx, pptx, pdf, chart/map/timeline png+svg, md) for the sample briefing from
   the command line, timed from process start. Target: under 5 s.

Run: python tests/bench/bench_export.py [--rows 100000] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def bench_xlsx(rows: int, runs: int) -> None:
    import xlsxwriter
    from tests.export.export_fixtures import big_briefing
    from udcg_desktop.core.summary import summary
    from udcg_desktop.export import content
    from udcg_desktop.export.xlsx import PLEDGE_COLUMNS, _column_values, write_xlsx
    b = big_briefing(rows)
    s = summary(b, None)
    p = b.pledges
    values = s.pledge_values
    cols = [_column_values(kind, values if name is None else p[name][s.pledge_rows])
            for _, name, kind in PLEDGE_COLUMNS]
    # Plain rows: the same cells (NaN left empty), no formats, no other sheets or charts.
    plain_rows = [[None if (isinstance(v, float) and v != v) else v for v in row]
                  for row in zip(*cols)]
    with tempfile.TemporaryDirectory() as tmp:
        ours, plain = [], []
        for _ in range(runs):
            t = time.perf_counter()
            wb = xlsxwriter.Workbook(f"{tmp}/plain.xlsx", {"strings_to_urls": False,
                                                           "strings_to_formulas": False})
            ws = wb.add_worksheet("Pledges")
            for r, row in enumerate(plain_rows):
                ws.write_row(r, 0, row)
            wb.close()
            plain.append(time.perf_counter() - t)
            t = time.perf_counter()
            write_xlsx(s, f"{tmp}/ours.xlsx")
            ours.append(time.perf_counter() - t)
        size = Path(f"{tmp}/ours.xlsx").stat().st_size / 1e6
    mo, mp = statistics.median(ours), statistics.median(plain)
    print(f"xlsx, {rows:,} pledge rows x {len(cols)} columns ({runs} runs, medians):")
    print(f"  udcg summary workbook (9 sheets, formats, 3 charts, sources): {mo:.2f} s "
          f"({size:.1f} MB)")
    print(f"  xlsxwriter, same cells, no formatting:                       {mp:.2f} s")
    print(f"  ratio: {mo / mp:.2f}x (target <= 2x)")


def bench_cli(runs: int) -> None:
    exe = [sys.executable, "-m", "udcg_desktop", "export", "--as-of", "2024-09-30", "--force"]
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t = time.perf_counter()
            proc = subprocess.run(exe + ["--out", tmp], capture_output=True, text=True,
                                  cwd=REPO)
            times.append(time.perf_counter() - t)
        written = len(list(Path(tmp).iterdir()))
    print(f"CLI full pack of the sample briefing ({runs} runs, from process start): median "
          f"{statistics.median(times):.2f} s, max {max(times):.2f} s, {written} files, exit "
          f"{proc.returncode} (target < 5 s)")
    if proc.returncode:
        print(proc.stderr[-2000:])


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    bench_cli(a.runs)
    bench_xlsx(a.rows, a.runs)
