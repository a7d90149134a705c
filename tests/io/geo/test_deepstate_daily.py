"""DeepState daily occupied-area files: the day from the name, the CRS checked."""
from __future__ import annotations

import numpy as np
import pytest

from udcg_desktop.io import UnreadableInput, detect, read_any
from udcg_desktop.io.geo.deepstate import read_deepstate, read_deepstate_daily

from ..geo_fixtures import CRS84, ellipsoid_box_km2, regions_for_tests, rel, square, write



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
