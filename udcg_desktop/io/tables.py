"""Finding a sheet's table: the header row by name, then the data rows under it.

``find_header`` scores the first rows of a sheet by how many cells match an alias table, so a
header on row 4 under a title is found; ``Table`` then gives each mapped field's column, with
blank and total rows left out and reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path

import numpy as np

from ..core.model import Problem
from .sheets import HEADER_SCAN_ROWS, SheetRows, column_letter, xlsx_error_cells
from .values import is_blank, norm_text


def norm_header(value) -> str:
    """Header text for matching: casefold, no-break spaces and newlines as spaces, collapsed,
    trailing ':' and '*' dropped."""
    text = norm_text(value)
    return text.rstrip(" :*").strip()


class Aliases:
    """field -> accepted header spellings (compared with ``norm_header``)."""

    def __init__(self, table: dict[str, tuple[str, ...]], required: tuple[str, ...] = (),
                 blank_after: dict[str, str] | None = None):
        self.table = table
        self.required = required
        self._lookup: dict[str, str] = {}
        for fld, names in table.items():
            for n in (fld, *names):
                self._lookup.setdefault(norm_header(n), fld)
        # A column with no header named by its left neighbour: {neighbour header: field}.
        self.blank_after = {norm_header(k): v for k, v in (blank_after or {}).items()}

    def field_for(self, header) -> str | None:
        return self._lookup.get(norm_header(header))


@dataclass
class HeaderMatch:
    row: int                                  # index into SheetRows.rows
    fields: dict[str, int]                    # field -> column index
    headers: list[str]                        # header text per column (letter when blank)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    score: int = 0


def find_header(rows: list, aliases: Aliases, scan: int = HEADER_SCAN_ROWS) -> HeaderMatch | None:
    """The row among the first ``scan`` whose cells name the most fields (ties: the first)."""
    best = None
    for i, row in enumerate(rows[:scan]):
        fields = {}
        for j, cell in enumerate(row):
            if type(cell) is not str or not cell.strip():
                continue
            f = aliases.field_for(cell)
            if f is not None and f not in fields:
                fields[f] = j
        score = len(fields)
        if score and (best is None or score > best[0]):
            best = (score, i, fields)
    if best is None:
        return None
    score, i, _ = best
    if any(r not in best[2] for r in aliases.required) or score < 2:
        return None
    return map_header(rows[i], i, aliases)


def map_header(row: list, index: int, aliases: Aliases) -> HeaderMatch:
    fields: dict[str, int] = {}
    duplicates: dict[str, list[int]] = {}
    headers = []
    prev = ""
    for j, cell in enumerate(row):
        text = cell.strip() if type(cell) is str else ("" if cell == "" else str(cell))
        f = aliases.field_for(text) if text else None
        if not text.replace("\u00a0", "").strip():
            headers.append(column_letter(j))
            f = aliases.blank_after.get(norm_header(prev)) if prev else None
        else:
            headers.append(" ".join(text.replace("\u00a0", " ").split()))
        if f is not None:
            if f in fields:
                duplicates.setdefault(f, [fields[f]]).append(j)
            else:
                fields[f] = j
        prev = text
    return HeaderMatch(index, fields, headers, duplicates, len(fields))


def named_columns(headers: list[str]) -> tuple[str, ...]:
    """The header texts a release comparison can compare: blank headers (shown as their
    column letter) say nothing about the layout and would shift with every inserted column."""
    return tuple(h for j, h in enumerate(headers) if h != column_letter(j))


def headers_found(rows: list, limit: int = 12) -> str:
    """A short list of the texts in the first non-blank row, for error messages."""
    for row in rows[:HEADER_SCAN_ROWS]:
        texts = [" ".join(str(c).split()) for c in row if not is_blank(c)]
        if texts:
            more = "" if len(texts) <= limit else f", ... ({len(texts)} in all)"
            return ", ".join(repr(t) for t in texts[:limit]) + more
    return "(none: the sheet is empty)"


# --------------------------------------------------------------------------- data rows
@dataclass
class Table:
    """A sheet's data under its header: columns by field, blank and total rows removed."""

    path: Path
    sheet: str
    header: HeaderMatch
    columns: dict[str, tuple]                 # field -> cells of the kept rows (read-only)
    sheet_rows: list[int]                     # 1-based sheet row of each kept row
    headers: list[str]
    raw_columns: list[list] = field(default_factory=list)   # every column, kept rows
    skipped_blank: int = 0
    skipped_total: list[int] = field(default_factory=list)
    error_cells: bool = True                  # False: no cell of the sheet holds an error value

    def __len__(self) -> int:
        return len(self.sheet_rows)

    def col(self, name: str) -> list:
        """Cells of field ``name`` ('' for every row when the sheet lacks it)."""
        c = self.columns.get(name)
        return c if c is not None else [""] * len(self.sheet_rows)

    def header_of(self, name: str) -> str | None:
        j = self.header.fields.get(name)
        return None if j is None else self.headers[j]

    def has(self, name: str) -> bool:
        return name in self.columns


_TOTAL_WORDS = ("total", "totals", "sum", "grand total", "subtotal", "sub-total", "overall")
_TOTAL_STARTS = tuple("TtSsGgOo")


def _is_total_text(v) -> bool:
    if type(v) is not str:
        return False
    t = v.strip().casefold().rstrip(":")
    return t in _TOTAL_WORDS or t.startswith(("total ", "grand total", "sum of "))


def extract_table(path: Path, sheet: SheetRows, match: HeaderMatch, label_fields=()) -> Table:
    """Rows below the header, transposed once into columns; blank rows and rows whose label
    cells say 'Total' or 'Sum' dropped (their numbers are counted elsewhere)."""
    from itertools import chain, compress
    rows = sheet.rows[match.row + 1:]
    width = len(match.headers)
    base = sheet.first_row + match.row + 2     # 1-based sheet row of rows[0]
    if rows and set(map(len, rows)) != {width}:
        rows = [list(r[:width]) + [""] * (width - len(r)) for r in rows]
    # One transposition; columns are tuples (read-only) from here on. Flattened row by row,
    # then sliced by column: zip(*rows) visits the cells column by column across 100,000 row
    # lists, ~5x slower for its scattered memory reads.
    flat = list(chain.from_iterable(rows))
    transposed = [tuple(flat[j::width]) for j in range(width)]
    del flat
    # The label columns (ID, donor, ...): their distinct values serve both checks below.
    label_idx = [j for j in [match.fields[f] for f in label_fields if f in match.fields][:2]
                 or [0] if j < len(transposed)]
    distinct = {j: _distinct(transposed[j]) for j in label_idx}
    blank = _blank_rows(rows, width, transposed, distinct)
    # Total rows: a label column saying Total / Sum; checked per distinct value.
    total = None
    for j in label_idx:
        col = transposed[j]
        if distinct[j] is None:
            hits = {v for v in col if _is_total_text(v)}
        else:
            try:    # texts starting as a total word can ('Total', 'Sum', 'Grand total',
                # 'Overall'), picked at C speed: an ID column has a distinct value per row
                hits = {v for v in filter(methodcaller("startswith", _TOTAL_STARTS), distinct[j])
                        if _is_total_text(v)}
            except (AttributeError, TypeError):         # a cell that is not text
                hits = {v for v in distinct[j]
                        if type(v) is str and v[:1] in "TtSsGgOo" and _is_total_text(v)}
        if hits:
            total = total or [False] * len(col)
            for k, v in enumerate(col):
                if v in hits and not blank[k]:
                    total[k] = True
    drop = blank if total is None else [a or b for a, b in zip(blank, total)]
    if any(drop):
        keep_mask = [not d for d in drop]
        kept = [base + k for k in compress(range(len(rows)), keep_mask)]
        transposed = [tuple(compress(c, keep_mask)) for c in transposed]
    else:
        kept = list(range(base, base + len(rows)))
    totals = [base + k for k, t in enumerate(total or []) if t]
    columns = {f: transposed[j] for f, j in match.fields.items() if j < len(transposed)}
    return Table(path, sheet.name, match, columns, kept, match.headers, transposed,
                 sum(blank), totals, sheet.error_cells)


def _distinct(col) -> set | None:
    try:
        return set(col)
    except TypeError:           # an unhashable cell
        return None


def _blank_rows(rows: list, width: int, transposed: list, distinct: dict) -> list[bool]:
    """Per row: every cell '' or, with at most two other cells, only whitespace / no-break
    spaces. Such a row is blank in every column, so only the rows blank in the label column
    with the fewest distinct values are looked at cell by cell (none, when it is filled)."""
    blank = [False] * len(rows)
    known = {j: d for j, d in distinct.items() if d is not None}
    if known:
        j = min(known, key=lambda j: len(known[j]))
        values = {v for v in known[j] if is_blank(v)}
        candidates = [k for k, v in enumerate(transposed[j]) if v in values] if values else []
    else:
        candidates = range(len(rows))
    for k in candidates:
        row = rows[k]
        empty = row.count("")
        blank[k] = empty == width or (empty >= width - 2 and all(is_blank(v) for v in row))
    return blank


def skipped_problems(table: Table) -> list[Problem]:
    out = []
    if table.skipped_blank:
        out.append(Problem(str(table.path), table.sheet, None, None, None, "info",
                           f"{table.skipped_blank} blank row(s) skipped"))
    for r in table.skipped_total:
        out.append(Problem(str(table.path), table.sheet, r, None, None, "info",
                           "total row skipped (its figures are the sum of other rows)"))
    return out


def duplicate_problems(table: Table) -> list[Problem]:
    out = []
    for f, cols in table.header.duplicates.items():
        names = ", ".join(f"{column_letter(j)} ('{table.headers[j]}')" for j in cols)
        out.append(Problem(str(table.path), table.sheet, table.header.row + 1, table.headers[cols[0]],
                           None, "info",
                           f"the header appears more than once ({names}); the first, column "
                           f"{column_letter(cols[0])}, is used"))
    return out


def error_cell_problems(table: Table) -> list[Problem]:
    """One warning per data cell whose cached value is a spreadsheet error, with its text
    (calamine reads them as blanks)."""
    if not table.error_cells or table.path.suffix.lower() not in (".xlsx", ".xlsm", ".xltx",
                                                                  ".xltm"):
        return []
    data_rows = set(table.sheet_rows)
    header_row = table.header.row + 1
    out = []
    for r, j, err in xlsx_error_cells(table.path, table.sheet):
        if r in data_rows or r == header_row:
            col = table.headers[j] if j < len(table.headers) else column_letter(j)
            out.append(Problem(str(table.path), table.sheet, r, col, err, "warning",
                               "the cell holds a spreadsheet error (its formula failed in "
                               "Excel); treated as empty"))
    return out


def cell_problem(path, sheet, row, column, value, severity, message) -> Problem:
    """A Problem at one cell; a NaN value (an empty numeric cell) is stored as None."""
    if isinstance(value, float) and value != value:
        value = None
    return Problem(str(path), sheet, row, column, value, severity, message)


def objects(values) -> np.ndarray:
    """A list as a 1-D object array (np.array would make a 2-D array of a list of tuples)."""
    return np.fromiter(values, dtype=object, count=len(values))
