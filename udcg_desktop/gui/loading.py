"""Reading inputs for the window, with no Qt import: runs in worker threads (the start-up
prefetch and the window's loader), so it must not contend for the import lock with the UI thread
importing Qt."""
from __future__ import annotations

from pathlib import Path

from ..core.filters import FilterValues


def read_briefing(paths, title, fx=None, progress=None, cancelled=None):
    """Read and assemble ``paths``, and build the summary engine's caches (currency values,
    codes), all on the calling (worker) thread. Raises ``UnreadableInput``."""
    from ..core.model import assemble
    from ..core.summary import engine_for
    from ..io import read_any
    parts = []
    n = len(paths)
    for k, path in enumerate(paths):
        if cancelled is not None and cancelled():
            return None
        if progress is not None:
            progress(k, n, Path(path).name)
        parts.append(read_any(path))
    if progress is not None:
        progress(n, n, "assembling")
    briefing = assemble(parts, title=title)
    engine = engine_for(briefing, fx)
    engine.values("EUR")
    engine.masks(FilterValues())
    return briefing
