"""Boundary overlays with normalised labels."""
from __future__ import annotations

from udcg_desktop.io import detect, read_any

from ..geo_fixtures import CRS84, square, write


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
