"""Exporters are plain functions registered by format, the way ``io`` registers its readers.

Each exporter module registers itself with ``@exporter(...)``. Every exporter is called the same
way: ``write(summary, path, ctx)`` writes ONE file at ``path`` (a temporary path that
``export.pack`` moves into place atomically) from the ``Summary`` and the ``ExportContext``,
which holds what the pack gathered once for all formats (images, title page, story, changes).
A format that writes one file per image (png, svg) names its ``parts``; it is then called once
per part, with ``ctx.part`` saying which.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from typing import Callable


class NotWritten(Exception):
    """The file cannot be made (e.g. its image was not drawn); the message is the whole reason."""


@dataclass(frozen=True)
class ExportContext:
    images: dict = field(default_factory=dict)     # {(image, "png"|"svg"): bytes}
    errors: dict = field(default_factory=dict)     # {image: why it could not be drawn}
    info: object = None                            # content.PackInfo: title page and marking
    story: list = field(default_factory=list)      # export.story.StoryPage, one per bookmark
    changes: object = None                         # core.release_changes.ReleaseChanges
    part: str = ""                                 # the image a per-image format is writing

    def png(self, *names) -> dict:
        """{name: PNG bytes or None}: the pictures a deck or PDF places."""
        return {n: self.images.get((n, "png")) for n in names}

    def for_part(self, part: str) -> "ExportContext":
        return replace(self, part=part)


@dataclass(frozen=True)
class Exporter:
    format: str                                    # file extension: "xlsx", "png", ...
    label: str                                     # what the export dialog shows
    write: Callable                                # write(summary, path, ctx) -> None
    order: int = 50                                # pack order (dialog, --formats default)
    parts: tuple[str, ...] = ()                    # one file NAME_PART.FORMAT per part


_EXPORTERS: dict[str, Exporter] = {}
# Modules whose import registers exporters: light (their writers import lazily).
_EXPORTER_MODULES = (
    "udcg_desktop.export.xlsx",
    "udcg_desktop.export.pptx",
    "udcg_desktop.export.pdf",
    "udcg_desktop.export.images",
    "udcg_desktop.export.text",
)
_loaded = False


def exporter(format: str, label: str, order: int = 50, parts: tuple[str, ...] = ()):
    def wrap(fn):
        _EXPORTERS[format] = Exporter(format, label, fn, order, tuple(parts))
        return fn
    return wrap


def exporters() -> list[Exporter]:
    """Every registered exporter, in pack order."""
    global _loaded
    if not _loaded:
        for name in _EXPORTER_MODULES:
            importlib.import_module(name)
        _loaded = True
    return sorted(_EXPORTERS.values(), key=lambda e: e.order)


def get(format: str) -> Exporter:
    return {e.format: e for e in exporters()}[format]
