"""A GeoJSON document's parts every geo reader needs: its features, their properties, its CRS.
"""
from __future__ import annotations

from pathlib import Path
import re

from ...core.geojson import NotGeoJSON, features
from ...core.model import Problem
from ..errors import UnreadableInput
from ..files import GEO_SUFFIXES


def looks_like_geojson(path: Path, head: bytes) -> bool:
    return (path.suffix.lower() in GEO_SUFFIXES
            or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{")


def geojson_features(path: Path, obj) -> list:
    """The features of ``obj`` (``core.geojson.features``); not GeoJSON: unreadable."""
    try:
        return features(obj)
    except NotGeoJSON as exc:
        raise UnreadableInput(path, str(exc)) from None


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


def check_crs(path: Path, obj) -> None:
    crs = obj.get("crs") if isinstance(obj, dict) else None
    if not crs:
        return
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = str(props.get("name", "")) if isinstance(props, dict) else ""
    if name and not re.search(r"CRS84|4326|WGS ?84", name, re.I):
        raise UnreadableInput(path, f"coordinates are in {name}; only longitude/latitude "
                                    f"(WGS 84, CRS84) is supported: reproject the file first")


def is_illustrative(obj, feats) -> bool:
    if isinstance(obj, dict) and obj.get("illustrative") is True:
        return True
    return any(isinstance(f, dict) and isinstance(f.get("properties"), dict)
               and f["properties"].get("illustrative") is True for f in feats)
