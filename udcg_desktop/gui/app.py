"""``run(paths)``: the application. No paths: the bundled sample briefing.

The window is built while the inputs load in a worker, and shown when they are in (or after a
short wait), so the first painted window shows the briefing. An exception in any slot is logged
and shown in a dialog; the app keeps running.
"""
from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path

log = logging.getLogger("udcg_desktop")
ORGANISATION = "UDCG Briefing Desktop"
APPLICATION = "udcg-desktop"
_T0 = time.perf_counter()
PREFETCH_WAIT_S = 1.5      # how long start-up waits for the inputs before showing progress


def log_path() -> Path:
    from ..core.paths import user_cache_dir     # (not via io: its package imports every reader)
    path = user_cache_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path / "udcg-desktop.log"


def _setup_logging() -> None:
    if log.handlers:
        return
    try:
        handler = logging.FileHandler(log_path(), encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


class ExceptionHook:
    """Log an unexpected exception with its traceback and show it in a dialog; keep running."""

    def __init__(self):
        self.shown = []       # messages shown (tests read this)
        self._showing = False

    def __call__(self, exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", text)
        message = f"{exc_type.__name__}: {exc}"
        self.shown.append(message)
        if self._showing:      # an error while showing an error: log only
            return
        from PySide6.QtWidgets import QApplication, QMessageBox
        if QApplication.instance() is None:
            sys.__stderr__.write(text)
            return
        self._showing = True
        try:
            box = QMessageBox(QMessageBox.Critical, "Unexpected error",
                              f"Something went wrong: {message}\n\nThe app keeps running; the "
                              f"details are in {log_path()}.", QMessageBox.Ok,
                              QApplication.activeWindow())
            box.setDetailedText(text)
            box.setAttribute(__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.WA_DeleteOnClose)
            box.open()
        finally:
            self._showing = False


def install_exception_hook() -> ExceptionHook:
    hook = ExceptionHook()
    sys.excepthook = hook
    return hook


def run(paths: list[Path], argv: list[str] | None = None) -> int:
    """Open the window on ``paths`` (no paths: the sample briefing) and run until it closes."""
    if "PySide6.QtWidgets" not in sys.modules:       # before Qt: one line, not Qt's abort
        from .platform_check import missing_xcb_message
        problem = missing_xcb_message()
        if problem:
            print(problem, file=sys.stderr)
            return 1
    from ..core.paths import is_briefing_file, sample_briefing_files
    briefs = [Path(p) for p in paths if is_briefing_file(p)]
    paths = [Path(p) for p in paths if not is_briefing_file(p)]
    if briefs:
        return _run_briefing(briefs[0], argv)
    sample = not paths
    paths = [Path(p) for p in paths] or sample_briefing_files()
    title = "Sample briefing: Kharkiv offensive 2024" if sample else "UDCG briefing"
    # Start reading at once, in a worker, while Qt and the window are being set up.
    from concurrent.futures import ThreadPoolExecutor

    from .ui_thread_gc import pause_automatic_collection
    pause_automatic_collection()
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="udcg-prefetch")

    def prefetch():
        from .loading import read_briefing
        briefing = read_briefing(paths, title)
        try:      # the map's base map (cached) is read here too, not on the UI thread
            from .views.map.basemap import shipped_geometry
            shipped_geometry()
        except Exception:      # noqa: BLE001 - the map view reports its own problems
            pass
        return briefing

    future = executor.submit(prefetch)
    executor.shutdown(wait=False)
    from ..core.atomic import clean_scratch
    clean_scratch()             # scratch files of an earlier run that was killed
    app, previous_hook = _start_app(argv)
    from PySide6.QtCore import QTimer

    from ..core.model import Briefing
    from ..core.session import Session
    from .main_window import MainWindow

    # A small input is read by the time Qt is up: build the window once, on the data. A large
    # one keeps loading in the worker while the window shows its progress.
    from concurrent.futures import TimeoutError as FutureTimeout
    try:
        future.result(timeout=PREFETCH_WAIT_S)
        ready = True
    except FutureTimeout:
        ready = False
    except Exception:        # unreadable: the window's loader reports it
        ready = False
    if ready:
        window = MainWindow(Session(future.result()))
        window.adopt_loaded(paths, sample=sample)
        window.show()
    else:
        window = MainWindow(Session(Briefing(title="Loading…")))
        window.load(paths, replace=True, sample=sample, prefetched=future)
        shown = {"done": False}

        def show():
            if not shown["done"]:
                shown["done"] = True
                window.show()

        window.load_finished.connect(lambda _p: show())
        window.load_failed.connect(lambda _m: show())
        QTimer.singleShot(1000, show)   # a slow load: show the window with its progress bar

    if os.environ.get("UDCG_BENCH_FIRST_PAINT"):
        _exit_after_first_paint(window)
    app.aboutToQuit.connect(window.shutdown)
    run.window = window          # for tests and the benchmark
    try:
        return app.exec()
    finally:
        app.aboutToQuit.disconnect(window.shutdown)
        sys.excepthook = previous_hook


def _start_app(argv):
    """Logging, the QApplication (names, style) and the exception hook; returns the app and
    the hook to restore on exit."""
    _setup_logging()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setStyle("Fusion")
    from .ui_thread_gc import collect_on_ui_thread
    collect_on_ui_thread()
    previous_hook = sys.excepthook
    install_exception_hook()
    return app, previous_hook


def _run_briefing(path: Path, argv) -> int:
    """The window on a saved briefing: its inputs, view and bookmarks (File > Open briefing)."""
    from ..core.model import Briefing
    from ..core.session import Session
    from .main_window import MainWindow
    app, previous_hook = _start_app(argv)
    window = MainWindow(Session(Briefing(title="Loading…")))
    window.show()
    window.briefing_file.open(path)     # on failure the window says why and stays empty
    app.aboutToQuit.connect(window.shutdown)
    run.window = window
    try:
        return app.exec()
    finally:
        app.aboutToQuit.disconnect(window.shutdown)
        sys.excepthook = previous_hook


def _exit_after_first_paint(window) -> None:
    """Benchmark hook: print the wall time of the first paint that shows loaded data, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if (event.type() == QEvent.Paint and len(window.session.briefing.pledges)
                    and not window.loading):
                print(f"FIRST_PAINT {time.time():.6f}", flush=True)
                QTimer.singleShot(0, QApplication.instance().quit)
                QApplication.instance().removeEventFilter(self)
            return False

    watch = Watch(window)
    QApplication.instance().installEventFilter(watch)

    def failed(message):
        print(f"LOAD_FAILED {message!r}", flush=True)
        QTimer.singleShot(0, QApplication.instance().quit)

    window.load_failed.connect(failed)
