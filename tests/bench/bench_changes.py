"""``changes OLD NEW`` on two generated 100k-row releases against loading both.

The older release is bench_load's generated workbook; the newer one is the same rows read back
with 1% of packages removed, 2% revised (value) and 1% new. Measured in the same run, medians:
  - loading both workbooks into the core model (io.load_briefing, twice)
  - the whole comparison as ``changes`` does it (both loads + compare_releases)
Target (issue 13): the comparison under 2x loading both.

Run: python tests/bench/bench_changes.py [--rows N] [--runs K]
"""
from __future__ import annotations

import argparse
from pathlib import Path
import random
import statistics
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_load import generate  # noqa: E402


def revise(old: Path, new: Path, seed: int = 11) -> dict:
    """Write ``new``: ``old`` with packages removed, revised and added; returns the counts."""
    from python_calamine import CalamineWorkbook
    import xlsxwriter
    rnd = random.Random(seed)
    rows = CalamineWorkbook.from_path(str(old)).get_sheet_by_name("Pledges").to_python()
    header, body = rows[0], rows[1:]
    amount = header.index("Amount")
    out, counts = [], {"removed": 0, "revised": 0, "new": 0}
    for row in body:
        roll = rnd.random()
        if roll < 0.01:
            counts["removed"] += 1
            continue
        row = list(row)
        if roll < 0.03 and isinstance(row[amount], float):
            row[amount] = round(row[amount] * 1.1, 2)
            counts["revised"] += 1
        out.append(row)
        if roll > 0.99:
            extra = list(row)
            extra[0] = f"N{len(out):06d}"
            out.append(extra)
            counts["new"] += 1
    wb = xlsxwriter.Workbook(str(new), {"constant_memory": True, "strings_to_urls": False,
                                        "strings_to_numbers": False,
                                        "default_date_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet("Pledges")
    for r, row in enumerate([header, *out]):
        ws.write_row(r, 0, [None if v == "" else v for v in row])
    wb.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from udcg_desktop.core.release_changes import compare_releases
    from udcg_desktop.core.summary import default_fx
    from udcg_desktop.io import load_briefing
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "release_a.xlsx", Path(tmp) / "release_b.xlsx"
        generate(old, args.rows)
        made = revise(old, new)
        fx = default_fx()
        load_times, change_times = [], []
        result = None
        for _ in range(args.runs):          # interleaved, so drift hits both alike
            t = time.perf_counter()
            load_briefing([old]), load_briefing([new])
            load_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            result = compare_releases(load_briefing([old]), load_briefing([new]), fx)
            change_times.append(time.perf_counter() - t)
        load, change = statistics.median(load_times), statistics.median(change_times)
        print(f"rows {args.rows}; made: {made}")
        print(f"found: new {len(result.new)}, removed {len(result.removed)}, "
              f"revised {len(result.revised)}, unchanged {result.unchanged}")
        print(f"load both           median {load:6.2f} s  (runs {', '.join(f'{x:.2f}' for x in load_times)})")
        print(f"changes (load+diff) median {change:6.2f} s  (runs {', '.join(f'{x:.2f}' for x in change_times)})")
        print(f"ratio changes / load both: {change / load:.2f}x (target < 2x)")


if __name__ == "__main__":
    main()
