"""Walking a parsed GeoJSON document: its features, whatever its top-level form.

Core and io read GeoJSON (the base map, region outlines and sectors here; DeepState, ISW and
boundary files in ``io/geo``); this is the one walker they share, so a document means the same to
both. It judges nothing inside a feature: each reader decides what a feature without geometry or
properties means to it.
"""
from __future__ import annotations

GEOMETRY_TYPES = frozenset({"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                            "MultiPolygon", "GeometryCollection"})


class NotGeoJSON(ValueError):
    """The document is no FeatureCollection, Feature or geometry (the message says which)."""


def features(doc) -> list:
    """The features of ``doc``: a FeatureCollection's list as found, a Feature alone, a bare
    geometry as one feature without properties."""
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise NotGeoJSON("a FeatureCollection without a 'features' list")
        return feats
    if kind == "Feature":
        return [doc]
    if kind in GEOMETRY_TYPES:
        return [{"type": "Feature", "properties": {}, "geometry": doc}]
    raise NotGeoJSON("not GeoJSON: expected a FeatureCollection")


def features_with_geometry(doc) -> list[dict]:
    """The features of ``doc`` that have a geometry (layers drawn or measured as a whole)."""
    return [f for f in features(doc) if isinstance(f, dict) and f.get("geometry")]
