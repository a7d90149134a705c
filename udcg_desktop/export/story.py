"""The briefing's bookmarks as pages of the pack: one slide and one PDF page each, after the
summary slides, in story order (title, date, note, the map at that date and extent, and the
figures at that date with the bookmark's filters). Qt-free: the map arrives from the renderer
the caller passed in.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.briefing_file import filters_from_dict
from ..core.summary import Summary
from . import content

STORY_MAP_SIZE = (1400, 1000)
# The figures a story page shows beside its map, by KeyFigure label prefix, in this order.
_STORY_FIGURES = ("Value pledged", "Value delivered", "Occupied", "Contested", "Events")


@dataclass
class StoryPage:
    number: int
    of: int
    title: str
    date: str
    note: str
    summary: Summary
    map_png: bytes | None
    map_error: str = ""

    def figures(self) -> list[content.KeyFigure]:
        figs = content.key_figures(self.summary)
        return [f for prefix in _STORY_FIGURES for f in figs if f.label.startswith(prefix)]

    def heading(self) -> str:
        return f"{self.title}"

    def subheading(self) -> str:
        filt = self.summary.filters
        return (f"{self.date}  |  bookmark {self.number} of {self.of}"
                + (f"  |  filters: {filt.describe()}" if filt.active else ""))


def story_pages(briefing, bookmarks, make_summary, renderer, dpi: int = 200) -> list[StoryPage]:
    """One page per bookmark. ``make_summary(as_of, filters)`` computes the figures at a date
    (with the pack's currency and area of interest); ``renderer.map`` draws the map, given the
    bookmark's extent (``None`` renderer: pages without maps, saying why)."""
    pages = []
    n = len(bookmarks)
    for i, mark in enumerate(bookmarks, 1):
        filters = filters_from_dict(mark.filters, mark.title, [])
        day = np.datetime64(mark.date, "D")
        s = make_summary(day, filters)
        png, error = None, ""
        if renderer is None:
            error = "not rendered"
        else:
            try:
                png = renderer.map(briefing, day, filters, STORY_MAP_SIZE, dpi, "png",
                                   extent=mark.extent, title=mark.title)
            except Exception as exc:     # one page without its map, not a failed pack
                error = str(exc) or type(exc).__name__
        pages.append(StoryPage(i, n, mark.title, mark.date, mark.note, s, png, error))
    return pages


def story_markdown(pages: list[StoryPage]) -> str:
    """The bookmarks as a section of the text summary."""
    if not pages:
        return ""
    lines = ["", "## The story, bookmark by bookmark", ""]
    for p in pages:
        lines.append(f"### {p.number}. {p.title} ({p.date})")
        if p.note:
            lines += ["", p.note]
        lines.append("")
        lines += [f"- {f.label}: {f.text}" for f in p.figures()]
        lines.append("")
    return "\n".join(lines)
