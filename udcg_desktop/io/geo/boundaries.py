"""Boundary overlays: any GeoJSON of polygons or lines with a name property, drawn on the map
with the oblast names as labels.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...core.model import BriefingPart, Problem, SourceInfo
from ..errors import UnreadableInput
from ..files import parse_json, read_bytes
from ..registry import reader
from .document import check_crs, feature_props, geojson_features, looks_like_geojson
from .shapes import GeometryError, geometry_polygons, rings_of


@dataclass
class BoundaryOverlay:
    """A boundary layer for the map: lines to draw and labels to place."""

    name: str
    lines: list[np.ndarray]                       # (n, 2) lon/lat arrays
    labels: list[tuple[float, float, str]]        # (lon, lat, normalised name)
    source_file: str = ""
    raw_names: list[str] = field(default_factory=list)
    kind: str = "boundaries"


NAME_KEYS = ("shapeName", "name_en", "NAME_EN", "name:en", "ADMIN_1", "NAME_1", "name", "NAME",
             "ADM1_EN", "admin1Name", "shapeName_en", "title")


def feature_name(props: dict) -> tuple[str, str]:
    """(raw name, normalised oblast name) from whichever name property the file has."""
    from ...core.places import normalise_admin1
    for k in NAME_KEYS:
        v = props.get(k)
        if isinstance(v, str) and v.strip():
            return v, normalise_admin1(v)
    for k, v in props.items():
        if "name" in k.lower() and isinstance(v, str) and v.strip():
            return v, normalise_admin1(v)
    return "", ""


def sniff_boundaries(path: Path, head: bytes) -> bool:
    if not looks_like_geojson(path, head) or b"Feature" not in head:
        return False
    return any(t in head for t in (b"Polygon", b"LineString"))


@reader("boundaries", "boundaries", sniff_boundaries, priority=80)
def read_boundaries(path: Path) -> BriefingPart:
    import shapely
    from shapely.geometry import shape
    path = Path(path)
    obj = parse_json(path, read_bytes(path))
    check_crs(path, obj)
    feats = geojson_features(path, obj)
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
                for rings in rings_of(geom):
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
