"""Build the shipped area-of-interest outline ``kharkiv_axis.geojson`` from the base map.

The Kharkiv axis is Kharkiv oblast plus the Russian border districts opposite it. Natural Earth
has no Russian district outlines, so the Russian side is approximated by the part of Russia within
``STRIP_KM`` of Kharkiv oblast (30 km takes in Shebekino, Grayvoron, Borisovka and Valuyki, and
leaves out Belgorod city at ~35 km). The result is marked illustrative.

Run from the repository root (needs shapely and pyproj, already dependencies of the app):
    python resources/aoi/build_aoi.py
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape

HERE = Path(__file__).resolve().parent
BASEMAP = HERE.parent / "basemap"
STRIP_KM = 30.0
SIMPLIFY_M = 300.0


def _projector():
    fwd = Transformer.from_crs("EPSG:4326", "+proj=aeqd +lat_0=50 +lon_0=36.5 +units=m",
                               always_xy=True)
    inv = Transformer.from_crs("+proj=aeqd +lat_0=50 +lon_0=36.5 +units=m", "EPSG:4326",
                               always_xy=True)

    def run(tr):
        return lambda g: shapely.transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0],
                                                                                       xy[:, 1])))
    return run(fwd), run(inv)


def build() -> dict:
    fwd, inv = _projector()
    oblast = shape(json.loads((BASEMAP / "kharkiv_oblast.geojson").read_text())["geometry"])
    countries = json.loads((BASEMAP / "countries.geojson").read_text())["features"]
    russia = next(shape(f["geometry"]) for f in countries if f["properties"]["name"] == "Russia")
    o, r = fwd(oblast), fwd(russia)
    strip = o.buffer(STRIP_KM * 1000.0).intersection(r)
    axis = shapely.union_all([o, strip]).buffer(50).buffer(-50)     # close slivers at the seam
    axis = axis.simplify(SIMPLIFY_M)
    geom = shapely.set_precision(inv(axis), 1e-5)
    from udcg_desktop.core.areas import area_km2
    return {
        "type": "Feature",
        "properties": {
            "key": "kharkiv_axis",
            "name": "Kharkiv axis",
            "description": "Kharkiv oblast and the Russian border districts opposite it",
            "method": (f"Kharkiv oblast (Natural Earth 1:10m, polygonised in resources/basemap) "
                       f"plus the part of Russia within {STRIP_KM:.0f} km of it (standing in for "
                       f"Belgorod oblast's border districts, which Natural Earth does not have); "
                       f"built by resources/aoi/build_aoi.py"),
            "illustrative": True,
            "oblasts": ["Kharkiv"],
            "strip_km": STRIP_KM,
            "area_km2": round(area_km2(geom), 1),
            "source": "Natural Earth (public domain)",
        },
        "geometry": mapping(geom),
    }


if __name__ == "__main__":
    feature = build()
    out = HERE / "kharkiv_axis.geojson"
    out.write_text(json.dumps(feature, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({feature['properties']['area_km2']:,} km2)")
