"""Area figures a briefer can quote: km2 on the WGS84 ellipsoid, per status, clipped to regions.

* Polygons of one status are merged (union) before measuring, so overlapping features are not
  counted twice.
* Areas are on the WGS84 ellipsoid, never degrees squared: ``area_km2`` through the Lambert
  cylindrical equal-area projection (closed form, fast, used for the figures), ``geodesic_area_km2``
  with ``pyproj.Geod(ellps="WGS84")`` (geodesic edges; the tests compare the two; the app itself
  never calls it, so the self-contained build leaves pyproj out).
* Regions: ``"all"`` is the national figure as DeepState publishes it: the area of the
  published post-2022 ``status.*`` polygons, unclipped (DeepState draws them to its own border;
  clipping them to the Natural Earth outline removed ~1,000 km2 of border slivers and estuary
  water, 63,950 against 64,953 km2 occupied on 2024-05-09). ``"kharkiv"`` is clipped to
  Kharkiv oblast (``resources/basemap/kharkiv_oblast.geojson``); without that outline the
  oblast figure is not computed. ``OUTLINES`` says which outline each figure uses.

shapely (and pyproj, for the geodesic check) are imported inside the functions, so importing this
module is cheap.
"""
from __future__ import annotations

from functools import lru_cache
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .geojson import features_with_geometry

REGION_FILES = {"all": "ukraine.geojson", "kharkiv": "kharkiv_oblast.geojson"}
# Changes whenever the way figures are computed changes (part of the snapshot cache key).
AREA_METHOD = "cea-union-national-unclipped-2"
# Which outline each area figure uses (outputs quote this).
OUTLINES = {"all": "DeepState's published polygons, unclipped",
            "kharkiv": "clipped to the Natural Earth 10m oblast outline"}
STATUSES = ("occupied", "contested", "liberated")


# -- geometry helpers ---------------------------------------------------------------------------
def rings_to_polygon(rings: Sequence[np.ndarray]):
    """A shapely Polygon from an exterior ring and holes ((n, 2) lon/lat arrays)."""
    import shapely
    shell = np.asarray(rings[0], dtype=float)[:, :2]
    holes = [np.asarray(r, dtype=float)[:, :2] for r in rings[1:]]
    return shapely.Polygon(shell, holes or None)


def polygon_rings(geom) -> list[list[np.ndarray]]:
    """Rings of every polygon part of a geometry (exterior first, then holes)."""
    import shapely
    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon" and not part.is_empty:
            out.append([np.asarray(part.exterior.coords)[:, :2]]
                       + [np.asarray(r.coords)[:, :2] for r in part.interiors])
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(polygon_rings(part))
    return out


def polygonal(geom):
    """Only the polygon parts of a geometry (make_valid may return lines and points too)."""
    import shapely
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    flat = []
    for p in parts:
        flat.extend(shapely.get_parts(p))
    return shapely.MultiPolygon(flat) if flat else shapely.MultiPolygon()


@lru_cache(maxsize=1)
def _geod():
    from pyproj import Geod
    return Geod(ellps="WGS84")


def geodesic_area_km2(geom) -> float:
    """Area in km2 on the WGS84 ellipsoid of any polygonal geometry (holes subtracted)."""
    if geom is None or geom.is_empty:
        return 0.0
    geod = _geod()
    total = 0.0
    for rings in polygon_rings(geom):
        ext = rings[0]
        a, _ = geod.polygon_area_perimeter(ext[:, 0], ext[:, 1])
        area = abs(a)
        for hole in rings[1:]:
            h, _ = geod.polygon_area_perimeter(hole[:, 0], hole[:, 1])
            area -= abs(h)
        total += area
    return total / 1e6


# WGS84 (semi-major axis in metres, flattening) and the constants of its authalic latitude.
WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
_E2 = WGS84_F * (2 - WGS84_F)
_E = _E2 ** 0.5


def _to_equal_area(lonlat: np.ndarray) -> np.ndarray:
    """Lambert cylindrical equal-area on the WGS84 ellipsoid (PROJ's ``+proj=cea +lat_ts=0
    +ellps=WGS84``, Snyder 1987 eq. 10-15), lon/lat degrees -> metres: areas are exact on the
    ellipsoid for edges straight in the projection (DeepState's edges are a few hundred metres
    long, where this and geodesic edges differ by less than 1e-5 of the area). Closed-form numpy
    rather than pyproj, whose transformer needs PROJ's 9 MB database and costs ~0.2 s to load."""
    s = np.sin(np.radians(lonlat[:, 1]))
    q = (1 - _E2) * (s / (1 - _E2 * s * s) - np.log((1 - _E * s) / (1 + _E * s)) / (2 * _E))
    return np.column_stack([WGS84_A * np.radians(lonlat[:, 0]), WGS84_A * q / 2])


def area_km2(geom) -> float:
    """Area in km2 on the WGS84 ellipsoid via an equal-area projection (fast: one vectorised
    transform per geometry); agrees with ``geodesic_area_km2`` to ~1e-5 on real polygons."""
    import shapely
    if geom is None or geom.is_empty:
        return 0.0
    return float(shapely.transform(geom, _to_equal_area).area) / 1e6


# -- regions ------------------------------------------------------------------------------------
def _read_region(path: Path):
    import shapely
    from shapely.geometry import shape
    geoms = [shape(f["geometry"])
             for f in features_with_geometry(json.loads(path.read_bytes()))]
    geom = shapely.union_all([shapely.make_valid(g) for g in geoms])
    geom = polygonal(shapely.force_2d(geom))
    return None if geom.is_empty else geom


def default_region_files() -> dict[str, Path]:
    """{"all": Ukraine, "kharkiv": Kharkiv oblast}: the shipped basemap files that exist."""
    from .paths import resources_dir
    try:
        base = resources_dir() / "basemap"
    except FileNotFoundError:
        return {}
    return {region: base / name for region, name in REGION_FILES.items()
            if (base / name).is_file()}


@lru_cache(maxsize=1)
def default_regions() -> dict[str, Any]:
    """{"all": Ukraine, "kharkiv": Kharkiv oblast} as shapely geometries, from the basemap files;
    a region whose file is missing (or broken) is absent from the dict."""
    out: dict[str, Any] = {}
    for region, path in default_region_files().items():
        try:
            geom = _read_region(path)
        except Exception:       # a broken basemap file: the figure is simply not computed
            geom = None
        if geom is not None:
            out[region] = geom
    return out


class RegionSet:
    """Region geometries prepared for many clips (one per load, reused across snapshots).

    Without ``regions``, the shipped outlines: named and fingerprinted from their files, and
    read only when a clip needs them, so a load whose snapshots are all in the cache (the
    bundled sample at every start) never parses them nor imports shapely."""

    def __init__(self, regions: dict[str, Any] | None = None):
        h = hashlib.blake2b(digest_size=10)
        if regions is None:
            files = default_region_files()
            self.names = frozenset(files)
            for k in sorted(files):
                h.update(k.encode() + b"\0" + files[k].read_bytes())
            self._regions = None
        else:
            import shapely
            self._regions = self._prepared(regions)
            self.names = frozenset(self._regions)
            for k in sorted(self._regions):
                h.update(k.encode() + b"\0" + shapely.to_wkb(self._regions[k]))
        self.fingerprint = h.hexdigest() if self.names else "none"

    @staticmethod
    def _prepared(regions: dict[str, Any]) -> dict[str, Any]:
        import shapely
        out = dict(regions)
        for g in out.values():
            shapely.prepare(g)
        return out

    @property
    def regions(self) -> dict[str, Any]:
        if self._regions is None:
            self._regions = self._prepared(default_regions())
            self.names = frozenset(self._regions)     # a broken file drops out here
        return self._regions

    def notes(self) -> list[str]:
        notes = []
        if "kharkiv" not in self.names:
            notes.append("Kharkiv oblast outline not found: oblast areas not computed")
        return notes

    def clip_area_km2(self, geom, region: str, whole: float | None = None) -> float | None:
        """km2 of ``geom`` inside ``region``; parts wholly inside skip the costly intersection,
        and a crossing part is cut only against the piece of the outline around it.
        ``whole``: the geometry's own area when already known."""
        import shapely
        reg = self.regions.get(region)
        if reg is None:
            return None
        if geom is None or geom.is_empty:
            return 0.0
        parts = shapely.get_parts(geom)
        if not len(parts):
            return 0.0
        inside = shapely.contains_properly(reg, parts)
        if inside.all() and whole is not None:
            return whole
        total = sum(area_km2(p) for p in parts[inside])
        rest = parts[~inside]
        if len(rest):
            rest = rest[shapely.intersects(reg, rest)]
            for p in rest:
                x0, y0, x1, y1 = p.bounds
                local = shapely.clip_by_rect(reg, x0 - 1e-6, y0 - 1e-6, x1 + 1e-6, y1 + 1e-6)
                if not local.is_valid:       # clip_by_rect may return invalid output
                    local = reg
                total += area_km2(polygonal(shapely.intersection(p, local)))
        return total

    def contains_point(self, region: str, lon: float, lat: float) -> bool | None:
        import shapely
        reg = self.regions.get(region)
        if reg is None:
            return None
        return bool(shapely.contains_xy(reg, lon, lat))


# -- area figures -------------------------------------------------------------------------------
def union_by_status(features: Iterable, statuses: Sequence[str] = STATUSES) -> dict[str, Any]:
    """{status: union of that status's polygons}; features are AreaFeature or (status, geom)."""
    import shapely
    groups: dict[str, list] = {s: [] for s in statuses}
    for f in features:
        if isinstance(f, tuple):
            status, geom = f
        else:
            status, geom = f.status, rings_to_polygon(f.rings)
        if status in groups and geom is not None and not geom.is_empty:
            groups[status].append(geom)
    out = {}
    for status, geoms in groups.items():
        if not geoms:
            out[status] = shapely.MultiPolygon()
            continue
        geoms = [g if g.is_valid else polygonal(shapely.make_valid(g)) for g in geoms]
        out[status] = polygonal(shapely.union_all(geoms))
    return out


def status_areas_km2(features: Iterable, regions: RegionSet | dict | None = None,
                     statuses: Sequence[str] = STATUSES) -> dict[str, dict[str, float]]:
    """{status: {"all": km2 as published (unclipped), "kharkiv": km2 inside Kharkiv oblast}}.

    ``features``: AreaFeature objects or (status, shapely geometry) pairs. Without an oblast
    outline, "kharkiv" is left out."""
    if not isinstance(regions, RegionSet):
        regions = RegionSet(regions)
    unions = union_by_status(features, statuses)
    out: dict[str, dict[str, float]] = {}
    for status, geom in unions.items():
        fig: dict[str, float] = {"all": area_km2(geom)}
        kh = regions.clip_area_km2(geom, "kharkiv")
        if kh is not None:
            fig["kharkiv"] = kh
        out[status] = fig
    return out


def daily_area_series(series, status: str = "occupied", region: str = "kharkiv",
                      start=None, end=None) -> tuple[np.ndarray, np.ndarray]:
    """(days, km2) with one value per calendar day: the figure of the snapshot shown that day
    (the latest published on or before it), NaN before the first snapshot. ``series`` is a
    ``ControlAreaSeries``; ``start``/``end`` default to its first and last snapshot days."""
    if not len(series):
        return np.array([], dtype="datetime64[D]"), np.array([], dtype=float)
    first = series.times[0].astype("datetime64[D]")
    last = series.times[-1].astype("datetime64[D]")
    start = first if start is None else np.datetime64(start, "D")
    end = last if end is None else np.datetime64(end, "D")
    if end < start:
        return np.array([], dtype="datetime64[D]"), np.array([], dtype=float)
    days = np.arange(start, end + np.timedelta64(1, "D"), dtype="datetime64[D]")
    values = np.array([np.nan if s.areas_km2.get(status, {}).get(region) is None
                       else float(s.areas_km2[status][region]) for s in series.snapshots])
    end_of_day = (days + np.timedelta64(1, "D")).astype("datetime64[s]")
    index = np.searchsorted(series.times, end_of_day, side="left") - 1
    out = np.full(len(days), np.nan)
    ok = index >= 0
    out[ok] = values[index[ok]]
    return days, out


# -- fast figures for series of similar snapshots ------------------------------------------------
class AreaCalculator:
    """``status_areas_km2`` for many snapshots that share most of their polygons.

    Consecutive DeepState snapshots repeat 80-90% of their polygons unchanged. Each polygon's
    geodesic area and its area inside each region are memoised by a key of its coordinates;
    polygons of one status are unioned only where their interiors overlap (connected groups
    found with an STRtree), so a snapshot costs a tree query plus the polygons that changed.
    The result equals ``status_areas_km2`` (union per status, then clip, then measure)."""

    def __init__(self, regions: RegionSet | dict | None = None, max_entries: int = 50000):
        self.regions = regions if isinstance(regions, RegionSet) else RegionSet(regions)
        self._memo: dict[tuple, float] = {}
        self.max_entries = max_entries

    def _remember(self, key, fn):
        v = self._memo.get(key)
        if v is None:
            if len(self._memo) > self.max_entries:
                self._memo.clear()
            v = self._memo[key] = fn()
        return v

    def _areas(self, key, geom) -> tuple[float, dict[str, float | None]]:
        """(whole area, {region: area inside}) of one polygon or group, memoised by key."""
        whole = self._remember(("all-area", key), lambda: area_km2(geom))
        inside = {"kharkiv": self._remember(
            ("kharkiv", key), lambda: self._clip_or_nan(geom, "kharkiv", whole))}
        return whole, inside

    def _clip_or_nan(self, geom, region, whole):
        v = self.regions.clip_area_km2(geom, region, whole=whole)
        return float("nan") if v is None else v

    def status_areas_km2(self, items: Iterable[tuple[str, Any, Any]],
                         statuses: Sequence[str] = STATUSES) -> dict[str, dict[str, float]]:
        """``items``: (status, key, valid shapely geometry); key identifies the geometry
        (e.g. a hash of its coordinates)."""
        groups: dict[str, list] = {s: [] for s in statuses}
        for status, key, geom in items:
            if status in groups and geom is not None and not geom.is_empty:
                groups[status].append((key, geom))
        out: dict[str, dict[str, float]] = {}
        for status, members in groups.items():
            totals = {"whole": 0.0, "kharkiv": 0.0}
            for comp in _overlap_components([g for _, g in members]):
                if len(comp) == 1:
                    key, geom = members[comp[0]]
                else:
                    key = tuple(sorted(members[i][0] for i in comp))
                    geom = self._memo_union(key, [members[i][1] for i in comp])
                whole, inside = self._areas(key, geom)
                totals["whole"] += whole
                totals["kharkiv"] += inside["kharkiv"]
            fig = {"all": totals["whole"]}
            if "kharkiv" in self.regions.names:
                fig["kharkiv"] = totals["kharkiv"]
            out[status] = fig
        return out

    def _memo_union(self, key, geoms):
        import shapely
        k = ("union", key)
        if k not in self._memo:
            if len(self._memo) > self.max_entries:
                self._memo.clear()
            self._memo[k] = polygonal(shapely.union_all(geoms))
        return self._memo[k]


def _overlap_components(geoms: list) -> list[list[int]]:
    """Groups of geometries whose interiors overlap (transitively); touching is not overlap."""
    import shapely
    n = len(geoms)
    if n <= 1:
        return [[i] for i in range(n)]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    m = left < right
    left, right = left[m], right[m]
    if len(left):
        garr = np.asarray(geoms, dtype=object)
        real = shapely.relate_pattern(garr[left], garr[right], "T********")
        left, right = left[real], right[real]
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(left.tolist(), right.tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(find(i), []).append(i)
    return list(comps.values())
