"""Fixture builders: quirky workbooks generated at test time (xlsxwriter), never copied data."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

REALDATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata"
KIEL_REAL = REALDATA / "kiel_ust_release7_2022.xlsx"

TEMPLATE_PLEDGE_HEADERS = [
    "Pledge ID", "Donor", "Announced", "Aid type", "Category", "Item / system", "Quantity",
    "Unit", "Amount", "Currency", "Estimate", "Status", "Coalition", "Occasion", "Source",
    "Notes"]

# Release-7 layout (44 columns); the quirks of formats.md are placed in the rows below.
KIEL_HEADERS = [
    "ID", "countries", "Announcement Date", "Type of Aid General", "Type of Aid Specific",
    "Explanation", "Original Currency", "Monetary Value as Given by Source", "",
    "Type of item", "Sub-type of item", "Soviet origin (1)", "No. of Units",
    "No. of Units delivered (in-kind military aid)", "Unit Price in USD",
    "Value committed (own estimate, in USD)", "Value delivered (own estimate, in USD)",
    "Total ", "Converted Value in EUR", "Total monetary value delivered in EUR",
    "Official Source", "Source of Aid 1", "Source of Aid 2", "Source of Aid 3",
    "Source of Aid 4", "Bilateral loan/grant made through IMF or WB?",
    "Updated/newly added entry", "Source for Delivery", "Working/debug >>>",
    "Total_value_dummy (1 is first row in the package)", "value_source_commitments",
    "value_source_deliveries", "MonthCoding2", "Month3", "BeforeWar4",
    "Ukraine Asked for it dummy (=1)", "Heavy_but_undisclosed_commitments",
    "Heavy_but_undisclosed_deliveries", "Ammunition_dummy(=1)", "Source of item",
    "Sub-type of item", "Items (short version)", "Relative importance", " "]
K = {h: i for i, h in enumerate(KIEL_HEADERS) if h and h != " "}
K["item"] = 8
K["Sub-type of item"] = 10


def kiel_row(id_, donor, date, aid, specific, cur, given, item=".", itype=".", sub=".",
             units=".", units_deliv=".", total="", eur="", deliv_eur="", first=1,
             value_source="Value is given by the source"):
    row = [""] * len(KIEL_HEADERS)
    row[K["ID"]] = id_
    row[K["countries"]] = donor
    row[K["Announcement Date"]] = date
    row[K["Type of Aid General"]] = aid
    row[K["Type of Aid Specific"]] = specific
    row[K["Explanation"]] = f"Explanation of {id_}"
    row[K["Original Currency"]] = cur
    row[K["Monetary Value as Given by Source"]] = given
    row[K["item"]] = item
    row[K["Type of item"]] = itype
    row[K["Sub-type of item"]] = sub
    row[40] = sub
    row[K["No. of Units"]] = units
    row[K["No. of Units delivered (in-kind military aid)"]] = units_deliv
    row[K["Total "]] = total
    row[K["Converted Value in EUR"]] = eur
    row[K["Total monetary value delivered in EUR"]] = deliv_eur
    row[K["Official Source"]] = f"https://example.org/{id_}"
    row[K["Total_value_dummy (1 is first row in the package)"]] = first
    row[K["value_source_commitments"]] = value_source
    return row


# (rows, and what the test expects of them). EUR on first rows only; the sum over loaded rows
# of column S is 100 + 50 + 200 + 7 + 1000 + 10 + 30 = 1397 (million).
M = 1e6
KIEL_ROWS = [
    # package with 3 rows, figures on the first only, delivered units on the 2nd row
    kiel_row("USM1", "United States", dt.date(2022, 3, 1), "Military", "Weapons",
             "USD", 110 * M, "155mm howitzer", "Heavy weapon", "155mm howitzer", 18.0, 18.0,
             110 * M, 100 * M, 40 * M, 1),
    kiel_row("USM1", "United States", dt.date(2022, 3, 1), "Military", "Weapons",
             "USD", 110 * M, "round of ammunition", "Ammunition for heavy weapon",
             "155mm howitzer ammunition", 1000.0, 500.0, "", "", "", 0),
    kiel_row("USM1", "United States", dt.date(2022, 3, 1), "Military", "Weapons",
             "USD", 110 * M, "MANPADS", "Portable defence system", "MANPADS", "undisclosed",
             ".", "", "", "", 0),
    # trailing spaces in aid type, GBP, text date 'until  5/7/2022' (two spaces)
    kiel_row("UKM1", "UK", "until  5/7/2022", "Military ", "Weapons and equipment", "GBP",
             " 3193503.68 \n", total=42 * M, eur=50 * M),
    # Cyrillic С in the ID, 'Czech Republic', month-only date
    kiel_row("\u0421ZM1", "Czech Republic", "not specified, 03/22", "Military", "Weapons",
             "CZK", "1.000.00", total=5e9, eur=200 * M),
    # 'unclear, 04/22' + drone; #NAME? in an ignored column; nbsp-only cell
    kiel_row("DKM1", "Denmark", "unclear, 04/22", "Military", "Equipment", "DKK", 52 * M,
             "reconnaissance drone", "Aviation and drones", "Reconnaissance drone",
             total=52 * M, eur=7 * M),
    # range date, EUR
    kiel_row("DEM1", "Germany", "between 3/4/22 & 3/11/22", "Military", "Weapons", "EUR",
             "15.000.00", total=1000 * M, eur=1000 * M, units="\u00a0"),
    # '.' currency, 'Not given' value -> first row with no value
    kiel_row("FRM1", "France", "unspecified", "Military", "Weapons", ".", "Not given",
             total=".", eur="."),
    # 'from ... until ...', 'until 7/27/2022' style, humanitarian
    kiel_row("NOH1", "Norway", "from 01/01/2022 until 05/01/2022", "Humanitarian",
             "Assistance", "NOK", 100 * M, total=100 * M, eur=10 * M),
    kiel_row("PLM1", "Poland", "until 7/27/2022", "Military", "Weapons", "PLN", "undisclosed",
             "T-72 tank", "Heavy weapon", "Main battle tank", 200.0, 200.0, 140 * M, 30 * M,
             25 * M, 1, "Value is calculated with prices"),
    # a value given but Kiel's EUR cell empty: not counted (warning)
    kiel_row("CAF1", "Canada", dt.date(2022, 8, 23), "Financial", "Grant", "CAD", 3.85 * M,
             total=3.85 * M, eur=""),
    # blank row, then a row with no donor and no value (rejected), then a Total row
    [""] * len(KIEL_HEADERS),
    kiel_row("XXX1", "", "unspecified", "Military", "Weapons", ".", "Not given",
             total=".", eur="."),
    ["Total", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", 1397 * M]
    + [""] * (len(KIEL_HEADERS) - 19),
]
KIEL_EUR_SUM = 1397 * M


def write_kiel(path: Path, rows=None, sheet_name="Bilateral assistance, MAIN DATA",
               blank_first_col=False, title_rows=0, name_error=True) -> Path:
    import xlsxwriter
    rows = KIEL_ROWS if rows is None else rows
    wb = xlsxwriter.Workbook(str(path), {"strings_to_urls": False, "strings_to_numbers": False})
    wb.add_worksheet("ReadMe").write(0, 0, "Kiel tracker (test fixture)")
    ws = wb.add_worksheet(sheet_name)
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    off = 1 if blank_first_col else 0
    for t in range(title_rows):
        ws.write(t, off, f"Title line {t + 1}")
    ws.write_row(title_rows, off, KIEL_HEADERS)
    for r, row in enumerate(rows, start=title_rows + 1):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c + off, dt.datetime(v.year, v.month, v.day), datef)
            elif v == "":
                continue
            else:
                ws.write(r, c + off, v)
    if name_error:
        # A formula whose cached value is the error #NAME? (as in the real workbook)
        ws.write_formula(1 + title_rows, 39 + off, "=FOO(1)", None, "#NAME?")
    # A formula with a cached value: must be read, never recalculated
    ws.write_formula(1 + title_rows, 32 + off, "=1+1", None, 3)
    wb.add_worksheet("Exchange rates").write_row(1, 1, ["Currency", "1 EUR"])
    wb.close()
    return path


def write_template(path: Path, pledges, deliveries=None, events=None, title_rows=0,
                   headers=None, readme=True) -> Path:
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_urls": False})
    datef = wb.add_format({"num_format": "yyyy-mm-dd"})

    def sheet(name, head, rows):
        ws = wb.add_worksheet(name)
        for t in range(title_rows):
            ws.write(t, 0, f"{name} title")
        ws.write_row(title_rows, 0, head)
        for r, row in enumerate(rows, start=title_rows + 1):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), datef)
                elif v is None or v == "":
                    continue
                else:
                    ws.write(r, c, v)

    if readme:
        wb.add_worksheet("README").write(0, 0, "Columns ...")
    sheet("Pledges", headers or TEMPLATE_PLEDGE_HEADERS, pledges)
    if deliveries is not None:
        sheet("Deliveries", ["Delivery ID", "Pledge ID", "Donor", "Delivered", "Item / system",
                             "Quantity", "Amount", "Currency", "Destination", "Latitude",
                             "Longitude", "Source", "Notes"], deliveries)
    if events is not None:
        sheet("Events", ["Event ID", "Date", "End date", "Type", "Place", "Latitude",
                         "Longitude", "Coordinate source", "Description", "Fatalities",
                         "Source", "Illustrative"], events)
    wb.close()
    return path


def pledge(pid, donor, date, amount, currency="USD", **kw):
    row = {h: "" for h in TEMPLATE_PLEDGE_HEADERS}
    row.update({"Pledge ID": pid, "Donor": donor, "Announced": date, "Aid type": "Military",
                "Amount": amount, "Currency": currency, "Status": "pledged"})
    for k, v in kw.items():
        row[k] = v
    return [row[h] for h in TEMPLATE_PLEDGE_HEADERS]


@pytest.fixture
def kiel_fixture(tmp_path) -> Path:
    return write_kiel(tmp_path / "kiel_fixture.xlsx")


@pytest.fixture
def real_kiel() -> Path:
    if not KIEL_REAL.exists():
        pytest.skip("real Kiel workbook not present (../shared/realdata)")
    return KIEL_REAL


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns
