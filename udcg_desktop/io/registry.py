"""Readers are plain functions registered by format and chosen by looking at the content.

A reader module registers itself with ``@reader(...)``; ``detect`` asks each registered sniffer in
priority order; ``read_any`` runs the chosen reader and turns every failure into
``UnreadableInput`` so callers never see a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
import importlib
from pathlib import Path
from typing import Callable

from ..core.model import Briefing, BriefingPart, assemble, group_problems
from .clean import strip_controls
from .errors import UnreadableInput
from .xlsx_guard import is_fatal

HEAD_BYTES = 65536


@dataclass(frozen=True)
class Reader:
    format: str                                   # e.g. "kiel-ust", "deepstate"
    kind: str                                     # pledges | events | areas | boundaries
    sniff: Callable[[Path, bytes], bool]          # (path, first bytes; b"" for folders)
    read: Callable[[Path], BriefingPart]
    priority: int = 50                            # lower is asked first
    folders: bool = False                         # True: also offered folders


_READERS: list[Reader] = []
# Modules whose import registers readers; imported on first use to keep start-up light.
_READER_MODULES = (
    "udcg_desktop.io.pledge_readers",
    "udcg_desktop.io.files",
    "udcg_desktop.io.geo.deepstate",
    "udcg_desktop.io.geo.isw",
    "udcg_desktop.io.geo.boundaries",
    "udcg_desktop.io.events.acled",
    "udcg_desktop.io.events.bellingcat",
    "udcg_desktop.io.events.simple_csv",
)
_loaded = False


def reader(format: str, kind: str, sniff, priority: int = 50, folders: bool = False):
    def wrap(fn):
        _READERS.append(Reader(format, kind, sniff, fn, priority, folders))
        _READERS.sort(key=lambda r: r.priority)
        return fn
    return wrap


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        for name in _READER_MODULES:
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:     # a real missing dependency, not a module not yet written
                    raise
        _loaded = True


def readers() -> list[Reader]:
    _ensure_loaded()
    return list(_READERS)


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(HEAD_BYTES)


def detect(path: str | Path) -> Reader:
    """The reader for ``path``, or ``UnreadableInput`` saying why none fits."""
    path = Path(path)
    if not path.exists():
        raise UnreadableInput(path, "no such file or folder")
    _ensure_loaded()
    if path.is_dir():
        for r in _READERS:
            if r.folders and r.sniff(path, b""):
                return r
        raise UnreadableInput(path, "this folder holds no files the app recognises "
                                    "(expected DeepState snapshots named <unix-seconds>.geojson)")
    try:
        head = _head(path)
    except PermissionError:
        raise UnreadableInput(path, "permission denied: the file is locked or not readable")
    except OSError as exc:
        raise UnreadableInput(path, f"cannot be read: {exc.strerror or exc}")
    if not head:
        raise UnreadableInput(path, "the file is empty")
    from .sheets import text_head
    head = text_head(head)      # the encoding first, then the kind
    for r in _READERS:
        if not r.folders or path.is_file():
            try:
                if r.sniff(path, head):
                    return r
            except Exception:
                continue
    raise UnreadableInput(path, "not a recognised input: expected a pledge workbook (xlsx, xlsm, "
                                "ods, csv), an events file (ACLED CSV, Bellingcat JSON) or a "
                                "control-area GeoJSON")


def read_any(path: str | Path) -> BriefingPart:
    """Detect and read one input. Raises only ``UnreadableInput``."""
    path = Path(path)
    r = detect(path)
    try:
        part = strip_controls(r.read(path), path)
        # A problem repeated on many rows is one problem with its count and first rows.
        part.problems = group_problems(part.problems)
        return part
    except UnreadableInput:
        raise
    except MemoryError:
        raise UnreadableInput(path, "too large to load into memory")
    except BaseException as exc:  # a reader bug, an input shape nobody foresaw, a Rust panic
        if is_fatal(exc):
            raise
        raise UnreadableInput(path, f"could not be read as {r.format}: its content is not laid "
                                    f"out as that format expects ({_plain(exc)})") from exc


def _plain(exc: BaseException) -> str:
    """The exception's own words, without the internal class name."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else "no detail"
    return text[:200]


def load_briefing(paths, title: str = "UDCG briefing") -> Briefing:
    """Read every path (raising ``UnreadableInput`` for the first unreadable one) and merge."""
    return assemble([read_any(p) for p in paths], title=title)
