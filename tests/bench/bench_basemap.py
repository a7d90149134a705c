"""Base-map load benchmark (target: load_basemap() under 150 ms).

Measured in the same run (medians of --repeat runs, files in the OS cache):
  - json.loads of the same files only (the floor: parsing, no arrays)
  - our load_basemap() (uncached: parse + NaN-separated flat arrays + places columns)
  - the alternative a map view might otherwise use: shapely geometries via
    shapely.from_geojson per file, then coordinates per feature (shapely.get_coordinates)
  - load_oblasts() and ukraine_rings() (full resolution, read only when asked for)
and a first load in a fresh process (python -c "import ...; load_basemap()"), import included.

Run: python tests/bench/bench_basemap.py [--repeat N]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
import statistics
import subprocess
import sys
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from udcg_desktop.core import basemap as bm  # noqa: E402

FILES = ["admin0_lines.geojson", "admin1_lines.geojson", "coastline.geojson", "countries.geojson",
         "lakes.geojson", "kharkiv_oblast.geojson", "places.json"]


def timed(fn, repeat):
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def json_only():
    base = bm.basemap_dir()
    return [json.loads((base / f).read_bytes()) for f in FILES]


def shapely_alternative():
    import numpy as np
    import shapely
    base = bm.basemap_dir()
    out = []
    for f in FILES[:-1]:
        g = shapely.from_geojson((base / f).read_text(encoding="utf-8"))
        out.extend(shapely.get_coordinates(p) for p in shapely.get_parts(g))
    d = json.loads((base / "places.json").read_bytes())["columns"]
    out.append(np.asarray(d["lon"]))
    return out


def ours():
    return bm.load_basemap.__wrapped__()


def full_res():
    bm.load_oblasts.cache_clear()
    bm._ukraine.cache_clear()
    bm.load_oblasts()
    bm.ukraine_rings()


def fresh_process_ms():
    code = ("import time; t=time.perf_counter(); import udcg_desktop.core.basemap as b; "
            "b.load_basemap(); print((time.perf_counter()-t)*1000)")
    vals = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        vals.append(float(out.stdout.strip()))
    return statistics.median(vals)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    a = ap.parse_args()
    import shapely  # noqa: F401  (import cost not charged to the alternative)
    size = sum((bm.basemap_dir() / f).stat().st_size for f in FILES)
    b = ours()
    print(f"files: {len(FILES)}, {size / 1024:.0f} KiB; vertices: "
          + ", ".join(f"{k} {v.n_vertices}" for k, v in b.line_layers.items())
          + f", countries {len(b.countries.xy) - b.countries.n_parts}, places {len(b.places)}")
    t_json = timed(json_only, a.repeat)
    t_ours = timed(ours, a.repeat)
    t_shp = timed(shapely_alternative, a.repeat)
    t_full = timed(full_res, max(3, a.repeat // 3))
    t_fresh = fresh_process_ms()
    print(f"json.loads only (floor)            {t_json:7.1f} ms")
    print(f"load_basemap() (ours)              {t_ours:7.1f} ms   {t_ours / t_json:4.2f}x the floor")
    print(f"shapely.from_geojson alternative   {t_shp:7.1f} ms   ours / alternative = {t_ours / t_shp:4.2f} "
          "(it builds no flat arrays, no place columns)")
    print(f"load_oblasts() + ukraine_rings()   {t_full:7.1f} ms   (full resolution, on demand)")
    print(f"fresh process: import + load       {t_fresh:7.1f} ms   (target for the load: < 150 ms)")


if __name__ == "__main__":
    main()
