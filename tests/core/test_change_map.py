"""The change map's classes and the sources' disagreement on hand-built snapshots with known
km², and the sentences bad input gets."""
from __future__ import annotations

import json

import pytest

from tests.change_fixtures import (GIVEN_BACK, GREY, HELD, ISW_EXTRA, ISW_HALF, NEW_GREY, TAKEN,
                                   box_km2, write_deepstate, write_isw)
from udcg_desktop.core.change_map import (ChangeMapUnavailable, change_map, front_series,
                                          headline, span_text)
from udcg_desktop.core.source_disagreement import disagreement_text, source_disagreement
from udcg_desktop.io.registry import load_briefing


@pytest.fixture
def deepstate(tmp_path):
    return load_briefing([write_deepstate(tmp_path / "ds")])


@pytest.fixture
def both(tmp_path):
    return load_briefing([write_deepstate(tmp_path / "ds"), write_isw(tmp_path / "isw.geojson")])


def test_each_class_has_the_area_that_changed_that_way(deepstate):
    cm = change_map(deepstate, "2024-05-09", "2024-05-21")
    km2 = {c.key: c.km2 for c in cm.classes}
    assert km2["occupied"] == pytest.approx(box_km2(TAKEN), rel=1e-3)
    assert km2["contested"] == pytest.approx(box_km2(NEW_GREY), rel=1e-3)
    assert km2["regained"] == pytest.approx(box_km2(GIVEN_BACK), rel=1e-3)
    assert km2["unchanged"] == pytest.approx(box_km2(HELD) + box_km2(GREY), rel=1e-3)
    # The geometry is where the boxes are (the picture draws it).
    by = {c.key: c.geometry for c in cm.classes}
    assert by["occupied"].contains(_centre(TAKEN)) and not by["occupied"].contains(_centre(HELD))
    assert by["regained"].contains(_centre(GIVEN_BACK))
    assert cm.net_occupied_km2 == pytest.approx(box_km2(TAKEN) - box_km2(GIVEN_BACK), rel=1e-3)
    assert cm.since_snapshot.startswith("2024-05-09T12") and cm.as_of_snapshot.startswith(
        "2024-05-21T12")
    assert [n for n, _ in cm.sectors] == ["Lyptsi", "Vovchansk", "Kupiansk"]
    net = f"{cm.net_occupied_km2:+,.0f}"
    assert headline(cm) == f"Front change 9\u201321 May 2024: {net} km\u00b2 occupied"
    assert cm.disagreement is None                         # DeepState alone


def test_the_same_dates_show_no_change(deepstate):
    cm = change_map(deepstate, "2024-05-21", "2024-05-21")
    km2 = {c.key: c.km2 for c in cm.classes}
    assert km2["occupied"] == km2["contested"] == km2["regained"] == 0
    assert km2["unchanged"] > 0


def test_span_text_spans_months_and_years():
    assert span_text("2024-04-28", "2024-05-21") == "28 Apr\u201321 May 2024"
    assert span_text("2023-12-20", "2024-05-21") == "20 Dec 2023\u201321 May 2024"


def test_bad_dates_get_a_sentence_not_a_traceback(deepstate):
    with pytest.raises(ChangeMapUnavailable, match="2024-05-30 is after the as-of date "
                                                   "2024-05-21"):
        change_map(deepstate, "2024-05-30", "2024-05-21")
    with pytest.raises(ChangeMapUnavailable, match="no snapshot was published on or before the "
                                                   "comparison date 2024-05-01 .the first is "
                                                   "2024-05-09"):
        change_map(deepstate, "2024-05-01", "2024-05-21")


def test_the_summary_says_why_there_is_no_change_map(deepstate):
    from udcg_desktop.core.summary import summary
    s = summary(deepstate, "2024-05-21", areas_since="2024-05-01")
    assert s.change_map is None
    assert "comparison date 2024-05-01" in s.change_map_note
    assert json.loads(json.dumps(s.to_dict()))["change_map"]["note"] == s.change_map_note
    ok = summary(deepstate, "2024-05-21", areas_since="2024-05-09").to_dict()["change_map"]
    assert ok["classes"]["occupied"] == pytest.approx(box_km2(TAKEN), abs=0.1)
    assert summary(deepstate, "2024-05-21").to_dict()["change_map"] is None


def test_deepstate_and_isw_disagree_by_known_areas(both):
    d = source_disagreement(both, "2024-05-21")
    # DeepState of 21 May has all of TAKEN, ISW of 20 May only its western half; ISW alone has
    # ISW_EXTRA. HELD is in both.
    assert d.deepstate_only_km2 == pytest.approx(box_km2(TAKEN) - box_km2(ISW_HALF), rel=1e-3)
    assert d.isw_only_km2 == pytest.approx(box_km2(ISW_EXTRA), rel=1e-3)
    by = {r.name: r for r in d.sectors}
    assert by["Vovchansk"].isw_only_km2 == pytest.approx(d.isw_only_km2, rel=1e-6)
    assert by["Lyptsi"].deepstate_only_km2 == 0
    assert (d.deepstate_snapshot[:10], d.isw_snapshot[:10], d.days_apart) == (
        "2024-05-21", "2024-05-20", 1)
    text = disagreement_text(d)
    assert "24 km² only DeepState marks occupied, 16 km² only ISW does" in text
    assert "2024-05-21 and 2024-05-20, 1 days apart" in text
    # On 20 May DeepState shows its 9 May snapshot: the disagreement says so by its dates.
    earlier = source_disagreement(both, "2024-05-20")
    assert earlier.deepstate_snapshot.startswith("2024-05-09")


def test_the_front_reads_deepstate_alone_when_isw_is_loaded_too(both):
    from udcg_desktop.core.summary import summary
    assert len(both.areas) == 3 and len(front_series(both)) == 2
    cm = change_map(both, "2024-05-09", "2024-05-21")
    assert cm.km2("occupied") == pytest.approx(box_km2(TAKEN), rel=1e-3)   # not ISW's half
    assert cm.disagreement is not None
    # The oblast figures and their change come from DeepState's snapshots too, not ISW's.
    ar = summary(both, "2024-05-21", areas_since="2024-05-09").areas
    assert ar["snapshot_time"].startswith("2024-05-21T12") and ar["snapshots"] == 2
    assert ar["change_since"]["kharkiv"]["occupied_km2"] == pytest.approx(
        box_km2(TAKEN) - box_km2(GIVEN_BACK), rel=1e-3)
    assert summary(both, "2024-05-20").areas["snapshot_time"].startswith("2024-05-09")
    d = summary(both, "2024-05-21").to_dict()["source_disagreement"]
    assert d["isw_only_km2"] == pytest.approx(box_km2(ISW_EXTRA), abs=0.1)
    assert d["isw_snapshot"].startswith("2024-05-20")


def test_isw_with_a_null_geometry_still_compares(tmp_path):
    b = load_briefing([write_deepstate(tmp_path / "ds"), write_isw(tmp_path / "isw.geojson")])
    nulls = [p for p in b.problems if p.column == "geometry"]
    assert nulls and "null" in nulls[0].message and nulls[0].path.endswith("isw.geojson")
    assert source_disagreement(b, "2024-05-21") is not None


def test_no_disagreement_without_both_sources_or_before_both_publish(deepstate, both):
    assert source_disagreement(deepstate, "2024-05-21") is None
    assert source_disagreement(both, "2024-05-10") is None      # ISW's first day is 20 May


def _centre(b):
    from shapely.geometry import Point
    return Point((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
