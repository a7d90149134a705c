"""The one GeoJSON feature walker (core/geojson.py), shared by the base map and the io readers."""
from __future__ import annotations

import pytest

from udcg_desktop.core.geojson import NotGeoJSON, features, features_with_geometry

POLY = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}


def test_every_top_level_form_gives_its_features():
    f = {"type": "Feature", "properties": {"name": "a"}, "geometry": POLY}
    bare = {"type": "Feature", "properties": None, "geometry": None}
    assert features({"type": "FeatureCollection", "features": [f, bare]}) == [f, bare]
    assert features(f) == [f]
    assert features(POLY) == [{"type": "Feature", "properties": {}, "geometry": POLY}]
    # only the features with a geometry, for layers drawn or measured whole
    assert features_with_geometry({"type": "FeatureCollection", "features": [f, bare, "x"]}) == [f]


@pytest.mark.parametrize("doc, words", [
    ({"type": "FeatureCollection", "features": {"a": 1}}, "without a 'features' list"),
    ({"type": "Topology"}, "not GeoJSON"),
    ([1, 2], "not GeoJSON"),
])
def test_anything_else_is_named(doc, words):
    with pytest.raises(NotGeoJSON, match=words):
        features(doc)


def test_io_reports_a_document_that_is_no_geojson(tmp_path):
    from udcg_desktop.io import UnreadableInput
    from udcg_desktop.io.geo.isw import read_isw
    path = tmp_path / "layers.geojson"
    path.write_text('{"type": "FeatureCollection", "features": 3, "layer_type": 1}')
    with pytest.raises(UnreadableInput, match="without a 'features' list"):
        read_isw(path)
