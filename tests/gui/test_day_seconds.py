"""gui/day_seconds.py: the core's days and pyqtgraph's seconds convert both ways."""
import numpy as np

from udcg_desktop.gui.day_seconds import DAY_S, day_to_s, days_to_s, s_to_day

D = lambda s: np.datetime64(s, "D")  # noqa: E731


def test_days_and_seconds_round_trip():
    assert day_to_s(D("1970-01-02")) == DAY_S == 86400
    assert day_to_s("2024-05-12") == 1715472000.0
    days = np.array(["2024-05-12", "1969-12-31"], dtype="datetime64[D]")
    assert days_to_s(days).tolist() == [1715472000.0, -86400.0]
    assert days_to_s(days).dtype == np.float64
    assert s_to_day(day_to_s(D("2024-05-12"))) == D("2024-05-12")


def test_seconds_snap_to_the_nearest_day():
    noon_before = day_to_s(D("2024-05-12")) - 0.49 * DAY_S
    assert s_to_day(noon_before) == D("2024-05-12")
    assert s_to_day(day_to_s(D("2024-05-12")) + 0.51 * DAY_S) == D("2024-05-13")
    assert s_to_day(-0.4 * DAY_S) == D("1970-01-01")
