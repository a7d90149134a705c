"""DeepStateMap snapshots: one ``<unix-seconds>.geojson``, a folder of them, or the daily
occupied-area files (``deepstatemap_data_YYYYMMDD.geojson``).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
import re

import numpy as np

from ...core.model import AreaFeature, BriefingPart, ControlSnapshot, Problem
from ..errors import UnreadableInput
from ..files import GEO_SUFFIXES
from ..registry import reader
from .document import check_crs, feature_props, geojson_features, is_illustrative, \
    looks_like_geojson
from .shapes import GeometryError, area_features, geometry_polygons, geometry_polygons_keyed
from .snapshots import Parsed, cached_parse, calculator, finish_part, region_set

_TS_NAME = re.compile(r"^(\d{9,11})\.(geo)?json$", re.I)
_DAILY_NAME = re.compile(r"deepstatemap_data_(\d{8})", re.I)
_KEY = re.compile(r"geoJSON\.([A-Za-z_]+)(?:\.([^\s{]+))?")
TERRITORIES_IN_UKRAINE = {"crimea", "ordlo", "tuzla", "sevastopol"}


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


def parse_deepstate(path: Path, obj, time: np.datetime64, regions) -> Parsed:
    p = str(path)
    feats = geojson_features(path, obj)
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
                           illustrative=is_illustrative(obj, feats), points=points)
    n_area = sum(1 for f in features if f.status in ("occupied", "contested", "liberated"))
    read = len(feats) - skipped
    counts = {"read": read, "loaded": read - rejected, "rejected": rejected,
              "areas": n_area, "points": len(points),
              "territories": sum(1 for f in features if f.status == "territories"),
              "ignored": ignored, "dropped_territories": sorted(dropped_territories)}
    return Parsed([snap], problems, counts)


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


def _parse_deepstate_file(path: Path, obj, regions) -> Parsed:
    time = _time_from_name(path)
    extra = []
    if time is None:
        time = np.datetime64(int(path.stat().st_mtime), "s")
        extra.append(Problem(str(path), None, None, None, path.name, "warning",
                             "the publication time is not in the file name (expected "
                             "<unix-seconds>.geojson); using the file's modification time "
                             f"{time}Z"))
    parsed = parse_deepstate(path, obj, time, region_set(regions))
    parsed.problems[:0] = extra
    return parsed


def _parse_daily_file(path: Path, obj, regions) -> Parsed:
    from ...core.areas import status_areas_km2
    time = _time_from_name(path)
    if time is None:
        raise UnreadableInput(path, "the day is not in the file name (expected "
                                    "deepstatemap_data_YYYYMMDD.geojson)")
    check_crs(path, obj)
    feats = geojson_features(path, obj)
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
        features.extend(area_features(geom, "occupied", "occupied"))
        pairs.append(("occupied", geom))
    snap = ControlSnapshot(time=time, source_file=p, features=features,
                           areas_km2=status_areas_km2(pairs, region_set(regions)),
                           illustrative=is_illustrative(obj, feats))
    counts = {"read": len(feats), "loaded": len(feats) - rejected, "rejected": rejected,
              "areas": len(features), "points": 0, "territories": 0}
    return Parsed([snap], problems, counts)


def sniff_deepstate(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return any(_is_snapshot_name(c) for c in _safe_listdir(path))
    return looks_like_geojson(path, head) and b"geoJSON." in head and b"Feature" in head


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
    regions = region_set(regions)
    path = Path(path)
    if path.is_dir():
        return read_snapshot_folder(path, regions)
    parsed = cached_parse(path, "deepstate", _parse_deepstate_file, regions)
    return finish_part(path, "deepstate", "DeepStateMap snapshot (status from feature names)",
                   [parsed], [], regions)


def read_snapshot_folder(path: Path, regions=None) -> BriefingPart:
    regions = region_set(regions)
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
                parsed = cached_parse(child, "deepstate-daily", _parse_daily_file, regions)
            else:
                parsed = cached_parse(child, "deepstate", _parse_deepstate_file, regions)
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
    return finish_part(path, fmt, label, parsed_list, problems, regions)


def sniff_daily(path: Path, head: bytes) -> bool:
    if not looks_like_geojson(path, head) or b"geoJSON." in head:
        return False
    return bool(_DAILY_NAME.search(path.name)) and b"Polygon" in head


@reader("deepstate-daily", "areas", sniff_daily, priority=21)
def read_deepstate_daily(path: Path, regions=None) -> BriefingPart:
    regions = region_set(regions)
    path = Path(path)
    parsed = cached_parse(path, "deepstate-daily", _parse_daily_file, regions)
    return finish_part(path, "deepstate-daily", "DeepStateMap daily occupied area (day from the "
                   "file name)", [parsed], [], regions)
