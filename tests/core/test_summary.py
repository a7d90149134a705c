import numpy as np
import pytest

from udcg_desktop.core.filters import FilterValues
from udcg_desktop.core.summary import SummaryEngine, summary

from .helpers import D, fx_rates, small_briefing


@pytest.fixture
def briefing():
    return small_briefing()


def test_tables_are_sorted_and_deliveries_follow_their_pledges(briefing):
    p = briefing.pledges
    assert list(p["pledge_id"]) == ["DE-1", "UK-1", "US-1", "US-2", "CZ-1"]  # unknown date last
    d = briefing.deliveries
    # DE-1's delivery has no date: it counts from its pledge's day, 2024-04-13.
    assert list(d["delivery_id"]) == ["D2", "D1"]
    assert d["effective_date"][0] == D("2024-04-13")
    assert [p["pledge_id"][i] for i in d["pledge_index"]] == ["DE-1", "US-1"]
    assert list(briefing.events["event_id"]) == ["E1", "E2", "E3"]


def test_as_of_counts_only_rows_on_or_before_the_day(briefing):
    s = summary(briefing, "2024-05-15", currency="USD", fx=fx_rates())
    # DE-1 (no value), UK-1 (GBP 500m), US-1 (400m USD); not US-2 (05-24), not CZ-1 (unknown day)
    assert s.pledge_count == 3
    assert s.unvalued == 1
    uk_usd = 500e6 / 0.85 * 1.10          # GBP -> EUR -> USD at 2024-04-23 rates
    assert s.value_pledged == pytest.approx(400e6 + uk_usd)
    # D2 (EUR 50m, counted from 04-13) converted at the 04-13 rate; D1 is on 05-20, after.
    assert s.value_delivered == pytest.approx(50e6 * 1.10)
    assert s.donors == 3
    assert s.events["count"] == 2 and s.events["by_type"] == {"assault": 1, "capture": 1}


def test_no_as_of_includes_unknown_dates_and_eur_amounts_stay_as_given(briefing):
    s = summary(briefing, None, currency="EUR", fx=fx_rates())
    assert s.pledge_count == 5
    by_donor = {g.key: g for g in s.groups["by_donor"]}
    assert by_donor["Czechia"].value_pledged == 100e6
    # US: 400m USD at 1.08 (05-10) + 275m USD at 1.08 (05-24)
    assert by_donor["United States"].value_pledged == pytest.approx((400e6 + 275e6) / 1.08)
    assert by_donor["United States"].value_delivered == pytest.approx(100e6 / 1.08)
    assert "USD" in s.fx.describe() and "test rates" in s.fx.describe()


def test_groups_add_up_to_the_totals(briefing):
    s = summary(briefing, "2024-06-30", currency="EUR", fx=fx_rates())
    for name, groups in s.groups.items():
        assert sum(g.count for g in groups) == s.pledge_count, name
        assert sum(g.value_pledged for g in groups) == pytest.approx(s.value_pledged), name
        assert sum(g.value_delivered for g in groups) == pytest.approx(s.value_delivered), name


def test_filters_restrict_pledges_and_their_deliveries(briefing):
    fx = fx_rates()
    s = summary(briefing, None, FilterValues(coalitions=frozenset({"Artillery"})), "EUR", fx=fx)
    assert s.pledge_count == 2 and s.delivery_count == 0
    s = summary(briefing, None, FilterValues(donors=frozenset({"Germany"})), "EUR", fx=fx)
    assert s.pledge_count == 1 and s.value_delivered == 50e6
    s = summary(briefing, None, FilterValues(text="storm"), "EUR", fx=fx)
    assert [g.key for g in s.groups["by_donor"]] == ["United Kingdom"]


def test_window_mode_counts_only_the_last_days(briefing):
    s = summary(briefing, "2024-05-24", since="2024-05-11", currency="USD", fx=fx_rates())
    assert s.pledge_count == 1 and s.value_pledged == 275e6
    assert s.events["count"] == 2


def test_every_aggregate_lists_its_source_rows(briefing):
    s = summary(briefing, None, currency="EUR", fx=fx_rates())
    rows = s.source_rows("by_donor", "United States")
    assert sorted(r["row"] for r in rows) == [2, 5]
    assert {r["sheet"] for r in rows} == {"Pledges"}
    assert len(s.source_rows()) == s.pledge_count
    month = s.source_rows("by_month", "2024-04")
    assert sorted(r["pledge_id"] for r in month) == ["DE-1", "UK-1"]


def test_json_dict_has_the_contract_keys(briefing):
    d = summary(briefing, "2024-05-15", currency="EUR", fx=fx_rates()).to_dict()
    for key in ("as_of", "currency", "sources", "pledges", "deliveries", "events", "areas",
                "problems"):
        assert key in d
    for key in ("count", "value_pledged", "value_delivered", "donors", "by_donor",
                "by_category", "by_coalition", "by_status", "by_month"):
        assert key in d["pledges"]
    for key in ("count", "by_type", "first", "last"):
        assert key in d["events"]
    assert d["as_of"] == "2024-05-15"
    assert d["sources"][0]["rows_read"] == 10


def test_engine_caches_by_currency_and_filters(briefing):
    engine = SummaryEngine(briefing, fx_rates())
    a = engine.summary("2024-05-15", currency="EUR")
    b = engine.summary("2024-05-16", currency="EUR")
    assert engine.values("EUR") is engine.values("EUR")
    assert a.value_pledged == b.value_pledged
    m1 = engine.masks(FilterValues(text="patriot"))
    assert engine.masks(FilterValues(text="patriot")) is m1
    assert m1[0].sum() == 2


def test_prefix_sums_agree_with_a_direct_count_on_random_data():
    """The per-day figures come from cumulative sums; check them against plain masked sums."""
    from udcg_desktop.core.model import BriefingPart, DeliveryTable, EventTable, PledgeTable, assemble
    rng = np.random.default_rng(3)
    n, k, m = 3000, 700, 2000
    pledges = PledgeTable({
        "pledge_id": [f"P{i}" for i in range(n)],
        "donor": rng.choice(["A", "B", "C", "D"], n).astype(object),
        "category": rng.choice(["x", "y", "z"], n).astype(object),
        "status": rng.choice(["pledged", "allocated"], n).astype(object),
        "date": np.where(rng.random(n) < 0.05, np.datetime64("NaT"),
                         np.datetime64("2024-01-01") + rng.integers(0, 200, n)).astype("datetime64[D]"),
        "amount": np.where(rng.random(n) < 0.1, np.nan, rng.uniform(1, 1e6, n)),
        "currency": rng.choice(["EUR", "USD"], n).astype(object),
        "is_estimate": rng.random(n) < 0.2,
    })
    deliveries = DeliveryTable({
        "pledge_index": rng.integers(0, n, k),
        "date": (np.datetime64("2024-01-01") + rng.integers(0, 220, k)).astype("datetime64[D]"),
        "amount": rng.uniform(1, 1e5, k), "currency": np.array(["EUR"] * k, dtype=object),
    })
    events = EventTable({
        "date": (np.datetime64("2024-01-01") + rng.integers(0, 200, m)).astype("datetime64[D]"),
        "type": rng.choice(["strike", "assault", "capture"], m).astype(object),
        "fatalities": np.where(rng.random(m) < 0.5, np.nan, rng.integers(0, 5, m)),
    })
    b = assemble([BriefingPart(pledges=pledges, deliveries=deliveries, events=events)])
    engine = SummaryEngine(b, fx_rates())
    p, d, e = b.pledges, b.deliveries, b.events
    pv = engine.values("USD").pledges
    dv = engine.values("USD").deliveries
    for as_of, since, filters in [("2024-03-10", None, FilterValues()),
                                  ("2024-05-01", "2024-04-01", FilterValues()),
                                  ("2024-06-30", None, FilterValues(donors=frozenset({"A", "C"}))),
                                  (None, None, FilterValues(categories=frozenset({"y"})))]:
        s = engine.summary(as_of, filters, "USD", since=since)
        pm, dm = engine.masks(filters)
        in_p = pm.copy()
        in_d = dm.copy()
        in_e = np.ones(len(e), bool)
        if as_of is not None:
            in_p &= p["date"] <= D(as_of)
            in_d &= d["effective_date"] <= D(as_of)
            in_e &= e["date"] <= D(as_of)
        if since is not None:
            in_p &= p["date"] >= D(since)
            in_d &= d["effective_date"] >= D(since)
            in_e &= e["date"] >= D(since)
        assert s.pledge_count == in_p.sum()
        assert s.value_pledged == pytest.approx(np.nansum(pv[in_p]), rel=1e-9)
        assert s.value_delivered == pytest.approx(np.nansum(dv[in_d]), rel=1e-9)
        assert s.unvalued == (in_p & np.isnan(pv)).sum()
        assert s.estimates == (in_p & p["is_estimate"]).sum()
        assert sorted(s.pledge_rows) == list(np.flatnonzero(in_p))
        for g in s.groups["by_donor"]:
            rows = in_p & (p["donor"] == g.key)
            assert g.count == rows.sum()
            assert g.value_pledged == pytest.approx(np.nansum(pv[rows]), rel=1e-9, abs=1e-6)
            drows = in_d & (p["donor"][d["pledge_index"]] == g.key)
            assert g.value_delivered == pytest.approx(dv[drows].sum(), rel=1e-9, abs=1e-6)
        assert s.events["count"] == in_e.sum()
        for t, c in s.events["by_type"].items():
            assert c == (in_e & (e["type"] == t)).sum()
        assert s.events["fatalities_reported"] == pytest.approx(np.nansum(e["fatalities"][in_e]))
        if in_e.any():
            assert s.events["first"] == str(e["date"][in_e].min())
            assert s.events["last"] == str(e["date"][in_e].max())
