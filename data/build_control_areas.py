# source
#   Hand-drawn rough polygons, NOT DeepState data. Their extent is scaled to the figures in the
#   project's fact sheet (facts.md, section F): the Russian advance reached <= 8 km from the
#   border by 2024-05-16 (ISW; Zelensky: deepest point 10 km), about 257 km2 were taken in
#   Kharkiv oblast 2024-05-09..05-15 (AFP analysis of ISW data), and it changed little after
#   (7-8 km on 2024-06-12). The shapes follow the timeline of section E: grey-zone fighting at
#   Strilecha/Pylna/Borysivka and on the Vovchansk border on 05-10; Morokhovets and the border
#   villages claimed 05-11/12; Lukiantsi and north Vovchansk 05-13/15; stalled from 05-23;
#   Ukrainian counterattacks on the Lyptsi road (06-10/11), at Tykhe east of Vovchansk (06-19)
#   and in NE Vovchansk (06-24). Place coordinates (Wikipedia): Vovchansk 50.28778 36.94278,
#   Strilecha 50.302778 36.401389, Pylna 50.286944 36.517778, Borysivka 50.275278 36.561944,
#   Morokhovets 50.273056 36.471111, Lukiantsi 50.248333 36.507778, Lyptsi 50.209167 36.421111.
#   The northern edge is the Russia-Ukraine border of the shipped Natural Earth outline
#   (resources/basemap/ukraine.geojson, public domain), pulled ~400 m inside it.
#
# Usage:  python data/build_control_areas.py   (or via data/build_sample.py)
"""Build data/sample_control_areas/: ILLUSTRATIVE control-area snapshots, DeepState-style GeoJSON.

Files: ``<unix seconds of the day's 21:00 UTC>.geojson``, Polygon features with 3-D
``[lon, lat, 0]`` coordinates and ``properties.name = "<uk> /// <en> /// geoJSON.status.<key>"``
(``occupied`` or ``unknown`` = contested), plus ``illustrative: true`` and a ``note``; the
FeatureCollection carries the same two members. The 2024-05-09 file has no features: nothing was
occupied in this area before the offensive.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from pathlib import Path

from udcg_desktop.core.atomic import write_text_atomic

OUT_DIR = Path(__file__).resolve().parent / "sample_control_areas"

NOTE = ("Illustrative only: a rough hand-drawn sketch derived from the sourced depth/area figures "
        "and timeline in the project's fact sheet (ISW, AFP, Ukrainian General Staff reports); "
        "NOT DeepState data and not a map of the real front line.")

NAMES = {
    "occupied": ("Окупована територія (ілюстрація)", "Occupied territory (illustration)"),
    "unknown": ("Сіра зона (ілюстрація)", "Contested area (illustration)"),
}
STYLE = {
    "occupied": {"fill": "#a52714", "fill-opacity": 0.25, "stroke": "#a52714",
                 "stroke-width": 1, "stroke-opacity": 1},
    "unknown": {"fill": "#bcaaa4", "fill-opacity": 0.35, "stroke": "#8d6e63",
                "stroke-width": 1, "stroke-opacity": 1},
}

# Two sectors: west (Strilecha-Borysivka, toward Lyptsi) and east (Vovchansk). Each date gives the
# southern edge of the occupied area (``occ``) and of the contested band (``grey``) at some
# longitudes, interpolated between; the northern edge is the border (see ``_inside_ukraine``).
SECTORS = {
    "west": {"lons": [36.35, 36.37, 36.40, 36.425, 36.44, 36.47, 36.50, 36.53, 36.555]},
    "east": {"lons": [36.80, 36.83, 36.86, 36.88, 36.90, 36.92, 36.94, 36.96, 36.98, 37.00,
                      37.03, 37.05]},
}
BEYOND_BORDER = 50.45          # a latitude north of the border everywhere in both sectors
BORDER_MARGIN_DEG = 0.004      # ~400 m: polygons stay clearly on Ukraine's side
UKRAINE = Path(__file__).resolve().parents[1] / "resources" / "basemap" / "ukraine.geojson"

_W16_OCC = {36.35: 50.262, 36.37: 50.250, 36.40: 50.244, 36.44: 50.236, 36.47: 50.240,
            36.50: 50.252, 36.53: 50.256, 36.575: 50.258}   # Lukiantsi stays contested
_W16_GREY = {36.35: 50.250, 36.37: 50.236, 36.40: 50.228, 36.44: 50.224, 36.47: 50.222,
             36.50: 50.228, 36.53: 50.236, 36.575: 50.242}
_W23_OCC = {**_W16_OCC, 36.40: 50.241, 36.44: 50.233}      # toward Lyptsi, then stalled
_W_JUNE_GREY = {**_W16_GREY, 36.40: 50.233, 36.44: 50.228}   # Lyptsi road regained 06-10/11
_E16_OCC = {36.80: 50.292, 36.83: 50.294, 36.88: 50.296, 36.94: 50.296, 37.00: 50.302,
            37.03: 50.316, 37.05: 50.326}
_E16_GREY = {36.80: 50.284, 36.83: 50.282, 36.88: 50.280, 36.94: 50.276, 36.97: 50.277,
             37.00: 50.284, 37.03: 50.300, 37.05: 50.312}
_E23_OCC = {**_E16_OCC, 36.94: 50.291}
_E_TYKHE_OCC = {**_E23_OCC, 37.00: 50.312, 37.03: 50.328, 37.05: 50.334}  # Tykhe 06-19
_E_TYKHE_GREY = {**_E16_GREY, 37.00: 50.298, 37.03: 50.318, 37.05: 50.328}
_E_NE_OCC = {**_E_TYKHE_OCC, 36.96: 50.300}                   # NE Vovchansk 06-24
_E_NE_GREY = {**_E_TYKHE_GREY, 36.96: 50.283, 36.97: 50.285}

# date -> sector -> (occupied southern edge or None, contested southern edge or None)
SNAPSHOTS: dict[str, dict[str, tuple[dict | None, dict | None]]] = {
    "2024-05-09": {},
    "2024-05-10": {
        "west": (None, {36.35: 50.276, 36.37: 50.274, 36.40: 50.284, 36.44: 50.288, 36.47: 50.284,
                        36.50: 50.272, 36.53: 50.262, 36.575: 50.262}),
        "east": (None, {36.80: 50.296, 36.83: 50.300, 36.88: 50.314, 36.94: 50.318, 37.00: 50.322,
                        37.03: 50.326, 37.05: 50.330}),
    },
    "2024-05-12": {
        "west": ({36.35: 50.276, 36.37: 50.272, 36.40: 50.278, 36.44: 50.268, 36.47: 50.262, 36.50: 50.265,
                  36.53: 50.262, 36.575: 50.260},
                 {36.35: 50.268, 36.37: 50.258, 36.40: 50.262, 36.44: 50.250, 36.47: 50.246, 36.50: 50.250,
                  36.53: 50.250, 36.575: 50.250}),
        "east": ({36.80: 50.297, 36.83: 50.303, 36.88: 50.316, 36.94: 50.320, 37.00: 50.324,
                  37.03: 50.330, 37.05: 50.332},
                 {36.80: 50.292, 36.83: 50.296, 36.88: 50.304, 36.94: 50.303, 37.00: 50.309,
                  37.03: 50.318, 37.05: 50.324}),
    },
    "2024-05-14": {
        "west": ({36.35: 50.270, 36.37: 50.262, 36.40: 50.262, 36.44: 50.252, 36.47: 50.250, 36.50: 50.255,
                  36.53: 50.255, 36.575: 50.255},
                 {36.35: 50.258, 36.37: 50.246, 36.40: 50.242, 36.44: 50.234, 36.47: 50.232, 36.50: 50.236,
                  36.53: 50.242, 36.575: 50.246}),
        "east": ({36.80: 50.295, 36.83: 50.298, 36.88: 50.304, 36.94: 50.302, 37.00: 50.308,
                  37.03: 50.320, 37.05: 50.328},
                 {36.80: 50.288, 36.83: 50.288, 36.88: 50.288, 36.94: 50.282, 36.97: 50.283,
                  37.00: 50.292, 37.03: 50.306, 37.05: 50.316}),
    },
    "2024-05-16": {"west": (_W16_OCC, _W16_GREY), "east": (_E16_OCC, _E16_GREY)},
    "2024-05-23": {"west": (_W23_OCC, _W16_GREY), "east": (_E23_OCC, _E16_GREY)},
    "2024-06-12": {"west": (_W23_OCC, _W_JUNE_GREY), "east": (_E23_OCC, _E16_GREY)},
    "2024-06-19": {"west": (_W23_OCC, _W_JUNE_GREY), "east": (_E_TYKHE_OCC, _E_TYKHE_GREY)},
    "2024-06-30": {"west": (_W23_OCC, _W_JUNE_GREY), "east": (_E_NE_OCC, _E_NE_GREY)},
}


def snapshot_seconds(day: str) -> int:
    """Unix seconds of 21:00 UTC on ``day`` (the file name)."""
    d = dt.datetime.strptime(day, "%Y-%m-%d").replace(hour=21)
    return calendar.timegm(d.timetuple())


def _edge(lons: list[float], points: dict[float, float]) -> list[float]:
    xs = sorted(points)
    out = []
    for lon in lons:
        if lon <= xs[0]:
            out.append(points[xs[0]])
        elif lon >= xs[-1]:
            out.append(points[xs[-1]])
        else:
            k = next(i for i in range(1, len(xs)) if xs[i] >= lon)
            x0, x1 = xs[k - 1], xs[k]
            t = (lon - x0) / (x1 - x0)
            out.append(points[x0] + t * (points[x1] - points[x0]))
    return out


_INSIDE = None


def _inside_ukraine():
    """Ukraine's Natural Earth polygon shrunk by the margin (shapely; build-time only)."""
    global _INSIDE
    if _INSIDE is None:
        from shapely.geometry import shape
        doc = json.loads(UKRAINE.read_text(encoding="utf-8"))
        geom = doc["features"][0]["geometry"] if doc.get("type") == "FeatureCollection" else doc
        _INSIDE = shape(geom).buffer(-BORDER_MARGIN_DEG)
    return _INSIDE


def _band(lons: list[float], upper: list[float], lower: list[float]) -> list[list[list[float]]]:
    """Closed exterior rings (counter-clockwise, 3-D) of the band between two edges, cut to
    Ukraine's side of the border: one ring per piece the border leaves."""
    from shapely.geometry import Polygon
    from shapely.geometry.polygon import orient
    for lon, hi, lo in zip(lons, upper, lower):
        if not hi - lo >= 0.002:
            raise ValueError(f"band collapses at lon {lon}: {lo} .. {hi}")
    band = Polygon(list(zip(lons, lower)) + list(zip(reversed(lons), reversed(upper))))
    clipped = band.intersection(_inside_ukraine())
    pieces = [clipped] if clipped.geom_type == "Polygon" else list(getattr(clipped, "geoms", []))
    rings = []
    for piece in pieces:
        if piece.geom_type != "Polygon" or piece.area < 1e-6:
            continue
        piece = orient(piece.simplify(0.0002), sign=1.0)
        rings.append([[round(x, 5), round(y, 5), 0] for x, y in piece.exterior.coords])
    return rings


def _feature(status: str, ring: list[list[float]], sector: str, day: str) -> dict:
    uk, en = NAMES[status]
    props = {"name": f"{uk} /// {en} /// geoJSON.status.{status}",
             "description": f"Ілюстрація, не дані DeepState /// Illustration, not DeepState data "
                            f"({sector} sector, {day})",
             **STYLE[status], "illustrative": True, "note": NOTE}
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def features_for(day: str) -> list[dict]:
    feats = []
    for sector, (occ, grey) in SNAPSHOTS[day].items():
        lons = SECTORS[sector]["lons"]
        north = [BEYOND_BORDER] * len(lons)
        top = north
        if occ is not None:
            occ_edge = _edge(lons, occ)
            feats += [_feature("occupied", ring, sector, day)
                      for ring in _band(lons, north, occ_edge)]
            top = occ_edge
        if grey is not None:
            feats += [_feature("unknown", ring, sector, day)
                      for ring in _band(lons, top, _edge(lons, grey))]
    return feats


def build(out_dir: Path = OUT_DIR) -> list[Path]:
    out_dir.mkdir(exist_ok=True)
    written = []
    for day in SNAPSHOTS:
        doc = {"type": "FeatureCollection", "illustrative": True, "note": NOTE,
               "date": day, "features": features_for(day)}
        path = out_dir / f"{snapshot_seconds(day)}.geojson"
        write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        written.append(path)
    # Remove snapshots of dates no longer drawn (only files this script names).
    keep = {p.name for p in written}
    for old in out_dir.glob("*.geojson"):
        if re.fullmatch(r"\d+\.geojson", old.name) and old.name not in keep:
            old.unlink()
    return written


def areas_km2(day: str) -> dict[str, float]:
    """Geodesic area per status (needs pyproj; for checking the sketch against section F)."""
    from pyproj import Geod
    geod = Geod(ellps="WGS84")
    totals = {"occupied": 0.0, "unknown": 0.0}
    for f in features_for(day):
        ring = f["geometry"]["coordinates"][0]
        area, _ = geod.polygon_area_perimeter([p[0] for p in ring], [p[1] for p in ring])
        key = f["properties"]["name"].rsplit(".", 1)[-1]
        totals[key] += abs(area) / 1e6
    return totals


if __name__ == "__main__":
    for p in build():
        print(p)
    for day in SNAPSHOTS:
        a = areas_km2(day)
        print(f"{day}: occupied {a['occupied']:.0f} km2, contested {a['unknown']:.0f} km2")
