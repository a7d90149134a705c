"""GeoJSON polygons as checked shapely geometry: repaired where that is safe, refused otherwise.

Each repair or refusal becomes a Problem naming the feature (``row`` = its 1-based position).
The same coordinates seen again (the next snapshot of a series) reuse the checked geometry.
"""
from __future__ import annotations

import numpy as np

from ...core.model import AreaFeature, Problem


def _ring_array(ring) -> np.ndarray:
    try:
        arr = np.asarray(ring, dtype=np.float64)
    except (ValueError, TypeError):
        # mixed 2-D/3-D positions: take lon, lat of each
        arr = np.asarray([[float(p[0]), float(p[1])] for p in ring], dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise ValueError("a ring is not a list of [lon, lat] positions")
    return np.ascontiguousarray(arr[:, :2])


# A real DeepState area has at most a few thousand vertices; far more in one feature is a file
# built to exhaust memory (or one needing simplification first).
VERTEX_BUDGET = 250_000


class GeometryError(Exception):
    pass


_GEOM_MEMO: dict[bytes, tuple] = {}


def geometry_polygons(geometry, problems: list, path: str, row: int):
    """A valid shapely (Multi)Polygon from a GeoJSON geometry, repairing what is safe.

    Appends a Problem for each repair; raises ``GeometryError`` (message for the Problem) when
    the feature cannot be used."""
    return geometry_polygons_keyed(geometry, problems, path, row)[1]


def geometry_polygons_keyed(geometry, problems: list, path: str, row: int):
    """(key, geometry, rings) as ``geometry_polygons``; ``key`` identifies the coordinates, and
    the same coordinates seen again (the next snapshot) reuse the checked geometry."""
    import hashlib
    gtype = geometry.get("type")
    coords = geometry.get("coordinates")
    if gtype == "Polygon":
        polys = [coords]
    elif gtype == "MultiPolygon":
        polys = coords
    else:
        raise GeometryError(f"a {gtype} where a Polygon was expected")
    if not isinstance(polys, list) or not polys:
        raise GeometryError("the polygon has no coordinates")
    arrays = []
    h = hashlib.blake2b(gtype.encode(), digest_size=16)
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            raise GeometryError("the polygon has no rings")
        rings = []
        for ring in poly:
            try:
                arr = _ring_array(ring)
            except (ValueError, TypeError, IndexError) as exc:
                raise GeometryError(f"unreadable coordinates ({exc})")
            h.update(len(arr).to_bytes(8, "little"))
            h.update(arr.tobytes())
            rings.append(arr)
        h.update(b"|")
        arrays.append(rings)
    key = h.digest()
    hit = _GEOM_MEMO.get(key)
    if hit is None:
        notes: list[tuple] = []
        try:
            geom = _build_polygons(arrays, notes)
        except GeometryError as exc:
            hit = (None, notes, None, str(exc))
        else:
            hit = (geom, notes, rings_of(geom), None)
        if len(_GEOM_MEMO) > 50000:
            _GEOM_MEMO.clear()
        _GEOM_MEMO[key] = hit
    geom, notes, rings, error = hit
    for column, value, severity, message in notes:
        problems.append(Problem(path, None, row, column, value, severity, message))
    if error is not None:
        raise GeometryError(error)
    return key, geom, rings


def _build_polygons(arrays, notes: list):
    import shapely
    vertices = sum(len(a) for rings in arrays for a in rings)
    if vertices > VERTEX_BUDGET:
        raise GeometryError(f"{vertices:,} vertices in one feature, more than the "
                            f"{VERTEX_BUDGET:,} the app draws and measures; simplify it (for "
                            f"example with mapshaper or QGIS) and open it again")
    built = []
    closed = 0
    for rings_in in arrays:
        rings = []
        for arr in rings_in:
            if not np.isfinite(arr).all():
                raise GeometryError("coordinates are not numbers (NaN or infinite)")
            if (np.abs(arr[:, 0]) > 180).any() or (np.abs(arr[:, 1]) > 90).any():
                bad = arr[(np.abs(arr[:, 0]) > 180) | (np.abs(arr[:, 1]) > 90)][0]
                raise GeometryError(f"coordinates outside the valid range (lon {bad[0]:g}, "
                                    f"lat {bad[1]:g}); longitude must be within +-180 and "
                                    f"latitude within +-90 (projected coordinates?)")
            if len(arr) and not np.array_equal(arr[0], arr[-1]):
                arr = np.vstack([arr, arr[:1]])
                closed += 1
            if len(arr) < 4:
                raise GeometryError("a ring with fewer than 3 distinct points")
            rings.append(arr)
        built.append(shapely.Polygon(rings[0], rings[1:] or None))
    geom = built[0] if len(built) == 1 else shapely.MultiPolygon(built)
    if closed:
        notes.append(("geometry", None, "warning",
                      f"{closed} ring(s) not closed; closed by repeating the first point"))
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        from ...core.areas import polygonal
        if len(built) == 1:
            fixed = polygonal(shapely.make_valid(geom))
        else:
            # Part by part, then one union: make_valid of many overlapping parts at once nodes
            # all their edges together (200 copies of one part took 3 GB and a minute).
            fixed = polygonal(shapely.union_all([polygonal(shapely.make_valid(g))
                                                 for g in built]))
        if fixed.is_empty or fixed.area <= 0:
            raise GeometryError(f"invalid geometry ({reason}) that cannot be repaired")
        notes.append(("geometry", reason, "warning",
                      f"invalid geometry ({reason}); repaired (make_valid), area kept as the "
                      f"repaired shape"))
        geom = fixed
    shapely.prepare(geom)
    return geom


def rings_of(geom) -> list[list[np.ndarray]]:
    from ...core.areas import polygon_rings
    return polygon_rings(geom)


def area_features(geom, status: str, name: str) -> list[AreaFeature]:
    return [AreaFeature(status, rings, name) for rings in rings_of(geom)]
