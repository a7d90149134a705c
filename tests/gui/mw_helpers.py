"""Briefings built straight from core tables, and a main window on a private QSettings file."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QSettings

from udcg_desktop.core.model import (AreaFeature, BriefingPart, ControlSnapshot, DeliveryTable,
                                     EventTable, PledgeTable, Problem, SourceInfo, assemble)
from udcg_desktop.core.session import Session

D = lambda s: np.datetime64(s, "D")  # noqa: E731

# Every amount in EUR, so expected totals need no exchange rates.
PLEDGES = [  # id, donor, date, category, coalition, amount (EUR)
    ("DE-1", "Germany", "2024-04-01", "Air defence", "IAMD", 100e6),
    ("FR-1", "France", "2024-04-10", "Artillery & ammunition", "Artillery", 50e6),
    ("DE-2", "Germany", "2024-05-01", "Artillery & ammunition", "Artillery", 200e6),
    ("NL-1", "Netherlands", "2024-05-15", "Drones", "Drones", 30e6),
    ("DE-3", "Germany", "2024-06-01", "Air defence", "IAMD", 70e6),
]
DELIVERIES = [  # id, pledge id, date, amount
    ("D1", "DE-2", "2024-05-20", 80e6),
    ("D2", "DE-1", "2024-04-20", 40e6),
]
EVENTS = [  # id, date, type, place, lon, lat
    ("E1", "2024-05-10", "assault", "Vovchansk", 36.94, 50.29),
    ("E2", "2024-05-12", "capture", "Strilecha", 36.50, 50.28),
    ("UDCG-21", "2024-04-26", "meeting", "Virtual", np.nan, np.nan),
    ("E3", "2024-05-20", "strike", "Kharkiv", 36.23, 49.99),
]


def pledges_up_to(day: str, donors=None) -> float:
    return sum(a for _i, d, day_, _c, _k, a in PLEDGES
               if day_ <= day and (donors is None or d in donors))


def make_briefing(problems=(), title="Test briefing"):
    pledges = PledgeTable({
        "pledge_id": [p[0] for p in PLEDGES], "donor": [p[1] for p in PLEDGES],
        "date": np.array([p[2] for p in PLEDGES], dtype="datetime64[D]"),
        "aid_type": ["Military"] * len(PLEDGES), "category": [p[3] for p in PLEDGES],
        "category_source": [f"{p[3].split(' ')[0].lower()} (as typed)" for p in PLEDGES],
        "coalition": [p[4] for p in PLEDGES], "status": ["pledged"] * len(PLEDGES),
        "amount": [p[5] for p in PLEDGES], "currency": ["EUR"] * len(PLEDGES),
        "item": [f"item of {p[0]}" for p in PLEDGES],
        "source": ["https://example.org/pledge"] * len(PLEDGES),
        "source_file": ["t.xlsx"] * len(PLEDGES), "source_sheet": ["Pledges"] * len(PLEDGES),
        "source_row": list(range(2, 2 + len(PLEDGES))),
    })
    deliveries = DeliveryTable({
        "delivery_id": [d[0] for d in DELIVERIES], "pledge_id": [d[1] for d in DELIVERIES],
        "pledge_index": [-1] * len(DELIVERIES),
        "date": np.array([d[2] for d in DELIVERIES], dtype="datetime64[D]"),
        "amount": [d[3] for d in DELIVERIES], "currency": ["EUR"] * len(DELIVERIES),
        "donor": ["Germany"] * len(DELIVERIES),
    })
    events = EventTable({
        "event_id": [e[0] for e in EVENTS],
        "date": np.array([e[1] for e in EVENTS], dtype="datetime64[D]"),
        "type": [e[2] for e in EVENTS], "place": [e[3] for e in EVENTS],
        "lon": [e[4] for e in EVENTS], "lat": [e[5] for e in EVENTS],
        "description": [f"description of {e[0]}" for e in EVENTS],
        "source": ["https://example.org/event-source ; a printed report"] * len(EVENTS),
    })
    ring = np.array([[36.8, 50.2], [37.0, 50.2], [37.0, 50.35], [36.8, 50.35], [36.8, 50.2]])
    snap = ControlSnapshot(time=np.datetime64("2024-05-11T00:00:00", "s"), source_file="s.geojson",
                           features=[AreaFeature("occupied", [ring])],
                           areas_km2={"occupied": {"kharkiv": 123.0, "all": 123.0},
                                      "contested": {"kharkiv": 45.0, "all": 45.0}},
                           illustrative=True)
    part = BriefingPart(pledges=pledges, deliveries=deliveries, events=events, snapshots=[snap],
                        sources=[SourceInfo("t.xlsx", "pledges", "test", 5, 5, 0)],
                        problems=list(problems))
    return assemble([part], title=title)


def sample_problems(n=3):
    return [Problem("t.xlsx", "Pledges", 10 + i, "Amount", f"x{i}",
                    "error" if i == 0 else "warning", f"not a number {i}") for i in range(n)]


def shown(qtbot, widget, width: int, height: int):
    """``widget`` at that size, shown and exposed, as a test drives it."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def settings_in(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "udcg-test.ini"), QSettings.IniFormat)


def make_window(qtbot, tmp_path, briefing=None, settings=None):
    from udcg_desktop.gui.main_window import MainWindow
    session = Session(briefing or make_briefing())
    window = MainWindow(session, settings=settings or settings_in(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_date(qtbot, field, text):
    """Type a date into the time controls' date field as a user would, then press Enter."""
    from PySide6.QtCore import Qt
    edit = field.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key_Return)


class EventCounter(QObject):
    """Counts the events of one type that reach the widgets it is installed on."""

    def __init__(self, event_type):
        super().__init__()
        self.event_type = event_type
        self.count = 0

    def eventFilter(self, obj, event):
        if event.type() == self.event_type:
            self.count += 1
        return False
