from udcg_desktop.core.cursor import CUMULATIVE, WINDOW
from udcg_desktop.core.session import Session

from .helpers import D, small_briefing
from .signals import recorder


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
