"""The Export dialog, driven as a briefer would: formats, folder, name, confirm, export."""

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from udcg_desktop.core.session import Session  # noqa: E402
from udcg_desktop.core.summary import summary  # noqa: E402
from tests.export.export_fixtures import fx_rates, small_briefing  # noqa: E402


@pytest.fixture
def session():
    s = Session(small_briefing(), fx=fx_rates())
    s.cursor.set_date("2024-05-20")
    return s


def _make(qtbot, session):
    from udcg_desktop.gui.dialogs.export_dialog import ExportDialog
    dlg = ExportDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _choose(dlg, qtbot, folder, formats):
    for fmt, cb in dlg.format_boxes.items():
        if cb.isChecked() != (fmt in formats):
            qtbot.mouseClick(cb, Qt.MouseButton.LeftButton)
    dlg.folder_edit.setText(str(folder))


def _run(dlg, qtbot):
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result is not None and not dlg.is_running(), timeout=20000)
    return dlg.result


def test_export_from_the_dialog(qtbot, tmp_path, session, settings_dir):
    dlg = _make(qtbot, session)
    _choose(dlg, qtbot, tmp_path, {"md", "xlsx"})
    assert "udcg_briefing_2024-05-20" in dlg.name_label.text()
    d = summary(session.briefing, "2024-05-20", fx=fx_rates()).to_dict()
    from udcg_desktop.core.describe import money
    assert money(d["pledges"]["value_pledged"], "EUR") in dlg.figures.toPlainText()
    result = _run(dlg, qtbot)
    assert sorted(p.name for p in result.written) == ["udcg_briefing_2024-05-20.md",
                                                      "udcg_briefing_2024-05-20.xlsx"]
    assert dlg.progress.value() == dlg.progress.maximum()
    assert "Wrote 2 files" in dlg.status.text()


def test_overwrite_needs_confirmation_and_choices_are_remembered(qtbot, tmp_path, session,
                                                                 settings_dir):
    md = tmp_path / "brief_2024-05-20.md"
    md.write_text("old")
    dlg = _make(qtbot, session)
    _choose(dlg, qtbot, tmp_path, {"md"})
    dlg.pattern_edit.setText("brief_{as_of}")
    asked = []
    dlg.confirm_overwrite = lambda files: asked.append(list(files)) or False
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert asked == [[md]] and md.read_text() == "old" and dlg.result is None
    assert "kept" in dlg.status.text()
    dlg.confirm_overwrite = lambda files: True
    result = _run(dlg, qtbot)
    assert result.written == [md] and md.read_text() != "old"
    dlg.close()
    # A new dialog starts with the last choices.
    again = _make(qtbot, session)
    assert again.formats() == ["md"]
    assert again.folder_edit.text() == str(tmp_path)
    assert again.pattern_edit.text() == "brief_{as_of}"


def test_follows_the_session_filters_and_currency(qtbot, tmp_path, session, settings_dir):
    session.filters.set_field("donors", ["United States"])
    session.set_currency("USD")
    dlg = _make(qtbot, session)
    _choose(dlg, qtbot, tmp_path, {"md"})
    result = _run(dlg, qtbot)
    text = result.written[0].read_text(encoding="utf-8")
    assert "Filters: donors: United States" in text
    assert "$400.0m" in text          # the 400m USD line as given, no conversion


def test_title_page_fields_reach_the_pack_and_are_remembered(qtbot, tmp_path, session,
                                                             settings_dir):
    dlg = _make(qtbot, session)
    _choose(dlg, qtbot, tmp_path, {"md"})
    assert dlg.info_edits["title"].placeholderText()          # the default title is shown
    qtbot.keyClicks(dlg.info_edits["title"], "Kharkiv axis update")
    qtbot.keyClicks(dlg.info_edits["classification"], "OFFICIAL")
    qtbot.keyClicks(dlg.info_edits["author"], "J. Smith, J2")
    result = _run(dlg, qtbot)
    lines = result.written[0].read_text(encoding="utf-8").splitlines()
    assert lines[0] == "**OFFICIAL**" and lines[-1] == "**OFFICIAL**"
    text = "\n".join(lines)
    assert "Kharkiv axis update" in text and "Prepared by J. Smith, J2 on" in text
    dlg.close()
    again = _make(qtbot, session)
    assert again.info_edits["title"].text() == "Kharkiv axis update"
    assert again.info_edits["classification"].text() == "OFFICIAL"
    assert again.info_edits["author"].text() == "J. Smith, J2"


def test_dialog_and_command_line_write_the_same_pack(qtbot, tmp_path, session, settings_dir,
                                                     monkeypatch):
    """The dialog's choices and the command line's become the same ExportOptions: the same
    title, marking, as-of date, currency and area give the same text, line for line."""
    from udcg_desktop import cli_export
    from udcg_desktop.cli import build_parser
    from udcg_desktop.export import pack
    dlg = _make(qtbot, session)
    _choose(dlg, qtbot, tmp_path / "window", {"md"})
    qtbot.keyClicks(dlg.info_edits["title"], "Kharkiv axis update")
    qtbot.keyClicks(dlg.info_edits["classification"], "OFFICIAL")
    result = _run(dlg, qtbot)
    assert not result.failures
    window_md = result.written[0]
    args = build_parser().parse_args(
        ["export", "--out", str(tmp_path / "cli"), "--as-of", "2024-05-20", "--formats", "md",
         "--title", "Kharkiv axis update", "--classification", "OFFICIAL",
         "--name", window_md.stem])
    args.bookmarks, args.release_changes = [], None
    args.currency, args.area = session.currency, session.aoi.key
    monkeypatch.setattr(cli_export, "export_pack",            # the session's test rates
                        lambda *a, **k: pack.export_pack(*a, fx=fx_rates(), **k))
    assert cli_export.export_pack_cli(session.briefing, args) == 0
    cli_md = tmp_path / "cli" / window_md.name
    assert cli_md.read_text(encoding="utf-8") == window_md.read_text(encoding="utf-8")
    assert "Kharkiv axis update" in cli_md.read_text(encoding="utf-8")
