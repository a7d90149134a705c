"""The front's change between two dates, by sector: where control was gained and lost
(``core/front.py`` gives the oblast and national totals and the settlements; this splits the
change geometrically over the sectors of the Kharkiv axis).

For each status (occupied, contested) the union of a snapshot's polygons is compared with the
union at the comparison date: ``gained`` is area inside now and not then (the red of the change
map), ``lost`` is area inside then and not now (regained by Ukraine or no longer contested: the
blue). Each sector (``data/sectors/*.geojson``, illustrative and editable) gets its km² of both,
clipped to the Kharkiv oblast outline; "Rest of Kharkiv oblast" is the oblast outside them.

Unions are cached per snapshot (by source file and time) and results per pair of snapshots, so
stepping the comparison through a session costs the geometry work once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
import json
from pathlib import Path
from typing import Any

import numpy as np

from .areas import area_km2, default_regions, polygonal, rings_to_polygon, union_by_status
from .geojson import features_with_geometry
from .model import ControlAreaSeries, ControlSnapshot

STATUSES = ("occupied", "contested")
REST = "Rest of Kharkiv oblast"


@dataclass
class SectorChange:
    name: str
    gained_km2: dict[str, float] = field(default_factory=dict)    # status -> km²
    lost_km2: dict[str, float] = field(default_factory=dict)

    def net_km2(self, status: str) -> float:
        return self.gained_km2.get(status, 0.0) - self.lost_km2.get(status, 0.0)

    def as_dict(self) -> dict:
        return {"sector": self.name,
                **{f"{s}_gained_km2": round(self.gained_km2.get(s, 0.0), 1) for s in STATUSES},
                **{f"{s}_lost_km2": round(self.lost_km2.get(s, 0.0), 1) for s in STATUSES},
                **{f"{s}_net_km2": round(self.net_km2(s), 1) for s in STATUSES}}


@dataclass
class SectorChanges:
    """Gained and lost area between the snapshots shown on two days."""

    since_snapshot: str          # ISO times of the two snapshots compared
    as_of_snapshot: str
    sectors: list[SectorChange]
    gained: dict[str, Any]       # status -> shapely geometry (for the change map)
    lost: dict[str, Any]
    illustrative_sectors: bool = True
    # {status: union within the sectors' box} at the two snapshots (the change map's classes)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    box: tuple[float, float, float, float] | None = None

    def as_dict(self) -> dict:
        return {"since_snapshot": self.since_snapshot, "as_of_snapshot": self.as_of_snapshot,
                "sectors": [s.as_dict() for s in self.sectors],
                "sectors_note": "sector boundaries are illustrative (data/sectors)"
                if self.illustrative_sectors else ""}


def sectors_path() -> Path:
    from .paths import data_dir
    return data_dir() / "sectors" / "kharkiv_sectors.geojson"


@lru_cache(maxsize=4)
def load_sectors(path: str | None = None) -> tuple[tuple[str, Any], ...]:
    """((name, polygon clipped to the oblast), ..., (REST, the oblast outside them))."""
    import shapely
    from shapely.geometry import shape
    doc = json.loads(Path(path or sectors_path()).read_text(encoding="utf-8"))
    oblast = default_regions().get("kharkiv")
    out = []
    for f in features_with_geometry(doc):
        name = str((f.get("properties") or {}).get("name") or f"Sector {len(out) + 1}")
        geom = polygonal(shapely.make_valid(shape(f["geometry"])))
        if oblast is not None:
            geom = polygonal(shapely.intersection(geom, oblast))
        out.append((name, geom))
    if oblast is not None:
        taken = shapely.union_all([g for _, g in out]) if out else shapely.MultiPolygon()
        out.append((REST, polygonal(shapely.difference(oblast, taken))))
    return tuple(out)


def sectors_box(sectors) -> tuple[float, float, float, float]:
    """The sectors' bounds with a small margin (degrees)."""
    bounds = np.array([g.bounds for _, g in sectors if not g.is_empty])
    return (float(bounds[:, 0].min()) - 0.05, float(bounds[:, 1].min()) - 0.05,
            float(bounds[:, 2].max()) + 0.05, float(bounds[:, 3].max()) + 0.05)


_UNIONS: dict[tuple, dict[str, Any]] = {}
_RESULTS: dict[tuple, SectorChanges] = {}
_MAX_CACHED = 64


def status_unions(snap: ControlSnapshot, box: tuple[float, float, float, float]) -> dict[str, Any]:
    """{status: union of the snapshot's polygons within ``box``}: only the part the sectors can
    see is merged (a whole-Ukraine union costs seconds, the Kharkiv box a fraction of that)."""
    import shapely
    key = (snap.source_file, str(snap.time), len(snap.features), box)
    if key not in _UNIONS:
        if len(_UNIONS) >= _MAX_CACHED:
            _UNIONS.pop(next(iter(_UNIONS)))
        x0, y0, x1, y1 = box
        near = []
        for f in snap.features:
            if f.status not in STATUSES or not f.rings or not len(f.rings[0]):
                continue
            ring = f.rings[0]
            if (ring[:, 0].max() < x0 or ring[:, 0].min() > x1 or ring[:, 1].max() < y0
                    or ring[:, 1].min() > y1):
                continue
            geom = rings_to_polygon(f.rings)
            if geom is not None and not geom.is_valid:
                geom = polygonal(shapely.make_valid(geom))
            if geom is not None:
                near.append((f.status, shapely.clip_by_rect(geom, x0, y0, x1, y1)))
        _UNIONS[key] = union_by_status(near, STATUSES)
    return _UNIONS[key]


def sector_changes(series: ControlAreaSeries, since, as_of, sectors_file: str | None = None
                 ) -> SectorChanges | None:
    """The change from the snapshot shown on ``since`` to the one shown on ``as_of``; None when
    either day has no snapshot."""
    import shapely
    a = series.at(np.datetime64(since, "D"))
    b = series.at(np.datetime64(as_of, "D"))
    if a is None or b is None:
        return None
    key = (a.source_file, str(a.time), b.source_file, str(b.time), sectors_file)
    if key in _RESULTS:
        return _RESULTS[key]
    sectors = load_sectors(sectors_file)
    box = sectors_box(sectors)
    ua, ub = status_unions(a, box), status_unions(b, box)
    gained = {s: polygonal(shapely.difference(ub[s], ua[s])) for s in STATUSES}
    lost = {s: polygonal(shapely.difference(ua[s], ub[s])) for s in STATUSES}
    changes = []
    for name, sector in sectors:
        shapely.prepare(sector)
        changes.append(SectorChange(
            name,
            {s: area_km2(shapely.intersection(gained[s], sector)) for s in STATUSES},
            {s: area_km2(shapely.intersection(lost[s], sector)) for s in STATUSES}))
    result = SectorChanges(str(a.time), str(b.time), changes, gained, lost,
                           illustrative_sectors=sectors_file is None, before=ua, after=ub,
                           box=box)
    if len(_RESULTS) >= _MAX_CACHED:
        _RESULTS.pop(next(iter(_RESULTS)))
    _RESULTS[key] = result
    return result
