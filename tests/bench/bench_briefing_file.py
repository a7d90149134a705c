"""Saving and reopening a briefing file with 50 bookmarks, beyond loading its inputs.

The bundled sample's inputs, 50 bookmarks with notes, extents and filters. Measured (medians of
--runs): save (hash the inputs, write atomically; the release copy is already cached after the
first save), reopen (parse, check every input's hash), and, for scale, loading the inputs.
Target (issue 13): save + reopen under 0.5 s beyond loading the inputs.

Run: python tests/bench/bench_briefing_file.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
import statistics
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["UDCG_CACHE_DIR"] = str(Path(tmp) / "cache")
        from udcg_desktop.core.bookmarks import Bookmark
        from udcg_desktop.core.briefing_file import BriefingFile, BriefingSettings
        from udcg_desktop.core.paths import sample_briefing_files
        from udcg_desktop.io import load_briefing
        from udcg_desktop.io.briefing_store import open_briefing, save_briefing
        files = sample_briefing_files()
        marks = [Bookmark(f"Moment {i}", f"2024-05-{1 + i % 28:02d}",
                          "A note of two sentences about this moment. It goes on the slide.",
                          [36.0 + i * 0.01, 37.0 + i * 0.01, 49.8, 50.5], {"events": True},
                          {"donors": ["Germany", "France"]}) for i in range(50)]
        brief = BriefingFile(settings=BriefingSettings(as_of="2024-05-20", title="Bench"),
                             bookmarks=marks)
        target = Path(tmp) / "bench.udcg.json"
        save_briefing(target, files, brief)          # first save: keeps the release copy
        saves, opens, loads = [], [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            save_briefing(target, files, brief)
            saves.append(time.perf_counter() - t)
            t = time.perf_counter()
            opened = open_briefing(target)
            opens.append(time.perf_counter() - t)
            t = time.perf_counter()
            load_briefing(opened.files)
            loads.append(time.perf_counter() - t)
        assert len(opened.brief.bookmarks) == 50 and not opened.messages
        med = statistics.median
        print(f"inputs: {len(files)} (the sample), {target.stat().st_size:,} bytes of briefing "
              f"file, 50 bookmarks; medians of {args.runs}")
        print(f"  save            {med(saves) * 1000:7.1f} ms")
        print(f"  reopen          {med(opens) * 1000:7.1f} ms")
        print(f"  save + reopen   {(med(saves) + med(opens)) * 1000:7.1f} ms (target < 500 ms)")
        print(f"  load the inputs {med(loads) * 1000:7.1f} ms (for scale)")


if __name__ == "__main__":
    main()
