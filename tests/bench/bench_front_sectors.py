"""The front's change by sector between two snapshots (core.front_sectors), cold and cached.

Data: the real DeepState folder of ../shared/realdata when present (9 snapshots, ~450 real
polygons each) and the generated 60-snapshot series of bench_viewer. In a process that has
loaded the briefing (as the window and the CLI have: shapely and pyproj imported), measured:
  - cold: a pair of snapshots never compared, neither union cached
  - one cached: a new pair sharing a snapshot with an earlier one
  - cached: the same pair again
Targets (issue 13): under 1 s cold, under 50 ms cached.
Then the change map (core.change_map: classes, settlements; and its PNG and SVG drawn by
gui/change_map_image.py at 1600x1000) for the same pairs: data cold, data cached, PNG, SVG.

Run: python tests/bench/bench_front_sectors.py  (UDCG_REALDATA: another realdata folder)
"""
from __future__ import annotations

import os
from pathlib import Path
import statistics
import sys
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DEEPSTATE = Path(os.environ.get("UDCG_REALDATA", ROOT / ".." / "shared" / "realdata")) / \
    "deepstate"


def _ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def bench(label: str, series) -> None:
    from udcg_desktop.core import front_sectors as fc
    fc._UNIONS.clear()
    fc._RESULTS.clear()
    days = [str(t)[:10] for t in series.times]
    cold, one_cached, cached = [], [], []
    pairs = [(days[i], days[i + 2]) for i in range(0, len(days) - 2, 3)]
    for a, b in pairs:                      # disjoint pairs: nothing cached
        cold.append(_ms(lambda: fc.sector_changes(series, a, b)))
    for a, b in pairs:                      # (a, b+1): a's union is cached, b+1's is not
        nxt = days[min(days.index(b) + 1, len(days) - 1)]
        if nxt != b:
            one_cached.append(_ms(lambda: fc.sector_changes(series, a, nxt)))
    for a, b in pairs:
        cached.append(_ms(lambda: fc.sector_changes(series, a, b)))
    print(f"{label}: {len(series)} snapshots, {len(pairs)} pairs")
    for name, xs in (("cold", cold), ("one snapshot cached", one_cached), ("cached", cached)):
        if xs:
            print(f"  {name:<20} median {statistics.median(xs):8.1f} ms  max {max(xs):8.1f} ms")


def bench_change_map(label: str, briefing) -> None:
    """The change map for pairs two snapshots apart: its data (cold: nothing cached; cached)
    and its pictures."""
    from udcg_desktop.core import change_map as cmap
    from udcg_desktop.core import front_sectors as fc
    from udcg_desktop.gui.change_map_image import change_map_image
    from udcg_desktop.gui.render import ensure_app
    ensure_app()
    cmap._CACHE.clear()
    fc._UNIONS.clear()
    fc._RESULTS.clear()
    series = briefing.areas
    days = [str(t)[:10] for t in series.times]
    pairs = [(days[i], days[i + 2]) for i in range(0, len(days) - 2, 3)][:6]
    cold, cached, png, svg = [], [], [], []
    for a, b in pairs:
        cold.append(_ms(lambda: cmap.change_map(briefing, a, b)))
        cached.append(_ms(lambda: cmap.change_map(briefing, a, b)))
        cm = cmap.change_map(briefing, a, b)
        png.append(_ms(lambda: change_map_image(cm, (1600, 1000), fmt="png")))
        svg.append(_ms(lambda: change_map_image(cm, (1600, 1000), fmt="svg")))
    print(f"{label}: change map, {len(pairs)} pairs")
    for name, xs in (("data cold", cold), ("data cached", cached),
                     ("PNG 1600x1000", png), ("SVG 1600x1000", svg)):
        print(f"  {name:<22} median {statistics.median(xs):8.1f} ms  max {max(xs):8.1f} ms")


def main() -> None:
    from udcg_desktop.core.areas import area_km2
    from udcg_desktop.core.front_sectors import load_sectors
    from shapely.geometry import box
    area_km2(box(36, 50, 36.1, 50.1))       # pyproj's transformer, as a loaded app has it
    load_sectors()
    if DEEPSTATE.is_dir():
        from udcg_desktop.io import load_briefing
        real = load_briefing([DEEPSTATE])
        bench("DeepState (real)", real.areas)
        bench_change_map("DeepState (real)", real)
    from tests.bench.bench_viewer import large_briefing
    generated = large_briefing(n_pledges=100, n_events=100)
    bench("generated", generated.areas)
    bench_change_map("generated", generated)


if __name__ == "__main__":
    main()
