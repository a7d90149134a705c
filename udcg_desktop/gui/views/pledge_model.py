"""The pledge table's Qt model over the core's columns.

No rows are copied into Python lists: the model holds a permutation array ``order`` (sorted,
filtered rows of ``briefing.pledges``) and formats a cell only when the view asks for it.
Sorting is ``np.argsort`` of one column (integer codes for text); filtering is a boolean mask
from the core's summary engine; rows after the cursor are greyed (cumulative) or left out of the
permutation (window mode).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from ...core.describe import money
from ...core.cursor import WINDOW
from ...core.dates import day_ints
from .. import theme

# (header, column in PledgeTable or a computed key)
COLUMNS = (("Date", "date"), ("Donor", "donor"), ("Category", "category"), ("Item", "item"),
           ("Coalition", "coalition"), ("Status", "status"), ("Amount", "amount"),
           ("Value", "_value"), ("Source", "source_row"))
# (label, Filters field, PledgeTable column, noun for "3 donors")
FILTER_FIELDS = (("Donor", "donors", "donor", "donors"),
                 ("Category", "categories", "category", "categories"),
                 ("Aid type", "aid_types", "aid_type", "aid types"),
                 ("Coalition", "coalitions", "coalition", "coalitions"),
                 ("Status", "statuses", "status", "statuses"))


def _role(r) -> int:
    return int(r.value) if hasattr(r, "value") else int(r)


_DISPLAY, _FOREGROUND, _ALIGNMENT = (_role(r) for r in (
    Qt.DisplayRole, Qt.ForegroundRole, Qt.TextAlignmentRole))
_ROLES = frozenset((_DISPLAY, _FOREGROUND, _ALIGNMENT, _role(Qt.ToolTipRole)))
RIGHT_ALIGNED = frozenset(k for k, (_h, name) in enumerate(COLUMNS) if name in ("amount", "_value"))
_RIGHT = _role(Qt.AlignRight | Qt.AlignVCenter)


def _first(values: np.ndarray, value) -> int | None:
    hits = np.flatnonzero(values == value)
    return int(hits[0]) if len(hits) else None


class PledgeTableModel(QAbstractTableModel):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._sort_col = 0
        self._sort_order = Qt.AscendingOrder
        self._sort_cache: dict[tuple, np.ndarray] = {}
        self._muted = theme.qcolor(theme.current_palette().muted)
        self._texts: dict[int, tuple] = {}
        self._day_of, self._day_int = None, 0
        self._reset_briefing()

    # -- state ---------------------------------------------------------------------------------
    def _reset_briefing(self):
        b = self.session.briefing
        self.pledges = b.pledges
        self._days = day_ints(self.pledges["date"])
        self._sort_cache.clear()
        self._asc_days = None
        self._texts.clear()
        self._values = None
        self._values_currency = None
        self.order = self._compute_order()

    def values(self) -> np.ndarray:
        cur = self.session.currency
        if self._values is None or self._values_currency != cur:
            engine = self.session.engine()
            self._values = engine.values(cur).pledges
            self._values_currency = cur
        return self._values

    def _sort_index(self) -> np.ndarray:
        key = (self._sort_col, self.session.currency if COLUMNS[self._sort_col][1] == "_value"
               else None)
        if key not in self._sort_cache:
            name = COLUMNS[self._sort_col][1]
            if name == "date":
                keys = self._days
            elif name == "_value":
                keys = np.nan_to_num(self.values(), nan=-np.inf)
            elif self.pledges.SCHEMA.get(name, "object") == "object":
                keys = self.pledges.codes(name)[1]
            else:
                keys = self.pledges[name]
            self._sort_cache[key] = np.argsort(keys, kind="stable")
        order = self._sort_cache[key]
        return order if self._sort_order == Qt.AscendingOrder else order[::-1]

    def filter_mask(self) -> np.ndarray:
        engine = self.session.engine()
        mask = engine.masks(self.session.filters.values)[0]
        c = self.session.cursor
        if c.mode == WINDOW:
            lo = int(c.window_start.astype(np.int64))
            hi = int(c.date.astype(np.int64))
            mask = mask & (self._days >= lo) & (self._days <= hi)
        return mask

    def _compute_order(self) -> np.ndarray:
        if not len(self.pledges):
            return np.zeros(0, dtype=np.int64)
        c = self.session.cursor
        if c.mode == WINDOW and COLUMNS[self._sort_col][1] == "date":
            return self._window_by_date(c)
        idx = self._sort_index()
        return idx[self.filter_mask()[idx]]

    def _window_by_date(self, c) -> np.ndarray:
        """Window mode sorted by date (the usual case while playing): the window's rows are one
        slice of the date order, found by binary search instead of a pass over every row."""
        asc = self._sort_cache.get((self._sort_col, None))
        if asc is None:
            self._sort_index()
            asc = self._sort_cache[(self._sort_col, None)]
        if self._asc_days is None:
            self._asc_days = self._days[asc]
        a = int(np.searchsorted(self._asc_days, int(c.window_start.astype(np.int64)), "left"))
        b = int(np.searchsorted(self._asc_days, int(c.date.astype(np.int64)), "right"))
        rows = asc[a:b]
        rows = rows[self.session.engine().masks(self.session.filters.values)[0][rows]]
        return rows if self._sort_order == Qt.AscendingOrder else rows[::-1]

    def _recompute_order(self):
        new = self._compute_order()
        if len(new) == len(self.order) and np.array_equal(new, self.order):
            return False
        if not self._slide_to(new):
            self.beginResetModel()
            self.order = new
            self.endResetModel()
        return True

    def _slide_to(self, new: np.ndarray) -> bool:
        """Window mode moves the rows like a queue: some leave at one end, others come in at
        the other. Say so as removed and inserted rows (the view keeps its header, selection
        and layout) instead of a reset. False when the change is not of that shape."""
        old = self.order
        if not len(old) or not len(new):
            return False
        # Forward: old = gone + kept, new = kept + came.
        k = _first(old, new[0])
        if k is not None and len(old) - k <= len(new) and np.array_equal(old[k:],
                                                                          new[:len(old) - k]):
            m = len(old) - k
            self._rows_out(0, k, old[k:])
            self._rows_in(m, len(new), new)
            return True
        # Backward: old = kept + gone, new = came + kept.
        k = _first(new, old[0])
        if k is not None and len(new) - k <= len(old) and np.array_equal(new[k:],
                                                                          old[:len(new) - k]):
            m = len(new) - k
            self._rows_out(m, len(old), old[:m])
            self._rows_in(0, k, new)
            return True
        return False

    def _rows_out(self, first: int, stop: int, rest: np.ndarray) -> None:
        if stop > first:
            self.beginRemoveRows(QModelIndex(), first, stop - 1)
            self.order = rest
            self.endRemoveRows()

    def _rows_in(self, first: int, stop: int, new: np.ndarray) -> None:
        if stop > first:
            self.beginInsertRows(QModelIndex(), first, stop - 1)
            self.order = new
            self.endInsertRows()
        self.order = new

    def refresh(self, rows_changed: bool, previous_day=None, visible=None) -> None:
        """After a cursor/filter change: a new permutation if the rows changed; else repaint the
        colours, only of the rows whose day lies between the previous and the new cursor day."""
        if rows_changed and self._recompute_order():
            return
        n = self.rowCount()
        if not n:
            return
        first, last = 0, n - 1
        if previous_day is not None:
            a = int(np.datetime64(previous_day, "D").astype(np.int64))
            b = int(self.session.cursor.date.astype(np.int64))
            span = self._rows_dated_within(min(a, b), max(a, b))
            if span is None:
                return
            first, last = span
        if visible is not None:         # a range of several cells repaints the whole viewport
            first, last = max(first, visible[0]), min(last, visible[1])
            if first > last:
                return
        self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1),
                              [Qt.ForegroundRole])

    @property
    def order(self) -> np.ndarray:
        """Briefing rows in the order shown (the view's row r is pledge ``order[r]``)."""
        return self._order

    @order.setter
    def order(self, rows: np.ndarray) -> None:
        self._order = rows
        self._order_days = None

    def _rows_dated_within(self, lo: int, hi: int) -> tuple[int, int] | None:
        """(first, last) view rows of the pledges dated in (lo, hi], or None. Every cursor step
        asks: sorted by date it is two binary searches, otherwise one pass over the days in
        view order (kept until the order changes)."""
        if self._order_days is None:
            self._order_days = self._days[self._order]
        days = self._order_days
        if COLUMNS[self._sort_col][1] == "date":
            ascending = self._sort_order == Qt.AscendingOrder
            run = days if ascending else days[::-1]
            a, b = np.searchsorted(run, lo, "right"), np.searchsorted(run, hi, "right")
            if a >= b:
                return None
            n = len(days)
            return (int(a), int(b) - 1) if ascending else (n - int(b), n - 1 - int(a))
        flipped = np.flatnonzero((days > lo) & (days <= hi))
        return (int(flipped[0]), int(flipped[-1])) if len(flipped) else None

    def set_muted_colour(self, colour: QColor) -> None:
        self._muted = colour
        self.refresh(False)

    def briefing_changed(self):
        self.beginResetModel()
        self._reset_briefing()
        self.endResetModel()

    def currency_changed(self):
        self._values = None
        self._texts.clear()
        hdr = COLUMNS.index(("Value", "_value"))
        self.headerDataChanged.emit(Qt.Horizontal, hdr, hdr)
        if COLUMNS[self._sort_col][1] == "_value":
            self._recompute_order()
        self.refresh(False)

    # -- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            title = COLUMNS[section][0]
            return f"Value ({self.session.currency})" if title == "Value" else title
        return str(section + 1)

    def row_index(self, view_row: int) -> int:
        return int(self.order[view_row])

    def data(self, index, role=Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        i = int(self.order[index.row()])
        if role == Qt.ToolTipRole:
            return self._tooltip(i, COLUMNS[index.column()][1])
        return self._cell(i, index.column(), _role(role))

    def multiData(self, index, roles) -> None:
        """Every role a delegate asks for a cell, in one call: Qt 6 views paint through this, and
        the default asks ``data`` once per role (7 Python calls per cell and repaint)."""
        if not index.isValid():
            return
        i = int(self.order[index.row()])
        col = index.column()
        for slot in roles:
            # Every slot set or cleared: Qt reuses the span between cells, so a value left in
            # place would paint in the next cell (e.g. the Value column's alignment).
            value = self._cell(i, col, slot.role())
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def _cell(self, i: int, col: int, role: int):
        """A cell's display text, colour or alignment; ``i`` is the pledge's row in the briefing."""
        if role == _DISPLAY:
            return self.cell_text(i, col)
        if role == _FOREGROUND:
            return self.row_colour(i)
        if role == _ALIGNMENT and col in RIGHT_ALIGNED:
            return _RIGHT
        return None          # the roles this model does not set (font, decoration, ...)

    def cell_text(self, i: int, col: int) -> str:
        """The display text of pledge ``i`` (a row of the briefing) in column ``col``."""
        return self._row_texts(i)[col]

    def row_colour(self, i: int):
        """The muted colour for a pledge dated after the cursor (None: the usual colour)."""
        return self._muted if self._days[i] > self._cursor_day() else None

    def _cursor_day(self) -> int:
        date = self.session.cursor.date
        if date is not self._day_of:            # converted once per cursor date, not per cell
            self._day_of, self._day_int = date, int(date.astype(np.int64))
        return self._day_int

    def _row_texts(self, i: int) -> tuple:
        """The display texts of pledge ``i``, formatted once: a repaint asks for each cell again."""
        texts = self._texts.get(i)
        if texts is None:
            if len(self._texts) >= 4096:
                self._texts.clear()
            texts = self._texts[i] = tuple(self._display(i, name) for _h, name in COLUMNS)
        return texts

    def _display(self, i: int, name: str) -> str:
        p = self.pledges
        if name == "date":
            text = p["date_text"][i]
            if text:
                return str(text)
            d = p["date"][i]
            return "unknown" if np.isnat(d) else str(d)
        if name == "amount":
            a = p["amount"][i]
            if not np.isfinite(a):
                return ""
            est = "~" if p["is_estimate"][i] else ""
            return f"{est}{a:,.0f} {p['currency'][i]}"
        if name == "_value":
            v = self.values()[i]
            return "" if not np.isfinite(v) else money(float(v), self.session.currency)
        if name == "source_row":
            return f"{p['source_sheet'][i] or ''}:{int(p['source_row'][i])}"
        return str(p[name][i])

    def _tooltip(self, i: int, name: str):
        p = self.pledges
        if name == "source_row":
            return f"{p['source_file'][i]}, sheet {p['source_sheet'][i]}, row {p['source_row'][i]}"
        if name in ("item", "donor"):
            notes = str(p["notes"][i])
            return f"{p['item'][i]}\n{notes}" if notes else str(p["item"][i])
        if self._days[i] > self._cursor_day():
            return "after the cursor date: not counted in the figures"
        return None

    def sort(self, column, order=Qt.AscendingOrder):
        self._sort_col, self._sort_order = int(column), order
        self._recompute_order()

    # -- helpers for tests and the totals line ----------------------------------------------
    def is_greyed(self, view_row: int) -> bool:
        return self.data(self.index(view_row, 0), Qt.ForegroundRole) is not None
