"""Python's cycle collector runs in whichever thread happens to allocate. When that thread is a
worker (the start-up prefetch, the loader, the film's frames), a collection there can free a Qt
object that belongs to the UI thread and crash the process. So the window turns the automatic
collector off and collects on a UI-thread timer instead (pyqtgraph's ``GarbageCollector``, made
for exactly this)."""
from __future__ import annotations

import gc

_collector = None      # the one timer of the process; kept here so it is never collected


def pause_automatic_collection() -> None:
    """Before the first worker starts: no collection may begin in a worker thread from now on."""
    gc.disable()


def collect_on_ui_thread(interval_s: float = 1.0):
    """Start (once) the UI-thread collector; needs the QApplication. Returns it."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector
        _collector = GarbageCollector(interval=interval_s)
    gc.disable()       # again: a worker's no_gc() may have switched it back on meanwhile
    return _collector
