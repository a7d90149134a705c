"""The offline base map, as numpy arrays ready for drawing (no Qt, no shapely at import).

Files live in ``resources/basemap/`` (built by ``build_basemap.py`` there; see ATTRIBUTION.md).
Everything is lon/lat degrees (WGS84), float64.

* Line layers (``admin0_lines``, ``admin1_lines``, ``coastline``) are :class:`LineLayer`: ``xy`` is
  ONE (N, 2) array with a NaN row after every part, so a view can draw the whole layer as a single
  item (pyqtgraph ``PlotDataItem(x, y, connect="finite")``).
* Polygon layers (``countries``, ``lakes``) are :class:`PolygonLayer`: per-feature access
  (``features[i].name``, ``.polygons`` = [[exterior, hole, ...], ...], ``.rings``) for fills, plus
  the same NaN-separated ``xy`` of every ring for outlines.
* ``places`` (:class:`Places`): settlements as columns sorted by population, largest first, so
  label thinning is "the first k that fit".
* ``kharkiv_oblast``: the oblast outline at full resolution (used for clipping areas too);
  :func:`kharkiv_oblast_rings`, :func:`ukraine_rings` and the GeoJSON paths serve other modules.

``load_basemap()`` is cached; it reads ~0.4 MB of JSON (the full-resolution oblast and Ukraine
files are read only when asked for).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
import json
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .geojson import NotGeoJSON, features_with_geometry

ATTRIBUTION = "Base map: Natural Earth (public domain); places \u00a9 GeoNames, CC BY 4.0"
REGION_BOX = (30.0, 47.0, 42.0, 53.0)          # lon0, lat0, lon1, lat1 of the detail layers
KHARKIV_HOME = (34.6, 48.4, 38.3, 50.7)         # a "Kharkiv axis" view: the oblast and the border

_LINE_FILES = {"admin0_lines": "admin0_lines.geojson", "admin1_lines": "admin1_lines.geojson",
               "coastline": "coastline.geojson"}
_POLYGON_FILES = {"countries": "countries.geojson", "lakes": "lakes.geojson"}
_NAN_ROW = (np.nan, np.nan)


class BasemapError(RuntimeError):
    """A base-map file is missing or unreadable (a broken installation, not bad user input)."""


# -- locations ----------------------------------------------------------------------------------
def basemap_dir() -> Path:
    from .paths import resources_dir
    return resources_dir() / "basemap"


def kharkiv_oblast_geojson_path() -> Path:
    return basemap_dir() / "kharkiv_oblast.geojson"


def ukraine_geojson_path() -> Path:
    return basemap_dir() / "ukraine.geojson"


def oblasts_geojson_path() -> Path:
    return basemap_dir() / "oblasts.geojson"


# -- data classes -------------------------------------------------------------------------------
def _flat(parts: Sequence[np.ndarray]) -> np.ndarray:
    """One (N, 2) float64 array: every part followed by a NaN row."""
    if not parts:
        return np.empty((0, 2), dtype=np.float64)
    total = sum(len(p) for p in parts) + len(parts)
    out = np.empty((total, 2), dtype=np.float64)
    i = 0
    for p in parts:
        n = len(p)
        out[i:i + n] = p
        out[i + n] = _NAN_ROW
        i += n + 1
    return out


def split_parts(xy: np.ndarray) -> list[np.ndarray]:
    """The parts of a NaN-separated (N, 2) array (the inverse of the flat layout)."""
    xy = np.asarray(xy, dtype=np.float64)
    if len(xy) == 0:
        return []
    gap = np.isnan(xy[:, 0])
    bounds = np.flatnonzero(gap)
    out, start = [], 0
    for b in list(bounds) + [len(xy)]:
        if b > start:
            out.append(xy[start:b])
        start = b + 1
    return out


@dataclass(frozen=True)
class LineLayer:
    name: str
    xy: np.ndarray                  # (N, 2) lon/lat, NaN row after each part
    n_parts: int

    @property
    def parts(self) -> list[np.ndarray]:
        return split_parts(self.xy)

    @property
    def n_vertices(self) -> int:
        return len(self.xy) - self.n_parts


@dataclass(frozen=True)
class PolygonFeature:
    name: str
    properties: dict
    polygons: tuple                 # each a list of (n, 2) rings: [exterior, hole, ...]

    @property
    def rings(self) -> list[np.ndarray]:
        """Every ring of every polygon part (exteriors and holes): fill with the odd-even rule."""
        return [r for poly in self.polygons for r in poly]

    @property
    def xy(self) -> np.ndarray:
        return _flat(self.rings)

    def bounds(self) -> tuple[float, float, float, float]:
        allxy = np.concatenate([p[0] for p in self.polygons]) if self.polygons else np.zeros((1, 2))
        return (float(allxy[:, 0].min()), float(allxy[:, 1].min()),
                float(allxy[:, 0].max()), float(allxy[:, 1].max()))

    def contains(self, lon, lat) -> np.ndarray:
        """Odd-even point-in-polygon test for arrays of lon/lat (exact for points off the edges)."""
        return points_in_rings(self.rings, lon, lat)


@dataclass(frozen=True)
class PolygonLayer:
    name: str
    features: tuple                 # PolygonFeature, ...
    xy: np.ndarray                  # every ring outline, NaN-separated
    n_parts: int                    # number of rings

    def feature(self, name: str) -> PolygonFeature | None:
        key = name.casefold()
        for f in self.features:
            if f.name.casefold() == key or str(f.properties.get("iso", "")).casefold() == key:
                return f
        return None


@dataclass(frozen=True)
class Places:
    """Settlements, largest population first (ties by name)."""
    lon: np.ndarray                 # float64
    lat: np.ndarray                 # float64
    name: np.ndarray                # str (numpy unicode)
    population: np.ndarray          # int64
    country: np.ndarray             # ISO alpha-2, e.g. "UA", "RU"
    admin1: np.ndarray              # GeoNames admin-1 code, e.g. "UA.07"
    geonameid: np.ndarray           # int64
    part_of: np.ndarray             # int32: index of a much larger place containing it, else -1
    admin1_names: dict = field(default_factory=dict)    # "UA.07" -> "Kharkiv Oblast"

    def __len__(self) -> int:
        return len(self.lon)

    @property
    def is_district(self) -> np.ndarray:
        """True for places inside a much larger place's urban radius (mostly city districts)."""
        return self.part_of >= 0

    def find(self, name: str) -> int | None:
        """Index of the most populous place called ``name`` (case-insensitive), or None."""
        key = name.casefold()
        for i, n in enumerate(self.name):
            if n.casefold() == key:
                return i
        return None

    def in_box(self, lon0: float, lat0: float, lon1: float, lat1: float) -> np.ndarray:
        """Indices (still in population order) of the places inside a lon/lat box."""
        m = (self.lon >= lon0) & (self.lon <= lon1) & (self.lat >= lat0) & (self.lat <= lat1)
        return np.flatnonzero(m)


@dataclass(frozen=True)
class Basemap:
    countries: PolygonLayer
    lakes: PolygonLayer
    admin0_lines: LineLayer
    admin1_lines: LineLayer
    coastline: LineLayer
    kharkiv_oblast: PolygonFeature
    places: Places
    region_box: tuple = REGION_BOX
    home_box: tuple = KHARKIV_HOME
    attribution: str = ATTRIBUTION
    load_ms: float = 0.0

    @property
    def line_layers(self) -> dict[str, LineLayer]:
        return {"admin0_lines": self.admin0_lines, "admin1_lines": self.admin1_lines,
                "coastline": self.coastline}


# -- geometry helpers ---------------------------------------------------------------------------
def points_in_rings(rings: Iterable[np.ndarray], lon, lat) -> np.ndarray:
    """Odd-even rule over all rings (exteriors and holes alike) for arrays of points."""
    x = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    y = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    inside = np.zeros(x.shape, dtype=bool)
    for ring in rings:
        r = np.asarray(ring, dtype=np.float64)
        x0, y0 = r[:-1, 0], r[:-1, 1]
        x1, y1 = r[1:, 0], r[1:, 1]
        if not (r[0] == r[-1]).all():                       # close an open ring
            x0 = np.append(x0, r[-1, 0]); y0 = np.append(y0, r[-1, 1])
            x1 = np.append(x1, r[0, 0]); y1 = np.append(y1, r[0, 1])
        for px, py, idx in _chunks(x, y):
            crosses = (y0[None, :] > py[:, None]) != (y1[None, :] > py[:, None])
            with np.errstate(divide="ignore", invalid="ignore"):
                xint = x0 + (py[:, None] - y0) * (x1 - x0) / (y1 - y0)
            hit = crosses & (px[:, None] < xint)
            inside[idx] ^= (np.count_nonzero(hit, axis=1) % 2).astype(bool)
    return inside


def _chunks(x, y, size=2048):
    for s in range(0, len(x), size):
        idx = slice(s, s + size)
        yield x[idx], y[idx], idx


def _polygons_of(geometry: dict) -> list[list[np.ndarray]]:
    t = geometry.get("type")
    if t == "Polygon":
        polys = [geometry["coordinates"]]
    elif t == "MultiPolygon":
        polys = geometry["coordinates"]
    else:
        return []
    return [[np.asarray(r, dtype=np.float64)[:, :2] for r in poly if len(r)] for poly in polys if poly]


def _lines_of(geometry: dict) -> list[np.ndarray]:
    t = geometry.get("type")
    if t == "LineString":
        lines = [geometry["coordinates"]]
    elif t == "MultiLineString":
        lines = geometry["coordinates"]
    else:
        return []
    return [np.asarray(ln, dtype=np.float64)[:, :2] for ln in lines if len(ln) >= 2]


# -- reading ------------------------------------------------------------------------------------
def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        raise BasemapError(f"base-map file missing: {path} (rebuild with "
                           f"resources/basemap/build_basemap.py or reinstall)") from None
    except (OSError, ValueError) as exc:
        raise BasemapError(f"base-map file unreadable: {path}: {exc}") from None


def _features(path: Path) -> list[dict]:
    """The features with a geometry of a base-map GeoJSON file."""
    try:
        return features_with_geometry(_read_json(path))
    except NotGeoJSON as exc:
        raise BasemapError(f"base-map file unreadable: {path}: {exc}") from None


def _polygon_feature(f: dict) -> PolygonFeature:
    props = dict(f.get("properties") or {})
    return PolygonFeature(name=str(props.get("name", "")), properties=props,
                          polygons=tuple(_polygons_of(f["geometry"])))


def read_line_layer(path: Path, name: str) -> LineLayer:
    parts: list[np.ndarray] = []
    for f in _features(path):
        parts.extend(_lines_of(f["geometry"]))
    return LineLayer(name=name, xy=_flat(parts), n_parts=len(parts))


def read_polygon_layer(path: Path, name: str) -> PolygonLayer:
    feats = tuple(_polygon_feature(f) for f in _features(path))
    rings = [r for f in feats for r in f.rings]
    return PolygonLayer(name=name, features=feats, xy=_flat(rings), n_parts=len(rings))


def read_places(path: Path) -> Places:
    data = _read_json(path)
    try:
        c = data["columns"]
        lon = np.asarray(c["lon"], dtype=np.float64)
        lat = np.asarray(c["lat"], dtype=np.float64)
        pop = np.asarray(c["population"], dtype=np.int64)
        names = np.asarray(c["name"], dtype=str)
        n = len(lon)
        country = np.asarray(c.get("country", [""] * n), dtype=str)
        admin1 = np.asarray(c.get("admin1", [""] * n), dtype=str)
        gid = np.asarray(c.get("geonameid", [0] * n), dtype=np.int64)
        part_of = np.asarray(c.get("part_of", [-1] * n), dtype=np.int32)
    except (KeyError, TypeError, ValueError) as exc:
        raise BasemapError(f"base-map places file malformed: {path}: {exc}") from None
    if not (len(lat) == len(pop) == len(names) == n):
        raise BasemapError(f"base-map places file malformed: {path}: columns differ in length")
    order = np.lexsort((names, -pop))           # population desc, then name (already so if built)
    if not np.array_equal(order, np.arange(n)):
        remap = np.empty(n, dtype=np.int32)
        remap[order] = np.arange(n, dtype=np.int32)
        part_of = part_of[order]
        part_of = np.where(part_of >= 0, remap[np.maximum(part_of, 0)], -1).astype(np.int32)
        lon, lat, pop, names = lon[order], lat[order], pop[order], names[order]
        country, admin1, gid = country[order], admin1[order], gid[order]
    return Places(lon=lon, lat=lat, name=names, population=pop, country=country, admin1=admin1,
                  geonameid=gid, part_of=part_of, admin1_names=dict(data.get("admin1_names") or {}))


@lru_cache(maxsize=1)
def load_basemap() -> Basemap:
    """All drawing layers (cached; the arrays are shared, do not modify them in place)."""
    import time
    t0 = time.perf_counter()
    base = basemap_dir()
    lines = {k: read_line_layer(base / fn, k) for k, fn in _LINE_FILES.items()}
    polys = {k: read_polygon_layer(base / fn, k) for k, fn in _POLYGON_FILES.items()}
    kh = _features(base / "kharkiv_oblast.geojson")
    if not kh:
        raise BasemapError(f"no Kharkiv oblast outline in {base / 'kharkiv_oblast.geojson'}")
    places = read_places(base / "places.json")
    for arr in [*(l.xy for l in lines.values()), *(p.xy for p in polys.values()),
                places.lon, places.lat, places.population, places.part_of]:
        arr.setflags(write=False)
    ms = (time.perf_counter() - t0) * 1000.0
    return Basemap(countries=polys["countries"], lakes=polys["lakes"], places=places,
                   kharkiv_oblast=_polygon_feature(kh[0]), load_ms=ms, **lines)


def kharkiv_oblast_rings() -> list[np.ndarray]:
    """Kharkiv oblast at full resolution: [exterior, hole, ...] as (n, 2) lon/lat arrays (the
    outline is one polygon; were it ever several, their rings follow each other)."""
    return [r.copy() for r in load_basemap().kharkiv_oblast.rings]


@lru_cache(maxsize=1)
def _ukraine() -> PolygonFeature:
    feats = _features(ukraine_geojson_path())
    if not feats:
        raise BasemapError(f"no Ukraine outline in {ukraine_geojson_path()}")
    return _polygon_feature(feats[0])


def ukraine_polygons() -> list[list[np.ndarray]]:
    """Ukraine (full resolution) as polygon parts, each [exterior, hole, ...]."""
    return [[r.copy() for r in poly] for poly in _ukraine().polygons]


def ukraine_rings() -> list[np.ndarray]:
    """Every ring of Ukraine's outline (full resolution), part by part, exterior first: fill or
    test with the odd-even rule."""
    return [r.copy() for r in _ukraine().rings]


@lru_cache(maxsize=1)
def load_oblasts() -> PolygonLayer:
    """Every oblast-level unit of Ukraine (24 oblasts, Crimea, Kyiv City, Sevastopol City) at full
    resolution, with ``name``, ``iso`` (ISO 3166-2), ``admin1_code`` and ``area_km2``."""
    return read_polygon_layer(oblasts_geojson_path(), "oblasts")
