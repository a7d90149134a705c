"""The figures as of the cursor: totals, share delivered, donors, currency and rate basis, the
Kharkiv oblast control-area figures, and bar charts by donor (top 15) and by category."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QSizePolicy,
                               QVBoxLayout, QWidget)

from ...core.describe import money, percent
from ...core.state import WINDOW
from .. import theme
from ..qt_bridge import Connections, current_summary

TOP_DONORS = 15


class BarChart(pg.PlotWidget):
    """Horizontal bars: pledged (light) with delivered (dark) on top, one row per group."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent=parent)
        self.setObjectName(title)
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.plotItem.setTitle(title, size="9pt")
        self.getAxis("bottom").setLabel("")
        self.getAxis("left").setWidth(130)
        self.pledged = pg.BarGraphItem(x0=[], y=[], height=0.8, width=[])
        self.delivered = pg.BarGraphItem(x0=[], y=[], height=0.45, width=[])
        self.addItem(self.pledged)
        self.addItem(self.delivered)
        self.setMinimumHeight(140)
        self.keys: list[str] = []
        self.apply_palette(theme.current_palette())

    def apply_palette(self, pal):
        self.setBackground(pal.background)
        for ax in ("left", "bottom"):
            a = self.getAxis(ax)
            a.setPen(pal.foreground)
            a.setTextPen(pal.foreground)
        c = theme.qcolor(pal.pledged)
        c.setAlpha(110)
        self.pledged.setOpts(brush=c, pen=None)
        self.delivered.setOpts(brush=theme.qcolor(pal.delivered), pen=None)

    def set_groups(self, groups, scale: float, unit: str):
        groups = list(groups)[::-1]     # largest at the top
        keys = [g.key or "(none)" for g in groups]
        y = np.arange(len(groups), dtype=float)
        pledged = np.array([g.value_pledged for g in groups], dtype=float) / scale
        delivered = np.array([g.value_delivered for g in groups], dtype=float) / scale
        self.pledged.setOpts(x0=np.zeros(len(y)), y=y, width=pledged, height=0.8)
        self.delivered.setOpts(x0=np.zeros(len(y)), y=y, width=delivered, height=0.45)
        if keys != self.keys:
            self.keys = keys
            self.getAxis("left").setTicks([[(i, k[:28]) for i, k in enumerate(keys)]])
        self.getAxis("bottom").setLabel(unit)
        top = max(float(pledged.max()) if len(pledged) else 1.0,
                  float(delivered.max()) if len(delivered) else 1.0, 1e-9)
        self.setXRange(0, top * 1.05, padding=0)
        self.setYRange(-0.6, max(len(y), 1) - 0.4, padding=0)


class FiguresPanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("FiguresPanel")
        self.session = session
        self._conns = Connections()

        self.as_of = QLabel()
        self.as_of.setObjectName("as_of")
        big = self.as_of.font()
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.as_of.setFont(big)
        self.currency = QComboBox()
        self.currency.addItems(["EUR", "USD"])
        self.currency.setToolTip("Reporting currency; the rates used are stated below")
        self.currency.currentTextChanged.connect(self.session.set_currency)

        self.pledged = QLabel()
        self.delivered = QLabel()
        self.share = QLabel()
        self.donors = QLabel()
        self.lines = QLabel()
        for w in (self.pledged, self.delivered, self.share, self.donors, self.lines):
            w.setTextInteractionFlags(Qt.TextSelectableByMouse)
            f = w.font()
            f.setPointSizeF(f.pointSizeF() * 1.25)
            f.setBold(True)
            w.setFont(f)
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.basis.setObjectName("basis")
        self.areas = QLabel()
        self.areas.setWordWrap(True)
        self.areas.setObjectName("areas")
        self.filters_note = QLabel()
        self.filters_note.setWordWrap(True)

        head = QHBoxLayout()
        head.addWidget(self.as_of, 1)
        head.addWidget(QLabel("Currency"))
        head.addWidget(self.currency)
        form = QFormLayout()
        form.addRow("Pledged", self.pledged)
        form.addRow("Delivered", self.delivered)
        form.addRow("Share delivered", self.share)
        form.addRow("Donors", self.donors)
        form.addRow("Pledge lines", self.lines)

        self.by_donor = BarChart(f"By donor (top {TOP_DONORS})")
        self.by_category = BarChart("By category")
        for chart in (self.by_donor, self.by_category):
            chart.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(head)
        lay.addLayout(form)
        lay.addWidget(self.basis)
        lay.addWidget(self.areas)
        lay.addWidget(self.filters_note)
        lay.addWidget(self.by_donor, 3)
        lay.addWidget(self.by_category, 2)

        c = session.cursor
        self._conns.connect(c.changed, self.refresh)
        self._conns.connect(c.mode_changed, self.refresh)
        self._conns.connect(session.filters.changed, self.refresh)
        self._conns.connect(session.currency_changed, self._on_currency)
        self._conns.connect(session.briefing_changed, self.refresh)
        self._conns.connect_qt(theme.manager().theme_changed, self._on_theme)
        self._on_currency(session.currency)

    def _on_currency(self, cur):
        with QSignalBlocker(self.currency):
            self.currency.setCurrentText(cur)
        self.refresh()

    def _on_theme(self, pal):
        for chart in (self.by_donor, self.by_category):
            chart.apply_palette(pal)

    def refresh(self, *_):
        s = current_summary(self.session)
        cur = s.currency
        c = self.session.cursor
        if c.mode == WINDOW:
            self.as_of.setText(f"{c.window_start} – {c.date}  (last {c.window_days} days)")
        else:
            self.as_of.setText(f"As of {c.date}")
        self.pledged.setText(money(s.value_pledged, cur))
        self.delivered.setText(money(s.value_delivered, cur))
        self.share.setText(percent(s.share_delivered))
        self.donors.setText(f"{s.donors}")
        extra = f" ({s.unvalued} without a value)" if s.unvalued else ""
        if s.estimates:
            extra += f", {s.estimates} estimates"
        self.lines.setText(f"{s.pledge_count:,}{extra}")
        self.basis.setText(f"<small>{s.fx.describe()}</small>")
        self.areas.setText(self._areas_text(s.areas))
        self.filters_note.setText(
            f"<small><b>Filters:</b> {s.filters.describe()}</small>" if s.filters.active else "")
        scale, unit = _scale(max(s.value_pledged, s.value_delivered), cur)
        donors = [g for g in s.groups["by_donor"] if g.key][:TOP_DONORS]
        self.by_donor.set_groups(donors, scale, unit)
        self.by_category.set_groups(s.groups["by_category"][:12], scale, unit)

    @staticmethod
    def _areas_text(ar) -> str:
        if not ar.get("snapshots"):
            return "<small>No control-area snapshots loaded.</small>"
        if not ar.get("snapshot_time"):
            return f"<small>Control areas: {ar.get('note', 'no snapshot yet')}.</small>"
        def km2(v):
            return "n/a" if v is None else f"{v:,.0f} km²"
        note = (" <i>Illustrative areas, not a survey.</i>" if ar.get("illustrative") else "")
        return (f"<b>Kharkiv oblast</b>: occupied {km2(ar['occupied_km2'])}, contested "
                f"{km2(ar['contested_km2'])}<br><small>snapshot {ar['snapshot_time']}"
                f"{note}</small>")

    def shutdown(self):
        self._conns.disconnect_all()

    def closeEvent(self, e):
        self.shutdown()
        super().closeEvent(e)


def _scale(top: float, cur: str) -> tuple[float, str]:
    if top >= 1e9:
        return 1e9, f"{cur} bn"
    if top >= 1e6:
        return 1e6, f"{cur} m"
    return 1.0, cur
