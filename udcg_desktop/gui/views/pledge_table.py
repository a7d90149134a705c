"""The pledge table: a Qt model over the core's columns, with filters, sorting and totals.

No rows are copied into Python lists: the model holds a permutation array ``order`` (sorted,
filtered rows of ``briefing.pledges``) and formats a cell only when the view asks for it.
Sorting is ``np.argsort`` of one column (integer codes for text); filtering is a boolean mask
from the core's summary engine; rows after the cursor are greyed (cumulative) or left out of the
permutation (window mode).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import (SIGNAL, SLOT, QAbstractTableModel, QEvent, QItemSelection,
                            QItemSelectionModel, QModelIndex, QObject, QPointF, QSignalBlocker,
                            Qt, QTimer)
from PySide6.QtGui import QColor, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDateEdit, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QStyle,
                               QStyledItemDelegate, QStyleOptionFocusRect, QTableView,
                               QVBoxLayout, QWidget)

from ...core.describe import delivered_text, money, pledged_text
from ...core.cursor import WINDOW
from ...core.dates import day_ints
from .. import theme
from ..connections import Connections
from .multi_select import MultiSelect
from .text_line import TextLine

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
_RIGHT_ALIGNED = frozenset(k for k, (_h, name) in enumerate(COLUMNS) if name in ("amount", "_value"))
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
        if role == _ALIGNMENT and col in _RIGHT_ALIGNED:
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


class CellDelegate(QStyledItemDelegate):
    """Draws a cell's text straight from the model's per-row texts, laid out once and kept:
    the style's item-view path (option set-up, a data call per role, a text layout per cell)
    took ~40 us a cell, and a window-mode step repaints every visible cell. Selection, the
    muted colour of rows after the cursor, right-aligned amounts and elision look as before."""

    MARGIN = 3          # QCommonStyle's text margin: PM_FocusFrameHMargin + 1
    _SELECTED = QStyle.StateFlag.State_Selected.value
    _FOCUS = QStyle.StateFlag.State_HasFocus.value

    def __init__(self, model: "PledgeTableModel", parent=None):
        super().__init__(parent)
        self.model = model
        self._texts: dict[tuple, QStaticText] = {}

    def _static(self, text: str, width: int, option) -> QStaticText:
        key = (text, width, option.font.pointSizeF())
        st = self._texts.get(key)
        if st is None:
            if len(self._texts) > 4096:
                self._texts.clear()
            st = self._texts[key] = QStaticText(
                option.fontMetrics.elidedText(text, Qt.ElideRight, width))
            st.setTextFormat(Qt.PlainText)
            st.prepare(QTransform(), option.font)
        return st

    def paint(self, painter, option, index) -> None:
        model = self.model
        i = model.row_index(index.row())
        col = index.column()
        text = model.cell_text(i, col)
        rect = option.rect
        palette = option.palette
        state = option.state.value
        if state & self._SELECTED:
            painter.fillRect(rect, palette.brush(QPalette.Highlight))
            colour = palette.color(QPalette.HighlightedText)
        else:
            colour = model.row_colour(i) or palette.color(QPalette.Text)
        if text:
            width = rect.width() - 2 * self.MARGIN
            st = self._static(text, width, option)
            size = st.size()
            x = (rect.right() + 1 - self.MARGIN - size.width() if col in _RIGHT_ALIGNED
                 else rect.x() + self.MARGIN)
            painter.setPen(colour)
            painter.drawStaticText(QPointF(x, rect.y() + (rect.height() - size.height()) / 2),
                                   st)
        if state & self._FOCUS:
            focus = QStyleOptionFocusRect()
            focus.rect, focus.state = rect, option.state
            focus.backgroundColor = palette.color(
                QPalette.Highlight if state & self._SELECTED else QPalette.Base)
            if option.widget is not None:
                option.widget.style().drawPrimitive(QStyle.PE_FrameFocusRect, focus, painter,
                                                    option.widget)


class _Table(QTableView):
    """Arrow keys stay with the table (they would otherwise step the time cursor)."""

    def event(self, e):
        if e.type() == QEvent.ShortcutOverride and e.key() in (
                Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down, Qt.Key_Space):
            e.accept()
            return True
        return super().event(e)


def _no_relayout_on_row_count(table: QTableView) -> None:
    """Window mode changes the row count on every cursor step, and QAbstractScrollArea answers
    each change of the vertical range with a queued relayout that repaints the scroll bars and
    the dock in a second pass (~2 ms a step). With the vertical bar always shown, that relayout
    has nothing to do, so the private connection behind it is dropped (if Qt still has it)."""
    table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
    QObject.disconnect(table.verticalScrollBar(), SIGNAL("rangeChanged(int,int)"),
                       table, SLOT("_q_showOrHideScrollBars()"))


class PledgeTableView(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("PledgeTableView")
        self.session = session
        self._conns = Connections()
        self.model = PledgeTableModel(session, self)

        self.search = QLineEdit(placeholderText="Search donor, item, category, ID, notes…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._on_search_text)
        self.search.returnPressed.connect(self._apply_search)

        # Each filter picks any number of values (nothing ticked: no filter).
        self.pickers: dict[str, MultiSelect] = {}
        filters_row = QHBoxLayout()
        filters_row.addWidget(self.search, 2)
        dates_row = QHBoxLayout()
        for k, (label, field_name, _column, noun) in enumerate(FILTER_FIELDS):
            picker = MultiSelect(noun)
            picker.changed.connect(lambda chosen, f=field_name: self._apply_picker(f, chosen))
            self.pickers[field_name] = picker
            row = filters_row if k < 3 else dates_row
            row.addWidget(QLabel(label))
            row.addWidget(picker, 1)

        self.dates_enabled = QCheckBox("Between")
        self.dates_enabled.setToolTip("Only pledges made between these dates")
        self.date_from = QDateEdit(displayFormat="yyyy-MM-dd", calendarPopup=True)
        self.date_to = QDateEdit(displayFormat="yyyy-MM-dd", calendarPopup=True)
        for w in (self.date_from, self.date_to):
            w.setKeyboardTracking(False)
            w.dateChanged.connect(self._apply_dates)
        self.dates_enabled.toggled.connect(self._apply_dates)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Clear every filter")
        self.clear_button.clicked.connect(self.session.filters.clear)
        filters_row.addWidget(self.clear_button)
        dates_row.addWidget(self.dates_enabled)
        dates_row.addWidget(self.date_from)
        dates_row.addWidget(QLabel("–"))
        dates_row.addWidget(self.date_to)

        self.table = _Table()
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.model, self.table))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(False)
        for col, width in enumerate((90, 130, 170, 260, 170, 75, 150, 90, 90)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        _no_relayout_on_row_count(self.table)

        # Its text changes with every cursor step: a TextLine repaints without relaying out the
        # dock; the full line is in the tooltip when the dock is too narrow for it.
        self.totals = TextLine(min_chars=10)
        self.totals.setObjectName("totals")
        f = self.totals.font()
        f.setBold(True)
        self.totals.setFont(f)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(filters_row)
        lay.addLayout(dates_row)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.totals)

        self._conns.connect(session.cursor.changed, self._on_cursor)
        self._conns.connect(session.cursor.mode_changed, self._on_mode)
        self._conns.connect(session.filters.changed, self._on_filters)
        self._conns.connect(session.selection.changed, self._on_selection)
        self._conns.connect(session.briefing_changed, self._on_briefing)
        self._conns.connect(session.currency_changed, self._on_currency)
        self._conns.connect_qt(theme.manager().theme_changed, self._on_theme)
        self._last_day = session.cursor.date
        self._fill_filter_choices()
        self._on_filters(session.filters.values)

    # -- session -> widgets ------------------------------------------------------------------
    def _fill_filter_choices(self):
        p = self.session.briefing.pledges
        for _label, field_name, column, _noun in FILTER_FIELDS:
            values = sorted({str(v) for v in p.codes(column)[0]} - {""}) if len(p) else []
            self.pickers[field_name].set_values(values)
        lo, hi = self.session.cursor.minimum, self.session.cursor.maximum
        from .time_controls import to_qdate
        for w, d in ((self.date_from, lo), (self.date_to, hi)):
            with QSignalBlocker(w):
                w.setDateRange(to_qdate(lo), to_qdate(hi))
                w.setDate(to_qdate(d))

    def _on_briefing(self, _b):
        self.model.briefing_changed()
        self._fill_filter_choices()
        self._on_filters(self.session.filters.values)

    def _on_cursor(self, day):
        window = self.session.cursor.mode == WINDOW
        top = self._top_pledge() if window else None
        self.model.refresh(window, previous_day=None if window else self._last_day,
                           visible=self._visible_rows())
        if window:      # lay the new rows out now, not in a second paint pass after this one
            self.table.executeDelayedItemsLayout()
        if top is not None:           # window mode rebuilt the rows: keep the reader's place
            pos = np.flatnonzero(self.model.order == top)
            if len(pos):
                self.table.scrollTo(self.model.index(int(pos[0]), 0),
                                    QAbstractItemView.PositionAtTop)
        self._last_day = self.session.cursor.date
        self._update_totals()

    def _top_pledge(self):
        row = self.table.rowAt(0)
        return None if row < 0 or row >= self.model.rowCount() else self.model.row_index(row)

    def _visible_rows(self) -> tuple[int, int]:
        vp = self.table.viewport()
        top = self.table.rowAt(0)
        bottom = self.table.rowAt(vp.height() - 1)
        n = self.model.rowCount()
        return (max(top, 0), n - 1 if bottom < 0 else bottom)

    def _on_mode(self, *_):
        self.model.refresh(True)
        self._update_totals()

    def _on_currency(self, _cur):
        self.model.currency_changed()
        self._update_totals()

    def _on_theme(self, palette):
        self.model.set_muted_colour(theme.qcolor(palette.muted))

    def _on_filters(self, values):
        with QSignalBlocker(self.search):
            if self.search.text().strip() != values.text:
                self.search.setText(values.text)
        for _label, field_name, _column, _noun in FILTER_FIELDS:
            self.pickers[field_name].set_chosen(getattr(values, field_name))
        with QSignalBlocker(self.dates_enabled):
            self.dates_enabled.setChecked(values.date_from is not None or values.date_to is not None)
        self.model.refresh(True)
        self._update_totals()

    def _on_selection(self, value):
        sm = self.table.selectionModel()
        current = sorted(self.model.row_index(r.row()) for r in sm.selectedRows())
        if value.kind == "pledges" and tuple(current) == value.rows:
            return
        with QSignalBlocker(sm):
            sm.clearSelection()
            if value.kind == "pledges" and value.rows:
                sel = QItemSelection()
                positions = np.flatnonzero(np.isin(self.model.order, value.rows))
                for pos in positions[:500]:
                    sel.select(self.model.index(int(pos), 0),
                               self.model.index(int(pos), self.model.columnCount() - 1))
                sm.select(sel, QItemSelectionModel.Select)
                if len(positions):
                    self.table.scrollTo(self.model.index(int(positions[0]), 0))
        self.table.viewport().update()

    def _update_totals(self):
        s = self.session.current_summary()
        cur = self.session.currency
        shown = self.model.rowCount()
        scope = ("in the window" if self.session.cursor.mode == WINDOW
                 else "up to the cursor")
        text = (f"{shown:,} lines shown · {s.pledge_count:,} {scope} ({self.session.cursor.date}): "
                f"pledged {pledged_text(s, cur, partial=False)}, delivered {delivered_text(s, cur)}")
        if s.unvalued:
            text += f" · {s.unvalued:,} without a value"
        if self.session.filters.values.active:
            text += "  [filtered]"
        self.totals.setText(text)
        self.totals.setToolTip(text)

    # -- widgets -> session ------------------------------------------------------------------
    def _on_search_text(self, text):
        if text.strip():
            self._search_timer.start()
        else:                       # cleared: show everything at once
            self._apply_search()

    def _apply_search(self):
        self._search_timer.stop()
        self.session.filters.set_text(self.search.text())

    def _apply_picker(self, field_name, chosen):
        self.session.filters.set_field(field_name, chosen)

    def _apply_dates(self, *_):
        from .time_controls import from_qdate
        if self.dates_enabled.isChecked():
            self.session.filters.set_dates(from_qdate(self.date_from.date()),
                                           from_qdate(self.date_to.date()))
        else:
            self.session.filters.set_dates(None, None)

    def _on_table_selection(self, *_):
        rows = self.table.selectionModel().selectedRows()
        idx = [self.model.row_index(r.row()) for r in rows]
        self.session.selection.select("pledges" if idx else None, idx)

    def shutdown(self):
        self._conns.disconnect_all()

    def closeEvent(self, e):
        self.shutdown()
        super().closeEvent(e)
