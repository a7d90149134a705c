"""Small briefings built straight from core tables, for tests that need no files."""
import numpy as np

from udcg_desktop.core.model import (BriefingPart, DeliveryTable, EventTable, PledgeTable,
                                     SourceInfo, assemble)
from udcg_desktop.core.money import FxRates

D = lambda s: np.datetime64(s, "D")  # noqa: E731


def fx_rates() -> FxRates:
    """USD per EUR 1.10 until 2024-05-09, then 1.08; GBP 0.85 throughout."""
    days = np.array(["2024-01-02", "2024-05-10"], dtype="datetime64[D]")
    return FxRates({"USD": (days, np.array([1.10, 1.08])),
                    "GBP": (days[:1], np.array([0.85]))}, source="test rates")


def small_briefing(with_deliveries: bool = True):
    """Five pledge lines, two deliveries, three events, in deliberately unsorted order."""
    pledges = PledgeTable({
        "pledge_id": ["US-1", "DE-1", "UK-1", "US-2", "CZ-1"],
        "donor": ["United States", "Germany", "United Kingdom", "United States", "Czechia"],
        "date": np.array(["2024-05-10", "2024-04-13", "2024-04-23", "2024-05-24", "NaT"],
                         dtype="datetime64[D]"),
        "aid_type": ["Military"] * 5,
        "category": ["Air defence", "Air defence", "Mixed package", "Artillery & ammunition",
                     "Artillery & ammunition"],
        "coalition": ["Integrated Air & Missile Defence", "Integrated Air & Missile Defence", "",
                      "Artillery", "Artillery"],
        "status": ["pledged", "pledged", "pledged", "pledged", "pledged"],
        "amount": [400e6, np.nan, 500e6, 275e6, 100e6],
        "currency": ["USD", "", "GBP", "USD", "EUR"],
        "value_eur_given": [np.nan, np.nan, np.nan, np.nan, np.nan],
        "source_file": ["t.xlsx"] * 5, "source_sheet": ["Pledges"] * 5,
        "source_row": [2, 3, 4, 5, 6],
        "item": ["Patriot munitions", "Patriot system", "Storm Shadow", "HIMARS ammo", "shells"],
    })
    deliveries = DeliveryTable({
        "delivery_id": ["D1", "D2"], "pledge_id": ["US-1", "DE-1"], "pledge_index": [-1, -1],
        "date": np.array(["2024-05-20", "NaT"], dtype="datetime64[D]"),
        "amount": [100e6, 50e6], "currency": ["USD", "EUR"],
        "source_file": ["t.xlsx"] * 2, "source_sheet": ["Deliveries"] * 2, "source_row": [2, 3],
    })
    events = EventTable({
        "event_id": ["E2", "E1", "E3"],
        "date": np.array(["2024-05-12", "2024-05-10", "2024-05-20"], dtype="datetime64[D]"),
        "type": ["capture", "assault", "meeting"],
        "place": ["Morokhovets", "Vovchansk", "Virtual"],
        "lon": [36.471, 36.943, np.nan], "lat": [50.273, 50.288, np.nan],
        "fatalities": [np.nan, 2.0, np.nan],
    })
    part = BriefingPart(pledges=pledges, deliveries=deliveries if with_deliveries else None,
                        events=events,
                        sources=[SourceInfo("t.xlsx", "pledges", "test", 10, 10, 0)])
    return assemble([part])
