"""The pledge table: greyed/hidden rows at the cursor, sorting, search and filters, selection."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from udcg_desktop.core.model import BriefingPart, PledgeTable, assemble
from udcg_desktop.core.cursor import WINDOW
from udcg_desktop.core.session import Session
from udcg_desktop.gui.views.pledge_model import COLUMNS
from udcg_desktop.gui.views.pledge_table import PledgeTableView

from .mw_helpers import PLEDGES, D

DATE_COL = 0
DONOR_COL = [c[1] for c in COLUMNS].index("donor")
VALUE_COL = [c[1] for c in COLUMNS].index("_value")

# (the ``table`` fixture is in conftest.py)


def shown(table, col):
    m = table.model
    return [m.index(r, col).data() for r in range(m.rowCount())]


def test_rows_after_cursor_are_greyed(table):
    table.session.cursor.set_date("2024-05-01")
    m = table.model
    dates = shown(table, DATE_COL)
    greyed = [m.is_greyed(r) for r in range(m.rowCount())]
    assert greyed == [d > "2024-05-01" for d in dates]
    assert sum(greyed) == 2
    table.session.cursor.set_date("2024-06-01")
    assert not any(m.is_greyed(r) for r in range(m.rowCount()))


def test_window_mode_hides_rows_outside_window(table):
    s = table.session
    s.cursor.set_date("2024-05-15")
    s.cursor.set_mode(WINDOW, 20)        # 2024-04-26 .. 2024-05-15
    assert shown(table, DATE_COL) == ["2024-05-01", "2024-05-15"]
    s.cursor.set_date("2024-06-01")      # 2024-05-13 .. 2024-06-01
    assert shown(table, DATE_COL) == ["2024-05-15", "2024-06-01"]


def test_sorting_by_value_and_donor(qtbot, table):
    header = table.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, VALUE_COL))
    values = [table.model.values()[table.model.row_index(r)]
              for r in range(table.model.rowCount())]
    assert values == sorted(values) or values == sorted(values, reverse=True)
    table.table.sortByColumn(VALUE_COL, Qt.DescendingOrder)
    values = [table.model.values()[table.model.row_index(r)]
              for r in range(table.model.rowCount())]
    assert values == sorted(values, reverse=True)
    table.table.sortByColumn(DONOR_COL, Qt.AscendingOrder)
    assert shown(table, DONOR_COL) == sorted(p[1] for p in PLEDGES)


def _section_centre(header, col):
    from PySide6.QtCore import QPoint
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    return QPoint(x, header.height() // 2)


def test_search_box_sets_filter_and_narrows_rows(qtbot, table):
    qtbot.keyClicks(table.search, "netherl")
    qtbot.waitUntil(lambda: table.session.filters.values.text == "netherl", timeout=2000)
    assert shown(table, DONOR_COL) == ["Netherlands"]
    assert "1 lines shown" in table.totals.text()


def test_donor_filter_and_totals(qtbot, table):
    s = table.session
    s.cursor.set_date("2024-06-01")
    picker = table.pickers["donors"]
    picker.item("Germany").setCheckState(Qt.Checked)         # ticked in its drop-down
    assert s.filters.values.donors == frozenset({"Germany"})
    assert set(shown(table, DONOR_COL)) == {"Germany"}
    assert "pledged €370.0m" in table.totals.text()        # 100 + 200 + 70
    assert "delivered €120.0m" in table.totals.text()      # 80 + 40
    qtbot.mouseClick(table.clear_button, Qt.LeftButton)
    assert not s.filters.values.active
    assert picker.chosen() is None and table.model.rowCount() == len(PLEDGES)
    assert picker.text().startswith("(all)")


def test_date_range_filter(qtbot, table):
    table.date_from.setDate(table.date_from.date().fromString("2024-04-05", "yyyy-MM-dd"))
    table.date_to.setDate(table.date_to.date().fromString("2024-05-10", "yyyy-MM-dd"))
    table.dates_enabled.setChecked(True)
    v = table.session.filters.values
    assert (v.date_from, v.date_to) == (D("2024-04-05"), D("2024-05-10"))
    assert shown(table, DATE_COL) == ["2024-04-10", "2024-05-01"]


def test_clicking_a_row_selects_the_pledge(qtbot, table):
    rect = table.table.visualRect(table.model.index(2, DONOR_COL))
    qtbot.mouseClick(table.table.viewport(), Qt.LeftButton, pos=rect.center())
    sel = table.session.selection.value
    assert sel.kind == "pledges"
    assert sel.rows == (table.model.row_index(2),)


def test_selection_from_elsewhere_selects_row(table):
    b = table.session.briefing
    i = int(np.flatnonzero(b.pledges["pledge_id"] == "NL-1")[0])
    table.session.selection.select("pledges", [i])
    rows = [table.model.row_index(r.row()) for r in table.table.selectionModel().selectedRows()]
    assert rows == [i]


def test_large_table_uses_a_permutation_not_copies(qtbot):
    n = 100_000
    rng = np.random.default_rng(3)
    days = D("2023-01-01") + rng.integers(0, 500, n).astype("timedelta64[D]")
    pledges = PledgeTable({"pledge_id": np.array([f"P{i}" for i in range(n)], dtype=object),
                           "donor": np.array(["A", "B", "C"], dtype=object)[rng.integers(0, 3, n)],
                           "date": days, "amount": rng.uniform(1, 100, n),
                           "currency": np.array(["EUR"] * n, dtype=object)})
    w = PledgeTableView(Session(assemble([BriefingPart(pledges=pledges)])))
    qtbot.addWidget(w)
    assert isinstance(w.model.order, np.ndarray) and w.model.rowCount() == n
    w.session.filters.set_field("donors", ["B"])
    b_rows = w.model.order
    assert (w.session.briefing.pledges["donor"][b_rows] == "B").all()
    assert w.model.rowCount() == int((pledges["donor"] == "B").sum())


class _PainterRecord:
    """Stands in for the painter the view hands the cell delegate: records what it draws."""

    def __init__(self):
        self.pen, self.fills, self.texts = None, [], []

    def fillRect(self, rect, brush):
        self.fills.append(brush)

    def setPen(self, colour):
        self.pen = colour

    def drawStaticText(self, point, static):
        self.texts.append((static.text(), self.pen.name(), point.x(), static.size().width()))


def _painted(table, row, col, selected=False):
    """What the view's cell delegate draws in a cell, as for a repaint: (text, its colour,
    its alignment, how many fills)."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
    view = table.table
    index = table.model.index(row, col)
    opt = QStyleOptionViewItem()
    opt.initFrom(view)
    opt.rect = view.visualRect(index)
    opt.font, opt.fontMetrics = view.font(), QFontMetrics(view.font())
    opt.widget = view
    if selected:
        opt.state |= QStyle.State_Selected
    record = _PainterRecord()
    view.itemDelegate().paint(record, opt, index)
    if not record.texts:
        return "", None, Qt.AlignLeft, len(record.fills)
    text, colour, x, width = record.texts[0]
    left = opt.rect.x() + view.itemDelegate().MARGIN
    align = Qt.AlignRight if x > left + 0.5 else Qt.AlignLeft
    return text, colour, align, len(record.fills)


def _shown_whole(painted: str, text: str) -> bool:
    """The painted text is the cell's, or the start of it elided to the column's width."""
    return painted == text or (painted.endswith("…") and text.startswith(painted[:-1]))


def test_painted_cells_match_the_model_and_follow_currency_and_cursor(table):
    s = table.session
    m = table.model
    s.cursor.set_date("2024-05-01")
    muted = m._muted.name()
    for row in range(m.rowCount()):
        for col in range(m.columnCount()):
            text, colour, align, _fills = _painted(table, row, col)
            data = m.index(row, col).data()
            assert _shown_whole(text, data)
            if not data:
                continue
            assert (colour == muted) == m.is_greyed(row)
            right = align == Qt.AlignRight
            assert right == (COLUMNS[col][1] in ("amount", "_value"))
    # A selected row: the highlight behind it and the highlighted-text colour, muted or not.
    from PySide6.QtGui import QPalette
    text, colour, _align, fills = _painted(table, 0, DONOR_COL, selected=True)
    assert fills == 1
    assert colour == table.table.palette().color(QPalette.HighlightedText).name()
    eur = [_painted(table, r, VALUE_COL)[0] for r in range(m.rowCount())]
    assert any(t.startswith("€") for t in eur)
    s.set_currency("USD")                      # the cached texts are formatted again
    usd = [_painted(table, r, VALUE_COL)[0] for r in range(m.rowCount())]
    assert all(_shown_whole(p, t) for p, t in zip(usd, shown(table, VALUE_COL)))
    assert all(t.startswith("$") for t in usd if t) and usd != eur
    s.cursor.set_date("2024-06-30")            # nothing after the cursor: nothing muted
    assert all(_painted(table, r, DATE_COL)[1] != muted for r in range(m.rowCount()))


def test_window_mode_keeps_the_vertical_bar_without_a_relayout_per_step(qtbot, table):
    s = table.session
    bar = table.table.verticalScrollBar()
    assert table.table.verticalScrollBarPolicy() == Qt.ScrollBarAlwaysOn
    s.cursor.set_mode(WINDOW, 20)
    for day in ("2024-05-01", "2024-05-15", "2024-06-01"):
        s.cursor.set_date(day)
        qtbot.wait(5)
        assert bar.isVisible()
        # The rows shown still fit the bar's range: every row can be scrolled to.
        table.table.scrollToBottom()
        last = table.table.rowAt(table.table.viewport().height() - 1)
        assert last in (-1, table.model.rowCount() - 1)


def test_a_window_step_does_not_repaint_the_table_frame_or_what_is_behind_it(qtbot, table):
    """Rows in and out relayout the table's scroll bars; their containers paint their own
    background, so the table's frame and the widgets behind it are not repainted for them."""
    from PySide6.QtCore import QEvent, QObject
    s = table.session
    table.resize(700, 300)
    table.show()
    qtbot.waitExposed(table)
    s.cursor.set_mode(WINDOW, 20)
    s.cursor.set_date("2024-05-01")
    qtbot.wait(20)
    painted = []

    class Watch(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Paint:
                painted.append(obj)
            return False
    watch = Watch()
    for w in (table, table.table, table.table.viewport()):
        w.installEventFilter(watch)
    rows = table.model.rowCount()
    s.cursor.set_date("2024-05-15")          # rows leave and come in
    qtbot.wait(20)
    assert table.model.rowCount() != rows
    assert table.table.viewport() in painted  # the rows shown changed
    assert table not in painted and table.table not in painted


@pytest.mark.parametrize("descending", [False, True])
def test_window_steps_move_rows_in_and_out_without_a_reset(qtbot, qtmodeltester, descending):
    """Stepping the window slides rows in at one end and out at the other (removed/inserted
    rows, checked by Qt's model tester); the rows shown are always the window's."""
    n = 400
    rng = np.random.default_rng(3)
    days = np.datetime64("2024-01-01") + np.sort(rng.integers(0, 120, n)).astype("timedelta64[D]")
    pledges = PledgeTable({"pledge_id": [f"P{i}" for i in range(n)],
                           "donor": [f"D{i % 7}" for i in range(n)], "date": days,
                           "amount": rng.uniform(1, 9, n) * 1e6, "currency": ["EUR"] * n})
    w = PledgeTableView(Session(assemble([BriefingPart(pledges=pledges)])))
    qtbot.addWidget(w)
    w.show()
    m = w.model
    if descending:
        w.table.sortByColumn(DATE_COL, Qt.DescendingOrder)
    qtmodeltester.check(m)
    resets = []
    m.modelReset.connect(lambda: resets.append(1))
    s = w.session
    s.cursor.set_date("2024-02-15")
    s.cursor.set_mode(WINDOW, 10)
    resets.clear()
    for k, step in enumerate([1] * 12 + [-1] * 20 + [3, -2, 5]):
        if k == 20:                      # a filter on the way: a reset, then slides again
            s.filters.set_field("donors", ["D1", "D3"])
            resets.clear()
        s.cursor.step(step)
        lo, hi = s.cursor.window_start, s.cursor.date
        keep = np.isin(pledges["donor"], ["D1", "D3"]) if k >= 20 else np.ones(n, bool)
        want = np.flatnonzero((days >= lo) & (days <= hi) & keep)
        idx = m._sort_index()            # the general path: a pass over every row
        assert m.order.tolist() == idx[m.filter_mask()[idx]].tolist()
        assert sorted(m.order.tolist()) == want.tolist()
        shown_days = [m.index(r, DATE_COL).data() for r in range(m.rowCount())]
        assert shown_days == sorted(shown_days, reverse=descending)
    assert not resets


@pytest.mark.parametrize("column,order", [(DATE_COL, Qt.AscendingOrder),
                                          (DATE_COL, Qt.DescendingOrder),
                                          (DONOR_COL, Qt.AscendingOrder)])
def test_a_cursor_step_repaints_exactly_the_rows_whose_colour_flips(table, column, order):
    from udcg_desktop.core.dates import day_ints
    m = table.model
    table.table.sortByColumn(column, order)
    table.session.cursor.set_date("2024-04-01")
    changed = []
    m.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), b.row())))
    table.session.cursor.set_date("2024-05-20")
    days = day_ints(m.pledges["date"])[m.order]
    lo, hi = (int(np.datetime64(d, "D").astype(np.int64)) for d in ("2024-04-01", "2024-05-20"))
    flipped = np.flatnonzero((days > lo) & (days <= hi))
    assert len(flipped) >= 2
    first, last = changed[-1]
    # The repainted band covers every row that flipped, from the first to the last of them.
    assert (first, last) == (int(flipped[0]), int(flipped[-1]))
