"""Area figures against independent computations: the ellipsoid formula for a lat/lon box."""
from __future__ import annotations

import math

import numpy as np
import pytest

from udcg_desktop.core.areas import (AreaCalculator, RegionSet, daily_area_series,
                                     geodesic_area_km2, status_areas_km2)
from udcg_desktop.core.model import AreaFeature, ControlAreaSeries, ControlSnapshot

shapely = pytest.importorskip("shapely")


def box_km2(lon0, lat0, lon1, lat1):
    """Exact ellipsoidal area of a lon/lat box (authalic latitude), independent of pyproj."""
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    e = math.sqrt(e2)

    def q(phi):
        s = math.sin(math.radians(phi))
        return (1 - e2) * (s / (1 - e2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e))

    return a * a / 2 * math.radians(lon1 - lon0) * (q(lat1) - q(lat0)) / 1e6


def dense_box(*b):
    return shapely.segmentize(shapely.box(*b), 0.002)     # edges follow the parallels


def test_tenth_degree_square_at_50n():
    ours = geodesic_area_km2(dense_box(36.0, 50.0, 36.1, 50.1))
    exact = box_km2(36.0, 50.0, 36.1, 50.1)
    assert abs(ours - exact) / exact < 1e-6
    # and not degrees squared, nor a sphere's figure
    sphere = (6371.0088 ** 2) * math.radians(0.1) * (math.sin(math.radians(50.1))
                                                     - math.sin(math.radians(50.0)))
    assert abs(ours - 79.66) < 0.01 and abs(sphere - ours) > 0.05


def test_holes_are_subtracted():
    outer = shapely.box(36.0, 50.0, 37.0, 51.0)
    hole = shapely.box(36.25, 50.25, 36.75, 50.75)
    ring = outer.difference(hole)
    expected = box_km2(36.0, 50.0, 37.0, 51.0) - box_km2(36.25, 50.25, 36.75, 50.75)
    assert abs(geodesic_area_km2(ring) - expected) / expected < 2e-4


def _feat(status, geom):
    return AreaFeature(status, [np.asarray(geom.exterior.coords)], "")


def test_union_not_double_counted_oblast_clipped_national_not():
    regions = {"all": dense_box(30, 44, 41, 53), "kharkiv": dense_box(35, 49, 38, 50.05)}
    feats = [_feat("occupied", dense_box(36.0, 50.0, 36.1, 50.1)),
             _feat("occupied", dense_box(36.05, 50.0, 36.15, 50.1)),   # half overlapping
             _feat("occupied", dense_box(36.0, 50.0, 36.1, 50.1)),     # an exact duplicate
             _feat("contested", dense_box(29.0, 50.0, 31.0, 50.1))]    # half outside "all"
    out = status_areas_km2(feats, regions)
    assert out["occupied"]["all"] == pytest.approx(box_km2(36.0, 50.0, 36.15, 50.1), rel=1e-5)
    assert out["occupied"]["kharkiv"] == pytest.approx(box_km2(36.0, 50.0, 36.15, 50.05),
                                                       rel=1e-4)
    # The national figure is the published polygon, unclipped (DeepState draws its own border).
    assert out["contested"]["all"] == pytest.approx(box_km2(29.0, 50.0, 31.0, 50.1), rel=1e-4)
    assert out["contested"]["kharkiv"] == 0.0
    assert out["liberated"] == {"all": 0.0, "kharkiv": 0.0}


def test_missing_outlines_leave_figures_out():
    feats = [_feat("occupied", dense_box(36.0, 50.0, 36.1, 50.1))]
    rs = RegionSet({})
    out = status_areas_km2(feats, rs)
    assert "kharkiv" not in out["occupied"]
    assert out["occupied"]["all"] == pytest.approx(box_km2(36.0, 50.0, 36.1, 50.1), rel=1e-5)
    assert rs.notes() == ["Kharkiv oblast outline not found: oblast areas not computed"]


def test_memoised_calculator_equals_plain_union():
    rng = np.random.default_rng(4)
    regions = RegionSet({"all": shapely.box(30, 44, 41, 53),
                         "kharkiv": shapely.Point(36.5, 50.0).buffer(0.6)})
    calc = AreaCalculator(regions)
    for trial in range(5):
        items = []
        for k in range(25):
            x, y = rng.uniform(35.5, 37.5), rng.uniform(49.3, 50.7)
            s = rng.uniform(0.05, 0.4)
            g = shapely.Point(x, y).buffer(s, 8) if k % 2 else shapely.box(x, y, x + s, y + s)
            status = ("occupied", "contested", "liberated")[k % 3]
            items.append((status, g.wkb, g))
        fast = calc.status_areas_km2(items)
        plain = status_areas_km2([(s, g) for s, _, g in items], regions)
        for status in plain:
            for region in plain[status]:
                assert fast[status][region] == pytest.approx(plain[status][region], rel=1e-9,
                                                             abs=1e-9)


def test_daily_series_follows_the_snapshot_shown_each_day():
    def snap(t, v):
        return ControlSnapshot(np.datetime64(t, "s"), "f", [], {"occupied": {"kharkiv": v}})
    series = ControlAreaSeries([snap("2024-05-12T21:47:02", 60.0), snap("2024-05-09T23:42:50", 0.0),
                                snap("2024-05-16T09:35:54", 95.0)])
    days, km2 = daily_area_series(series, "occupied", "kharkiv", start="2024-05-08")
    assert [str(d) for d in days][:2] == ["2024-05-08", "2024-05-09"]
    assert np.isnan(km2[0])
    assert list(km2[1:]) == [0.0, 0.0, 0.0, 60.0, 60.0, 60.0, 60.0, 95.0]


def test_equal_area_figures_agree_with_the_formula_and_the_geodesic_routine():
    from udcg_desktop.core.areas import area_km2
    exact = box_km2(36.0, 50.0, 36.1, 50.1)
    assert area_km2(shapely.box(36.0, 50.0, 36.1, 50.1)) == pytest.approx(exact, rel=1e-9)
    blob = shapely.Point(36.5, 50.0).buffer(0.3, 64)
    assert area_km2(blob) == pytest.approx(geodesic_area_km2(blob), rel=1e-4)


def test_kharkiv_oblast_outline_has_the_official_area():
    from udcg_desktop.core.areas import area_km2, default_regions
    regions = default_regions()
    if "kharkiv" not in regions:
        pytest.skip("basemap not built")
    # Official figure 31,415 km2 (State Statistics Service of Ukraine).
    assert area_km2(regions["kharkiv"]) == pytest.approx(31415, rel=0.005)
    assert area_km2(regions["all"]) == pytest.approx(603_628, rel=0.02)


def test_equal_area_projection_is_proj_s_cea_to_the_last_digits():
    """The closed-form projection gives PROJ's own ``+proj=cea`` areas (the figures did not move
    when pyproj's transformer was replaced) on the sample's control areas, and far north/south."""
    import json
    from pathlib import Path
    from shapely.geometry import shape
    from udcg_desktop.core.areas import area_km2
    from udcg_desktop.core.paths import data_dir
    pyproj = pytest.importorskip("pyproj")
    tr = pyproj.Transformer.from_crs("EPSG:4326", "+proj=cea +lon_0=0 +lat_ts=0 +ellps=WGS84",
                                     always_xy=True)

    def proj_km2(g):
        return shapely.transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))
                                 ).area / 1e6
    geoms = [shapely.Point(lon, lat).buffer(2.0, 32) for lon, lat in
             ((-170, -80), (10, -30), (36.5, 50), (120, 75))]
    for path in sorted(Path(data_dir(), "sample_control_areas").glob("*.geojson"))[:3]:
        geoms += [shape(f["geometry"]) for f in json.loads(path.read_bytes())["features"]
                  if f["geometry"]["type"] in ("Polygon", "MultiPolygon")]
    assert len(geoms) >= 6
    for g in geoms:
        assert area_km2(g) == pytest.approx(proj_km2(g), rel=1e-12, abs=1e-9)


def test_area_figures_need_no_pyproj():
    """The self-contained build leaves pyproj (23 MB with PROJ's database) out: the figures of a
    whole summary must not import it."""
    import subprocess
    import sys
    from pathlib import Path
    code = ("import sys, contextlib, io\n"
            "from udcg_desktop.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out: main(['summary', '--json'])\n"
            "assert '\"occupied_km2\"' in out.getvalue(), out.getvalue()[:300]\n"
            "print('pyproj' in sys.modules, 'shapely' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == ["False", "True"]     # areas computed, without pyproj
