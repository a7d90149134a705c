"""Details of the selected event, pledge or delivery, with its source as clickable links."""
from __future__ import annotations

import html

import datetime as dt

import numpy as np
from PySide6.QtWidgets import QTextBrowser

from ...core.dates import NAT, FuzzyDate, Precision
from ...core.describe import money
from ..connections import Connections

MAX_ROWS = 20


def _links(text: str) -> str:
    parts = [s.strip() for s in str(text or "").replace("\n", ";").split(";") if s.strip()]
    out = []
    for p in parts:
        if p.startswith(("http://", "https://")):
            out.append(f'<a href="{html.escape(p, quote=True)}">{html.escape(p)}</a>')
        else:
            out.append(html.escape(p))
    return "<br>".join(out) or "<i>no source given</i>"


def _day(table, i) -> str:
    """The row's date in ISO form with its precision (2023-11-10, "2024-05 (month)", "until
    2022-07-27"), not the source's wording: "10/11/2023" could be either day."""
    start, end = table["date_start"][i], table["date"][i]
    if np.isnat(end):
        text = str(table["date_text"][i] or "")
        return f"unknown ({html.escape(text)})" if text else "unknown"
    precision = Precision(int(table["date_precision"][i]))
    if np.isnat(start):
        start = NAT if precision == Precision.UNTIL else end
    fuzzy = FuzzyDate(None if np.isnat(start) else start.astype(dt.date), end.astype(dt.date),
                      precision if precision != Precision.UNKNOWN else Precision.EXACT)
    return html.escape(fuzzy.describe())


def _delivery_day(d, i) -> str:
    if np.isnat(d["date"][i]):
        return f"{_e(d['effective_date'][i])} (the pledge's date; delivery day not given)"
    return _day(d, i)


def _e(v) -> str:
    if isinstance(v, np.datetime64):
        return "unknown" if np.isnat(v) else str(v)
    return html.escape(str(v))


def _category_line(aid_type, category, as_given) -> str:
    """'Military › Maritime · as the source has it: Weapons and Equipment / Heavy weapon'."""
    where = " › ".join(_e(t) for t in (aid_type, category) if t)
    given = (f" · <i>as the source has it:</i> {_e(as_given)}"
             if as_given and as_given != category else "")
    return f"<p><small>{where}{given}</small></p>" if where or given else ""


class DetailsPanel(QTextBrowser):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("DetailsPanel")
        self.setOpenExternalLinks(True)
        self.session = session
        self._conns = Connections()
        self._conns.connect(session.selection.changed, self.show_selection)
        self._conns.connect(session.briefing_changed, lambda _b: self.show_selection(
            session.selection.value))
        self.show_selection(session.selection.value)

    def show_selection(self, value):
        b = self.session.briefing
        if not value.kind or not value.rows:
            self.setHtml("<p><i>Select an event on the map or timeline, or a pledge in the "
                         "table, to see its details and source here.</i></p>")
            return
        blocks = []
        for i in value.rows[:MAX_ROWS]:
            if value.kind == "events":
                e = b.events
                ill = " <i>(illustrative)</i>" if e["illustrative"][i] else ""
                fat = e["fatalities"][i]
                blocks.append(
                    f"<h3>{_e(e['type'][i]).replace('_', ' ').capitalize()}: {_e(e['place'][i])}"
                    f"{ill}</h3><p><b>{_day(e, i)}</b>"
                    + (f" · {fat:.0f} fatalities reported" if np.isfinite(fat) else "")
                    + (f" · {e['lat'][i]:.3f}°N {e['lon'][i]:.3f}°E" if np.isfinite(e['lat'][i])
                       else "")
                    + f"</p><p>{_e(e['description'][i])}</p>"
                    f"<p><b>Source:</b><br>{_links(e['source'][i])}</p>"
                    f"<p><small>{_e(e['source_file'][i])}, sheet {_e(e['source_sheet'][i])}, "
                    f"row {int(e['source_row'][i])} · ID {_e(e['event_id'][i])}</small></p>")
            elif value.kind == "pledges":
                p = b.pledges
                amount = p["amount"][i]
                amt = (f"{'~' if p['is_estimate'][i] else ''}{amount:,.0f} {_e(p['currency'][i])}"
                       if np.isfinite(amount) else "no value given")
                delivered = np.flatnonzero(b.deliveries["pledge_index"] == i)
                dl = "".join(f"<li>{_delivery_day(b.deliveries, j)}: "
                             f"{_e(b.deliveries['item'][j])}</li>" for j in delivered[:20])
                blocks.append(
                    f"<h3>{_e(p['donor'][i])}: {_e(p['category'][i])}</h3>"
                    f"<p><b>{_day(p, i)}</b> · {amt} · "
                    f"{_e(p['status'][i])}</p><p>{_e(p['item'][i])}</p>"
                    + _category_line(p['aid_type'][i], p['category'][i],
                                     p['category_source'][i])
                    + (f"<p>{_e(p['notes'][i])}</p>" if p["notes"][i] else "")
                    + (f"<p><b>Deliveries ({len(delivered)}):</b><ul>{dl}</ul></p>"
                       if len(delivered) else "<p>No deliveries recorded.</p>")
                    + f"<p><b>Source:</b><br>{_links(p['source'][i])}</p>"
                    f"<p><small>{_e(p['source_file'][i])}, sheet {_e(p['source_sheet'][i])}, "
                    f"row {int(p['source_row'][i])} · ID {_e(p['pledge_id'][i])}</small></p>")
            elif value.kind == "deliveries":
                d = b.deliveries
                amount = d["amount"][i]
                amt = (money(float(amount), str(d["currency"][i])) if np.isfinite(amount)
                       else "no value given")
                blocks.append(
                    f"<h3>Delivery from {_e(d['donor'][i])}</h3>"
                    f"<p><b>{_delivery_day(d, i)}</b> · {amt} · to "
                    f"{_e(d['destination'][i] or 'unknown')}</p><p>{_e(d['item'][i])}</p>"
                    f"<p><b>Source:</b><br>{_links(d['source'][i])}</p>"
                    f"<p><small>{_e(d['source_file'][i])}, sheet {_e(d['source_sheet'][i])}, "
                    f"row {int(d['source_row'][i])}</small></p>")
        more = (f"<p><i>… and {len(value.rows) - MAX_ROWS} more</i></p>"
                if len(value.rows) > MAX_ROWS else "")
        self.setHtml("<hr>".join(blocks) + more)

    def shutdown(self):
        self._conns.disconnect_all()

    def closeEvent(self, e):
        self.shutdown()
        super().closeEvent(e)
