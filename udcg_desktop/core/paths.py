"""Where the shipped files are: ``data/`` and ``resources/`` beside the package in a checkout
(editable install), or inside the installed package (``udcg_desktop/_data``, ``_resources``)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=None)
def _shipped(name: str) -> Path:
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
    ``~/.cache/udcg_desktop``."""
    env = os.environ.get("UDCG_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "udcg_desktop"
