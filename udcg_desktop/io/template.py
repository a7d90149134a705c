"""The project's own briefing template (sheets Pledges, Deliveries, Events) and any pledge sheet
whose headers map onto the template's pledge columns (a CSV or a one-sheet workbook).

Columns are found by name (case, spaces, no-break spaces ignored; extra columns allowed). Every
data row is accounted for: loaded, or rejected with an error Problem; blank and total rows are
skipped with an info note and not counted as read.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core.dates import Precision
from ..core.donors import donor_key
from ..core.model import (EVENT_TYPES, ROWS_LISTED, BriefingPart, DeliveryTable, EventTable,
                          PledgeTable, Problem, SourceInfo)
from ..core.vocabulary import STATUSES, harmonise, status_of
from .errors import UnreadableInput
from .sheets import Book, column_letter, open_book
from .tables import (Aliases, Table, cell_problem, duplicate_problems, error_cell_problems,
                     extract_table, find_header, headers_found, named_columns, objects,
                     skipped_problems)
from .dates import date_column
from .values import (CURRENCY_CODES, amount_column, flag_column, map_unique, mapped_column,
                     text_column)

COALITIONS = ("Air Force", "Integrated Air & Missile Defence", "Artillery", "Armoured vehicles",
              "Maritime", "IT", "Demining", "Drones")

PLEDGE_ALIASES = Aliases({
    "pledge_id": ("pledge id", "pledge", "id", "package id", "package", "pledge no", "ref"),
    "donor": ("donor", "country", "countries", "donor country", "donor name", "contributor"),
    "date": ("announced", "announcement date", "date announced", "date", "announced on",
             "pledge date", "date of announcement"),
    "aid_type": ("aid type", "type of aid", "type of aid general", "type"),
    "category": ("category", "capability", "capability area"),
    "item": ("item / system", "item/system", "item", "system", "items", "equipment",
             "item or system", "description"),
    "quantity": ("quantity", "qty", "number", "units", "no. of units", "count"),
    "unit": ("unit", "units of measure", "unit of measure"),
    "amount": ("amount", "value", "amount (original currency)", "monetary value",
               "value (original currency)", "amount original"),
    "currency": ("currency", "original currency", "ccy", "cur"),
    "value_eur_given": ("value in eur", "value (eur)", "amount eur", "eur value",
                        "converted value in eur", "value eur"),
    "value_usd_given": ("value in usd", "value (usd)", "amount usd", "usd value", "value usd"),
    "is_estimate": ("estimate", "estimated", "is estimate", "estimate (y/n)"),
    "status": ("status", "pledge status"),
    "coalition": ("coalition", "capability coalition"),
    "occasion": ("occasion", "event", "meeting", "forum"),
    "source": ("source", "sources", "url", "source url", "link"),
    "notes": ("notes", "note", "comment", "comments", "remarks"),
}, required=("donor",))

DELIVERY_ALIASES = Aliases({
    "delivery_id": ("delivery id", "id", "delivery"),
    "pledge_id": ("pledge id", "pledge", "package id"),
    "donor": ("donor", "country"),
    "date": ("delivered", "delivery date", "date", "date delivered"),
    "item": ("item / system", "item/system", "item", "system"),
    "quantity": ("quantity", "qty", "units"),
    "amount": ("amount", "value"),
    "currency": ("currency",),
    "destination": ("destination", "place", "location"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "long", "lng"),
    "source": ("source", "sources", "url"),
    "notes": ("notes", "note", "comments"),
}, required=("pledge_id",))

EVENT_ALIASES = Aliases({
    "event_id": ("event id", "id"),
    "date": ("date", "start date", "day"),
    "end_date": ("end date", "end", "until"),
    "type": ("type", "event type", "kind"),
    "place": ("place", "location", "settlement"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "long", "lng"),
    "coord_source": ("coordinate source", "coordinates source", "coord source", "geo source"),
    "description": ("description", "what happened", "summary", "notes"),
    "fatalities": ("fatalities", "deaths", "killed"),
    "source": ("source", "sources", "url"),
    "illustrative": ("illustrative", "is illustrative", "illustrative (y/n)"),
}, required=("date", "type"))

def grouped_problems(path, sheet, column, unknown: dict, sheet_rows, severity, message
                     ) -> list[Problem]:
    """One Problem per distinct value of ``unknown`` (value -> row positions): the exact row
    count and the first rows, not one Problem per row."""
    out = []
    for value, positions in unknown.items():
        rows = tuple(sheet_rows[i] for i in positions[:ROWS_LISTED])
        out.append(Problem(str(path), sheet, rows[0] if rows else None, column, value, severity,
                           message, len(positions), rows))
    return out


def _vocab(values: list, allowed: tuple[str, ...]) -> tuple[list, dict]:
    """Values matched to a vocabulary case-insensitively; unknown ones kept as written
    (returned as value -> row positions)."""
    lookup = {a.casefold(): a for a in allowed}
    unknown: dict = {}
    table = {}
    for v in set(values):
        hit = lookup.get(v.casefold()) if v else ""
        if hit is None:
            hit = v
            unknown[v] = []
        table[v] = hit
    if unknown:
        for i, v in enumerate(values):
            if v in unknown:
                unknown[v].append(i)
    return list(map(table.__getitem__, values)), unknown


def harmonised_categories(aid_text: list, labels: list, *item_columns: list
                          ) -> tuple[list, list, dict]:
    """(aid types, categories, unknown label -> row positions) on the app's two-level list.

    ``item_columns`` (item texts, per row) help where the label says only 'weapons' or nothing.
    Each distinct combination is harmonised once; rows are then looked up at C speed."""
    keys = list(zip(aid_text, labels, *item_columns))
    table = {k: harmonise(k[0], k[1], k[2:]) for k in set(keys)}
    aid = list(map({k: h[0] for k, h in table.items()}.__getitem__, keys))
    cat = list(map({k: h[1] for k, h in table.items()}.__getitem__, keys))
    unknown: dict = {}
    bad = {k for k, h in table.items() if not h[2]}
    if bad:
        for i, k in enumerate(keys):
            if k in bad:
                unknown.setdefault(k[1], []).append(i)
    return aid, cat, unknown


def harmonised_statuses(texts: list) -> tuple[list, dict]:
    """Statuses on the app's list; one that maps nowhere is kept as written (value -> rows)."""
    table = {t: status_of(t) for t in set(texts)}
    unknown: dict = {t: [] for t, s in table.items() if s is None}
    out = list(map({t: t.strip() if s is None else s for t, s in table.items()}.__getitem__,
                   texts))
    if unknown:
        for i, t in enumerate(texts):
            if t in unknown:
                unknown[t].append(i)
    return out, unknown


STATUS_MESSAGE = "status not in the app's list (" + ", ".join(STATUSES) + "); kept as written"
CATEGORY_MESSAGE = "category not in the app's list; kept as written"


def pick_table(book: Book, aliases: Aliases, sheet_name: str | None, what: str) -> Table:
    """The table of sheet ``sheet_name`` (or of the first sheet with the columns)."""
    names = [sheet_name] if sheet_name else book.sheet_names
    tried = []
    for name in names:
        sheet = book.sheet(name)
        match = find_header(sheet.rows, aliases)
        if match is not None:
            return extract_table(book.path, sheet, match,
                                 label_fields=("pledge_id", "donor", "delivery_id", "event_id"))
        tried.append((name, headers_found(sheet.rows)))
    where = "; ".join(f"sheet '{n}': {h}" for n, h in tried[:5])
    raise UnreadableInput(book.path, f"no sheet has the {what} columns "
                                     f"(needs at least {', '.join(aliases.required)}); "
                                     f"found headers: {where}")


# ------------------------------------------------------------------------------- pledges
def build_pledges(table: Table, fmt: str) -> tuple[PledgeTable, list[Problem], SourceInfo]:
    """A pledge table from a sheet mapped with ``PLEDGE_ALIASES``."""
    path, sheet = table.path, table.sheet
    n = len(table)
    rows = table.sheet_rows
    problems: list[Problem] = (duplicate_problems(table) + skipped_problems(table)
                               + error_cell_problems(table))
    hdr = table.header_of

    ids = text_column(table.col("pledge_id"), missing_as_blank=True)
    donor_raw = text_column(table.col("donor"), missing_as_blank=True)
    donors = mapped_column(donor_raw, donor_key)
    dates = date_column(table.col("date"), default_order="dmy")
    for i, raw, sev, msg in dates.issues:
        problems.append(cell_problem(path, sheet, rows[i], hdr("date"), raw, sev, msg))

    amounts = amount_column(table.col("amount"))
    eur = amount_column(table.col("value_eur_given"))
    usd = amount_column(table.col("value_usd_given"))
    qty = amount_column(table.col("quantity"))
    for res, name in ((amounts, "amount"), (eur, "value_eur_given"), (usd, "value_usd_given"),
                      (qty, "quantity")):
        for i, raw, status in res.issues:
            if status == "missing":
                problems.append(cell_problem(path, sheet, rows[i], hdr(name), raw, "info",
                                         "no value given"))
            elif status == "error":
                problems.append(cell_problem(path, sheet, rows[i], hdr(name), raw, "warning",
                                         "the cell holds a spreadsheet error (a broken formula); "
                                         "no value"))
            else:
                problems.append(cell_problem(path, sheet, rows[i], hdr(name), raw, "warning",
                                         "not a number this app understands; no value"))
    currency = map_unique(text_column(table.col("currency"), missing_as_blank=True), str.upper)
    for i, cur in amounts.currencies.items():
        if not currency[i]:
            currency[i] = cur
        elif currency[i] != cur:
            problems.append(cell_problem(path, sheet, rows[i], hdr("amount"), table.col("amount")[i],
                                     "warning", f"the amount says {cur} but the currency column "
                                                f"says {currency[i]}; {currency[i]} is used"))
    unknown_cur = {}
    if not set(currency) <= CURRENCY_CODES | {""}:       # rare: find the first rows
        for i, c in enumerate(currency):
            if c and c not in CURRENCY_CODES:
                unknown_cur.setdefault(c, i)
    for c, i in unknown_cur.items():
        problems.append(cell_problem(path, sheet, rows[i], hdr("currency"), c, "warning",
                                 "unknown currency code: values in it cannot be converted"))
    has_amount = np.isfinite(amounts.values)
    no_cur = [i for i in np.flatnonzero(has_amount) if not currency[i]] if "" in currency else []
    for i in no_cur[:50]:
        problems.append(cell_problem(path, sheet, rows[i], hdr("currency") or hdr("amount"), None,
                                 "warning", "an amount without a currency: it can only be "
                                            "counted when reporting in a currency it is in"))

    # Aid type and category on the app's two-level list; the label as written stays visible.
    cat_label = text_column(table.col("category"), True)
    items = text_column(table.col("item"), True)
    # item texts help only where no category is typed
    hints = [t if not c else "" for c, t in zip(cat_label, items)] if "" in cat_label else ()
    aid, category, unknown_cat = harmonised_categories(
        text_column(table.col("aid_type"), True), cat_label, *([hints] if hints else []))
    problems += grouped_problems(path, sheet, hdr("category"), unknown_cat, rows, "info",
                                 CATEGORY_MESSAGE)
    coalition, unknown_coal = _vocab(text_column(table.col("coalition"), True), COALITIONS)
    problems += grouped_problems(path, sheet, hdr("coalition"), unknown_coal, rows, "warning",
                                 "not one of the eight capability coalitions; kept as written")
    status, unknown_status = harmonised_statuses(text_column(table.col("status"), True))
    problems += grouped_problems(path, sheet, hdr("status"), unknown_status, rows, "warning",
                                 STATUS_MESSAGE)
    estimate = flag_column(table.col("is_estimate"))
    for i in amounts.estimates:
        estimate[i] = True

    # Rows with neither a donor nor any value are rejected: nothing to count or attribute.
    has_value = has_amount | np.isfinite(eur.values) | np.isfinite(usd.values)
    no_donor = np.array([not d for d in donors], dtype=bool) if n else np.zeros(0, bool)
    reject = no_donor & ~has_value
    for i in np.flatnonzero(reject):
        problems.append(cell_problem(path, sheet, rows[i], hdr("donor"), None, "error",
                                 "row rejected: no donor and no value"))
    for i in np.flatnonzero(no_donor & has_value):
        problems.append(cell_problem(path, sheet, rows[i], hdr("donor"), None, "warning",
                                 "no donor given; loaded with a blank donor"))
    # Missing IDs: a stable made-up one that says where the row is.
    if "" in ids:
        for i in np.flatnonzero(~reject):
            if not ids[i]:
                ids[i] = f"{sheet}!{rows[i]}"

    keep = np.flatnonzero(~reject)
    cols = {
        "pledge_id": objects(ids), "donor": objects(donors), "donor_raw": objects(donor_raw),
        "date": dates.end, "date_start": dates.start, "date_precision": dates.precision,
        "date_text": dates.text, "aid_type": objects(aid), "category": objects(category),
        "category_source": objects(cat_label), "item": objects(items), "quantity": qty.values,
        "unit": objects(text_column(table.col("unit"), True)), "amount": amounts.values,
        "currency": objects(currency), "value_eur_given": eur.values,
        "value_usd_given": usd.values, "is_estimate": estimate, "status": objects(status),
        "coalition": objects(coalition), "occasion": objects(text_column(table.col("occasion"), True)),
        "source": objects(text_column(table.col("source"), True)),
        "notes": objects(text_column(table.col("notes"), True)),
        "source_file": objects([str(path)] * n), "source_sheet": objects([sheet] * n),
        "source_row": np.asarray(rows, dtype=np.int64),
    }
    if len(keep) != n:
        cols = {k: v[keep] for k, v in cols.items()}
    pledges = PledgeTable(cols, n=len(keep))
    info = SourceInfo(str(path), "pledges", fmt, rows_read=n, rows_loaded=len(keep),
                      rows_rejected=int(reject.sum()), columns=named_columns(table.headers),
                      detail=f"sheet '{sheet}', header row {table.header.row + 1}; columns: "
                             + ", ".join(f"{f}={column_letter(j)}"
                                         for f, j in table.header.fields.items()))
    return pledges, problems, info


# ------------------------------------------------------------------------------ deliveries
def build_deliveries(table: Table, pledge_ids: set, fmt: str
                     ) -> tuple[DeliveryTable, list[Problem], SourceInfo]:
    path, sheet = table.path, table.sheet
    n = len(table)
    rows = table.sheet_rows
    hdr = table.header_of
    problems = duplicate_problems(table) + skipped_problems(table) + error_cell_problems(table)
    pid = text_column(table.col("pledge_id"), True)
    reject = np.zeros(n, dtype=bool)
    for i, p in enumerate(pid):
        if p not in pledge_ids:
            reject[i] = True
            problems.append(cell_problem(path, sheet, rows[i], hdr("pledge_id"), p or None, "error",
                                     "row rejected: its Pledge ID is not on the Pledges sheet"
                                     if p else "row rejected: no Pledge ID"))
    dates = date_column(table.col("date"), default_order="dmy")
    for i, raw, sev, msg in dates.issues:
        problems.append(cell_problem(path, sheet, rows[i], hdr("date"), raw, sev, msg))
    amounts = amount_column(table.col("amount"))
    qty = amount_column(table.col("quantity"))
    for res, name in ((amounts, "amount"), (qty, "quantity")):
        for i, raw, status in res.issues:
            if status != "missing":
                problems.append(cell_problem(path, sheet, rows[i], hdr(name), raw, "warning",
                                         "not a number; no value"))
    currency = [c.upper() for c in text_column(table.col("currency"), True)]
    for i, cur in amounts.currencies.items():
        currency[i] = currency[i] or cur
    lat, lon = _coords(table, problems)
    ids = text_column(table.col("delivery_id"), True)
    ids = [d or f"{sheet}!{rows[i]}" for i, d in enumerate(ids)]
    keep = np.flatnonzero(~reject)
    cols = {
        "delivery_id": objects(ids), "pledge_id": objects(pid),
        "pledge_index": np.full(n, -1, dtype=np.int64),
        "donor": objects(mapped_column(text_column(table.col("donor"), True), donor_key)),
        "date": dates.end, "date_start": dates.start, "date_precision": dates.precision,
        "date_text": dates.text, "item": objects(text_column(table.col("item"), True)),
        "quantity": qty.values, "amount": amounts.values, "currency": objects(currency),
        "destination": objects(text_column(table.col("destination"), True)),
        "lat": lat, "lon": lon, "source": objects(text_column(table.col("source"), True)),
        "notes": objects(text_column(table.col("notes"), True)),
        "source_file": objects([str(path)] * n), "source_sheet": objects([sheet] * n),
        "source_row": np.asarray(rows, dtype=np.int64),
    }
    cols = {k: v[keep] for k, v in cols.items()}
    table_out = DeliveryTable(cols, n=len(keep))
    info = SourceInfo(str(path), "deliveries", fmt, rows_read=n, rows_loaded=len(keep),
                      rows_rejected=int(reject.sum()), detail=f"sheet '{sheet}'")
    return table_out, problems, info


def _coords(table: Table, problems: list) -> tuple[np.ndarray, np.ndarray]:
    rows, hdr = table.sheet_rows, table.header_of
    lat = amount_column(table.col("lat"))
    lon = amount_column(table.col("lon"))
    for res, name, lim in ((lat, "lat", 90), (lon, "lon", 180)):
        for i, raw, status in res.issues:
            if status != "missing":
                problems.append(cell_problem(table.path, table.sheet, rows[i], hdr(name), raw,
                                         "warning", "not a coordinate; left empty"))
        bad = np.abs(res.values) > lim
        for i in np.flatnonzero(bad):
            problems.append(cell_problem(table.path, table.sheet, rows[i], hdr(name),
                                     float(res.values[i]), "warning",
                                     f"outside -{lim}..{lim}; left empty"))
        res.values[bad] = np.nan
    one = np.isfinite(lat.values) ^ np.isfinite(lon.values)
    for i in np.flatnonzero(one):
        problems.append(cell_problem(table.path, table.sheet, rows[i], hdr("lat"), None, "warning",
                                 "only one of latitude/longitude given; both left empty"))
    lat.values[one] = np.nan
    lon.values[one] = np.nan
    return lat.values, lon.values


# --------------------------------------------------------------------------------- events
def build_events(table: Table, fmt: str) -> tuple[EventTable, list[Problem], SourceInfo]:
    path, sheet = table.path, table.sheet
    n = len(table)
    rows = table.sheet_rows
    hdr = table.header_of
    problems = duplicate_problems(table) + skipped_problems(table) + error_cell_problems(table)
    start = date_column(table.col("date"), default_order="dmy")
    end = date_column(table.col("end_date"), default_order="dmy")
    for res, name in ((start, "date"), (end, "end_date")):
        for i, raw, sev, msg in res.issues:
            problems.append(cell_problem(path, sheet, rows[i], hdr(name), raw, sev, msg))
    d_end, d_start = start.end.copy(), start.start.copy()
    prec = start.precision.copy()
    text = start.text.copy()
    has_end = ~np.isnat(end.end)
    for i in np.flatnonzero(has_end):
        if not np.isnat(d_start[i]) and end.end[i] < d_start[i]:
            problems.append(cell_problem(path, sheet, rows[i], hdr("end_date"),
                                     str(end.end[i]), "warning",
                                     "end date before the start date; ignored"))
            continue
        d_end[i] = end.end[i]
        prec[i] = int(Precision.RANGE) if d_end[i] != d_start[i] else prec[i]
        text[i] = f"{text[i] or d_start[i]} to {end.text[i] or end.end[i]}"
    raw_type = text_column(table.col("type"), True)
    desc = text_column(table.col("description"), True)
    types = []
    for i, t in enumerate(raw_type):
        key = t.casefold().replace(" ", "_").replace("-", "_")
        base, _, qualifier = t.partition("(")
        bkey = base.strip().casefold().replace(" ", "_").replace("-", "_")
        if key in EVENT_TYPES:
            types.append(key)
        elif bkey in EVENT_TYPES:
            types.append(bkey)
            q = "(" + qualifier
            if q.strip("() ") and q.casefold() not in desc[i].casefold():
                desc[i] = f"{desc[i]} {q}".strip()
        else:
            types.append("other")
            problems.append(cell_problem(path, sheet, rows[i], hdr("type"), t or None, "warning",
                                     "unknown event type; counted as 'other'"
                                     if t else "no event type; counted as 'other'"))
    lat, lon = _coords(table, problems)
    fat = amount_column(table.col("fatalities"))
    no_date = np.isnat(d_end)
    for i in np.flatnonzero(no_date):
        if not any(i == p[0] for p in start.issues):
            problems.append(cell_problem(path, sheet, rows[i], hdr("date"), None, "warning",
                                     "no date; the event is listed but not on the timeline"))
    ids = text_column(table.col("event_id"), True)
    ids = [e or f"{sheet}!{rows[i]}" for i, e in enumerate(ids)]
    cols = {
        "event_id": objects(ids), "date": d_end, "date_start": d_start, "date_precision": prec,
        "date_text": text, "type": objects(types), "source_type": objects(raw_type),
        "source_kind": objects([fmt] * n), "place": objects(text_column(table.col("place"), True)),
        "lat": lat, "lon": lon,
        "coord_source": objects(text_column(table.col("coord_source"), True)),
        "description": objects(desc), "fatalities": fat.values,
        "source": objects(text_column(table.col("source"), True)),
        "illustrative": flag_column(table.col("illustrative")),
        "source_file": objects([str(path)] * n), "source_sheet": objects([sheet] * n),
        "source_row": np.asarray(rows, dtype=np.int64),
    }
    events = EventTable(cols, n=n)
    info = SourceInfo(str(path), "events", fmt, rows_read=n, rows_loaded=n, rows_rejected=0,
                      detail=f"sheet '{sheet}'")
    return events, problems, info


# -------------------------------------------------------------------------------- readers
def read_template(path: Path) -> BriefingPart:
    book = open_book(path)
    problems = book.problems      # the same list: sheets read below add to it
    sources = []
    pledges_name = book.find_sheet("Pledges")
    if pledges_name is None:
        raise UnreadableInput(path, "no 'Pledges' sheet (the briefing template has sheets "
                                    f"Pledges, Deliveries, Events); sheets: {book.sheet_names}")
    table = pick_table(book, PLEDGE_ALIASES, pledges_name, "pledge")
    pledges, probs, info = build_pledges(table, "udcg-template")
    info.sheets = tuple(book.sheet_names)
    problems += probs
    sources.append(info)
    part = BriefingPart(pledges=pledges, sources=sources, problems=problems)
    t = _optional_table(book, "Deliveries", DELIVERY_ALIASES, ("delivery_id", "pledge_id"),
                        "no Pledge ID column found", problems)
    if t is not None:
        d, probs, info = build_deliveries(t, set(pledges["pledge_id"]), "udcg-template")
        part.deliveries = d
        problems += probs
        sources.append(info)
    t = _optional_table(book, "Events", EVENT_ALIASES, ("event_id",),
                        "no Date and Type columns found", problems)
    if t is not None:
        e, probs, info = build_events(t, "udcg-template")
        part.events = e
        problems += probs
        sources.append(info)
    return part


def _optional_table(book: Book, sheet_name: str, aliases: Aliases, label_fields: tuple,
                    why_not: str, problems: list) -> Table | None:
    """The table of an optional sheet; None when the sheet is absent, or (with a warning when
    it holds anything) has no header that fits."""
    name = book.find_sheet(sheet_name)
    if name is None:
        return None
    sheet = book.sheet(name)
    match = find_header(sheet.rows, aliases)
    if match is not None:
        return extract_table(book.path, sheet, match, label_fields=label_fields)
    if any(any(c != "" for c in r) for r in sheet.rows):
        problems.append(cell_problem(book.path, name, None, None, None, "warning",
                                 f"sheet skipped: {why_not}; headers: "
                                 + headers_found(sheet.rows)))
    return None


def read_pledge_sheet(path: Path, fmt: str = "pledge-sheet") -> BriefingPart:
    """A CSV or workbook with one pledge table (the first sheet whose headers fit)."""
    book = open_book(path)
    table = pick_table(book, PLEDGE_ALIASES, None, "pledge")
    pledges, probs, info = build_pledges(table, "pledge-csv" if book.kind == "csv" else fmt)
    info.sheets = tuple(book.sheet_names)
    return BriefingPart(pledges=pledges, sources=[info], problems=list(book.problems) + probs)
