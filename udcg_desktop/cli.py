"""Command line: the window, ``summary``, ``validate`` and ``export``, on the same code paths.

Heavy and Qt imports happen inside the sub-commands so ``summary`` starts fast and never loads Qt.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2
COMMANDS = ("summary", "validate", "export", "changes", "save-brief", "gui")


def _parse_date(text: str):
    import numpy as np
    try:
        return np.datetime64(text, "D")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {text!r}")


def _file_stem(text: str) -> str:
    """A name for files inside --out: no folder part, so it cannot leave --out."""
    if not text.strip() or text.strip(". ") == "" or any(c in text for c in "/\\\0") \
            or any(ord(c) < 32 for c in text):
        raise argparse.ArgumentTypeError(f"not a plain file name (no folders, no '..'): {text!r}")
    return text


def _common(p: argparse.ArgumentParser, currency=True) -> None:
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="pledge workbooks, events files, control-area GeoJSON or snapshot "
                        "folders (default: the bundled sample briefing)")
    if currency:
        p.add_argument("--as-of", type=_parse_date, default=None, metavar="DATE",
                       help="figures as of this day (YYYY-MM-DD); default: everything")
        p.add_argument("--currency", choices=("EUR", "USD"), default=None,
                       help="reporting currency (default: the briefing file's, else EUR)")
        p.add_argument("--since", type=_parse_date, default=None, metavar="DATE",
                       help="only rows on or after this day (a window instead of cumulative)")
        p.add_argument("--areas-since", type=_parse_date, default=None, metavar="DATE",
                       help="report the change in control areas since this day")
        p.add_argument("--area", choices=("kharkiv_axis", "all"), default=None,
                       help="area of interest for the event figures and key events: the "
                            "Kharkiv axis (default) or everything loaded")


def _pack_text_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--title", default=None, help="title of the pack (default: from the data)")
    p.add_argument("--subtitle", default=None, help="subtitle (default: the period covered)")
    p.add_argument("--classification", default=None, metavar="MARKING",
                   help="marking at the top and bottom of every slide and page, e.g. "
                        "UNCLASSIFIED or OFFICIAL")
    p.add_argument("--author", default=None, help="prepared by (name, unit)")


def _animation_args(p: argparse.ArgumentParser) -> None:
    """The film's options (``--formats mp4,gif``; export/animation.py)."""
    p.add_argument("--from", dest="film_from", default=None, metavar="DATE",
                   help="animation: first day (default: the first day with map data)")
    p.add_argument("--to", dest="film_to", default=None, metavar="DATE",
                   help="animation: last day (default: the last day with map data)")
    p.add_argument("--step", default="1d", help="animation: days per frame (1d, 2d, 1w)")
    p.add_argument("--fps", type=int, default=5, help="animation: frames a second (default 5)")
    p.add_argument("--size", default="1920x1080", help="animation: WIDTHxHEIGHT in pixels")
    p.add_argument("--with-timeline", action="store_true",
                   help="animation: the timeline strip beneath the map")
    p.add_argument("--chapters", action="store_true",
                   help="animation: follow the briefing file's bookmarks (fly from one to the "
                        "next, each title shown for a moment) instead of --from/--to")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="udcg-desktop",
        description="UDCG Briefing Desktop. With no command: open the window.")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("summary", help="print the figures (text or --json)")
    _common(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("validate", help="list every problem; exit 0 clean, 1 problems, 2 unreadable")
    _common(p, currency=False)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("export", help="write the briefing pack")
    _common(p)
    p.add_argument("--out", required=True, type=Path, metavar="DIR")
    p.add_argument("--formats", default="xlsx,pptx,pdf,png,svg,md")
    p.add_argument("--force", action="store_true", help="replace existing exports")
    p.add_argument("--name", default=None, type=_file_stem,
                   help="file name stem (default: udcg_briefing_<as-of>)")
    _pack_text_args(p)
    p.add_argument("--previous", type=Path, default=None, metavar="OLD",
                   help="the previous release of the pledge source: adds 'Changes since the "
                        "last release' to the deck, workbook and text")
    _animation_args(p)
    p = sub.add_parser("changes", help="what changed between two releases of one pledge source")
    p.add_argument("old", type=Path, metavar="OLD", help="the earlier release")
    p.add_argument("new", type=Path, metavar="NEW", help="the later release")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("save-brief", help="write a briefing file (*.udcg.json) for FILEs")
    _common(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="BRIEF",
                   help="the briefing file to write (*.udcg.json)")
    _pack_text_args(p)
    p = sub.add_parser("gui", help="open the window")
    p.add_argument("files", nargs="*", metavar="FILE")
    return parser


# What a briefing file holds that the command line may override: argparse dest -> setting.
_BRIEF_SETTINGS = ("as_of", "since", "currency", "area", "title", "subtitle", "classification",
                   "author")
_DEFAULTS = {"currency": "EUR", "area": "kharkiv_axis"}


def _open_briefings(args) -> str | None:
    """Replace each briefing file among ``args.files`` by its inputs; what the command line left
    unset comes from the briefing, then the defaults. Notes go to stderr; returns an error
    message when a briefing file cannot be used at all."""
    from .core.paths import is_briefing_file
    files, brief = [], None
    for f in args.files:
        if not is_briefing_file(f):
            files.append(Path(f))
            continue
        from .io import UnreadableInput                 # (only for a briefing file: ~40 ms)
        from .io.briefing_store import open_briefing
        try:
            opened = open_briefing(Path(f))
        except UnreadableInput as exc:
            return f"udcg-desktop: cannot read {exc.path}: {exc.message}"
        for message in opened.messages:
            print(f"udcg-desktop: note: {message}", file=sys.stderr)
        if not opened.files:
            return f"udcg-desktop: none of the inputs of {f} can be found"
        files += opened.files
        brief = brief or opened.brief
    args.files = files
    args.bookmarks = brief.bookmarks if brief else []
    for name in _BRIEF_SETTINGS:
        if getattr(args, name, "absent") is None:
            held = getattr(brief.settings, name) if brief else None
            if held and name in ("as_of", "since"):
                held = _parse_date(held)
            setattr(args, name, held or _DEFAULTS.get(name))
    return None


def _load(files):
    """The briefing from files (default: the sample), or an exit code and message on failure."""
    from .core.paths import sample_briefing_files
    from .io import UnreadableInput, load_briefing
    paths = [Path(f) for f in files] or sample_briefing_files()
    title = "Sample briefing: Kharkiv offensive 2024" if not files else "UDCG briefing"
    try:
        return load_briefing(paths, title=title), None
    except UnreadableInput as exc:
        return None, f"udcg-desktop: cannot read {exc.path}: {exc.message}"


def cmd_save_brief(args) -> int:
    from .core.briefing_file import BriefingFile, BriefingSettings
    from .io.briefing_store import save_briefing
    bookmarks = args.bookmarks
    if not args.files:
        print("udcg-desktop: save-brief needs the input files (or a briefing file)",
              file=sys.stderr)
        return EXIT_UNREADABLE
    missing = [f for f in args.files if not f.exists()]
    if missing:
        print(f"udcg-desktop: cannot read {missing[0]}: no such file or folder", file=sys.stderr)
        return EXIT_UNREADABLE
    settings = BriefingSettings(**{name: (str(v) if v is not None else None)
                                   if name in ("as_of", "since") else (v or "")
                                   for name in _BRIEF_SETTINGS
                                   for v in [getattr(args, name)]})
    messages = save_briefing(args.output, args.files,
                             BriefingFile(settings=settings, bookmarks=bookmarks))
    for message in messages:
        print(f"udcg-desktop: note: {message}", file=sys.stderr)
    print(f"wrote {args.output} ({len(args.files)} inputs, {len(bookmarks)} bookmarks)")
    return EXIT_OK


def cmd_summary(args) -> int:
    from .core.summary import summary
    briefing, error = _load(args.files)
    if error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    s = summary(briefing, args.as_of, currency=args.currency, since=args.since,
                areas_since=args.areas_since, aoi=args.area)
    if args.json:
        from .core.jsonout import dumps_finite
        sys.stdout.write(dumps_finite(s.to_dict(), ensure_ascii=False, indent=1, default=str)
                         + "\n")
    else:
        from .core.describe import summary_text
        print(summary_text(s))
    return EXIT_OK


def cmd_validate(args) -> int:
    from .io import UnreadableInput, read_any
    from .core.paths import sample_briefing_files
    paths = [Path(f) for f in args.files] or sample_briefing_files()
    worst = EXIT_OK
    report = []
    for path in paths:
        try:
            part = read_any(path)
        except UnreadableInput as exc:
            report.append({"path": exc.path, "unreadable": exc.message})
            if not args.json:
                print(f"{exc.path}: UNREADABLE: {exc.message}")
            worst = EXIT_UNREADABLE
            continue
        for src in part.sources:
            if not args.json:
                print(f"{src.path}: {src.kind} ({src.format}): rows read {src.rows_read}, "
                      f"loaded {src.rows_loaded}, rejected {src.rows_rejected}")
        for problem in part.problems:
            if not args.json:
                value = "" if problem.value in (None, "") else f" [value: {problem.value!r}]"
                print(f"  {problem.severity.upper()}: {problem.location()}: "
                      f"{problem.message}{value}")
        report.append({"path": str(path), "sources": [s.as_dict() for s in part.sources],
                       "problems": [p.as_dict() for p in part.problems]})
        if any(p.severity in ("error", "warning") for p in part.problems):
            worst = max(worst, EXIT_PROBLEMS)
    if args.json:
        from .core.jsonout import dumps_finite
        sys.stdout.write(dumps_finite(report, ensure_ascii=False, indent=1, default=str) + "\n")
    return worst


def cmd_export(args) -> int:
    from .cli_export import export_command
    briefing, error = _load(args.files)
    if error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    args.release_changes = None
    if args.previous is not None:
        from .core.release_changes import compare_releases
        from .core.summary import default_fx
        previous, error = _load([args.previous])
        if error:
            print(error, file=sys.stderr)
            return EXIT_UNREADABLE
        args.release_changes = compare_releases(previous, briefing, default_fx())

    def renderer():                  # export never imports gui: the images are drawn by Qt here
        from .gui.render import QtRenderer
        return QtRenderer(aoi=getattr(args, "area", None))    # the map of the chosen area
    return export_command(briefing, args, renderer)


def cmd_changes(args) -> int:
    from .core.describe import changes_text
    from .core.release_changes import compare_releases
    from .core.summary import default_fx
    releases = []
    for path in (args.old, args.new):
        briefing, error = _load([path])
        if error:
            print(error, file=sys.stderr)
            return EXIT_UNREADABLE
        if not len(briefing.pledges):
            print(f"udcg-desktop: {path} holds no pledges to compare", file=sys.stderr)
            return EXIT_UNREADABLE
        releases.append(briefing)
    changes = compare_releases(*releases, fx=default_fx())
    if _same_content(args.old, args.new):
        changes.warnings.append(f"{args.old.name} and {args.new.name} are the same file: "
                                "nothing can have changed")
    if args.json:
        json.dump(changes.to_dict(), sys.stdout, ensure_ascii=False, indent=1, allow_nan=False,
                  default=str)
        sys.stdout.write("\n")
    else:
        print(changes_text(changes))
    return EXIT_OK


def _same_content(a: Path, b: Path) -> bool:
    import hashlib
    digests = []
    for path in (a, b):
        h = hashlib.sha256()
        if path.is_dir():
            return False
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digests.append(h.digest())
    return digests[0] == digests[1]


def cmd_gui(files) -> int:
    from .gui.app import run
    return run([Path(f) for f in files])


def _window_files(parser: argparse.ArgumentParser, files: list[str]) -> list[str]:
    """The files to open in the window; a mistyped command, an option or a missing file is an
    argparse error (exit 2), never a window nobody asked for."""
    for f in files:
        if f.startswith("-"):
            parser.error(f"unrecognized option: {f}")
        if not Path(f).exists():
            what = "no such file or folder" if Path(f).suffix or "/" in f or "\\" in f else \
                f"not a command ({', '.join(COMMANDS)}) nor an existing file or folder"
            parser.error(f"{f!r}: {what}")
    return files


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--self-test"]:
        from .selftest import main as self_test
        return self_test(argv[1:])
    parser = build_parser()
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return cmd_gui(_window_files(parser, argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("a command or a file is needed")
    if args.command == "gui":
        return cmd_gui(_window_files(parser, args.files))
    if hasattr(args, "files"):
        error = _open_briefings(args)
        if error:
            print(error, file=sys.stderr)
            return EXIT_UNREADABLE
    try:
        return {"summary": cmd_summary, "validate": cmd_validate, "export": cmd_export,
                "changes": cmd_changes, "save-brief": cmd_save_brief}[
            args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
