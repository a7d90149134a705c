"""File > Open briefing / Save briefing / Save as / Recent briefings, and the bookmarks' effect
on the window: what a briefing file holds is read from and written to the window's state
(cursor, filters, currency, map extent and layers, theme, the export's title page).

Kept out of ``main_window.py`` so that the window only builds it: one job per module.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QVariantAnimation
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..core.bookmarks import Bookmark, Bookmarks
from ..core.briefing_file import SUFFIX, BriefingFile, BriefingSettings, filters_from_dict
from ..core.paths import sample_briefing_files

log = logging.getLogger(__name__)
BRIEF_FILTER = f"Briefing files (*{SUFFIX});;All files (*)"
MAX_RECENT = 10
# A bookmark transition: the date and the map move together in this many milliseconds.
TRANSITION_MS = 600


class BriefingController(QObject):
    """The window's briefing file and bookmarks."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.bookmarks = Bookmarks()
        self.path: Path | None = None
        self.last_messages: list[str] = []
        self._pending: BriefingFile | None = None
        self.release_changes = None      # against an earlier release: the pack's Changes pages
        self._transition: QVariantAnimation | None = None
        window.load_finished.connect(self._apply_pending)

    def add_menu(self, file_menu, before_action) -> None:
        """Open briefing, Save, Save as and Recent briefings, placed before ``before_action``."""
        act = self.window._action
        menu_actions = [
            act(None, "Open &briefing…", self.open_dialog, "Ctrl+Shift+B",
                tip="Open a saved briefing: its inputs, dates, filters, view and bookmarks"),
            act(None, "&Save briefing", self.save, "Ctrl+S"),
            act(None, "Save briefing &as…", self.save_as, "Ctrl+Shift+S"),
            act(None, "&Compare with an earlier release…", self.compare_dialog,
                tip="What changed since the previous release of the pledge workbook; the "
                    "export then has a 'Changes since the last release' slide and sheet"),
        ]
        for a in menu_actions:
            file_menu.insertAction(before_action, a)
        self.recent_menu = QMenu("Recent b&riefings", file_menu)
        file_menu.insertMenu(before_action, self.recent_menu)
        file_menu.insertSeparator(before_action)
        self._rebuild_recent()

    # -- state <-> briefing ---------------------------------------------------------------
    def current_bookmark(self, title: str = "", note: str = "") -> Bookmark:
        """A bookmark of what the window shows now."""
        day = str(self.session.cursor.date)
        return Bookmark(title=title or day, date=day, note=note, extent=self._extent(),
                        layers=self._layers(), filters=self._filters_dict())

    def go_to(self, mark: Bookmark, animate: bool = False) -> None:
        """Show ``mark``: its date, map extent, layers and filters (animated in presentation)."""
        if self._transition is not None:
            self._transition.stop()
            self._transition = None
        self.session.filters.set_values(filters_from_dict(mark.filters, mark.title, []))
        for name, on in mark.layers.items():
            self.window.map_view.set_layer_visible(name, on)
        target = np.datetime64(mark.date, "D")
        start_day, start_extent = self.session.cursor.date, self._extent()
        if not animate or start_extent is None or mark.extent is None:
            self.session.cursor.set_date(target)
            if mark.extent is not None:
                self._set_extent(mark.extent)
            return
        days = int((target - start_day).astype(int))
        anim = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=TRANSITION_MS)

        def step(t):
            t = float(t)
            self.session.cursor.set_date(start_day + np.timedelta64(round(days * t), "D"))
            self._set_extent([a + (b - a) * t for a, b in zip(start_extent, mark.extent)])
        anim.valueChanged.connect(step)
        anim.finished.connect(lambda: step(1.0))
        self._transition = anim
        anim.start()

    def briefing_file(self) -> BriefingFile:
        s = self.session
        from .dialogs.export_dialog import INFO_FIELDS, SETTINGS_GROUP, settings
        st = settings()
        st.beginGroup(SETTINGS_GROUP)
        info = {k: str(st.value(k, "") or "") for k in INFO_FIELDS}
        st.endGroup()
        from . import theme
        since = s.compare_with
        return BriefingFile(
            settings=BriefingSettings(
                as_of=str(s.cursor.date), since=None if since is None else str(since),
                currency=s.currency, area=s.aoi.key,
                filters=self._filters_dict(), map_extent=self._extent(),
                theme=theme.manager().theme, **info),
            bookmarks=list(self.bookmarks))

    def apply(self, brief: BriefingFile) -> None:
        """Put what ``brief`` holds on screen (after its inputs are loaded)."""
        st_ = brief.settings
        s = self.session
        if st_.currency != s.currency:
            s.set_currency(st_.currency)
        if st_.area:
            s.set_aoi(st_.area)
        s.set_compare_with(np.datetime64(st_.since, "D") if st_.since else None)
        s.filters.set_values(filters_from_dict(st_.filters, "briefing", []))
        if st_.as_of:
            s.cursor.set_date(np.datetime64(st_.as_of, "D"))
        if st_.map_extent:
            self._set_extent(st_.map_extent)
        if st_.theme in ("light", "dark"):
            self.window.set_theme(st_.theme)
        from .dialogs.export_dialog import INFO_FIELDS, SETTINGS_GROUP, settings
        st = settings()
        st.beginGroup(SETTINGS_GROUP)
        for k in INFO_FIELDS:
            if getattr(st_, k):
                st.setValue(k, getattr(st_, k))
        st.endGroup()
        self.bookmarks.set_all(brief.bookmarks)

    # -- files ------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        start = str(self.path or Path(self.window.settings.value("last_dir", str(Path.home())))
                    / f"briefing{SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self.window, "Save briefing", start, BRIEF_FILTER)
        if not name:
            return False
        if not name.endswith(SUFFIX):
            name = str(Path(name).with_suffix("")) + SUFFIX if name.endswith(".json") \
                else name + SUFFIX
        return self.save_to(Path(name))

    def save_to(self, path: Path) -> bool:
        from ..io.briefing_store import save_briefing
        inputs = self.window.paths or sample_briefing_files()
        try:
            self.last_messages = save_briefing(path, inputs, self.briefing_file())
        except OSError as exc:
            self.window.show_error("Could not save the briefing",
                                   f"{path}: {exc.strerror or exc}\n\nThe previous file, if "
                                   "any, is unchanged.")
            return False
        self.path = Path(path)
        self._add_recent(path)
        self.window.statusBar().showMessage(
            f"Saved {self.path.name}: {len(inputs)} inputs, {len(self.bookmarks)} bookmarks"
            + ("; " + "; ".join(self.last_messages) if self.last_messages else ""), 15000)
        return True

    def open_dialog(self) -> None:
        start = self.window.settings.value("last_dir", str(Path.home()))
        name, _ = QFileDialog.getOpenFileName(self.window, "Open briefing", start, BRIEF_FILTER)
        if name:
            self.open(Path(name))

    def open(self, path: Path, locate=None) -> bool:
        """Open the briefing at ``path``; ``locate(missing_input) -> Path | None`` finds a
        missing input (default: ask with a file dialog). The briefing on screen stays when the
        file cannot be used."""
        from ..io import UnreadableInput
        from ..io.briefing_store import open_briefing, relocate
        try:
            opened = open_briefing(Path(path))
        except UnreadableInput as exc:
            self.window.show_error("Could not open the briefing",
                                   f"{exc.path}: {exc.message}\n\nThe briefing on screen is "
                                   "unchanged.")
            return False
        locate = locate or self._ask_location
        for state in opened.missing:
            found = locate(state)
            if found:
                relocate(opened, state.ref, Path(found))
        self.last_messages = opened.messages
        if not opened.files:
            self.window.show_error("Could not open the briefing",
                                   f"None of the inputs of {Path(path).name} can be found.\n\n"
                                   + "\n".join(self.last_messages))
            return False
        self.path = Path(path)
        self._add_recent(path)
        self._pending = opened.brief
        if self.last_messages:
            self._notice(f"Briefing {self.path.name}", "\n".join(self.last_messages))
        self.window.load(opened.files, replace=True)
        return True

    def _notice(self, title: str, text: str, details: str = "") -> None:
        """Say it without blocking: the briefing keeps loading behind the box."""
        box = QMessageBox(QMessageBox.Information, title, text, QMessageBox.Ok, self.window)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WA_DeleteOnClose, True)
        self.notice_box = box
        box.open()

    def compare_dialog(self) -> None:
        start = self.window.settings.value("last_dir", str(Path.home()))
        name, _ = QFileDialog.getOpenFileName(self.window, "Earlier release of the pledge "
                                              "workbook", start)
        if name:
            self.compare_with(Path(name))

    def compare_with(self, previous: Path) -> bool:
        """Compare the loaded pledges with ``previous``; show the result and keep it for the
        export. The window's briefing is not changed."""
        from PySide6.QtWidgets import QApplication
        from ..core.describe import changes_text
        from ..core.release_changes import compare_releases
        from ..core.summary import default_fx
        from ..io import UnreadableInput, load_briefing
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            old = load_briefing([previous])
        except UnreadableInput as exc:
            self.window.show_error("Could not compare", f"{exc.path}: {exc.message}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        if not len(old.pledges):
            self.window.show_error("Could not compare", f"{previous.name} holds no pledges.")
            return False
        self.release_changes = compare_releases(old, self.session.briefing,
                                                self.session.fx or default_fx())
        self.changes_text = changes_text(self.release_changes)
        said = (f"Compared with {previous.name}: {self.release_changes.counts_text()}; the "
                "export adds a Changes slide and sheet.")
        self._notice("Changes since the last release", said, details=self.changes_text)
        self.window.statusBar().showMessage(said, 15000)
        return True

    def _ask_location(self, state) -> str | None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, f"Locate {Path(state.ref.path).name}", str(state.path.parent))
        return name or None

    def _apply_pending(self, _paths) -> None:
        if self._pending is not None:
            brief, self._pending = self._pending, None
            self.apply(brief)

    # -- recent briefings -----------------------------------------------------------------------
    def recent(self) -> list[str]:
        value = self.window.settings.value("recent_briefings", [])
        return [str(v) for v in ([value] if isinstance(value, str) else (value or []))]

    def _add_recent(self, path) -> None:
        path = str(Path(path).resolve())
        items = [path] + [p for p in self.recent() if p != path]
        self.window.settings.setValue("recent_briefings", items[:MAX_RECENT])
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.recent():
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _c=False, path=p: self.open(Path(path)))
        self.recent_menu.setEnabled(bool(self.recent()))

    # -- helpers ----------------------------------------------------------------------------------
    def _extent(self) -> list[float] | None:
        vb = getattr(self.window.map_view, "view_box", None)
        if vb is None:
            return None
        (x0, x1), (y0, y1) = vb.viewRange()
        return [round(float(v), 5) for v in (x0, x1, y0, y1)]

    def _set_extent(self, extent) -> None:
        vb = getattr(self.window.map_view, "view_box", None)
        if vb is not None:
            x0, x1, y0, y1 = extent
            vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def _layers(self) -> dict[str, bool]:
        actions = getattr(self.window.map_view, "layer_actions", {}) or {}
        return {name: bool(a.isChecked()) for name, a in actions.items()}

    def _filters_dict(self) -> dict:
        values = self.session.filters.values
        return values.as_dict() if values.active else {}

