"""ISW-style control layers."""
from __future__ import annotations

from udcg_desktop.io import detect
from udcg_desktop.io.geo.isw import read_isw

from ..geo_fixtures import ellipsoid_box_km2, regions_for_tests, rel, square, write


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
