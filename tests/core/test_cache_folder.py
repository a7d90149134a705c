"""The cache folder falls back to a new private temporary folder, with a note, when the usual one
cannot be written (no home, a read-only home, a file in the way)."""
import os

import pytest

from udcg_desktop.core import paths


@pytest.fixture(autouse=True)
def _fresh():
    paths._writable_or_temporary.cache_clear()
    yield
    paths._writable_or_temporary.cache_clear()


def test_a_writable_cache_folder_is_used_as_given(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("UDCG_CACHE_DIR", str(tmp_path / "c"))
    assert paths.user_cache_dir() == tmp_path / "c"
    assert (tmp_path / "c").is_dir()
    assert capsys.readouterr().err == ""


def test_a_home_that_cannot_be_written_falls_back_with_one_note(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    monkeypatch.delenv("UDCG_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(home))
    first = paths.user_cache_dir()
    assert paths.user_cache_dir() == first                 # one folder for the session
    assert home not in first.parents and first.is_dir()
    (first / "probe").write_text("x")                      # it can be written
    assert oct(first.stat().st_mode & 0o777) == "0o700"    # and it is private
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "note: cannot write the cache folder" in err[0] and str(first) in err[0]


def test_no_home_at_all_falls_back(monkeypatch, capsys):
    monkeypatch.delenv("UDCG_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", "")
    folder = paths.user_cache_dir()
    assert folder.is_absolute() and os.access(folder, os.W_OK)
    assert "no home folder" in capsys.readouterr().err
