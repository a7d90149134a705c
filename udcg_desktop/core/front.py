"""The front's change between two dates: area deltas and the settlements that changed status.

``front_change(series, since, as_of)`` compares the snapshot shown on ``since`` with the one
shown on ``as_of``: occupied and contested km2 in Kharkiv oblast (clipped to its outline) and in
Ukraine (DeepState's published polygons, unclipped), signed, with both snapshot times; and the
base map's settlements whose status (occupied, contested, liberated or none) differs between the
two, largest first. Settlement statuses are point-in-polygon tests on each snapshot's features,
memoised per snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .areas import OUTLINES

STATUS_ORDER = ("occupied", "contested", "liberated")    # a point in two: the first wins
MAX_LISTED = 40                                          # settlements listed in outputs


@dataclass(frozen=True)
class SettlementChange:
    name: str
    oblast: str
    before: str          # "occupied" | "contested" | "liberated" | "" (no polygon)
    after: str
    population: int
    lon: float = float("nan")    # where it is (the change map marks it)
    lat: float = float("nan")

    def as_dict(self) -> dict:
        return {"name": self.name, "oblast": self.oblast, "before": self.before or None,
                "after": self.after or None, "population": self.population,
                "lon": round(self.lon, 5), "lat": round(self.lat, 5)}


@dataclass
class FrontChange:
    since: str                  # the comparison date asked for
    before_time: str            # the snapshot shown on that date (UTC, ISO)
    after_time: str             # the snapshot shown on the as-of date
    kharkiv: dict[str, float | None]       # {"occupied_km2": d, "contested_km2": d, ...}
    ukraine: dict[str, float | None]
    settlements: list[SettlementChange] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"date": self.since, "snapshot_time": self.before_time,
                "snapshot_time_now": self.after_time, **self.kharkiv,
                "kharkiv": dict(self.kharkiv), "ukraine": dict(self.ukraine),
                "outlines": dict(OUTLINES),
                "settlements": [c.as_dict() for c in self.settlements]}


def _delta(after: dict, before: dict, region: str) -> dict[str, float | None]:
    out = {}
    for status in STATUS_ORDER:
        a = after.get(status, {}).get(region)
        b = before.get(status, {}).get(region)
        out[f"{status}_km2"] = None if a is None or b is None else float(a) - float(b)
    return out


def _time(snap) -> str:
    return str(snap.time) + "Z"


def front_change(series, since, as_of=None, places=None) -> FrontChange | None:
    """None when either date has no snapshot on or before it."""
    if not len(series):
        return None
    before = series.at(np.datetime64(since, "D"))
    after = series.at(np.datetime64(as_of, "D")) if as_of is not None else series.snapshots[-1]
    if before is None or after is None:
        return None
    change = FrontChange(str(np.datetime64(since, "D")), _time(before), _time(after),
                         _delta(after.areas_km2, before.areas_km2, "kharkiv"),
                         _delta(after.areas_km2, before.areas_km2, "all"))
    if before is not after:
        change.settlements = settlements_changed(before, after, places)
    return change


def _default_places():
    try:
        from .basemap import load_basemap
        return load_basemap().places
    except Exception:       # no base map: no settlement list (the areas still compare)
        return None


_STATUS: dict[tuple[int, int], tuple] = {}      # (id snapshot, id places) -> (snap, places, arr)


def settlement_status(snapshot, places) -> np.ndarray:
    """Each settlement's status in ``snapshot`` ("" where no polygon holds it); memoised."""
    key = (id(snapshot), id(places))
    hit = _STATUS.get(key)
    if hit is not None and hit[0] is snapshot and hit[1] is places:
        return hit[2]
    import shapely
    from .areas import rings_to_polygon
    out = np.full(len(places.lon), "", dtype=object)
    points = _points_tree(places)
    for status in reversed(STATUS_ORDER):          # later writes win: occupied last
        polys = [rings_to_polygon(f.rings) for f in snapshot.features if f.status == status]
        polys = [p if p.is_valid else shapely.make_valid(p) for p in polys]
        if not polys:
            continue
        # Each polygon looks up the settlements in its box in a tree of them kept per place
        # list (the other way round, every settlement searched a tree of the polygons: ~1 ms
        # for each new snapshot, which window mode meets on every step).
        inside = points.query(polys, predicate="contains")[1]
        out[np.unique(inside)] = status
    if len(_STATUS) >= 64:
        _STATUS.pop(next(iter(_STATUS)))
    _STATUS[key] = (snapshot, places, out)
    return out


_POINTS: dict[int, tuple] = {}      # id(places) -> (places, a search tree of their points)


def _points_tree(places):
    hit = _POINTS.get(id(places))
    if hit is None or hit[0] is not places:
        import shapely
        _POINTS.clear()
        tree = shapely.STRtree(shapely.points(places.lon, places.lat))
        hit = _POINTS[id(places)] = (places, tree)
    return hit[1]


_CHANGED: dict[tuple, tuple] = {}    # (id before, id after, id places) -> (..., the changes)


def settlements_changed(before, after, places=None) -> list[SettlementChange]:
    """Base-map settlements in Ukraine (not city districts) whose status differs between two
    snapshots, largest population first. Memoised per pair (window mode asks every step)."""
    places = places if places is not None else _default_places()
    if places is None:
        return []
    key = (id(before), id(after), id(places))
    hit = _CHANGED.get(key)
    if hit is not None and hit[0] is before and hit[1] is after and hit[2] is places:
        return list(hit[3])
    s0 = settlement_status(before, places)
    s1 = settlement_status(after, places)
    keep = (s0 != s1) & (places.country == "UA") & (places.part_of < 0)
    names = places.admin1_names
    changes = [SettlementChange(str(places.name[i]), str(names.get(places.admin1[i], "")),
                                s0[i], s1[i], int(places.population[i]),
                                float(places.lon[i]), float(places.lat[i]))
               for i in np.flatnonzero(keep)]
    if len(_CHANGED) >= 256:
        _CHANGED.pop(next(iter(_CHANGED)))
    _CHANGED[key] = (before, after, places, tuple(changes))
    return changes
