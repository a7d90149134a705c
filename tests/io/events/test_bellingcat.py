"""Bellingcat civilian-harm JSON, both published forms."""
from __future__ import annotations

import json

import numpy as np
import pytest

from udcg_desktop.io import UnreadableInput, detect, read_any

from ..event_fixtures import write_json


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


def test_bellingcat_real_file(realdata):
    part = read_any(realdata / "ukr-civharm-2024-06-02.json")
    src = part.sources[0]
    assert (src.format, src.rows_read, src.rows_loaded, src.rows_rejected) == \
        ("bellingcat", 1790, 1790, 0)
    reused = [p for p in part.problems if p.column == "id"]
    assert sorted(p.value for p in reused) == ["CIV1151", "CIV1553", "CIV2134"]
    ev = part.events
    assert len(set(ev["event_id"])) == 1790
    assert str(ev["date"].min()) == "2022-02-24" and str(ev["date"].max()) <= "2024-05-29"
    assert set(ev["type"]) == {"civilian_harm"}
    # One record sits at (0, 0) ("null island", a placeholder): listed, not placed on the map.
    placed = np.isfinite(ev["lat"])
    assert (~placed).sum() == 1 and ev["event_id"][~placed][0] == "CIV1923"
    assert any(p.row and "placeholder" in p.message for p in part.problems)
    assert (ev["lat"][placed] > 44).all() and (ev["lat"][placed] < 56).all()
    # source_type from the filters: every key the record has, repeated keys merged.
    raw = json.loads((realdata / "ukr-civharm-2024-06-02.json").read_text(encoding="utf-8"))
    for row, st in zip(ev["source_row"], ev["source_type"]):
        keys = {f["key"] for f in raw[row - 1]["filters"] if str(f["value"]).strip()}
        assert {part.split(":")[0] for part in st.split("; ") if part} == keys
