"""A Kiel package's value split over its rows by Kiel's own item estimates (io/kiel_packages):
known answers on a hand-built Kiel-shaped sheet, the odd inputs, and the real release 7."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pytest

from udcg_desktop.core.model import assemble
from udcg_desktop.core.summary import summary
from udcg_desktop.core.vocabulary import UNSPECIFIED_IN_PACKAGE
from udcg_desktop.io import read_any

from .conftest import K, kiel_row, write_kiel

M = 1e6
EST = K["Value committed (own estimate, in USD)"]
DAY = dt.date(2022, 6, 17)


def _row(pid, item, sub, est, first=0, total="", eur="", cur="USD", specific="Weapons",
         aid="Military"):
    r = kiel_row(pid, "United States", DAY, aid, specific, cur, total or ".", item=item,
                 itype="Heavy weapon", sub=sub, total=total, eur=eur, first=first)
    r[EST] = est
    return r


ROWS = [
    # A, in USD (Kiel's rate 0.9 EUR per USD): 20m + 30m of 100m explained, 50m not
    _row("USA1", "Harpoon coastal defence system", "Anti-ship missile system", 20 * M, 1,
         100 * M, 90 * M),
    _row("USA1", "155mm artillery round", "155mm howitzer ammunition", 30 * M),
    _row("USA1", "truck", ".", "No price"),
    # B, in EUR: estimates (8m + 12m USD) above the 10m value: scaled to 4m + 6m
    _row("USB1", "MANPADS", "MANPADS", 8 * M, 1, 10 * M, 10 * M, cur="EUR"),
    _row("USB1", "T-72 tank", "Main Battle Tank (MBT)", 12 * M),
    # C: two categories and no estimate at all: all of it is unexplained
    _row("USC1", "155mm howitzer", "155mm howitzer", ".", 1, 5 * M, 4.5 * M),
    _row("USC1", "reconnaissance drone", "Reconnaissance drone", "."),
    # D: a negative and a text estimate are not used; 2m of 10m USD explained
    _row("USD1", "Stinger", "MANPADS", -5 * M, 1, 10 * M, 9 * M),
    _row("USD1", "rifles", "Small Arms and Light Weapons (SALW)", "lots"),
    _row("USD1", "M777 howitzer", "155mm howitzer", 2 * M),
    # E: one category only: the value stays on the first row, as Kiel has it
    _row("USE1", "155mm howitzer", "155mm howitzer", 1 * M, 1, 3 * M, 2.7 * M),
    _row("USE1", "155mm round", "155mm howitzer ammunition", 1 * M),
    # F: one row, a grant: untouched
    _row("USF1", ".", ".", ".", 1, 7 * M, 6.3 * M, aid="Financial", specific="Grant"),
    # G: one ID in two places (rows 17 and 19 of the sheet), two categories, estimates
    _row("USG1", "MANPADS", "MANPADS", 1 * M, 1, 4 * M, 3.6 * M),
    _row("USH1", "rifles", "Small Arms and Light Weapons (SALW)", ".", 1, 1 * M, 0.9 * M),
    _row("USG1", "patrol boat", "Patrol and coastal combatants", 1 * M),
    # I: estimates that explain the value exactly (up to float noise): no remainder, no warning
    _row("USI1", "Caesar howitzer", "155mm howitzer", 1.1 * M, 1, 3.3 * M, 2.97 * M),
    _row("USI1", "Bushmaster vehicle", "Protected Patrol Vehicle (PPV)", 2.2 * M),
]
SHEET_ROW = {id(r): k + 2 for k, r in enumerate(ROWS)}


@pytest.fixture(scope="module")
def part(tmp_path_factory):
    path = write_kiel(tmp_path_factory.mktemp("split") / "kiel_split.xlsx", ROWS,
                      name_error=False)
    return read_any(path)


def _by(part, pid):
    p = part.pledges
    out = defaultdict(float)
    for i in np.flatnonzero(p["pledge_id"] == pid):
        out[p["category"][i]] += p["value_eur_given"][i]
    return {k: pytest.approx(v, abs=1e-6) for k, v in out.items() if v}


def _problem(part, pid, words):
    hits = [q for q in part.problems if q.value == pid and words in q.message]
    assert len(hits) == 1, [(q.value, q.message) for q in part.problems]
    return hits[0]


def test_known_answers(part):
    assert _by(part, "USA1") == {"Maritime": 18 * M, "Artillery & ammunition": 27 * M,
                                 UNSPECIFIED_IN_PACKAGE: 45 * M}
    assert _by(part, "USB1") == {"Air defence": 4 * M, "Armour & vehicles": 6 * M}
    assert _by(part, "USC1") == {UNSPECIFIED_IN_PACKAGE: 4.5 * M}
    assert _by(part, "USD1") == {"Artillery & ammunition": 1.8 * M,
                                 UNSPECIFIED_IN_PACKAGE: 7.2 * M}
    assert _by(part, "USE1") == {"Artillery & ammunition": 2.7 * M}
    assert _by(part, "USF1") == {"Grant": 6.3 * M}
    assert _by(part, "USG1") == {"Air defence": 0.9 * M, "Maritime": 0.9 * M,
                                 UNSPECIFIED_IN_PACKAGE: 1.8 * M}
    assert _by(part, "USI1") == {"Artillery & ammunition": 0.99 * M,
                                 "Armour & vehicles": 1.98 * M}


def test_parts_add_up_exactly_never_negative_never_above(part):
    p = part.pledges
    v = p["value_eur_given"]
    assert (v[np.isfinite(v)] >= 0).all()
    given = {"USA1": 90, "USB1": 10, "USC1": 4.5, "USD1": 9, "USE1": 2.7, "USF1": 6.3,
             "USG1": 3.6, "USH1": 0.9, "USI1": 2.97}
    for pid, value in given.items():
        parts = v[p["pledge_id"] == pid]
        assert parts.sum() == pytest.approx(value * M, rel=1e-12)
        assert parts.max() <= value * M * (1 + 1e-12)
    s = summary(assemble([part]), currency="EUR")
    assert s.value_pledged == pytest.approx(sum(given.values()) * M, rel=1e-12)
    # the amount in the package's own currency is split in the same proportions
    usa = p["pledge_id"] == "USA1"
    assert sorted(p["amount"][usa]) == pytest.approx([0, 20 * M, 30 * M, 50 * M])


def test_remainder_is_a_line_of_the_package_aid_type_pointing_at_its_first_row(part):
    p = part.pledges
    rem = np.flatnonzero(p["package_remainder"])
    assert sorted(p["pledge_id"][rem]) == ["USA1", "USC1", "USD1", "USG1"]
    assert set(p["aid_type"][rem]) == {"Military"}
    assert set(p["source_row"][rem]) == {2, 7, 9, 15}      # the rows holding the values
    s = summary(assemble([part]), currency="EUR")
    assert s.pledge_count == len(ROWS)                     # not a line of the source
    assert not (p["package_remainder"] & (p["pledge_id"] == "USI1")).any()
    cat = {g.key: g for g in s.groups["by_category"]}
    assert cat[UNSPECIFIED_IN_PACKAGE].value_pledged == pytest.approx(
        (45 + 4.5 + 7.2 + 1.8) * M)
    rows = sorted(r["row"] for r in s.source_rows("by_category", UNSPECIFIED_IN_PACKAGE))
    assert rows == [2, 7, 9, 15]
    assert sorted(r["row"] for r in s.source_rows("by_category", "Maritime")) == [2, 17]


def test_each_oddity_is_one_problem_naming_the_rows(part):
    assert _problem(part, "USB1", "add up to more than the package value").rows == (5, 6)
    assert _problem(part, "USC1", "none of its rows has an item estimate").rows == (7, 8)
    assert _problem(part, "USD1", "negative item estimate").rows == (9,)
    assert _problem(part, "USD1", "not a number").rows == (10,)
    assert _problem(part, "USG1", "more than one place").rows == (15, 17)
    assert not [q for q in part.problems if q.value in ("USA1", "USE1", "USF1", "USI1")]


def test_usd_figures_follow_the_split(part):
    # USA1 is a USD package: in USD its parts are Kiel's own estimates, exactly
    usa = part.pledges.take(np.flatnonzero(part.pledges["pledge_id"] == "USA1"))
    s = summary(assemble([type(part)(pledges=usa)]), currency="USD")
    cat = {g.key: g.value_pledged for g in s.groups["by_category"] if g.value_pledged}
    assert cat == pytest.approx({"Maritime": 20 * M, "Artillery & ammunition": 30 * M,
                                 UNSPECIFIED_IN_PACKAGE: 50 * M})


# ----------------------------------------------------------------------- the real workbook
def test_real_release7_split(real_kiel):
    import openpyxl
    part = read_any(real_kiel)
    b = assemble([part])
    s = summary(b, currency="EUR")
    cat = {g.key: g.value_pledged for g in s.groups["by_category"]}
    # USM5 and USM6 no longer make 'Maritime' a EUR 10.4bn category
    assert cat["Maritime"] < 2e9
    assert cat[UNSPECIFIED_IN_PACKAGE] > 5e9
    # every package still adds up to Kiel's own EUR figure, read independently
    wb = openpyxl.load_workbook(real_kiel, read_only=True, data_only=True)
    rows = wb["Bilateral assistance, MAIN DATA"].iter_rows(values_only=True)
    head = list(next(rows))
    col = head.index("Converted Value in EUR")
    kiel = defaultdict(float)
    for r in rows:
        if r[0] and isinstance(r[col], (int, float)):
            kiel[str(r[0]).replace("\u0421", "C")] += r[col]
    wb.close()
    p = b.pledges
    v = p["value_eur_given"]
    ours = defaultdict(float)
    for pid, x in zip(p["pledge_id"], v):
        if np.isfinite(x):
            ours[pid] += x
    assert set(kiel) <= set(ours)
    for pid, value in kiel.items():
        assert ours[pid] == pytest.approx(value, rel=1e-9, abs=1e-3), pid
    assert (v[np.isfinite(v)] >= 0).all()
    # USM5: NASAMS, 2 + 6 launchers at Kiel's USD 50m each, at Kiel's rate for the package
    usm5 = p["pledge_id"] == "USM5"
    rate = 6068574896.328512 / 6e9
    ad = v[usm5 & (p["category"] == "Air defence")].sum()
    assert ad == pytest.approx(400e6 * rate + 0.0, rel=0.02)


def test_xlsx_states_the_rule_and_keeps_kiel_words(part, tmp_path):
    import openpyxl
    from udcg_desktop.export.xlsx import write_xlsx
    out = tmp_path / "split.xlsx"
    write_xlsx(summary(assemble([part]), currency="EUR"), out)
    wb = openpyxl.load_workbook(out, read_only=True)
    sources = " ".join(str(c) for r in wb["Sources"].iter_rows(values_only=True) for c in r if c)
    assert "in proportion to Kiel's own item estimates" in sources
    assert "Unspecified within package" in sources
    rows = list(wb["Pledges"].iter_rows(values_only=True))
    head = list(rows[0])
    given, cat = head.index("Category as given"), head.index("Category")
    pairs = {(r[cat], r[given]) for r in rows[1:]}
    assert ("Maritime", "Weapons / Heavy weapon / Anti-ship missile system") in pairs
    wb.close()
