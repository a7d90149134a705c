"""Reading an input file whole, within a size limit: bytes and JSON, failures named.

Used by the GeoJSON and event readers; a file over ``MAX_BYTES`` is refused before it is read
(the ``too-large`` reader says so for any file that looks like one of ours).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..core.model import BriefingPart
from .errors import UnreadableInput
from .registry import reader

MAX_BYTES = 512 * 1024 * 1024           # larger files are refused without reading them
GEO_SUFFIXES = {".geojson", ".json", ".topojson"}


def _size_mb(n: int) -> str:
    return f"{n / 1024 ** 2:,.0f} MB" if n < 1024 ** 3 else f"{n / 1024 ** 3:,.1f} GB"


def check_size(path: Path) -> int:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableInput(path, f"too large to open ({_size_mb(size)}; the limit is "
                                    f"{_size_mb(MAX_BYTES)}): split it or cut it to the region "
                                    f"and dates you need")
    return size


def read_bytes(path: Path) -> bytes:
    check_size(path)
    try:
        return path.read_bytes()
    except PermissionError:
        raise UnreadableInput(path, "permission denied: the file is locked or not readable")
    except OSError as exc:
        raise UnreadableInput(path, f"cannot be read: {exc.strerror or exc}")


def parse_json(path: Path, data: bytes):
    if not data.strip():
        raise UnreadableInput(path, "the file is empty")
    from .sheets import utf16_order
    try:
        order = utf16_order(data)
        text = data.decode(order).lstrip("\ufeff") if order else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(path, f"not UTF-8 or UTF-16 text (byte {exc.start}): not a JSON "
                                    f"file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: "
                                    f"{exc.msg}")
    except RecursionError:
        raise UnreadableInput(path, "invalid JSON: nested too deeply")


# -- oversized files ----------------------------------------------------------------------------
def sniff_oversize(path: Path, head: bytes) -> bool:
    return (path.is_file() and path.suffix.lower() in GEO_SUFFIXES | {".csv"}
            and path.stat().st_size > MAX_BYTES)


@reader("too-large", "none", sniff_oversize, priority=0)
def read_oversize(path: Path) -> BriefingPart:
    check_size(Path(path))
    raise UnreadableInput(path, "too large to open")   # pragma: no cover (size changed meanwhile)
