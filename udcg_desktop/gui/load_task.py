"""``LoadTask``: reads the inputs and assembles a briefing in the window's worker thread, and
reports progress, the briefing or why it failed through Qt signals."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from .loading import read_briefing

log = logging.getLogger("udcg_desktop.gui")


class _LoadSignals(QObject):
    progress = Signal(int, int, str)      # done, total, what
    done = Signal(object, object)         # briefing, paths
    failed = Signal(str, object)          # message, paths


class LoadTask(QRunnable):
    """Read every path and assemble a briefing, off the UI thread."""

    def __init__(self, paths: list[Path], title: str, fx=None, prefetched=None):
        super().__init__()
        self.setAutoDelete(False)
        self.paths = list(paths)
        self.title = title
        self.fx = fx
        self.prefetched = prefetched      # a concurrent.futures.Future of the briefing
        self.signals = _LoadSignals()
        self.cancelled = False

    def run(self):
        from ..io import UnreadableInput
        try:
            if self.prefetched is not None:
                self.signals.progress.emit(0, len(self.paths), "reading")
                briefing = self.prefetched.result()
            else:
                briefing = read_briefing(self.paths, self.title, self.fx,
                                         progress=self.signals.progress.emit,
                                         cancelled=lambda: self.cancelled)
            if briefing is None:
                return
        except UnreadableInput as exc:
            self.signals.failed.emit(f"Cannot read {exc.path}:\n{exc.message}", self.paths)
            return
        except Exception as exc:   # assemble or a reader bug: say so, keep the old briefing
            log.exception("loading %s failed", self.paths)
            self.signals.failed.emit(f"Loading failed: {type(exc).__name__}: {exc}", self.paths)
            return
        if not self.cancelled:
            self.signals.done.emit(briefing, self.paths)
