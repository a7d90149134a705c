"""The Kiel Institute Ukraine Support Tracker workbook (sheet 'Bilateral Assistance, MAIN DATA').

How values are taken (checked against the release-7 workbook):

- A package spans several rows sharing one ``ID``. Kiel's package-level figures sit on the
  package's FIRST row only (``Total_value_dummy`` = 1; without that column, the first row of each
  ID): ``Total`` (the package value in the original currency: the source's figure, or Kiel's
  price-based estimate when the source gives none), ``Converted Value in EUR`` and ``Total
  monetary value delivered in EUR``. The other rows repeat ``Monetary Value as Given by Source``
  but are blank in those columns; they describe the package's items.
- ``value_eur_given`` is ``Converted Value in EUR`` (release 7, column S). On a package's first
  row: that figure (NaN when Kiel gives none, e.g. '.'); on its other rows 0, so the package is
  counted once. ``amount``/``currency`` follow the same rule (``Total``, falling back to
  ``Monetary Value as Given by Source``, in ``Original Currency``). Where Kiel has no EUR figure
  for a package although a value in another currency is given (its EUR formula cell is empty),
  the value is NOT counted (amount NaN, kept in ``notes``) with a warning: with ``--currency EUR``
  the pledged value then equals the sum of Kiel's own EUR column over the rows in scope.
- Packages spanning several categories: the value is split over the package's rows in
  proportion to Kiel's own item estimates (``Value committed (own estimate, in USD)``); the part
  no estimate explains is one added line, 'Unspecified within package', in the package's aid
  type, pointing at the package's first row (``package_remainder``). The parts add up exactly to
  the package value, none is negative. The rule and its odd cases: ``io/kiel_packages.py``.
- ``value_usd_given`` is left empty: Kiel's USD columns are item-level price estimates, not
  package totals, so mixing them in would double count. USD figures are converted from the
  package amount at ECB rates.
- Deliveries: one DeliveryTable row per pledge row with delivered units > 0 or a delivered EUR
  value > 0 (``Total monetary value delivered in EUR``, package-level, first row). Its date is
  unknown (NaT, precision UNKNOWN: Kiel gives no delivery date), its ``value_eur_given`` the
  delivered EUR figure on the first row and 0 on the package's other rows (or NaN when Kiel gives
  no delivered value for the package), amount = that EUR figure in EUR.
- Status: ``Type of donation`` (release 18: Commitment -> pledged, Allocation -> allocated;
  other words through ``core.vocabulary.status_of``), otherwise 'pledged'. A value that maps
  nowhere is kept as written and reported once.
- Aid type and category: the app's two-level list (``core.vocabulary``): ``Type of Aid General``
  gives the aid type; ``Type of Aid Specific`` gives the category, and for military rows that say
  only 'Weapons (and equipment)' the item texts (``Sub-type of item``, the item name, ``Type of
  item``) do. Kiel's own words are kept in ``category_source`` ('Weapons and Equipment / Heavy
  weapon / Anti-ship missle system').
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import re

import numpy as np

from ..core.donors import donor_key
from ..core.lookalikes import AS_LATIN
from ..core.model import (ROWS_LISTED, BriefingPart, DeliveryTable, PledgeTable, Problem,
                          SourceInfo)
from ..core.vocabulary import UNSPECIFIED_IN_PACKAGE
from .errors import UnreadableInput
from .kiel_packages import MESSAGES as PACKAGE_MESSAGES, SPLIT_RULE, split_packages
from .sheets import column_letter, open_book
from .tables import (Aliases, Table, cell_problem, duplicate_problems, error_cell_problems,
                     extract_table, find_header, headers_found, named_columns, objects,
                     skipped_problems)
from .template import (CATEGORY_MESSAGE, STATUS_MESSAGE, grouped_problems,
                       harmonised_categories, harmonised_statuses)
from .dates import date_column
from .values import (CURRENCY_CODES, EXCEL_ERRORS, ColumnResult, amount_column, mapped_column,
                     text_column)

SHEET = "Bilateral Assistance, MAIN DATA"

KIEL_ALIASES = Aliases({
    "pledge_id": ("id",),
    "donor": ("countries", "country", "donor"),
    "date": ("announcement date",),
    "aid_type": ("type of aid general",),
    "aid_specific": ("type of aid specific",),
    "explanation": ("explanation",),
    "currency": ("original currency",),
    "value_given": ("monetary value as given by source",),
    "item": ("item", "item name", "items"),
    "item_type": ("type of item",),
    "item_subtype": ("sub-type of item",),
    "units": ("no. of units",),
    "units_delivered": ("no. of units delivered (in-kind military aid)",
                        "no. of units delivered"),
    "unit_price_usd": ("unit price in usd",),
    "usd_committed": ("value committed (own estimate, in usd)",),
    "usd_delivered": ("value delivered (own estimate, in usd)",),
    "total": ("total", "total value", "total (original currency)"),
    "value_eur": ("converted value in eur", "total monetary value committed in eur",
                  "value committed in eur"),
    "delivered_eur": ("total monetary value delivered in eur",),
    "official_source": ("official source",),
    "delivery_source": ("source for delivery", "source of delivery"),
    "donation_type": ("type of donation",),
    "allocated_total": ("allocated total", "allocated total(s)"),
    "allocated_total_eur": ("allocated total in eur",),
    "earmarked_year": ("earmarked year",),
    "first_row": ("total_value_dummy (1 is first row in the package)", "total_value_dummy"),
    "value_source": ("value_source_commitments",),
}, required=("pledge_id", "donor"),
    blank_after={"monetary value as given by source": "item"})

def _usd_per_eur(day) -> float:
    """The ECB's USD per EUR on a day (the latest rate for an unknown day)."""
    from ..core.summary import default_fx
    return float(default_fx().per_eur("USD", np.array([day], dtype="datetime64[D]"))[0][0])


def _with_remainders(cols: dict, remainders: list, new_pos, ids, rows) -> dict:
    """The loaded rows plus one line per split package for the value no item estimate explains
    (a copy of the package's first row in the package's own aid type)."""
    at = np.array([new_pos[h] for h, _eur, _amt in remainders], dtype=np.int64)
    extra = {k: v[at].copy() for k, v in cols.items()}
    m = len(at)
    extra["category"] = objects([UNSPECIFIED_IN_PACKAGE] * m)
    extra["category_source"] = objects([""] * m)
    extra["item"] = objects([UNSPECIFIED_IN_PACKAGE] * m)
    extra["value_eur_given"] = np.array([eur for _h, eur, _a in remainders])
    extra["amount"] = np.array([amt for _h, _e, amt in remainders])
    extra["quantity"] = np.full(m, np.nan)
    extra["delivered_quantity"] = np.full(m, np.nan)
    extra["is_estimate"] = np.zeros(m, dtype=bool)
    extra["package_remainder"] = np.ones(m, dtype=bool)
    extra["notes"] = objects([
        f"[Package {ids[h]}: the part of its value (row {rows[h]}) that none of Kiel's item "
        f"estimates explains]" for h, _e, _a in remainders])
    cols = dict(cols)
    cols["package_remainder"] = np.zeros(len(cols["pledge_id"]), dtype=bool)
    return {k: np.concatenate([cols[k], extra[k]]) for k in cols}


@dataclass
class _Sheet:
    """The located Kiel table and the problems found so far: what every step reads and adds to."""

    path: Path
    name: str
    table: Table
    problems: list[Problem]

    @property
    def rows(self) -> list[int]:
        return self.table.sheet_rows

    def hdr(self, fld: str) -> str | None:
        return self.table.header_of(fld)

    def add(self, i, fld, value, severity, message) -> None:
        self.problems.append(cell_problem(self.path, self.name, self.rows[i] if i is not None else None,
                                      self.hdr(fld) if fld else None, value, severity, message))


@dataclass
class _Values:
    """Each row's package value: what counts, in which currency, with notes saying why."""

    currency: list[str]
    amount: np.ndarray                 # in ``currency``; 0 on a package's later rows
    value_eur: np.ndarray              # Kiel's EUR figure; 0 on a package's later rows
    notes: list[str]
    given: ColumnResult                # 'Monetary Value as Given by Source'
    delivered_eur: ColumnResult
    units: ColumnResult
    units_delivered: ColumnResult


@dataclass
class _Kinds:
    """Each row's aid type, category, item, status and estimate flag on the app's lists."""

    aid: list[str]
    category: list[str]
    label: list[str]                   # Kiel's own words (category_source)
    items: list[str]
    status: list[str]
    estimate: np.ndarray


def read_kiel(path: Path) -> BriefingPart:
    book, sheet, match, k = _locate_table(path)
    _blank_spreadsheet_errors(k)
    k.problems += error_cell_problems(k.table)
    ids = _package_ids(k)
    donor_raw = text_column(k.table.col("donor"), missing_as_blank=True)
    donors = mapped_column(donor_raw, donor_key)
    dates = date_column(k.table.col("date"), default_order="mdy")
    for i, raw, sev, msg in dates.issues:
        k.add(i, "date", raw, sev, msg)
    first, first_row_of, first_basis = _package_heads(k.table, ids)
    values = _package_values(k, ids, first, first_row_of)
    _report_currencies(k, values.currency)
    kinds = _aid_kinds(k)
    reject = _rejected_rows(k, ids, donors, values)
    split = _split_packages(k, ids, reject, values, kinds.category, dates.end)
    pledges, keep, new_pos = _pledge_table(k, ids, donors, donor_raw, dates, values, kinds,
                                           reject, split)
    deliveries = _delivery_table(k, ids, donors, kinds.items, values, first, reject, new_pos)
    info = SourceInfo(str(path), "pledges", "kiel-ust", rows_read=len(k.table),
                      rows_loaded=len(keep), rows_rejected=int(reject.sum()),
                      detail=_detail(k, sheet, match, first_basis),
                      sheets=tuple(book.sheet_names), columns=named_columns(match.headers))
    return BriefingPart(pledges=pledges, deliveries=deliveries, sources=[info],
                        problems=k.problems)


def _locate_table(path: Path):
    """(book, sheet, header match, _Sheet) for the MAIN DATA sheet; unreadable without it."""
    book = open_book(path)
    name = book.find_sheet(SHEET)
    if name is None:
        raise UnreadableInput(path, f"no sheet '{SHEET}' (sheets: {book.sheet_names})")
    sheet = book.sheet(name)
    match = find_header(sheet.rows, KIEL_ALIASES)
    if match is None:
        raise UnreadableInput(path, f"sheet '{name}' has no Kiel header row (needs 'ID' and "
                                    f"'countries'); found headers: {headers_found(sheet.rows)}")
    table = extract_table(path, sheet, match, label_fields=("pledge_id", "donor"))
    problems = list(book.problems) + duplicate_problems(table) + skipped_problems(table)
    return book, sheet, match, _Sheet(path, name, table, problems)


def _blank_spreadsheet_errors(k: _Sheet) -> None:
    """Spreadsheet errors anywhere in the data (#NAME?, #REF!, ...): reported, never a value."""
    table = k.table
    for j, col in enumerate(table.raw_columns):
        col = table.raw_columns[j] = list(col)
        for f, fj in table.header.fields.items():
            if fj == j:
                table.columns[f] = col
        errs = set(v for v in set(c for c in col if type(c) is str and c[:1] == "#")
                   if v.strip().casefold() in EXCEL_ERRORS)
        if errs:
            for i, v in enumerate(col):
                if v in errs:
                    k.problems.append(cell_problem(k.path, k.name, k.rows[i], table.headers[j], v,
                                               "warning", "the cell holds a spreadsheet error "
                                               "(its formula failed in Excel); treated as empty"))
                    col[i] = ""


def _package_ids(k: _Sheet) -> list[str]:
    """IDs with Cyrillic look-alike letters read as Latin (with a warning)."""
    ids = []
    for i, t in enumerate(text_column(k.table.col("pledge_id"), missing_as_blank=True)):
        fixed = t.translate(AS_LATIN)
        if fixed != t:
            k.add(i, "pledge_id", t, "warning", f"the ID contains Cyrillic letters that look "
                                                f"Latin; read as '{fixed}'")
        ids.append(fixed)
    return ids


def _package_heads(table: Table, ids: list[str]):
    """(first, first row of each ID, how first rows were found): which row of each package
    carries its figures."""
    n = len(table)
    if table.has("first_row"):
        first = amount_column(table.col("first_row")).values == 1
        basis = f"'{table.header_of('first_row')}' = 1"
    else:
        first = np.zeros(n, dtype=bool)
        basis = "the first row of each ID"
    first_row_of: dict[str, int] = {}
    for i, pid in enumerate(ids):
        if pid and pid not in first_row_of:
            first_row_of[pid] = i
    # IDs with no flagged row (or no flag column): their first row carries the figures.
    flagged = {ids[i] for i in np.flatnonzero(first)}
    for pid, i in first_row_of.items():
        if pid not in flagged:
            first[i] = True
    return first, first_row_of, basis


def _package_values(k: _Sheet, ids: list[str], first: np.ndarray, first_row_of: dict
                    ) -> _Values:
    """Each row's value, counted once per package on its first row (see the module notes)."""
    col = k.table.col
    currency = [c.upper() for c in text_column(col("currency"), missing_as_blank=True)]
    eur = amount_column(col("value_eur"))
    total = amount_column(col("total"))
    given = amount_column(col("value_given"))
    delivered_eur = amount_column(col("delivered_eur"))
    units = amount_column(col("units"))
    units_deliv = amount_column(col("units_delivered"))
    for res, fld in ((eur, "value_eur"), (total, "total"), (given, "value_given"),
                     (delivered_eur, "delivered_eur"), (units, "units"),
                     (units_deliv, "units_delivered")):
        for i, raw, status in res.issues:
            if status == "invalid":
                k.add(i, fld, raw, "warning", "not a number this app understands; no value")
            elif status == "missing" and fld == "value_eur" and first[i]:
                k.add(i, fld, raw, "info", "Kiel gives no value for this package")

    amount = np.where(np.isfinite(total.values), total.values, given.values)
    for i, cur in given.currencies.items():
        if not currency[i]:
            currency[i] = cur
    value_eur = eur.values.copy()
    notes = text_column(col("explanation"), True)
    # Continuation rows: the package is counted on its first row.
    for i in np.flatnonzero(~first):
        if np.isfinite(value_eur[i]) and value_eur[i] != 0:
            continue    # a value on a later row (not in release 7): use it as given
        pid = ids[i]
        head = first_row_of.get(pid)
        value_eur[i] = 0.0
        amount[i] = 0.0
        if head is not None and head != i:
            notes[i] = f"[Package {pid}: its value is counted on row {k.rows[head]}] {notes[i]}"
    # First rows with a value in some currency but no EUR figure: not counted (as in Kiel).
    for i in np.flatnonzero(first & ~np.isfinite(value_eur) & np.isfinite(amount)):
        k.add(i, "value_eur", None, "warning",
              f"Kiel gives {amount[i]:,.0f} {currency[i] or '(no currency)'} for this package "
              f"but no EUR value; it is not counted (as in Kiel's own totals)")
        notes[i] = f"[Value given: {amount[i]:,.2f} {currency[i]}; no EUR value in Kiel] {notes[i]}"
        amount[i] = np.nan
    # EUR-valued first rows with no original amount: the EUR figure is the amount.
    fill = np.isfinite(value_eur) & ~np.isfinite(amount)
    amount[fill] = value_eur[fill]
    for i in np.flatnonzero(fill):
        currency[i] = "EUR"
    return _Values(currency, amount, value_eur, notes, given, delivered_eur, units, units_deliv)


def _report_currencies(k: _Sheet, currency: list[str]) -> None:
    """Unknown currency codes (once each) and one line listing the currencies found."""
    cur_counts: dict[str, int] = {}
    for c in currency:
        cur_counts[c] = cur_counts.get(c, 0) + 1
    for c in cur_counts:
        if c and c not in CURRENCY_CODES:
            k.add(currency.index(c), "currency", c, "warning", "unknown currency code")
    if cur_counts:
        listing = ", ".join(f"{c or repr('.')}: {n}" for c, n in
                            sorted(cur_counts.items(), key=lambda x: -x[1]))
        k.problems.append(cell_problem(k.path, k.name, None, k.hdr("currency"), None, "info",
                                   f"{len([c for c in cur_counts if c])} currencies ({listing}); "
                                   f"'.' or blank means Kiel gives no currency"))


def _aid_kinds(k: _Sheet) -> _Kinds:
    """Aid type and category on the app's list, from 'Type of Aid General', the item texts and
    'Type of Aid Specific' (Kiel's own words stay in category_source); the status from 'Type
    of donation' (release 18: Commitment, Allocation), else pledged."""
    col, n = k.table.col, len(k.table)
    specific = text_column(col("aid_specific"), True)
    item = text_column(col("item"), True)
    item_type = text_column(col("item_type"), True)
    subtype = text_column(col("item_subtype"), True)
    label = [" / ".join(t for t in (specific[i], item_type[i], subtype[i]) if t)
             for i in range(n)]
    aid, category, unknown_cat = harmonised_categories(
        text_column(col("aid_type"), True), specific, subtype, item, item_type)
    k.problems += grouped_problems(k.path, k.name, k.hdr("aid_specific"), unknown_cat, k.rows,
                                   "info", CATEGORY_MESSAGE)
    items = [item[i] or subtype[i] or item_type[i] for i in range(n)]
    status, unknown_status = harmonised_statuses(text_column(col("donation_type"), True))
    k.problems += grouped_problems(k.path, k.name, k.hdr("donation_type"), unknown_status,
                                   k.rows, "warning", STATUS_MESSAGE)
    estimate = np.array([v == "Value is calculated with prices" for v in col("value_source")],
                        dtype=bool) if n else np.zeros(0, bool)
    return _Kinds(aid, category, label, items, status, estimate)


def _rejected_rows(k: _Sheet, ids: list[str], donors: list, values: _Values) -> np.ndarray:
    """Rows with no donor and no value at all (rejected); a kept row without an ID becomes its
    own package ('sheet!row')."""
    n = len(k.table)
    no_donor = np.array([not d for d in donors], dtype=bool) if n else np.zeros(0, bool)
    has_value = (np.isfinite(values.value_eur) | np.isfinite(values.amount)
                 | np.isfinite(values.given.values))
    reject = no_donor & ~has_value
    for i in np.flatnonzero(reject):
        k.add(i, "donor", None, "error", "row rejected: no donor and no value")
    for i in np.flatnonzero(no_donor & ~reject):
        k.add(i, "donor", None, "warning", "no donor given; loaded with a blank donor")
    for i in np.flatnonzero(~reject):
        if not ids[i]:
            ids[i] = f"{k.name}!{k.rows[i]}"
            k.add(i, "pledge_id", None, "warning", "no ID; the row is its own package")
    return reject


def _split_packages(k: _Sheet, ids: list[str], reject: np.ndarray, values: _Values,
                    category: list[str], days: np.ndarray):
    """Package values split over their rows by Kiel's item estimates (see kiel_packages); the
    odd packages reported, the notes of split ones saying so."""
    est = amount_column(k.table.col("usd_committed"))
    split = split_packages(ids, ~reject, values.value_eur, values.amount, values.currency,
                           category, est.values,
                           {i for i, _raw, st in est.issues if st == "invalid"}, days,
                           usd_rate=_usd_per_eur)
    rows = k.rows
    for kind, packages in split.oddities.items():
        column = k.hdr("usd_committed") if kind in ("negative", "text", "over",
                                                    "no_estimates") else k.hdr("pledge_id")
        for pkg in packages:
            k.problems.append(Problem(str(k.path), k.name, rows[pkg[0]], column, ids[pkg[0]],
                                      "warning" if kind != "no_estimates" else "info",
                                      PACKAGE_MESSAGES[kind], len(pkg),
                                      tuple(rows[i] for i in pkg[:ROWS_LISTED])))
    notes = values.notes
    for head in split.heads:
        pid = ids[head]
        for i in np.flatnonzero(np.asarray(ids, dtype=object) == pid):
            notes[i] = re.sub(r"^\[Package [^\]]*\] ", "", notes[i])
            notes[i] = (f"[Package {pid}: its value (row {rows[head]}) is split over its rows "
                        f"by Kiel's item estimates] {notes[i]}")
    return split


def _pledge_table(k: _Sheet, ids, donors, donor_raw, dates, values: _Values, kinds: _Kinds,
                  reject: np.ndarray, split):
    """(PledgeTable of the kept rows plus the package remainders, kept row positions, each
    row's position in the table or -1)."""
    n, rows, path = len(k.table), k.rows, k.path
    cols = {
        "pledge_id": objects(ids), "donor": objects(donors), "donor_raw": objects(donor_raw),
        "date": dates.end, "date_start": dates.start, "date_precision": dates.precision,
        "date_text": dates.text, "aid_type": objects(kinds.aid), "category": objects(kinds.category),
        "category_source": objects(kinds.label), "item": objects(kinds.items),
        "quantity": values.units.values, "unit": objects([""] * n),
        "amount": values.amount, "currency": objects(values.currency),
        "value_eur_given": values.value_eur,
        "value_usd_given": np.full(n, np.nan), "is_estimate": kinds.estimate,
        "status": objects(kinds.status), "delivered_quantity": values.units_delivered.values,
        "coalition": objects([""] * n), "occasion": objects([""] * n),
        "source": objects(text_column(k.table.col("official_source"), True)),
        "notes": objects(values.notes), "source_file": objects([str(path)] * n),
        "source_sheet": objects([k.name] * n), "source_row": np.asarray(rows, dtype=np.int64),
    }
    keep = np.flatnonzero(~reject)
    cols = {key: v[keep] for key, v in cols.items()}
    new_pos = np.full(n, -1, dtype=np.int64)
    new_pos[keep] = np.arange(len(keep))
    if split.remainders:
        cols = _with_remainders(cols, split.remainders, new_pos, ids, rows)
    return PledgeTable(cols, n=len(cols["pledge_id"])), keep, new_pos


def _delivery_table(k: _Sheet, ids, donors, items, values: _Values, first: np.ndarray,
                    reject: np.ndarray, new_pos: np.ndarray) -> DeliveryTable:
    """Deliveries, linked to the kept pledge rows by position (Kiel gives no delivery date)."""
    dv = values.delivered_eur.values
    units_deliv = values.units_delivered.values
    rows, path, name = k.rows, k.path, k.name
    package_has_delivered = {ids[i]: np.isfinite(dv[i]) for i in np.flatnonzero(first)}
    d_rows = np.flatnonzero(~reject & ((np.nan_to_num(dv) > 0)
                                       | (np.nan_to_num(units_deliv) > 0)))
    d_eur = np.full(len(d_rows), np.nan)
    for j, i in enumerate(d_rows):
        if np.isfinite(dv[i]):
            d_eur[j] = dv[i]
        elif not first[i] and package_has_delivered.get(ids[i], False):
            d_eur[j] = 0.0
    delivery_src = text_column(k.table.col("delivery_source"), True)
    m = len(d_rows)
    return DeliveryTable({
        "delivery_id": objects([f"{ids[i]}/d{rows[i]}" for i in d_rows]),
        "pledge_id": objects([ids[i] for i in d_rows]),
        "pledge_index": new_pos[d_rows],
        "donor": objects([donors[i] for i in d_rows]),
        "date_precision": np.full(m, 5, dtype=np.uint8),
        "item": objects([items[i] for i in d_rows]),
        "quantity": units_deliv[d_rows],
        "amount": d_eur.copy(), "currency": objects(["EUR"] * m),
        "value_eur_given": d_eur,
        "source": objects([delivery_src[i] for i in d_rows]),
        "notes": objects(["Kiel gives no delivery date"] * m),
        "source_file": objects([str(path)] * m), "source_sheet": objects([name] * m),
        "source_row": np.asarray([rows[i] for i in d_rows], dtype=np.int64),
    }, n=m)


def _detail(k: _Sheet, sheet, match, first_basis: str) -> str:
    """The source line: where the table is and which columns give which figure."""
    hdr = k.hdr
    eur_col = k.table.header.fields.get("value_eur")
    return (f"sheet '{k.name}', header row {sheet.first_row + match.row + 1}, "
            f"{len(match.headers)} columns; value_eur_given = "
            + (f"'{hdr('value_eur')}' (column {column_letter(eur_col)})"
               if eur_col is not None else "(no EUR column found)")
            + f", taken on each package's first row ({first_basis}), 0 on its other rows; "
              f"amount = '{hdr('total') or hdr('value_given')}' in 'Original Currency' on the "
              f"same rows; deliveries from "
              f"'{hdr('delivered_eur') or '-'}' and '{hdr('units_delivered') or '-'}', "
              f"no delivery dates. " + SPLIT_RULE)
