"""The briefing as a few lines of Markdown: key figures and the events of the period.

``briefing_text(summary)`` is what "Copy briefing text" puts on the clipboard and what the
``.md`` export writes; every figure comes from the one ``Summary`` passed in.
"""
from __future__ import annotations

from ..core.describe import delivered_text, pledged_text, share_text
from ..core.summary import Summary
from . import content

MAX_EVENTS = 8


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def briefing_text(summary: Summary, max_events: int = MAX_EVENTS) -> str:
    s = summary
    cur = s.currency
    lines = [f"## {content.title(s)}: {content.period_text(s)}", ""]
    if s.filters.active:
        lines += [f"_Filters: {s.filters.describe()}_", ""]
    lines += [f"_{note}_" for note in s.stale_notes] + [""] * bool(s.stale_notes)
    lines.append(f"- **Pledged:** {pledged_text(s, cur, partial=False)} in {s.pledge_count:,} "
                 f"pledge lines from {s.donors:,} donors")
    lines.append(f"- **Delivered:** {delivered_text(s, cur)} (share of pledged: "
                 f"{share_text(s)}; {s.delivery_count:,} deliveries)")
    for name, label in (("by_donor", "Top donors"), ("by_category", "Top categories")):
        top = content.groups(s, name)[:3]
        if top:
            lines.append(f"- **{label}:** " + "; ".join(
                f"{content.label(g.key)} {pledged_text(g, cur)}" for g in top))
    if s.unvalued:
        lines.append(f"- {s.unvalued:,} pledge lines carry no value (counted, not summed)")
    ar = s.areas
    if ar.get("snapshot_time"):
        tag = " (illustrative)" if ar.get("illustrative") else ""
        lines.append(f"- **Kharkiv oblast{tag}:** occupied {content.km2(ar.get('occupied_km2'))}, "
                     f"contested {content.km2(ar.get('contested_km2'))} "
                     f"(snapshot {ar['snapshot_time'][:10]})")
    ev = s.events
    rows = content.event_rows(s)
    lines += ["", f"**Events of the period** ({ev['count']:,}"
              + (f", {ev['first']} to {ev['last']}" if ev.get("first") else "") + "):"]
    shown = rows[-max_events:]
    if len(rows) > len(shown):
        lines.append(f"- ... {len(rows) - len(shown)} earlier events not listed")
    for r in shown:
        place = f" ({_one_line(r['place'])})" if r["place"] else ""
        desc = _one_line(r["description"]) or _one_line(r["type"])
        if len(desc) > 140:
            desc = desc[:137].rstrip() + "..."
        lines.append(f"- {r['date'] or 'undated'} {r['type']}{place}: {desc}")
    if not rows:
        lines.append("- none")
    lines += ["", f"_{s.fx.describe()}_"]
    return "\n".join(lines) + "\n"
