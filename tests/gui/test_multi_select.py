"""The pledge filters that pick several values: open the drop-down, tick, invert, clear, find."""
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from udcg_desktop.gui.views.pledge_model import COLUMNS

from .mw_helpers import PLEDGES

DONOR_COL = [c[1] for c in COLUMNS].index("donor")


@pytest.fixture
def table(table):
    """conftest's pledge table, with the cursor after every pledge."""
    table.session.cursor.set_date("2024-06-30")
    return table


def donors_shown(table):
    m = table.model
    return sorted({m.index(r, DONOR_COL).data() for r in range(m.rowCount())})


def tick(qtbot, picker, value):
    """Click the check box of ``value`` in the open drop-down, where a user would."""
    lst = picker.list
    item = picker.item(value)
    rect = lst.visualItemRect(item)
    opt = QStyleOptionViewItem()
    opt.initFrom(lst)
    opt.rect = rect
    opt.features |= QStyleOptionViewItem.HasCheckIndicator
    box = lst.style().subElementRect(QStyle.SE_ItemViewItemCheckIndicator, opt, lst)
    qtbot.mouseClick(lst.viewport(), Qt.LeftButton, pos=box.center())


def test_ticking_two_donors_filters_to_both(qtbot, table):
    picker = table.pickers["donors"]
    assert picker.values() == ["France", "Germany", "Netherlands"]
    qtbot.mouseClick(picker, Qt.LeftButton)
    assert picker.popup.isVisible()
    tick(qtbot, picker, "France")
    tick(qtbot, picker, "Netherlands")
    assert picker.popup.isVisible()                  # ticking does not close the drop-down
    assert table.session.filters.values.donors == frozenset({"France", "Netherlands"})
    assert donors_shown(table) == ["France", "Netherlands"]
    assert picker.text().startswith("2 donors")
    assert "France, Netherlands" in picker.toolTip()
    assert "2 lines shown" in table.totals.text()
    tick(qtbot, picker, "France")                    # untick one
    assert donors_shown(table) == ["Netherlands"]
    assert picker.text().startswith("Netherlands")


def test_invert_and_clear(qtbot, table):
    picker = table.pickers["donors"]
    qtbot.mouseClick(picker, Qt.LeftButton)
    tick(qtbot, picker, "Germany")
    qtbot.mouseClick(picker.invert_button, Qt.LeftButton)     # every donor but Germany
    assert table.session.filters.values.donors == frozenset({"France", "Netherlands"})
    assert donors_shown(table) == ["France", "Netherlands"]
    qtbot.mouseClick(picker.clear_button, Qt.LeftButton)
    assert table.session.filters.values.donors is None
    assert table.model.rowCount() == len(PLEDGES)
    assert picker.text().startswith("(all)")


def test_double_click_keeps_only_that_value(qtbot, table):
    picker = table.pickers["categories"]
    picker.set_chosen(["Drones", "Air defence"], emit=True)
    qtbot.mouseClick(picker, Qt.LeftButton)
    at = picker.list.visualItemRect(picker.item("Artillery & ammunition")).center()
    qtbot.mouseClick(picker.list.viewport(), Qt.LeftButton, pos=at)     # a double click is a
    qtbot.mouseDClick(picker.list.viewport(), Qt.LeftButton, pos=at)    # click, then a second
    assert table.session.filters.values.categories == frozenset({"Artillery & ammunition"})


def test_filters_set_elsewhere_show_as_ticks(table):
    table.session.filters.set_field("donors", ["Germany", "France"])
    picker = table.pickers["donors"]
    assert picker.chosen() == ["France", "Germany"]
    assert picker.text().startswith("2 donors")
    table.session.filters.clear()
    assert picker.chosen() is None


def test_aid_type_filter_is_offered(table):
    picker = table.pickers["aid_types"]
    assert picker.values() == ["Military"]
    picker.item("Military").setCheckState(Qt.Checked)
    assert table.session.filters.values.aid_types == frozenset({"Military"})
    assert table.model.rowCount() == len(PLEDGES)


def test_search_line_narrows_a_long_list(qtbot):
    from udcg_desktop.gui.views.multi_select import SEARCH_FROM, MultiSelect
    w = MultiSelect("donors")
    qtbot.addWidget(w)
    names = [f"Donor {i:02d}" for i in range(SEARCH_FROM + 5)] + ["Sweden"]
    w.set_values(names)
    w.show()
    qtbot.mouseClick(w, Qt.LeftButton)
    assert w.search.isVisible()
    qtbot.keyClicks(w.search, "swe")
    visible = [w.list.item(i).text() for i in range(w.list.count())
               if not w.list.item(i).isHidden()]
    assert visible == ["Sweden"]
    w.popup.hide()
    short = MultiSelect("statuses")
    qtbot.addWidget(short)
    short.set_values(["pledged", "delivered"])
    short.show()
    qtbot.mouseClick(short, Qt.LeftButton)
    assert not short.search.isVisible()
    assert QPoint(0, 0) != short.popup.pos()
