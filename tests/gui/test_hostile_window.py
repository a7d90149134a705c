"""The window keeps its briefing when an input makes the cell reader panic or is refused."""
from __future__ import annotations

import re

from tests.hostile_inputs import SAMPLE_XLSX, STRINGS, in_member, rewrite_xlsx
from .mw_helpers import make_window


class FakePanic(BaseException):
    """What python-calamine raises for a Rust panic: a BaseException, not an Exception."""


def test_reader_panic_keeps_the_current_briefing(qtbot, tmp_path, monkeypatch):
    import udcg_desktop.io.template as template

    def panics(path, *a, **k):
        raise FakePanic("capacity overflow")
    window = make_window(qtbot, tmp_path)
    before = window.session.briefing
    monkeypatch.setattr(template, "read_template", panics)
    book = tmp_path / "panics.xlsx"
    book.write_bytes(SAMPLE_XLSX.read_bytes())
    with qtbot.waitSignal(window.load_failed, timeout=20000) as blocker:
        window.load([book])
    assert "panics.xlsx" in blocker.args[0] and "capacity overflow" in blocker.args[0]
    assert window.session.briefing is before


def test_refused_workbook_is_named_and_the_briefing_kept(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    before = window.session.briefing
    book = rewrite_xlsx(SAMPLE_XLSX, tmp_path / "count.xlsx", in_member(
        STRINGS, lambda d: re.sub(rb'uniqueCount="\d+"', b'uniqueCount="4294967295"', d)))
    with qtbot.waitSignal(window.load_failed, timeout=20000) as blocker:
        window.load([book])
    assert "count.xlsx" in blocker.args[0] and "sharedStrings" in blocker.args[0]
    assert window.session.briefing is before
