"""The one date parser (io/dates.py): dates with their precision, day/month order, event days."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from udcg_desktop.core.dates import Precision
from udcg_desktop.io.dates import (DateParseError, date_column, day_column, decide_order,
                                   not_a_day, parse_date, parse_day)


D = dt.date


@pytest.mark.parametrize("raw, start, end, prec", [
    (D(2024, 5, 10), D(2024, 5, 10), D(2024, 5, 10), Precision.EXACT),
    (dt.datetime(2024, 5, 10, 13, 5), D(2024, 5, 10), D(2024, 5, 10), Precision.EXACT),
    (45422.0, D(2024, 5, 10), D(2024, 5, 10), Precision.EXACT),          # Excel serial
    ("2024-05-10", D(2024, 5, 10), D(2024, 5, 10), Precision.EXACT),
    ("10 May 2024", D(2024, 5, 10), D(2024, 5, 10), Precision.EXACT),
    ("May 10, 2024", D(2024, 5, 10), D(2024, 5, 10), Precision.EXACT),
    ("2024-05", D(2024, 5, 1), D(2024, 5, 31), Precision.MONTH),
    ("until 7/27/2022", None, D(2022, 7, 27), Precision.UNTIL),
    ("until  5/7/2022", None, D(2022, 5, 7), Precision.UNTIL),
    ("until 2024-05-10", None, D(2024, 5, 10), Precision.UNTIL),
    ("not specified, 03/22", D(2022, 3, 1), D(2022, 3, 31), Precision.MONTH),
    ("unclear, 04/22", D(2022, 4, 1), D(2022, 4, 30), Precision.MONTH),
    ("unclear 05/2024", D(2024, 5, 1), D(2024, 5, 31), Precision.MONTH),
    ("between 3/4/22 & 3/11/22", D(2022, 3, 4), D(2022, 3, 11), Precision.RANGE),
    ("from 01/01/2024 until 05/01/2024", D(2024, 1, 1), D(2024, 5, 1), Precision.RANGE),
    ("unspecified", None, None, Precision.UNKNOWN),
    ("", None, None, Precision.UNKNOWN),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), Precision.YEAR),
    (2024.0, D(2024, 1, 1), D(2024, 12, 31), Precision.YEAR),
])
def test_parse_date_keeps_precision(raw, start, end, prec):
    f = parse_date(raw, "mdy")
    assert (f.start, f.end, f.precision) == (start, end, prec)


def test_never_invents_a_day():
    f = parse_date("unclear 05/2024")
    assert f.start.day == 1 and f.end.day == 31 and f.precision == Precision.MONTH
    assert f.end == D(2024, 5, 31)      # "certainly by" end of month for as-of


def test_not_a_date_raises():
    with pytest.raises(DateParseError):
        parse_date("next tuesday-ish")


def test_order_decided_per_column():
    us = ["until 7/27/2022", "3/4/2022"]
    eu = ["29/06/2022", "3/4/2022"]
    assert decide_order(us, "dmy")[0] == "mdy"
    assert decide_order(eu, "mdy")[0] == "dmy"
    cu, ce = date_column(us, "dmy"), date_column(eu, "mdy")
    assert str(cu.end[1]) == "2022-03-04"          # March 4th in the US column
    assert str(ce.end[1]) == "2022-04-03"          # 3 April in the European column
    assert not any(sev == "warning" for _, _, sev, _ in cu.issues)


def test_ambiguous_column_is_reported():
    col = date_column(["3/4/2022", "5/6/2022"], default_order="mdy")
    warnings = [x for x in col.issues if x[2] == "warning"]
    assert len(warnings) == 1 and "day/month" in warnings[0][3]
    assert str(col.end[0]) == "2022-03-04"


def test_date_column_unparseable_is_unknown_with_warning():
    col = date_column([D(2024, 1, 2), "soon", "", "unspecified"])
    assert col.precision.tolist() == [0, 5, 5, 5]
    assert np.isnat(col.end[1:]).all()
    assert [(i, sev) for i, _, sev, _ in col.issues] == [(1, "warning")]


@pytest.mark.parametrize("cell", [D(2922, 2, 9), dt.datetime(2922, 2, 9, 0, 0), "25/2/2922",
                                  "until 25/02/1922"])
def test_a_year_outside_the_plausible_range_is_kept_as_text_and_reported(cell):
    col = date_column([D(2024, 5, 1), cell], default_order="dmy")
    assert col.end[0] == np.datetime64("2024-05-01")
    assert np.isnat(col.end[1]) and np.isnat(col.start[1])
    assert col.precision[1] == Precision.UNKNOWN
    assert "922" in col.text[1]                  # the raw date stays visible
    [(pos, raw, severity, message)] = col.issues
    assert (pos, raw, severity) == (1, cell, "warning")
    assert "outside 1991-2035" in message


def test_dates_far_after_the_rest_of_their_column_are_flagged_not_changed():
    cells = [D(2022, 3, 1) + dt.timedelta(days=7 * k) for k in range(30)] + [D(2026, 4, 6)]
    col = date_column(cells)
    assert col.end[-1] == np.datetime64("2026-04-06")        # loaded as given
    [(pos, raw, severity, message)] = col.issues
    assert (pos, raw, severity) == (30, D(2026, 4, 6), "warning")
    assert "more than a year after" in message
    # A column that simply runs long is not flagged; nor is a short one (too few to judge).
    steady = [D(2022, 1, 1) + dt.timedelta(days=30 * k) for k in range(40)]
    assert date_column(steady).issues == []
    assert date_column([D(2022, 1, 1), D(2030, 1, 1)]).issues == []


# -- event days (the reader's former twin parser) ----------------------------------------------
@pytest.mark.parametrize("text, order, expected", [
    ("2024-05-10", "dmy", dt.date(2024, 5, 10)),
    ("10 May 2024", "dmy", dt.date(2024, 5, 10)),
    ("10 September 2024", "dmy", dt.date(2024, 9, 10)),
    ("10/05/2024 00:00:00", "dmy", dt.date(2024, 5, 10)),
    ("05/10/2024", "mdy", dt.date(2024, 5, 10)),
    ("31/02/2024", "dmy", None),
    ("", "dmy", None),
    ("soon", "dmy", None),
])
def test_parse_day(text, order, expected):
    assert parse_day(text, order) == expected


def test_order_from_the_files_own_dates():
    def order(texts, default="dmy"):
        return decide_order(texts, default)[0]
    assert order(["10/05/2024", "13/05/2024"]) == "dmy"
    assert order(["02/24/2022", "05/10/2024"]) == "mdy"
    assert order(["01/02/2024"]) == "dmy"           # ambiguous: the default
    assert order(["01/02/2024"], default="mdy") == "mdy"
    # one junk date does not flip a month-first file
    assert order(["05/13/2024", "02/24/2022", "13/13/2024"]) == "mdy"
    # dotted dates vote too; a tie between the orders falls back to the default
    assert order(["13.05.2024", "01.02.2024"], "mdy") == "dmy"
    assert order(["13/05/2024", "05/14/2024"], "dmy") == "dmy"
    assert order(["13/05/2024", "05/14/2024"], "mdy") == "mdy"


@pytest.mark.parametrize("text, expected", [
    ("10-May-2024", dt.date(2024, 5, 10)),            # event form, now also for pledge sheets
    ("10 May, 2024", dt.date(2024, 5, 10)),
    ("2024-05-10T13:05:00Z", dt.date(2024, 5, 10)),   # ISO with a time and a zone
    ("13/05/2024", dt.date(2024, 5, 13)),             # does not fit month-first: the only reading
    ("until 10 May 2024", None),                      # not an exact day: no event day
    ("May 2024", None),
])
def test_one_parser_for_event_days_and_pledge_dates(text, expected):
    assert parse_day(text, "mdy") == expected
    if expected is not None:
        assert parse_date(text, "mdy").end == expected


def test_day_column_and_the_reason_a_text_gave_no_day():
    days = day_column(["2024-05-10", "soon", "2024-05-10", "10/02/2922"], "dmy")
    assert [str(d) for d in days] == ["2024-05-10", "NaT", "2024-05-10", "NaT"]
    assert not_a_day("soon", "dmy", "not a date") == "not a date"
    assert not_a_day("10/02/2922", "dmy", "not a date").startswith("the year 2922 is outside")
