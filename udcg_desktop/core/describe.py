"""Figures as words: money and summary text for the CLI, the window and the text export."""
from __future__ import annotations

from .summary import Summary

_SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£"}


def money(value: float | None, currency: str, digits: int = 1) -> str:
    """``€1.2bn``, ``$400.0m``, ``€12,500``; "n/a" for no value."""
    if value is None:
        return "n/a"
    sym = _SYMBOL.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e9:
        return f"{sign}{sym}{v / 1e9:.{digits}f}bn"
    if v >= 1e6:
        return f"{sign}{sym}{v / 1e6:.{digits}f}m"
    return f"{sign}{sym}{v:,.0f}"


def percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def summary_text(s: Summary, top: int = 10) -> str:
    """A plain-text summary, as ``udcg-desktop summary`` prints it."""
    cur = s.currency
    as_of = str(s.as_of) if s.as_of is not None else "all dates"
    lines = [f"UDCG briefing summary as of {as_of} (values in {cur})"]
    if s.filters.active:
        lines.append(f"Filters: {s.filters.describe()}")
    lines.append("")
    lines.append("Sources:")
    for src in s.sources:
        lines.append(f"  {src['path']}  [{src['kind']}, {src['format']}]  rows read "
                     f"{src['rows_read']}, loaded {src['rows_loaded']}, rejected "
                     f"{src['rows_rejected']}")
    lines += ["", "Pledges:",
              f"  {s.pledge_count} pledge lines from {s.donors} donors",
              f"  pledged   {money(s.value_pledged, cur)}",
              f"  delivered {money(s.value_delivered, cur)} "
              f"({percent(s.share_delivered)} of pledged)"]
    if s.unvalued:
        lines.append(f"  {s.unvalued} lines carry no value (counted, not summed)")
    lines.append(f"  Basis: {s.fx.describe()}")
    for title, name in (("By aid type", "by_aid_type"), ("Top donors", "by_donor"),
                        ("By category", "by_category"), ("By coalition", "by_coalition"),
                        ("By status", "by_status")):
        groups = [g for g in s.groups[name] if g.count or g.value_delivered]
        if not groups:
            continue
        lines.append(f"  {title}:")
        for g in groups[:top]:
            lines.append(f"    {g.key or '(none)':<36} {g.count:>6}  {money(g.value_pledged, cur):>10}"
                         f"  delivered {money(g.value_delivered, cur)}")
        if len(groups) > top:
            lines.append(f"    ... and {len(groups) - top} more")
    ev = s.events
    lines += ["", f"Events: {ev['count']}"
              + (f" in the {ev['area_label']}" if ev.get("area") not in (None, "all") else "")
              + (f" from {ev['first']} to {ev['last']}" if ev["first"] else "")
              + (f" ({ev['count_loaded']} loaded in the period)"
                 if ev.get("count_loaded", ev["count"]) != ev["count"] else "")]
    for name, count in sorted(ev["by_type"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<20} {count}")
    ar = s.areas
    if ar["snapshots"]:
        lines += ["", f"Control areas: {ar['snapshots']} snapshots"
                  + (" (illustrative)" if ar.get("illustrative") else "")]
        if ar["snapshot_time"]:
            lines.append(f"  shown: {ar['snapshot_time']} ({ar['snapshot_file']})")
            lines.append(f"  Kharkiv oblast: occupied {_km2(ar['occupied_km2'])}, contested "
                         f"{_km2(ar['contested_km2'])}")
        elif ar.get("note"):
            lines.append(f"  {ar['note']}")
    errors = [p for p in s.problems if p["severity"] == "error"]
    warnings = [p for p in s.problems if p["severity"] == "warning"]
    lines += ["", f"Problems: {len(errors)} errors, {len(warnings)} warnings, "
                  f"{len(s.problems) - len(errors) - len(warnings)} notes"
                  + (" (run 'udcg-desktop validate' for the list)" if s.problems else "")]
    return "\n".join(lines)


def _km2(v: float | None) -> str:
    return "n/a" if v is None else f"{v:,.1f} km²"
