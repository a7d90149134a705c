"""The pledge readers registered with the reader registry: the Kiel tracker, the briefing template
and generic pledge sheets (CSV or workbook). Each imports its heavy reader on first use."""
from __future__ import annotations

from pathlib import Path

from ..core.gc_pause import no_gc
from .pledge_sniff import sniff_kiel, sniff_pledge_csv, sniff_pledge_sheet, sniff_template
from .registry import reader


@reader("kiel-ust", "pledges", sniff_kiel, priority=10)
def read_kiel(path: Path):
    from .kiel import read_kiel as _read
    with no_gc():
        return _read(Path(path))


@reader("udcg-template", "pledges", sniff_template, priority=20)
def read_template(path: Path):
    from .template import read_template as _read
    with no_gc():
        return _read(Path(path))


@reader("pledge-csv", "pledges", sniff_pledge_csv, priority=70)
def read_pledge_csv(path: Path):
    from .template import read_pledge_sheet
    with no_gc():
        return read_pledge_sheet(Path(path), "pledge-csv")


@reader("pledge-sheet", "pledges", sniff_pledge_sheet, priority=90)
def read_pledge_sheet(path: Path):
    from .template import read_pledge_sheet as _read
    with no_gc():
        return _read(Path(path), "pledge-sheet")
