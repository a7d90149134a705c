"""A small briefing with places, two control-area snapshots and a located delivery (map tests)."""
import numpy as np

from udcg_desktop.core.model import (AreaFeature, BriefingPart, ControlSnapshot, DeliveryTable,
                                     EventTable, PledgeTable, SourceInfo, assemble)

D = lambda s: np.datetime64(s, "D")  # noqa: E731

SQUARE_A = np.array([[36.85, 50.25], [37.05, 50.25], [37.05, 50.35], [36.85, 50.35],
                     [36.85, 50.25]])
SQUARE_B = np.array([[36.40, 50.20], [36.60, 50.20], [36.60, 50.32], [36.40, 50.32],
                     [36.40, 50.20]])
BAND_B = np.array([[36.40, 50.15], [36.60, 50.15], [36.60, 50.20], [36.40, 50.20],
                   [36.40, 50.15]])

# Events: (id, date, type, place, lon, lat)
EVENTS = [
    ("E1", "2024-05-10", "assault", "Vovchansk", 36.943, 50.288),
    ("E2", "2024-05-12", "capture", "Morokhovets", 36.471, 50.273),
    ("E3", "2024-05-14", "strike", "Kharkiv", 36.2304, 49.9935),
    ("E4", "2024-05-20", "counterattack", "Lyptsi", 36.421, 50.209),
    ("E5", "2024-05-20", "meeting", "Virtual", np.nan, np.nan),
]


def map_briefing(illustrative: bool = True):
    pledges = PledgeTable({
        "pledge_id": ["P1", "P2"], "donor": ["United States", "Germany"],
        "date": np.array(["2024-05-01", "2024-05-05"], dtype="datetime64[D]"),
        "aid_type": ["Military", "Military"], "category": ["Air defence", "Artillery"],
        "status": ["pledged", "pledged"], "amount": [400e6, 100e6], "currency": ["USD", "EUR"],
        "item": ["Patriot munitions", "Shells"],
        "source_file": ["t.xlsx"] * 2, "source_sheet": ["Pledges"] * 2, "source_row": [2, 3],
    })
    deliveries = DeliveryTable({
        "delivery_id": ["D1", "D2"], "pledge_id": ["P1", "P2"], "pledge_index": [0, 1],
        "donor": ["United States", "Germany"],
        "date": np.array(["2024-05-15", "2024-05-16"], dtype="datetime64[D]"),
        "item": ["Patriot munitions", "Shells"], "amount": [100e6, 50e6],
        "currency": ["USD", "EUR"], "destination": ["Kharkiv", ""],
        "lon": [36.30, np.nan], "lat": [49.95, np.nan],
        "source_file": ["t.xlsx"] * 2, "source_sheet": ["Deliveries"] * 2, "source_row": [2, 3],
    })
    events = EventTable({
        "event_id": [e[0] for e in EVENTS],
        "date": np.array([e[1] for e in EVENTS], dtype="datetime64[D]"),
        "type": [e[2] for e in EVENTS], "place": [e[3] for e in EVENTS],
        "lon": [e[4] for e in EVENTS], "lat": [e[5] for e in EVENTS],
        "description": [f"Test event {e[0]} at {e[3]}" for e in EVENTS],
        "source": ["https://example.org/" + e[0] for e in EVENTS],
    })
    snaps = [
        ControlSnapshot(np.datetime64("2024-05-11T21:00:00"), "a.geojson",
                        [AreaFeature("occupied", [SQUARE_A])], illustrative=illustrative,
                        points=[(36.95, 50.36, "Vovchansk direction")]),
        ControlSnapshot(np.datetime64("2024-05-16T21:00:00"), "b.geojson",
                        [AreaFeature("occupied", [SQUARE_A]), AreaFeature("occupied", [SQUARE_B]),
                         AreaFeature("contested", [BAND_B])], illustrative=illustrative),
    ]
    part = BriefingPart(pledges=pledges, deliveries=deliveries, events=events, snapshots=snaps,
                        sources=[SourceInfo("t.xlsx", "pledges", "test", 2, 2, 0)])
    return assemble([part], title="Map test briefing")
