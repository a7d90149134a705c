"""DeepState-like GeoJSON with the real files' quirks (shared by tests and benchmarks)."""
from __future__ import annotations

import json
from pathlib import Path

NBSP = "\xa0"


def square(lon0: float, lat0: float, size: float, z: bool = True) -> list:
    ring = [[lon0, lat0], [lon0 + size, lat0], [lon0 + size, lat0 + size], [lon0, lat0 + size],
            [lon0, lat0]]
    return [[x, y, 0] for x, y in ring] if z else ring


def feature(name: str, geometry: dict, **props) -> dict:
    return {"type": "Feature", "geometry": geometry,
            "properties": {"name": name, "styleUrl": "#poly-x", "fill": "#a52714",
                           "fill-opacity": 0.3, **props}}


def polygon(rings: list) -> dict:
    return {"type": "Polygon", "coordinates": rings}


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat, 0]}


# The name forms seen in the real files.
OCCUPIED = "Окупована /// Occupied /// geoJSON.status.occupied"
OCCUPIED_NL = "Окупована /// Occupied" + NBSP + "/// geoJSON.status.occupied\n"
CONTESTED = "Статус невідомий /// Unknown status" + NBSP + "/// geoJSON.status.unknown\n"
LIBERATED = "Звільнено /// Liberated" + NBSP + "/// geoJSON.status.dismissed"
LIBERATED_AT = "Звільнено /// Liberated ///geoJSON.status.dismissed_at {{at:25.03}}"
LIBERATED_RANGE = "Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:27.03 - 29.03}}\n"
ATTACK = "Напрямок удару /// Direction of attack /// geoJSON.status.attack_direction\n"
CRIMEA = "Окупований Крим /// Occupied Crimea /// geoJSON.territories.crimea"
TRANSNISTRIA = "Придністров'я /// Transnistria /// geoJSON.territories.transnistria"
UNIT = "Бригада /// 5th brigade /// geoJSON.units.brigade.5-tank"
AIRFIELD = "Аеродром /// Airfield /// geoJSON.airfield.millerovo"


def quirky_collection() -> dict:
    """12 features: 2 occupied (overlapping), 1 contested, 2 liberated variants, 1 more
    liberated range variant, 1 attack direction, Crimea (kept as territories), Transnistria
    (dropped), a unit and an airfield (not used), one plain English unit name."""
    return {"type": "FeatureCollection", "features": [
        feature(OCCUPIED, polygon([square(36.9, 50.2, 0.1)])),
        feature(OCCUPIED_NL, polygon([square(36.95, 50.2, 0.1)])),   # overlaps the first by half
        feature(CONTESTED, polygon([square(37.2, 50.2, 0.1)])),
        feature(LIBERATED, polygon([square(36.0, 49.0, 0.1)])),
        feature(LIBERATED_AT, polygon([square(36.2, 49.0, 0.1)])),
        feature(LIBERATED_RANGE, polygon([square(36.4, 49.0, 0.1)])),
        feature(ATTACK, point(36.95, 50.25)),
        feature(CRIMEA, polygon([square(33.5, 44.8, 0.5)])),
        feature(TRANSNISTRIA, polygon([square(29.0, 47.0, 0.5)])),
        feature(UNIT, point(37.0, 50.0)),
        feature(AIRFIELD, point(40.0, 48.9)),
        feature('132nd separate motorized rifle brigade (formerly the 3rd Brigade "Berkut")',
                point(38.0, 48.0)),
    ]}


def write(path: Path, obj) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def ellipsoid_box_km2(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    """Exact area of a longitude/latitude box on the WGS84 ellipsoid (edges along meridians and
    parallels), from the authalic-latitude formula; independent of pyproj."""
    import math
    a = 6378137.0
    f = 1 / 298.257223563
    e2 = f * (2 - f)
    e = math.sqrt(e2)

    def q(phi):
        s = math.sin(math.radians(phi))
        return (1 - e2) * (s / (1 - e2 * s * s)
                           - (1 / (2 * e)) * math.log((1 - e * s) / (1 + e * s)))

    return a * a / 2 * math.radians(lon1 - lon0) * (q(lat1) - q(lat0)) / 1e6


def box(lon0, lat0, lon1, lat1):
    import shapely
    return shapely.box(lon0, lat0, lon1, lat1)


def regions_for_tests() -> dict:
    """"all": a stand-in for Ukraine that leaves out Transnistria's square; "kharkiv": a box
    whose north edge (50.25) cuts the occupied squares of ``quirky_collection`` in half."""
    return {"all": box(30.0, 44.0, 41.0, 53.0), "kharkiv": box(35.5, 48.5, 38.5, 50.25)}


CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}


def rel(a, b):
    """Relative difference of ``a`` from ``b``."""
    return abs(a - b) / b
