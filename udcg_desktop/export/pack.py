"""The briefing pack: every format from ONE ``Summary``, each written atomically.

``export_pack`` is what the Export dialog and ``udcg-desktop export`` call. It computes the
summary once, asks the renderer its caller passes in (``gui/render.py``'s; export never imports
gui) for the chart, map and timeline images, and writes each format in turn with the exporter
registered for it (``export.registry``: one calling convention). A failed format does not stop
the others: the ``ExportResult`` lists what was written and what failed, and why. Existing files
are replaced only with ``force`` (the CLI's ``--force``, the dialog's confirmation), and no output
may be one of the briefing's input files.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable

from ..core.atomic import clean_scratch
from .images import IMAGES
from .registry import ExportContext, NotWritten, exporters

FORMATS = tuple(e.format for e in exporters())
FORMAT_LABELS = {e.format: e.label for e in exporters()}
CHANGE_MAP = "change_map"      # the front's change: only with a comparison date (and areas)
CHANGE_MAP_BODY = "change_map_body"   # the same without its title, under a slide's or page's
CHANGE_MAP_BODY_SIZE = (1600, 800)
CHART_SIZE = (1600, 1000)
MAP_SIZE = (1600, 1000)
TIMELINE_SIZE = (1600, 600)
DPI = 200


@dataclass(frozen=True)
class ExportOptions:
    """What the briefer chose for one export (the command line's or the dialog's choices):
    ``export_pack(briefing, renderer=..., **options.kwargs())``."""
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    name: str | None = None
    force: bool = False
    as_of: object = None
    since: object = None
    areas_since: object = None
    currency: str = "EUR"
    aoi: object = None
    info: object = None                 # content.PackInfo
    bookmarks: tuple = ()
    release_changes: object = None

    def kwargs(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class ExportResult:
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)    # (what, why)
    existing: list[Path] = field(default_factory=list)               # refused: exist, no force
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def report(self) -> str:
        lines = [f"wrote {p}" for p in self.written]
        lines += [f"FAILED {what}: {why}" for what, why in self.failures]
        return "\n".join(lines)


def default_name(as_of=None) -> str:
    import numpy as np
    day = "all-dates" if as_of is None else str(np.datetime64(as_of, "D"))
    return f"udcg_briefing_{day}"


def normalise_formats(formats) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f for f in formats.replace(" ", "").split(",") if f]
    known = [e.format for e in exporters()]
    out = []
    for f in formats:
        f = f.lower().lstrip(".")
        if f not in known:
            raise ValueError(f"unknown format {f!r} (choose from {', '.join(known)})")
        if f not in out:
            out.append(f)
    return tuple(out)


def planned_files(out_dir, name: str, formats, change_map: bool = False) -> dict[str, Path]:
    """{label: path} of every file an export with these formats writes; ``change_map``: a
    comparison date is set, so the change map's images are written too."""
    out_dir = Path(out_dir)
    formats = normalise_formats(formats)
    files: dict[str, Path] = {}
    for e in exporters():
        if e.format in formats:
            for part in _parts(e, change_map):
                files[_label(e.format, part)] = out_dir / (
                    f"{name}_{part}.{e.format}" if part else f"{name}.{e.format}")
    return files


def _parts(e, change_map: bool = True) -> tuple[str, ...]:
    """The files one exporter writes: its parts ("" for one file), and the change map's image
    beside the map's when a comparison date is set."""
    extra = (CHANGE_MAP,) if change_map and e.parts == IMAGES else ()
    return (e.parts + extra) or ("",)


def change_map_wanted(briefing, areas_since=None, summary=None) -> bool:
    """Whether the pack has a change map: control areas are loaded and a comparison date is
    given (on the command line, or in the summary the dialog computed)."""
    asked = areas_since if areas_since is not None else (
        (summary.areas or {}).get("compared_with") if summary is not None else None)
    return asked is not None and len(getattr(briefing, "areas", ())) > 0


def _label(fmt: str, part: str) -> str:
    """The key of one file in ``planned_files``: "xlsx", or "map.png" for a per-image one."""
    return f"{part}.{fmt}" if part else fmt


def existing_files(out_dir, name: str, formats) -> list[Path]:
    return [p for p in planned_files(out_dir, name, formats).values() if p.exists()]


def input_paths(briefing) -> set[Path]:
    paths = set()
    for src in getattr(briefing, "sources", []):
        try:
            paths.add(Path(src.path).resolve())
        except (OSError, TypeError):
            pass
    return paths


def _same_file(a: Path, inputs: set[Path]) -> bool:
    try:
        ra = a.resolve()
    except OSError:
        return False
    if ra in inputs:
        return True
    if a.exists():
        for p in inputs:
            try:
                if p.exists() and os.path.samefile(a, p):
                    return True
            except OSError:
                pass
    return False


NO_RENDERER = ("no image renderer was given (the caller passes one, e.g. the desktop's "
               "gui.render.QtRenderer)")


class _NoRenderer:
    """Stands in when the caller gave no renderer: each image fails with ``reason``."""

    class unavailable(RuntimeError):
        pass

    def __init__(self, reason):
        self.reason = reason

    def charts(self, *a, **k):
        raise self.unavailable(self.reason)

    map = timeline = change_map = charts


def _given(renderer):
    """The caller's renderer, or one whose every image fails saying none was given."""
    return _NoRenderer(NO_RENDERER) if renderer is None else renderer


def export_pack(briefing, out_dir, as_of=None, filters=None, currency: str = "EUR",
                formats=FORMATS, name: str | None = None, force: bool = False, since=None,
                progress: Callable | None = None, areas_since=None, fx=None, renderer=None,
                summary=None, images: dict | None = None,
                image_errors: dict | None = None, aoi=None, info=None,
                bookmarks=(), story_pages=None, release_changes=None) -> ExportResult:
    """Write the pack to ``out_dir``; returns what was written and what failed.

    ``progress(done, total, label)`` is called between steps. ``summary``: a Summary already
    computed for these inputs (the dialog's); otherwise one is computed here. ``images``:
    {(image, fmt): bytes} already rendered (the dialog renders on the UI thread); missing ones
    are asked of ``renderer`` (the caller's, e.g. gui/render.py's ``QtRenderer``; export never
    imports gui: with none given, those images fail and say so). ``aoi``: the area of
    interest (``core.aoi``; default the Kharkiv axis) when the summary is computed here.
    ``info``: title, subtitle, classification marking and author (``content.PackInfo``).
    ``bookmarks``: the briefing's story (``core.bookmarks.Bookmark``), one slide, PDF page and
    text section each; ``story_pages``: those pages already made (the dialog renders them on the
    UI thread). ``release_changes``: ``core.release_changes.ReleaseChanges`` against the
    previous release, for a "Changes since the last release" slide, sheet and section."""
    from ..core.summary import summary as make_summary
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    formats = normalise_formats(formats)
    name = _plain_name(name) or default_name(as_of)
    clean_scratch()             # what an export killed mid-way left in the scratch folder
    result = ExportResult(out_dir)
    files = planned_files(out_dir, name, formats,
                          change_map_wanted(briefing, areas_since, summary))

    # Never write into an input; never replace without force.
    inputs = input_paths(briefing)
    for label, path in list(files.items()):
        if _same_file(path, inputs):
            result.failures.append((str(path), "is one of the input files; not overwritten"))
            del files[label]
    existing = [p for p in files.values() if p.exists()]
    if existing and not force:
        result.existing = existing
        for p in existing:
            result.failures.append((str(p), "already exists (use --force, or confirm, to "
                                            "replace it)"))
        result.seconds = time.perf_counter() - t0
        return result
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        result.failures.append((str(out_dir), f"cannot create the folder: {exc}"))
        return result
    _remove_stale_temps(files.values())

    s = summary if summary is not None else make_summary(
        briefing, as_of, filters, currency, since=since, fx=fx, areas_since=areas_since,
        aoi=aoi)
    map_day = s.as_of if s.as_of is not None else briefing.date_range[1]
    images = dict(images or {})
    errors: dict[str, str] = dict(image_errors or {})
    need_png, need_svg = images_needed(files)
    chosen = [e for e in exporters() if any(_label(e.format, part) in files
                                            for part in _parts(e))]
    wants_story = bool(bookmarks and story_pages is None and files.keys() & {"pptx", "pdf", "md"})
    total = bool(need_png or need_svg) + wants_story + len(chosen) + 1
    done = 0

    def tick(label):
        nonlocal done
        done += 1
        if progress:
            progress(done, total, label)

    if progress:
        progress(0, total, "starting")
    if need_png or need_svg:
        _render_images(_given(renderer), s, briefing, map_day, filters, need_png, need_svg,
                       images, errors)
        tick("images rendered")

    story = story_pages
    if wants_story:
        from .story import story_pages as make_pages
        maps = None                      # the text summary needs no maps
        if files.keys() & {"pptx", "pdf"}:
            maps = _given(renderer)
        story = make_pages(briefing, list(bookmarks), lambda day, f: make_summary(
            briefing, day, f, currency, fx=fx, aoi=aoi), maps)
        tick("bookmarks drawn")

    from ..core.atomic import write_atomic
    ctx = ExportContext(images=images, errors=errors, info=info, story=story or [],
                        changes=release_changes)
    for e in chosen:
        for part in _parts(e):
            path = files.get(_label(e.format, part))
            if path is None:
                continue
            try:
                write_atomic(path, lambda tmp: e.write(s, tmp, ctx.for_part(part)))
                result.written.append(path)
            except NotWritten as exc:
                result.failures.append((str(path), str(exc)))
            except Exception as exc:   # one format failing must not stop the others
                result.failures.append((str(path), f"{type(exc).__name__}: {exc}"))
        tick(f"{e.label} written")
    # A map or timeline the deck/PDF wanted but could not get (and no file of it was asked).
    for img in ("map", "timeline", CHANGE_MAP):
        if img in errors and not any(k.startswith(img + ".") for k in files):
            result.failures.append((f"{img} image (in the deck and PDF)", errors[img]))
    tick("done")
    result.seconds = time.perf_counter() - t0
    return result


def images_needed(files: dict) -> tuple[set, set]:
    """(images wanted as PNG, as SVG) for the planned ``files``."""
    need_png = {img for img in IMAGES + (CHANGE_MAP,) if f"{img}.png" in files}
    need_svg = {img for img in IMAGES + (CHANGE_MAP,) if f"{img}.svg" in files}
    if "pptx" in files or "pdf" in files:
        need_png |= {"map", "timeline", CHANGE_MAP_BODY}   # no comparison date: none drawn
    return need_png, need_svg


def prerender_images(briefing, s, files: dict, filters=None, renderer=None):
    """Render what ``files`` need now with the caller's ``renderer`` (the dialog does this on
    the UI thread, where Qt must draw); returns (images, errors) to pass to ``export_pack``."""
    renderer = _given(renderer)
    need_png, need_svg = images_needed(files)
    images, errors = {}, {}
    day = s.as_of if s.as_of is not None else briefing.date_range[1]
    _render_images(renderer, s, briefing, day, filters, need_png, need_svg, images, errors)
    return images, errors


def _render_images(renderer, s, briefing, day, filters, need_png, need_svg, images, errors):
    charts = [c for c in ("chart_donors", "chart_categories", "chart_cumulative")
              if c in need_png or c in need_svg]
    if charts:
        missing = [c for c in charts if not all((c, f) in images for f in
                                                 ("png", "svg") if (c in need_png if f == "png"
                                                                    else c in need_svg))]
        if missing:
            fmts = tuple(f for f in ("png", "svg")
                         if any(c in (need_png if f == "png" else need_svg) for c in missing))
            try:
                got = renderer.charts(s, [c.split("_", 1)[1] for c in missing], CHART_SIZE, DPI,
                                      fmts)
                for (n, f), data in got.items():
                    images[(f"chart_{n}", f)] = data
            except Exception as exc:
                for c in missing:
                    errors[c] = f"{type(exc).__name__}: {exc}" if not _is_unavailable(
                        renderer, exc) else str(exc)
    for img, size in (("map", MAP_SIZE), ("timeline", TIMELINE_SIZE)):
        for fmt, need in (("png", need_png), ("svg", need_svg)):
            if img not in need or (img, fmt) in images:
                continue
            if img in errors:
                continue   # failed already (or before, on the UI thread): one message
            try:
                fn = renderer.map if img == "map" else renderer.timeline
                images[(img, fmt)] = fn(briefing, day, filters, size, DPI, fmt)
            except Exception as exc:
                errors[img] = str(exc) if _is_unavailable(renderer, exc) else (
                    f"{type(exc).__name__}: {exc}")
    _render_change_map(renderer, s, need_png, need_svg, images, errors)


def _render_change_map(renderer, s, need_png, need_svg, images, errors) -> None:
    """The change map's images (``core.change_map`` data, drawn by the renderer); nothing
    without a comparison date, and one sentence when it was given but cannot be drawn."""
    wanted = [(CHANGE_MAP, f, MAP_SIZE, True) for f, need in (("png", need_png),
                                                             ("svg", need_svg))
              if CHANGE_MAP in need]
    wanted += [(CHANGE_MAP_BODY, "png", CHANGE_MAP_BODY_SIZE, False)] * (
        CHANGE_MAP_BODY in need_png)
    wanted = [w for w in wanted if (w[0], w[1]) not in images]
    if not wanted or CHANGE_MAP in errors:
        return
    cm = s.change_map
    if cm is None:
        if s.change_map_note:
            errors[CHANGE_MAP] = s.change_map_note
        return
    for name, fmt, size, titled in wanted:
        try:
            images[(name, fmt)] = renderer.change_map(cm, size, DPI, fmt, titled=titled)
        except Exception as exc:
            errors[CHANGE_MAP] = str(exc) if _is_unavailable(renderer, exc) else (
                f"{type(exc).__name__}: {exc}")
            return


def _is_unavailable(renderer, exc) -> bool:
    cls = getattr(renderer, "unavailable", None)
    return isinstance(cls, type) and isinstance(exc, cls)


def _plain_name(name: str | None) -> str:
    """The file-name part of ``name`` (a name with folders, or '..', cannot leave out_dir)."""
    plain = Path(name or "").name
    return plain if plain.strip(". ") else ""


def _remove_stale_temps(paths) -> None:
    for path in paths:
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            try:
                stale.unlink()
            except OSError:
                pass
