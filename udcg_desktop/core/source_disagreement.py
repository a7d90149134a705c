"""Where DeepState and ISW-style layers disagree on the as-of date: area one source marks
occupied and the other does not, each way, in km² per sector and in Kharkiv oblast.

The two publish on different days, so each side is the snapshot it had published by the as-of
date, and both snapshot dates are reported: a gap of days is part of the disagreement. Unions
come from ``core.front_sectors.status_unions`` (cached per snapshot, clipped to the sectors'
box); results are cached per pair of snapshots.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .areas import area_km2, polygonal
from .dates import day_to_iso

STATUS = "occupied"


@dataclass
class SectorDisagreement:
    name: str
    deepstate_only_km2: float
    isw_only_km2: float

    def as_dict(self) -> dict:
        return {"sector": self.name, "deepstate_only_km2": round(self.deepstate_only_km2, 1),
                "isw_only_km2": round(self.isw_only_km2, 1)}


@dataclass
class SourceDisagreement:
    as_of: str                       # the day asked for
    deepstate_snapshot: str          # ISO UTC times of the snapshots compared
    isw_snapshot: str
    deepstate_only: Any              # shapely, within the sectors' box
    isw_only: Any
    sectors: list[SectorDisagreement]
    deepstate_only_km2: float        # inside Kharkiv oblast
    isw_only_km2: float
    status: str = STATUS

    @property
    def days_apart(self) -> int:
        a = np.datetime64(self.deepstate_snapshot[:10], "D")
        b = np.datetime64(self.isw_snapshot[:10], "D")
        return int(abs((a - b).astype(int)))

    def as_dict(self) -> dict:
        return {"as_of": self.as_of, "status": self.status,
                "deepstate_snapshot": self.deepstate_snapshot,
                "isw_snapshot": self.isw_snapshot, "days_apart": self.days_apart,
                "area": "Kharkiv oblast",
                "deepstate_only_km2": round(self.deepstate_only_km2, 1),
                "isw_only_km2": round(self.isw_only_km2, 1),
                "sectors": [s.as_dict() for s in self.sectors]}


_RESULTS: dict[tuple, SourceDisagreement] = {}
_MAX_CACHED = 32


def disagreement_text(d: SourceDisagreement | None) -> str:
    """"DeepState and ISW disagree (Kharkiv oblast, occupied): 12 km² only DeepState ..."."""
    if d is None:
        return ""
    apart = f", {d.days_apart} days apart" if d.days_apart else ", same day"
    return (f"DeepState and ISW disagree (Kharkiv oblast, {d.status}): "
            f"{d.deepstate_only_km2:,.0f} km\u00b2 only DeepState marks {d.status}, "
            f"{d.isw_only_km2:,.0f} km\u00b2 only ISW does (snapshots "
            f"{d.deepstate_snapshot[:10]} and {d.isw_snapshot[:10]}{apart}).")


def source_disagreement(briefing, as_of=None) -> SourceDisagreement | None:
    """None unless both DeepState and ISW-style snapshots are loaded and each has one published
    on or before ``as_of`` (default: the later of their last days)."""
    import shapely
    from .change_map import series_by_source
    from .front_sectors import load_sectors, sectors_box, status_unions
    groups = series_by_source(briefing)
    ds, isw = groups.get("deepstate"), groups.get("isw")
    if ds is None or isw is None or not len(ds) or not len(isw):
        return None
    day = (np.datetime64(as_of, "D") if as_of is not None
           else max(ds.times[-1], isw.times[-1]).astype("datetime64[D]"))
    a, b = ds.at(day), isw.at(day)
    if a is None or b is None:
        return None
    key = (a.source_file, str(a.time), b.source_file, str(b.time), day_to_iso(day))
    if key in _RESULTS:
        return _RESULTS[key]
    sectors = load_sectors()
    box = sectors_box(sectors)
    ua, ub = status_unions(a, box)[STATUS], status_unions(b, box)[STATUS]
    ds_only = polygonal(shapely.difference(ua, ub))
    isw_only = polygonal(shapely.difference(ub, ua))
    rows = [SectorDisagreement(name, area_km2(shapely.intersection(ds_only, g)),
                               area_km2(shapely.intersection(isw_only, g)))
            for name, g in sectors]
    # The sectors tile the oblast (the last is the rest of it): their sum is the oblast's.
    result = SourceDisagreement(day_to_iso(day), str(a.time), str(b.time), ds_only, isw_only,
                                rows, sum(r.deepstate_only_km2 for r in rows),
                                sum(r.isw_only_km2 for r in rows))
    if len(_RESULTS) >= _MAX_CACHED:
        _RESULTS.pop(next(iter(_RESULTS)))
    _RESULTS[key] = result
    return result
