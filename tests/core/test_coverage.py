"""Each source's first and last plausible date; late outliers set neither the range nor the
opening date, and stay reachable by typing their date."""
import numpy as np
import pytest

from udcg_desktop.core.coverage import plausible_range, source_coverage, stale_notes
from udcg_desktop.core.dates import late_outlier_mask
from udcg_desktop.core.model import BriefingPart, PledgeTable, SourceInfo, assemble
from udcg_desktop.core.session import Session

D = np.datetime64


def _days(*extra):
    bulk = [str(D("2022-03-01") + np.timedelta64(3 * k, "D")) for k in range(60)]
    return np.array(bulk + list(extra), dtype="datetime64[D]")


def test_dates_after_a_long_gap_are_late_outliers_like_the_kiel_fill_series():
    days = _days("2023-04-06", "2023-06-07", "2027-04-06", "NaT")
    mask = late_outlier_mask(days)
    assert mask[-4:].tolist() == [True, True, True, False]
    assert not mask[:60].any()


def test_a_column_that_runs_on_steadily_has_no_outliers():
    steady = D("2022-01-01") + np.arange(0, 40 * 30, 30).astype("timedelta64[D]")
    assert not late_outlier_mask(steady).any()
    assert not late_outlier_mask(np.array(["2022-01-01", "2030-01-01"], "datetime64[D]")).any()


def _briefing(days, path="k.xlsx"):
    n = len(days)
    pledges = PledgeTable({"pledge_id": [f"P{i}" for i in range(n)], "donor": ["Latvia"] * n,
                           "date": days, "amount": [1e6] * n, "currency": ["EUR"] * n,
                           "source_file": [path] * n, "source_row": np.arange(2, n + 2)})
    return assemble([BriefingPart(pledges=pledges,
                                  sources=[SourceInfo(path, "pledges", "test", n, n, 0)])])


def test_source_dates_and_time_range_leave_outliers_out_but_typing_reaches_them():
    b = _briefing(_days("2023-04-06", "2027-04-06"))
    last_bulk = D("2022-03-01") + np.timedelta64(3 * 59, "D")
    assert b.sources[0].last_date == str(last_bulk)
    assert b.sources[0].first_date == "2022-03-01"
    assert plausible_range(b) == (D("2022-03-01"), last_bulk)
    session = Session(b)
    assert session.cursor.date == last_bulk            # opens on the last plausible day
    assert session.cursor.maximum == last_bulk
    session.cursor.go_to("2027-04-06")                 # an outlier's date, typed
    assert session.cursor.date == D("2027-04-06")
    assert session.summary().pledge_count == 62        # and its rows count there


def test_stale_note_names_the_end_of_the_pledge_data():
    cov = source_coverage(_briefing(_days()))
    end = cov[0].last
    assert stale_notes(cov, end + np.timedelta64(30, "D")) == []
    [note] = stale_notes(cov, end + np.timedelta64(31, "D"))
    assert note.startswith(f"Pledge data ends {end} (k.xlsx), 31 days before")


def test_real_kiel_release_7_ends_in_2022_and_says_so_in_2024(realdata):
    from udcg_desktop.core.summary import summary
    from udcg_desktop.io import load_briefing
    b = load_briefing([realdata / "kiel_ust_release7_2022.xlsx"])
    [src] = [s for s in b.sources if s.kind == "pledges"]
    assert src.first_date.startswith("2022-01") and src.last_date.startswith("2022-09")
    lo, hi = b.date_range
    assert hi == D(src.last_date)                       # not 6 April 2027
    s = summary(b, "2024-05-15")
    assert f"Pledge data ends {src.last_date}" in s.stale_notes[0]
    assert summary(b, "2027-04-06").pledge_count > summary(b, hi).pledge_count
