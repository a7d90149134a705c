"""The briefing's data: columnar tables sorted by date, plus control-area snapshots.

Each table is a set of equally long numpy arrays (one per column) sorted by ``date`` so that
"everything as of day D" is ``np.searchsorted``. Text columns are object arrays; the summary
asks for integer codes of a column (``table.codes(name)``), computed once and cached.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Mapping

import numpy as np

from .dates import NAT
from .vocabulary import AID_TYPES, STATUSES as PLEDGE_STATUSES  # noqa: F401  (re-exported)

# The app's event vocabulary; sources keep their own type in ``source_type``.
EVENT_TYPES = (
    "assault", "capture", "counterattack", "withdrawal", "battle", "strike",
    "civilian_harm", "policy", "meeting", "unrest", "other",
)
AREA_STATUSES = ("occupied", "contested", "liberated")


ROWS_LISTED = 20     # a repeated problem lists its first rows, and counts all of them


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, at a place a person can find it.

    A problem repeated on many rows (same file, sheet, column, severity, message and value) is one
    Problem: ``row`` is its first row, ``count`` how many rows have it, ``rows`` the first
    ``ROWS_LISTED`` of them (see ``group_problems``)."""

    path: str
    sheet: str | None
    row: int | None          # 1-based, as the spreadsheet shows it
    column: str | None       # header text or column letter
    value: object
    severity: str            # "error" (row rejected or file unreadable), "warning", "info"
    message: str
    count: int = 1
    rows: tuple = ()

    def as_dict(self) -> dict:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        rows = list(self.rows) if self.rows else ([self.row] if self.row is not None else [])
        return {"path": self.path, "sheet": self.sheet, "row": self.row, "column": self.column,
                "value": value, "severity": self.severity, "message": self.message,
                "count": self.count, "rows": rows}

    def location(self) -> str:
        parts = [self.path]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.count > 1 and self.rows:
            listed = ", ".join(str(r) for r in self.rows)
            more = self.count - len(self.rows)
            parts.append(f"{self.count:,} rows ({listed}"
                         + (f" and {more:,} more)" if more > 0 else ")"))
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


def group_problems(problems: Iterable[Problem]) -> list[Problem]:
    """One Problem per distinct (file, sheet, column, severity, message, value), in the order
    first met, with the exact count of rows behind it and the first ``ROWS_LISTED`` rows."""
    groups: dict[tuple, list] = {}
    for p in problems:
        value = p.value
        key = (p.path, p.sheet, p.column, p.severity, p.message,
               value if isinstance(value, (str, int, float, bool, type(None))) else str(value))
        g = groups.get(key)
        rows = p.rows or ((p.row,) if p.row is not None else ())
        if g is None:
            groups[key] = [p, p.count, list(rows[:ROWS_LISTED]), 1]
        else:
            g[1] += p.count
            g[3] += 1
            if len(g[2]) < ROWS_LISTED:
                g[2].extend(rows[:ROWS_LISTED - len(g[2])])
    out = []
    for first, count, rows, met in groups.values():
        if met == 1:
            out.append(first)
        else:
            out.append(Problem(first.path, first.sheet, rows[0] if rows else first.row,
                               first.column, first.value, first.severity, first.message,
                               count, tuple(rows)))
    return out


@dataclass
class SourceInfo:
    """What was read from one input and what became of its rows."""

    path: str
    kind: str               # pledges | events | areas | boundaries
    format: str             # e.g. kiel-ust, udcg-template, deepstate, acled, bellingcat
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    detail: str = ""
    # First and last plausible day of its rows (ISO text, None when undated): set on assembly.
    first_date: str | None = None
    last_date: str | None = None
    # The layout a release comparison reports on: the workbook's sheets and the header row of
    # the sheet read (pledge readers fill them; other readers leave them empty).
    sheets: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "format": self.format,
                "rows_read": self.rows_read, "rows_loaded": self.rows_loaded,
                "rows_rejected": self.rows_rejected, "detail": self.detail,
                "first_date": self.first_date, "last_date": self.last_date}


class Table:
    """Equal-length numpy columns. Subclasses declare ``SCHEMA`` (name -> dtype)."""

    SCHEMA: ClassVar[Mapping[str, str]] = {}

    def __init__(self, columns: Mapping[str, Iterable] | None = None, n: int | None = None):
        columns = dict(columns or {})
        unknown = set(columns) - set(self.SCHEMA)
        if unknown:
            raise KeyError(f"{type(self).__name__} has no columns {sorted(unknown)}")
        if n is None:
            n = len(next(iter(columns.values()))) if columns else 0
        self._cols: dict[str, np.ndarray] = {}
        for name, dtype in self.SCHEMA.items():
            if name in columns:
                arr = _as_array(columns[name], dtype)
            else:
                arr = _default_column(dtype, n)
            if len(arr) != n:
                raise ValueError(f"column {name!r} has {len(arr)} values, expected {n}")
            self._cols[name] = arr
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __len__(self) -> int:
        return len(next(iter(self._cols.values()))) if self._cols else 0

    def __getitem__(self, name: str) -> np.ndarray:
        return self._cols[name]

    def __contains__(self, name: str) -> bool:
        return name in self._cols

    @property
    def columns(self) -> list[str]:
        return list(self._cols)

    def row(self, i: int) -> dict:
        return {name: _py(arr[i]) for name, arr in self._cols.items()}

    def take(self, index: np.ndarray) -> "Table":
        return type(self)({k: v[index] for k, v in self._cols.items()}, n=len(index))

    def sorted_by_date(self) -> "Table":
        """Stable sort by ``date``; unknown dates (NaT) go last, which numpy does already."""
        order = np.argsort(self._cols["date"], kind="stable")
        return self.take(order)

    def codes(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(categories, int32 codes) for a text column; cached because tables are immutable."""
        if name not in self._codes:
            from .arrays import text_codes
            self._codes[name] = text_codes(self._cols[name])
        return self._codes[name]

    @classmethod
    def concat(cls, tables: list["Table"]) -> "Table":
        tables = [t for t in tables if t is not None and len(t)]
        if not tables:
            return cls()
        cols = {name: np.concatenate([t[name] for t in tables]) for name in cls.SCHEMA}
        return cls(cols)


def _as_array(values: Iterable, dtype: str) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == np.dtype(dtype):
        return values
    if dtype == "object":
        values = list(values) if not isinstance(values, np.ndarray) else values
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        return arr
    return np.asarray(values, dtype=dtype)


def _default_column(dtype: str, n: int) -> np.ndarray:
    if dtype == "object":
        arr = np.empty(n, dtype=object)
        arr[:] = ""
        return arr
    if dtype.startswith("datetime64"):
        return np.full(n, NAT, dtype=dtype)
    if dtype.startswith("float"):
        return np.full(n, np.nan, dtype=dtype)
    if dtype.startswith("int"):
        return np.full(n, -1, dtype=dtype)
    return np.zeros(n, dtype=dtype)


def _py(value):
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


_SOURCE_COLUMNS = {
    "source_file": "object", "source_sheet": "object", "source_row": "int64",
}
# ``date`` is the day a row counts from in "as of" figures: the last day it can have happened
# (the end of "05/2024", the day of "until 7/27/2022"), so an as-of figure never includes what
# may not yet have happened. ``date_start`` is the first day it can mean (NaT if open).
_DATE_COLUMNS = {
    "date": "datetime64[D]", "date_start": "datetime64[D]", "date_precision": "uint8",
    "date_text": "object",
}


class PledgeTable(Table):
    """One row per pledge line (a Kiel package may span several lines sharing ``pledge_id``).

    ``aid_type`` and ``category`` are the app's harmonised two-level list (``core.vocabulary``);
    ``category_source`` is the label the source itself gave (kept for the reader to see).
    ``package_remainder`` marks a line the reader added for the part of a package's value that
    none of its items explains (``io/kiel_packages.py``): it carries value but is not a line of
    the source, so it is not counted as a pledge line.

    Money: ``amount`` and ``currency`` are as the source gave them. ``value_eur_given`` and
    ``value_usd_given`` are the source's own converted estimates (Kiel's EUR and USD columns),
    used as given when reporting in that currency; otherwise ``core.money`` converts.
    """

    SCHEMA = {
        "pledge_id": "object", "donor": "object", "donor_raw": "object",
        **_DATE_COLUMNS,
        "aid_type": "object", "category": "object", "category_source": "object",
        "item": "object", "quantity": "float64", "unit": "object",
        "amount": "float64", "currency": "object",
        "value_eur_given": "float64", "value_usd_given": "float64", "is_estimate": "bool",
        "status": "object", "delivered_quantity": "float64",
        "delivery_date": "datetime64[D]", "package_remainder": "bool",
        "coalition": "object", "occasion": "object",
        "source": "object", "notes": "object",
        **_SOURCE_COLUMNS,
    }


class DeliveryTable(Table):
    """Deliveries, each linked to a pledge line (``pledge_index`` into the briefing's pledges).

    ``date`` is the delivery date when known; otherwise NaT, and the summary counts the delivery
    from its pledge's date (``effective_date``), never inventing a delivery day.
    """

    SCHEMA = {
        "delivery_id": "object", "pledge_id": "object", "pledge_index": "int64",
        "donor": "object", **_DATE_COLUMNS, "effective_date": "datetime64[D]",
        "item": "object", "quantity": "float64",
        "amount": "float64", "currency": "object",
        "value_eur_given": "float64", "value_usd_given": "float64",
        "destination": "object", "lon": "float64", "lat": "float64",
        "source": "object", "notes": "object",
        **_SOURCE_COLUMNS,
    }

    def sorted_by_date(self) -> "DeliveryTable":
        order = np.argsort(self._cols["effective_date"], kind="stable")
        return self.take(order)


class EventTable(Table):
    """Offensive events, strikes, policy moves and UDCG meetings."""

    SCHEMA = {
        "event_id": "object", **_DATE_COLUMNS,
        "type": "object", "source_type": "object", "source_kind": "object",
        "place": "object", "lon": "float64", "lat": "float64", "coord_source": "object",
        "description": "object", "fatalities": "float64", "source": "object",
        "illustrative": "bool",
        **_SOURCE_COLUMNS,
    }


@dataclass
class AreaFeature:
    """One control-area polygon: exterior ring first, then holes, each an (n, 2) lon/lat array."""

    status: str
    rings: list[np.ndarray]
    name: str = ""


@dataclass
class ControlSnapshot:
    """The areas of control one source published at one moment."""

    time: np.datetime64                     # datetime64[s], UTC
    source_file: str
    features: list[AreaFeature]
    # km2 per status: {"occupied": {"all": x, "kharkiv": y}, ...}
    areas_km2: dict[str, dict[str, float]] = field(default_factory=dict)
    illustrative: bool = False
    points: list[tuple[float, float, str]] = field(default_factory=list)  # attack directions


class ControlAreaSeries:
    """Snapshots sorted by time; at a cursor date the latest one published on or before it."""

    def __init__(self, snapshots: Iterable[ControlSnapshot] = ()):
        self.snapshots = sorted(snapshots, key=lambda s: s.time)
        self.times = np.array([s.time for s in self.snapshots], dtype="datetime64[s]")

    def __len__(self) -> int:
        return len(self.snapshots)

    def index_at(self, day: np.datetime64) -> int:
        """Index of the snapshot shown on ``day`` (published before the day ends), or -1."""
        end_of_day = np.datetime64(day, "D").astype("datetime64[s]") + np.timedelta64(86400, "s")
        return int(np.searchsorted(self.times, end_of_day, side="left")) - 1

    def at(self, day: np.datetime64) -> ControlSnapshot | None:
        i = self.index_at(day)
        return self.snapshots[i] if i >= 0 else None

    def area_series(self, status: str, region: str = "kharkiv") -> np.ndarray:
        return np.array([s.areas_km2.get(status, {}).get(region, 0.0) for s in self.snapshots])


@dataclass(eq=False)   # identity semantics: summary engines are cached per briefing
class Briefing:
    """Everything loaded: the tables, the control areas, what was read and what was wrong."""

    pledges: PledgeTable = field(default_factory=PledgeTable)
    deliveries: DeliveryTable = field(default_factory=DeliveryTable)
    events: EventTable = field(default_factory=EventTable)
    areas: ControlAreaSeries = field(default_factory=ControlAreaSeries)
    sources: list[SourceInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str = "UDCG briefing"
    overlays: list[Any] = field(default_factory=list)   # boundary layers for the map

    @property
    def date_range(self) -> tuple[np.datetime64, np.datetime64]:
        """First and last plausible day across the sources (late outliers left out; see
        ``core.coverage``): the time axis and the day the window opens on."""
        from .coverage import plausible_range
        return plausible_range(self)


@dataclass(eq=False)
class BriefingPart:
    """What one reader returns for one input, before it is merged into a ``Briefing``.

    ``deliveries["pledge_index"]`` indexes this part's own ``pledges`` (or is -1 with
    ``pledge_id`` set, to be linked by ID within the part)."""

    pledges: PledgeTable | None = None
    deliveries: DeliveryTable | None = None
    events: EventTable | None = None
    snapshots: list[ControlSnapshot] = field(default_factory=list)
    sources: list[SourceInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Non-data layers (boundary overlays): opaque to the core, drawn by the map.
    overlays: list[Any] = field(default_factory=list)


def assemble(parts: Iterable[BriefingPart], title: str = "UDCG briefing") -> Briefing:
    """Merge parts into one briefing: concatenate, sort by date, remap delivery links."""
    parts = list(parts)
    pledge_tables, delivery_tables = [], []
    offset = 0
    for part in parts:
        pledges = part.pledges if part.pledges is not None else PledgeTable()
        deliveries = part.deliveries if part.deliveries is not None else DeliveryTable()
        if len(deliveries):
            link = deliveries["pledge_index"].copy()
            unresolved = link < 0
            if unresolved.any() and len(pledges):
                first_row = {}
                for i, pid in enumerate(pledges["pledge_id"]):
                    first_row.setdefault(pid, i)
                for j in np.flatnonzero(unresolved):
                    link[j] = first_row.get(deliveries["pledge_id"][j], -1)
            if (link < 0).any():
                raise ValueError("every delivery must link to a pledge of its own file; the "
                                 "reader rejects the others")
            cols = {k: deliveries[k] for k in deliveries.columns}
            cols["pledge_index"] = link + offset
            deliveries = DeliveryTable(cols)
            delivery_tables.append(deliveries)
        pledge_tables.append(pledges)
        offset += len(pledges)

    pledges = PledgeTable.concat(pledge_tables)
    order = np.argsort(pledges["date"], kind="stable")
    pledges = pledges.take(order)
    new_index = np.empty(len(order), dtype=np.int64)
    new_index[order] = np.arange(len(order))

    deliveries = DeliveryTable.concat(delivery_tables)
    if len(deliveries):
        cols = {k: deliveries[k] for k in deliveries.columns}
        cols["pledge_index"] = new_index[deliveries["pledge_index"]]
        # A delivery with no known day counts from its pledge's day: no invented date.
        eff = cols["date"].copy()
        unknown = np.isnat(eff)
        eff[unknown] = pledges["date"][cols["pledge_index"][unknown]]
        cols["effective_date"] = eff
        deliveries = DeliveryTable(cols).sorted_by_date()

    events = EventTable.concat([p.events for p in parts if p.events is not None])
    events = events.sorted_by_date()
    snapshots = [s for p in parts for s in p.snapshots]
    briefing = Briefing(
        pledges=pledges, deliveries=deliveries, events=events,
        areas=ControlAreaSeries(snapshots),
        sources=[s for p in parts for s in p.sources],
        problems=[q for p in parts for q in p.problems], title=title,
        overlays=[o for p in parts for o in p.overlays])
    _set_coverage(briefing)
    return briefing


def _set_coverage(briefing: Briefing) -> None:
    from .coverage import source_coverage
    from .dates import day_to_iso
    for src, cov in zip(briefing.sources, source_coverage(briefing)):
        src.first_date, src.last_date = day_to_iso(cov.first), day_to_iso(cov.last)
