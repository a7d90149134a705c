"""Figures as words: money and summary text for the CLI, the window and the text export."""
from __future__ import annotations

from .summary import Summary

_SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£"}


def money(value: float | None, currency: str, digits: int = 1) -> str:
    """``€1.2bn``, ``$400.0m``, ``€12,500``; "n/a" for no value."""
    if value is None:
        return "n/a"
    sym = _SYMBOL.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e9:
        return f"{sign}{sym}{v / 1e9:.{digits}f}bn"
    if v >= 1e6:
        return f"{sign}{sym}{v / 1e6:.{digits}f}m"
    return f"{sign}{sym}{v:,.0f}"


def percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


# Unknown is not zero: a value no source gives reads as this, never as €0 or 0.0%.
NOT_GIVEN = "value not given"


def pledged_text(x, currency: str, partial: bool = True) -> str:
    """Value pledged of a Summary or Group: "value not given" when no line has one; with
    ``partial``, how many lines lack one when some do ("€1.2bn; 2 lines without a value")."""
    lines, unvalued, _, _ = x.value_counts
    if not lines and not x.value_pledged:
        return "none recorded"
    if lines and unvalued >= lines:
        return NOT_GIVEN
    text = money(x.value_pledged, currency)
    if partial and unvalued:
        return f"{text}; {unvalued:,} line{'s' * (unvalued != 1)} without a value"
    return text


def delivered_text(x, currency: str, partial: bool = True) -> str:
    """Value delivered: "3 deliveries, value not given" when no delivery has a value; "none
    recorded" when there is no delivery at all."""
    _, _, n, unvalued = x.value_counts
    if not n and not x.value_delivered:
        return "none recorded"
    if n and unvalued >= n:
        return f"{n:,} deliver{'ies' if n != 1 else 'y'}, {NOT_GIVEN}"
    text = money(x.value_delivered, currency)
    if partial and unvalued:
        return f"{text}; {unvalued:,} of {n:,} deliveries without a value"
    return text


def share_text(x) -> str:
    """Share delivered: "not given" when either value is; "n/a" when nothing is pledged; "at
    least" when some deliveries have no value (their value would only add to it); "none
    recorded", as the delivered figure says, when no delivery is recorded (0% beside it read
    as nothing delivered)."""
    _, _, n, d_unvalued = x.value_counts
    share = x.share_delivered
    if share is None:
        return "not given" if not (x.pledged_given and x.delivered_given) else "n/a"
    if not n and not x.value_delivered:
        return "none recorded"
    return f"at least {percent(share)}" if d_unvalued else percent(share)


# -- the front: one wording for every output (figures panel, map date box, md, pdf, deck, xlsx)
def _km2(v: float | None, signed: bool = False) -> str:
    if v is None:
        return "n/a"
    return f"{v:+,.0f} km²" if signed else f"{v:,.0f} km²"


def _utc(iso: str | None) -> str:
    return "" if not iso else iso[:16].replace("T", " ") + " UTC"


NO_SNAPSHOT = "No control-area snapshot on or before this date"


def snapshot_line(day_text: str, illustrative: bool = False) -> str:
    """The map's words on the control-area snapshot it draws (the window's date box, the
    film's stamp), with the day as the caller writes dates: "Control areas as of 2024-05-21
    (illustrative)". The figures themselves are ``control_area_text``'s."""
    return f"Control areas as of {day_text}" + (" (illustrative)" if illustrative else "")


def control_area_text(ar: dict, short: bool = False) -> str:
    """The control-area figures at the as-of date, naming the outline of each:
    "Kharkiv oblast: occupied 652 km², contested 102 km² (clipped to ...); Ukraine: occupied
    64,953 km², contested 562 km² (DeepState's published polygons, unclipped); snapshot ...".
    ``short``: the oblast figures and the snapshot only (a slide subtitle)."""
    if not ar.get("snapshots"):
        return "No control-area snapshots loaded."
    if not ar.get("snapshot_time"):
        return f"Control areas: {ar.get('note') or 'no snapshot on or before this date'}."
    from .areas import OUTLINES
    outlines = ar.get("outlines") or OUTLINES
    tag = " Illustrative areas, not a survey." if ar.get("illustrative") else ""
    text = (f"Kharkiv oblast: occupied {_km2(ar.get('occupied_km2'))}, contested "
            f"{_km2(ar.get('contested_km2'))}")
    if short:
        return f"{text}; snapshot {_utc(ar['snapshot_time'])}" + (
            " (illustrative)" if ar.get("illustrative") else "")
    text += f" ({outlines['kharkiv']})"
    uk = ar.get("ukraine") or {}
    if uk.get("occupied_km2") is not None:
        text += (f"; Ukraine: occupied {_km2(uk.get('occupied_km2'))}, contested "
                 f"{_km2(uk.get('contested_km2'))} ({outlines['all']})")
    return f"{text}; snapshot {_utc(ar['snapshot_time'])}.{tag}"


def front_change_text(ar: dict) -> str:
    """The change since the comparison date, signed, with both snapshots; "" without one:
    "Since 2024-05-09 (snapshots 2024-05-09 23:42 UTC to 2024-05-21 23:15 UTC): Kharkiv
    oblast occupied +141 km², contested +65 km²; Ukraine occupied +227 km², contested +79 km²."
    """
    ch = ar.get("change_since")
    if not ch:
        return ""
    kh = ch.get("kharkiv") or ch
    uk = ch.get("ukraine") or {}
    text = (f"Since {ch['date']} (snapshots {_utc(ch['snapshot_time'])} to "
            f"{_utc(ch.get('snapshot_time_now') or ar.get('snapshot_time'))}): Kharkiv oblast "
            f"occupied {_km2(kh.get('occupied_km2'), True)}, contested "
            f"{_km2(kh.get('contested_km2'), True)}")
    if uk.get("occupied_km2") is not None:
        text += (f"; Ukraine occupied {_km2(uk.get('occupied_km2'), True)}, contested "
                 f"{_km2(uk.get('contested_km2'), True)}")
    return text + "."


def settlements_text(ar: dict, limit: int = 40) -> str:
    """The base-map settlements whose status changed since the comparison date, by name:
    "Settlements that changed status: Vovchansk (liberated → contested), ..."; "" without a
    comparison, and says so when none changed."""
    ch = ar.get("change_since")
    if not ch or "settlements" not in ch:
        return ""
    rows = ch["settlements"]
    if not rows:
        return "No base-map settlement changed status."
    shown = [f"{r['name']} ({r['before'] or 'unmarked'} → {r['after'] or 'unmarked'})"
             for r in rows[:limit]]
    more = f", and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"Settlements that changed status ({len(rows)}): " + ", ".join(shown) + more + "."


def sectors_text(sc) -> str:
    """"By sector (illustrative boxes): Vovchansk occupied +80 km², contested +40 km²; ..."
    for the sectors whose control changed ("" without a comparison)."""
    if sc is None:
        return ""
    parts = []
    for c in sc.sectors:
        moved = [(status, c.net_km2(status), c.gained_km2.get(status, 0.0),
                  c.lost_km2.get(status, 0.0)) for status in ("occupied", "contested")]
        if all(abs(g) < 0.5 and abs(l) < 0.5 for _, _, g, l in moved):
            continue
        words = ", ".join(f"{status} {net:+,.0f} km²" + (f" ({g:,.0f} gained, {l:,.0f} lost)"
                                                           if g >= 0.5 and l >= 0.5 else "")
                          for status, net, g, l in moved if g >= 0.5 or l >= 0.5)
        parts.append(f"{c.name} {words}")
    tag = " (illustrative sector boxes)" if sc.illustrative_sectors else ""
    if not parts:
        return f"By sector{tag}: no change in any sector."
    return f"By sector{tag}: " + "; ".join(parts) + "."


def source_dates(src: dict) -> str:
    """", dates 2022-01-26 to 2022-09-30" for a source dict (empty when it has no dates)."""
    if not src.get("last_date"):
        return ""
    return f", dates {src['first_date']} to {src['last_date']}"


def summary_text(s: Summary, top: int = 10) -> str:
    """A plain-text summary, as ``udcg-desktop summary`` prints it."""
    cur = s.currency
    as_of = str(s.as_of) if s.as_of is not None else "all dates"
    lines = [f"UDCG briefing summary as of {as_of} (values in {cur})"]
    lines += [f"NOTE: {note}" for note in s.stale_notes]
    if s.filters.active:
        lines.append(f"Filters: {s.filters.describe()}")
    lines.append("")
    lines.append("Sources:")
    for src in s.sources:
        lines.append(f"  {src['path']}  [{src['kind']}, {src['format']}]  rows read "
                     f"{src['rows_read']}, loaded {src['rows_loaded']}, rejected "
                     f"{src['rows_rejected']}{source_dates(src)}")
    lines += ["", "Pledges:",
              f"  {s.pledge_count} pledge lines from {s.donors} donors",
              f"  pledged   {pledged_text(s, cur, partial=False)}",
              f"  delivered {delivered_text(s, cur)}",
              f"  share delivered {share_text(s)}"]
    if s.unvalued:
        lines.append(f"  {s.unvalued} lines carry no value (counted, not summed)")
    lines.append(f"  Basis: {s.fx.describe()}")
    for title, name in (("By aid type", "by_aid_type"), ("Top donors", "by_donor"),
                        ("By category", "by_category"), ("By coalition", "by_coalition"),
                        ("By status", "by_status")):
        groups = [g for g in s.groups[name]
                  if g.count or g.deliveries or g.value_pledged or g.value_delivered]
        if not groups:
            continue
        lines.append(f"  {title}:")
        for g in groups[:top]:
            lines.append(f"    {g.key or '(none)':<36} {g.count:>6}  {pledged_text(g, cur):>10}"
                         f"  delivered {delivered_text(g, cur)}")
        if len(groups) > top:
            lines.append(f"    ... and {len(groups) - top} more")
    ev = s.events
    lines += ["", f"Events: {ev['count']}"
              + (f" in the {ev['area_label']}" if ev.get("area") not in (None, "all") else "")
              + (f" from {ev['first']} to {ev['last']}" if ev["first"] else "")
              + (f" ({ev['count_loaded']} loaded in the period)"
                 if ev.get("count_loaded", ev["count"]) != ev["count"] else "")]
    for name, count in sorted(ev["by_type"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<20} {count}")
    ar = s.areas
    if ar["snapshots"]:
        lines += ["", f"Control areas: {ar['snapshots']} snapshots"
                  + (" (illustrative)" if ar.get("illustrative") else "")]
        lines += [f"  {t}" for t in (control_area_text(ar), front_change_text(ar),
                                     settlements_text(ar)) if t]
    errors = [p for p in s.problems if p["severity"] == "error"]
    warnings = [p for p in s.problems if p["severity"] == "warning"]
    lines += ["", f"Problems: {len(errors)} errors, {len(warnings)} warnings, "
                  f"{len(s.problems) - len(errors) - len(warnings)} notes"
                  + (" (run 'udcg-desktop validate' for the list)" if s.problems else "")]
    return "\n".join(lines)




def changes_text(c, top: int = 10) -> str:
    """``udcg-desktop changes`` as text: totals by cause, then donors, categories and packages."""
    from pathlib import PurePath
    from .release_changes import FIELD_LABELS
    name = lambda src: PurePath(src.get("path", "?")).name   # noqa: E731 (file names only)
    t = c.totals()
    lines = [f"Changes from {name(c.old_source)} to {name(c.new_source)} (values in EUR)"]
    lines += [f"  warning: {w}" for w in c.warnings]
    lines += [f"  packages matched: {c.matched_by_id} by ID, {c.matched_by_content} by donor, "
              f"date and item; {c.unchanged} unchanged",
              f"  new       {packages(len(c.new))}  {signed_money(t['new'])}",
              f"  removed   {packages(len(c.removed))}  {signed_money(t['removed'])}",
              f"  revised   {packages(len(c.revised))}  {signed_money(t['revision'])} revisions, "
              f"{signed_money(t['reconversion'])} from currency re-conversion only",
              f"  change of the pledged total: {signed_money(t['change'])}"]
    for what, added, removed in (("Columns", c.columns_added, c.columns_removed),
                                 ("Sheets", c.sheets_added, c.sheets_removed)):
        if added or removed:
            lines.append(f"  {what} added: {', '.join(added) or 'none'}; "
                         f"removed: {', '.join(removed) or 'none'}")
    for title, dim in (("By donor", "donor"), ("By category", "category")):
        rows = list(c.by(dim).items())
        if rows:
            lines.append(f"{title}:")
            lines += [f"  {k or '(none)':<36} {signed_money(v['change']):>10}" for k, v in rows[:top]]
            if len(rows) > top:
                lines.append(f"  ... and {len(rows) - top} more")
    for title, items in (("New packages", c.new), ("Removed packages", c.removed)):
        if items:
            lines.append(f"{title}:")
            for p in sorted(items, key=lambda p: -abs(p.value_eur) if p.value_eur == p.value_eur
                            else 0)[:top]:
                value = money(p.value_eur, "EUR") if p.value_eur == p.value_eur else "value not given"
                lines.append(f"  {p.id or '(no ID)':<10} {p.donor:<24} {p.date:<12} {value}")
            if len(items) > top:
                lines.append(f"  ... and {len(items) - top} more")
    if c.revised:
        lines.append("Revised packages:")
        for r in sorted(c.revised, key=lambda r: -abs(r.value_change))[:top]:
            what = "; ".join(f"{FIELD_LABELS[f]} {plain_value(a)} -> {plain_value(b)}"
                            for f, a, b in r.fields)
            lines.append(f"  {r.new.id or '(no ID)':<10} {r.new.donor:<24} [{r.kind}] {what}")
        if len(c.revised) > top:
            lines.append(f"  ... and {len(c.revised) - top} more")
    return "\n".join(lines)


def packages(n: int) -> str:
    """'    1 package ', '   12 packages' (aligned in a column)."""
    return f"{n:>5} package{' ' if n == 1 else 's'}"


def signed_money(value: float, currency: str = "EUR") -> str:
    """``+€1.2bn``, ``-€400.0m``, ``±€0``: a change, always with its sign."""
    if abs(value) < 0.5:
        return money(0.0, currency).replace(_SYMBOL.get(currency, ""), "±" + _SYMBOL.get(currency, ""), 1)
    return ("+" if value > 0 else "") + money(value, currency)


def plain_value(v) -> str:
    """A changed field's old or new value as words (money in EUR, NaN as "not given")."""
    if isinstance(v, float):
        return "not given" if v != v else money(v, "EUR")
    return str(v) if v not in (None, "") else "-"
