"""DeepState snapshots: statuses from names, points, territories, bad geometry, folders, cache."""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import numpy as np
import pytest

from udcg_desktop.io import UnreadableInput, detect, read_any
from udcg_desktop.io.geo import deepstate
from udcg_desktop.io.geo.deepstate import deepstate_key, deepstate_status, read_deepstate

from ..geo_fixtures import (ATTACK, CONTESTED, OCCUPIED, ellipsoid_box_km2, feature,
                           point, polygon, quirky_collection, square, regions_for_tests, rel,
                           write)

STEM = "1715550422"          # 2024-05-12 21:47:02 UTC


def _read(path):
    return read_deepstate(path, regions=regions_for_tests())



@pytest.mark.parametrize("name, expected", [
    ("Окупована /// Occupied /// geoJSON.status.occupied", "occupied"),
    ("x /// Unknown status\xa0/// geoJSON.status.unknown\n", "contested"),
    ("x /// Liberated ///geoJSON.status.dismissed", "liberated"),
    ("x /// Liberated /// geoJSON.status.dismissed_at {{at:25.03}}", "liberated"),
    ("x /// y /// geoJSON.status.dismissed_at {{at:16.03 -17.03}}\n", "liberated"),
    ("x /// y /// geoJSON.status.attack_direction\n", "attack_direction"),
    ("x /// y /// geoJSON.territories.crimea", None),
    ("x /// y /// geoJSON.units.brigade.5-tank", None),
    ("328th Airborne Assault Regiment", None),
])
def test_status_from_the_name_key(name, expected):
    assert deepstate_status(*deepstate_key(name)) == expected


def test_quirky_snapshot_statuses_points_territories_and_areas(tmp_path):
    path = write(tmp_path / f"{STEM}.geojson", quirky_collection())
    part = _read(path)
    (snap,) = part.snapshots
    assert snap.time == np.datetime64("2024-05-12T21:47:02")
    statuses = sorted(f.status for f in snap.features)
    assert statuses == ["contested", "liberated", "liberated", "liberated", "occupied",
                        "occupied", "territories"]
    assert snap.points == [(36.95, 50.25, "Direction of attack")]
    # Transnistria (outside the Ukraine stand-in and not a territory of Ukraine) is gone.
    assert not any(f.rings[0][:, 0].min() < 30 for f in snap.features)
    # Two occupied squares overlapping by half: the union, not the sum.
    occ = snap.areas_km2["occupied"]
    assert rel(occ["all"], ellipsoid_box_km2(36.9, 50.2, 37.05, 50.3)) < 1e-3
    assert rel(occ["kharkiv"], ellipsoid_box_km2(36.9, 50.2, 37.05, 50.25)) < 1e-3
    con = snap.areas_km2["contested"]
    assert rel(con["kharkiv"], ellipsoid_box_km2(37.2, 50.2, 37.3, 50.25)) < 1e-3
    lib = snap.areas_km2["liberated"]
    three = sum(ellipsoid_box_km2(x, 49.0, x + 0.1, 49.1) for x in (36.0, 36.2, 36.4))
    assert rel(lib["all"], three) < 1e-3 and rel(lib["kharkiv"], three) < 1e-3
    # Crimea (territories) is in no figure: all the occupied figure is the two squares.
    src = part.sources[0]
    assert (src.kind, src.format) == ("areas", "deepstate")
    # 12 features, of which Transnistria, a unit, an airfield and a named unit are not
    # control-area rows: skipped with notes, neither read nor rejected.
    assert src.rows_read == 8
    assert src.rows_loaded + src.rows_rejected == src.rows_read
    assert src.rows_rejected == 0
    notes = [p.message for p in part.problems if p.severity == "info"]
    assert any("3 markers not used" in m for m in notes)
    assert any("transnistria" in m for m in notes)
    assert not snap.illustrative


def test_illustrative_flag_and_time_from_stem(tmp_path):
    obj = {"type": "FeatureCollection", "illustrative": True, "features": [
        feature(OCCUPIED, polygon([square(36.9, 50.2, 0.1)]), illustrative=True)]}
    part = _read(write(tmp_path / "1715288400.geojson", obj))
    assert part.snapshots[0].illustrative
    assert part.snapshots[0].time == np.datetime64(1715288400, "s")
    assert "ILLUSTRATIVE" in part.sources[0].detail


def test_geometry_problems_reported_with_feature_index_and_repaired_or_skipped(tmp_path):
    unclosed = [[36.0, 49.0, 0], [36.1, 49.0, 0], [36.1, 49.1, 0], [36.0, 49.1, 0]]
    bowtie = [[37.0, 49.0], [37.1, 49.1], [37.1, 49.0], [37.0, 49.1], [37.0, 49.0]]
    out_of_range = square(36.0, 95.0, 0.1)
    projected = [[4100000.0, 6400000.0], [4110000.0, 6400000.0], [4110000.0, 6410000.0],
                 [4100000.0, 6400000.0]]
    degenerate = [[36.0, 49.0], [36.1, 49.0], [36.0, 49.0]]
    obj = {"type": "FeatureCollection", "features": [
        feature(OCCUPIED, polygon([unclosed])),            # 1: closed, kept
        feature(OCCUPIED, polygon([bowtie])),              # 2: repaired into two triangles
        feature(CONTESTED, polygon([out_of_range])),       # 3: skipped
        feature(CONTESTED, polygon([projected])),          # 4: skipped
        feature(CONTESTED, polygon([degenerate])),         # 5: skipped
        feature(CONTESTED, None),                          # 6: no geometry
        feature(CONTESTED, polygon([square(37.5, 49.5, 0.1)])),   # 7: fine
    ]}
    part = _read(write(tmp_path / f"{STEM}.geojson", obj))
    by_row = {}
    for p in part.problems:
        by_row.setdefault(p.row, []).append(p)
    assert by_row[1][0].severity == "warning" and "not closed" in by_row[1][0].message
    assert by_row[2][0].severity == "warning" and "Self-intersection" in by_row[2][0].message
    for row in (3, 4):
        assert by_row[row][0].severity == "error"
        assert "outside the valid range" in by_row[row][0].message
    assert by_row[5][0].severity == "error"
    assert "without geometry" in by_row[6][0].message
    src = part.sources[0]
    assert (src.rows_read, src.rows_loaded, src.rows_rejected) == (7, 3, 4)
    occ = part.snapshots[0].areas_km2["occupied"]["all"]
    # the closed square plus the bowtie's two triangles (each a quarter of its 0.1-degree box)
    expected = ellipsoid_box_km2(36.0, 49.0, 36.1, 49.1) + ellipsoid_box_km2(37.0, 49.0,
                                                                                37.1, 49.1) / 2
    assert rel(occ, expected) < 2e-3
    con = part.snapshots[0].areas_km2["contested"]["all"]
    assert rel(con, ellipsoid_box_km2(37.5, 49.5, 37.6, 49.6)) < 1e-3


def test_invalid_json_is_unreadable_with_position(tmp_path):
    path = tmp_path / f"{STEM}.geojson"
    text = json.dumps(quirky_collection(), ensure_ascii=False)
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(UnreadableInput) as info:
        read_any(path)
    assert "invalid JSON at line 1" in info.value.message


def test_a_one_gigabyte_file_is_refused_without_reading(tmp_path, monkeypatch):
    big = tmp_path / f"{STEM}.geojson"
    with open(big, "wb") as fh:
        fh.truncate(1024 ** 3)                       # sparse: no disk used
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    with pytest.raises(UnreadableInput) as info:
        read_any(big)
    assert "too large" in info.value.message and "1.0 GB" in info.value.message
    assert big not in read


def test_folder_series_with_unrelated_and_broken_files(tmp_path):
    folder = tmp_path / "snaps"
    folder.mkdir()
    first = quirky_collection()
    second = copy.deepcopy(first)
    second["features"][0]["geometry"] = polygon([square(36.8, 50.2, 0.2)])  # occupied grows
    write(folder / "1715378330.geojson", first)
    write(folder / "1715550422.geojson", second)
    (folder / "1715600000.geojson").write_text("{not json", encoding="utf-8")
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / "sub").mkdir()
    with open(folder / "1715700000.geojson", "wb") as fh:
        fh.truncate(600 * 1024 ** 2)
    assert detect(folder).format == "deepstate"
    part = read_deepstate(folder, regions=regions_for_tests())
    assert [str(s.time) for s in part.snapshots] == ["2024-05-10T21:58:50",
                                                    "2024-05-12T21:47:02"]
    a, b = (s.areas_km2["occupied"]["kharkiv"] for s in part.snapshots)
    assert b > a
    msgs = {Path(p.path).name: p for p in part.problems if p.path != str(folder)}
    assert msgs["1715600000.geojson"].severity == "error"
    assert "invalid JSON" in msgs["1715600000.geojson"].message
    assert "too large" in msgs["1715700000.geojson"].message
    assert msgs["README.md"].severity == "info"
    assert msgs["sub"].severity == "info"
    src = part.sources[0]
    assert src.rows_read == 16 and src.rows_loaded + src.rows_rejected == 16   # 24 less 8 markers
    # one note for the folder, not one per snapshot
    notes = [p for p in part.problems if "markers not used" in p.message]
    assert len(notes) == 1 and notes[0].value == 6 and "over 2 snapshots" in notes[0].message


def test_folder_without_snapshots_is_not_detected(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UnreadableInput) as info:
        detect(tmp_path)
    assert "recognises" in info.value.message


def test_detected_from_content_not_extension(tmp_path):
    path = write(tmp_path / f"{STEM}.json", quirky_collection())
    r = detect(path)
    assert (r.format, r.kind) == ("deepstate", "areas")
    renamed = write(tmp_path / "latest_map", quirky_collection())
    part = read_any(renamed)
    assert part.sources[0].format == "deepstate"
    assert any("modification time" in p.message for p in part.problems)


# -- the cache ----------------------------------------------------------------------------------
def _count_parses(monkeypatch):
    calls = []
    real = deepstate.parse_deepstate

    def counting(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(deepstate, "parse_deepstate", counting)
    return calls


def test_cache_used_on_second_open_and_invalidated_by_same_size_rewrite(tmp_path, monkeypatch):
    monkeypatch.setenv("UDCG_CACHE_DIR", str(tmp_path / "cache"))
    calls = _count_parses(monkeypatch)
    path = write(tmp_path / f"{STEM}.geojson", quirky_collection())
    first = _read(path)
    second = _read(path)
    assert calls == [path.name]                       # the second open came from the cache
    assert "1 from cache" in second.sources[0].detail
    assert second.snapshots[0].areas_km2 == first.snapshots[0].areas_km2
    assert [p.message for p in second.problems] == [p.message for p in first.problems]
    np.testing.assert_array_equal(second.snapshots[0].features[0].rings[0],
                                  first.snapshots[0].features[0].rings[0])
    # Same size, same modification time, different content: must be read again.
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("[36.9, ", "[36.8, ")
    assert len(changed) == len(text) and changed != text
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    third = _read(path)
    assert calls == [path.name, path.name]
    assert third.snapshots[0].areas_km2["occupied"]["all"] != \
        first.snapshots[0].areas_km2["occupied"]["all"]


def test_corrupt_cache_entry_is_ignored_and_rebuilt(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("UDCG_CACHE_DIR", str(cache_dir))
    calls = _count_parses(monkeypatch)
    path = write(tmp_path / f"{STEM}.geojson", quirky_collection())
    good = _read(path)
    entries = list((cache_dir / "snapshots").glob("*.npz"))
    assert len(entries) == 1
    data = entries[0].read_bytes()
    entries[0].write_bytes(data[: len(data) // 2])    # truncated
    again = _read(path)
    assert len(calls) == 2
    assert again.snapshots[0].areas_km2 == good.snapshots[0].areas_km2
    assert entries[0].read_bytes() == data              # rewritten whole
    entries[0].write_bytes(data.replace(b"occupied", b"occupieX"))   # bit rot inside
    third = _read(path)
    assert len(calls) == 3 and third.snapshots[0].areas_km2 == good.snapshots[0].areas_km2


def test_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("UDCG_CACHE_DIR", str(blocker))   # a file, not a folder
    part = _read(write(tmp_path / f"{STEM}.geojson", quirky_collection()))
    assert len(part.snapshots) == 1


def test_attack_points_and_summary_figures_through_assemble(tmp_path):
    from udcg_desktop.core.model import assemble
    from udcg_desktop.core.summary import summary
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder / "1715378330.geojson", {"type": "FeatureCollection", "features": [
        feature(ATTACK, point(36.9, 50.1))]})
    write(folder / "1715550422.geojson", quirky_collection())
    b = assemble([read_deepstate(folder, regions=regions_for_tests())])
    s = summary(b, as_of=np.datetime64("2024-05-12"), areas_since=np.datetime64("2024-05-11"))
    expected = ellipsoid_box_km2(36.9, 50.2, 37.05, 50.25)
    assert rel(s.areas["occupied_km2"], expected) < 1e-3
    assert rel(s.areas["change_since"]["occupied_km2"], expected) < 1e-3
    assert b.areas.at(np.datetime64("2024-05-11")).points == [(36.9, 50.1, "Direction of attack")]
