"""The Sources and caveats of the pack: one entry per input (name, publisher, release or
snapshot dates, file name only, rows), the rate basis, the area method and what is illustrative."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..core.summary import Summary
from .content import file_name


@dataclass
class SourceEntry:
    """One input as the Sources and caveats page names it."""
    name: str
    publisher: str
    date: str              # release or snapshot dates, as far as the data says
    url: str
    file: str              # file or folder name, never its folders
    rows: str              # rows read / loaded / rejected
    illustrative: bool = False


# format -> (name, publisher, url)
KNOWN_SOURCES = {
    "kiel-ust": ("Ukraine Support Tracker", "Kiel Institute for the World Economy",
                 "https://www.ifw-kiel.de/topics/war-against-ukraine/ukraine-support-tracker/"),
    "deepstate": ("DeepStateMap", "DeepState (Ukraine)", "https://deepstatemap.live/"),
    "bellingcat": ("Civilian Harm in Ukraine", "Bellingcat", "https://ukraine.bellingcat.com/"),
    "acled": ("ACLED event data", "Armed Conflict Location & Event Data Project",
              "https://acleddata.com/"),
}


def _release(path: str) -> str:
    m = re.search(r"release[ _-]?(\d+)", file_name(path), re.I)
    return f"release {m.group(1)}" if m else ""


def source_entries(s: Summary) -> list[SourceEntry]:
    out = []
    b = s.briefing
    for src in s.sources:
        fmt = src["format"]
        name, publisher, url = KNOWN_SOURCES.get(fmt, (
            "Briefing workbook" if src["kind"] in ("pledges", "deliveries", "events")
            else "Control-area file", "compiled from the public sources named in each row", ""))
        date = ""
        illustrative = False
        if fmt == "kiel-ust":
            date = _release(src["path"]) or "release not stated in the file name"
        if src["kind"] == "areas" and b is not None and len(b.areas):
            snaps = [sn for sn in b.areas.snapshots
                     if file_name(sn.source_file) == file_name(src["path"])
                     or str(sn.source_file).startswith(str(src["path"]))] or b.areas.snapshots
            times = sorted(str(sn.time)[:16].replace("T", " ") for sn in snaps)
            date = (f"{len(times)} snapshots, {times[0]} to {times[-1]} UTC" if len(times) > 1
                    else f"snapshot {times[0]} UTC")
            illustrative = any(sn.illustrative for sn in snaps)
        if src["kind"] == "events" and b is not None:
            e = b.events
            mine = e["source_file"].astype(str) == str(src["path"])
            days = e["date"][mine]
            days = days[~np.isnat(days)]
            if len(days):
                date = f"events {days.min()} to {days.max()}"
            illustrative = bool(e["illustrative"][mine].any())
        if fmt.startswith("udcg") or "sample" in file_name(src["path"]).casefold():
            illustrative = illustrative or "sample" in file_name(src["path"]).casefold()
        out.append(SourceEntry(name, publisher, date, url, file_name(src["path"]),
                               f"{src['rows_read']:,} rows read, {src['rows_loaded']:,} loaded, "
                               f"{src['rows_rejected']:,} rejected", illustrative))
    return out


def caveats(s: Summary) -> list[str]:
    """The rate basis, the area method and outline, what is illustrative: one line each."""
    lines = [f"Currency: {s.fx.describe()}"]
    aoi = getattr(s, "aoi", None)
    if aoi is not None and not aoi.everything:
        lines.append(f"Area of interest: {aoi.label}, {aoi.description}. Outline: "
                     f"{aoi.method.rstrip('.')}." + (" Illustrative." if aoi.illustrative else ""))
        lines.append("Events without coordinates are kept unless their place names another "
                     "oblast; meetings and policy decisions count in every area.")
    elif aoi is not None:
        lines.append("Area of interest: everything loaded (no outline).")
    ar = s.areas
    if ar.get("snapshots"):
        lines.append("Control areas: km² on the WGS84 ellipsoid (equal-area projection), "
                     "polygons of one status merged, clipped to Kharkiv oblast as drawn by "
                     "Natural Earth 1:10m (public domain)"
                     + ("; the control areas are illustrative" if ar.get("illustrative") else "")
                     + ".")
    ill = list(dict.fromkeys(e.file for e in source_entries(s) if e.illustrative))
    if ill:
        lines.append("Illustrative: " + ", ".join(ill) + " (rows marked illustrative in the "
                     "data are reconstructions for training, not reporting).")
    lines.append("Base map: Natural Earth (public domain); places \u00a9 GeoNames, CC BY 4.0.")
    return lines + [c for c in s.caveats if c not in lines]


def rate_line(s: Summary, where: str = "slide") -> str:
    """One short line for a slide (or page); the rates themselves go to the notes and the
    Sources and caveats slide (page)."""
    basis = s.fx
    if basis.used:
        notes = "in the notes and on the Sources slide" if where == "slide" else (
            "on the Sources page")
        return (f"Values in {s.currency}; other currencies at ECB reference rates of the pledge "
                f"date (details {notes}).")
    return f"Values in {s.currency}" + (" as the source estimates them." if basis.given_rows
                                         else ".")


def sources_text(s: Summary) -> list[str]:
    """One line per source (file names only) and the caveats: speaker notes, md, xlsx."""
    lines = []
    for e in source_entries(s):
        parts = [e.name, e.publisher, e.date, e.url]
        lines.append(" | ".join(x for x in parts if x) + f" [{e.file}: {e.rows}]"
                     + (" - illustrative" if e.illustrative else ""))
    ar = s.areas
    if ar.get("snapshot_file"):
        lines.append(f"Control areas shown: snapshot {ar['snapshot_time']} "
                     f"({file_name(ar['snapshot_file'])})"
                     + (" - illustrative" if ar.get("illustrative") else ""))
    lines += caveats(s)
    return lines
