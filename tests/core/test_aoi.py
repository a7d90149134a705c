"""The area of interest: the Kharkiv axis outline, event membership, and the summary's use of it."""
import json

import numpy as np
import pytest

from udcg_desktop.core.aoi import AOI_KEYS, DEFAULT_AOI, area_of_interest
from udcg_desktop.core.model import EventTable
from udcg_desktop.core.summary import summary

# (name, lon, lat, inside the Kharkiv axis?)
PLACES = [
    ("Kharkiv", 36.2304, 49.9935, True),
    ("Vovchansk", 36.9428, 50.2878, True),
    ("Kupiansk", 37.6167, 49.7106, True),
    ("Shebekino (RU, ~8 km from the border)", 36.89, 50.41, True),
    ("Valuyki (RU, ~26 km)", 38.10, 50.21, True),
    ("Belgorod city (RU, ~35 km)", 36.587, 50.595, False),
    ("Kherson", 32.6169, 46.6354, False),
    ("Donetsk", 37.8028, 48.0159, False),
    ("Sumy", 34.7981, 50.9077, False),
    ("Kyiv", 30.5234, 50.4501, False),
]


def test_default_is_the_kharkiv_axis_and_keys_resolve():
    aoi = area_of_interest()
    assert DEFAULT_AOI == "kharkiv_axis" and aoi.key == "kharkiv_axis"
    assert aoi is area_of_interest("kharkiv_axis")          # cached: one object
    assert aoi.label == "Kharkiv axis" and aoi.illustrative and aoi.method
    assert set(AOI_KEYS) == {"kharkiv_axis", "all"}
    with pytest.raises(ValueError, match="unknown area of interest"):
        area_of_interest("donbas")


def test_kharkiv_axis_contains_the_oblast_and_the_border_strip_only():
    aoi = area_of_interest()
    lon = [p[1] for p in PLACES]
    lat = [p[2] for p in PLACES]
    got = aoi.contains(lon, lat)
    for (name, *_xy, want), g in zip(PLACES, got):
        assert bool(g) is want, name
    # Bigger than the oblast (31,390 km2) by the Russian strip, far smaller than Ukraine
    assert 33_000 < aoi.area_km2 < 45_000
    x0, y0, x1, y1 = aoi.bounds
    assert x0 < 35.5 and x1 > 38 and y0 < 49 and y1 > 50.4


def test_everything_has_no_outline_and_contains_all():
    aoi = area_of_interest("all")
    assert aoi.everything and aoi.bounds is None and aoi.rings == []
    assert aoi.contains([32.6, np.nan], [46.6, np.nan]).all()


def _events():
    rows = [("e1", "2024-05-10", "assault", 36.94, 50.29),       # Vovchansk: in
            ("e2", "2024-05-11", "strike", 32.62, 46.64),         # Kherson: out
            ("e3", "2024-05-12", "capture", np.nan, np.nan),      # no coordinates: kept
            ("e4", "2024-05-13", "meeting", 6.0, 50.0),           # a meeting abroad: kept
            ("e5", "2024-05-14", "strike", 36.23, 49.99),         # Kharkiv: in
            ("e6", "2024-05-15", "strike", np.nan, np.nan)]       # names Donetsk oblast: out
    return EventTable({
        "event_id": [r[0] for r in rows],
        "date": np.array([r[1] for r in rows], dtype="datetime64[D]"),
        "type": [r[2] for r in rows], "lon": [r[3] for r in rows], "lat": [r[4] for r in rows],
        "place": ["Vovchansk", "Kherson", "Ohirtseve", "Ramstein", "Kharkiv",
                  "Kramatorsk (Donetsk region)"],
        "fatalities": [np.nan, 5.0, np.nan, np.nan, 7.0, 1.0]})


def test_event_mask_keeps_placeless_events_and_drops_other_axes():
    ev = _events()
    assert area_of_interest().event_mask(ev).tolist() == [True, False, True, True, True, False]
    assert area_of_interest("all").event_mask(ev).all()
    assert area_of_interest().unlocated(ev).tolist() == [False, False, True, False, False, True]


def test_summary_counts_events_in_the_area_and_says_which():
    from udcg_desktop.core.model import BriefingPart, assemble
    b = assemble([BriefingPart(events=_events())])
    s = summary(b)
    assert s.events["count"] == 4 and s.events["count_loaded"] == 6
    assert s.events["area"] == "kharkiv_axis" and s.events["area_label"] == "Kharkiv axis"
    assert s.events["by_type"] == {"assault": 1, "capture": 1, "meeting": 1, "strike": 1}
    assert s.events["fatalities_reported"] == 7.0           # Kherson's 5 are not in the area
    assert s.events["without_coordinates"] == 1             # Ohirtseve, kept unplaced
    assert s.to_dict()["area_of_interest"]["key"] == "kharkiv_axis"
    everything = summary(b, aoi="all")
    assert everything.events["count"] == 6 and everything.events["fatalities_reported"] == 13.0
    # the period still applies inside the area
    s2 = summary(b, as_of="2024-05-12", since="2024-05-11")
    assert s2.events["count"] == 1 and s2.events["first"] == "2024-05-12"


def test_shipped_outline_says_what_it_is():
    from udcg_desktop.core.aoi import aoi_path
    props = json.loads(aoi_path().read_text())["properties"]
    assert props["illustrative"] is True
    assert "Natural Earth" in props["source"] and "30 km" in props["method"]


def test_real_bellingcat_events_in_the_kharkiv_axis(realdata):
    from udcg_desktop.io import load_briefing
    b = load_briefing([realdata / "ukr-civharm-2024-06-02.json"])
    s = summary(b)
    everything = summary(b, aoi="all")
    assert 0 < s.events["count"] < everything.events["count"]
    e = b.events
    mask = area_of_interest().event_mask(e)
    places = " ".join(str(p) for p in e["place"][mask]).casefold()
    assert "kherson" not in places and "donetsk" not in places
    # Belgorod city (~35 km inside Russia) is outside; its border district's Shebekino inside
    near_city = (np.abs(e["lat"] - 50.596) < 0.02) & (np.abs(e["lon"] - 36.60) < 0.08)
    assert near_city.any() and not mask[near_city].any()


def test_cli_summary_area_switch(realdata, capsys):
    from udcg_desktop.cli import main
    path = str(realdata / "ukr-civharm-2024-06-02.json")
    assert main(["summary", path, "--json"]) == 0
    axis = json.loads(capsys.readouterr().out)
    assert main(["summary", path, "--json", "--area", "all"]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert axis["area_of_interest"]["key"] == "kharkiv_axis"
    assert everything["area_of_interest"]["key"] == "all"
    assert axis["events"]["count"] < everything["events"]["count"] == axis["events"][
        "count_loaded"]
    assert main(["summary", path]) == 0
    assert "in the Kharkiv axis" in capsys.readouterr().out
