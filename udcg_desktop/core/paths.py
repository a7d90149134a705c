"""Where the shipped files are: ``data/`` and ``resources/`` beside the package in a checkout
(editable install), beside the executable in the self-contained build (``resources/packaging``),
or inside the installed package (``udcg_desktop/_data``, ``_resources``)."""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

# A saved briefing's file name ends so (here, not in core.briefing_file: the command line and the
# window ask before anything else loads).
BRIEFING_SUFFIX = ".udcg.json"


def is_briefing_file(path) -> bool:
    return str(path).lower().endswith(BRIEFING_SUFFIX)

_PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=None)
def _shipped(name: str) -> Path:
    if getattr(sys, "frozen", False):     # the bundle: found wherever its folder was moved
        beside = Path(sys.executable).resolve().parent / name
        if beside.is_dir():
            return beside
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    installed = _PACKAGE / f"_{name}"
    if installed.is_dir():
        return installed
    raise FileNotFoundError(f"the shipped '{name}' folder is missing (looked in {checkout} "
                            f"and {installed}); reinstall udcg-desktop")


def data_dir() -> Path:
    return _shipped("data")


def resources_dir() -> Path:
    return _shipped("resources")


def sample_briefing_files() -> list[Path]:
    """The bundled sample: the briefing workbook and the illustrative control areas."""
    d = data_dir()
    return [d / "udcg_briefing_sample.xlsx", d / "sample_control_areas"]


def fx_rates_path() -> Path:
    return data_dir() / "fx_rates_ecb.csv"


def user_cache_dir() -> Path:
    """The app's own cache folder (snapshots, the log): ``$UDCG_CACHE_DIR`` or
    ``~/.cache/udcg_desktop``; a new temporary folder, with a note, when that cannot be written
    (no HOME, a read-only home)."""
    env = os.environ.get("UDCG_CACHE_DIR")
    if env:
        return _writable_or_temporary(str(Path(env).expanduser()))
    home = os.environ.get("HOME")
    if home is None:             # unset: the password file's entry, as the shell would
        try:
            home = str(Path.home())
        except RuntimeError:
            home = ""
    return _writable_or_temporary(os.path.join(home, ".cache", "udcg_desktop") if
                                  os.path.isabs(home) else "")


@lru_cache(maxsize=None)
def _writable_or_temporary(folder: str) -> Path:
    reason = "no home folder"
    if folder:
        try:
            os.makedirs(folder, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                return Path(folder)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
    # Private and new (not a guessable shared name another user could have planted entries in).
    fallback = Path(tempfile.mkdtemp(prefix="udcg_desktop-cache-"))
    atexit.register(shutil.rmtree, fallback, ignore_errors=True)
    print(f"udcg-desktop: note: cannot write the cache folder {folder or '~/.cache'} ({reason}); "
          f"using {fallback} for this session", file=sys.stderr)
    return fallback
