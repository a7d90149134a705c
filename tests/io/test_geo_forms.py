"""Other control-area forms (daily MultiPolygon, ISW layers) and boundary overlays."""
from __future__ import annotations

import numpy as np
import pytest

from udcg_desktop.io import UnreadableInput, detect, read_any
from udcg_desktop.io.geo import read_deepstate, read_deepstate_daily, read_isw

from .geo_fixtures import ellipsoid_box_km2, regions_for_tests, square, write

CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}


def rel(a, b):
    return abs(a - b) / b


def daily(squares):
    return {"type": "FeatureCollection", "crs": CRS84, "features": [{
        "type": "Feature", "properties": {},
        "geometry": {"type": "MultiPolygon",
                     "coordinates": [[square(x, y, s, z=False)] for x, y, s in squares]}}]}


def test_daily_file_date_from_name_and_crs(tmp_path):
    path = write(tmp_path / "deepstatemap_data_20240708.geojson",
                 daily([(36.9, 50.2, 0.1), (37.5, 49.0, 0.1)]))
    assert detect(path).format == "deepstate-daily"
    part = read_deepstate_daily(path, regions=regions_for_tests())
    (snap,) = part.snapshots
    assert snap.time == np.datetime64("2024-07-08T00:00:00")
    assert [f.status for f in snap.features] == ["occupied", "occupied"]
    expected = ellipsoid_box_km2(36.9, 50.2, 37.0, 50.3) + ellipsoid_box_km2(37.5, 49.0, 37.6,
                                                                             49.1)
    assert rel(snap.areas_km2["occupied"]["all"], expected) < 1e-3
    assert part.sources[0].format == "deepstate-daily"


def test_daily_folder_is_a_time_series(tmp_path):
    for day, size in (("20240708", 0.1), ("20240710", 0.2), ("20240709", 0.15)):
        write(tmp_path / f"deepstatemap_data_{day}.geojson", daily([(36.9, 50.0, size)]))
    assert detect(tmp_path).format == "deepstate"
    part = read_deepstate(tmp_path, regions=regions_for_tests())
    assert part.sources[0].format == "deepstate-daily"
    areas = [s.areas_km2["occupied"]["all"] for s in part.snapshots]
    assert [str(s.time)[:10] for s in part.snapshots] == ["2024-07-08", "2024-07-09",
                                                          "2024-07-10"]
    assert areas == sorted(areas)


def test_projected_crs_is_refused_clearly(tmp_path):
    obj = daily([(36.9, 50.2, 0.1)])
    obj["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    with pytest.raises(UnreadableInput) as info:
        read_any(write(tmp_path / "deepstatemap_data_20240708.geojson", obj))
    assert "EPSG::3857" in info.value.message and "reproject" in info.value.message


def test_isw_layers_by_date_with_null_geometry(tmp_path):
    def f(day, layer, geom, area=None):
        return {"type": "Feature", "properties": {"date": day, "area_km2": area,
                                                  "layer_type": layer}, "geometry": geom}
    sq = lambda x: {"type": "Polygon", "coordinates": [square(x, 50.0, 0.1, z=False)]}
    obj = {"type": "FeatureCollection", "features": [
        f("2024-05-12", "Assessed Russian-controlled Ukrainian Territory", sq(36.0)),
        f("2024-05-12", "Assessed Russian Advances in Ukraine", sq(36.5)),
        f("2024-05-10", "Assessed Russian-controlled Ukrainian Territory", sq(36.0)),
        f("2024-05-10", "Claimed Ukrainian Counteroffensives", {"type": "MultiPolygon",
          "coordinates": [[square(37.0, 49.0, 0.1, z=False)]]}),
        f("2024-05-12", "Assessed Russian-controlled Ukrainian Territory", None, 12.5),
        f("not a date", "Assessed Russian-controlled Ukrainian Territory", sq(36.0)),
        f("2024-05-12", "Reported Ukrainian Partisan Warfare", sq(38.0)),
    ]}
    path = write(tmp_path / "isw_layers.geojson", obj)
    assert detect(path).format == "isw"
    part = read_isw(path, regions=regions_for_tests())
    assert [str(s.time)[:10] for s in part.snapshots] == ["2024-05-10", "2024-05-12"]
    may10, may12 = part.snapshots
    one = ellipsoid_box_km2(36.0, 50.0, 36.1, 50.1)
    assert rel(may10.areas_km2["occupied"]["all"], one) < 1e-3
    assert rel(may10.areas_km2["liberated"]["all"], ellipsoid_box_km2(37, 49, 37.1, 49.1)) < 1e-3
    assert rel(may12.areas_km2["contested"]["all"], ellipsoid_box_km2(36.5, 50, 36.6, 50.1)) \
        < 1e-3
    rows = {p.row: p for p in part.problems if p.row}
    assert "null" in rows[5].message and rows[5].value == 12.5
    assert rows[6].column == "date" and rows[6].severity == "error"
    assert rows[7].column == "layer_type"
    src = part.sources[0]
    assert (src.rows_read, src.rows_loaded, src.rows_rejected) == (7, 4, 3)


def test_geoboundaries_overlay_with_normalised_labels(tmp_path):
    obj = {"type": "FeatureCollection", "crs": CRS84, "features": [
        {"type": "Feature", "properties": {"shapeName": "Kharkiv Oblast", "shapeISO": "UA-63"},
         "geometry": {"type": "Polygon", "coordinates": [square(35.0, 49.0, 2.0, z=False)]}},
        {"type": "Feature", "properties": {"shapeName": "Odessa Oblast", "shapeISO": "UA-51"},
         "geometry": {"type": "MultiPolygon", "coordinates": [
             [square(29.0, 45.5, 1.0, z=False)], [square(31.0, 46.0, 0.2, z=False)]]}},
        {"type": "Feature", "properties": {"shapeName": "Zaporizhia Oblast"},
         "geometry": {"type": "LineString", "coordinates": [[35, 47], [36, 47.5]]}},
        {"type": "Feature", "properties": {"shapeName": "Bad"},
         "geometry": {"type": "Polygon", "coordinates": [square(35.0, 95.0, 1.0, z=False)]}},
    ]}
    path = write(tmp_path / "geoBoundaries-UKR-ADM1.geojson", obj)
    r = detect(path)
    assert (r.format, r.kind) == ("boundaries", "boundaries")
    part = read_any(path)
    (ov,) = part.overlays
    assert ov.name == "geoBoundaries-UKR-ADM1"
    assert [t for _, _, t in ov.labels] == ["Kharkiv Oblast", "Odesa Oblast",
                                           "Zaporizhzhia Oblast"]
    lon, lat, _ = ov.labels[1]
    assert 29.0 < lon < 30.0 and 45.5 < lat < 46.5        # on the larger part
    assert len(ov.lines) == 4 and all(l.shape[1] == 2 for l in ov.lines)
    src = part.sources[0]
    assert (src.rows_read, src.rows_loaded, src.rows_rejected) == (4, 3, 1)
    assert "shapeName" in src.detail


def test_official_file_with_ukrainian_names_only(tmp_path):
    obj = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ADMIN_1": "Харківська область", "KOATUU": "63"},
         "geometry": {"type": "Polygon", "coordinates": [[
             [35.123456789012345, 49.0], [37.0, 49.0], [37.0, 50.4], [35.123456789012345, 49.0]
         ]]}},
        {"type": "Feature", "properties": {"ADMIN_1": "Запорізька область"},
         "geometry": {"type": "Polygon", "coordinates": [square(35, 47, 1, z=False)]}},
    ]}
    part = read_any(write(tmp_path / "oblasts_minregion.json", obj))
    assert [t for _, _, t in part.overlays[0].labels] == ["Kharkiv Oblast",
                                                          "Zaporizhzhia Oblast"]
    assert part.overlays[0].raw_names[0] == "Харківська область"
