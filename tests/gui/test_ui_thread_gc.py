"""Cycles are collected on the UI thread only: a worker allocating garbage never runs a
collection that could free a Qt object there (a segfault seen once in a whole-suite run)."""
import gc
import threading

from udcg_desktop.gui import app as app_module


class _Cycle:
    """A self-referencing object that records the thread its collection ran in."""
    freed_in: list = []

    def __init__(self):
        self.me = self

    def __del__(self):
        _Cycle.freed_in.append(threading.current_thread().name)


def _churn(n=60_000):
    for _ in range(n):      # cyclic garbage: enough to trigger every generation's threshold
        a = []
        a.append(a)


def test_the_window_collects_cycles_on_the_ui_thread_never_in_a_worker(qtbot, monkeypatch):
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)   # restored after
    app_module._start_app([])          # what the window does at start
    assert not gc.isenabled()
    _Cycle.freed_in.clear()
    _Cycle()                            # garbage from now on, reachable only through its cycle
    worker = threading.Thread(target=_churn, name="worker")
    worker.start()
    worker.join()
    assert _Cycle.freed_in == []        # the worker allocated plenty, but collected nothing
    _churn(2_000)                        # past generation 0's threshold, so the timer collects
    qtbot.waitUntil(lambda: bool(_Cycle.freed_in), timeout=5000)
    assert _Cycle.freed_in == [threading.main_thread().name]


def test_a_worker_s_paused_collection_does_not_switch_it_back_on(qtbot):
    from udcg_desktop.core.gc_pause import no_gc
    from udcg_desktop.gui.ui_thread_gc import collect_on_ui_thread
    collect_on_ui_thread()

    def read():
        with no_gc():            # what the readers do in the loader thread
            _churn(10)
    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert not gc.isenabled()
