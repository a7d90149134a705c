"""Text from inputs must never become a formula (or a link) in a spreadsheet."""
from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text) -> bool:
    """True for text a spreadsheet could take as a formula: it starts with = + - @ (or a tab/CR)."""
    return isinstance(text, str) and text.startswith(FORMULA_PREFIXES)


def neutralise(text: str) -> str:
    """Prefix formula-like text with an apostrophe, the convention spreadsheets understand.

    Used where no cell attribute can mark the text (chart category labels in an embedded workbook,
    CSV-like text). In our own xlsx we keep the text unchanged and set the cell's quote prefix."""
    if is_formula_like(text):
        return "'" + text
    return text


def cell_text(value) -> str:
    """A display string for any table value (None and NaN as empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return str(value)
