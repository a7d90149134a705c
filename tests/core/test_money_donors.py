import numpy as np
import pytest

from udcg_desktop.core.donors import clean_text, donor_key
from udcg_desktop.core.money import FxRates, convert_values


def test_donor_variants_share_one_key():
    assert donor_key("Czech Republic") == donor_key("Czechia") == "Czechia"
    assert donor_key("Turkey") == donor_key("Turkiye") == donor_key("Türkiye")
    assert donor_key("UK") == donor_key("United Kingdom ") == "United Kingdom"
    assert donor_key("united\u00a0states") == "United States"
    assert donor_key("Estonia") == "Estonia"
    assert donor_key("  ") == ""
    assert clean_text(" a\u00a0\n b ") == "a b"


def test_fx_from_csv_uses_latest_earlier_publication(tmp_path):
    path = tmp_path / "fx.csv"
    path.write_text("# source: ECB test\ndate,currency,per_eur\n"
                    "2024-05-09,USD,1.0772\n2024-05-10,USD,1.0781\n2024-05-13,USD,1.0783\n")
    fx = FxRates.from_csv(path)
    assert fx.source == "ECB test"
    days = np.array(["2024-05-11", "2024-05-13", "2020-01-01", "NaT"], dtype="datetime64[D]")
    rate, used = fx.per_eur("USD", days)
    assert list(rate) == [1.0781, 1.0783, 1.0772, 1.0783]
    assert str(used[0]) == "2024-05-10"


def test_convert_prefers_the_sources_own_estimate_and_never_mixes_unknown_currencies():
    days = np.array(["2024-05-10"] * 4, dtype="datetime64[D]")
    fx = FxRates({"USD": (days[:1], np.array([1.08]))}, "t")
    amount = np.array([108.0, 50.0, 10.0, 7.0])
    currency = np.array(["USD", "EUR", "XYZ", "USD"], dtype=object)
    given_eur = np.array([np.nan, np.nan, np.nan, 99.0])
    values, converted, basis = convert_values(amount, currency, days, {"EUR": given_eur}, "EUR", fx)
    assert values[0] == pytest.approx(100.0)
    assert values[1] == 50.0
    assert np.isnan(values[2])            # unknown currency: no value, not a guess
    assert values[3] == 99.0              # the source's own EUR figure wins
    assert list(converted) == [True, False, False, False]
    assert basis.given_rows == 1 and basis.used[0][0] == "USD"


def test_rates_read_plainly_or_through_csv_give_the_same_table(tmp_path, monkeypatch):
    from udcg_desktop.core import money
    from udcg_desktop.core.paths import fx_rates_path
    fast = money.FxRates.from_csv(fx_rates_path())
    monkeypatch.setattr(money, "_plain_columns", lambda lines: (None, None, None))
    slow = money.FxRates.from_csv(fx_rates_path())
    monkeypatch.undo()
    assert fast.source == slow.source and fast.currencies == slow.currencies
    days = np.arange(np.datetime64("2022-01-01"), np.datetime64("2024-12-31"))
    for cur in fast.currencies:
        assert np.array_equal(fast.per_eur(cur, days)[0], slow.per_eur(cur, days)[0],
                              equal_nan=True)
    # A file written otherwise (quotes, spaces, lower-case codes) is read the csv way.
    odd = tmp_path / "rates.csv"
    odd.write_text('# source: test\ndate,currency,per_eur\n"2024-05-01", usd ,1.07\n'
                   "2024-05-02,gbp,0.85\n", encoding="utf-8")
    rates = money.FxRates.from_csv(odd)
    assert rates.source == "test" and rates.has("USD") and rates.has("GBP")
    assert rates.per_eur("USD", np.array(["2024-05-03"], dtype="datetime64[D]"))[0][0] == 1.07
