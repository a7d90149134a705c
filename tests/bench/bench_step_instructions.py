"""The viewer's one-day cursor step counted in instructions (valgrind's callgrind), not timed.

The same code and data give the same count whatever else the machine is doing: two trees
compare to a fraction of a percent (two runs of one tree here: 0.06% apart), where wall-clock
medians of ``bench_viewer.py`` on this shared 2-core machine move by 30% from one run to the next.
Instructions are not time (a blit's memory traffic counts little), so ``bench_viewer.py`` stays
the measure of the target; this one says whether a change made the step cheaper.

Run: python tests/bench/bench_step_instructions.py [--mode cumulative|window|filter] [--steps N]
                                                   [TREE_OR_REVISION ...]
Each argument is a folder holding a checkout of the project or a git revision of this one
(exported to a temporary folder); default: this tree. The step is bench_viewer's: its window at
1600x1000 with 100k pledges, 200k events and 60 snapshots, one natural step from 2024-04-20
on, each followed by an uncounted step with the whole window repainted. Needs valgrind (Debian:
``apt-get install valgrind``); a tree takes ~4 minutes under it, two run at once.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WARM_STEPS = 10


def child(mode: str, steps: int) -> None:
    """Inside valgrind, in the tree under test: only what runs inside libc's ``qsort`` is
    counted (``--toggle-collect``), and each natural step runs inside one, as its comparator."""
    import ctypes
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, os.getcwd())
    import numpy as np
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    app.setStyle("Fusion")
    try:
        from udcg_desktop.core.cursor import WINDOW
        from udcg_desktop.core.session import Session
    except ImportError:          # a tree from before the core's split (issue 11's reference)
        from udcg_desktop.core.state import WINDOW, Session
    from udcg_desktop.gui.main_window import MainWindow
    from tests.bench.bench_viewer import large_briefing
    session = Session(large_briefing())
    folder = tempfile.mkdtemp(prefix="udcg-bench-")
    win = MainWindow(session, settings=QSettings(str(Path(folder) / "s.ini"),
                                                 QSettings.IniFormat))
    win.resize(1600, 1000)
    win.show()
    app.processEvents()
    session.cursor.set_mode(WINDOW if mode == "window" else "cumulative", 14)
    if mode == "filter":
        session.filters.set_field("donors", ["Donor 01", "Donor 02"])
    day = np.datetime64("2024-04-20")
    session.cursor.set_date(day)
    app.processEvents()
    win.repaint()

    def natural_step(_a, _b):
        session.cursor.set_date(day)
        app.processEvents()
        return 0

    compare = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(natural_step)
    libc = ctypes.CDLL(None)
    pair = (ctypes.c_int * 2)(1, 2)
    for k in range(WARM_STEPS + steps):
        day = day + np.timedelta64(1, "D")
        if k < WARM_STEPS:
            natural_step(None, None)
        else:
            libc.qsort(pair, 2, ctypes.sizeof(ctypes.c_int), compare)   # counted
        day = day + np.timedelta64(1, "D")
        session.cursor.set_date(day)
        win.repaint()
        app.processEvents()


def _tree(spec: str, scratch: Path) -> tuple[str, Path]:
    path = Path(spec)
    if path.is_dir():
        return spec, path.resolve()
    out = scratch / re.sub(r"[^\w.-]", "_", spec)
    out.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", spec], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return spec, out


def count(tree: Path, mode: str, steps: int) -> int:
    """Instructions of ``steps`` natural steps in ``tree``."""
    with tempfile.TemporaryDirectory(prefix="udcg-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        # The same dict orders in every run; Qt's blends on this thread, where they are counted
        # (trees from before the window turned Qt's blend pool off would hand them to others).
        env = dict(os.environ, PYTHONHASHSEED="0", QT_NO_GUI_THREADPOOL="1")
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=qsort*",
             f"--callgrind-out-file={out}", sys.executable, str(Path(__file__).resolve()),
             "--child", mode, str(steps)],
            cwd=tree, env=env, capture_output=True, text=True)
        found = re.search(r"Collected : (\d+)", run.stderr)
        if run.returncode or not found:
            raise SystemExit(f"{tree}: valgrind run failed:\n{run.stderr[-2000:]}")
        return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trees", nargs="*", default=[str(REPO)])
    ap.add_argument("--mode", choices=("cumulative", "window", "filter"), default="window")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child[0], int(args.child[1]))
    with tempfile.TemporaryDirectory(prefix="udcg-trees-") as scratch:
        trees = [_tree(spec, Path(scratch)) for spec in args.trees]
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = list(pool.map(lambda t: count(t[1], args.mode, args.steps), trees))
    first = counts[0] / args.steps
    print(f"one-day step, {args.mode} mode, {args.steps} steps each (instructions, callgrind):")
    for (spec, _path), total in zip(trees, counts):
        per = total / args.steps
        print(f"  {spec:40s} {per / 1e6:8.2f} M per step   {per / first:6.3f} of the first")


if __name__ == "__main__":
    main()
