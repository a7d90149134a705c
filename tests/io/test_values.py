"""Amounts as people type them: scale, currency, markers."""
from __future__ import annotations

import math

import numpy as np
import pytest

from udcg_desktop.io.values import amount_column, parse_amount


@pytest.mark.parametrize("raw, value, currency", [
    (3193503.68, 3193503.68, None),
    (" 3193503.68 \n", 3193503.68, None),
    ("1.000.00", 1000.0, None),
    ("15.000.00", 15000.0, None),
    ("1,234.5", 1234.5, None),
    ("1.234,5", 1234.5, None),
    ("$1.2bn", 1.2e9, "USD"),
    ("€500m", 5e8, "EUR"),
    ("£3bn", 3e9, "GBP"),
    ("CAD 76M", 76e6, "CAD"),
    ("5.6bn", 5.6e9, None),
    ("USD 1.5 billion", 1.5e9, "USD"),
])
def test_parse_amount(raw, value, currency):
    a = parse_amount(raw)
    assert a.status == "ok"
    assert a.value == pytest.approx(value)
    assert a.currency == currency


@pytest.mark.parametrize("raw", [".", "Not given", "not given", "Not Given", "No price",
                                 "undisclosed", "Undisclosed", "dozens", "partially"])
def test_missing_markers(raw):
    a = parse_amount(raw)
    assert math.isnan(a.value) and a.status == "missing"


@pytest.mark.parametrize("raw", ["", "\u00a0", "  \u00a0 "])
def test_blank_is_silent(raw):
    a = parse_amount(raw)
    assert math.isnan(a.value) and a.status == "blank"


def test_amount_column_reports_text_only():
    res = amount_column([1.0, "", "\u00a0", "Not given", "about 5m", "five tanks", "#NAME?"])
    assert res.values[0] == 1.0 and res.values[4] == 5e6
    assert np.isnan(res.values[[1, 2, 3, 5, 6]]).all()
    assert [(i, s) for i, _, s in res.issues] == [(3, "missing"), (5, "invalid"), (6, "error")]
    assert res.estimates == [4]


@pytest.mark.parametrize("odd", [None, " P1", "P1 ", "P  1", "n/a", "UNKNOWN", "P\u00a01", "P\t1",
                                 "P\n1", "Pé", 1.0, ""])
@pytest.mark.parametrize("missing_as_blank", [False, True])
def test_text_column_of_many_distinct_ids_equals_cleaning_each_cell(odd, missing_as_blank):
    """A column of 5,000 distinct IDs is checked as a whole (no per-cell call when all are
    clean); one odd value anywhere must still be cleaned exactly as the per-cell function
    would."""
    from udcg_desktop.io.values import _cell_text, _cell_text_or_blank, text_column
    cells = [f"P{i:05d}" for i in range(5000)] + ["P00007"] * 3
    if odd is not None:
        cells[2500] = odd
    fn = _cell_text_or_blank if missing_as_blank else _cell_text
    assert text_column(tuple(cells), missing_as_blank) == [fn(v) for v in cells]
