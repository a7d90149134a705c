"""The base map as the map view draws it: flat NaN-separated lon/lat arrays per layer.

``geometry_from(basemap)`` reads whatever ``udcg_desktop.core.basemap.load_basemap()`` returns
(attribute names are matched loosely, so small changes there do not break the map);
``synthetic_basemap()`` is a tiny hand-made stand-in for tests and for the rare case the shipped
base map is missing (the map then says so in its attribution line).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .data import flatten_lines, flatten_rings

EMPTY = np.empty((0, 2))
DEFAULT_ATTRIBUTION = "Base map: Natural Earth (public domain); places: GeoNames (CC BY 4.0)"


@dataclass
class BasemapGeometry:
    countries: dict[str, np.ndarray] = field(default_factory=dict)   # name -> rings (N, 2)
    borders: np.ndarray = field(default_factory=lambda: EMPTY)        # admin-0 lines
    oblasts: np.ndarray = field(default_factory=lambda: EMPTY)        # admin-1 lines
    coast: np.ndarray = field(default_factory=lambda: EMPTY)          # coastline
    lakes: np.ndarray = field(default_factory=lambda: EMPTY)          # rings
    kharkiv: np.ndarray = field(default_factory=lambda: EMPTY)        # rings
    place_lon: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_lat: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_name: list = field(default_factory=list)
    place_pop: np.ndarray = field(default_factory=lambda: np.zeros(0))
    attribution: str = DEFAULT_ATTRIBUTION
    synthetic: bool = False
    place_rank: np.ndarray | None = None     # label priority (indices); None: population order
    place_demoted: np.ndarray | None = None  # city districts (bool per place)

    @property
    def vertex_count(self) -> int:
        n = sum(len(v) for v in self.countries.values())
        return (n + len(self.borders) + len(self.oblasts) + len(self.lakes) + len(self.kharkiv)
                + len(self.coast))


def _get(obj, *names, default=None):
    for name in names:
        if isinstance(obj, Mapping) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            value = getattr(obj, name)
            if callable(value) and not isinstance(value, np.ndarray):
                try:
                    value = value()
                except TypeError:
                    continue
            return value
    return default


def _as_flat(value, rings: bool) -> np.ndarray:
    """A flat (N, 2) NaN-separated array, a list of (n, 2) parts, or a shapely-like geometry."""
    if value is None:
        return EMPTY
    if isinstance(value, np.ndarray):
        if value.ndim == 2 and value.shape[1] >= 2:
            return value[:, :2].astype(float)
        return EMPTY
    if hasattr(value, "geom_type"):   # shapely geometry
        return _shapely_flat(value)
    if isinstance(value, Mapping):
        return np.concatenate([_as_flat(v, rings) for v in value.values()]) if value else EMPTY
    parts = list(value)
    if not parts:
        return EMPTY
    if all(isinstance(p, np.ndarray) and p.ndim == 2 for p in parts):
        return flatten_rings(parts) if rings else flatten_lines(parts)
    # list of lists of rings (polygons)
    flat = [r for poly in parts for r in (poly if isinstance(poly, (list, tuple)) else [poly])]
    return flatten_rings(flat) if rings else flatten_lines(flat)


def _shapely_flat(geom) -> np.ndarray:
    rings = []
    polys = getattr(geom, "geoms", [geom])
    for g in polys:
        if g.geom_type == "Polygon":
            rings.append(np.asarray(g.exterior.coords))
            rings.extend(np.asarray(i.coords) for i in g.interiors)
        elif g.geom_type in ("LineString", "LinearRing"):
            rings.append(np.asarray(g.coords))
    return flatten_rings(rings)


def _from_core_basemap(bm) -> BasemapGeometry:
    """``core.basemap.Basemap``: layers with ``.xy`` (NaN-separated), places with ``part_of``."""
    geo = BasemapGeometry()
    for f in bm.countries.features:
        geo.countries[str(f.name)] = np.asarray(f.xy, float)
    geo.borders = np.asarray(bm.admin0_lines.xy, float)
    geo.oblasts = np.asarray(bm.admin1_lines.xy, float)
    geo.coast = np.asarray(bm.coastline.xy, float)
    geo.lakes = np.asarray(bm.lakes.xy, float)
    geo.kharkiv = np.asarray(bm.kharkiv_oblast.xy, float)
    pl = bm.places
    geo.place_lon = np.asarray(pl.lon, float)
    geo.place_lat = np.asarray(pl.lat, float)
    geo.place_name = [str(n) for n in pl.name]
    geo.place_pop = np.asarray(pl.population, float)
    # City districts: the base map's own ``part_of`` plus our proximity rule (GeoNames lists
    # Saltivka, a Kharkiv district of 400k, as a separate place).
    _, demoted = demoted_suburbs(geo.place_lon, geo.place_lat, geo.place_pop)
    part_of = getattr(pl, "part_of", None)
    if part_of is not None:
        demoted = demoted | (np.asarray(part_of) >= 0)
    order = np.argsort(-np.nan_to_num(geo.place_pop), kind="stable")
    geo.place_rank = np.concatenate([order[~demoted[order]], order[demoted[order]]])
    geo.place_demoted = demoted
    geo.attribution = " ".join(str(bm.attribution).split())
    return geo


def geometry_from(bm) -> BasemapGeometry:
    """Read the layers of a basemap object (see ``core.basemap``) into flat arrays."""
    if all(hasattr(bm, a) for a in ("countries", "admin0_lines", "admin1_lines", "places",
                                    "kharkiv_oblast")):
        return _from_core_basemap(bm)
    geo = BasemapGeometry()
    countries = _get(bm, "countries", "country_polygons", "admin0_polygons")
    if isinstance(countries, Mapping):
        geo.countries = {str(k): _as_flat(v, True) for k, v in countries.items()}
    elif countries is not None:
        for c in countries:
            name = _get(c, "name", "NAME", "admin", default="other")
            rings = _get(c, "rings", "xy", "coords", "geometry", default=None)
            geo.countries[str(name)] = _as_flat(rings, True)
    layers = _get(bm, "layers", default=None)
    layers = layers if isinstance(layers, Mapping) else {}

    def layer(*names, rings=False):
        for n in names:
            if n in layers:
                return _as_flat(layers[n], rings)
        v = _get(bm, *names)
        return _as_flat(v, rings) if v is not None else EMPTY

    geo.borders = layer("borders", "admin0", "admin0_lines", "country_borders", "boundaries")
    geo.oblasts = layer("oblasts", "admin1", "admin1_lines", "oblast_lines", "provinces")
    geo.lakes = layer("lakes", "water", "reservoirs", rings=True)
    kh = _get(bm, "kharkiv_oblast_rings", "kharkiv_oblast", "kharkiv")
    geo.kharkiv = _as_flat(kh, True) if kh is not None else EMPTY
    places = _get(bm, "places", "settlements", "cities")
    if places is not None:
        lon = _get(places, "lon", "lons", "x", "longitude")
        lat = _get(places, "lat", "lats", "y", "latitude")
        name = _get(places, "name", "names", "label", "labels")
        pop = _get(places, "population", "pop", "populations")
        if lon is None and isinstance(places, np.ndarray) and places.dtype.names:
            lon, lat = places["lon"], places["lat"]
            name = places["name"]
            pop = places["population"] if "population" in places.dtype.names else None
        if lon is None and not isinstance(places, (np.ndarray, Mapping)):
            rows = list(places)
            lon = [_get(r, "lon", "longitude") for r in rows]
            lat = [_get(r, "lat", "latitude") for r in rows]
            name = [_get(r, "name") for r in rows]
            pop = [_get(r, "population", "pop", default=0) for r in rows]
        if lon is not None:
            geo.place_lon = np.asarray(lon, float)
            geo.place_lat = np.asarray(lat, float)
            geo.place_name = [str(n) for n in name]
            geo.place_pop = (np.asarray(pop, float) if pop is not None
                             else np.arange(len(geo.place_lon), 0, -1, dtype=float))
            order = np.argsort(-np.nan_to_num(geo.place_pop), kind="stable")
            geo.place_lon, geo.place_lat = geo.place_lon[order], geo.place_lat[order]
            geo.place_name = [geo.place_name[i] for i in order]
            geo.place_pop = geo.place_pop[order]
    attribution = _get(bm, "attribution", "ATTRIBUTION", default=None)
    if isinstance(attribution, str) and attribution.strip():
        geo.attribution = " ".join(attribution.split())
        if len(geo.attribution) > 140:
            geo.attribution = DEFAULT_ATTRIBUTION
    return geo


@lru_cache(maxsize=1)
def shipped_geometry() -> BasemapGeometry:
    """The shipped base map, or an empty one (saying so) when it cannot be read."""
    try:
        from ....core.basemap import load_basemap
    except ImportError:
        load_basemap = None
    try:
        geo = geometry_from(load_basemap()) if load_basemap else _read_resource_files()
    except Exception as exc:   # noqa: BLE001 - the map still works without a base map
        return BasemapGeometry(attribution=f"Base map unavailable ({type(exc).__name__}: {exc})")
    if geo.place_rank is None:
        geo.place_rank, geo.place_demoted = demoted_suburbs(geo.place_lon, geo.place_lat,
                                                            geo.place_pop)
    return geo


def _geojson_parts(path, rings: bool) -> list[np.ndarray]:
    import json
    with open(path, encoding="utf-8") as fh:
        obj = json.load(fh)
    feats = obj.get("features") or ([obj] if obj.get("type") == "Feature" else [])
    out = []
    for f in feats:
        g = f.get("geometry") or {}
        t, c = g.get("type"), g.get("coordinates") or []
        if t == "LineString":
            out.append(np.asarray(c, float))
        elif t == "MultiLineString" or t == "Polygon":
            out.extend(np.asarray(r, float) for r in c)
        elif t == "MultiPolygon":
            out.extend(np.asarray(r, float) for poly in c for r in poly)
    return out


def _read_resource_files() -> BasemapGeometry:
    """The drawing files in ``resources/basemap`` (used when ``core.basemap`` is absent)."""
    import json
    from ....core.paths import resources_dir
    d = resources_dir() / "basemap"
    geo = BasemapGeometry()
    with open(d / "countries.geojson", encoding="utf-8") as fh:
        countries = json.load(fh)
    for f in countries.get("features", []):
        name = str(f.get("properties", {}).get("name", "other"))
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        geo.countries[name] = flatten_rings([np.asarray(r, float) for p in polys for r in p])
    geo.borders = flatten_lines(_geojson_parts(d / "admin0_lines.geojson", False))
    geo.oblasts = flatten_lines(_geojson_parts(d / "admin1_lines.geojson", False))
    geo.lakes = flatten_rings(_geojson_parts(d / "lakes.geojson", True))
    geo.kharkiv = flatten_rings(_geojson_parts(d / "kharkiv_oblast.geojson", True))
    with open(d / "places.json", encoding="utf-8") as fh:
        cols = json.load(fh)["columns"]
    geo.place_lon = np.asarray(cols["lon"], float)
    geo.place_lat = np.asarray(cols["lat"], float)
    geo.place_name = [str(n) for n in cols["name"]]
    geo.place_pop = np.asarray(cols["population"], float)
    return geo


def demoted_suburbs(lon, lat, pop, radius_deg: float = 0.11, factor: float = 2.5) -> np.ndarray:
    """Label priority: places sorted by population, but a place within ``radius_deg`` of one at
    least ``factor`` times larger (a city district such as Saltivka in Kharkiv) goes after every
    independent place. Returns (indices in priority order, demoted mask)."""
    n = len(lon)
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, dtype=bool)
    order = np.argsort(-np.nan_to_num(pop), kind="stable")
    big = order[:400]
    demote = np.zeros(n, dtype=bool)
    coslat = np.cos(np.radians(np.nanmean(lat)))
    for start in range(0, n, 2048):
        sl = slice(start, min(n, start + 2048))
        dx = (lon[sl, None] - lon[None, big]) * coslat
        dy = lat[sl, None] - lat[None, big]
        # Bigger cities reach further: about 0.1 deg at 100k people, 0.2 deg at 3 million.
        reach = radius_deg * (0.5 + 0.5 * np.log10(np.maximum(pop[big], 1e4) / 1e4) / 2.0)
        near = (dx * dx + dy * dy) <= reach[None, :] ** 2
        bigger = pop[None, big] >= factor * pop[sl, None]
        demote[sl] = (near & bigger).any(axis=1)
    return np.concatenate([order[~demote[order]], order[demote[order]]]), demote


def synthetic_basemap() -> BasemapGeometry:
    """A crude hand-drawn stand-in around the Kharkiv border (tests; not for briefings)."""
    border = np.array([[34.9, 51.2], [35.6, 50.9], [36.0, 50.45], [36.6, 50.35], [37.0, 50.42],
                       [37.5, 50.35], [38.2, 50.05], [39.0, 49.95], [39.8, 49.5], [40.2, 48.8]])
    ua_rest = np.array([[40.2, 48.8], [40.2, 48.0], [33.0, 48.0], [33.0, 51.5], [34.9, 51.2]])
    ua = np.vstack([border, ua_rest[1:]])
    ru = np.vstack([border, [[40.2, 48.8], [40.2, 52.0], [34.0, 52.0], [34.9, 51.2]]])
    kharkiv = np.array([[35.3, 50.3], [36.0, 50.45], [36.6, 50.35], [37.0, 50.42], [37.5, 50.35],
                        [38.1, 50.0], [38.0, 49.0], [37.0, 48.9], [35.7, 49.1], [35.0, 49.6],
                        [35.3, 50.3]])
    oblasts = flatten_lines([kharkiv, np.array([[35.0, 49.6], [33.0, 49.6]])])
    lake = np.array([[36.9, 49.78], [36.95, 49.85], [36.98, 49.95], [36.96, 50.05],
                     [36.93, 49.95], [36.9, 49.85], [36.9, 49.78]])
    places = [("Kharkiv", 36.2304, 49.9935, 1430885), ("Belgorod", 36.5872, 50.5977, 335000),
              ("Kupiansk", 37.6167, 49.7106, 26000), ("Chuhuiv", 36.6885, 49.8354, 31000),
              ("Izium", 37.2667, 49.2, 45000), ("Vovchansk", 36.9406, 50.2900, 17000),
              ("Derhachi", 36.1200, 50.1097, 17000), ("Zolochiv", 35.9781, 50.2797, 8000),
              ("Lyptsi", 36.4345, 50.1967, 3400), ("Staryi Saltiv", 36.7941, 50.0836, 3500),
              ("Pechenihy", 36.9358, 49.8686, 5000), ("Shebekino", 36.9000, 50.4100, 40000),
              ("Hlyboke", 36.5700, 50.2700, 1900), ("Tsyrkuny", 36.3700, 50.1000, 3000)]
    return BasemapGeometry(
        countries={"Ukraine": flatten_rings([ua]), "Russia": flatten_rings([ru])},
        borders=flatten_lines([border]), oblasts=oblasts, lakes=flatten_rings([lake]),
        kharkiv=flatten_rings([kharkiv]),
        place_lon=np.array([p[1] for p in places]), place_lat=np.array([p[2] for p in places]),
        place_name=[p[0] for p in places], place_pop=np.array([p[3] for p in places], float),
        attribution="Synthetic test base map (not for briefings)", synthetic=True)
