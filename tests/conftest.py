"""Shared test set-up: Qt offscreen, a private cache dir, and where ../shared/realdata is."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Tests never touch the user's cache; each session gets its own."""
    monkeypatch.setenv("UDCG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "udcg_cache"))


@pytest.fixture
def realdata() -> Path:
    """``../shared/realdata``; the test is skipped where it is absent (it is not ours to ship)."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present")
    return REALDATA
