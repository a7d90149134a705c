"""What every control-area reader shares: parsing through the cache, the region outlines that
clip the areas, and one ``BriefingPart`` with its source line and notes at the end.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...core.model import BriefingPart, Problem, SourceInfo
from .. import cache
from ..files import parse_json, read_bytes

READER_VERSION = "geo-6"   # bump when parsing or counting changes: it keys the cache


@dataclass
class Parsed:
    snapshots: list
    problems: list
    counts: dict


def calculator(regions):
    """The memoising area calculator of a region set (one per set, reused across files)."""
    from ...core.areas import AreaCalculator
    calc = getattr(regions, "_calculator", None)
    if calc is None:
        calc = regions._calculator = AreaCalculator(regions)
    return calc


def _summary_notes(path: Path, counts_list: list[dict]) -> list[Problem]:
    """One note per source (file or folder) for the markers and foreign 'territories' left
    out, instead of one per snapshot file."""
    ignored: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for c in counts_list:
        for k, n in (c.get("ignored") or {}).items():
            ignored[k] = ignored.get(k, 0) + int(n)
        for k in c.get("dropped_territories") or []:
            dropped[k] = dropped.get(k, 0) + 1
    files = len(counts_list)
    per = f" over {files} snapshots" if files > 1 else ""
    out = []
    if ignored:
        total = sum(ignored.values())
        text = ", ".join(f"{n} {k}" for k, n in sorted(ignored.items()))
        out.append(Problem(str(path), None, None, None, total, "info",
                           f"{total} markers not used{per} (units, airfields and other points "
                           f"that are not areas or attack directions: {text})"))
    if dropped:
        total = sum(dropped.values())
        out.append(Problem(str(path), None, None, None, total, "info",
                           f"{total} 'territories' polygons outside Ukraine left out{per} "
                           f"({', '.join(sorted(dropped))}): not this front, not drawn"))
    return out


def cached_parse(path: Path, fmt: str, parse, regions) -> Parsed:
    """Parse via the cache: content hash + reader version + region outlines."""
    from ...core.areas import AREA_METHOD
    data = read_bytes(path)
    key = cache.content_key(data, fmt, READER_VERSION, AREA_METHOD,
                            region_set(regions).fingerprint, path.name)
    hit = cache.load(fmt, key, str(path))
    if hit is not None:
        snaps, problems, counts = hit
        counts["cached"] = True
        return Parsed(snaps, problems, counts)
    obj = parse_json(path, data)
    parsed = parse(path, obj, regions)
    cache.store(fmt, key, parsed.snapshots, parsed.problems, parsed.counts)
    parsed.counts["cached"] = False
    return parsed


_REGIONSET = None


def region_set(regions=None):
    """The prepared Ukraine / Kharkiv outlines (built once per process unless given)."""
    from ...core.areas import RegionSet
    global _REGIONSET
    if isinstance(regions, RegionSet):
        return regions
    if regions is not None:
        return RegionSet(regions)
    if _REGIONSET is None:
        _REGIONSET = RegionSet()
    return _REGIONSET


def _region_notes(regions) -> list[str]:
    return region_set(regions).notes()


def _source(path: Path, fmt: str, counts_list: list[dict], snapshots: list, detail: str
            ) -> SourceInfo:
    read = sum(c["read"] for c in counts_list)
    loaded = sum(c["loaded"] for c in counts_list)
    rejected = sum(c["rejected"] for c in counts_list)
    return SourceInfo(str(path), "areas", fmt, read, loaded, rejected, detail)


def _describe(fmt_label: str, snapshots: list, counts_list: list[dict]) -> str:
    areas = sum(c.get("areas", 0) for c in counts_list)
    points = sum(c.get("points", 0) for c in counts_list)
    terr = sum(c.get("territories", 0) for c in counts_list)
    cached = sum(1 for c in counts_list if c.get("cached"))
    text = f"{fmt_label}: {len(snapshots)} snapshot(s)"
    if snapshots:
        times = sorted(s.time for s in snapshots)
        text += f" {str(times[0])[:16]}Z to {str(times[-1])[:16]}Z" if len(times) > 1 else \
            f" {str(times[0])[:16]}Z"
    text += f"; {areas} area polygons, {points} attack directions"
    if terr:
        text += f", {terr} pre-2022 'territories' polygons in Ukraine (not counted in areas)"
    if cached:
        text += f"; {cached} from cache"
    if any(s.illustrative for s in snapshots):
        text += "; ILLUSTRATIVE data"
    return text


def finish_part(path: Path, fmt: str, label: str, parsed_list: list[Parsed], extra_problems,
            regions=None) -> BriefingPart:
    snapshots = [s for pr in parsed_list for s in pr.snapshots]
    counts = [pr.counts for pr in parsed_list]
    problems = list(extra_problems) + [q for pr in parsed_list for q in pr.problems]
    problems += _summary_notes(path, counts)
    for note in _region_notes(regions):
        problems.append(Problem(str(path), None, None, None, None, "info", note))
    src = _source(path, fmt, counts, snapshots, _describe(label, snapshots, counts))
    return BriefingPart(snapshots=snapshots, sources=[src], problems=problems)
