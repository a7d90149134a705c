"""Pause Python's cyclic garbage collector while millions of small objects are built."""
from __future__ import annotations

from contextlib import contextmanager
import gc


@contextmanager
def no_gc():
    """Readers and the release comparison create many objects and no reference cycles: the
    cyclic collector would only walk them again and again (about a quarter of a 100k-row
    workbook load)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
