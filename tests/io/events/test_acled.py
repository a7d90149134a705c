"""ACLED CSV exports: date forms, duplicates, bad rows."""
from __future__ import annotations

import csv
import random

import numpy as np
import pytest

from udcg_desktop.io import UnreadableInput, detect, read_any

from ..event_fixtures import ACLED_COLUMNS, acled_rows, write_acled


@pytest.mark.parametrize("form", ["iso", "text", "excel"])
def test_acled_three_date_forms_shuffled_columns_unsorted(tmp_path, form):
    rows = list(acled_rows(60, seed=3, form=form))
    cols = ACLED_COLUMNS[:]
    random.Random(5).shuffle(cols)
    path = write_acled(tmp_path / "acled.csv", rows, cols)
    assert detect(path).format == "acled"
    part = read_any(path)
    ev = part.events
    assert len(ev) == 60 and not part.problems
    truth = {r["event_id_cnty"]: r for r in acled_rows(60, seed=3, form="iso")}
    for i in range(len(ev)):
        r = truth[ev["event_id"][i]]
        assert str(ev["date"][i]) == r["event_date"]
        assert ev["description"][i] == r["notes"]          # commas and quotes intact
        assert ev["lon"][i] == float(r["longitude"])
        assert ev["source_type"][i] == f"{r['event_type']}: {r['sub_event_type']}"
    types = dict(zip(ev["source_type"], ev["type"]))
    assert types["Battles: Armed clash"] == "battle"
    assert types["Explosions/Remote violence: Air/drone strike"] == "strike"
    assert types["Violence against civilians: Attack"] == "civilian_harm"
    assert types["Strategic developments: Disrupted weapons use"] == "other"
    assert types["Protests: Peaceful protest"] == "unrest"
    assert types["Riots: Violent demonstration"] == "unrest"
    src = part.sources[0]
    assert (src.kind, src.format, src.rows_read, src.rows_loaded) == ("events", "acled", 60, 60)


def test_acled_duplicates_bad_rows_and_row_numbers(tmp_path):
    rows = list(acled_rows(6, seed=1))
    rows[1]["notes"] = 'Line one,\n"quoted", line two'         # a newline inside a field
    dup = dict(rows[0], notes="updated text", timestamp=str(int(rows[0]["timestamp"]) + 100))
    bad_date = dict(rows[2], event_id_cnty="UKRX", event_date="sometime")
    odd_type = dict(rows[3], event_id_cnty="UKRY", event_type="Bombardments")
    null_xy = dict(rows[4], event_id_cnty="UKRZ", latitude="0", longitude="0")
    path = write_acled(tmp_path / "export.csv", rows + [dup, bad_date, odd_type, null_xy])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("UKRSHORT,2024-05-10,2024\n")                     # a cut line
    part = read_any(path)
    ev = part.events
    src = part.sources[0]
    assert src.rows_read == 11
    assert src.rows_loaded == 8 and src.rows_rejected == 3        # dup, bad date, short line
    # rows as a spreadsheet shows them: header 1, records 2.. (the multi-line note is one row)
    by_col = {(p.column, p.row): p for p in part.problems}
    assert by_col[("event_id_cnty", 2)].severity == "warning"       # the older copy of row 8
    assert "row 8" in by_col[("event_id_cnty", 2)].message
    assert by_col[("event_date", 9)].severity == "error"
    assert by_col[("event_type", 10)].value == "Bombardments"
    assert by_col[("latitude/longitude", 11)].severity == "warning"
    assert by_col[(None, 12)].severity == "error"
    i = list(ev["event_id"]).index(rows[0]["event_id_cnty"])
    assert ev["description"][i] == "updated text"                   # the newer copy kept
    assert list(ev["event_id"]).count(rows[0]["event_id_cnty"]) == 1
    assert ev["description"][list(ev["event_id"]).index(rows[1]["event_id_cnty"])] == \
        'Line one,\n"quoted", line two'
    assert ev["type"][list(ev["event_id"]).index("UKRY")] == "other"
    assert np.isnan(ev["lat"][list(ev["event_id"]).index("UKRZ")])


def test_acled_without_event_date_is_unreadable(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("event_id_cnty,event_type,latitude\nUKR1,Battles,50\n", encoding="utf-8")
    with pytest.raises(UnreadableInput) as info:
        read_any(path)
    assert "event_date" in info.value.message


def test_acled_semicolon_export_detected_by_content(tmp_path):
    path = tmp_path / "events.txt"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, delimiter=";")
        w.writeheader()
        w.writerows(acled_rows(5, form="text"))
    part = read_any(path)
    assert part.sources[0].format == "acled" and len(part.events) == 5


def test_acled_year_typo_is_rejected_with_the_reason(tmp_path):
    rows = list(acled_rows(4, seed=2))
    typo = dict(rows[1], event_id_cnty="UKRT", event_date="2922-05-10")
    path = write_acled(tmp_path / "typo.csv", rows + [typo])
    part = read_any(path)
    assert part.sources[0].rows_rejected == 1
    assert "UKRT" not in set(part.events["event_id"])
    [problem] = [p for p in part.problems if p.column == "event_date"]
    assert (problem.row, problem.value, problem.severity) == (6, "2922-05-10", "error")
    assert "the year 2922 is outside 1991-2035" in problem.message
