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


def test_current_summary_is_computed_once_per_state_and_follows_every_change():
    from .helpers import fx_rates
    session = Session(small_briefing(), fx=fx_rates())
    session.cursor.set_date("2024-05-15")
    first = session.current_summary()
    assert session.current_summary() is first            # same state: the same object
    assert first.pledge_count == session.summary().pledge_count == 3
    changes = [lambda: session.cursor.set_date("2024-05-24"),
               lambda: session.cursor.set_mode(WINDOW, 3),
               lambda: session.filters.set_field("donors", ["Germany"]),
               lambda: session.set_currency("USD"),
               lambda: session.set_aoi("all"),
               lambda: session.set_compare_with("2024-05-01"),
               lambda: session.set_briefing(small_briefing())]
    seen = [first]
    for change in changes:
        change()
        now = session.current_summary()
        assert all(now is not s for s in seen)           # each change gives fresh figures
        assert now.pledge_count == session.summary().pledge_count
        seen.append(now)
    assert seen[2].pledge_count == 1 and seen[3].pledge_count == 0   # US-2 on 24 May only
    assert seen[4].currency == "USD" and seen[5].aoi.key == "all"


def test_session_fx_and_engine_are_its_own():
    from udcg_desktop.core.model import assemble
    from .helpers import fx_rates
    rates = fx_rates()
    session = Session(small_briefing(), fx=rates)
    assert session.fx is rates
    assert session.engine() is session.engine()          # the briefing's cached engine
    assert session.engine().briefing is session.briefing
    assert Session(small_briefing()).fx is None            # None: the shipped ECB rates
    empty = Session(assemble([]))                        # nothing to convert, no rates read
    assert empty.current_summary().pledge_count == 0
    assert empty.engine().fx.source == ""
