"""The briefing as a few lines of Markdown: key figures and the events of the period.

``briefing_text(summary)`` is what "Copy briefing text" puts on the clipboard and what the
``.md`` export writes; every figure comes from the one ``Summary`` passed in.
"""
from __future__ import annotations

from ..core.describe import delivered_text, pledged_text, share_text
from ..core.summary import Summary
from . import content
from .key_events import key_events
from .sources import sources_text
from .registry import exporter

MAX_EVENTS = 8


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def briefing_text(summary: Summary, max_events: int = MAX_EVENTS,
                  info: content.PackInfo | None = None, with_sources: bool = False,
                  extra: str = "") -> str:
    """``info``: title, marking (first and last line when set) and author; ``with_sources``:
    end with the sources and caveats (the .md export); ``extra``: further sections (the
    bookmarks, the changes since the last release), before the sources."""
    s = summary
    cur = s.currency
    mark = content.marking(info)
    lines = [f"**{mark}**", ""] if mark else []
    lines += [f"## {content.title(s, info)}: {content.period_text(s)}", ""]
    if info is not None:         # as on the deck's and the PDF's title page: today by default
        lines += [f"_{info.prepared_line()}_", ""]
    lines += [f"_{content.area_sentence(s)}_", ""]
    if s.filters.active:
        lines += [f"_Filters: {s.filters.describe()}_", ""]
    lines += [f"_{note}_" for note in s.stale_notes] + [""] * bool(s.stale_notes)
    lines.append(f"- **Pledged:** {pledged_text(s, cur, partial=False)} in {s.pledge_count:,} "
                 f"pledge lines from {s.donors:,} donors")
    if s.delivery_count or s.value_delivered:
        lines.append(f"- **Delivered:** {delivered_text(s, cur)} (share of pledged: "
                     f"{share_text(s)}; {s.delivery_count:,} deliveries)")
    else:
        lines.append(f"- **Delivered:** {delivered_text(s, cur)}")
    for name, label in (("by_donor", "Top donors"), ("by_category", "Top categories")):
        top = content.groups(s, name)[:3]
        if top:
            lines.append(f"- **{label}:** " + "; ".join(
                f"{content.label(g.key)} {pledged_text(g, cur)}" for g in top))
    if s.unvalued:
        lines.append(f"- {s.unvalued:,} pledge lines carry no value (counted, not summed)")
    if s.areas.get("snapshots"):
        lines += [f"- **Front:** {t}" if k == 0 else f"- {t}"
                  for k, t in enumerate(content.front_lines(s))]
    ev = s.events
    events = key_events(s, limit=max_events)
    lines += ["", f"**Key events** ({ev['count']:,} events"
              + (f", {ev['first']} to {ev['last']}" if ev.get("first") else "")
              + f", {content.area_label(s) or 'everything loaded'}; the most significant):"]
    for k in events:
        place = f" ({_one_line(k.place)})" if k.place else ""
        lines.append(f"- {k.date or 'undated'} {k.kind}{place}: {content.shorten(k.text, 160)}")
    if not events:
        lines.append("- none")
    lines += ["", f"_{s.fx.describe()}_"]
    if extra:
        lines.append(extra.rstrip("\n"))
    if with_sources:
        lines += ["", "Sources and caveats:"] + [f"- {line}" for line in sources_text(s)]
    if mark:
        lines += ["", f"**{mark}**"]
    return "\n".join(lines) + "\n"


@exporter("md", "Text summary (.md)", order=60)
def export_markdown(summary: Summary, path, ctx) -> None:
    """The ``.md`` of the pack: the text with the changes, the story and the sources."""
    from ..core.atomic import write_synced
    from .changes import markdown as changes_markdown
    from .story import story_markdown
    text = briefing_text(summary, info=ctx.info or content.PackInfo(), with_sources=True,
                         extra=changes_markdown(ctx.changes) + story_markdown(ctx.story))
    write_synced(path, text.encode("utf-8"))
