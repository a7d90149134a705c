"""ISW-style control layers: features with ``date``, ``area_km2`` and ``layer_type``, one
snapshot per date.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...core.model import BriefingPart, ControlSnapshot, Problem
from ..dates import not_a_day, parse_day
from ..errors import UnreadableInput
from ..registry import reader
from .document import check_crs, feature_props, geojson_features, is_illustrative, \
    looks_like_geojson
from .shapes import GeometryError, area_features, geometry_polygons
from .snapshots import Parsed, cached_parse, finish_part, region_set


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
    return (looks_like_geojson(path, head) and b"layer_type" in head
            and b"Feature" in head and b"geoJSON." not in head)


def _parse_isw(path: Path, obj, regions) -> Parsed:
    from ...core.areas import status_areas_km2
    check_crs(path, obj)
    feats = geojson_features(path, obj)
    p = str(path)
    problems: list[Problem] = []
    by_day: dict[str, list] = {}
    rejected = 0
    regions = region_set(regions)
    for i, f in enumerate(feats):
        row = i + 1
        props = feature_props(f, problems, p, row)
        day_text = str(props.get("date", "")).strip()
        day = parse_day(day_text)
        if day is None:
            problems.append(Problem(p, None, row, "date", day_text, "error", not_a_day(
                day_text, "dmy", "no valid date (expected YYYY-MM-DD); feature skipped")))
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
    illustrative = is_illustrative(obj, feats)
    for day, items in sorted(by_day.items()):
        features = [af for status, geom, lt in items for af in area_features(geom, status, lt)]
        snapshots.append(ControlSnapshot(
            time=np.datetime64(day, "D").astype("datetime64[s]"), source_file=p,
            features=features,
            areas_km2=status_areas_km2([(s, g) for s, g, _ in items], regions),
            illustrative=illustrative))
    counts = {"read": len(feats), "loaded": len(feats) - rejected, "rejected": rejected,
              "areas": sum(len(s.features) for s in snapshots), "points": 0, "territories": 0}
    return Parsed(snapshots, problems, counts)


@reader("isw", "areas", sniff_isw, priority=22)
def read_isw(path: Path, regions=None) -> BriefingPart:
    regions = region_set(regions)
    path = Path(path)
    parsed = cached_parse(path, "isw", _parse_isw, regions)
    if not parsed.snapshots:
        raise UnreadableInput(path, "no feature with a date, a recognised layer type and a "
                                    "geometry" + (f" ({parsed.problems[0].message})"
                                                  if parsed.problems else ""))
    return finish_part(path, "isw", "ISW-style control layers (date, layer_type)", [parsed], [],
                   regions)
