"""Pure-Python data model: no Qt, no pyqtgraph, no spreadsheet libraries."""
