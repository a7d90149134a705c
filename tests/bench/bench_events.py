"""Loading 200k ACLED-style events.

Run: python tests/bench/bench_events.py [--rows 200000] [--runs 3]
Target (issue 5): 200k ACLED events loaded in under 3 s (``read_any``: detection, CSV parsing,
three date forms, type mapping, duplicate check, an ``EventTable``). The file is written with
the real export's 27 columns, unsorted rows, notes of 1-4 sentences with commas and quotes, and
``event_date`` in the Excel form ``10/05/2024 00:00:00`` (day first). Compared in the same run
with ``pandas.read_csv`` of the same file (parsing only: no dates, no mapping), when pandas is
installed (the ``bench`` extra), and with a plain ``csv.reader`` pass that keeps every column.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path
import statistics
import sys
import tempfile
import time

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.io.event_fixtures import acled_rows, write_acled  # noqa: E402


def timed(fn, runs):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from udcg_desktop.io import read_any
    with tempfile.TemporaryDirectory() as tmp:
        rows = list(acled_rows(args.rows, seed=7, form="excel"))
        rows += [dict(rows[i], timestamp=str(int(rows[i]["timestamp"]) + 5))
                 for i in range(0, 1000, 10)]                       # 100 repeated IDs
        path = write_acled(Path(tmp) / "acled_export.csv", rows)
        size = path.stat().st_size / 1e6
        print(f"{len(rows):,} rows, {size:.0f} MB")
        ours, part = timed(lambda: read_any(path), args.runs)
        src = part.sources[0]
        assert src.rows_loaded == args.rows and src.rows_read == len(rows), src
        print(f"read_any (acled reader):  median {ours:.2f} s  target < 3 s  "
              f"{'OK' if ours < 3 else 'MISSED'}  ({src.rows_loaded:,} events, "
              f"{src.rows_rejected} duplicates reported)")

        def plain_csv():
            with open(path, newline="", encoding="utf-8") as fh:
                return list(csv.reader(fh))
        plain, _ = timed(plain_csv, args.runs)
        print(f"csv.reader, all columns, nothing else: median {plain:.2f} s "
              f"(ours/plain = {ours / plain:.2f})")
        try:
            import pandas as pd
        except ImportError:
            print("pandas not installed: no pandas comparison")
            return
        pandas_s, _ = timed(lambda: pd.read_csv(path, dtype=str, keep_default_na=False),
                            args.runs)
        print(f"pandas.read_csv (parse only): median {pandas_s:.2f} s "
              f"(ours/pandas = {ours / pandas_s:.2f})")


if __name__ == "__main__":
    main()
