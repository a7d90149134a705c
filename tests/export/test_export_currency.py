"""An export in another currency writes every row's value converted, not the EUR one."""
import pytest

from udcg_desktop.export import pack
from tests.export.export_fixtures import FakeRenderer, fx_rates, small_briefing

AS_OF = "2024-05-31"
# The test rates (tests/core/helpers.fx_rates): USD per EUR 1.10 until 9 May 2024, 1.08 from
# 10 May; GBP per EUR 0.85. A row is converted at its own date's rate.
USD_PER_EUR_TO_9_MAY, USD_PER_EUR_FROM_10_MAY, GBP_PER_EUR = 1.10, 1.08, 0.85


def _sheet_rows(ws) -> dict:
    head = [c.value for c in ws[1]]
    return {r[0]: dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("currency", ["GBP", "USD"])
def test_pledge_and_delivery_rows_are_in_the_export_currency(tmp_path, currency):
    import openpyxl
    result = pack.export_pack(small_briefing(), tmp_path, as_of=AS_OF, currency=currency,
                              fx=fx_rates(), renderer=FakeRenderer(True), formats=("xlsx",))
    assert result.ok, result.failures
    wb = openpyxl.load_workbook(tmp_path / f"udcg_briefing_{AS_OF}.xlsx")
    april, may = ({"GBP": GBP_PER_EUR, "USD": USD_PER_EUR_TO_9_MAY}[currency],
                  {"GBP": GBP_PER_EUR, "USD": USD_PER_EUR_FROM_10_MAY}[currency])
    # What each source amount is in the export currency, converted by hand through EUR.
    expected = {"US-1": 400e6 / USD_PER_EUR_FROM_10_MAY * may,      # USD, 10 May
                "UK-1": 500e6 / GBP_PER_EUR * april,                 # GBP, 23 April
                "US-2": 275e6 / USD_PER_EUR_FROM_10_MAY * may}       # USD, 24 May
    pledges = _sheet_rows(wb["Pledges"])
    value = f"Value ({currency})"
    assert value in next(iter(pledges.values()))
    assert set(pledges) == set(expected) | {"DE-1"}     # the Czech line has no date
    for pid, want in expected.items():
        assert pledges[pid][value] == pytest.approx(want, rel=1e-9), pid
    assert pledges["DE-1"][value] in (None, "value not given")   # no amount: not a zero
    assert pledges["UK-1"]["Amount"] == 500e6 and pledges["UK-1"]["Currency"] == "GBP"
    deliveries = _sheet_rows(wb["Deliveries"])
    d1 = next(r for r in deliveries.values() if r.get("Amount") == 100e6)
    assert d1[value] == pytest.approx(100e6 / USD_PER_EUR_FROM_10_MAY * may, rel=1e-9)   # 20 May
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert summary["Currency"] == currency
    assert summary[f"Value pledged ({currency})"] == pytest.approx(sum(expected.values()))
