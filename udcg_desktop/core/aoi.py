"""The briefing's area of interest (AOI): which events a briefing counts, lists and shows.

A briefing looks at one axis of the front. By default that is the **Kharkiv axis**: Kharkiv
oblast and the Russian border districts opposite it (``resources/aoi/kharkiv_axis.geojson``, built
by ``resources/aoi/build_aoi.py``; illustrative, see its ``method``). The alternative is
**everything loaded** (no outline). Use::

    from udcg_desktop.core.aoi import area_of_interest, AOI_KEYS, DEFAULT_AOI
    aoi = area_of_interest()                 # the default, "kharkiv_axis"
    aoi = area_of_interest("all")            # everything loaded
    mask = aoi.event_mask(briefing.events)   # bool per event row: counted in this area
    aoi.bounds                               # (lon0, lat0, lon1, lat1) for a map's view, or None
    aoi.rings                                # outline rings (lon/lat (n, 2) arrays) to draw
    aoi.label                                # "Kharkiv axis" / "Everything loaded", for outputs

Membership of an event (``event_mask``): its coordinates lie inside the outline. An event without
coordinates is kept unless its place names another oblast ("Kramatorsk (Donetsk region)"): it
cannot be placed, and the outputs say how many there are. Meetings and policy decisions are kept
in every area (they are about the support, not a place). Pure numpy; no Qt, no shapely.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
import json
import re

import numpy as np

from .basemap import points_in_rings

AOI_KEYS = ("kharkiv_axis", "all")
DEFAULT_AOI = "kharkiv_axis"
# Event types that happen "everywhere" for a briefing: kept whatever the area.
PLACELESS_TYPES = frozenset({"meeting", "policy"})


@dataclass(frozen=True, eq=False)
class AreaOfInterest:
    key: str                         # one of AOI_KEYS
    label: str                       # short name for titles and outputs
    description: str                 # one sentence: what the area is
    method: str = ""                 # how the outline was made (for the sources page)
    polygons: tuple = ()             # ([exterior, hole, ...], ...) lon/lat (n, 2) arrays
    illustrative: bool = False
    area_km2: float | None = None
    oblasts: frozenset = frozenset()  # oblast names (``core.places.OBLASTS``) the area covers
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def everything(self) -> bool:
        """True for "everything loaded" (no outline: every event counts)."""
        return not self.polygons

    @property
    def rings(self) -> list[np.ndarray]:
        return [r for poly in self.polygons for r in poly]

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        """(lon0, lat0, lon1, lat1) of the outline; None for everything loaded."""
        if self.everything:
            return None
        xy = np.concatenate([poly[0] for poly in self.polygons])
        return (float(xy[:, 0].min()), float(xy[:, 1].min()),
                float(xy[:, 0].max()), float(xy[:, 1].max()))

    def contains(self, lon, lat) -> np.ndarray:
        """Bool per point: inside the outline (always True for everything loaded; a point
        without coordinates (NaN) is never inside an outline)."""
        lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
        lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
        if self.everything:
            return np.ones(lon.shape, dtype=bool)
        ok = np.isfinite(lon) & np.isfinite(lat)
        out = np.zeros(lon.shape, dtype=bool)
        if ok.any():
            x0, y0, x1, y1 = self.bounds
            near = ok & (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
            if near.any():
                out[near] = points_in_rings(self.rings, lon[near], lat[near])
        return out

    def event_mask(self, events) -> np.ndarray:
        """Bool per row of an ``EventTable``: the event counts in this area (see the module
        docstring). Cached per table (tables are immutable)."""
        key = id(events)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is events:
            return hit[1]
        lon, lat = events["lon"], events["lat"]
        unlocated = self.unlocated(events)
        if not self.everything:
            for i in np.flatnonzero(unlocated):
                if self._names_other_oblast(events["place"][i]):
                    unlocated[i] = False
        # Per distinct type, then per row (np.isin would import numpy.ma at start-up).
        types, codes = events.codes("type")
        placeless_type = np.array([str(t) in PLACELESS_TYPES for t in types], dtype=bool)
        placeless = unlocated | (placeless_type[codes] if len(types) else
                                 np.zeros(len(codes), dtype=bool))
        mask = placeless | self.contains(lon, lat)
        mask.setflags(write=False)
        if len(self._cache) > 8:
            self._cache.clear()
        self._cache[key] = (events, mask)
        return mask

    def _names_other_oblast(self, place) -> bool:
        from .places import OBLASTS, normalise_place
        words = re.findall(r"[^\W\d_][\w'-]*", str(place or ""))
        return any(w in OBLASTS and w not in self.oblasts
                   for w in (normalise_place(word) for word in words))

    def unlocated(self, events) -> np.ndarray:
        """Bool per event row: no coordinates (kept in every area, reported as such)."""
        return ~(np.isfinite(events["lon"]) & np.isfinite(events["lat"]))

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "description": self.description,
                "illustrative": self.illustrative, "area_km2": self.area_km2}


def aoi_path():
    from .paths import resources_dir
    return resources_dir() / "aoi" / "kharkiv_axis.geojson"


def area_of_interest(key: str | None = None) -> AreaOfInterest:
    """The area of interest called ``key`` (default ``DEFAULT_AOI``); cached, so the same
    object comes back each time. ``ValueError`` for an unknown key."""
    return _area_of_interest(key or DEFAULT_AOI)


@lru_cache(maxsize=None)
def _area_of_interest(key: str) -> AreaOfInterest:
    if key == "all":
        return AreaOfInterest("all", "Everything loaded",
                              "every event loaded, wherever it happened")
    if key != "kharkiv_axis":
        raise ValueError(f"unknown area of interest {key!r} (choose from {', '.join(AOI_KEYS)})")
    from .basemap import BasemapError, _polygons_of
    path = aoi_path()
    try:
        feature = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise BasemapError(f"cannot read the area-of-interest outline {path}: {exc}") from exc
    props = feature.get("properties", {})
    polys = tuple(_polygons_of(feature.get("geometry") or {}))
    if not polys:
        raise BasemapError(f"no outline in {path}")
    return AreaOfInterest("kharkiv_axis", props.get("name", "Kharkiv axis"),
                          props.get("description", ""), props.get("method", ""), polys,
                          bool(props.get("illustrative", True)), props.get("area_km2"),
                          frozenset(props.get("oblasts", ["Kharkiv"])))
