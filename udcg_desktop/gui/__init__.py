"""The Qt window: ``gui.app.run(paths)``. This package's ``__init__`` imports no Qt, so Qt-free
helpers (``gui.loading``) can run in worker threads without pulling in Qt.

It does set one Qt option, before anything paints: Qt's raster engine splits each large blend
across a thread pool and waits for it. A cursor step blends a dozen mid-sized layer pictures, and
on a two-core machine the hand-offs and the waiting cost more than they save: a one-day step with
the benchmark's briefing took ~3 ms (~14%) longer in wall time with the pool than without, for the
same CPU time (``tests/bench/bench_viewer.py`` prints both). ``UDCG_QT_THREADPOOL=1`` keeps Qt's
pool."""
import os

if not os.environ.get("UDCG_QT_THREADPOOL"):
    # Read once, when Qt first wants its pool (the first large paint), so set before any.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
