"""The change map from the window's Export dialog: with a "Compare with" date the pack gains the
change map's images and its slide; the front reads DeepState alone when ISW is loaded too, and
the text says where the two disagree."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from tests.change_fixtures import write_deepstate, write_isw  # noqa: E402
from udcg_desktop.core.session import Session  # noqa: E402
from udcg_desktop.io.registry import load_briefing  # noqa: E402

from .test_export_dialog import _choose, _make, _run  # noqa: E402


@pytest.fixture
def session(tmp_path):
    s = Session(load_briefing([write_deepstate(tmp_path / "ds"),
                               write_isw(tmp_path / "isw.geojson")]))
    s.cursor.set_date("2024-05-21")
    return s


def test_dialog_export_with_a_comparison_date_has_the_change_map(qtbot, tmp_path, session,
                                                                  settings_dir):
    import numpy as np
    session.set_compare_with(np.datetime64("2024-05-09"))
    dlg = _make(qtbot, session)
    out = tmp_path / "out"
    _choose(dlg, qtbot, out, {"pptx", "png", "md"})
    assert "udcg_briefing_2024-05-21_change_map.png" in [p.name for p in dlg.planned().values()]
    result = _run(dlg, qtbot)
    names = sorted(p.name for p in result.written)
    assert "udcg_briefing_2024-05-21_change_map.png" in names, result.failures
    from pptx import Presentation
    deck = Presentation(out / "udcg_briefing_2024-05-21.pptx")
    titles = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    assert any(t.startswith("Front change 9\u201321 May 2024: ") for t in titles)
    md = (out / "udcg_briefing_2024-05-21.md").read_text(encoding="utf-8")
    assert "DeepState and ISW disagree (Kharkiv oblast, occupied): 24 km² only DeepState" in md


def test_dialog_without_a_comparison_date_plans_no_change_map(qtbot, tmp_path, session,
                                                              settings_dir):
    dlg = _make(qtbot, session)
    _choose(dlg, qtbot, tmp_path, {"png"})
    assert not any("change_map" in p.name for p in dlg.planned().values())
