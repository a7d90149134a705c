from udcg_desktop.core.cursor import CUMULATIVE, WINDOW, TimeCursor

from .helpers import D
from .signals import recorder


def test_cursor_clamps_and_emits_only_on_change():
    c = TimeCursor(D("2024-05-01"), D("2024-06-30"), D("2024-05-10"))
    calls = recorder(c.changed)
    c.set_date("2024-05-10")
    assert calls == []
    c.set_date("2023-01-01")
    assert c.date == D("2024-05-01") and calls == [(D("2024-05-01"),)]
    c.set_date("2025-01-01")
    assert c.date == D("2024-06-30")
    assert c.step(1) is False              # already at the end
    c.set_step_days(7)
    assert c.step(-1) and c.date == D("2024-06-23")


def test_mode_change_keeps_the_date_and_gives_the_window():
    c = TimeCursor(D("2024-05-01"), D("2024-06-30"), D("2024-05-20"))
    modes = recorder(c.mode_changed)
    dates = recorder(c.changed)
    c.set_mode(WINDOW, 7)
    assert c.date == D("2024-05-20") and c.window_start == D("2024-05-14")
    assert modes == [(WINDOW, 7)] and dates == []
    c.set_mode(WINDOW, 7)
    assert len(modes) == 1
    c.set_mode(CUMULATIVE)
    assert c.window_start is None
