"""What the change map shows: the front between the comparison date and the as-of date, as
classes of area with their km², the sectors, and the settlements that changed status.

Control is read as a level per point: none < contested < occupied. Between the two snapshots:

* ``occupied`` (red): occupied now, not occupied then (the "gained" occupied of the sectors);
* ``contested`` (light red): contested now, neither occupied nor contested then;
* ``regained`` (blue): the level fell (occupied then and not now, or contested then and
  neither now): regained by Ukraine or no longer claimed;
* ``unchanged`` (faded): occupied at both dates, or contested at both.

km² are inside Kharkiv oblast (as every oblast figure); the picture shows the sectors' box, so
change just outside the oblast is drawn but not counted. Geometry comes from
``core.front_sectors`` (unions cached per snapshot, results per pair), so the map costs the
change once. When DeepState and ISW-style layers are both loaded, the front uses DeepState's
snapshots alone (comparing a DeepState day with an ISW day would report the difference between
the two sources as movement) and ``core.source_disagreement`` says where they differ.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .areas import area_km2, default_regions, polygonal
from .dates import day_to_iso, day_words
from .front import SettlementChange
from .model import ControlAreaSeries

CLASSES = ("occupied", "contested", "regained", "unchanged")
CLASS_LABELS = {"occupied": "Newly occupied (Russian gain)",
                "contested": "Newly contested (Russian advance)",
                "regained": "Regained by Ukraine / no longer claimed",
                "unchanged": "Occupied or contested at both dates"}
MAX_MARKED = 12            # settlements named on the picture (largest first)
_CACHE: dict[tuple, "ChangeMap"] = {}
_MAX_CACHED = 16


class ChangeMapUnavailable(ValueError):
    """No change map for these dates; the message says why, for the briefer."""


@dataclass
class ChangeClass:
    key: str                 # one of CLASSES
    label: str
    geometry: Any            # shapely, lon/lat, within the map's box
    km2: float               # inside Kharkiv oblast


@dataclass
class ChangeMap:
    since: str               # the days asked for (ISO)
    as_of: str
    since_snapshot: str      # the snapshots shown on them (ISO UTC times)
    as_of_snapshot: str
    box: tuple[float, float, float, float]          # lon0, lat0, lon1, lat1 shown
    classes: list[ChangeClass]
    sectors: list[tuple[str, Any]]                  # (name, polygon), "Rest ..." left out
    settlements: list[SettlementChange]             # those inside the box, largest first
    source: str                                     # "DeepState" (who drew the lines)
    illustrative_sectors: bool = True
    illustrative_areas: bool = False
    disagreement: Any = None                        # core.source_disagreement result or None
    net_occupied_km2: float = 0.0                   # occupied now minus then, in the oblast
    notes: list[str] = field(default_factory=list)

    def km2(self, key: str) -> float:
        return next((c.km2 for c in self.classes if c.key == key), 0.0)

    def as_dict(self) -> dict:
        return {"since": self.since, "as_of": self.as_of,
                "since_snapshot": self.since_snapshot, "as_of_snapshot": self.as_of_snapshot,
                "classes": {c.key: round(c.km2, 1) for c in self.classes},
                "net_occupied_km2": round(self.net_occupied_km2, 1), "source": self.source}


# -- which snapshots are whose --------------------------------------------------------------------
def source_family(fmt: str) -> str:
    """"deepstate" for every DeepState form, "isw" for ISW-style layers, else the format."""
    fmt = str(fmt or "")
    return "deepstate" if fmt.startswith("deepstate") else fmt


_BY_SOURCE: dict[int, tuple] = {}   # id(briefing.areas) -> (areas, sources, groups, n sources)


def series_by_source(briefing) -> dict[str, ControlAreaSeries]:
    """{family: the snapshots read from sources of that family}; a snapshot belongs to the
    source whose path is its file or a folder holding it (unmatched ones: "other").
    Memoised per series and source list (the figures ask on every cursor step)."""
    areas, sources = briefing.areas, briefing.sources
    hit = _BY_SOURCE.get(id(areas))
    if hit is not None and hit[0] is areas and hit[1] is sources and hit[3] == len(sources):
        return hit[2]
    groups = _series_by_source(briefing)
    if len(_BY_SOURCE) >= 16:
        _BY_SOURCE.pop(next(iter(_BY_SOURCE)))
    _BY_SOURCE[id(areas)] = (areas, sources, groups, len(sources))
    return groups


def _series_by_source(briefing) -> dict[str, ControlAreaSeries]:
    import os
    owners = sorted(((str(s.path), source_family(s.format)) for s in briefing.sources
                     if s.kind == "areas"), key=lambda t: -len(t[0]))
    groups: dict[str, list] = {}
    for snap in briefing.areas.snapshots:
        f = str(snap.source_file)
        fam = next((fam for path, fam in owners
                    if f == path or f.startswith(path.rstrip(os.sep) + os.sep)), "other")
        groups.setdefault(fam, []).append(snap)
    return {fam: ControlAreaSeries(snaps) for fam, snaps in groups.items()}


_FRONT: dict[int, tuple] = {}       # id(briefing.areas) -> (areas, its front series)


def front_series(briefing) -> ControlAreaSeries:
    """The snapshots the front's figures and change are read from: DeepState's alone when
    ISW-style layers are loaded too (a change between two sources is not a movement), else all
    of them. Memoised per series (every cursor step's summary asks)."""
    areas = briefing.areas
    hit = _FRONT.get(id(areas))
    if hit is not None and hit[0] is areas:
        return hit[1]
    groups = series_by_source(briefing) if len(areas) else {}
    found = groups["deepstate"] if len(groups) > 1 and "deepstate" in groups else areas
    if len(_FRONT) >= 16:
        _FRONT.pop(next(iter(_FRONT)))
    _FRONT[id(areas)] = (areas, found)
    return found


# -- the map ---------------------------------------------------------------------------------------
def check_dates(series: ControlAreaSeries, since, as_of) -> tuple[np.datetime64, np.datetime64]:
    """The two days as datetime64[D]; ChangeMapUnavailable with a sentence when they cannot be
    compared (no snapshots, comparison after the as-of date, nothing published by then)."""
    if not len(series):
        raise ChangeMapUnavailable("no control-area snapshots are loaded")
    d1 = np.datetime64(as_of, "D") if as_of is not None else \
        series.times[-1].astype("datetime64[D]")
    d0 = np.datetime64(since, "D")
    if d0 > d1:
        raise ChangeMapUnavailable(f"the comparison date {day_to_iso(d0)} is after the as-of "
                                   f"date {day_to_iso(d1)}")
    first = series.times[0].astype("datetime64[D]")
    if series.at(d0) is None:
        raise ChangeMapUnavailable(f"no snapshot was published on or before the comparison "
                                   f"date {day_to_iso(d0)} (the first is {day_to_iso(first)})")
    if series.at(d1) is None:
        raise ChangeMapUnavailable(f"no snapshot was published on or before the as-of date "
                                   f"{day_to_iso(d1)} (the first is {day_to_iso(first)})")
    return d0, d1


def change_classes(before: dict, after: dict) -> dict[str, Any]:
    """{class: geometry} from {status: union} at the two snapshots (see the module doc)."""
    import shapely
    empty = shapely.MultiPolygon()
    occ0, occ1 = before.get("occupied", empty), after.get("occupied", empty)
    # A point in both an occupied and a contested polygon counts as occupied.
    con0 = polygonal(shapely.difference(before.get("contested", empty), occ0))
    con1 = polygonal(shapely.difference(after.get("contested", empty), occ1))
    held0 = polygonal(shapely.union(occ0, con0))
    held1 = polygonal(shapely.union(occ1, con1))
    return {
        "occupied": polygonal(shapely.difference(occ1, occ0)),
        "contested": polygonal(shapely.difference(con1, held0)),
        "regained": polygonal(shapely.union(shapely.difference(occ0, occ1),
                                            shapely.difference(con0, held1))),
        "unchanged": polygonal(shapely.union(shapely.intersection(occ0, occ1),
                                             shapely.intersection(con0, con1))),
    }


def _oblast_km2(geom, oblast) -> float:
    import shapely
    if oblast is None or geom.is_empty:
        return 0.0
    return area_km2(polygonal(shapely.intersection(geom, oblast)))


def _view_box(sectors, limit) -> tuple[float, float, float, float]:
    """The named sectors with a margin (degrees), within ``limit`` (the box the control areas
    were merged in: beyond it they would end in a straight cut)."""
    bounds = [g.bounds for _, g in sectors if not g.is_empty]
    b = np.array(bounds) if bounds else np.array([limit])
    x0, y0, x1, y1 = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    mx, my = 0.06 * (x1 - x0) + 0.05, 0.06 * (y1 - y0) + 0.05
    return (float(max(x0 - mx, limit[0])), float(max(y0 - my, limit[1])),
            float(min(x1 + mx, limit[2])), float(min(y1 + my, limit[3])))


def change_map(briefing, since, as_of=None, places=None, with_disagreement: bool = True
               ) -> ChangeMap:
    """The change map for ``since`` -> ``as_of`` (the latest snapshot's day when None).
    Raises ChangeMapUnavailable (a sentence for the briefer) when it cannot be drawn."""
    import shapely
    from .front import settlements_changed
    from .front_sectors import REST, load_sectors, sector_changes
    series = front_series(briefing)
    d0, d1 = check_dates(series, since, as_of)
    a, b = series.at(d0), series.at(d1)
    key = (a.source_file, str(a.time), b.source_file, str(b.time), day_to_iso(d0),
           day_to_iso(d1), id(places), with_disagreement, id(briefing))
    if key in _CACHE:
        return _CACHE[key]
    sc = sector_changes(series, d0, d1)
    if sc is None:          # check_dates makes this unreachable; kept as a clear message
        raise ChangeMapUnavailable("the two dates have no snapshots to compare")
    geoms = change_classes(sc.before, sc.after)
    named = [(n, g) for n, g in load_sectors() if n != REST]
    box = _view_box(named, sc.box)
    oblast = default_regions().get("kharkiv")
    if oblast is not None:
        shapely.prepare(oblast)
    classes = [ChangeClass(k, CLASS_LABELS[k], shapely.clip_by_rect(geoms[k], *box),
                           _oblast_km2(geoms[k], oblast)) for k in CLASSES]
    marked = [c for c in settlements_changed(a, b, places)
              if box[0] <= c.lon <= box[2] and box[1] <= c.lat <= box[3]]
    marked.sort(key=lambda c: -c.population)
    net = sum(c.net_km2("occupied") for c in sc.sectors)
    families = series_by_source(briefing)
    source = "DeepState" if "deepstate" in families else ", ".join(sorted(families))
    dis = None
    if with_disagreement:
        from .source_disagreement import source_disagreement
        dis = source_disagreement(briefing, d1)
    result = ChangeMap(day_to_iso(d0), day_to_iso(d1), sc.since_snapshot, sc.as_of_snapshot,
                       box, classes, named, marked[:MAX_MARKED], source,
                       illustrative_sectors=sc.illustrative_sectors,
                       illustrative_areas=bool(a.illustrative or b.illustrative),
                       disagreement=dis, net_occupied_km2=net)
    if len(_CACHE) >= _MAX_CACHED:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = result
    return result


# -- words shared by the picture, the slide and the page -----------------------------------------
def span_text(since: str, as_of: str) -> str:
    """"9-21 May 2024", "28 Apr-21 May 2024", "20 Dec 2023-21 May 2024"."""
    import datetime as dt
    a, b = dt.date.fromisoformat(since), dt.date.fromisoformat(as_of)
    if a.year != b.year:
        return f"{day_words(a)}\u2013{day_words(b)}"
    if a.month != b.month:
        return f"{day_words(a, year=False)}\u2013{day_words(b)}"
    return f"{a.day}\u2013{day_words(b)}"


def headline(cm: ChangeMap) -> str:
    """"Front change 9–21 May 2024: +141 km² occupied" (Kharkiv oblast, net)."""
    return (f"Front change {span_text(cm.since, cm.as_of)}: "
            f"{cm.net_occupied_km2:+,.0f} km\u00b2 occupied")


def legend_rows(cm: ChangeMap) -> list[tuple[str, str, str]]:
    """(class key, label, "123 km²") per class, in drawing order."""
    return [(c.key, c.label, f"{c.km2:,.0f} km\u00b2") for c in cm.classes]


def attribution(cm: ChangeMap) -> str:
    """Who drew the lines and what is illustrative (every picture and page says it)."""
    parts = [f"Control areas: {cm.source} (snapshots {cm.since_snapshot[:16]} and "
             f"{cm.as_of_snapshot[:16]} UTC)"]
    if cm.illustrative_areas:
        parts.append("control areas illustrative")
    if cm.illustrative_sectors:
        parts.append("sectors are illustrative")
    parts.append("km\u00b2 inside Kharkiv oblast")
    return "; ".join(parts) + "."
