"""The figures panel: totals as of the cursor, currency and basis, areas, bar charts."""
import numpy as np
import pytest
from PySide6.QtGui import QColor

from udcg_desktop.core.model import BriefingPart, PledgeTable, assemble
from udcg_desktop.core.session import Session
from udcg_desktop.gui.views.figures_panel import TOP_DONORS, FiguresPanel

from .mw_helpers import pledges_up_to

# (the ``panel`` fixture is in conftest.py)


def m(value):
    return f"€{value / 1e6:.1f}m"


def test_totals_follow_the_cursor(panel):
    s = panel.session
    for day in ("2024-04-05", "2024-05-01", "2024-05-31"):
        s.cursor.set_date(day)
        assert panel.pledged.text() == m(pledges_up_to(day))
        assert panel.as_of.text() == f"As of {day}"
    s.cursor.set_date("2024-04-05")                # nothing delivered yet: not "0.0%"
    assert panel.delivered.text() == panel.share.text() == "none recorded"
    s.cursor.set_date("2024-05-31")
    assert panel.delivered.text() == m(120e6)
    assert panel.share.text() == f"{120 / 380 * 100:.1f}%"
    assert panel.donors.text() == "3"


def test_filters_change_totals(panel):
    s = panel.session
    s.cursor.set_date("2024-06-01")
    s.filters.set_field("coalitions", ["Artillery"])
    assert panel.pledged.text() == m(250e6)        # FR-1 50m + DE-2 200m
    assert "coalitions: Artillery" in panel.filters_note.text()


def test_currency_switch_states_basis(qtbot, panel):
    s = panel.session
    s.cursor.set_date("2024-06-01")
    panel.currency.setCurrentText("USD")
    assert s.currency == "USD"
    assert panel.pledged.text().startswith("$")
    assert "USD" in panel.basis.text() and "ECB" in panel.basis.text()
    # 450m EUR at roughly 1.07-1.09 USD per EUR in spring 2024.
    value = float(panel.pledged.text().strip("$m"))
    assert 470 < value < 500


def test_area_figures_with_snapshot_time_and_note(panel):
    s = panel.session
    s.cursor.set_date("2024-05-05")
    assert "no snapshot" in panel.areas.text()
    s.cursor.set_date("2024-05-20")
    text = panel.areas.text()
    assert "123 km²" in text and "45 km²" in text
    assert "2024-05-11" in text and "Illustrative" in text


def test_bar_chart_top_donors(qtbot):
    n = TOP_DONORS + 5
    pledges = PledgeTable({
        "pledge_id": [f"P{i}" for i in range(n)], "donor": [f"Donor {i:02d}" for i in range(n)],
        "date": np.array(["2024-05-01"] * n, dtype="datetime64[D]"),
        "amount": [(i + 1) * 1e6 for i in range(n)], "currency": ["EUR"] * n,
        "category": ["A" if i % 2 else "B" for i in range(n)],
    })
    w = FiguresPanel(Session(assemble([BriefingPart(pledges=pledges)])))
    qtbot.addWidget(w)
    keys = w.by_donor.keys
    assert len(keys) == TOP_DONORS
    assert keys[0] == f"Donor {n - 1:02d}"             # the largest at the top
    assert f"Donor {n - TOP_DONORS - 1:02d}" not in keys
    assert w.by_donor.pledged[0] == pytest.approx(n * 1e6)
    assert list(w.by_donor.pledged) == sorted(w.by_donor.pledged, reverse=True)
    assert sorted(w.by_category.keys) == ["A", "B"]
    w.resize(400, 700)
    w.show()
    img = w.by_donor.grab().toImage()
    chart = w.by_donor
    bg = chart._bg.rgb()

    def bar_length(y):
        return sum(1 for x in range(img.width()) if img.pixel(x, y) not in (bg,)
                   and QColor(img.pixel(x, y)).blue() > QColor(img.pixel(x, y)).red() + 20)

    # Bars get shorter down the chart: the top donor's bar is the longest.
    line = chart.fontMetrics().height()
    row_h = min(line * 1.35, (chart.height() - line - 6 - 4) / TOP_DONORS)
    ys = [int(line + 6 + i * row_h + row_h * 0.1) for i in (0, TOP_DONORS - 1)]
    assert bar_length(ys[0]) > 3 * bar_length(ys[1]) > 0


def test_panel_says_value_not_given_and_stale_pledge_data(qtbot):
    from udcg_desktop.core.session import Session
    from udcg_desktop.gui.views.figures_panel import FiguresPanel
    from tests.export.test_not_given_and_stale import unknown_values_briefing
    from .mw_helpers import shown
    panel = shown(qtbot, FiguresPanel(Session(unknown_values_briefing())), 420, 800)
    assert panel.delivered.text() == "2 deliveries, value not given"
    assert panel.share.text() == "not given"
    assert panel.coverage.isHidden()                     # 2024-06-01: within 30 days
    panel.session.cursor.go_to("2024-07-01")
    assert panel.coverage.isVisible()
    assert "Pledge data ends 2024-05-10" in panel.figures_text()
    france = panel.by_donor.keys.index("France")
    assert panel.by_donor.value_texts[france] == "value not given"


def test_a_bar_chart_repaints_only_when_what_it_shows_changes(qtbot):
    from PySide6.QtCore import QEvent, QObject
    from udcg_desktop.core.groups import Group
    from udcg_desktop.gui.views.figures_panel import BarChart
    chart = BarChart("By donor", 5)
    qtbot.addWidget(chart)
    chart.resize(400, 160)
    chart.show()
    qtbot.waitExposed(chart)

    class Paints(QObject):
        n = 0

        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Paint:
                Paints.n += 1
            return False
    watch = Paints()
    chart.installEventFilter(watch)

    def show(values):
        chart.set_groups([Group(f"Donor {i}", 3, v, v / 2, 0, 1, 0)
                          for i, v in enumerate(values)], 1.0, "EUR", "EUR")
        qtbot.wait(20)
    show([5e9, 4e9, 3e9])
    before = Paints.n
    show([5e9 + 1e5, 4e9, 3e9])       # 0.002% more: same text, same bar ends
    assert Paints.n == before
    assert chart.value_texts[0] == "€5.0bn"
    show([5e9, 4e9, 3.5e9])           # a bar grows by ~30 px and its text changes
    assert Paints.n > before
    assert chart.value_texts[2] == "€3.5bn"
