"""The import report: every problem found while reading the inputs, sortable and filterable."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout)

HEADERS = ("Severity", "File", "Sheet", "Row", "Column", "Value", "Message")


class _Proxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.severity = None

    def filterAcceptsRow(self, row, parent):
        if self.severity is not None:
            sev = self.sourceModel().index(row, 0, parent).data()
            if sev != self.severity:
                return False
        return super().filterAcceptsRow(row, parent)


class ImportReportDialog(QDialog):
    def __init__(self, briefing, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(1100, 560)
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels(HEADERS)
        for p in briefing.problems:
            row = []
            for value in (p.severity, p.path, p.sheet or "", p.row, p.column or "",
                          "" if p.value is None else str(p.value), p.message):
                item = QStandardItem()
                if isinstance(value, int):
                    item.setData(value, Qt.DisplayRole)     # sorts as a number
                else:
                    item.setText(str(value) if value is not None else "")
                item.setEditable(False)
                item.setToolTip(str(value) if value is not None else "")
                row.append(item)
            self.model.appendRow(row)
        self.proxy = _Proxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter = QLineEdit(placeholderText="Filter: file, sheet, column, value or message")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.severity = QComboBox()
        self.severity.addItem("All severities", None)
        for s in ("error", "warning", "info"):
            self.severity.addItem(s, s)
        self.severity.currentIndexChanged.connect(self._on_severity)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)   # file order
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, w in enumerate((70, 260, 110, 60, 140, 160)):
            self.table.setColumnWidth(col, w)

        sources = "<br>".join(
            f"{s.path} [{s.kind}, {s.format}]: rows read {s.rows_read}, loaded {s.rows_loaded}, "
            f"rejected {s.rows_rejected}" for s in briefing.sources) or "No sources loaded."
        n = len(briefing.problems)
        errors = sum(1 for p in briefing.problems if p.severity == "error")
        self.summary = QLabel(f"<b>{n} problems</b> ({errors} errors)<br><small>{sources}</small>")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.severity)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)

    def _on_severity(self, _i):
        self.proxy.severity = self.severity.currentData()
        self.proxy.invalidate()

    def visible_rows(self) -> int:
        return self.proxy.rowCount()
