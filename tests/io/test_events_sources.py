"""ACLED CSV, Bellingcat JSON (both forms) and simple event CSVs."""
from __future__ import annotations

import csv
import datetime as dt
import json
import random

import numpy as np
import pytest

from udcg_desktop.io import UnreadableInput, detect, read_any
from udcg_desktop.io.events import parse_day, slash_order

from .event_fixtures import ACLED_COLUMNS, acled_rows, write_acled, write_json


@pytest.mark.parametrize("text, order, expected", [
    ("2024-05-10", "dmy", dt.date(2024, 5, 10)),
    ("10 May 2024", "dmy", dt.date(2024, 5, 10)),
    ("10 September 2024", "dmy", dt.date(2024, 9, 10)),
    ("10/05/2024 00:00:00", "dmy", dt.date(2024, 5, 10)),
    ("05/10/2024", "mdy", dt.date(2024, 5, 10)),
    ("31/02/2024", "dmy", None),
    ("", "dmy", None),
    ("soon", "dmy", None),
])
def test_parse_day(text, order, expected):
    assert parse_day(text, order) == expected


def test_slash_order_from_the_files_own_dates():
    assert slash_order(["10/05/2024", "13/05/2024"]) == "dmy"
    assert slash_order(["02/24/2022", "05/10/2024"]) == "mdy"
    assert slash_order(["01/02/2024"]) == "dmy"           # ambiguous: the default
    assert slash_order(["01/02/2024"], default="mdy") == "mdy"
    # one junk date does not flip a month-first file
    assert slash_order(["05/13/2024", "02/24/2022", "13/13/2024"]) == "mdy"


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


# -- Bellingcat ---------------------------------------------------------------------------------
def _bc(i, date, lat, lon, desc="Shelling damaged a house.", filters=None, **extra):
    return {"id": f"CIV{i:04d}", "date": date, "latitude": lat, "longitude": lon,
            "location": "", "description": desc,
            "sources": [{"id": f"src{i}", "path": f"https://example.org/{i}",
                         "description": desc}],
            "filters": filters if filters is not None else [
                {"key": "Type of area affected", "value": "Residential"},
                {"key": "Type of area affected", "value": "Commercial"},
                {"key": "Weapon System", "value": "Cluster munitions"}], **extra}


def test_bellingcat_first_form(tmp_path):
    recs = [_bc(1, "05/13/2024", "50.2871", "36.9412"),
            _bc(2, "02/24/2022", "49.9935", "36.2304"),
            _bc(3, "05/10/2024", "", ""),
            _bc(4, "13/13/2024", "50", "36"),
            _bc(5, "05/11/2024", "50.1", "36.1", desc="Another incident.")]
    recs.append(dict(recs[0]))                                   # the same record again
    recs.append(dict(recs[4], latitude="48.5", description="Different incident."))   # ID reuse
    path = write_json(tmp_path / "civharm.json", recs)
    assert detect(path).format == "bellingcat"
    part = read_any(path)
    ev = part.events
    src = part.sources[0]
    assert (src.rows_read, src.rows_loaded, src.rows_rejected) == (7, 5, 2)
    assert list(ev["event_id"]) == ["CIV0001", "CIV0002", "CIV0003", "CIV0005", "CIV0005#2"]
    assert [str(d) for d in ev["date"]] == ["2024-05-13", "2022-02-24", "2024-05-10",
                                            "2024-05-11", "2024-05-11"]
    assert ev["lat"][0] == 50.2871 and np.isnan(ev["lat"][2])
    assert ev["source_type"][0] == ("Type of area affected: Residential, Commercial; "
                                    "Weapon System: Cluster munitions")
    assert set(ev["type"]) == {"civilian_harm"}
    assert ev["source"][0] == "Bellingcat: https://example.org/1"
    rows = {p.row: p for p in part.problems}
    assert rows[4].severity == "error"
    assert "loaded once" in rows[6].message and "record 1" in rows[6].message
    assert "different incident" in rows[7].message


def test_bellingcat_second_form_iso_floats_null_location(tmp_path):
    recs = [{"date": "2024-05-12", "location": None, "description": "Strike on Vovchansk.",
             "sources": [], "latitude": 50.29, "longitude": 36.94},
            {"date": "2024-05-14", "location": "Kharkov", "description": "Glide bomb.",
             "sources": [{"path": "https://example.org/a"}, {"path": "https://example.org/b"}],
             "latitude": None, "longitude": None}]
    part = read_any(write_json(tmp_path / "harm.json", recs))
    ev = part.events
    assert part.sources[0].format == "bellingcat" and len(ev) == 2
    assert [str(d) for d in ev["date"]] == ["2024-05-12", "2024-05-14"]
    assert ev["lon"][0] == 36.94 and np.isnan(ev["lon"][1])
    assert ev["place"][1] == "Kharkiv"
    assert ev["source"][1] == "Bellingcat: https://example.org/a (+1 more)"
    assert "ISO dates" in part.sources[0].detail


def test_bellingcat_invalid_json(tmp_path):
    path = tmp_path / "harm.json"
    path.write_text('[{"id": "CIV1", "date": "05/10/2024", "latitude": "50", "description"',
                    encoding="utf-8")
    with pytest.raises(UnreadableInput) as info:
        read_any(path)
    assert "invalid JSON" in info.value.message


# -- simple event CSV ---------------------------------------------------------------------------
def test_simple_event_csv(tmp_path):
    path = tmp_path / "timeline.csv"
    path.write_text("date,type,place,lat,lon,description\n"
                    "2024-05-10,assault,Vovchansk,50.29,36.94,Cross-border assault begins\n"
                    "10 May 2024,Shelling,Kharkov,49.99,36.23,Shelling of the city\n"
                    "later,capture,Lyptsi,50.19,36.43,no date\n", encoding="utf-8")
    r = detect(path)
    assert (r.format, r.kind) == ("events-csv", "events")
    part = read_any(path)
    ev = part.events
    assert list(ev["type"]) == ["assault", "strike"]
    assert list(ev["place"]) == ["Vovchansk", "Kharkiv"]
    src = part.sources[0]
    assert (src.rows_read, src.rows_loaded, src.rows_rejected) == (3, 2, 1)
    assert part.problems[0].row == 4


def test_bellingcat_with_bom_and_a_huge_csv_refused(tmp_path):
    path = tmp_path / "harm.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps([_bc(1, "05/13/2024", "50.2", "36.9")]).encode())
    assert read_any(path).sources[0].format == "bellingcat"
    big = tmp_path / "acled_all.csv"
    with open(big, "wb") as fh:
        fh.write(b"event_id_cnty,event_date,event_type,latitude,longitude\n")
        fh.truncate(700 * 1024 ** 2)
    with pytest.raises(UnreadableInput) as info:
        read_any(big)
    assert "too large" in info.value.message and "512 MB" in info.value.message


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
