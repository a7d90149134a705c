"""Control characters out of everything a reader returns, reported once per input.

A NUL in a donor name (Excel writes it as ``_x0000_``, which the cell reader decodes) is
invisible to the briefer but makes every XML-based export (xlsx, pptx, SVG) invalid. They are
removed here, at the reader boundary, so no view or exporter ever sees one."""
from __future__ import annotations

import dataclasses
import re

from ..core.model import BriefingPart, Problem

# C0 controls except tab, newline and carriage return; DEL; what XML 1.0 forbids beyond that.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_controls(part: BriefingPart, path) -> BriefingPart:
    found: list[str] = []
    for table in (part.pledges, part.deliveries, part.events):
        if table is not None and len(table):
            for name in table.columns:
                _clean_column(table[name], found)
    for snap in part.snapshots:
        for feature in snap.features:
            if _CONTROL.search(feature.name):
                found.append(feature.name)
                feature.name = _CONTROL.sub("", feature.name)
        snap.points = [(x, y, _clean(label, found)) for x, y, label in snap.points]
    part.problems = [_clean_problem(p, found) for p in part.problems]
    if found:
        part.problems.append(Problem(
            str(path), None, None, None, _CONTROL.sub("?", found[0])[:80], "warning",
            f"{len(found)} text value(s) held invisible control characters (NUL or Excel's "
            f"_x0000_ escape, for example; '?' marks one in the value shown); they were removed"))
    return part


def _clean(text, found: list):
    if type(text) is str and _CONTROL.search(text):
        found.append(text)
        return _CONTROL.sub("", text)
    return text


def _clean_column(col, found: list) -> None:
    if col.dtype != object:
        return
    try:
        distinct = set(col.tolist())
    except TypeError:           # an unhashable cell value: check them one by one
        distinct = col.tolist()
    texts = [v for v in distinct if type(v) is str]
    if not _CONTROL.search("\n".join(texts)):      # one search for the column ('\n' is allowed)
        return
    bad = {v: _CONTROL.sub("", v) for v in texts if _CONTROL.search(v)}
    if not bad:
        return
    found.extend(bad)
    for i, v in enumerate(col):
        if type(v) is str and v in bad:
            col[i] = bad[v]


def _clean_problem(p: Problem, found: list) -> Problem:
    texts = (p.sheet, p.column, p.value, p.message)
    if not any(type(t) is str and _CONTROL.search(t) for t in texts):
        return p
    scratch: list = []          # the same value counted once, from its column
    return dataclasses.replace(p, sheet=_clean(p.sheet, scratch), column=_clean(p.column, scratch),
                               value=_clean(p.value, scratch), message=_clean(p.message, scratch))
