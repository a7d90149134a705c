"""Control areas and boundary overlays from GeoJSON, as DeepState, ISW and others publish them.

Readers (registered with ``@reader``, chosen by content):

* ``deepstate``: one DeepStateMap snapshot ``<unix-seconds>.geojson``, or a folder of them (a time
  series). The status is the key after the last ``///`` in ``properties.name``
  (``geoJSON.status.occupied`` -> occupied, ``.unknown`` -> contested, ``.dismissed`` and
  ``dismissed_at {{at:25.03}}`` -> liberated); ``attack_direction`` points become
  ``ControlSnapshot.points``. ``geoJSON.territories.*`` (occupied before 2022) are kept only where
  they lie in Ukraine (Crimea, ORDLO, Tuzla), with status ``"territories"``, which no area figure
  counts; the ones outside Ukraine (Transnistria, Abkhazia, ...) are dropped. Unit, airfield and
  other markers are not used (counted in one note).
* ``deepstate-daily``: one (Multi)Polygon of occupied territory per file, the day only in the file
  name (``deepstatemap_data_20240708.geojson``), a ``crs`` member.
* ``isw``: features with ``date``, ``area_km2``, ``layer_type`` (one snapshot per date).
* ``boundaries``: any GeoJSON of polygons or lines with a name property (geoBoundaries
  ``shapeName``, the official file's Ukrainian ``ADMIN_1``...) -> ``BriefingPart.overlays``.

Geometry problems (unclosed rings, self-intersections, coordinates outside the valid range) are
reported with the feature's index (``row`` = 1-based position in ``features``), repaired where
that is safe and skipped otherwise. Snapshots are cached by content (``io/cache.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
import json
from pathlib import Path
import re

import numpy as np

from ..core.model import AreaFeature, BriefingPart, ControlSnapshot, Problem, SourceInfo
from . import cache
from .errors import UnreadableInput
from .registry import reader

READER_VERSION = "geo-6"   # bump when parsing or counting changes: it keys the cache
MAX_BYTES = 512 * 1024 * 1024           # larger files are refused without reading them
GEO_SUFFIXES = {".geojson", ".json", ".topojson"}

_TS_NAME = re.compile(r"^(\d{9,11})\.(geo)?json$", re.I)
_DAILY_NAME = re.compile(r"deepstatemap_data_(\d{8})", re.I)
_KEY = re.compile(r"geoJSON\.([A-Za-z_]+)(?:\.([^\s{]+))?")
TERRITORIES_IN_UKRAINE = {"crimea", "ordlo", "tuzla", "sevastopol"}


@dataclass
class BoundaryOverlay:
    """A boundary layer for the map: lines to draw and labels to place."""

    name: str
    lines: list[np.ndarray]                       # (n, 2) lon/lat arrays
    labels: list[tuple[float, float, str]]        # (lon, lat, normalised name)
    source_file: str = ""
    raw_names: list[str] = field(default_factory=list)
    kind: str = "boundaries"


# -- shared helpers -----------------------------------------------------------------------------
def _size_mb(n: int) -> str:
    return f"{n / 1024 ** 2:,.0f} MB" if n < 1024 ** 3 else f"{n / 1024 ** 3:,.1f} GB"


def check_size(path: Path) -> int:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableInput(path, f"too large to open ({_size_mb(size)}; the limit is "
                                    f"{_size_mb(MAX_BYTES)}): split it or cut it to the region "
                                    f"and dates you need")
    return size


def read_bytes(path: Path) -> bytes:
    check_size(path)
    try:
        return path.read_bytes()
    except PermissionError:
        raise UnreadableInput(path, "permission denied: the file is locked or not readable")
    except OSError as exc:
        raise UnreadableInput(path, f"cannot be read: {exc.strerror or exc}")


def parse_json(path: Path, data: bytes):
    if not data.strip():
        raise UnreadableInput(path, "the file is empty")
    from .sheets import utf16_order
    try:
        order = utf16_order(data)
        text = data.decode(order).lstrip("\ufeff") if order else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(path, f"not UTF-8 or UTF-16 text (byte {exc.start}): not a JSON "
                                    f"file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: "
                                    f"{exc.msg}")
    except RecursionError:
        raise UnreadableInput(path, "invalid JSON: nested too deeply")


def _features(path: Path, obj) -> list:
    if isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
        feats = obj.get("features")
        if not isinstance(feats, list):
            raise UnreadableInput(path, "a FeatureCollection without a 'features' list")
        return feats
    if isinstance(obj, dict) and obj.get("type") == "Feature":
        return [obj]
    raise UnreadableInput(path, "not GeoJSON: expected a FeatureCollection")


def feature_props(f, problems: list, path: str, row: int) -> dict:
    """A feature's properties as a dict; anything else (a string, a list) is one warning and no
    properties, so the feature is judged by its geometry alone."""
    props = f.get("properties") if isinstance(f, dict) else None
    if props is None or isinstance(props, dict):
        return props or {}
    problems.append(Problem(path, None, row, "properties", str(props)[:80], "warning",
                            "the feature's properties are not an object (a name/value list); "
                            "ignored"))
    return {}


def _check_crs(path: Path, obj) -> None:
    crs = obj.get("crs") if isinstance(obj, dict) else None
    if not crs:
        return
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = str(props.get("name", "")) if isinstance(props, dict) else ""
    if name and not re.search(r"CRS84|4326|WGS ?84", name, re.I):
        raise UnreadableInput(path, f"coordinates are in {name}; only longitude/latitude "
                                    f"(WGS 84, CRS84) is supported: reproject the file first")


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
            hit = (geom, notes, _rings_of(geom), None)
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
        from ..core.areas import polygonal
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


def _rings_of(geom) -> list[list[np.ndarray]]:
    from ..core.areas import polygon_rings
    return polygon_rings(geom)


def _feature_list(geom, status: str, name: str) -> list[AreaFeature]:
    return [AreaFeature(status, rings, name) for rings in _rings_of(geom)]


def _illustrative(obj, feats) -> bool:
    if isinstance(obj, dict) and obj.get("illustrative") is True:
        return True
    return any(isinstance(f, dict) and isinstance(f.get("properties"), dict)
               and f["properties"].get("illustrative") is True for f in feats)


# -- DeepState ----------------------------------------------------------------------------------
def deepstate_key(name: str) -> tuple[str, str]:
    """(group, key) from a DeepState name: ``"... /// geoJSON.status.unknown\\n"`` ->
    ("status", "unknown"); ``dismissed_at {{at:25.03}}`` -> ("status", "dismissed_at")."""
    last = str(name).split("///")[-1].strip()
    m = _KEY.search(last)
    if not m:
        return "", ""
    return m.group(1), (m.group(2) or "").strip()


def deepstate_status(group: str, key: str) -> str | None:
    if group != "status":
        return None
    if key == "occupied":
        return "occupied"
    if key == "unknown":
        return "contested"
    if key.startswith("dismissed"):
        return "liberated"
    if key == "attack_direction":
        return "attack_direction"
    return None


def _english(name: str) -> str:
    parts = [p.strip() for p in str(name).split("///")]
    return parts[1] if len(parts) >= 3 else parts[0]


@dataclass
class _Parsed:
    snapshots: list
    problems: list
    counts: dict


def calculator(regions):
    """The memoising area calculator of a region set (one per set, reused across files)."""
    from ..core.areas import AreaCalculator
    calc = getattr(regions, "_calculator", None)
    if calc is None:
        calc = regions._calculator = AreaCalculator(regions)
    return calc


def parse_deepstate(path: Path, obj, time: np.datetime64, regions) -> _Parsed:
    p = str(path)
    feats = _features(path, obj)
    problems: list[Problem] = []
    features: list[AreaFeature] = []
    pairs = []
    points = []
    ignored: dict[str, int] = {}
    dropped_territories = []
    rejected = skipped = 0
    for i, f in enumerate(feats):
        row = i + 1
        if not isinstance(f, dict):
            problems.append(Problem(p, None, row, None, None, "error", "not a GeoJSON feature"))
            rejected += 1
            continue
        props = feature_props(f, problems, p, row)
        geometry = f.get("geometry")
        name = str(props.get("name", ""))
        group, key = deepstate_key(name)
        status = deepstate_status(group, key)
        gtype = geometry.get("type") if isinstance(geometry, dict) else None
        if status == "attack_direction":
            try:
                lon, lat = (float(v) for v in geometry["coordinates"][:2])
                if not (abs(lon) <= 180 and abs(lat) <= 90):
                    raise ValueError("outside the valid range")
            except Exception as exc:
                problems.append(Problem(p, None, row, "geometry", None, "error",
                                        f"attack direction without a usable point ({exc})"))
                rejected += 1
                continue
            points.append((lon, lat, _english(name)))
            continue
        if group == "territories" and gtype in ("Polygon", "MultiPolygon"):
            status = "territories"
        if status is None or gtype not in ("Polygon", "MultiPolygon"):
            if status is not None and gtype is None:
                problems.append(Problem(p, None, row, "geometry", None, "warning",
                                        f"a {status} feature without geometry; skipped"))
                rejected += 1
            else:
                # Unit and airfield markers are not control-area data: skipped with a note,
                # not counted as rows read (so "rejected" keeps meaning "something was wrong").
                label = group or "unlabelled"
                ignored[label] = ignored.get(label, 0) + 1
                skipped += 1
            continue
        try:
            gkey, geom, rings = geometry_polygons_keyed(geometry, problems, p, row)
        except GeometryError as exc:
            problems.append(Problem(p, None, row, "geometry", _english(name), "error",
                                    f"{exc}; feature skipped"))
            rejected += 1
            continue
        if status == "territories" and key not in TERRITORIES_IN_UKRAINE:
            rp = geom.representative_point()
            if not regions.contains_point("all", rp.x, rp.y):
                dropped_territories.append(key)
                skipped += 1
                continue
        label = _english(name)
        features.extend(AreaFeature(status, r, label) for r in rings)
        if status != "territories":
            pairs.append((status, gkey, geom))
    areas = calculator(regions).status_areas_km2(pairs)
    snap = ControlSnapshot(time=time, source_file=p, features=features, areas_km2=areas,
                           illustrative=_illustrative(obj, feats), points=points)
    n_area = sum(1 for f in features if f.status in ("occupied", "contested", "liberated"))
    read = len(feats) - skipped
    counts = {"read": read, "loaded": read - rejected, "rejected": rejected,
              "areas": n_area, "points": len(points),
              "territories": sum(1 for f in features if f.status == "territories"),
              "ignored": ignored, "dropped_territories": sorted(dropped_territories)}
    return _Parsed([snap], problems, counts)


def _summary_notes(path: Path, counts_list: list[dict]) -> list[Problem]:
    """One note per source (file or folder) for the markers and foreign 'territories' left
    out, instead of one per snapshot file."""
    ignored: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for c in counts_list:
        for k, n in (c.get("ignored") or {}).items():
            ignored[k] = ignored.get(k, 0) + int(n)
        for k in c.get("dropped_territories") or []:
            dropped[k] = dropped.get(k, 0) + 1
    files = len(counts_list)
    per = f" over {files} snapshots" if files > 1 else ""
    out = []
    if ignored:
        total = sum(ignored.values())
        text = ", ".join(f"{n} {k}" for k, n in sorted(ignored.items()))
        out.append(Problem(str(path), None, None, None, total, "info",
                           f"{total} markers not used{per} (units, airfields and other points "
                           f"that are not areas or attack directions: {text})"))
    if dropped:
        total = sum(dropped.values())
        out.append(Problem(str(path), None, None, None, total, "info",
                           f"{total} 'territories' polygons outside Ukraine left out{per} "
                           f"({', '.join(sorted(dropped))}): not this front, not drawn"))
    return out


def _time_from_name(path: Path) -> np.datetime64 | None:
    m = _TS_NAME.match(path.name)
    if m:
        return np.datetime64(int(m.group(1)), "s")
    m = _DAILY_NAME.search(path.name)
    if m:
        try:
            day = dt.datetime.strptime(m.group(1), "%Y%m%d").date()
        except ValueError:
            return None
        return np.datetime64(day, "D").astype("datetime64[s]")
    return None


def _cached_parse(path: Path, fmt: str, parse, regions) -> _Parsed:
    """Parse via the cache: content hash + reader version + region outlines."""
    from ..core.areas import AREA_METHOD
    data = read_bytes(path)
    key = cache.content_key(data, fmt, READER_VERSION, AREA_METHOD,
                            _regionset(regions).fingerprint, path.name)
    hit = cache.load(fmt, key, str(path))
    if hit is not None:
        snaps, problems, counts = hit
        counts["cached"] = True
        return _Parsed(snaps, problems, counts)
    obj = parse_json(path, data)
    parsed = parse(path, obj, regions)
    cache.store(fmt, key, parsed.snapshots, parsed.problems, parsed.counts)
    parsed.counts["cached"] = False
    return parsed


def _parse_deepstate_file(path: Path, obj, regions) -> _Parsed:
    time = _time_from_name(path)
    extra = []
    if time is None:
        time = np.datetime64(int(path.stat().st_mtime), "s")
        extra.append(Problem(str(path), None, None, None, path.name, "warning",
                             "the publication time is not in the file name (expected "
                             "<unix-seconds>.geojson); using the file's modification time "
                             f"{time}Z"))
    parsed = parse_deepstate(path, obj, time, _regionset(regions))
    parsed.problems[:0] = extra
    return parsed


def _parse_daily_file(path: Path, obj, regions) -> _Parsed:
    from ..core.areas import status_areas_km2
    time = _time_from_name(path)
    if time is None:
        raise UnreadableInput(path, "the day is not in the file name (expected "
                                    "deepstatemap_data_YYYYMMDD.geojson)")
    _check_crs(path, obj)
    feats = _features(path, obj)
    p = str(path)
    problems, features, pairs, rejected = [], [], [], 0
    for i, f in enumerate(feats):
        geometry = f.get("geometry") if isinstance(f, dict) else None
        if not isinstance(geometry, dict):
            problems.append(Problem(p, None, i + 1, "geometry", None, "warning",
                                    "a feature without geometry; skipped"))
            rejected += 1
            continue
        try:
            geom = geometry_polygons(geometry, problems, p, i + 1)
        except GeometryError as exc:
            problems.append(Problem(p, None, i + 1, "geometry", None, "error",
                                    f"{exc}; feature skipped"))
            rejected += 1
            continue
        features.extend(_feature_list(geom, "occupied", "occupied"))
        pairs.append(("occupied", geom))
    snap = ControlSnapshot(time=time, source_file=p, features=features,
                           areas_km2=status_areas_km2(pairs, _regionset(regions)),
                           illustrative=_illustrative(obj, feats))
    counts = {"read": len(feats), "loaded": len(feats) - rejected, "rejected": rejected,
              "areas": len(features), "points": 0, "territories": 0}
    return _Parsed([snap], problems, counts)


_REGIONSET = None


def _regionset(regions=None):
    """The prepared Ukraine / Kharkiv outlines (built once per process unless given)."""
    from ..core.areas import RegionSet
    global _REGIONSET
    if isinstance(regions, RegionSet):
        return regions
    if regions is not None:
        return RegionSet(regions)
    if _REGIONSET is None:
        _REGIONSET = RegionSet()
    return _REGIONSET


def _region_notes(regions) -> list[str]:
    return _regionset(regions).notes()


def _source(path: Path, fmt: str, counts_list: list[dict], snapshots: list, detail: str
            ) -> SourceInfo:
    read = sum(c["read"] for c in counts_list)
    loaded = sum(c["loaded"] for c in counts_list)
    rejected = sum(c["rejected"] for c in counts_list)
    return SourceInfo(str(path), "areas", fmt, read, loaded, rejected, detail)


def _describe(fmt_label: str, snapshots: list, counts_list: list[dict]) -> str:
    areas = sum(c.get("areas", 0) for c in counts_list)
    points = sum(c.get("points", 0) for c in counts_list)
    terr = sum(c.get("territories", 0) for c in counts_list)
    cached = sum(1 for c in counts_list if c.get("cached"))
    text = f"{fmt_label}: {len(snapshots)} snapshot(s)"
    if snapshots:
        times = sorted(s.time for s in snapshots)
        text += f" {str(times[0])[:16]}Z to {str(times[-1])[:16]}Z" if len(times) > 1 else \
            f" {str(times[0])[:16]}Z"
    text += f"; {areas} area polygons, {points} attack directions"
    if terr:
        text += f", {terr} pre-2022 'territories' polygons in Ukraine (not counted in areas)"
    if cached:
        text += f"; {cached} from cache"
    if any(s.illustrative for s in snapshots):
        text += "; ILLUSTRATIVE data"
    return text


def _finish(path: Path, fmt: str, label: str, parsed_list: list[_Parsed], extra_problems,
            regions=None) -> BriefingPart:
    snapshots = [s for pr in parsed_list for s in pr.snapshots]
    counts = [pr.counts for pr in parsed_list]
    problems = list(extra_problems) + [q for pr in parsed_list for q in pr.problems]
    problems += _summary_notes(path, counts)
    for note in _region_notes(regions):
        problems.append(Problem(str(path), None, None, None, None, "info", note))
    src = _source(path, fmt, counts, snapshots, _describe(label, snapshots, counts))
    return BriefingPart(snapshots=snapshots, sources=[src], problems=problems)


def _sniff_json_geo(path: Path, head: bytes) -> bool:
    return (path.suffix.lower() in GEO_SUFFIXES
            or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{")


def sniff_deepstate(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return any(_is_snapshot_name(c) for c in _safe_listdir(path))
    return _sniff_json_geo(path, head) and b"geoJSON." in head and b"Feature" in head


def _safe_listdir(path: Path) -> list[Path]:
    try:
        return sorted(path.iterdir())
    except OSError:
        return []


def _is_snapshot_name(p: Path) -> bool:
    return p.is_file() and (bool(_TS_NAME.match(p.name)) or
                            (bool(_DAILY_NAME.search(p.name)) and p.suffix.lower() in GEO_SUFFIXES))


@reader("deepstate", "areas", sniff_deepstate, priority=20, folders=True)
def read_deepstate(path: Path, regions=None) -> BriefingPart:
    """One DeepState snapshot, or a folder of snapshots (DeepState or daily files)."""
    regions = _regionset(regions)
    path = Path(path)
    if path.is_dir():
        return read_snapshot_folder(path, regions)
    parsed = _cached_parse(path, "deepstate", _parse_deepstate_file, regions)
    return _finish(path, "deepstate", "DeepStateMap snapshot (status from feature names)",
                   [parsed], [], regions)


def read_snapshot_folder(path: Path, regions=None) -> BriefingPart:
    regions = _regionset(regions)
    parsed_list, problems = [], []
    kinds = set()
    entries = _safe_listdir(path)
    for child in entries:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            problems.append(Problem(str(child), None, None, None, None, "info",
                                    "a sub-folder; not read (only snapshot files in this folder)"))
            continue
        if not _is_snapshot_name(child):
            problems.append(Problem(str(child), None, None, None, None, "info",
                                    "not a snapshot file (expected <unix-seconds>.geojson or "
                                    "deepstatemap_data_YYYYMMDD.geojson); ignored"))
            continue
        daily = bool(_DAILY_NAME.search(child.name))
        try:
            if daily:
                parsed = _cached_parse(child, "deepstate-daily", _parse_daily_file, regions)
            else:
                parsed = _cached_parse(child, "deepstate", _parse_deepstate_file, regions)
        except UnreadableInput as exc:
            problems.append(Problem(str(child), None, None, None, None, "error",
                                    f"snapshot not loaded: {exc.message}"))
            continue
        kinds.add("daily" if daily else "deepstate")
        parsed_list.append(parsed)
    if not parsed_list:
        raise UnreadableInput(path, "no snapshot in this folder could be read" +
                              (f" ({problems[0].message})" if problems else ""))
    fmt = "deepstate-daily" if kinds == {"daily"} else "deepstate"
    label = ("DeepStateMap daily occupied-area files" if fmt == "deepstate-daily"
             else "DeepStateMap snapshot folder")
    return _finish(path, fmt, label, parsed_list, problems, regions)


def sniff_daily(path: Path, head: bytes) -> bool:
    if not _sniff_json_geo(path, head) or b"geoJSON." in head:
        return False
    return bool(_DAILY_NAME.search(path.name)) and b"Polygon" in head


@reader("deepstate-daily", "areas", sniff_daily, priority=21)
def read_deepstate_daily(path: Path, regions=None) -> BriefingPart:
    regions = _regionset(regions)
    path = Path(path)
    parsed = _cached_parse(path, "deepstate-daily", _parse_daily_file, regions)
    return _finish(path, "deepstate-daily", "DeepStateMap daily occupied area (day from the "
                   "file name)", [parsed], [], regions)


# -- ISW-style layers ---------------------------------------------------------------------------
def isw_status(layer_type: str) -> str | None:
    t = str(layer_type).casefold()
    if any(w in t for w in ("counteroffensive", "liberat", "ukrainian control", "regained")):
        return "liberated"
    if any(w in t for w in ("advance", "contested", "claimed", "grey", "gray", "unknown")):
        return "contested"
    if any(w in t for w in ("control", "occupied", "russian")):
        return "occupied"
    return None


def sniff_isw(path: Path, head: bytes) -> bool:
    return (_sniff_json_geo(path, head) and b"layer_type" in head
            and b"Feature" in head and b"geoJSON." not in head)


def _parse_isw(path: Path, obj, regions) -> _Parsed:
    from ..core.areas import status_areas_km2
    _check_crs(path, obj)
    feats = _features(path, obj)
    p = str(path)
    problems: list[Problem] = []
    by_day: dict[str, list] = {}
    rejected = 0
    regions = _regionset(regions)
    for i, f in enumerate(feats):
        row = i + 1
        props = feature_props(f, problems, p, row)
        day_text = str(props.get("date", "")).strip()
        try:
            day = dt.date.fromisoformat(day_text[:10])
        except ValueError:
            problems.append(Problem(p, None, row, "date", day_text, "error",
                                    "no valid date (expected YYYY-MM-DD); feature skipped"))
            rejected += 1
            continue
        status = isw_status(props.get("layer_type", ""))
        if status is None:
            problems.append(Problem(p, None, row, "layer_type", props.get("layer_type"),
                                    "warning", "layer type not recognised as occupied, "
                                    "contested or liberated; feature skipped"))
            rejected += 1
            continue
        geometry = f.get("geometry")
        if not isinstance(geometry, dict):
            problems.append(Problem(p, None, row, "geometry", props.get("area_km2"), "warning",
                                    "no geometry (null): not drawn and not counted (the given "
                                    "area_km2 is not used)"))
            rejected += 1
            continue
        try:
            geom = geometry_polygons(geometry, problems, p, row)
        except GeometryError as exc:
            problems.append(Problem(p, None, row, "geometry", None, "error",
                                    f"{exc}; feature skipped"))
            rejected += 1
            continue
        by_day.setdefault(day.isoformat(), []).append((status, geom, str(props.get(
            "layer_type", ""))))
    snapshots = []
    illustrative = _illustrative(obj, feats)
    for day, items in sorted(by_day.items()):
        features = [af for status, geom, lt in items for af in _feature_list(geom, status, lt)]
        snapshots.append(ControlSnapshot(
            time=np.datetime64(day, "D").astype("datetime64[s]"), source_file=p,
            features=features,
            areas_km2=status_areas_km2([(s, g) for s, g, _ in items], regions),
            illustrative=illustrative))
    counts = {"read": len(feats), "loaded": len(feats) - rejected, "rejected": rejected,
              "areas": sum(len(s.features) for s in snapshots), "points": 0, "territories": 0}
    return _Parsed(snapshots, problems, counts)


@reader("isw", "areas", sniff_isw, priority=22)
def read_isw(path: Path, regions=None) -> BriefingPart:
    regions = _regionset(regions)
    path = Path(path)
    parsed = _cached_parse(path, "isw", _parse_isw, regions)
    if not parsed.snapshots:
        raise UnreadableInput(path, "no feature with a date, a recognised layer type and a "
                                    "geometry" + (f" ({parsed.problems[0].message})"
                                                  if parsed.problems else ""))
    return _finish(path, "isw", "ISW-style control layers (date, layer_type)", [parsed], [],
                   regions)


# -- boundary overlays --------------------------------------------------------------------------
NAME_KEYS = ("shapeName", "name_en", "NAME_EN", "name:en", "ADMIN_1", "NAME_1", "name", "NAME",
             "ADM1_EN", "admin1Name", "shapeName_en", "title")


def feature_name(props: dict) -> tuple[str, str]:
    """(raw name, normalised oblast name) from whichever name property the file has."""
    from ..core.places import normalise_admin1
    for k in NAME_KEYS:
        v = props.get(k)
        if isinstance(v, str) and v.strip():
            return v, normalise_admin1(v)
    for k, v in props.items():
        if "name" in k.lower() and isinstance(v, str) and v.strip():
            return v, normalise_admin1(v)
    return "", ""


def sniff_boundaries(path: Path, head: bytes) -> bool:
    if not _sniff_json_geo(path, head) or b"Feature" not in head:
        return False
    return any(t in head for t in (b"Polygon", b"LineString"))


@reader("boundaries", "boundaries", sniff_boundaries, priority=80)
def read_boundaries(path: Path) -> BriefingPart:
    import shapely
    from shapely.geometry import shape
    path = Path(path)
    obj = parse_json(path, read_bytes(path))
    _check_crs(path, obj)
    feats = _features(path, obj)
    p = str(path)
    problems, lines, labels, raw_names = [], [], [], []
    rejected = 0
    for i, f in enumerate(feats):
        row = i + 1
        props = feature_props(f, problems, p, row)
        geometry = f.get("geometry") if isinstance(f, dict) else None
        raw, name = feature_name(props)
        if not isinstance(geometry, dict):
            problems.append(Problem(p, None, row, "geometry", raw, "warning",
                                    "a feature without geometry; skipped"))
            rejected += 1
            continue
        gtype = geometry.get("type")
        try:
            if gtype in ("Polygon", "MultiPolygon"):
                geom = geometry_polygons(geometry, problems, p, row)
                for rings in _rings_of(geom):
                    lines.extend(rings)
                anchor = max(shapely.get_parts(geom), key=lambda g: g.area)
            elif gtype in ("LineString", "MultiLineString"):
                geom = shape(geometry)
                coords = [np.asarray(g.coords, dtype=np.float64)[:, :2]
                          for g in shapely.get_parts(geom)]
                for c in coords:
                    if not np.isfinite(c).all() or (np.abs(c[:, 0]) > 180).any() or \
                            (np.abs(c[:, 1]) > 90).any():
                        raise GeometryError("coordinates outside the valid range")
                lines.extend(coords)
                anchor = geom
            else:
                problems.append(Problem(p, None, row, "geometry", gtype, "info",
                                        f"a {gtype}; only polygons and lines are drawn"))
                rejected += 1
                continue
        except (GeometryError, ValueError, TypeError, KeyError) as exc:
            problems.append(Problem(p, None, row, "geometry", raw, "error",
                                    f"{exc}; feature skipped"))
            rejected += 1
            continue
        if name:
            pt = anchor.representative_point() if anchor.geom_type != "LineString" else \
                anchor.interpolate(0.5, normalized=True)
            labels.append((float(pt.x), float(pt.y), name))
            raw_names.append(raw)
    if not lines:
        raise UnreadableInput(path, "no polygon or line features to draw")
    nvert = sum(len(c) for c in lines)
    overlay = BoundaryOverlay(name=path.stem, lines=lines, labels=labels, source_file=p,
                              raw_names=raw_names)
    loaded = len(feats) - rejected
    detail = (f"boundary overlay: {loaded} features, {nvert:,} vertices, "
              f"{len(labels)} labels (names from "
              f"{_name_key(feats)}, normalised, e.g. {labels[0][2]!r})" if labels else
              f"boundary overlay: {loaded} features, {nvert:,} vertices, no name property")
    src = SourceInfo(p, "boundaries", "boundaries", len(feats), loaded, rejected, detail)
    return BriefingPart(sources=[src], problems=problems, overlays=[overlay])


def _name_key(feats) -> str:
    for f in feats:
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(props, dict):
            continue
        for k in NAME_KEYS:
            if isinstance(props.get(k), str) and props[k].strip():
                return k
    return "name"


# -- oversized files ----------------------------------------------------------------------------
def sniff_oversize(path: Path, head: bytes) -> bool:
    return (path.is_file() and path.suffix.lower() in GEO_SUFFIXES | {".csv"}
            and path.stat().st_size > MAX_BYTES)


@reader("too-large", "none", sniff_oversize, priority=0)
def read_oversize(path: Path) -> BriefingPart:
    check_size(Path(path))
    raise UnreadableInput(path, "too large to open")   # pragma: no cover (size changed meanwhile)
