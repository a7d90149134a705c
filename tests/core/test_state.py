
from udcg_desktop.core.state import CUMULATIVE, WINDOW, Filters, Selection, Session, TimeCursor

from .helpers import D, small_briefing


def recorder(signal):
    calls = []
    signal.connect(lambda *a: calls.append(a))
    return calls


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


def test_filters_and_selection_emit_once_per_real_change():
    f = Filters()
    calls = recorder(f.changed)
    f.set_field("donors", ["Germany"])
    f.set_field("donors", {"Germany"})
    assert len(calls) == 1 and f.values.donors == frozenset({"Germany"})
    assert "donors: Germany" in f.values.describe()
    f.clear()
    assert not f.values.active and len(calls) == 2
    s = Selection()
    sel = recorder(s.changed)
    s.select("events", [3, 1])
    s.select("events", [1, 3])
    assert len(sel) == 1 and s.value.rows == (1, 3)


def test_session_summary_follows_cursor_mode_and_currency():
    from .helpers import fx_rates
    session = Session(small_briefing(), fx=fx_rates())
    assert session.cursor.minimum == D("2024-04-13") and session.cursor.maximum == D("2024-05-24")
    session.cursor.set_date("2024-05-15")
    assert session.summary().pledge_count == 3
    session.cursor.set_mode(WINDOW, 3)
    assert session.summary().pledge_count == 0
    session.cursor.set_mode(CUMULATIVE)
    session.set_currency("USD")
    assert session.summary().currency == "USD"
    seen = recorder(session.briefing_changed)
    session.selection.select("pledges", [0])
    other = small_briefing()
    session.set_briefing(other)
    assert seen == [(other,)] and session.selection.value.kind is None
    assert session.cursor.date == D("2024-05-15")
