"""``udcg-desktop export``: the command line's choices turned into an export, and its report.

The argparse namespace stops here: the pack gets an ``export.pack.ExportOptions`` (the same
choices the Export dialog passes), the film an ``export.animation.AnimationRequest``. What was
written goes to stdout, what failed to stderr; exit 0 all written, 1 something failed, 2 the
request itself is wrong.
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from .export import animation
from .export.content import PackInfo
from .export.pack import ExportOptions, default_name, existing_files, export_pack, \
    normalise_formats


def pack_info(args) -> PackInfo:
    """The title, subtitle, marking and author given on the command line."""
    return PackInfo(title=getattr(args, "title", None) or "",
                    subtitle=getattr(args, "subtitle", None) or "",
                    classification=getattr(args, "classification", None) or "",
                    author=getattr(args, "author", None) or "")


def pack_options(args) -> ExportOptions:
    """The pack the command line asks for; ``ValueError`` for an unknown format."""
    return ExportOptions(out_dir=args.out, formats=normalise_formats(args.formats),
                         name=args.name, force=args.force, as_of=args.as_of,
                         since=args.since, areas_since=getattr(args, "areas_since", None),
                         currency=args.currency, aoi=getattr(args, "area", None),
                         info=pack_info(args), bookmarks=tuple(getattr(args, "bookmarks", ())),
                         release_changes=getattr(args, "release_changes", None))


def export_pack_cli(briefing, args, renderer=None) -> int:
    """Write the pack; print what was written and what failed; exit 0/1 (2: bad formats).
    ``renderer``: draws the images (cli.py passes the Qt one; export never imports gui)."""
    try:
        options = pack_options(args)
    except ValueError as exc:
        print(f"udcg-desktop export: {exc}", file=sys.stderr)
        return 2
    result = export_pack(briefing, renderer=renderer, **options.kwargs())
    for p in result.written:
        print(f"wrote {p}")
    if result.existing:
        _print_existing(result.existing, result.out_dir)
    for what, why in result.failures:
        if result.existing and Path(what) in result.existing:
            continue
        print(f"FAILED {what}: {why}", file=sys.stderr)
    print(f"{len(result.written)} files written, {len(result.failures)} failed "
          f"({result.seconds:.1f} s)", file=sys.stderr)
    return result.exit_code


def _print_existing(existing, out_dir) -> None:
    print(f"udcg-desktop export: {len(existing)} file(s) already exist in {out_dir}; nothing "
          f"was written. Use --force to replace them:", file=sys.stderr)
    for p in existing:
        print(f"  {p}", file=sys.stderr)


def _day(text, what):
    if text is None:
        return None
    try:
        return np.datetime64(str(text), "D")
    except ValueError:
        raise animation.AnimationError(f"{what} {text!r} is not a date (use YYYY-MM-DD)") \
            from None


def request_from_args(args, formats) -> animation.AnimationRequest:
    """The film the command line asks for (not yet checked against the briefing)."""
    return animation.AnimationRequest(
        start=_day(args.film_from, "--from"), end=_day(args.film_to, "--to"),
        step_days=animation.parse_step(args.step), fps=args.fps,
        size=animation.parse_size(args.size), formats=tuple(formats),
        timeline=bool(args.with_timeline), title=getattr(args, "title", None) or None,
        marking=getattr(args, "classification", None) or None)


def export_command(briefing, args, renderer_factory) -> int:
    """``udcg-desktop export``. With mp4/gif among the formats: check the film's request and
    the files first (one message, nothing written), then the films, then the pack, whose deck,
    when one is written, gets the MP4 as its own slide. ``renderer_factory()`` makes the
    renderer (Qt, made only when something is drawn)."""
    pack_formats, films = animation.split_formats(args.formats)
    if not films:
        return export_pack_cli(briefing, args, renderer_factory())
    marks = list(getattr(args, "bookmarks", None) or [])
    try:
        req = request_from_args(args, films)
        if getattr(args, "chapters", False):
            if not marks:
                raise animation.AnimationError(
                    "--chapters follows the bookmarks of a briefing file, and none was given "
                    "(save bookmarks in the window, then pass the *.udcg.json)")
            days = sorted(np.datetime64(m.date, "D") for m in marks)
            req = replace(req, start=days[0], end=days[-1])
        req = animation.check_request(briefing, req)
    except animation.AnimationError as exc:
        print(f"udcg-desktop export: {exc}", file=sys.stderr)
        return 2
    keyframes = animation.plan_chapters(req, marks) if getattr(args, "chapters", False) \
        else None
    name = args.name or default_name(args.as_of)
    targets = animation.planned_films(args.out, name, films)
    existing = [p for p in targets.values() if p.exists()]
    try:
        existing += existing_files(args.out, name, pack_formats)
    except ValueError as exc:       # an unknown pack format
        print(f"udcg-desktop export: {exc}", file=sys.stderr)
        return 2
    if existing and not args.force:
        _print_existing(existing, args.out)
        return 1
    renderer = renderer_factory()
    source = renderer.animation_frames(briefing, req, None)
    try:
        result = animation.write_animation(req, targets, source, keyframes=keyframes)
    except Exception as exc:
        print(f"FAILED animation: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        source.close()
    for p in result.written:
        print(f"wrote {p}")
    print(f"animation: {result.frames} frames ({result.rendered} map pictures drawn, the rest "
          f"held) in {result.seconds:.1f} s", file=sys.stderr)
    if not pack_formats:
        return 0
    args.formats = ",".join(pack_formats)
    deck = Path(args.out) / f"{name}.pptx"
    mtime = deck.stat().st_mtime_ns if deck.exists() else None
    code = export_pack_cli(briefing, args, renderer)
    if "mp4" in targets and "pptx" in pack_formats and deck.exists() and (
            deck.stat().st_mtime_ns != mtime):
        try:
            animation.add_movie_to_deck(deck, targets["mp4"], result, req)
            print(f"added the film to {deck}")
        except Exception as exc:
            print(f"FAILED movie slide in {deck}: {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
    return code
