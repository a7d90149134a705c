"""Opening a folder of 60 DeepState snapshots, cold and warm, and stepping the cursor across them.

Run: python tests/bench/bench_areas.py [--runs 3] [--worst]
Targets (issue 5): the folder opened in under 4 s the first time (empty cache, fresh process)
and under 0.5 s again unchanged (the content-keyed cache); the core-side cost of one cursor
step across snapshot boundaries (``series.at`` + the summary's area figures) far under 16 ms.

The 60 files (~600 KB each) are made in a temp folder from the real snapshots in
``../shared/realdata/deepstate`` (or, without them, synthesised alike): each copy gets its own
time stem, and, like consecutive real snapshots (80-90% of polygons unchanged from one to the
next), a few polygons moved by a random offset: the front polygons in the Kharkiv box and ~10%
of the others. ``--worst`` moves every polygon of every copy (no two files share a polygon), the
case the per-polygon memo cannot help. Compared in the same run with the plain path: union per
status + clip + geodesic area without memo (``core.areas.status_areas_km2``).
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import random
import statistics
import subprocess
import sys
import tempfile
import time

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "realdata" / "deepstate"
N_FILES = 60
T0 = 1714512461


def _move(geometry, dx, dy):
    geometry["coordinates"] = [[[p[0] + dx, p[1] + dy, *p[2:]] for p in ring]
                               for ring in geometry["coordinates"]]


def _synthetic(seed: int) -> dict:
    """A DeepState-like collection (~450 features, ~9k polygon vertices) when realdata is absent."""
    rnd = random.Random(seed)
    feats = []
    names = (["x /// Occupied /// geoJSON.status.occupied"] * 10
             + ["x /// Unknown status\xa0/// geoJSON.status.unknown\n"] * 15
             + ["x /// Liberated /// geoJSON.status.dismissed"] * 60)
    for i, name in enumerate(names):
        cx, cy = 33 + (i % 12) * 0.5, 47 + (i // 12) * 0.4
        n = 100
        ring = [[cx + 0.2 * __import__("math").cos(6.283 * k / n) * (1 + 0.1 * rnd.random()),
                 cy + 0.15 * __import__("math").sin(6.283 * k / n), 0] for k in range(n)]
        ring.append(ring[0])
        feats.append({"type": "Feature", "properties": {"name": name},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    for i in range(360):
        feats.append({"type": "Feature", "properties": {
            "name": "x /// unit /// geoJSON.units.brigade.%d" % i, "description": "x" * 600},
            "geometry": {"type": "Point", "coordinates": [35 + i * 0.01, 48, 0]}})
    return {"type": "FeatureCollection", "features": feats}


def make_folder(folder: Path, worst: bool, seed: int = 11) -> int:
    rnd = random.Random(seed)
    sources = sorted(REAL.glob("*.geojson")) if REAL.is_dir() else []
    total = 0
    base = [json.loads(p.read_text(encoding="utf-8")) for p in sources] or \
        [_synthetic(k) for k in range(9)]
    for k in range(N_FILES):
        obj = json.loads(json.dumps(base[k * len(base) // N_FILES]))
        for f in obj["features"]:
            g = f.get("geometry") or {}
            if g.get("type") != "Polygon":
                continue
            x, y = g["coordinates"][0][0][:2]
            in_box = 36.0 <= x <= 38.0 and 49.8 <= y <= 50.6
            if worst or (in_box and rnd.random() < 0.7) or rnd.random() < 0.10:
                _move(g, rnd.uniform(-0.01, 0.01), rnd.uniform(-0.01, 0.01))
        path = folder / f"{T0 + k * 86400 + rnd.randrange(3600)}.geojson"
        path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
        total += path.stat().st_size
    return total


_OPEN = """
import sys, time
t = time.perf_counter()
from udcg_desktop.io import read_any
part = read_any(sys.argv[1])
dt = time.perf_counter() - t
assert len(part.snapshots) == {n}, len(part.snapshots)
print(dt, part.sources[0].detail.count("from cache"), part.sources[0].detail.split("; ")[-1])
"""


def open_in_fresh_process(folder: Path, cache: Path) -> tuple[float, float, str]:
    env = dict(os.environ, UDCG_CACHE_DIR=str(cache))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _OPEN.format(n=N_FILES), str(folder)], env=env,
                         capture_output=True, text=True, check=True).stdout.split(maxsplit=2)
    wall = time.perf_counter() - t
    return float(out[0]), wall, out[2].strip() if len(out) > 2 else ""


def plain_path_seconds(folder: Path) -> float:
    """The same geometry work without the memo: parse + union/clip/measure every snapshot."""
    import shapely
    from udcg_desktop.core.areas import RegionSet, status_areas_km2
    from udcg_desktop.io.geo.deepstate import deepstate_key, deepstate_status
    regions = RegionSet()
    t = time.perf_counter()
    for path in sorted(folder.glob("*.geojson")):
        obj = json.loads(path.read_bytes())
        pairs = []
        for f in obj["features"]:
            g = f.get("geometry") or {}
            status = deepstate_status(*deepstate_key(f["properties"].get("name", "")))
            if g.get("type") == "Polygon" and status in ("occupied", "contested", "liberated"):
                rings = [[p[:2] for p in r] for r in g["coordinates"]]
                geom = shapely.Polygon(rings[0], rings[1:] or None)
                if not geom.is_valid:
                    geom = shapely.make_valid(geom)
                pairs.append((status, geom))
        status_areas_km2(pairs, regions)
    return time.perf_counter() - t


def stepping(folder: Path, cache: Path, steps: int = 400) -> list[float]:
    import numpy as np
    os.environ["UDCG_CACHE_DIR"] = str(cache)
    from udcg_desktop.core.model import assemble
    from udcg_desktop.core.summary import summary
    from udcg_desktop.io import read_any
    b = assemble([read_any(folder)])
    first = b.areas.times[0].astype("datetime64[D]")
    days = first + np.arange(steps) % 64
    summary(b, as_of=first)                       # the engine is built once per briefing
    out = []
    for day in days:
        t = time.perf_counter()
        snap = b.areas.at(day)
        s = summary(b, as_of=day)
        occupied = s.areas["occupied_km2"]
        out.append((time.perf_counter() - t) * 1000)
        assert snap is None or occupied == snap.areas_km2["occupied"]["kharkiv"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--worst", action="store_true", help="every polygon moved in every copy")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "snapshots"
        folder.mkdir()
        size = make_folder(folder, args.worst)
        print(f"{N_FILES} snapshots, {size / 1e6:.1f} MB "
              f"({'from realdata' if REAL.is_dir() else 'synthetic'}; "
              f"{'every polygon moved' if args.worst else 'a few polygons moved per copy'})")
        cold, warm, cold_wall, warm_wall = [], [], [], []
        for run in range(args.runs):
            cache = tmp / f"cache{run}"
            c, cw, _ = open_in_fresh_process(folder, cache)
            w, ww, note = open_in_fresh_process(folder, cache)
            assert "60 from cache" in note, note
            cold.append(c), cold_wall.append(cw), warm.append(w), warm_wall.append(ww)
        plain = [plain_path_seconds(folder) for _ in range(max(1, args.runs - 1))]
        steps = stepping(folder, tmp / "cache0")
        med = statistics.median
        print(f"open cold   (empty cache, fresh process): median {med(cold):.2f} s "
              f"(process wall {med(cold_wall):.2f} s)  target < 4 s  "
              f"{'OK' if med(cold) < 4 else 'MISSED'}")
        print(f"open warm   (cache, fresh process):       median {med(warm):.3f} s "
              f"(process wall {med(warm_wall):.2f} s)  target < 0.5 s  "
              f"{'OK' if med(warm) < 0.5 else 'MISSED'}")
        print(f"plain path  (no memo: union+clip+area per snapshot, parse included): median "
              f"{med(plain):.2f} s; cold/plain = {med(cold) / med(plain):.2f}, "
              f"warm/cold = {med(warm) / med(cold):.3f}")
        print(f"cursor step (series.at + summary areas, {len(steps)} steps over 64 days): "
              f"median {med(steps):.3f} ms, p95 {sorted(steps)[int(len(steps) * .95)]:.3f} ms  "
              f"target < 16 ms  {'OK' if med(steps) < 16 else 'MISSED'}")


if __name__ == "__main__":
    main()
