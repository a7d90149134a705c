# source
#   All rows come from data/sample_rows.py, which is filled from the project's sourced fact
#   sheet (shared reference `facts.md`): UDCG meetings 18-24 (section A), US packages of 2024
#   (section B), other donors' pledges April-July 2024 in the announced currency (section C),
#   the eight capability coalitions (section D), the Kharkiv offensive timeline 2024-05-10 to
#   06-30 with Wikipedia/GeoNames coordinates (section E) and the depth/area figures (section F).
#   Every row's Source column carries the public URLs that facts.md cites for it.
#   The control-area snapshots written by build_control_areas.py are ILLUSTRATIVE: hand-drawn
#   rough polygons scaled to the section F figures, not DeepState data.
#
# Usage:  python data/build_sample.py          (needs xlsxwriter, a dependency of the app)
"""Build the bundled sample briefing: data/udcg_briefing_sample.xlsx (+ the control areas).

The workbook follows the project's briefing template: sheets README, Pledges, Deliveries, Events,
header on row 1. The write is atomic (temp file in data/ + os.replace) and reproducible (fixed
document timestamps).
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from udcg_desktop.core.atomic import atomic_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sample_rows as rows  # noqa: E402  (the data literals beside this script)

OUT = HERE / "udcg_briefing_sample.xlsx"
FIXED_TIME = dt.datetime(2024, 11, 25, 0, 0, 0)

PLEDGE_COLUMNS = ["Pledge ID", "Donor", "Announced", "Aid type", "Category", "Item / system",
                  "Quantity", "Unit", "Amount", "Currency", "Estimate", "Status", "Coalition",
                  "Occasion", "Source", "Notes"]
DELIVERY_COLUMNS = ["Delivery ID", "Pledge ID", "Donor", "Delivered", "Item / system",
                    "Quantity", "Amount", "Currency", "Destination", "Latitude", "Longitude",
                    "Source", "Notes"]
EVENT_COLUMNS = ["Event ID", "Date", "End date", "Type", "Place", "Latitude", "Longitude",
                 "Coordinate source", "Description", "Fatalities", "Source", "Illustrative"]

CATEGORIES = ("Air defence", "Artillery & ammunition", "Armour & vehicles", "Drones", "Air force",
              "Maritime", "Demining", "IT & cyber", "Small arms & equipment", "Training",
              "Funding & procurement", "Mixed package")
COALITIONS = ("Air Force", "Integrated Air & Missile Defence", "Artillery", "Armoured vehicles",
              "Maritime", "IT", "Demining", "Drones")
EVENT_TYPES = ("assault", "capture", "counterattack", "withdrawal", "battle", "strike",
               "civilian_harm", "policy", "meeting", "unrest", "other")

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

README_COLUMNS: list[tuple[str, str, str]] = [
    ("Pledges", "Pledge ID", "Unique ID of the pledge row (donor code, announcement date, "
     "authority or item); Deliveries refer to it."),
    ("Pledges", "Donor", "Donor country (or, for the Czech ammunition initiative, the "
     "multi-donor initiative)."),
    ("Pledges", "Announced", "Announcement date (a real date cell)."),
    ("Pledges", "Aid type", "Military / Humanitarian / Financial. All rows here are Military."),
    ("Pledges", "Category", "One of: " + ", ".join(CATEGORIES) + ". 'Mixed package' when the "
     "package spans several categories."),
    ("Pledges", "Item / system", "Contents as reported (a list for packages)."),
    ("Pledges", "Quantity", "Number of units when the row is about one kind of item and the "
     "source gives it; else blank."),
    ("Pledges", "Unit", "Unit of Quantity."),
    ("Pledges", "Amount", "Value in the currency announced (a number); blank when the source "
     "gives none. Never converted here."),
    ("Pledges", "Currency", "ISO code of Amount (USD, EUR, GBP, CAD, DKK, SEK)."),
    ("Pledges", "Estimate", "Y when the source gives an approximate value ('about', '~'); "
     "'at least' figures are N and say so in Notes."),
    ("Pledges", "Status", "pledged / allocated / delivered. Partial deliveries are rows of the "
     "Deliveries sheet; the pledge stays 'pledged'."),
    ("Pledges", "Coalition", "Capability coalition, set only where the row clearly belongs to "
     "one: " + ", ".join(COALITIONS) + "."),
    ("Pledges", "Occasion", "Where or how it was announced (UDCG meeting, agreement, "
     "authority such as PDA/USAI/FMF and tranche)."),
    ("Pledges", "Source", "Public URLs, separated by ' ; ', as cited in the fact sheet."),
    ("Pledges", "Notes", "Qualifiers from the sources: approximations, floors, overlaps."),
    ("Deliveries", "Delivery ID", "Unique ID of the delivery row."),
    ("Deliveries", "Pledge ID", "The Pledges row delivered against (must exist there)."),
    ("Deliveries", "Donor", "As in the pledge."),
    ("Deliveries", "Delivered", "Text 'until YYYY-MM-DD': the sources say it had arrived by "
     "that day, not when."),
    ("Deliveries", "Item / system", "What was delivered."),
    ("Deliveries", "Quantity", "Units delivered, when the source gives a number."),
    ("Deliveries", "Amount", "Value delivered; blank in every row (no source gives one)."),
    ("Deliveries", "Currency", "ISO code of Amount; blank when Amount is blank."),
    ("Deliveries", "Destination", "Where delivered (country level here)."),
    ("Deliveries", "Latitude", "Blank: no delivery site is published."),
    ("Deliveries", "Longitude", "Blank: no delivery site is published."),
    ("Deliveries", "Source", "Public URLs, separated by ' ; '."),
    ("Deliveries", "Notes", "How the source put it."),
    ("Events", "Event ID", "UDCG-nn for Contact Group meetings, KH-nn for the Kharkiv offensive "
     "timeline (numbered as in the fact sheet)."),
    ("Events", "Date", "Day of the event (a real date cell)."),
    ("Events", "End date", "Blank unless the sources give a span (e.g. 06-14 to 06-17) or two "
     "possible days (06-10/11)."),
    ("Events", "Type", "One of: " + ", ".join(EVENT_TYPES) + ". A qualifier such as "
     "'(claimed)', '(reported)' or '(stalled)' is kept at the start of the Description."),
    ("Events", "Place", "Settlement or venue as named in the sources."),
    ("Events", "Latitude", "Decimal degrees (WGS84), exactly as in the fact sheet; blank when "
     "unconfirmed or not a place."),
    ("Events", "Longitude", "Decimal degrees (WGS84); blank as Latitude."),
    ("Events", "Coordinate source", "Wikipedia (infobox coordinate of the English article), "
     "GeoNames (cities1000; 'district point'/'city point' when the event site itself is not "
     "located), UNCONFIRMED (no coordinate found: Lat/Lon blank), or n/a (not a place). "
     "UDCG meetings carry no coordinates."),
    ("Events", "Description", "What happened, as reported; figures as given."),
    ("Events", "Fatalities", "Killed, when reported (the final official count where reports "
     "differ; see Description)."),
    ("Events", "Source", "Public URLs, separated by ' ; '."),
    ("Events", "Illustrative", "Y for made-up or rough rows; N for rows taken from sources. "
     "All rows in this workbook are N."),
]


def _day_or_text(value: str | None):
    """ISO day -> datetime (a real date cell); other text stays text; None stays blank."""
    if value is None or value == "":
        return None
    if _ISO_DAY.match(value):
        return dt.datetime.strptime(value, "%Y-%m-%d")
    return value


def _height(text: str, width: float) -> float:
    """Row height (points) for ``text`` wrapped in a column ``width`` characters wide: LibreOffice
    does not grow rows written without a height, so long cells would overlap."""
    if not text:
        return 15
    lines = sum(-(-max(len(part), 1) // max(int(width * 1.1), 1)) for part in text.split("\n"))
    return 15 * max(lines, 1)


def pledge_records() -> list[list]:
    out = []
    for p in rows.PLEDGES:
        out.append([p["id"], p["donor"], _day_or_text(p["date"]), p["aid"], p["cat"], p["item"],
                    p.get("qty"), p.get("unit"), p.get("amount"),
                    p.get("cur") if p.get("amount") is not None else None,
                    p.get("est", "N"), p.get("status", "pledged"), p.get("coalition"),
                    p.get("occasion"), p["source"], p.get("notes")])
    return out


def delivery_records() -> list[list]:
    out = []
    for d in rows.DELIVERIES:
        out.append([d["id"], d["pledge"], d["donor"], _day_or_text(d["date"]), d["item"],
                    d.get("qty"), d.get("amount"),
                    d.get("cur") if d.get("amount") is not None else None,
                    d.get("dest"), d.get("lat"), d.get("lon"), d["source"], d.get("notes")])
    return out


def event_records() -> list[list]:
    out = []
    for e in rows.MEETINGS + rows.KHARKIV_EVENTS:
        ll = e.get("ll")
        lat, lon = (ll if ll else (None, None))
        if "csrc" in e:
            csrc = e["csrc"]
        elif e["type"] == "meeting":
            csrc = None
        else:
            csrc = "UNCONFIRMED"
        out.append([e["id"], _day_or_text(e["date"]), _day_or_text(e.get("end")), e["type"],
                    e["place"], lat, lon, csrc, e["desc"], e.get("fatal"), e["source"],
                    "Y" if e.get("illustrative") else "N"])
    return out


def check(pledges: list[list], deliveries: list[list], events: list[list]) -> None:
    """Fail the build on rows that break the template's rules."""
    ids = [r[0] for r in pledges]
    assert len(ids) == len(set(ids)), "duplicate Pledge ID"
    for r in pledges:
        assert r[4] in CATEGORIES, (r[0], r[4])
        assert r[12] is None or r[12] in COALITIONS, (r[0], r[12])
        assert r[14] and r[14].startswith("http"), r[0]
        assert (r[8] is None) == (r[9] is None), r[0]
    for r in deliveries:
        assert r[1] in ids, (r[0], r[1])
        assert r[11], r[0]
    eids = [r[0] for r in events]
    assert len(eids) == len(set(eids)), "duplicate Event ID"
    for r in events:
        assert r[3] in EVENT_TYPES, (r[0], r[3])
        assert r[10] and r[10].startswith("http"), r[0]
        assert (r[5] is None) == (r[6] is None), r[0]
        if r[7] == "UNCONFIRMED":
            assert r[5] is None, r[0]


def _readme_lines() -> list[tuple[str, ...]]:
    n_p, n_d = len(rows.PLEDGES), len(rows.DELIVERIES)
    n_m, n_k = len(rows.MEETINGS), len(rows.KHARKIV_EVENTS)
    return [
        ("UDCG briefing sample: pledges, deliveries and events, January-September 2024",),
        ("",),
        ("What this is: the bundled sample for udcg-desktop, in the project's own briefing "
         "template. Every row comes from the project's sourced fact sheet (facts.md), which "
         "cites public news reports and official statements; each row's Source column gives "
         "those URLs (several separated by ' ; '). Check a figure against its original before "
         "publishing it: some sources are mirrors or aggregators.",),
        (f"Pledges ({n_p} rows): the US packages of 2024 (PDA, USAI, FMF; amounts in USD), the "
         "German pledge reported at UDCG 20, and other donors' pledges of April-July 2024 in "
         "the currency announced (EUR, GBP, CAD, DKK, SEK). Amount is blank where no value was "
         "announced; Estimate=Y marks 'about' figures.",),
        (f"Deliveries ({n_d} rows): only what the sources state as delivered; each is linked "
         "to its pledge by Pledge ID. No delivery value is published, so Amount is blank.",),
        (f"Events ({n_m + n_k} rows): UDCG meetings 18-24 ({n_m} rows, type 'meeting', no "
         f"coordinates) and the Kharkiv offensive timeline 2024-05-10 to 06-30 ({n_k} rows) "
         "with the coordinates the fact sheet gives (Wikipedia or GeoNames); places whose "
         "coordinates could not be confirmed have blank Latitude/Longitude and Coordinate "
         "source UNCONFIRMED.",),
        ("Illustrative rows: none in this workbook (Illustrative = N everywhere): every row "
         "states a sourced fact. Approximate coordinates are flagged in Coordinate source "
         "('district point', 'city point', 'town point'). The control-area snapshots shipped "
         "beside this workbook (sample_control_areas/) ARE illustrative: rough hand-drawn "
         "polygons scaled to the depth and area figures below, not DeepState data.",),
        ("Not included: item-level quantities of the US packages (not published in the sources "
         "found); the Czech initiative's EUR 1.7B (a multi-donor pool partly paid from "
         "national packages listed here; in Notes); Spain's EUR 5bn to 2027 via the EPF; "
         "aggregate figures such as 'more than $88/95/98 billion committed' (kept in the "
         "meeting descriptions, not as pledges, to avoid double counting).",),
        ("",),
        ("Sheet", "Column", "Meaning"),
        *README_COLUMNS,
        ("",),
        ("Capability coalitions (reference)", "Lead nations", "Source"),
        *rows.COALITIONS,
        ("The list of eight is confirmed by a DoD briefing", "", rows.COALITIONS_CONFIRMED_BY),
        ("",),
        ("Depth and area of the Russian advance (used to scale the illustrative control areas)",
         "As of / by whom", "Source"),
        *rows.ADVANCE_FIGURES,
    ]


def build(out: Path = OUT) -> dict[str, int]:
    import xlsxwriter

    pledges, deliveries, events = pledge_records(), delivery_records(), event_records()
    check(pledges, deliveries, events)

    with atomic_path(out) as tmp:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_urls": False, "strings_to_numbers": False,
                                       "strings_to_formulas": False})
        wb.set_properties({"title": "UDCG briefing sample", "author": "udcg-desktop",
                           "comments": "Built by data/build_sample.py from facts.md",
                           "created": FIXED_TIME})
        bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top",
                              "bg_color": "#DDE4EE", "border": 1})
        title = wb.add_format({"bold": True, "font_size": 14})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        day = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        money = wb.add_format({"num_format": "#,##0", "valign": "top"})
        coord = wb.add_format({"num_format": "0.000000", "valign": "top"})
        top = wb.add_format({"valign": "top"})

        # README
        ws = wb.add_worksheet("README")
        ws.set_column(0, 0, 70, wrap)
        ws.set_column(1, 1, 30, wrap)
        ws.set_column(2, 2, 90, wrap)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        for i, line in enumerate(_readme_lines()):
            if i == 0:
                ws.write_string(i, 0, line[0], title)
                continue
            header = len(line) == 3 and line[0] in ("Sheet",) or (
                len(line) == 3 and line[1] in ("Lead nations", "As of / by whom"))
            if len(line) == 1:
                if line[0]:
                    ws.merge_range(i, 0, i, 2, line[0], wrap)
                    ws.set_row(i, _height(line[0], 185))
                continue
            for j, text in enumerate(line):
                ws.write_string(i, j, text, bold if header else wrap)
            ws.set_row(i, max(_height(t, w) for t, w in zip(line, (70, 30, 90))))

        def sheet(name, columns, records, widths, formats):
            ws = wb.add_worksheet(name)
            for j, col in enumerate(columns):
                ws.write_string(0, j, col, bold)
                ws.set_column(j, j, widths.get(col, 14))
            for i, rec in enumerate(records, start=1):
                ws.set_row(i, min(120, max(_height(v, widths.get(c, 14))
                                          for v, c in zip(rec, columns) if isinstance(v, str))))
                for j, value in enumerate(rec):
                    col = columns[j]
                    if value is None:
                        continue
                    if isinstance(value, dt.datetime):
                        ws.write_datetime(i, j, value, day)
                    elif isinstance(value, (int, float)):
                        ws.write_number(i, j, value, formats.get(col, top))
                    else:
                        ws.write_string(i, j, value, wrap if len(value) > 30 else top)
            ws.freeze_panes(1, 1)
            ws.set_landscape()
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(0)
            ws.autofilter(0, 0, len(records), len(columns) - 1)

        sheet("Pledges", PLEDGE_COLUMNS, pledges,
              {"Pledge ID": 22, "Donor": 20, "Announced": 12, "Category": 20,
               "Item / system": 60, "Amount": 16, "Coalition": 22, "Occasion": 26,
               "Source": 60, "Notes": 60},
              {"Amount": money, "Quantity": money})
        sheet("Deliveries", DELIVERY_COLUMNS, deliveries,
              {"Delivery ID": 12, "Pledge ID": 22, "Donor": 20, "Delivered": 18,
               "Item / system": 50, "Source": 60, "Notes": 60},
              {"Quantity": money, "Amount": money, "Latitude": coord, "Longitude": coord})
        sheet("Events", EVENT_COLUMNS, events,
              {"Event ID": 10, "Date": 12, "End date": 12, "Place": 30, "Latitude": 11,
               "Longitude": 11, "Coordinate source": 22, "Description": 80, "Source": 60},
              {"Latitude": coord, "Longitude": coord})
        wb.close()
    return {"Pledges": len(pledges), "Deliveries": len(deliveries), "Events": len(events)}


def totals_by_currency() -> dict[str, float]:
    totals: dict[str, float] = {}
    for p in rows.PLEDGES:
        if p.get("amount") is not None:
            totals[p["cur"]] = totals.get(p["cur"], 0.0) + p["amount"]
    return totals


if __name__ == "__main__":
    counts = build()
    print(f"wrote {OUT}: " + ", ".join(f"{k} {v} rows" for k, v in counts.items()))
    for cur, total in sorted(totals_by_currency().items()):
        print(f"  pledged {cur}: {total:,.0f}")
    import build_control_areas
    files = build_control_areas.build()
    print(f"wrote {len(files)} illustrative control-area snapshots to "
          f"{build_control_areas.OUT_DIR}")
