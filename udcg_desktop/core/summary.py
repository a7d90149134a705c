"""Figures as of a day: totals and breakdowns of pledges, deliveries, events and areas.

``summary(briefing, as_of, filters, currency)`` is called on every cursor move, so the work that
does not depend on the day (currency conversion, category codes, filter masks) is done once per
briefing in a ``SummaryEngine`` and cached; a new day is a binary search and a few bincounts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
import weakref

import numpy as np

from .dates import day_to_iso
from .model import Briefing, PledgeTable
from .money import FxBasis, FxRates, convert_values
from .state import FilterValues

# Pledge columns a summary breaks down by: output name -> table column.
DIMENSIONS = {
    "by_donor": "donor", "by_category": "category", "by_coalition": "coalition",
    "by_status": "status", "by_aid_type": "aid_type", "by_month": "_month",
}
_NAT_INT = np.iinfo(np.int64).max   # unknown days sort after every real day


def _day_ints(days: np.ndarray) -> np.ndarray:
    out = days.astype("datetime64[D]").astype(np.int64)
    out[np.isnat(days)] = _NAT_INT
    return out


def _months(days: np.ndarray) -> np.ndarray:
    months = days.astype("datetime64[M]").astype(str)
    months[np.isnat(days)] = "unknown"
    return months.astype(object)


@dataclass
class Group:
    key: str
    count: int
    value_pledged: float
    value_delivered: float
    unvalued: int

    @property
    def share_delivered(self) -> float | None:
        return self.value_delivered / self.value_pledged if self.value_pledged else None

    def as_dict(self) -> dict:
        return {"key": self.key, "count": self.count, "value_pledged": self.value_pledged,
                "value_delivered": self.value_delivered,
                "share_delivered": self.share_delivered, "unvalued": self.unvalued}


@dataclass
class Summary:
    as_of: np.datetime64 | None
    since: np.datetime64 | None
    currency: str
    filters: FilterValues
    fx: FxBasis
    pledge_count: int
    value_pledged: float
    value_delivered: float
    unvalued: int
    estimates: int
    donors: int
    groups: dict[str, list[Group]]
    delivery_count: int
    events: dict[str, Any]
    areas: dict[str, Any]
    sources: list[dict]
    problems: list[dict]
    # Indices into briefing.pledges / .deliveries of the rows in scope, for traceability.
    pledge_rows: np.ndarray = field(repr=False, default=None)
    delivery_rows: np.ndarray = field(repr=False, default=None)
    _briefing: Briefing = field(repr=False, default=None)
    # The engine that computed this summary (its converted row values back the exports).
    _engine: "SummaryEngine" = field(repr=False, default=None)

    @property
    def share_delivered(self) -> float | None:
        return self.value_delivered / self.value_pledged if self.value_pledged else None

    def source_rows(self, dimension: str = "all", key: str | None = None) -> list[dict]:
        """The input rows behind one aggregate: ``dimension`` as in ``DIMENSIONS`` or "all"."""
        pledges = self._briefing.pledges
        rows = self.pledge_rows
        if dimension != "all":
            column = DIMENSIONS[dimension]
            values = _months(pledges["date"]) if column == "_month" else pledges[column]
            rows = rows[values[rows].astype(str) == key]
        return [{"path": pledges["source_file"][i], "sheet": pledges["source_sheet"][i],
                 "row": int(pledges["source_row"][i]), "pledge_id": pledges["pledge_id"][i]}
                for i in rows]

    def to_dict(self) -> dict:
        pledges = {"count": self.pledge_count, "value_pledged": self.value_pledged,
                   "value_delivered": self.value_delivered,
                   "share_delivered": self.share_delivered, "donors": self.donors,
                   "unvalued": self.unvalued, "estimates": self.estimates}
        for name, groups in self.groups.items():
            pledges[name] = [g.as_dict() for g in groups]
        return {
            "as_of": day_to_iso(self.as_of) if self.as_of is not None else None,
            "since": day_to_iso(self.since) if self.since is not None else None,
            "currency": self.currency,
            "fx": self.fx.as_dict(),
            "filters": self.filters.as_dict(),
            "sources": self.sources,
            "pledges": pledges,
            "deliveries": {"count": self.delivery_count, "value": self.value_delivered},
            "events": self.events,
            "areas": self.areas,
            "problems": self.problems,
        }


class SummaryEngine:
    """Per-briefing caches behind ``summary``; build once, ask many days."""

    def __init__(self, briefing: Briefing, fx: FxRates):
        self.briefing = briefing
        self.fx = fx
        p, d = briefing.pledges, briefing.deliveries
        self._pday = _day_ints(p["date"])
        self._dday = _day_ints(d["effective_date"])
        self._eday = _day_ints(briefing.events["date"])
        # dimension -> (categories, pledge codes, delivery codes); deliveries take their
        # pledge's donor, category, ... but their own month.
        self._codes: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        link = d["pledge_index"]
        for name, column in DIMENSIONS.items():
            if column == "_month":
                pm, dm = _months(p["date"]).astype(str), _months(d["effective_date"]).astype(str)
                cats, codes = np.unique(np.concatenate([pm, dm]), return_inverse=True)
                codes = codes.astype(np.int32).reshape(-1)
                self._codes[name] = (cats.astype(object), codes[:len(pm)], codes[len(pm):])
            else:
                cats, codes = p.codes(column)
                self._codes[name] = (cats, codes, codes[link] if len(link) else codes[:0])
        self._values: dict[str, tuple] = {}
        self._masks: dict[FilterValues, tuple[np.ndarray, np.ndarray]] = {}

    # -- cached per currency / per filter --------------------------------------------------
    def values(self, currency: str) -> tuple[np.ndarray, np.ndarray, FxBasis, FxBasis]:
        if currency not in self._values:
            p, d = self.briefing.pledges, self.briefing.deliveries
            pv, _, pbasis = convert_values(
                p["amount"], p["currency"], p["date"],
                {"EUR": p["value_eur_given"], "USD": p["value_usd_given"]}, currency, self.fx)
            dv, _, dbasis = convert_values(
                d["amount"], d["currency"], d["effective_date"],
                {"EUR": d["value_eur_given"], "USD": d["value_usd_given"]}, currency, self.fx)
            self._values[currency] = (pv, np.nan_to_num(pv), dv, np.nan_to_num(dv), pbasis, dbasis)
        return self._values[currency]

    def masks(self, filters: FilterValues) -> tuple[np.ndarray, np.ndarray]:
        """Boolean masks over pledges and deliveries for the filters (not the date cursor)."""
        if filters not in self._masks:
            p, d = self.briefing.pledges, self.briefing.deliveries
            mask = np.ones(len(p), dtype=bool)
            for field_name, column in (("donors", "donor"), ("categories", "category"),
                                       ("coalitions", "coalition"), ("statuses", "status"),
                                       ("aid_types", "aid_type")):
                wanted = getattr(filters, field_name)
                if wanted is not None:
                    cats, codes = p.codes(column)
                    mask &= np.isin(codes, np.flatnonzero(np.isin(cats, list(wanted))))
            if filters.date_from is not None:
                mask &= self._pday >= np.datetime64(filters.date_from, "D").astype(np.int64)
            if filters.date_to is not None:
                mask &= self._pday <= np.datetime64(filters.date_to, "D").astype(np.int64)
            if filters.text:
                mask &= text_mask(p, filters.text)
            link = d["pledge_index"]
            dmask = mask[link] if len(d) else np.zeros(0, dtype=bool)
            if len(self._masks) > 32:
                self._masks.clear()
            self._masks[filters] = (mask, dmask)
        return self._masks[filters]

    # -- the figures ------------------------------------------------------------------------
    def summary(self, as_of=None, filters: FilterValues | None = None, currency: str = "EUR",
                since=None, areas_since=None) -> Summary:
        filters = filters or FilterValues()
        b = self.briefing
        pv, pv0, dv, dv0, pbasis, dbasis = self.values(currency)
        pmask, dmask = self.masks(filters)
        as_of_day = None if as_of is None else np.datetime64(as_of, "D")
        since_day = None if since is None else np.datetime64(since, "D")
        prange = _day_slice(self._pday, as_of_day, since_day)
        drange = _day_slice(self._dday, as_of_day, since_day)

        pin = pmask[prange]
        p_idx = np.flatnonzero(pin) + prange.start
        din = dmask[drange]
        d_idx = np.flatnonzero(din) + drange.start
        p_weights = np.where(pin, pv0[prange], 0.0)
        p_counts = pin.astype(np.int64)
        p_unvalued = (pin & ~np.isfinite(pv[prange])).astype(np.int64)
        d_weights = np.where(din, dv0[drange], 0.0)

        groups: dict[str, list[Group]] = {}
        for name, (cats, pcodes, dcodes) in self._codes.items():
            k = len(cats)
            pc = pcodes[prange]
            count = np.bincount(pc, p_counts, minlength=k)
            value = np.bincount(pc, p_weights, minlength=k)
            unvalued = np.bincount(pc, p_unvalued, minlength=k)
            delivered = np.bincount(dcodes[drange], d_weights, minlength=k)
            rows = [Group(str(cats[i]), int(count[i]), float(value[i]), float(delivered[i]),
                          int(unvalued[i]))
                    for i in np.flatnonzero((count > 0) | (delivered != 0))]
            if name == "by_month":
                rows.sort(key=lambda g: g.key)
            else:
                rows.sort(key=lambda g: (-g.value_pledged, -g.count, g.key))
            groups[name] = rows

        fx = _merge_basis(pbasis, dbasis)
        return Summary(
            as_of=as_of_day, since=since_day, currency=currency, filters=filters, fx=fx,
            pledge_count=int(p_counts.sum()), value_pledged=float(p_weights.sum()),
            value_delivered=float(d_weights.sum()), unvalued=int(p_unvalued.sum()),
            estimates=int((b.pledges["is_estimate"][prange] & pin).sum()),
            donors=sum(1 for g in groups["by_donor"] if g.count and g.key),
            groups=groups, delivery_count=int(din.sum()),
            events=self._events(as_of_day, since_day),
            areas=self._areas(as_of_day, areas_since),
            sources=[s.as_dict() for s in b.sources],
            problems=[p.as_dict() for p in b.problems],
            pledge_rows=p_idx, delivery_rows=d_idx, _briefing=b, _engine=self)

    def _events(self, as_of, since) -> dict:
        e = self.briefing.events
        rng = _day_slice(self._eday, as_of, since)
        # Cached integer codes of the type column: a bincount per day instead of sorting strings
        # (np.unique over 200k type names took ~25 ms, too slow for a cursor step).
        cats, codes = e.codes("type")
        counts_all = np.bincount(codes[rng], minlength=len(cats)) if len(cats) else []
        names = [c for c, k in zip(cats, counts_all) if k]
        counts = [k for k in counts_all if k]
        days = e["date"][rng]
        known = days[~np.isnat(days)]
        fatalities = e["fatalities"][rng]
        return {"count": int(rng.stop - rng.start),
                "by_type": {str(n): int(c) for n, c in zip(names, counts)},
                "first": day_to_iso(known.min()) if len(known) else None,
                "last": day_to_iso(known.max()) if len(known) else None,
                "fatalities_reported": float(np.nansum(fatalities)) if len(fatalities) else 0.0}

    def _areas(self, as_of, areas_since) -> dict:
        series = self.briefing.areas
        out: dict[str, Any] = {"snapshots": len(series), "snapshot_time": None,
                               "snapshot_file": None, "occupied_km2": None,
                               "contested_km2": None, "liberated_km2": None,
                               "ukraine": None, "change_since": None, "illustrative": False}
        if not len(series):
            return out
        index = series.index_at(as_of) if as_of is not None else len(series) - 1
        if index < 0:
            out["note"] = "no snapshot published on or before the as-of date"
            return out
        snap = series.snapshots[index]
        out.update(_snapshot_figures(snap))
        out["illustrative"] = snap.illustrative
        if areas_since is not None:
            ref = series.at(np.datetime64(areas_since, "D"))
            if ref is not None:
                before = _snapshot_figures(ref)
                out["change_since"] = {
                    "date": str(np.datetime64(areas_since, "D")),
                    "snapshot_time": before["snapshot_time"],
                    **{k: _diff(out[k], before[k])
                       for k in ("occupied_km2", "contested_km2", "liberated_km2")}}
        return out


def _diff(a, b):
    return None if a is None or b is None else a - b


def _snapshot_figures(snap) -> dict:
    areas = snap.areas_km2
    def get(status, region):
        v = areas.get(status, {}).get(region)
        return None if v is None else float(v)
    return {"snapshot_time": str(snap.time) + "Z", "snapshot_file": snap.source_file,
            "occupied_km2": get("occupied", "kharkiv"), "contested_km2": get("contested", "kharkiv"),
            "liberated_km2": get("liberated", "kharkiv"),
            "ukraine": {"occupied_km2": get("occupied", "all"),
                        "contested_km2": get("contested", "all"),
                        "liberated_km2": get("liberated", "all")}}


def _day_slice(days: np.ndarray, as_of, since) -> slice:
    """Rows whose day is in [since, as_of]; all rows, unknown days included, when both are None."""
    stop = len(days) if as_of is None else int(
        np.searchsorted(days, np.datetime64(as_of, "D").astype(np.int64), side="right"))
    start = 0 if since is None else int(
        np.searchsorted(days, np.datetime64(since, "D").astype(np.int64), side="left"))
    return slice(start, max(start, stop))


def _merge_basis(a: FxBasis, b: FxBasis) -> FxBasis:
    merged = FxBasis(a.currency, a.source, list(a.used), a.given_rows)
    for entry in b.used:
        if not any(e[0] == entry[0] for e in merged.used):
            merged.used.append(entry)
    return merged


def text_mask(pledges: PledgeTable, text: str) -> np.ndarray:
    """Rows whose donor, item, category, pledge ID, source or notes contain ``text``."""
    needle = text.casefold()
    hay = (pledges["donor"].astype(str) + "\t" + pledges["item"].astype(str) + "\t"
           + pledges["category"].astype(str) + "\t" + pledges["pledge_id"].astype(str) + "\t"
           + pledges["notes"].astype(str) + "\t" + pledges["source"].astype(str))
    return np.array([needle in h.casefold() for h in hay], dtype=bool)


_ENGINES: "weakref.WeakKeyDictionary[Briefing, dict]" = weakref.WeakKeyDictionary()


_DEFAULT_FX: list = []


def default_fx() -> FxRates:
    """The ECB reference rates shipped in ``data/`` (read once per process: ~60 ms)."""
    if not _DEFAULT_FX:
        from .paths import fx_rates_path
        _DEFAULT_FX.append(FxRates.from_csv(fx_rates_path()))
    return _DEFAULT_FX[0]


def engine_for(briefing: Briefing, fx: FxRates | None = None) -> SummaryEngine:
    """The cached engine of a briefing (one per briefing and rates table)."""
    per = _ENGINES.setdefault(briefing, {})
    key = id(fx) if fx is not None else "default"
    if key not in per:
        per[key] = SummaryEngine(briefing, fx or default_fx())
    return per[key]


def summary(briefing: Briefing, as_of=None, filters: FilterValues | None = None,
            currency: str = "EUR", since=None, fx: FxRates | None = None,
            areas_since=None) -> Summary:
    return engine_for(briefing, fx).summary(as_of, filters, currency, since, areas_since)
