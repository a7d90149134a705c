"""What changed between two releases of one pledge source (two Kiel releases, two team sheets).

Packages are matched first by ID (trimmed, case-folded, with Cyrillic look-alikes read as Latin:
the 2024 Kiel extract has an ID starting with a Cyrillic 'С'), then, for what is left on both
sides, by donor, date and first item. A row whose ID the reader had to make up from its position
(``sheet!row``) has no ID to match on and goes straight to the second rule.

Value changes are in EUR. A revised package whose original amount and currency are the same in
both releases changed only through currency re-conversion (Kiel converts at the rate of its
release); the rest is a real revision. The totals split the change the same way:
``new - removed + revision + reconversion`` = the change of the pledged total.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .dates import Precision
from .gc_pause import no_gc
from .lookalikes import AS_LATIN_FOLDED
from .model import Briefing, PledgeTable, SourceInfo
from .money import FxRates, convert_values

_MADE_UP_ID = re.compile(r"^.+![0-9]+$")       # the readers' "sheet!row" for a row with no ID
# How a changed field is named to a reader.
FIELD_LABELS = {"value_eur": "value", "categories": "category", "amount": "original amount",
                "date": "date", "status": "status", "donor": "donor"}
# Money changes smaller than this (EUR) are rounding, not revisions.
_VALUE_TOLERANCE = 0.5


def package_key(raw: object) -> str:
    """The matching form of a package ID: 'С-USM5 ' and 'c-usm5' are one package."""
    text = unicodedata.normalize("NFKC", str(raw)).casefold()
    return "".join(text.split()).translate(AS_LATIN_FOLDED)


@dataclass
class Package:
    """One package of one release: its rows summed (values in EUR; NaN where none is given)."""

    key: str            # package_key(id), or a per-row key for a row with no ID
    id: str
    donor: str
    date: str
    item: str
    status: str
    categories: tuple[str, ...]
    value_eur: float
    amount: float
    currency: str
    rows: list[int] = field(default_factory=list)
    value_by_category: dict[str, float] = field(default_factory=dict)   # EUR

    def as_dict(self) -> dict:
        return {"id": self.id, "donor": self.donor, "date": self.date, "item": self.item,
                "status": self.status, "category": "; ".join(self.categories),
                "value_eur": _num(self.value_eur), "rows": self.rows[:20]}


@dataclass
class Revision:
    """A package in both releases with at least one field changed."""

    old: Package
    new: Package
    fields: list[tuple[str, object, object]]     # (field, old, new)
    kind: str                                    # "revision" | "reconversion" | "other"

    @property
    def value_change(self) -> float:
        return _nz(self.new.value_eur) - _nz(self.old.value_eur)

    def as_dict(self) -> dict:
        return {"id": self.new.id, "donor": self.new.donor, "date": self.new.date,
                "old_value": _num(self.old.value_eur), "new_value": _num(self.new.value_eur),
                "value_change": _num(self.value_change), "kind": self.kind,
                "changes": [{"field": f, "old": _num(a), "new": _num(b)}
                            for f, a, b in self.fields],
                "old_rows": self.old.rows[:20], "new_rows": self.new.rows[:20]}


@dataclass
class ReleaseChanges:
    """The difference between an older and a newer release of one pledge source."""

    old_source: dict
    new_source: dict
    new: list[Package]
    removed: list[Package]
    revised: list[Revision]
    unchanged: int
    matched_by_id: int
    matched_by_content: int
    columns_added: list[str]
    columns_removed: list[str]
    sheets_added: list[str]
    sheets_removed: list[str]
    warnings: list[str]

    def counts_text(self) -> str:
        """'1 package new, 3 revised, 1 removed' (how a message says it)."""
        n = len(self.new)
        return (f"{n} package{'' if n == 1 else 's'} new, {len(self.revised)} revised, "
                f"{len(self.removed)} removed")

    def totals(self) -> dict:
        revision = sum(r.value_change for r in self.revised if r.kind != "reconversion")
        reconversion = sum(r.value_change for r in self.revised if r.kind == "reconversion")
        added = sum(_nz(p.value_eur) for p in self.new)
        removed = sum(_nz(p.value_eur) for p in self.removed)
        return {"new": added, "removed": -removed, "revision": revision,
                "reconversion": reconversion,
                "change": added - removed + revision + reconversion}

    def by(self, dimension: str) -> dict[str, dict]:
        """Value change (EUR) per donor or per category, split by cause."""
        out: dict[str, dict] = defaultdict(lambda: {"new": 0.0, "removed": 0.0, "revision": 0.0,
                                                    "reconversion": 0.0, "change": 0.0})

        def parts(package: Package) -> dict[str, float]:
            if dimension == "donor":
                return {package.donor: _nz(package.value_eur)}
            return package.value_by_category     # each category its own part of the value

        def add(package: Package, cause: str, sign: float) -> None:
            for key, value in parts(package).items():
                out[key][cause] += sign * value
                out[key]["change"] += sign * value

        for p in self.new:
            add(p, "new", 1.0)
        for p in self.removed:
            add(p, "removed", -1.0)
        for r in self.revised:
            cause = "reconversion" if r.kind == "reconversion" else "revision"
            add(r.old, cause, -1.0)
            add(r.new, cause, 1.0)
        rows = {k: v for k, v in out.items() if any(abs(x) > _VALUE_TOLERANCE for x in v.values())}
        return dict(sorted(rows.items(), key=lambda kv: -abs(kv[1]["change"])))

    def to_dict(self) -> dict:
        return {
            "old_source": self.old_source, "new_source": self.new_source,
            "new": [p.as_dict() | {"old_value": None, "new_value": _num(p.value_eur)}
                    for p in self.new],
            "removed": [p.as_dict() | {"old_value": _num(p.value_eur), "new_value": None}
                        for p in self.removed],
            "revised": [r.as_dict() for r in self.revised],
            "unchanged": self.unchanged,
            "matched": {"by_id": self.matched_by_id, "by_donor_date_item": self.matched_by_content},
            "totals": {k: _num(v) for k, v in self.totals().items()},
            "by_donor": {k: {c: _num(x) for c, x in v.items()} for k, v in self.by("donor").items()},
            "by_category": {k: {c: _num(x) for c, x in v.items()}
                            for k, v in self.by("category").items()},
            "columns": {"added": self.columns_added, "removed": self.columns_removed},
            "sheets": {"added": self.sheets_added, "removed": self.sheets_removed},
            "warnings": self.warnings,
        }


def packages(pledges: PledgeTable, fx: FxRates) -> list[Package]:
    """The table's packages in sheet order: rows sharing an ID form one package.

    Vectorised over rows (a 100k-row release is 100k packages): group sums by ``bincount``,
    Python work only per package and per multi-row package."""
    n = len(pledges)
    if not n:
        return []
    values, _, _ = convert_values(pledges["amount"], pledges["currency"], pledges["date"],
                                  {"EUR": pledges["value_eur_given"]}, "EUR", fx)
    sheet_order = np.argsort(pledges["source_row"], kind="stable")
    raw_ids = pledges["pledge_id"][sheet_order]
    keys = np.empty(n, dtype=object)
    keys[:] = [_row_key(raw, i) for i, raw in zip(sheet_order.tolist(), raw_ids)]
    _, first_pos, group = np.unique(keys, return_index=True, return_inverse=True)
    group = group.reshape(-1)
    k = len(first_pos)
    # Packages numbered by first appearance in the sheet.
    rank = np.empty(k, dtype=np.int64)
    rank[np.argsort(first_pos, kind="stable")] = np.arange(k)
    group = rank[group]
    first = sheet_order[np.sort(first_pos)]             # table row of each package's first row
    vals, amounts = values[sheet_order], pledges["amount"][sheet_order]
    given = np.isfinite(vals)
    value = np.bincount(group, np.where(given, vals, 0.0), minlength=k)
    value[np.bincount(group, given, minlength=k) == 0] = np.nan
    has_amount = np.isfinite(amounts)
    amount = np.bincount(group, np.where(has_amount, amounts, 0.0), minlength=k)
    amount[np.bincount(group, has_amount, minlength=k) == 0] = np.nan
    # Rows and categories per package: most packages are one row, so only the others are split.
    row_lists = [[r] for r in pledges["source_row"][first].tolist()]
    first_cats = pledges["category"][first]
    cat_sets = [(str(c),) if c else () for c in first_cats]
    # EUR per category (a Kiel package's value is split over its rows' categories).
    by_cat = [{str(c): v} if v == v else {} for c, v in zip(first_cats, value.tolist())]
    multi = np.bincount(group, minlength=k)[group] > 1
    if multi.any():
        pos = np.flatnonzero(multi)
        pos = pos[np.argsort(group[pos], kind="stable")]
        bounds = np.flatnonzero(np.diff(group[pos])) + 1
        src_rows = pledges["source_row"][sheet_order][pos]
        cats = pledges["category"][sheet_order][pos]
        part_vals = vals[pos]
        for part_rows, part_cats, pv, g in zip(np.split(src_rows, bounds),
                                               np.split(cats, bounds), np.split(part_vals, bounds),
                                               group[pos][np.r_[0, bounds]].tolist()):
            row_lists[g] = list(dict.fromkeys(part_rows.tolist()))   # a line per row
            cat_sets[g] = tuple(sorted({str(c) for c in part_cats} - {""}))
            by_cat[g] = {}
            for c, v in zip(part_cats.tolist(), pv.tolist()):
                if v == v:
                    by_cat[g][str(c)] = by_cat[g].get(str(c), 0.0) + v
    dates = _date_texts(pledges, first)
    ids = pledges["pledge_id"][first].tolist()
    donors, items = pledges["donor"][first].tolist(), pledges["item"][first].tolist()
    statuses, currencies = pledges["status"][first].tolist(), pledges["currency"][first].tolist()
    group_keys = keys[np.sort(first_pos)].tolist()
    value, amount = value.tolist(), amount.tolist()
    out = []
    for g in range(k):
        real = not group_keys[g].startswith("\x00")
        out.append(Package(
            key=group_keys[g], id=str(ids[g]).strip() if real else "", donor=str(donors[g]),
            date=dates[g], item=str(items[g]).strip(), status=str(statuses[g]),
            categories=cat_sets[g], value_eur=value[g], amount=amount[g],
            currency=str(currencies[g]), rows=row_lists[g], value_by_category=by_cat[g]))
    return out


def _real_id(raw: object) -> bool:
    """False for a blank ID and for the readers' made-up 'sheet!row' of a row with none."""
    text = str(raw)
    return bool(text.strip()) and not ("!" in text and _MADE_UP_ID.match(text))


def _row_key(raw: object, row: int) -> str:
    return package_key(raw) if _real_id(raw) else f"\x00row{row}"


def _date_texts(pledges: PledgeTable, rows: np.ndarray) -> list[str]:
    """Each row's date as its meaning, not its spelling ('until  7/27/2022' with two spaces is
    'until 2022-07-27')."""
    end = np.datetime_as_string(pledges["date"][rows], unit="D").tolist()
    start = np.datetime_as_string(pledges["date_start"][rows], unit="D").tolist()
    precision = pledges["date_precision"][rows].tolist()
    out = []
    for e, s, p in zip(end, start, precision):
        if e == "NaT":
            out.append("unknown")
        elif p == Precision.EXACT:
            out.append(e)
        elif p == Precision.UNTIL:
            out.append(f"until {e}")
        elif p == Precision.MONTH:
            out.append(s[:7])
        elif p == Precision.YEAR:
            out.append(s[:4])
        else:
            out.append(f"{s} to {e}")
    return out


def compare_releases(old: Briefing, new: Briefing, fx: FxRates) -> ReleaseChanges:
    """What changed from release ``old`` to release ``new`` (each one pledge source)."""
    with no_gc():         # 100k packages a side, no cycles: the collector would only slow it
        return _compare(old, new, fx)


def _compare(old: Briefing, new: Briefing, fx: FxRates) -> ReleaseChanges:
    warnings = []
    old_src, new_src = _pledge_source(old), _pledge_source(new)
    if old_src and new_src and old_src.format != new_src.format:
        warnings.append(f"the two files are different sources ({old_src.format} and "
                        f"{new_src.format}): matched by ID where IDs agree, else by content")
    a, b = packages(old.pledges, fx), packages(new.pledges, fx)
    by_id_old = {p.key: p for p in a if p.id}
    by_id_new = {p.key: p for p in b if p.id}
    pairs = [(by_id_old[k], by_id_new[k]) for k in by_id_old.keys() & by_id_new.keys()]
    matched_by_id = len(pairs)
    left_a = [p for p in a if not p.id or p.key not in by_id_new]
    left_b = [p for p in b if not p.id or p.key not in by_id_old]
    content_a = _unique_by_content(left_a)
    content_b = _unique_by_content(left_b)
    content_pairs = [(content_a[k], content_b[k]) for k in content_a.keys() & content_b.keys()]
    pairs += content_pairs
    paired_a = {id(x) for x, _ in pairs}
    paired_b = {id(y) for _, y in pairs}
    revised, unchanged = [], 0
    for x, y in sorted(pairs, key=lambda pair: pair[1].rows[0]):
        r = _revision(x, y)
        if r is None:
            unchanged += 1
        else:
            revised.append(r)
    old_info = old_src.as_dict() if old_src else {}
    new_info = new_src.as_dict() if new_src else {}
    cols_a, cols_b = _layout(old_src, "columns"), _layout(new_src, "columns")
    sheets_a, sheets_b = _layout(old_src, "sheets"), _layout(new_src, "sheets")
    return ReleaseChanges(
        old_source=old_info, new_source=new_info,
        new=[p for p in b if id(p) not in paired_b],
        removed=[p for p in a if id(p) not in paired_a],
        revised=revised, unchanged=unchanged,
        matched_by_id=matched_by_id, matched_by_content=len(content_pairs),
        columns_added=[c for c in cols_b if c not in set(cols_a)],
        columns_removed=[c for c in cols_a if c not in set(cols_b)],
        sheets_added=[s for s in sheets_b if s not in set(sheets_a)],
        sheets_removed=[s for s in sheets_a if s not in set(sheets_b)],
        warnings=warnings)


def _revision(old: Package, new: Package) -> Revision | None:
    fields = []
    if not _same_value(old.value_eur, new.value_eur):
        fields.append(("value_eur", old.value_eur, new.value_eur))
    for name in ("date", "status", "donor", "categories"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            fields.append((name, "; ".join(a) if name == "categories" else a,
                           "; ".join(b) if name == "categories" else b))
    same_original = (old.currency == new.currency and _same_value(old.amount, new.amount))
    if not same_original:
        fields.append(("amount", f"{_num(old.amount)} {old.currency}",
                       f"{_num(new.amount)} {new.currency}"))
    if not fields:
        return None
    value_only = all(f[0] == "value_eur" for f in fields)
    if value_only and same_original:
        kind = "reconversion"
    elif any(f[0] in ("value_eur", "amount") for f in fields):
        kind = "revision"
    else:
        kind = "other"
    return Revision(old, new, fields, kind)


def _unique_by_content(items: list[Package]) -> dict[tuple, Package]:
    """Packages keyed by (donor, date, item) where that key is unique on this side."""
    seen: dict[tuple, list[Package]] = defaultdict(list)
    for p in items:
        seen[(p.donor.casefold(), p.date, p.item.casefold())].append(p)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def _pledge_source(briefing: Briefing) -> SourceInfo | None:
    for src in briefing.sources:
        if src.kind == "pledges":
            return src
    return None


def _layout(src: SourceInfo | None, what: str) -> list[str]:
    return list(getattr(src, what)) if src is not None else []


def _same_value(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= _VALUE_TOLERANCE


def _nz(x: float) -> float:
    return 0.0 if x is None or math.isnan(x) else x


def _num(x):
    if isinstance(x, float):
        return None if not math.isfinite(x) else round(x, 2)
    return x
