"""The figures as of the cursor: totals, share delivered, donors, currency and rate basis, the
Kharkiv oblast control-area figures, and bar charts by donor (top 15) and by category."""
from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSignalBlocker, QSize, Qt
from PySide6.QtGui import (QAction, QColor, QFont, QGuiApplication, QPainter,
                           QTextDocumentFragment)
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QSizePolicy,
                               QVBoxLayout, QWidget)

from ...core.describe import (NOT_GIVEN, control_area_text, delivered_text, front_change_text,
                              money, pledged_text, settlements_text, share_text)
from ...core.cursor import WINDOW
from .. import theme
from ..connections import Connections
from .date_field import DateField
from .laid_out_text import KeptWidths, LaidOutTexts
from .text_block import TextBlock
from .text_line import TextLine

TOP_DONORS = 15
TOP_CATEGORIES = 12


class BarChart(QWidget):
    """Horizontal bars drawn with QPainter: pledged (light) with delivered (dark) inside, one row
    per group, largest first, labels on the left and values on the right. (A pyqtgraph plot per
    chart cost ~25 ms to build and a repaint per step; this is ~1 ms.)"""

    def __init__(self, title: str, max_rows: int, parent=None):
        super().__init__(parent)
        self.setObjectName(title)
        self.title = title
        self.max_rows = max_rows
        self._keys: list[str] = []
        self._pledged_values = np.zeros(0)
        self._delivered_values = np.zeros(0)
        self.unit = ""
        self.currency = ""
        self._values: list[str] = []
        self._pending = None
        self._widths = None
        self._kept_widths: KeptWidths | None = None    # in the font keyed ``_kept_for``
        self._kept_for = None
        # Names and most values are the same from one cursor step to the next: each is laid out
        # once (drawText laid the chart's ~35 texts out again on every repaint).
        self._texts = LaidOutTexts(limit=512)
        self._painted = None          # what the last repaint asked for showed (set_groups)
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        # Every pixel is painted (background first): the panel behind is not repainted too.
        self.setAttribute(Qt.WA_OpaquePaintEvent)
        self.apply_palette(theme.current_palette())

    def apply_palette(self, pal):
        self._fg = QColor(pal.foreground)
        self._muted = QColor(pal.muted)
        self._bg = QColor(pal.background)
        c = theme.qcolor(pal.pledged)
        c.setAlpha(110)
        self._pledged_colour = c
        self._delivered_colour = theme.qcolor(pal.delivered)
        self._painted = None
        self.update()

    def set_groups(self, groups, scale: float, unit: str, currency: str = ""):
        """``groups``: the rows, or a function giving them, called when the chart is next
        painted or read (a chart scrolled out of its panel costs no breakdown per step)."""
        self._pending = (groups, currency, unit)
        if self.isVisible() and not self.visibleRegion().isEmpty():
            # On screen: read now, and repainted only if a name, a value's text or a bar's end
            # (to a quarter pixel) changed. Most cursor steps add too little to show.
            self._resolve()
            picture = self._picture()
            if picture == self._painted:
                return
            self._painted = picture
        else:
            self._painted = None
        self.update()

    def _geometry(self, fm) -> tuple[float, float, float, float, float]:
        """(label width, value width, bars' left, bars' full width, largest value)."""
        names_w, values_w = self._text_widths(fm)
        label_w = min(self.width() * 0.5, names_w + 10)
        value_w = values_w + 8
        bar_x = 6 + label_w
        bar_w = max(10.0, self.width() - bar_x - value_w - 6)
        vmax = max(float(self._pledged_values.max(initial=0.0)),
                   float(self._delivered_values.max(initial=0.0)), 1e-9)
        return label_w, value_w, bar_x, bar_w, vmax

    def _picture(self) -> tuple:
        """What the chart draws, to the precision it is drawn at."""
        _label_w, _value_w, _bar_x, bar_w, vmax = self._geometry(self.fontMetrics())
        ends = np.rint(np.maximum(np.concatenate([self._pledged_values, self._delivered_values]),
                                  0) / vmax * bar_w * 4).astype(np.int64)
        return (self.width(), self.height(), self.font().key(), tuple(self._keys),
                tuple(self._values), ends.tobytes())

    @property
    def keys(self) -> list[str]:
        self._resolve()
        return self._keys

    @property
    def pledged(self) -> np.ndarray:
        self._resolve()
        return self._pledged_values

    @property
    def delivered(self) -> np.ndarray:
        self._resolve()
        return self._delivered_values

    @property
    def value_texts(self) -> list[str]:
        """The values as written at the bars' ends."""
        self._resolve()
        return self._values

    def _resolve(self) -> None:
        if self._pending is None:
            return
        groups, currency, unit = self._pending
        self._pending = None
        groups = list(groups() if callable(groups) else groups)
        self._keys = [g.key or "(none)" for g in groups]
        self._pledged_values = np.array([g.value_pledged for g in groups], dtype=float)
        self._delivered_values = np.array([g.value_delivered for g in groups], dtype=float)
        self.currency = currency
        self.unit = unit
        # Formatted once per new data, not per paint (a paint is ~0.6 ms, half of it Python).
        # A value no source gives has no bar and says so (unknown is not zero).
        self._values = [money(float(v), currency or "EUR") if g.pledged_given else NOT_GIVEN
                        for v, g in zip(self._pledged_values, groups)]
        self._widths = None             # measured at the next paint, in the font it uses

    def _text_widths(self, fm) -> tuple[float, float]:
        """(widest name, widest value shown or "€888.8bn"), measured once per new data."""
        key = (fm.height(), self.font().key())
        if self._widths is None or self._widths[0] != key:
            if self._kept_for != key:                # each text measured once per font
                self._kept_widths, self._kept_for = KeptWidths(fm), key
            width = self._kept_widths.horizontalAdvance
            names = max((width(k) for k in self._keys), default=0)
            values = max([width("€888.8bn")] + [width(v) for v in self._values])
            self._widths = (key, names, values)
        return self._widths[1], self._widths[2]

    def changeEvent(self, event):
        if event.type() == QEvent.FontChange:
            self._texts.clear()
        super().changeEvent(event)

    def sizeHint(self):
        # From the most rows it can show, not the rows it shows now: a hint that followed the
        # data would relayout (and repaint) the whole panel on every cursor step.
        return QSize(300, 40 + 18 * self.max_rows)

    def paintEvent(self, _event):
        self._resolve()
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.Antialiasing, False)
            r = self.rect()
            p.fillRect(r, self._bg)
            fm = p.fontMetrics()
            line = fm.height()
            p.setPen(self._fg)
            bold = QFont(p.font())
            bold.setBold(True)
            p.setFont(bold)
            self._texts.draw(p, QRectF(6, 2, r.width() - 12, line), self.title, bold, tag="bold")
            plain = self.font()
            p.setFont(plain)
            # Legend, right-aligned on the title line.
            lx = r.width() - 6 - fm.horizontalAdvance("pledged") - fm.horizontalAdvance(
                "delivered") - 2 * line - 14
            for colour, word in ((self._pledged_colour, "pledged"),
                                 (self._delivered_colour, "delivered")):
                p.fillRect(QRectF(lx, 2 + line * 0.25, line * 0.8, line * 0.5), colour)
                lx += line
                p.setPen(self._muted)
                self._texts.draw(p, QRectF(lx, 2, fm.horizontalAdvance(word) + 4, line), word,
                                 plain)
                lx += fm.horizontalAdvance(word) + 10
            n = len(self._keys)
            if not n:
                p.setPen(self._muted)
                p.drawText(QRectF(6, line + 6, r.width() - 12, line), Qt.AlignLeft,
                           "nothing as of this date")
                return
            top = line + 6
            row_h = max(8.0, min(line * 1.35, (r.height() - top - 4) / n))
            # Up to half the width for names: "EU (Commission and Council)" in a 430-px dock.
            # As wide as the widest value shown ("value not given" too), not a guessed money.
            label_w, value_w, bar_x, bar_w, vmax = self._geometry(fm)
            show_labels = row_h >= line * 0.8
            elide_w = int(label_w - 8)
            labels = [self._kept_widths.elided(k, elide_w) for k in self._keys]
            p.setPen(self._fg)
            for i in range(n):
                y = top + i * row_h
                h = row_h * 0.78
                wp = bar_w * max(self._pledged_values[i], 0) / vmax
                wd = bar_w * max(self._delivered_values[i], 0) / vmax
                p.fillRect(QRectF(bar_x, y, wp, h), self._pledged_colour)
                p.fillRect(QRectF(bar_x, y + h * 0.25, wd, h * 0.5), self._delivered_colour)
                if show_labels:
                    self._texts.draw(p, QRectF(4, y, label_w - 8, h), labels[i], plain,
                                     right=True)
                    self._texts.draw(p, QRectF(bar_x + wp + 4, y, value_w, h), self._values[i],
                                     plain)
        finally:
            p.end()


class FiguresPanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("FiguresPanel")
        self.session = session
        self._conns = Connections()
        self.compact = False

        self.as_of = TextLine(min_chars=12)
        self.as_of.setObjectName("as_of")
        big = self.as_of.font()
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.as_of.setFont(big)
        # A row of its own, whose text never sets the panel's width (window mode's two dates
        # widened the dock past its size and relaid it out on every step).
        self.scope = QLabel()
        self.scope.setObjectName("scope")
        self.currency = QComboBox()
        self.currency.addItems(["EUR", "USD"])
        self.currency.setToolTip("Reporting currency; the rates used are stated below")
        self.currency.currentTextChanged.connect(self.session.set_currency)

        self.pledged = TextLine()
        self.delivered = TextLine()
        self.share = TextLine()
        self.donors = TextLine()
        self.lines = TextLine()
        # "(55 without a value), 179 estimates" on a line of its own: beside the count it was
        # cut to "179 e…" in the dock's width.
        self.lines_note = TextLine(min_chars=12)
        self.lines_note.setObjectName("lines_note")
        # The figures change with every cursor step: TextLines, which repaint without a
        # relayout; "Copy figures" (context menu) puts them on the clipboard.
        for w in (self.pledged, self.delivered, self.share, self.donors, self.lines):
            f = w.font()
            f.setPointSizeF(f.pointSizeF() * 1.25)
            f.setBold(True)
            w.setFont(f)
        # Wrapped texts are TextBlocks: a new text relays the panel out only when its height
        # changes, and a relayout does not lay the unchanged ones out again (a wrapped QLabel
        # is, each time the panel asks its height).
        self.basis = TextBlock()
        self.basis.setObjectName("basis")
        # New figures with every snapshot.
        self.areas = TextBlock()
        self.areas.setObjectName("areas")
        # "Compare with": the front's change since this date (empty: none).
        self.compare = DateField(allow_empty=True)
        self.compare.setObjectName("compare_with")
        self.compare.edit.setPlaceholderText("Compare with…")
        self.compare.edit.setToolTip("Compare with this date (YYYY-MM-DD, Enter): the change "
                                     "of occupied and contested area since then, and the "
                                     "settlements that changed status. Empty: no comparison.")
        self.compare.set_day(session.compare_with)
        self.compare.entered.connect(session.set_compare_with)
        self.filters_note = TextBlock()
        self.filters_note.setObjectName("filters_note")
        # "Pledge data ends ...": shown only when the as-of date is past a source's data.
        # Its day count changes with every step while the cursor is past the data.
        self.coverage = TextBlock()
        self.coverage.setObjectName("coverage")
        self.coverage.set_colour(QColor("#a03000"))
        self.coverage.hide()

        head = QHBoxLayout()
        head.addWidget(self.scope, 1)
        head.addWidget(QLabel("Currency"))
        head.addWidget(self.currency)
        form = self.form = QFormLayout()
        form.addRow("Pledged", self.pledged)
        form.addRow("Delivered", self.delivered)
        form.addRow("Share delivered", self.share)
        form.addRow("Donors", self.donors)
        form.addRow("Pledge lines", self.lines)
        form.addRow("", self.lines_note)

        self.by_donor = BarChart(f"By donor (top {TOP_DONORS})", TOP_DONORS)
        self.by_category = BarChart("By category", TOP_CATEGORIES)
        for chart in (self.by_donor, self.by_category):
            chart.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.as_of)
        lay.addWidget(self.coverage)
        lay.addLayout(head)
        lay.addLayout(form)
        lay.addWidget(self.basis)
        lay.addWidget(self.areas)
        compare_row = QHBoxLayout()
        compare_row.addWidget(QLabel("Compare with"))
        compare_row.addWidget(self.compare, 1)
        lay.addLayout(compare_row)
        lay.addWidget(self.filters_note)
        lay.addWidget(self.by_donor, 3)
        lay.addWidget(self.by_category, 2)

        self.copy_action = QAction("Copy figures", self)
        self.copy_action.triggered.connect(self.copy_figures)
        self.addAction(self.copy_action)
        self.setContextMenuPolicy(Qt.ActionsContextMenu)

        c = session.cursor
        self._conns.connect(c.changed, self.refresh)
        self._conns.connect(c.mode_changed, self.refresh)
        self._conns.connect(session.filters.changed, self.refresh)
        self._conns.connect(session.currency_changed, self._on_currency)
        self._conns.connect(session.compare_changed, self._on_compare)
        self._conns.connect(session.briefing_changed, self.refresh)
        self._conns.connect_qt(theme.manager().theme_changed, self._on_theme)
        self._on_currency(session.currency)

    def set_compact(self, on: bool) -> None:
        """Presentation mode: the rate basis in one line (the full text stays in the tooltip)."""
        self.compact = bool(on)
        self.refresh()

    def _on_currency(self, cur):
        with QSignalBlocker(self.currency):
            self.currency.setCurrentText(cur)
        self.refresh()

    def _on_theme(self, pal):
        for chart in (self.by_donor, self.by_category):
            chart.apply_palette(pal)

    def refresh(self, *_):
        s = self.session.current_summary()
        cur = s.currency
        c = self.session.cursor
        if c.mode == WINDOW:
            self.as_of.setText(f"{c.window_start} – {c.date}")
            self.scope.setText(f"<small>The last {c.window_days} days only</small>")
        else:
            self.as_of.setText(f"As of {c.date}")
            self.scope.setText("<small>Everything up to this date</small>")
        self.pledged.setText(pledged_text(s, cur, partial=False))
        # The full wording ("...; 7 of 282 deliveries without a value") on hover: the line is
        # short, and the share row says "at least" when some deliveries have no value.
        self.delivered.setText(delivered_text(s, cur, partial=False))
        self.delivered.setToolTip(delivered_text(s, cur))
        self.share.setText(share_text(s))
        self.coverage.setText("<br>".join(f"<b>{n}</b>" for n in s.stale_notes))
        self.coverage.setVisible(bool(s.stale_notes))
        self.donors.setText(f"{s.donors}")
        notes = [f"{s.unvalued:,} without a value"] if s.unvalued else []
        if s.estimates:
            notes.append(f"{s.estimates:,} estimate{'' if s.estimates == 1 else 's'}")
        self.lines.setText(f"{s.pledge_count:,}")
        self.lines_note.setText(", ".join(notes))
        basis = s.fx.describe()
        self.basis.setToolTip(basis)
        if self.compact:      # presentation mode: the first sentence; the rest on hover
            first = basis.split(". ")[0].rstrip(".")
            rest = " (rates used: hover)" if len(basis) > len(first) + 2 else ""
            self.basis.setText(f"<small>{first}; ECB reference rates{rest}.</small>"
                               if rest else f"<small>{basis}</small>")
        else:
            self.basis.setText(f"<small>{basis}</small>")
        self.areas.setText(self._areas_text(s.areas, s.source_disagreement))
        self.filters_note.setText(
            f"<small><b>Filters:</b> {s.filters.describe()}</small>" if s.filters.active else "")
        groups = s.groups
        self.by_donor.set_groups(lambda: [g for g in groups["by_donor"] if g.key][:TOP_DONORS],
                                 1.0, cur, cur)
        self.by_category.set_groups(lambda: groups["by_category"][:TOP_CATEGORIES], 1.0, cur,
                                    cur)

    def figures_text(self) -> str:
        """The figures as shown, one per line, for the clipboard."""
        lines = [self.as_of.text(), QTextDocumentFragment.fromHtml(self.scope.text()).toPlainText()]
        form = self.form
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.LabelRole)
            label = label_item.widget().text() if label_item is not None else ""
            value = form.itemAt(row, QFormLayout.FieldRole).widget().text()
            if label:
                lines.append(f"{label}: {value}")
            elif value:                    # a note under the row above
                lines[-1] += f" ({value})"
        for w in (self.coverage, self.basis, self.areas, self.filters_note):
            text = QTextDocumentFragment.fromHtml(w.text()).toPlainText().strip()
            if text:
                lines.append(text)
        return "\n".join(lines)

    def copy_figures(self) -> None:
        QGuiApplication.clipboard().setText(self.figures_text())

    @staticmethod
    def _areas_text(ar, disagreement=None) -> str:
        """The exports' sentences: areas with their outlines, the change since the "Compare
        with" date (bold), the settlements that changed status, where DeepState and ISW
        disagree (both loaded)."""
        from ...core.source_disagreement import disagreement_text
        parts = [html.escape(control_area_text(ar))]
        change = front_change_text(ar)
        if change:
            parts.append(f"<b>{html.escape(change)}</b>")
        places = settlements_text(ar, limit=12)
        if places:
            parts.append(html.escape(places))
        if disagreement is not None:
            parts.append(html.escape(disagreement_text(disagreement)))
        return "<small>" + "<br>".join(parts) + "</small>"

    def _on_compare(self, day):
        self.compare.set_day(day)
        self.refresh()

    def shutdown(self):
        self._conns.disconnect_all()

    def closeEvent(self, e):
        self.shutdown()
        super().closeEvent(e)

