"""Atomic file writes: a temp file beside the target, then ``os.replace`` (exports, caches, builds).

A crash or kill mid-write leaves the earlier file (if any) untouched and at worst a stray
``.<name>.<random>.tmp`` beside it, which the next export of the same file removes.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temp path in the target's folder; on success it replaces ``target``.

    If the body raises, the temp file is removed and ``target`` is left as it was."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if not tmp_path.exists() or tmp_path.stat().st_size == 0:
            raise OSError(f"the writer produced no output for {target.name}")
        try:
            # Keep the usual permissions of a new file (mkstemp makes it 0600).
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_path, 0o666 & ~umask)
        except OSError:
            pass
        os.replace(tmp_path, target)
    except BaseException:
        try:
            tmp_path.unlink()
        except FileNotFoundError:
            pass
        raise


def write_atomic(target: str | os.PathLike, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` and move the result onto ``target`` atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


def write_synced(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` and make it reach the disk before the file is moved."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> Path:
    return write_atomic(target, lambda tmp: write_synced(tmp, data))


def write_text_atomic(target: str | os.PathLike, text: str) -> Path:
    return write_bytes_atomic(target, text.encode("utf-8"))


_SCRATCH_PREFIX = "scratch-"


def scratch_root() -> Path:
    """The app's own folder under the system temp folder, one per user."""
    uid = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return Path(tempfile.gettempdir()) / f"udcg-desktop-{uid}"


def scratch_dir() -> Path:
    """This process's folder for writers' scratch files (xlsxwriter's temporary parts): removed
    by ``clean_scratch`` once the process is gone, even after a kill -9."""
    path = scratch_root() / f"{_SCRATCH_PREFIX}{os.getpid()}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def clean_scratch() -> int:
    """Remove the scratch folders of processes that no longer run; the number removed."""
    import shutil
    removed = 0
    try:
        entries = list(scratch_root().iterdir())
    except OSError:
        return 0
    for entry in entries:
        pid = entry.name[len(_SCRATCH_PREFIX):]
        if not entry.name.startswith(_SCRATCH_PREFIX) or not pid.isdigit():
            continue
        if int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True         # another user's process, or a platform without signals: keep it
    return True
