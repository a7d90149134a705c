"""Saving and reopening briefing files (``*.udcg.json``; the format is ``core/briefing_file.py``).

Saving records each input's size and SHA-256 and keeps a copy of each pledge release in the
user cache (by content hash), so that reopening next week can say not only that the Kiel
workbook changed but what changed in it ("14 packages new, 3 revised"). Writes are atomic:
saving never loses the previous briefing file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import hashlib
import os
from pathlib import Path
import shutil

from ..core.atomic import atomic_path
from ..core.briefing_file import BriefingFile, InputRef, parse_briefing
from ..core.paths import user_cache_dir
from .errors import UnreadableInput

# Pledge releases larger than this are not copied into the cache (the change report then says
# only that the file changed).
_KEEP_COPY_LIMIT = 256 * 1024 * 1024
# An input more folders up than this from the briefing file is stored by its absolute path.
_MAX_UP_LEVELS = 2


def content_hash(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (names, sizes and contents, sorted by name)."""
    h = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.iterdir() if p.is_file()):
            h.update(child.name.encode() + b"\0")
            h.update(content_hash(child).encode())
        return h.hexdigest()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file()) if path.is_dir() \
        else path.stat().st_size


def release_copy_path(sha256: str, suffix: str) -> Path:
    return user_cache_dir() / "releases" / f"{sha256}{suffix.lower()}"


def input_ref(path: Path, briefing_path: Path) -> tuple[InputRef, list[str]]:
    """How ``path`` is stored in a briefing saved at ``briefing_path``, and what to say about it."""
    from .registry import detect
    messages = []
    path = path.resolve()
    try:
        stored = os.path.relpath(path, briefing_path.resolve().parent)
    except ValueError:           # another drive (Windows): only an absolute path can say where
        stored = str(path)
    if Path(stored).parts[:_MAX_UP_LEVELS + 1] == ("..",) * (_MAX_UP_LEVELS + 1):
        stored = str(path)       # far away: "../../../../x" would only break when either moves
    home = Path.home().resolve()
    if path.is_relative_to(Path("/home")) and not path.is_relative_to(home):
        messages.append(f"{path.name}: the briefing points into another user's home folder "
                        f"({path.parent})")
    try:
        kind = detect(path).kind
    except UnreadableInput:
        kind = ""
    ref = InputRef(Path(stored).as_posix(), _size(path), content_hash(path), kind)
    if kind == "pledges" and path.is_file() and ref.size <= _KEEP_COPY_LIMIT:
        copy = release_copy_path(ref.sha256, path.suffix)
        if not copy.exists():
            with atomic_path(copy) as tmp:
                shutil.copyfile(path, tmp)
    return ref, messages


def save_briefing(target: Path, files: list[Path], brief: BriefingFile) -> list[str]:
    """Write ``brief`` with ``files`` as its inputs to ``target`` (atomically); the messages
    say what a reader of the file should know (paths into another user's home)."""
    from .. import __version__
    target = Path(target)
    messages, refs = [], []
    for f in files:
        ref, said = input_ref(Path(f), target)
        refs.append(ref)
        messages += said
    brief.inputs = refs
    brief.saved_with = f"udcg-desktop {__version__}"
    text = brief.to_json()
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return messages


@dataclass
class InputState:
    """One input of a reopened briefing: where it is now and whether it changed."""

    ref: InputRef
    path: Path
    missing: bool = False
    changed: bool = False
    message: str = ""


@dataclass
class OpenedBriefing:
    path: Path
    brief: BriefingFile
    inputs: list[InputState] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)       # parts of the file that were dropped

    @property
    def messages(self) -> list[str]:
        """Everything to tell the briefer: dropped parts, then missing and changed inputs."""
        return self.notes + [s.message for s in self.inputs if s.message]

    @property
    def files(self) -> list[Path]:
        """The inputs that can be loaded now."""
        return [s.path for s in self.inputs if not s.missing]

    @property
    def missing(self) -> list[InputState]:
        return [s for s in self.inputs if s.missing]


def open_briefing(path: Path, describe_changes: bool = True) -> OpenedBriefing:
    """The briefing at ``path`` with its inputs checked. Raises ``UnreadableInput`` only when
    the file is not a briefing at all; everything else is a message and the rest opens."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInput(path, f"cannot be read as a briefing file: {exc}")
    try:
        brief, messages = parse_briefing(text, path.name)
    except ValueError as exc:
        raise UnreadableInput(path, str(exc).split(": ", 1)[-1])
    opened = OpenedBriefing(path, brief, notes=list(messages))
    for ref in brief.inputs:
        where = Path(ref.path)
        where = where if where.is_absolute() else (path.parent / where)
        state = InputState(ref, Path(os.path.normpath(where)))
        if not state.path.exists():
            state.missing = True
            state.message = (f"{Path(ref.path).name} is missing (expected at {state.path}); "
                             "the rest of the briefing opens without it")
        elif ref.sha256 and content_hash(state.path) != ref.sha256:
            state.changed = True
            state.message = f"{state.path.name} changed since this briefing was saved"
            if describe_changes and ref.kind == "pledges":
                state.message += release_change_words(ref, state.path)
            state.message += "; the new content is used"
        opened.inputs.append(state)
    return opened


def release_change_words(ref: InputRef, path: Path) -> str:
    """': 14 packages new, 3 revised, 1 removed' from the copy kept at save time, or ''."""
    copy = release_copy_path(ref.sha256, path.suffix)
    if not copy.exists():
        return ""
    from ..core.release_changes import compare_releases
    from ..core.summary import default_fx
    from .registry import load_briefing
    try:
        c = compare_releases(load_briefing([copy]), load_briefing([path]), default_fx())
    except UnreadableInput:
        return ""
    return f": {c.counts_text()}"


def relocate(opened: OpenedBriefing, ref: InputRef, new_path: Path) -> None:
    """Point a missing input at where the user found it."""
    for state in opened.inputs:
        if state.ref is ref and Path(new_path).exists():
            state.path, state.missing, state.message = Path(new_path), False, ""
