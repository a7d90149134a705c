"""Caveats a briefer must know about each loaded source, checked from the data itself:
DeepState maps before October 2022 are partial; Crimea's measured area as a check of the area
method; foreign 'territories' left out; which headline measure a Kiel release uses; pledge data
that ends long before the as-of date (``core.coverage``). One sentence each, naming the source's
file (never its folders)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath

import numpy as np

from .model import Briefing

# DeepState's maps became complete in autumn 2022; before that its polygons cover part of the
# front only (DeepState's own note on its archive).
DEEPSTATE_COMPLETE_FROM = np.datetime64("2022-10-01", "D")
# Crimea with Sevastopol, km² (Ukraine's State Statistics Service: 26,081 + 864).
CRIMEA_KM2 = 26_945.0
CRIMEA_TOLERANCE = 0.05


@lru_cache(maxsize=4)          # briefings hash by identity; the Crimea check measures a polygon
def source_caveats(briefing: Briefing) -> tuple[str, ...]:
    lines: list[str] = []
    for src in briefing.sources:
        name = PurePath(str(src.path).replace("\\", "/")).name
        if src.kind == "areas" and src.format.startswith("deepstate"):
            snaps = [s for s in briefing.areas.snapshots
                     if PurePath(str(s.source_file)).is_relative_to(str(src.path))
                     or str(s.source_file) == str(src.path)]
            early = [s for s in snaps
                     if s.time.astype("datetime64[D]") < DEEPSTATE_COMPLETE_FROM]
            if early:
                lines.append(f"{name}: {len(early)} of {len(snaps)} DeepState snapshots are "
                             f"from before October 2022, when its maps were partial; area "
                             f"figures from them understate control.")
            crimea = _crimea_check(snaps)
            if crimea:
                lines.append(f"{name}: {crimea}")
        if src.kind == "pledges" and src.format == "kiel-ust":
            lines.append(f"{name}: {_kiel_measure(src.columns)}")
    for p in briefing.problems:
        if p.severity == "info" and "'territories' polygons outside Ukraine" in p.message:
            lines.append(f"{PurePath(p.path).name}: {p.message}; pre-2022 Crimea and ORDLO "
                         "are kept apart from the front's figures.")
    return tuple(lines)


def _crimea_check(snaps) -> str:
    """Crimea's area in the latest snapshot that draws it, against the official figure."""
    from .areas import area_km2, rings_to_polygon, union_by_status
    for snap in reversed(snaps):
        parts = [f for f in snap.features
                 if f.status == "territories" and "crimea" in (f.name or "").lower()]
        if not parts:
            continue
        geom = union_by_status([("t", rings_to_polygon(f.rings)) for f in parts], ("t",))["t"]
        km2 = area_km2(geom)
        off = km2 / CRIMEA_KM2 - 1
        day = str(snap.time)[:10]
        if abs(off) <= CRIMEA_TOLERANCE:
            return (f"Crimea measures {km2:,.0f} km² in the {day} snapshot ({off:+.1%} against "
                    f"the official {CRIMEA_KM2:,.0f} km²): the area method checks out.")
        return (f"CHECK: Crimea measures {km2:,.0f} km² in the {day} snapshot, {off:+.1%} off "
                f"the official {CRIMEA_KM2:,.0f} km²: the snapshot or the area figures may be "
                f"wrong.")
    return ""


def _kiel_measure(columns) -> str:
    cols = {str(c).strip().lower() for c in columns}
    if "type of donation" in cols or "allocated total" in cols:
        return ("this Kiel release separates commitments from allocations (its 2024 "
                "headline measure is allocations); the figures count commitments as pledged "
                "and allocations as allocated.")
    return ("this Kiel release (before 2024) reports commitments only: every value is a "
            "commitment, counted as pledged; Kiel's later releases headline allocations.")
