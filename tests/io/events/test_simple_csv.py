"""Simple event CSVs."""
from __future__ import annotations

from udcg_desktop.io import detect, read_any


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
