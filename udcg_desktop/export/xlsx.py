"""The Excel summary: figures, breakdowns, the pledge rows, events, sources and native charts.

Written with xlsxwriter (fast, and it stores the charts' cached values, which LibreOffice needs to
show a chart without recalculating). Text is never taken as a formula or a link: the workbook is
opened with ``strings_to_formulas``/``strings_to_urls`` off, every text cell is written with
``write_string``, and input text that starts with = + - @ gets the cell's quote prefix (what
Excel itself sets when you type ``'=...``), so editing the cell keeps it text.
Every figure comes from the ``Summary`` passed in.
"""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np

from ..core.arrays import text_codes
from ..core.describe import NOT_GIVEN
from ..core.summary import DIMENSIONS, Summary
from . import content
from .key_events import event_rows
from .sources import sources_text
from .registry import exporter
from .safe import is_formula_like

SHEETS = ("Summary", "By donor", "By category", "By coalition", "By month", "Pledges",
          "Deliveries", "Events", "Sources")
BREAKDOWNS = (("By donor", "by_donor", "Donor"), ("By category", "by_category", "Category"),
              ("By coalition", "by_coalition", "Coalition"), ("By status", "by_status", "Status"))
_EPOCH = np.datetime64("1899-12-30", "D")

# (header, column, kind) for the pledge table; kind: text | date | number | money | bool | int
PLEDGE_COLUMNS = (
    ("Pledge ID", "pledge_id", "text"), ("Date", "date", "date"),
    ("Date as given", "date_text", "text"), ("Donor", "donor", "text"),
    ("Aid type", "aid_type", "text"), ("Category", "category", "text"),
    ("Category as given", "category_source", "text"), ("Item", "item", "text"), ("Quantity", "quantity", "number"), ("Unit", "unit", "text"),
    ("Amount", "amount", "money"), ("Currency", "currency", "text"),
    ("VALUE", None, "money"), ("Estimate", "is_estimate", "bool"),
    ("Status", "status", "text"), ("Coalition", "coalition", "text"),
    ("Occasion", "occasion", "text"), ("Source", "source", "text"), ("Notes", "notes", "text"),
    ("Source file", "source_file", "text"), ("Source sheet", "source_sheet", "text"),
    ("Source row", "source_row", "int"),
)
DELIVERY_COLUMNS = (
    ("Delivery ID", "delivery_id", "text"), ("Pledge ID", "pledge_id", "text"),
    ("Date", "effective_date", "date"), ("Date as given", "date_text", "text"),
    ("Donor", "donor", "text"), ("Item", "item", "text"), ("Quantity", "quantity", "number"),
    ("Amount", "amount", "money"), ("Currency", "currency", "text"), ("VALUE", None, "money"),
    ("Destination", "destination", "text"), ("Source", "source", "text"),
    ("Notes", "notes", "text"), ("Source file", "source_file", "text"),
    ("Source sheet", "source_sheet", "text"), ("Source row", "source_row", "int"),
)


def excel_serial(days: np.ndarray) -> np.ndarray:
    """Excel day numbers (1900 date system) for datetime64[D]; NaN for NaT."""
    days = np.asarray(days, dtype="datetime64[D]")
    out = (days - _EPOCH).astype(np.int64).astype(np.float64)
    out[np.isnat(days)] = np.nan
    return out


class _Formats:
    def __init__(self, wb):
        f = wb.add_format
        self.title = f({"bold": True, "font_size": 18, "font_color": "#1f3864"})
        self.marking = f({"bold": True, "font_color": "#8b0000"})
        self.subtitle = f({"italic": True, "font_color": "#555555"})
        self.label = f({"bold": True, "valign": "top"})
        self.wrap = f({"text_wrap": True, "valign": "top"})
        self.header = f({"bold": True, "bg_color": "#1f3864", "font_color": "#ffffff",
                         "border": 1, "text_wrap": True, "valign": "vcenter"})
        self.section = f({"bold": True, "font_size": 13, "font_color": "#1f3864"})
        self.money = f({"num_format": "#,##0"})
        self.number = f({"num_format": "#,##0.##"})
        self.int = f({"num_format": "0"})
        self.count = f({"num_format": "#,##0"})
        self.share = f({"num_format": "0.0%"})
        self.date = f({"num_format": "yyyy-mm-dd"})
        self.month = f({"num_format": "mmm yyyy"})
        self.km2 = f({"num_format": '#,##0.0 "km²"'})
        self.quoted = f({"quote_prefix": True})
        self.indent = f({"indent": 2, "font_color": "#555555"})
        self.total = f({"bold": True, "top": 1})
        self.total_money = f({"bold": True, "top": 1, "num_format": "#,##0"})
        self.total_count = f({"bold": True, "top": 1, "num_format": "#,##0"})
        self.total_share = f({"bold": True, "top": 1, "num_format": "0.0%"})


def _text(ws, row, col, value, fmt, quoted):
    """A text cell that can never become a formula."""
    s = "" if value is None else str(value)
    if is_formula_like(s):
        ws.write_string(row, col, s, quoted)
    elif fmt is None:
        ws.write_string(row, col, s)
    else:
        ws.write_string(row, col, s, fmt)


@exporter("xlsx", "Excel summary (.xlsx)", order=10)
def export_xlsx(summary: Summary, path, ctx) -> None:
    write_xlsx(summary, path, info=ctx.info, changes=ctx.changes)


def write_xlsx(summary: Summary, path: str | Path, progress=None,
               info: content.PackInfo | None = None, changes=None) -> None:
    """Write the workbook to ``path`` (callers pass a temp path; see ``core.atomic``).
    ``info``: title, subtitle, marking (in every sheet's printed header and footer, and on the
    Summary sheet) and author; ``changes``: the changes since the last release (a "Changes"
    sheet)."""
    import xlsxwriter
    s = summary
    from ..core.atomic import scratch_dir
    wb = xlsxwriter.Workbook(str(path), {"strings_to_urls": False, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "nan_inf_to_errors": True,
                                         "tmpdir": str(scratch_dir())})
    info = info or content.PackInfo()
    mark = content.marking(info)
    wb.set_properties({"title": f"{content.title(s, info)}: {content.period_text(s)}",
                       "author": info.author,
                       "subject": "UDCG briefing summary", "comments":
                       "Generated by udcg-desktop; every figure traces to the Pledges and "
                       "Sources sheets."})
    fm = _Formats(wb)
    ws_sum = wb.add_worksheet("Summary")
    sheets = {}
    for sheet, name, label in BREAKDOWNS:
        sheets[name] = _breakdown_sheet(wb, fm, s, sheet, name, label)
    month_info = _month_sheet(wb, fm, s)
    _rows_sheet(wb, fm, s, "Pledges", PLEDGE_COLUMNS, s.briefing.pledges, s.pledge_rows,
                s.pledge_values)
    if progress:
        progress("xlsx: pledge rows written")
    _rows_sheet(wb, fm, s, "Deliveries", DELIVERY_COLUMNS, s.briefing.deliveries,
                s.delivery_rows, s.delivery_values)
    _events_sheet(wb, fm, s)
    _sources_sheet(wb, fm, s)
    if changes is not None:
        from .changes import write_sheet
        write_sheet(wb, fm, changes, _text)
    _summary_sheet(wb, ws_sum, fm, s, sheets, month_info, info)
    for ws in wb.worksheets():
        ws.set_paper(9)              # A4
        ws.set_landscape()
        ws.fit_to_pages(1, 0)        # one page wide, as many tall as needed
        ws.set_margins(0.4, 0.4, 0.5, 0.5)
        # "&&" is a literal ampersand in a header or footer
        ampmark = mark.replace("&", "&&")
        ws.set_footer(f"&L&A&C&B{ampmark}&R&P / &N" if mark else "&L&A&R&P / &N")
        if mark:
            ws.set_header(f"&C&B{ampmark}")
        if ws.name != "Summary":
            ws.repeat_rows(0)
    ws_sum.activate()
    wb.close()


def _summary_sheet(wb, ws, fm, s, sheets, month_info, info=None):
    cur = s.currency
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 26)
    ws.hide_gridlines(2)
    info = info or content.PackInfo()
    ws.write_string(0, 0, content.title(s, info), fm.title)
    ws.write_string(1, 0, f"{content.subtitle(s, info)}. {info.prepared_line()}; generated by "
                          f"udcg-desktop", fm.subtitle)
    if content.marking(info):
        ws.write_string(2, 0, content.marking(info), fm.marking)
    rows = [("Coverage", note) for note in s.stale_notes]
    rows += [("As of", content.as_of_text(s)), ("Period", content.period_text(s)),
            ("Area of interest", content.area_sentence(s)),
            *content.front_rows(s),
            ("Filters", s.filters.describe()), ("Currency", cur),
            ("Rate basis", s.fx.describe())]
    r = 3
    for label, value in rows:
        ws.write_string(r, 0, label, fm.label)
        _text(ws, r, 1, value, fm.wrap, fm.quoted)
        r += 1
    ws.set_row(r - 1, 15 * max(1, min(15, len(s.fx.describe()) // 62 + 1)))
    ws.merge_range(r - 1, 1, r - 1, 2, "", fm.wrap)
    _text(ws, r - 1, 1, s.fx.describe(), fm.wrap, fm.quoted)
    r += 1
    ws.write_string(r, 0, "Key figures", fm.section)
    r += 1
    ws.write_string(r, 0, "Figure", fm.header)
    ws.write_string(r, 1, "Value", fm.header)
    ws.write_string(r, 2, "Reads", fm.header)
    r += 1
    for fig in content.key_figures(s):
        ws.write_string(r, 0, fig.label)
        fmt = {"money": fm.money, "share": fm.share, "km2": fm.km2}.get(fig.kind, fm.count)
        if fig.value is None:
            ws.write_string(r, 1, "not given" if fig.kind in ("money", "share") else "n/a")
        else:
            ws.write_number(r, 1, float(fig.value), fmt)
        ws.write_string(r, 2, fig.text, fm.indent)
        r += 1
    r += 1
    ws.write_string(r, 0, "Sources", fm.section)
    r += 1
    for line in sources_text(s):
        _text(ws, r, 0, line, None, fm.quoted)
        r += 1
    ws.write_string(r, 0, "Every figure traces to its rows: see the Pledges sheet (source file, "
                          "sheet and row of each line) and the Sources sheet.", fm.subtitle)

    # Native charts, referencing the breakdown sheets (cached values are written too).
    donor_sheet, n_donor = sheets["by_donor"]
    cat_sheet, n_cat = sheets["by_category"]
    value_fmt = '#,##0,,"m"'
    # Charts below the figures, each starting a printed page.
    anchor = r + 2
    breaks = []
    for title, sheet, n in ((f"Value pledged by donor ({cur} m)", donor_sheet, n_donor),
                            (f"Value pledged by category ({cur} m)", cat_sheet, n_cat)):
        n_show = min(n, content.TOP_DONORS)
        if n_show:
            ch = wb.add_chart({"type": "bar"})
            for col, name, colour in ((2, "Pledged", "#1F5FA8"), (3, "Delivered", "#E08A00")):
                ch.add_series({"name": [sheet, 0, col], "categories": [sheet, 1, 0, n_show, 0],
                               "values": [sheet, 1, col, n_show, col],
                               "fill": {"color": colour}, "border": {"none": True},
                               "gap": 60})
            ch.set_title({"name": title, "name_font": {"size": 13}})
            ch.set_y_axis({"reverse": True, "num_font": {"size": 9}, "crossing": "max"})
            ch.set_x_axis({"num_format": value_fmt, "major_gridlines": {"visible": True,
                           "line": {"color": "#D9D9D9"}}, "min": 0})
            ch.set_legend({"position": "top"})
            height = 60 + 26 * n_show + 80
            ch.set_size({"width": 780, "height": height})
            breaks.append(anchor)
            ws.insert_chart(anchor, 0, ch, {"x_offset": 4, "y_offset": 4})
            anchor += int(height / 20) + 2
    month_sheet, first, last = month_info
    if last >= first:
        ch = wb.add_chart({"type": "line"})
        for col, name, colour in ((5, "Pledged", "#1F5FA8"), (6, "Delivered", "#E08A00")):
            ch.add_series({"name": [month_sheet, 0, col],
                           "categories": [month_sheet, first, 1, last, 1],
                           "values": [month_sheet, first, col, last, col],
                           "line": {"color": colour, "width": 2.5},
                           "marker": {"type": "circle", "size": 5,
                                      "fill": {"color": colour}, "border": {"color": colour}}})
        ch.set_title({"name": f"Cumulative value pledged and delivered ({cur} m)",
                      "name_font": {"size": 13}})
        ch.set_x_axis({"date_axis": True, "num_format": "mmm yyyy", "major_unit": 1,
                       "major_unit_type": "months", "num_font": {"rotation": -30}})
        ch.set_y_axis({"num_format": value_fmt, "min": 0,
                       "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        ch.set_legend({"position": "top"})
        ch.set_size({"width": 780, "height": 400})
        breaks.append(anchor)
        ws.insert_chart(anchor, 0, ch, {"x_offset": 4, "y_offset": 4})
    ws.set_h_pagebreaks(breaks)


def _money_or_not_given(ws, r, c, value, given, fmt):
    """A money cell, or the words when no source gives the value (never a 0)."""
    if given:
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, NOT_GIVEN)


def _breakdown_sheet(wb, fm, s, sheet, name, label):
    ws = wb.add_worksheet(sheet)
    cur = s.currency
    headers = (label, "Pledge lines", f"Pledged ({cur})", f"Delivered ({cur})",
               "Share delivered", "Lines without a value")
    ws.write_row(0, 0, headers, fm.header)
    ws.set_row(0, 30)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 3, 18)
    ws.set_column(4, 5, 14)
    groups = content.groups(s, name)
    for r, g in enumerate(groups, start=1):
        _text(ws, r, 0, content.label(g.key), None, fm.quoted)
        ws.write_number(r, 1, g.count, fm.count)
        _money_or_not_given(ws, r, 2, g.value_pledged, g.pledged_given, fm.money)
        _money_or_not_given(ws, r, 3, g.value_delivered, g.delivered_given, fm.money)
        if g.share_delivered is None:
            ws.write_blank(r, 4, None)
        else:
            ws.write_number(r, 4, g.share_delivered, fm.share)
        ws.write_number(r, 5, g.unvalued, fm.count)
    r = len(groups) + 1
    ws.write_string(r, 0, "Total", fm.total)
    ws.write_number(r, 1, s.pledge_count, fm.total_count)
    _money_or_not_given(ws, r, 2, s.value_pledged, s.pledged_given, fm.total_money)
    _money_or_not_given(ws, r, 3, s.value_delivered, s.delivered_given, fm.total_money)
    if s.share_delivered is None:
        ws.write_blank(r, 4, None, fm.total)
    else:
        ws.write_number(r, 4, s.share_delivered, fm.total_share)
    ws.write_number(r, 5, s.unvalued, fm.total_count)
    ws.write_string(r + 2, 0, f"{content.period_text(s)}. {s.fx.describe()}", fm.subtitle)
    ws.freeze_panes(1, 1)
    if groups:
        ws.autofilter(0, 0, len(groups), len(headers) - 1)
    # Charts plot the leading groups that have a value (a value not given is no bar).
    return sheet, sum(1 for _ in itertools.takewhile(lambda g: g.pledged_given, groups))


def _month_sheet(wb, fm, s):
    ws = wb.add_worksheet("By month")
    cur = s.currency
    headers = ("Month", "Month end", "Pledge lines", f"Pledged in month ({cur})",
               f"Delivered in month ({cur})", f"Cumulative pledged ({cur})",
               f"Cumulative delivered ({cur})")
    ws.write_row(0, 0, headers, fm.header)
    ws.set_row(0, 30)
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 6, 20)
    by_key = {g.key: g for g in s.groups["by_month"]}
    points = content.cumulative(s)
    for r, p in enumerate(points, start=1):
        ws.write_string(r, 0, p.month)
        ws.write_number(r, 1, (p.day - dt.date(1899, 12, 30)).days, fm.date)
        g = by_key.get(p.month)
        ws.write_number(r, 2, g.count if g else 0, fm.count)
        _money_or_not_given(ws, r, 3, p.pledged_in_month, g is None or g.pledged_given,
                            fm.money)
        _money_or_not_given(ws, r, 4, p.delivered_in_month, g is None or g.delivered_given,
                            fm.money)
        ws.write_number(r, 5, p.pledged, fm.money)
        ws.write_number(r, 6, p.delivered, fm.money)
    r = len(points) + 1
    # Below the chart's rows: what counts in the totals but has no place on the time axis.
    late = [(g.key, g, f"after the pledge data ends ({content.pledge_data_end(s)}): not on "
                       "the time axis") for g in content.after_axis(s)]
    und = content.undated(s)
    for key, g, why in late + ([("undated", und, "not on the time axis")] if und else []):
        ws.write_string(r, 0, key)
        ws.write_number(r, 2, g.count, fm.count)
        _money_or_not_given(ws, r, 3, g.value_pledged, g.pledged_given, fm.money)
        _money_or_not_given(ws, r, 4, g.value_delivered, g.delivered_given, fm.money)
        ws.write_string(r, 5, why, fm.subtitle)
        r += 1
    ws.write_string(r, 0, "Total", fm.total)
    ws.write_blank(r, 1, None, fm.total)
    ws.write_number(r, 2, s.pledge_count, fm.total_count)
    _money_or_not_given(ws, r, 3, s.value_pledged, s.pledged_given, fm.total_money)
    _money_or_not_given(ws, r, 4, s.value_delivered, s.delivered_given, fm.total_money)
    ws.freeze_panes(1, 1)
    return "By month", 1, len(points)


def _column_values(kind, arr):
    if kind == "date":
        return excel_serial(arr).tolist()
    if kind in ("number", "money"):
        return np.asarray(arr, dtype=np.float64).tolist()
    if kind == "int":
        return np.asarray(arr).tolist()
    if kind == "bool":
        return ["yes" if v else "" for v in np.asarray(arr, dtype=bool).tolist()]
    return ["" if v is None else (v if isinstance(v, str) else str(v)) for v in arr.tolist()]


def _rows_sheet(wb, fm, s, sheet, columns, table, rows, values):
    ws = wb.add_worksheet(sheet)
    cur = s.currency
    headers = [f"Value ({cur})" if h == "VALUE" else h for h, _, _ in columns]
    ws.write_row(0, 0, headers, fm.header)
    ws.set_row(0, 30)
    cols = []
    widths = []
    for (h, name, kind) in columns:
        data = values if name is None else table[name][rows]
        vals = _column_values(kind, data)
        cols.append((kind, vals))
        if kind == "text" or kind == "bool":
            sample = vals[:200]
            w = max([len(h)] + [len(v) for v in sample]) + 2
            widths.append(min(max(w, 8), 50))
        elif kind == "date":
            widths.append(11)
        else:
            widths.append(max(len(h) + 2, 14))
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    fmt_of = {"date": fm.date, "number": fm.number, "money": fm.money, "int": fm.int}
    quoted = fm.quoted
    prefixes = ("=", "+", "-", "@", "\t", "\r")
    n = len(rows)
    # Column by column: fewer Python-level lookups per cell than row by row.
    for c, (kind, vals) in enumerate(cols):
        write_string = ws.write_string
        write_number = ws.write_number
        if kind in ("text", "bool"):
            for i, v in enumerate(vals, 1):
                if v:
                    if v.startswith(prefixes):
                        write_string(i, c, v, quoted)
                    else:
                        write_string(i, c, v)
        else:
            f = fmt_of[kind]
            for i, v in enumerate(vals, 1):
                if v == v and v is not None:        # NaN / unknown: left blank
                    write_number(i, c, v, f)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(n, 1), len(columns) - 1)


def _events_sheet(wb, fm, s):
    ws = wb.add_worksheet("Events")
    headers = ("Date", "Date as given", "Type", "Place", "Description", "Source",
               "Illustrative", "Event ID", "Source file", "Source sheet", "Source row")
    ws.write_row(0, 0, headers, fm.header)
    ws.set_row(0, 30)
    for c, w in enumerate((11, 14, 14, 20, 70, 40, 11, 12, 30, 14, 10)):
        ws.set_column(c, c, w, fm.wrap if c in (4, 5) else None)
    rows = event_rows(s)
    for r, e in enumerate(rows, start=1):
        if e["date"]:
            ws.write_number(r, 0, (np.datetime64(e["date"], "D") - _EPOCH).astype(int), fm.date)
        for c, key in ((1, "date_text"), (2, "type"), (3, "place"), (4, "description"),
                       (5, "source"), (7, "event_id"), (8, "source_file"), (9, "source_sheet")):
            _text(ws, r, c, e[key], fm.wrap if c in (4, 5) else None, fm.quoted)
        ws.write_string(r, 6, "yes" if e["illustrative"] else "")
        if e["source_row"] >= 0:
            ws.write_number(r, 10, e["source_row"], fm.int)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)


def _compress(rows: list[int]) -> str:
    """2, 3, 4, 7 -> "2-4, 7"."""
    parts = []
    rows = sorted(rows)
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        parts.append(str(rows[i]) if i == j else f"{rows[i]}-{rows[j]}")
        i = j + 1
    return ", ".join(parts)


def source_map(s: Summary, dims=("by_donor", "by_category", "by_coalition", "by_status",
                                 "by_month")):
    """[(dimension, key, source file, source sheet, [rows])] for every aggregate of ``s``.

    The same rows as ``s.source_rows(dimension, key)``, grouped in one pass per dimension."""
    p = s.briefing.pledges
    idx = s.pledge_rows
    out = []
    files, file_codes = text_codes(p["source_file"][idx])
    sheets, sheet_codes = text_codes(p["source_sheet"][idx])
    srows = p["source_row"][idx]
    loc_codes = file_codes.astype(np.int64) * len(sheets) + sheet_codes
    n_locs = len(files) * len(sheets)
    for dim in dims:
        column = DIMENSIONS[dim]
        if column == "_month":
            from ..core.dates import month_labels
            keys, key_codes = text_codes(month_labels(p["date"][idx]))
        else:
            keys, key_codes = text_codes(p[column][idx])
        wanted = {g.key for g in s.groups[dim] if g.count or g.value_pledged}
        if not len(idx):
            continue
        combo = key_codes.astype(np.int64) * n_locs + loc_codes
        uniq, inv = np.unique(combo, return_inverse=True)
        order = np.argsort(inv, kind="stable")
        bounds = np.searchsorted(inv[order], np.arange(len(uniq) + 1))
        for u in range(len(uniq)):
            k, loc = divmod(int(uniq[u]), n_locs)
            key = keys[k]
            if key not in wanted:
                continue
            f, sh = files[loc // len(sheets)], sheets[loc % len(sheets)]
            sel = order[bounds[u]:bounds[u + 1]]
            out.append((dim, key, f, sh, srows[sel].tolist()))
    return out


def _sources_sheet(wb, fm, s):
    ws = wb.add_worksheet("Sources")
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 3, 14)
    ws.set_column(4, 4, 10)
    ws.set_column(5, 5, 60)
    ws.write_string(0, 0, "Inputs", fm.section)
    ws.write_row(1, 0, ("Kind", "Format", "File", "Rows read", "Loaded", "Rejected",
                        "How values were taken"), fm.header)
    ws.set_column(6, 6, 100)
    r = 2
    for src in s.sources:
        _text(ws, r, 6, src.get("detail", ""), None, fm.quoted)
        _text(ws, r, 0, src["kind"], None, fm.quoted)
        _text(ws, r, 1, src["format"], None, fm.quoted)
        _text(ws, r, 2, src["path"], None, fm.quoted)
        ws.write_number(r, 3, src["rows_read"])
        ws.write_number(r, 4, src["rows_loaded"])
        ws.write_number(r, 5, src["rows_rejected"])
        r += 1
    ar = s.areas
    if ar.get("snapshot_file"):
        _text(ws, r, 0, "areas", None, fm.quoted)
        _text(ws, r, 2, f"{ar['snapshot_file']} (snapshot {ar['snapshot_time']})", None,
              fm.quoted)
        r += 1
    _text(ws, r, 0, s.fx.describe(), None, fm.quoted)
    r += 2
    ws.write_string(r, 0, "Aggregates and their source rows", fm.section)
    r += 1
    ws.write_row(r, 0, ("Breakdown", "Key", "Source file", "Source sheet", "Lines",
                        "Source rows (as the spreadsheet numbers them)"), fm.header)
    head = r
    r += 1
    names = {"by_donor": "donor", "by_category": "category", "by_coalition": "coalition",
             "by_status": "status", "by_month": "month"}
    for dim, key, f, sh, rows in source_map(s):
        text = _compress(rows)
        # A cell holds at most 32,767 characters: continue long lists on further rows.
        chunks = [text[i:i + 32000] for i in range(0, len(text), 32000)] or [""]
        for chunk in chunks:
            ws.write_string(r, 0, names[dim])
            _text(ws, r, 1, content.label(key), None, fm.quoted)
            _text(ws, r, 2, f, None, fm.quoted)
            _text(ws, r, 3, sh, None, fm.quoted)
            ws.write_number(r, 4, len(rows))
            ws.write_string(r, 5, chunk)
            r += 1
    ws.freeze_panes(head + 1, 0)
    ws.autofilter(head, 0, max(r - 1, head + 1), 5)
