"""A problem repeated on many rows is reported once, with its exact count and its first rows."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from udcg_desktop.core.model import ROWS_LISTED, Problem, group_problems
from udcg_desktop.io import read_any

from .conftest import pledge, write_template

ROOT = Path(__file__).resolve().parents[2]


def _book(tmp_path):
    rows = []
    for k in range(300):
        status = ("awaiting approval" if k % 3 == 0 else "Delivered in part" if k % 3 == 1
                  else "contracted")
        amount = "Not given" if k % 2 else 1e6 + k
        rows.append(pledge(f"P{k}", "Germany", "2024-05-01", amount, "EUR", Status=status,
                           Category="Space assets" if k < 7 else "Air defence"))
    return write_template(tmp_path / "t.xlsx", rows)


def test_unknown_status_once_per_value_with_count_and_first_rows(tmp_path):
    part = read_any(_book(tmp_path))
    p = part.pledges
    status = {s: int((p["status"] == s).sum()) for s in set(p["status"])}
    assert status == {"awaiting approval": 100, "partially delivered": 100, "contracted": 100}
    odd = [q for q in part.problems if q.value == "awaiting approval"]
    assert len(odd) == 1
    q = odd[0]
    assert q.count == 100 and len(q.rows) == ROWS_LISTED
    assert q.rows[:3] == (2, 5, 8) and q.row == 2          # sheet rows 2, 5, 8, ...
    assert q.severity == "warning" and q.column == "Status"
    cat = [q for q in part.problems if q.value == "Space assets"]
    assert len(cat) == 1 and cat[0].count == 7 and cat[0].rows == tuple(range(2, 9))


def test_every_repeated_problem_is_grouped(tmp_path):
    part = read_any(_book(tmp_path))
    missing = [q for q in part.problems if q.message == "no value given"]
    assert len(missing) == 1 and missing[0].count == 150
    keys = [(q.path, q.sheet, q.column, q.severity, q.message, q.value) for q in part.problems]
    assert len(keys) == len(set(keys))


def test_group_problems_keeps_counts_exact_and_order():
    ps = [Problem("f", "s", r, "C", "x", "warning", "m") for r in range(2, 60)]
    ps.insert(3, Problem("f", "s", 9, "C", "y", "warning", "m"))
    ps.append(Problem("f", "s", 70, "C", "x", "warning", "m", count=5, rows=(70, 71)))
    out = group_problems(ps)
    assert [(q.value, q.count) for q in out] == [("x", 58 + 5), ("y", 1)]
    assert out[0].rows == tuple(range(2, 2 + ROWS_LISTED)) and out[1].row == 9
    d = out[0].as_dict()
    assert set(d) == {"path", "sheet", "row", "column", "value", "severity", "message", "count",
                      "rows"}
    assert "63 rows (2, 3," in out[0].location() and "and 43 more" in out[0].location()


def test_summary_json_carries_groups(tmp_path):
    out = subprocess.run([sys.executable, "-m", "udcg_desktop", "summary",
                          str(_book(tmp_path)), "--json"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    problems = json.loads(out)["problems"]
    odd = [q for q in problems if q["value"] == "awaiting approval"]
    assert len(odd) == 1 and odd[0]["count"] == 100 and odd[0]["rows"][:2] == [2, 5]
    assert all(q["count"] >= 1 for q in problems)
