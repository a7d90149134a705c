"""The pledge table: the model's rows (``pledge_model``) in a table view, with filters, sorting
and totals. The cells are drawn by ``CellDelegate`` from the model's per-row texts."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import (SIGNAL, SLOT, QEvent, QItemSelection, QItemSelectionModel,
                            QObject, QPointF, QSignalBlocker, Qt, QTimer)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDateEdit, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QStyle,
                               QStyledItemDelegate, QStyleOptionFocusRect, QTableView,
                               QVBoxLayout, QWidget)

from ...core.describe import delivered_text, pledged_text
from ...core.cursor import WINDOW
from .. import theme
from ..connections import Connections
from .kept_scroll_bar import KeptScrollBar
from .laid_out_text import LaidOutTexts
from .multi_select import MultiSelect
from .pledge_model import FILTER_FIELDS, RIGHT_ALIGNED, PledgeTableModel
from .text_line import TextLine


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
        # Laid out for the table's font, per text and width; the per-cell reads of the option's
        # font and palette were a third of a cell's cost.
        self._texts = LaidOutTexts(limit=4096)
        self.font = None                 # the table's font (font_changed sets it)
        self.text_colour = None          # the table's text colour (theme_changed sets it)

    def font_changed(self, font) -> None:
        """The table's font changed (presentation mode): every text is laid out again."""
        self.font = font
        self._texts.clear()

    def paint(self, painter, option, index) -> None:
        model = self.model
        i = model.row_index(index.row())
        col = index.column()
        text = model.cell_text(i, col)
        rect = option.rect
        state = option.state.value
        if state & self._SELECTED:
            palette = option.palette
            painter.fillRect(rect, palette.brush(QPalette.Highlight))
            colour = palette.color(QPalette.HighlightedText)
        else:
            colour = model.row_colour(i) or self.text_colour or option.palette.color(
                QPalette.Text)
        if text:
            x, y, w, h = rect.getRect()
            margin = self.MARGIN
            laid, tw, th = self._texts.get(text, self.font or option.font, None, w - 2 * margin)
            painter.setPen(colour)
            painter.drawStaticText(QPointF(x + w - margin - tw if col in RIGHT_ALIGNED
                                           else x + margin, y + (h - th) / 2), laid)
        if state & self._FOCUS:
            palette = option.palette
            focus = QStyleOptionFocusRect()
            focus.rect, focus.state = rect, option.state
            focus.backgroundColor = palette.color(
                QPalette.Highlight if state & self._SELECTED else QPalette.Base)
            if option.widget is not None:
                option.widget.style().drawPrimitive(QStyle.PE_FrameFocusRect, focus, painter,
                                                    option.widget)


class _Table(QTableView):
    """Arrow keys stay with the table (they would otherwise step the time cursor)."""

    def changeEvent(self, e):
        if e.type() in (QEvent.FontChange, QEvent.PaletteChange, QEvent.StyleChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, CellDelegate):
                delegate.font_changed(self.font())
                delegate.text_colour = self.palette().color(QPalette.Text)
        super().changeEvent(e)

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
    for bar in (table.verticalScrollBar(), table.horizontalScrollBar()):
        # Each relayout (a window step adds and removes rows) repaints the bars' containers
        # and, as they are see-through, the table's frame, the dock and the window behind
        # them. Filling their own background, they stop that at themselves (~0.5 ms a step).
        container = bar.parentWidget()
        container.setAutoFillBackground(True)
        container.setAttribute(Qt.WA_OpaquePaintEvent)
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
        self.table.setVerticalScrollBar(KeptScrollBar(Qt.Vertical))
        self.table.setHorizontalScrollBar(KeptScrollBar(Qt.Horizontal))
        self.table.setModel(self.model)
        delegate = CellDelegate(self.model, self.table)
        delegate.text_colour = self.table.palette().color(QPalette.Text)
        delegate.font_changed(self.table.font())
        self.table.setItemDelegate(delegate)
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
