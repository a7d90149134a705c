"""The briefing viewer: map in the middle, timeline, pledge table, figures and details as docks.

Loading runs in a worker (``QThreadPool``) calling ``io.read_any`` and ``core.model.assemble``;
the window shows progress and stays responsive. A load that fails leaves the briefing on screen
as it was and says why. Opened files are watched (``QFileSystemWatcher``, debounced): a change
reloads, a deletion is reported.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractSpinBox, QDockWidget, QFileDialog, QLabel,
                               QLineEdit, QMainWindow, QMessageBox, QProgressBar, QToolBar)

from ..core.describe import summary_text
from . import theme
from .connections import Connections
from .load_task import LoadTask
from .presentation import PresentationMode
from .views.details_panel import DetailsPanel
from .views.figures_panel import FiguresPanel
from .views.pledge_table import PledgeTableView
from .views.time_controls import TimeControls
from .views.timeline_view import TimelineView
from .window_shortcuts import WindowShortcutsFirst

log = logging.getLogger("udcg_desktop.gui")
MAX_RECENT = 10
OPEN_FILTER = ("Briefing inputs (*.xlsx *.xlsm *.xls *.ods *.csv *.geojson *.json);;"
               "Pledge workbooks (*.xlsx *.xlsm *.xls *.ods *.csv);;"
               "Events (*.csv *.json);;Control areas (*.geojson *.json);;All files (*)")
SAMPLE_TITLE = "Sample briefing: Kharkiv offensive 2024"


def _map_widget(session):
    try:
        from .views.map.view import MapView
    except ImportError:
        w = QLabel("Map view not available in this build.")
        w.setAlignment(Qt.AlignCenter)
        w.setObjectName("MapPlaceholder")
        return w
    return MapView(session)


class MainWindow(QMainWindow):
    load_started = Signal(object)
    load_finished = Signal(object)       # paths
    load_failed = Signal(str)
    files_missing = Signal(object)       # list of paths

    def __init__(self, session, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.settings = settings if settings is not None else QSettings()
        self.paths: list[Path] = []
        self.is_sample = False
        self.last_error = ""
        self.last_notice = ""
        self._conns = Connections()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: list[LoadTask] = []
        self._load_gen = 0
        self.presentation = PresentationMode(self)
        self._message_boxes: list[QMessageBox] = []
        self.setWindowTitle("UDCG Briefing Desktop")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.resize(1600, 1000)

        # Views.
        self.map_view = _map_widget(session)
        self.setCentralWidget(self.map_view)
        self.time_controls = TimeControls(session)
        self.timeline = TimelineView(session)
        self.table = PledgeTableView(session)
        self.figures = FiguresPanel(session)
        self.details = DetailsPanel(session)

        self.time_bar = QToolBar("Time")
        self.time_bar.setObjectName("toolbar_time")
        self.time_bar.setMovable(True)
        self.time_bar.addWidget(self.time_controls)
        self.addToolBar(Qt.TopToolBarArea, self.time_bar)

        self.docks: dict[str, QDockWidget] = {}
        self._add_dock("timeline", "Timeline", self.timeline, Qt.BottomDockWidgetArea)
        from PySide6.QtWidgets import QScrollArea
        self.figures_scroll = QScrollArea()
        self.figures_scroll.setWidgetResizable(True)
        self.figures_scroll.setWidget(self.figures)
        self.figures_scroll.setFrameShape(QScrollArea.NoFrame)
        self._add_dock("figures", "Figures", self.figures_scroll, Qt.RightDockWidgetArea)
        self._add_dock("pledges", "Pledges", self.table, Qt.BottomDockWidgetArea)
        self._add_dock("details", "Details", self.details, Qt.RightDockWidgetArea)
        from .briefing_controller import BriefingController
        from .views.bookmarks_panel import BookmarksPanel
        self.briefing_file = BriefingController(self)
        self.bookmarks_panel = BookmarksPanel(self.briefing_file)
        self._add_dock("bookmarks", "Bookmarks", self.bookmarks_panel, Qt.RightDockWidgetArea)
        self.splitDockWidget(self.docks["timeline"], self.docks["pledges"], Qt.Horizontal)
        self.tabifyDockWidget(self.docks["figures"], self.docks["details"])
        self.tabifyDockWidget(self.docks["figures"], self.docks["bookmarks"])
        self.docks["figures"].raise_()
        self.resizeDocks([self.docks["figures"]], [430], Qt.Horizontal)
        self.resizeDocks([self.docks["timeline"]], [330], Qt.Vertical)
        self.resizeDocks([self.docks["timeline"], self.docks["pledges"]], [700, 600],
                         Qt.Horizontal)

        # Status bar: progress and notices.
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status_label = QLabel()
        self.aoi_label = QLabel()
        self.aoi_label.setObjectName("aoi_label")
        self.statusBar().addPermanentWidget(self.aoi_label)
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().addPermanentWidget(self.progress)

        # Watching opened files.
        from PySide6.QtCore import QFileSystemWatcher
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_path_changed)
        self.watcher.directoryChanged.connect(self._on_path_changed)
        self._changed: set[str] = set()
        self._reload_timer = QTimer(self, singleShot=True, interval=700)
        self._reload_timer.timeout.connect(self._on_files_changed)

        self._build_menus()
        self._shortcuts_first = WindowShortcutsFirst(self)
        for field in self.findChildren(QLineEdit) + self.findChildren(QAbstractSpinBox):
            field.installEventFilter(self._shortcuts_first)
        self._conns.connect(session.briefing_changed, self._on_briefing)
        self._conns.connect(session.selection.changed, self._on_selection)
        self._restore_settings()
        self._on_briefing(session.briefing)

    # -- construction -----------------------------------------------------------------------
    def _add_dock(self, key, title, widget, area):
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _action(self, menu, text, slot, shortcut=None, checkable=False, tip=None):
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.WindowShortcut)
        a.setCheckable(checkable)
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        if menu is not None:
            menu.addAction(a)
        self.addAction(a)
        return a

    def _build_menus(self):
        mb = self.menuBar()
        f = mb.addMenu("&File")
        self._action(f, "&Open…", self.open_dialog, QKeySequence.Open,
                     tip="Open pledge workbooks, events or control-area files (replaces)")
        self._action(f, "&Add to briefing…", lambda: self.open_dialog(add=True), "Ctrl+Shift+O")
        self._action(f, "Open snapshot &folder…", self.open_folder_dialog, "Ctrl+Alt+O")
        self.recent_menu = f.addMenu("Open &recent")
        reload_action = self._action(f, "&Reload", self.reload, QKeySequence.Refresh)
        self.briefing_file.add_menu(f, reload_action)
        f.addSeparator()
        self._action(f, "&Import report…", self.show_import_report, "Ctrl+I")
        self._action(f, "&Export…", self.show_export_dialog, "Ctrl+E")
        f.addSeparator()
        self._action(f, "&Quit", self.close, QKeySequence.Quit)

        e = mb.addMenu("&Edit")
        self._action(e, "Copy briefing &text", self.copy_briefing_text, "Ctrl+Shift+C")
        self._action(e, "Clear &filters", self.session.filters.clear, "Ctrl+Shift+F")
        self._action(e, "Clear &selection", self.session.selection.clear)

        v = mb.addMenu("&View")
        for dock in self.docks.values():
            v.addAction(dock.toggleViewAction())
        v.addAction(self.time_bar.toggleViewAction())
        v.addSeparator()
        group = QActionGroup(self)
        self.theme_actions = {}
        for name, label in (("light", "&Light theme"), ("dark", "&Dark theme")):
            a = self._action(v, label, lambda _c=False, n=name: self.set_theme(n),
                             checkable=True)
            group.addAction(a)
            self.theme_actions[name] = a
        self.colourblind_action = self._action(
            v, "Colour-&blind-safe palette (Okabe-Ito)", self.set_colourblind, checkable=True)
        v.addSeparator()
        self._build_aoi_menu(v)
        self.presentation_action = self._action(v, "&Presentation mode", self.toggle_presentation,
                                                "F11", checkable=True)
        self._action(v, "Whole &timeline", self.timeline.show_all, "Ctrl+0")
        self.leave_action = self._action(None, "Leave presentation mode",
                                         self.leave_presentation, "Esc")
        self.leave_action.setEnabled(False)

        t = mb.addMenu("&Time")
        self.play_action = self._action(t, "&Play / pause", self.time_controls.toggle_play,
                                        "Space")
        self._action(t, "Step &forward", lambda: self.time_controls.step(1), "Right")
        self._action(t, "Step &back", lambda: self.time_controls.step(-1), "Left")
        self._action(t, "Go to &start", lambda: self.session.cursor.set_date(
            self.session.cursor.minimum), "Home")
        self._action(t, "Go to &end", lambda: self.session.cursor.set_date(
            self.session.cursor.maximum), "End")
        # Presentation mode only (elsewhere Page Down scrolls the table).
        self.next_day_action = self._action(t, "&Next bookmark or event day",
                                            lambda: self.presentation.step_story(1), "PgDown")
        self.previous_day_action = self._action(t, "P&revious bookmark or event day",
                                                lambda: self.presentation.step_story(-1), "PgUp")
        for a in (self.next_day_action, self.previous_day_action):
            a.setEnabled(False)
        self._rebuild_recent()
        self._conns.connect_qt(theme.manager().theme_changed, self._on_theme)
        self._sync_theme_actions()

    def _build_aoi_menu(self, view_menu):
        """View > Area of interest: the Kharkiv axis (default) or everything loaded."""
        from ..core.aoi import AOI_KEYS, area_of_interest
        menu = view_menu.addMenu("&Area of interest")
        group = QActionGroup(self)
        self.aoi_actions = {}
        for key in AOI_KEYS:
            a = QAction(area_of_interest(key).label, self, checkable=True)
            a.triggered.connect(lambda _c=False, k=key: self.session.set_aoi(k))
            group.addAction(a)
            menu.addAction(a)
            self.aoi_actions[key] = a
        self._conns.connect(self.session.aoi_changed, self._on_aoi)
        self._on_aoi(self.session.aoi)

    def _on_aoi(self, aoi):
        self.aoi_actions[aoi.key].setChecked(True)
        self.aoi_label.setText(f"Events: {aoi.label}")
        self.aoi_label.setToolTip(f"Area of interest: {aoi.description or aoi.label}. "
                                  "View > Area of interest switches it.")

    # -- loading ----------------------------------------------------------------------------
    def load(self, paths, replace: bool = True, sample: bool = False, prefetched=None) -> None:
        """Read ``paths`` in the worker; on success they replace (or join) the current files."""
        paths = [Path(p) for p in paths]
        if not replace:
            paths = list(dict.fromkeys(self.paths + paths))
        if not paths:
            return
        self._load_gen += 1
        gen = self._load_gen
        title = SAMPLE_TITLE if sample else (self.session.briefing.title
                                             if not replace and not self.is_sample
                                             else "UDCG briefing")
        task = LoadTask(paths, title, self.session.fx, prefetched)
        task.signals.progress.connect(self._on_progress)
        task.signals.done.connect(lambda b, p: self._on_loaded(gen, b, p, sample))
        task.signals.failed.connect(lambda msg, p: self._on_load_failed(gen, msg, p))
        self._tasks.append(task)
        self.progress.setRange(0, len(paths) + 1)
        self.progress.setValue(0)
        self.progress.setFormat("Loading…")
        self.progress.show()
        self.load_started.emit(paths)
        self._load_t0 = time.perf_counter()
        self._pool.start(task)

    @property
    def loading(self) -> bool:
        return bool(self._tasks)

    def _finish_task(self):
        self._tasks = [t for t in self._tasks if not getattr(t, "_finished", False)]

    def _on_progress(self, done, total, what):
        self.progress.setRange(0, total + 1)
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total} {what}")
        self.statusBar().showMessage(f"Loading {what}…")

    def adopt_loaded(self, paths, sample: bool = False) -> None:
        """The session's briefing was read from ``paths`` before the window existed."""
        self.paths = [Path(p) for p in paths]
        self.is_sample = sample
        self._watch(self.paths)
        self._remember(self.paths, sample)
        self._on_briefing(self.session.briefing)

    def _on_loaded(self, gen, briefing, paths, sample):
        self._drop_task(paths)
        if gen != self._load_gen:          # a newer load was started: this one is stale
            return
        self.progress.hide()
        self.paths = list(paths)
        self.is_sample = sample
        self.session.set_briefing(briefing)
        self._watch(paths)
        self._remember(paths, sample)
        n_err = sum(1 for p in briefing.problems if p.severity == "error")
        took = time.perf_counter() - getattr(self, "_load_t0", time.perf_counter())
        self.statusBar().showMessage(
            f"Loaded {len(paths)} input(s) in {took:.1f} s: {len(briefing.pledges):,} pledges, "
            f"{len(briefing.deliveries):,} deliveries, {len(briefing.events):,} events, "
            f"{len(briefing.areas)} snapshots; {len(briefing.problems)} problems "
            f"({n_err} errors)", 15000)
        self.load_finished.emit(paths)

    def _on_load_failed(self, gen, message, paths):
        self._drop_task(paths)
        if gen != self._load_gen:
            return
        self.progress.hide()
        self.show_error("Could not load", message + "\n\nThe briefing on screen is unchanged.")
        self.load_failed.emit(message)

    def _drop_task(self, paths):
        self._tasks = [t for t in self._tasks if t.paths != list(paths)]

    def reload(self, *_):
        if self.paths:
            self.load(self.paths, replace=True, sample=self.is_sample)

    def open_dialog(self, add: bool = False):
        start = self.settings.value("last_dir", str(Path.home()))
        files, _ = QFileDialog.getOpenFileNames(self, "Open briefing inputs", start, OPEN_FILTER)
        if files:
            self.settings.setValue("last_dir", str(Path(files[0]).parent))
            self.load(files, replace=not add or self.is_sample)

    def open_folder_dialog(self):
        start = self.settings.value("last_dir", str(Path.home()))
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of control-area snapshots",
                                                  start)
        if folder:
            self.load([folder], replace=False if not self.is_sample else True)

    # recent files
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, paths, sample: bool) -> None:
        """Opened inputs (from a dialog, a drop or the command line) go to "Open recent"."""
        if not sample:
            for p in paths:
                self._add_recent(p)

    def _add_recent(self, path):
        items = [str(path)] + [p for p in self.recent_files() if p != str(path)]
        self.settings.setValue("recent_files", items[:MAX_RECENT])
        self._rebuild_recent()

    def _rebuild_recent(self):
        self.recent_menu.clear()
        items = self.recent_files()
        for p in items:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _c=False, path=p: self.load([path], replace=True))
        self.recent_menu.setEnabled(bool(items))

    # drag and drop
    def dragEnterEvent(self, e):
        if e.mimeData().hasUrls() and any(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e):
        paths = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
        if paths:
            e.acceptProposedAction()
            self.load(paths, replace=self.is_sample or not self.paths)

    # watching
    def _watch(self, paths):
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        existing = [str(p) for p in paths if Path(p).exists()]
        if existing:
            self.watcher.addPaths(existing)

    def _on_path_changed(self, path):
        self._changed.add(path)
        self._reload_timer.start()

    def _on_files_changed(self):
        changed, self._changed = self._changed, set()
        missing = [p for p in self.paths if not Path(p).exists()]
        if missing:
            names = ", ".join(str(p) for p in missing)
            self.last_notice = (f"{names} was deleted or moved. The briefing on screen is as "
                                f"last loaded; reopen the file to refresh it.")
            self.status_label.setText("⚠ input file missing")
            self.status_label.setToolTip(self.last_notice)
            self.statusBar().showMessage(self.last_notice, 30000)
            self.files_missing.emit(missing)
            # Keep watching what still exists (and the folder of the missing file, to notice
            # it coming back).
            self._watch([p for p in self.paths if Path(p).exists()]
                        + [Path(p).parent for p in missing if Path(p).parent.exists()])
            return
        self.status_label.setText("")
        if changed:
            self.statusBar().showMessage("An input changed on disk: reloading…", 5000)
            self.reload()

    # -- state -> window ------------------------------------------------------------------------
    def _on_briefing(self, briefing):
        title = briefing.title or "UDCG briefing"
        self.setWindowTitle(f"{title} — UDCG Briefing Desktop")

    def _on_selection(self, value):
        if value.kind in ("events", "deliveries") and value.rows:
            self.docks["details"].show()
            self.docks["details"].raise_()

    # -- dialogs and errors -------------------------------------------------------------------
    def show_error(self, title: str, message: str) -> None:
        """Say what went wrong without blocking (tests and the watcher must keep running)."""
        self.last_error = message
        log.warning("%s: %s", title, message)
        self.statusBar().showMessage(message.splitlines()[0], 30000)
        box = QMessageBox(QMessageBox.Warning, title, message, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose, True)
        box.finished.connect(lambda _r, b=box: self._message_boxes.remove(b)
                             if b in self._message_boxes else None)
        self._message_boxes.append(box)
        box.open()

    def show_import_report(self):
        from .dialogs.import_report import ImportReportDialog
        self.import_report = ImportReportDialog(self.session.briefing, self)
        self.import_report.setAttribute(Qt.WA_DeleteOnClose, True)
        self.import_report.show()
        return self.import_report

    def show_export_dialog(self):
        try:
            from .dialogs.export_dialog import ExportDialog
        except ImportError:
            self.show_error("Export", "The export dialog is not available in this build.")
            return None
        dialog = ExportDialog(self.session, self)
        dialog.exec()
        return dialog

    def briefing_text(self) -> str:
        s = self.session.current_summary()
        try:
            from ..export.text import briefing_text
        except ImportError:
            return summary_text(s)
        return briefing_text(s)

    def copy_briefing_text(self):
        QGuiApplication.clipboard().setText(self.briefing_text())
        self.statusBar().showMessage("Briefing text copied to the clipboard", 5000)

    # -- theme ----------------------------------------------------------------------------------
    def set_theme(self, name):
        theme.manager().set_theme(name)
        self.settings.setValue("theme", name)

    def set_colourblind(self, on):
        theme.manager().set_colourblind(bool(on))
        self.settings.setValue("colourblind", bool(on))

    def _on_theme(self, _pal):
        self._sync_theme_actions()

    def _sync_theme_actions(self):
        m = theme.manager()
        for name, a in self.theme_actions.items():
            a.setChecked(name == m.theme)
        self.colourblind_action.setChecked(m.colourblind)

    # -- presentation mode (gui/presentation.py) ---------------------------------------------
    @property
    def presenting(self) -> bool:
        return self.presentation.active

    def toggle_presentation(self, *_):
        if self.presenting:
            self.leave_presentation()
        else:
            self.enter_presentation()

    def enter_presentation(self):
        self.presentation.enter()

    def leave_presentation(self):
        self.presentation.leave()

    def resizeEvent(self, e):
        super().resizeEvent(e)
        if self.presenting:       # full screen arrives after the request: size the docks then
            QTimer.singleShot(0, self.presentation.size_docks)

    # -- settings and closing ----------------------------------------------------------------
    def _restore_settings(self):
        s = self.settings
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        name = s.value("theme", "light")
        if name in theme.THEMES:
            theme.manager().set_theme(name)
        cb = s.value("colourblind", False)
        theme.manager().set_colourblind(cb in (True, "true", "1", 1))
        self._sync_theme_actions()

    def save_settings(self):
        if self.presenting:
            self.leave_presentation()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def shutdown(self):
        """Stop timers and workers; disconnect every view from the session."""
        self.time_controls.shutdown()
        self._reload_timer.stop()
        for t in self._tasks:
            t.cancelled = True
        self._pool.waitForDone(10000)
        self._tasks.clear()
        for view in (self.timeline, self.table, self.figures, self.details):
            view.shutdown()
        if hasattr(self.map_view, "shutdown"):
            self.map_view.shutdown()
        elif hasattr(self.map_view, "close") and not isinstance(self.map_view, QLabel):
            self.map_view.close()
        self._conns.disconnect_all()

    def closeEvent(self, e):
        self.save_settings()
        self.shutdown()
        super().closeEvent(e)
