"""Start-up of the self-contained build against the pip-installed app, side by side.

Run: python tests/bench/bench_bundle.py [--runs N] [--bundle dist/udcg-desktop/udcg-desktop]
(build first: python resources/packaging/build_bundle.py). Offscreen unless DISPLAY is set.
Target (issue 15): process start -> first painted window showing the sample briefing, frozen
<= 1.2x the pip-installed app (``python -m udcg_desktop`` with its bytecode cached, as pip
installs it), both measured here in subprocesses, interleaved, same run; medians. Then the
build's size and biggest parts (the builder's report; limit 200 MB unpacked).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_viewer import REPO, _first_paint  # noqa: E402 - the same first-paint measurement


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "udcg-desktop" /
                        "udcg-desktop")
    args = parser.parse_args()
    if not args.bundle.is_file():
        raise SystemExit(f"no build at {args.bundle}: python resources/packaging/build_bundle.py")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "xcb")
    tmp = tempfile.mkdtemp(prefix="udcg-bench-")
    env["XDG_CONFIG_HOME"] = tmp             # QSettings in a throwaway folder, for both
    env["UDCG_CACHE_DIR"] = str(Path(tmp) / "cache")
    env["UDCG_BENCH_FIRST_PAINT"] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as pip installs: bytecode compiled once, cached
    env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
    os.chdir(REPO)
    pip_cmd = [sys.executable, "-m", "udcg_desktop"]
    frozen_cmd = [str(args.bundle)]
    _first_paint(pip_cmd, env), _first_paint(frozen_cmd, env)     # warm caches and files
    pip, frozen = [], []
    for _ in range(args.runs):               # interleaved: both see the same machine load
        pip.append(_first_paint(pip_cmd, env))
        frozen.append(_first_paint(frozen_cmd, env))
    p, f = statistics.median(pip), statistics.median(frozen)
    ratios = sorted(b / a for a, b in zip(pip, frozen))
    print(f"first painted window with the sample, median of {args.runs} "
          f"({env['QT_QPA_PLATFORM']}):")
    print(f"    pip-installed (python -m udcg_desktop): {p:6.3f} s  "
          f"(runs {' '.join(f'{x:.2f}' for x in pip)})")
    print(f"    self-contained build:                   {f:6.3f} s  "
          f"(runs {' '.join(f'{x:.2f}' for x in frozen)})")
    print(f"    ratio frozen/pip {f / p:.2f}x (median of pairs "
          f"{statistics.median(ratios):.2f}x)   target <= 1.20x   "
          f"{'OK' if f / p <= 1.2 else 'MISSED'}")
    sys.path.insert(0, str(REPO / "resources" / "packaging"))
    from build_bundle import size_check             # the builder's own size report and limit
    print(size_check(args.bundle.parent)[1])


if __name__ == "__main__":
    main()
