"""Figures as of a day: totals and breakdowns of pledges, deliveries, events and areas.

``summary(briefing, as_of, filters, currency)`` is called on every cursor move, so the work that
does not depend on the day (currency conversion, category codes, filter masks) is done once per
briefing in a ``SummaryEngine`` and cached; a new day is a binary search and a few bincounts.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
import weakref

import numpy as np

from .areas import OUTLINES
from .dates import NAT_INT, day_ints, day_slice, day_to_iso, month_labels
from .model import Briefing, PledgeTable
from .money import FxBasis, FxRates, convert_values
from .filters import FilterValues
from .groups import GivenFigures, Group, LazyGroups

# Pledge columns a summary breaks down by: output name -> table column.
DIMENSIONS = {
    "by_donor": "donor", "by_category": "category", "by_coalition": "coalition",
    "by_status": "status", "by_aid_type": "aid_type", "by_month": "_month",
}


def _month_codes(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(month labels as ``month_labels`` writes them, sorted; int32 code per day), through
    integer months rather than a sort of 100k strings."""
    months = days.astype("datetime64[M]").astype(np.int64)
    months[np.isnat(days)] = NAT_INT                    # 'unknown' sorts after every month
    uniq, codes = np.unique(months, return_inverse=True)
    labels = np.empty(len(uniq), dtype=object)
    labels[:] = ["unknown" if u == NAT_INT else str(np.int64(u).astype("datetime64[M]"))
                 for u in uniq]
    return labels, codes.astype(np.int32).reshape(-1)


@dataclass(frozen=True)
class ConvertedValues:
    """Every pledge and delivery row's value in one currency (``SummaryEngine.values``)."""

    pledges: np.ndarray              # per pledge row, NaN where no source gives a value
    pledges_or_zero: np.ndarray      # the same with 0 for NaN, for sums
    deliveries: np.ndarray           # per delivery row, NaN where unknown
    deliveries_or_zero: np.ndarray
    pledges_basis: FxBasis           # how the pledge values were converted
    deliveries_basis: FxBasis


@dataclass
class Summary(GivenFigures):
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
    groups: Mapping[str, list[Group]]       # LazyGroups
    delivery_count: int
    deliveries_unvalued: int
    events: dict[str, Any]
    areas: dict[str, Any]
    briefing: Briefing = field(repr=False, default=None)
    # The engine that computed this summary (its converted row values back ``pledge_values``).
    _engine: "SummaryEngine" = field(repr=False, default=None)
    # (pledge mask, pledge slice, delivery mask, delivery slice): the rows in scope. The row
    # lists below are built from it only when asked for, so a cursor step stays O(categories).
    _scope: tuple = field(repr=False, default=None)
    # The area of interest the event figures are for (``core.aoi``).
    aoi: Any = field(repr=False, default=None)

    @cached_property
    def pledge_rows(self) -> np.ndarray:
        """Indices into ``briefing.pledges`` of the rows in scope, for traceability."""
        mask, rng = self._scope[0], self._scope[1]
        return np.flatnonzero(mask[rng]) + rng.start

    @cached_property
    def delivery_rows(self) -> np.ndarray:
        mask, rng = self._scope[2], self._scope[3]
        return np.flatnonzero(mask[rng]) + rng.start

    @property
    def pledge_values(self) -> np.ndarray:
        """Each in-scope pledge row's value in the summary currency (NaN where unknown), in the
        order of ``pledge_rows``."""
        return self._engine.values(self.currency).pledges[self.pledge_rows]

    @property
    def delivery_values(self) -> np.ndarray:
        """Each in-scope delivery row's value in the summary currency, as ``delivery_rows``."""
        return self._engine.values(self.currency).deliveries[self.delivery_rows]

    @cached_property
    def sources(self) -> list[dict]:
        return [src.as_dict() for src in self.briefing.sources]

    @cached_property
    def problems(self) -> list[dict]:
        return [p.as_dict() for p in self.briefing.problems]

    @property
    def value_counts(self) -> tuple[int, int, int, int]:
        return self.pledge_count, self.unvalued, self.delivery_count, self.deliveries_unvalued

    @cached_property
    def coverage(self) -> list:
        """``core.coverage.Coverage`` of each source (first and last plausible dates)."""
        from .coverage import source_coverage
        return source_coverage(self.briefing)

    @cached_property
    def sector_change(self):
        """The front's change since the comparison date split over the Kharkiv axis's sectors
        (``core.front_sectors``), or None without a comparison. Computed on demand (exports,
        --json): geometry, not a cursor step's work."""
        change = (self.areas or {}).get("change_since")
        if not change or self.briefing is None or not len(self.briefing.areas):
            return None
        from .change_map import front_series
        from .front_sectors import sector_changes
        series = front_series(self.briefing)
        day = self.as_of if self.as_of is not None else series.times[-1].astype("datetime64[D]")
        return sector_changes(series, change["date"], day)

    @cached_property
    def _change_map(self):
        """core.change_map.ChangeMap, the ChangeMapUnavailable saying why not, or None when
        no comparison date was given."""
        asked = (self.areas or {}).get("compared_with")
        if not asked or self.briefing is None:
            return None
        from .change_map import ChangeMapUnavailable, change_map
        try:
            return change_map(self.briefing, asked, self.as_of)
        except ChangeMapUnavailable as exc:
            return exc

    @property
    def change_map(self):
        """The change map's data since the comparison date (``core.change_map``), or None."""
        found = self._change_map
        return None if isinstance(found, Exception) else found

    @property
    def change_map_note(self) -> str:
        """Why a comparison date was given but no change map can be drawn ("" otherwise)."""
        found = self._change_map
        return f"No change map: {found}." if isinstance(found, Exception) else ""

    @cached_property
    def source_disagreement(self):
        """Where DeepState and ISW-style layers disagree at the as-of date
        (``core.source_disagreement``), or None unless both are loaded."""
        if self.briefing is None or not len(self.briefing.areas):
            return None
        from .source_disagreement import source_disagreement
        return source_disagreement(self.briefing, self.as_of)

    @cached_property
    def caveats(self) -> list[str]:
        """What to know about each source (``core.source_checks``), then stale pledge data."""
        from .source_checks import source_caveats
        own = list(source_caveats(self.briefing)) if self.briefing is not None else []
        return own + [n for n in self.stale_notes if n not in own]

    @cached_property
    def stale_notes(self) -> list[str]:
        """"Pledge data ends 2022-10-03 ..." for each pledge source that ends more than 30 days
        before the as-of date: every output shows these sentences."""
        from .coverage import stale_notes
        return stale_notes(self.coverage, self.as_of)

    def source_rows(self, dimension: str = "all", key: str | None = None) -> list[dict]:
        """The input rows behind one aggregate: ``dimension`` as in ``DIMENSIONS`` or "all"."""
        pledges = self.briefing.pledges
        rows = self.pledge_rows
        if dimension != "all":
            column = DIMENSIONS[dimension]
            values = month_labels(pledges["date"]) if column == "_month" else pledges[column]
            sub = values[rows]
            rows = rows[np.fromiter((str(v) == key for v in sub), dtype=bool, count=len(sub))]
        return [{"path": pledges["source_file"][i], "sheet": pledges["source_sheet"][i],
                 "row": int(pledges["source_row"][i]), "pledge_id": pledges["pledge_id"][i]}
                for i in rows]

    def to_dict(self) -> dict:
        pledges = {"count": self.pledge_count,
                   "value_pledged": self.value_pledged if self.pledged_given else None,
                   "value_delivered": self.value_delivered if self.delivered_given else None,
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
            "deliveries": {"count": self.delivery_count,
                           "value": self.value_delivered if self.delivered_given else None,
                           "unvalued": self.deliveries_unvalued},
            "stale": self.stale_notes,
            "caveats": self.caveats,
            "front_by_sector": (self.sector_change.as_dict()
                                if self.sector_change is not None else None),
            "change_map": (self.change_map.as_dict() if self.change_map is not None
                           else {"note": self.change_map_note} if self.change_map_note
                           else None),
            "source_disagreement": (self.source_disagreement.as_dict()
                                    if self.source_disagreement is not None else None),
            "events": self.events,
            "area_of_interest": self.aoi.as_dict() if self.aoi is not None else None,
            "areas": self.areas,
            "problems": self.problems,
        }


class SummaryEngine:
    """Per-briefing caches behind ``summary``; build once, ask many days."""

    def __init__(self, briefing: Briefing, fx: FxRates):
        self.briefing = briefing
        self.fx = fx
        p, d = briefing.pledges, briefing.deliveries
        self._pday = day_ints(p["date"])
        self._dday = day_ints(d["effective_date"])
        self._eday = day_ints(briefing.events["date"])
        # dimension -> (categories, pledge codes, delivery codes); deliveries take their
        # pledge's donor, category, ... but their own month.
        self._codes: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        link = d["pledge_index"]
        for name, column in DIMENSIONS.items():
            if column == "_month":
                cats, codes = _month_codes(np.concatenate([p["date"], d["effective_date"]]))
                self._codes[name] = (cats, codes[:len(p)], codes[len(p):])
            else:
                cats, codes = p.codes(column)
                self._codes[name] = (cats, codes, codes[link] if len(link) else codes[:0])
        self._values: dict[str, ConvertedValues] = {}
        self._masks: dict[FilterValues, tuple[np.ndarray, np.ndarray]] = {}
        # Prefix sums per (currency, filters): a day is then a few binary searches.
        self._blocks = {name: (_Blocks(pc, len(cats)), _Blocks(dc, len(cats)))
                        for name, (cats, pc, dc) in self._codes.items()}
        self._prefix: dict[tuple, dict] = {}
        ecats, ecodes = briefing.events.codes("type")
        self._event_types = (ecats, _Blocks(ecodes, len(ecats)))
        self._event_prefix: dict[str, tuple] = {}

    # -- cached per currency / per filter --------------------------------------------------
    def values(self, currency: str) -> ConvertedValues:
        """Every row's value in ``currency``, converted once per currency."""
        if currency not in self._values:
            p, d = self.briefing.pledges, self.briefing.deliveries
            pv, _, pbasis = convert_values(
                p["amount"], p["currency"], p["date"],
                {"EUR": p["value_eur_given"], "USD": p["value_usd_given"]}, currency, self.fx)
            dv, _, dbasis = convert_values(
                d["amount"], d["currency"], d["effective_date"],
                {"EUR": d["value_eur_given"], "USD": d["value_usd_given"]}, currency, self.fx)
            self._values[currency] = ConvertedValues(pv, np.nan_to_num(pv), dv, np.nan_to_num(dv),
                                                     pbasis, dbasis)
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
                since=None, areas_since=None, aoi=None) -> Summary:
        from .aoi import AreaOfInterest, area_of_interest
        aoi = aoi if isinstance(aoi, AreaOfInterest) else area_of_interest(aoi)
        filters = filters or FilterValues()
        b = self.briefing
        values = self.values(currency)
        pmask, dmask = self.masks(filters)
        as_of_day = None if as_of is None else np.datetime64(as_of, "D")
        since_day = None if since is None else np.datetime64(since, "D")
        prange = day_slice(self._pday, as_of_day, since_day)
        drange = day_slice(self._dday, as_of_day, since_day)

        pre = self._prefix_sums(currency, filters)
        p0, p1, d0, d1 = prange.start, prange.stop, drange.start, drange.stop

        def total(cum, lo, hi):
            return cum[hi] - cum[lo]

        def breakdown(name: str) -> list[Group]:
            cats = self._codes[name][0]
            pblocks, dblocks = self._blocks[name]
            pc = pre[name]
            lo, hi = pblocks.span(p0, p1)     # one search for the three pledge sums
            count = pc["count"][hi] - pc["count"][lo]
            value = pc["value"][hi] - pc["value"][lo]
            unvalued = pc["unvalued"][hi] - pc["unvalued"][lo]
            dlo, dhi = dblocks.span(d0, d1)
            delivered = pc["delivered"][dhi] - pc["delivered"][dlo]
            dcount = pc["deliveries"][dhi] - pc["deliveries"][dlo]
            dunvalued = pc["deliveries_unvalued"][dhi] - pc["deliveries_unvalued"][dlo]
            shown = np.flatnonzero((count > 0.5) | (dcount > 0.5) | (value != 0)
                                   | (delivered != 0))
            # Whole columns converted at once (this runs on every cursor step): counts are
            # sums of ones, rounded half-to-even as round() would.
            rows = list(map(Group, map(str, cats[shown]), _counts(count, shown),
                            value[shown].tolist(), delivered[shown].tolist(),
                            _counts(unvalued, shown), _counts(dcount, shown),
                            _counts(dunvalued, shown)))
            if name == "by_month":
                rows.sort(key=lambda g: g.key)
            else:
                rows.sort(key=lambda g: (-g.value_pledged, -g.count, g.key))
            return rows

        groups = LazyGroups(self._codes, breakdown)
        fx = _merge_basis(values.pledges_basis, values.deliveries_basis)
        return Summary(
            as_of=as_of_day, since=since_day, currency=currency, filters=filters, fx=fx,
            pledge_count=int(round(total(pre["count"], p0, p1))),
            value_pledged=float(total(pre["value"], p0, p1)),
            value_delivered=float(total(pre["delivered"], d0, d1)),
            unvalued=int(round(total(pre["unvalued"], p0, p1))),
            estimates=int(round(total(pre["estimates"], p0, p1))),
            donors=sum(1 for g in groups["by_donor"] if g.count and g.key),
            groups=groups, delivery_count=int(round(total(pre["deliveries"], d0, d1))),
            deliveries_unvalued=int(round(total(pre["deliveries_unvalued"], d0, d1))),
            events=self._events(as_of_day, since_day, aoi),
            # The comparison date of a window (--since) is also the front's comparison date.
            areas=self._areas(as_of_day, areas_since if areas_since is not None else since),
            briefing=b, _engine=self, _scope=(pmask, prange, dmask, drange), aoi=aoi)

    def _prefix_sums(self, currency: str, filters: FilterValues) -> dict:
        """Cumulative sums (in date order, and per category in each dimension) of the counts
        and values the summary adds up, for one currency and one set of filters."""
        key = (currency, filters)
        if key not in self._prefix:
            v = self.values(currency)
            pv, pv0, dv, dv0 = v.pledges, v.pledges_or_zero, v.deliveries, v.deliveries_or_zero
            pmask, dmask = self.masks(filters)
            # A package's remainder line (io/kiel_packages) carries value, not a pledge line.
            lines = pmask & ~self.briefing.pledges["package_remainder"]
            weights = {"count": lines.astype(float), "value": np.where(pmask, pv0, 0.0),
                       "unvalued": (pmask & ~np.isfinite(pv)).astype(float)}
            delivered = np.where(dmask, dv0, 0.0)
            pre: dict = {name: np.concatenate(([0.0], np.cumsum(w))) for name, w in weights.items()}
            pre["estimates"] = np.concatenate(
                ([0.0], np.cumsum(pmask & self.briefing.pledges["is_estimate"])))
            pre["delivered"] = np.concatenate(([0.0], np.cumsum(delivered)))
            dweights = {"deliveries": dmask.astype(float),
                        "deliveries_unvalued": (dmask & ~np.isfinite(dv)).astype(float)}
            for w, v in dweights.items():
                pre[w] = np.concatenate(([0.0], np.cumsum(v)))
            for name, (pblocks, dblocks) in self._blocks.items():
                pre[name] = {w: pblocks.cum(v) for w, v in weights.items()}
                pre[name]["delivered"] = dblocks.cum(delivered)
                for w, v in dweights.items():
                    pre[name][w] = dblocks.cum(v)
            if len(self._prefix) >= 4:       # each entry is a few arrays per dimension
                self._prefix.pop(next(iter(self._prefix)))
            self._prefix[key] = pre
        return self._prefix[key]

    def _event_sums(self, aoi) -> tuple:
        """Cumulative sums over the events (in date order) of: in the area, per type in the
        area, fatalities in the area, in the area without coordinates (kept because they cannot
        be placed); one set per area of interest."""
        key = aoi.key
        if key not in self._event_prefix:
            e = self.briefing.events
            inside = aoi.event_mask(e).astype(float)
            _cats, blocks = self._event_types
            self._event_prefix[key] = (
                np.concatenate(([0.0], np.cumsum(inside))), blocks.cum(inside),
                np.concatenate(([0.0], np.cumsum(np.nan_to_num(e["fatalities"]) * inside))),
                np.concatenate(([0.0], np.cumsum(aoi.unlocated(e) * inside))))
        return self._event_prefix[key]

    def _events(self, as_of, since, aoi) -> dict:
        e = self.briefing.events
        rng = day_slice(self._eday, as_of, since)
        cats, blocks = self._event_types
        total, by_type, fatal, unlocated = self._event_sums(aoi)
        counts = blocks.between(by_type, rng.start, rng.stop)
        # Days are sorted with unknown ones last: the first and last known in the area are
        # the first and last set mask entries among the known days.
        n_known = int(np.searchsorted(self._eday[rng], NAT_INT))
        inside = aoi.event_mask(e)[rng.start:rng.start + n_known]
        # argmax stops at the first hit from each end (a cursor step: not a pass over 100k).
        i = int(np.argmax(inside)) if n_known else 0
        days = e["date"]
        if n_known and inside[i]:
            first = day_to_iso(days[rng.start + i])
            last = day_to_iso(days[rng.start + n_known - 1 - int(np.argmax(inside[::-1]))])
        else:
            first = last = None
        return {"count": int(round(total[rng.stop] - total[rng.start])),
                "by_type": {str(c): int(round(k)) for c, k in zip(cats, counts) if k > 0.5},
                "first": first, "last": last,
                "fatalities_reported": float(fatal[rng.stop] - fatal[rng.start]),
                "area": aoi.key, "area_label": aoi.label,
                "count_loaded": int(rng.stop - rng.start),
                "without_coordinates": int(round(unlocated[rng.stop] - unlocated[rng.start]))}

    def _areas(self, as_of, areas_since) -> dict:
        from .change_map import front_series
        series = front_series(self.briefing)     # one source's snapshots (DeepState's if both)
        out: dict[str, Any] = {"snapshots": len(series), "snapshot_time": None,
                               "snapshot_file": None, "occupied_km2": None,
                               "contested_km2": None, "liberated_km2": None,
                               "ukraine": None, "change_since": None, "illustrative": False}
        if not len(series):
            return out
        if areas_since is not None:        # kept even when it cannot be compared (says why)
            out["compared_with"] = day_to_iso(np.datetime64(areas_since, "D"))
        index = series.index_at(as_of) if as_of is not None else len(series) - 1
        if index < 0:
            out["note"] = "no snapshot published on or before the as-of date"
            return out
        snap = series.snapshots[index]
        out.update(_snapshot_figures(snap))
        out["illustrative"] = snap.illustrative
        out["outlines"] = dict(OUTLINES)
        if areas_since is not None:
            from .front import front_change
            change = front_change(series, areas_since, as_of)
            out["change_since"] = change.as_dict() if change is not None else None
        return out


def _counts(sums: np.ndarray, rows: np.ndarray) -> list[int]:
    return np.rint(sums[rows]).astype(np.int64).tolist()


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


class _Blocks:
    """Rows grouped by category code, each group in row (= date) order, so that the sum of a
    weight per category over any row range [start, stop) is two binary searches into cumulative
    sums: O(categories x log rows) per day instead of O(rows)."""

    def __init__(self, codes: np.ndarray, k: int):
        n = len(codes)
        self.order = np.argsort(codes, kind="stable")
        # code * (n + 1) + row: ascending, because rows ascend within each code
        self.keys = codes[self.order].astype(np.int64) * (n + 1) + self.order
        self.base = np.arange(k, dtype=np.int64) * (n + 1)

    def cum(self, weights: np.ndarray) -> np.ndarray:
        return np.concatenate(([0.0], np.cumsum(weights[self.order], dtype=float)))

    def span(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Per category: where rows [start, stop) begin and end in its block of ``cum``."""
        return (np.searchsorted(self.keys, self.base + start),
                np.searchsorted(self.keys, self.base + stop))

    def between(self, cum: np.ndarray, start: int, stop: int) -> np.ndarray:
        """Per category: the sum of the weights behind ``cum`` over rows [start, stop)."""
        lo, hi = self.span(start, stop)
        return cum[hi] - cum[lo]


def _merge_basis(a: FxBasis, b: FxBasis) -> FxBasis:
    merged = FxBasis(a.currency, a.source, list(a.used), a.given_rows)
    for entry in b.used:
        if not any(e[0] == entry[0] for e in merged.used):
            merged.used.append(entry)
    return merged


def text_mask(pledges: PledgeTable, text: str) -> np.ndarray:
    """Rows whose donor, item, category, pledge ID, source or notes contain ``text``."""
    needle = text.casefold()
    cols = [pledges[c] for c in ("donor", "item", "category", "pledge_id", "notes", "source")]
    # Row by row, not a fixed-width string array (rows x longest text x 4 bytes).
    return np.fromiter((needle in "\t".join(map(str, row)).casefold() for row in zip(*cols)),
                       dtype=bool, count=len(pledges))


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
            areas_since=None, aoi=None) -> Summary:
    """The figures as of ``as_of``. ``aoi``: the area of interest the event figures are for,
    an ``AreaOfInterest`` or its key (default ``core.aoi.DEFAULT_AOI``, the Kharkiv axis;
    "all" for everything loaded); ``events`` says which (``area``, ``area_label``) and how many
    were loaded in the period whatever the area (``count_loaded``)."""
    return engine_for(briefing, fx).summary(as_of, filters, currency, since, areas_since, aoi)
