""""Changes since the last release" in the pack: the rows, the Excel sheet and the text section
(the slide is drawn in ``pptx.py`` from the same rows). The comparison itself is
``core.release_changes``; this module only lays it out."""
from __future__ import annotations

from pathlib import PurePath

from ..core.describe import plain_value, signed_money
from ..core.release_changes import FIELD_LABELS

CAUSES = (("new", "New packages"), ("removed", "Removed packages"),
          ("revision", "Revised values"), ("reconversion", "Currency re-conversion only"),
          ("change", "Change of the pledged total"))


def release_names(c) -> tuple[str, str]:
    return (PurePath(c.old_source.get("path", "?")).name,
            PurePath(c.new_source.get("path", "?")).name)


def headline(c) -> str:
    old, new = release_names(c)
    t = c.totals()
    return f"{old} to {new}: {c.counts_text()}; pledged total {signed_money(t['change'])}"


def total_rows(c) -> list[tuple[str, str, str]]:
    """(cause, packages, EUR change) for the totals table."""
    t = c.totals()
    counts = {"new": len(c.new), "removed": len(c.removed),
              "revision": sum(r.kind != "reconversion" for r in c.revised),
              "reconversion": sum(r.kind == "reconversion" for r in c.revised),
              "change": len(c.new) + len(c.removed) + len(c.revised)}
    return [(label, f"{counts[key]:,}", signed_money(t[key])) for key, label in CAUSES]


def package_rows(c, limit: int | None = None) -> list[dict]:
    """Every new, removed and revised package, largest value change first."""
    rows = []
    for p in c.new:
        rows.append({"change": "new", "id": p.id, "donor": p.donor, "date": p.date,
                     "category": "; ".join(p.categories), "old": None, "new": _v(p.value_eur),
                     "delta": _v(p.value_eur) or 0.0, "what": "new package",
                     "rows": p.rows})
    for p in c.removed:
        rows.append({"change": "removed", "id": p.id, "donor": p.donor, "date": p.date,
                     "category": "; ".join(p.categories), "old": _v(p.value_eur), "new": None,
                     "delta": -(_v(p.value_eur) or 0.0), "what": "removed", "rows": p.rows})
    for r in c.revised:
        what = "; ".join(f"{FIELD_LABELS[f]}: {plain_value(a)} -> {plain_value(b)}"
                         for f, a, b in r.fields)
        rows.append({"change": r.kind, "id": r.new.id, "donor": r.new.donor, "date": r.new.date,
                     "category": "; ".join(r.new.categories), "old": _v(r.old.value_eur),
                     "new": _v(r.new.value_eur), "delta": r.value_change, "what": what,
                     "rows": r.new.rows})
    rows.sort(key=lambda r: -abs(r["delta"]))
    return rows[:limit] if limit else rows


def markdown(c) -> str:
    if c is None:
        return ""
    lines = ["", "## Changes since the last release", "", f"_{headline(c)}_", ""]
    lines += [f"- **{label}:** {n} package{'' if n == '1' else 's'}, {value}"
              for label, n, value in total_rows(c)]
    for w in c.warnings:
        lines.append(f"- _Note: {w}_")
    donors = list(c.by("donor").items())[:8]
    if donors:
        lines += ["", "By donor: " + "; ".join(f"{k or '(none)'} {signed_money(v['change'])}"
                                              for k, v in donors)]
    if c.columns_added or c.columns_removed:
        lines += ["", f"Columns added: {', '.join(c.columns_added) or 'none'}; removed: "
                      f"{', '.join(c.columns_removed) or 'none'}"]
    top = package_rows(c, 10)
    if top:
        lines += ["", "Largest changes:"]
        lines += [f"- {r['id'] or '(no ID)'} {r['donor']} ({r['date']}): {r['what']}"
                  + (f", {signed_money(r['delta'])}" if r["delta"] else "") for r in top]
    lines.append("")
    return "\n".join(lines)


def write_sheet(wb, fm, c, text) -> None:
    """The "Changes" sheet: totals by cause, then one row per changed package."""
    ws = wb.add_worksheet("Changes")
    text(ws, 0, 0, f"Changes since the last release: {headline(c)}", fm.section, fm.quoted)
    ws.write_row(2, 0, ("Cause", "Packages", "Change (EUR)"), fm.header)
    t = c.totals()
    for i, (key, label) in enumerate(CAUSES, start=3):
        text(ws, i, 0, label, fm.total if key == "change" else None, fm.quoted)
        ws.write_number(i, 2, t[key], fm.total_money if key == "change" else fm.money)
    for i, (_label, n, _v2) in enumerate(total_rows(c), start=3):
        ws.write_number(i, 1, int(n.replace(",", "")), fm.count)
    start = 3 + len(CAUSES) + 1
    heads = ("Change", "Package ID", "Donor", "Date", "Category", "Old value (EUR)",
             "New value (EUR)", "Value change (EUR)", "What changed", "Source rows (new)")
    ws.write_row(start, 0, heads, fm.header)
    for c_, w in enumerate((12, 12, 24, 14, 28, 16, 16, 16, 60, 18)):
        ws.set_column(c_, c_, w, fm.wrap if c_ == 8 else None)
    for r, row in enumerate(package_rows(c), start=start + 1):
        for col, key in ((0, "change"), (1, "id"), (2, "donor"), (3, "date"), (4, "category"),
                         (8, "what")):
            text(ws, r, col, row[key], fm.wrap if col == 8 else None, fm.quoted)
        for col, key in ((5, "old"), (6, "new"), (7, "delta")):
            if row[key] is not None:
                ws.write_number(r, col, row[key], fm.money)
        text(ws, r, 9, ", ".join(map(str, row["rows"][:10])), None, fm.quoted)
    ws.freeze_panes(start + 1, 2)


def _v(x: float) -> float | None:
    return None if x != x else float(x)

