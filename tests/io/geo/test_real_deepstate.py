"""The real DeepState folder (skipped when realdata is absent)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from udcg_desktop.core.areas import default_regions
from udcg_desktop.core.model import assemble
from udcg_desktop.io import read_any


TIMES = ["2024-04-30T21:27", "2024-05-08T21:06", "2024-05-09T23:42", "2024-05-10T21:58",
         "2024-05-12T21:47", "2024-05-16T09:35", "2024-05-21T23:15", "2024-06-11T20:07",
         "2024-06-30T11:10"]


@pytest.fixture(scope="module")
def deepstate_part(tmp_path_factory):
    from tests.conftest import REALDATA
    if not (REALDATA / "deepstate").is_dir():
        pytest.skip("../shared/realdata/deepstate is not present")
    if "kharkiv" not in default_regions():
        pytest.skip("the basemap's Kharkiv oblast outline is not built")
    with pytest.MonkeyPatch.context() as mp:     # module scope: set up before the autouse one
        mp.setenv("UDCG_CACHE_DIR", str(tmp_path_factory.mktemp("real_cache")))
        return read_any(REALDATA / "deepstate")


def _equal_area_km2(path, status, region_geom):
    """Independent figure: union in a Lambert azimuthal equal-area projection (not the
    ellipsoid routine under test), clipped by the same oblast outline."""
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape
    tr = Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=50 +lon_0=36.5 +ellps=WGS84",
                              always_xy=True)
    project = lambda g: shapely.transform(g, lambda xy: np.column_stack(
        tr.transform(xy[:, 0], xy[:, 1])))
    key = {"occupied": "status.occupied", "contested": "status.unknown"}[status]
    geoms = []
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        name = f["properties"].get("name", "")
        if f["geometry"]["type"] == "Polygon" and name.split("///")[-1].strip() == \
                f"geoJSON.{key}":
            geoms.append(shapely.make_valid(shapely.force_2d(shape(f["geometry"]))))
    union = project(shapely.union_all(geoms))
    return shapely.intersection(union, project(region_geom)).area / 1e6


def test_nine_snapshots_in_time_order(deepstate_part):
    snaps = deepstate_part.snapshots
    assert [str(s.time)[:16] for s in snaps] == TIMES
    src = deepstate_part.sources[0]
    assert src.rows_loaded + src.rows_rejected == src.rows_read
    assert all(len(s.points) >= 40 for s in snaps)          # attack-direction arrows
    assert all(not s.illustrative for s in snaps)
    # Crimea and ORDLO kept for drawing, outside every figure; the rest of 'territories' gone.
    assert all(sum(f.status == "territories" for f in s.features) == 3 for s in snaps)


@pytest.mark.parametrize("index", [2, 4, 6, 8])
def test_kharkiv_figures_match_an_equal_area_projection(deepstate_part, realdata, index):
    snap = deepstate_part.snapshots[index]
    kharkiv = default_regions()["kharkiv"]
    path = realdata / "deepstate" / snap.source_file.split("/")[-1]
    for status in ("occupied", "contested"):
        ours = snap.areas_km2[status]["kharkiv"]
        theirs = _equal_area_km2(path, status, kharkiv)
        assert abs(ours - theirs) <= 0.003 * theirs + 0.05, (status, ours, theirs)


def test_the_offensive_shows_in_the_border_box(deepstate_part):
    """formats.md: in the Kharkiv border box the occupied area grows from 0 km2 (2024-05-10)
    to about a hundred and more within days. (Its box reaches 38 E, where ~122 km2 near
    Kupiansk were already occupied; the offensive's own box, Lyptsi to Vovchansk, ends at
    37.5 E.)"""
    from udcg_desktop.core.areas import RegionSet, status_areas_km2
    import shapely
    ukraine = default_regions()["all"]
    # The box as the clipping region ("kharkiv": the national "all" figure is not clipped).
    box = RegionSet({"kharkiv": shapely.intersection(shapely.box(36.0, 49.9, 37.5, 50.5),
                                                     ukraine)})
    figures = {}
    for s in deepstate_part.snapshots:
        figures[str(s.time)[:10]] = status_areas_km2(s.features, box)["occupied"]["kharkiv"]
    assert figures["2024-05-10"] < 1.0
    assert 30 < figures["2024-05-12"] < figures["2024-05-16"]
    assert figures["2024-05-21"] > 100
    assert figures["2024-06-30"] >= figures["2024-05-21"] - 5


def test_summary_json_reports_the_areas(deepstate_part, realdata, capsys):
    from udcg_desktop.cli import main
    assert main(["summary", "--json", "--as-of", "2024-05-21", "--areas-since", "2024-05-09",
                 str(realdata / "deepstate")]) == 0
    out = json.loads(capsys.readouterr().out)
    areas = out["areas"]
    snap = deepstate_part.snapshots[6]
    assert areas["snapshots"] == 9
    assert areas["snapshot_time"].startswith("2024-05-21T23:15")
    assert areas["occupied_km2"] == pytest.approx(snap.areas_km2["occupied"]["kharkiv"])
    assert areas["ukraine"]["occupied_km2"] == pytest.approx(snap.areas_km2["occupied"]["all"])
    assert areas["change_since"]["occupied_km2"] == pytest.approx(
        snap.areas_km2["occupied"]["kharkiv"]
        - deepstate_part.snapshots[2].areas_km2["occupied"]["kharkiv"])
    assert areas["change_since"]["occupied_km2"] > 50
    assert out["sources"][0]["format"] == "deepstate"


def test_daily_series_for_the_timeline(deepstate_part):
    from udcg_desktop.core.areas import daily_area_series
    series = assemble([deepstate_part]).areas
    days, km2 = daily_area_series(series, "occupied", "kharkiv")
    assert str(days[0]) == "2024-04-30" and str(days[-1]) == "2024-06-30"
    assert len(days) == 62
    i = int(np.flatnonzero(days == np.datetime64("2024-05-14"))[0])
    assert km2[i] == series.snapshots[4].areas_km2["occupied"]["kharkiv"]   # 05-12 still shown


def test_national_figure_is_the_published_polygons_unclipped(deepstate_part):
    """DeepState draws to its own border: the Ukraine figure is its polygons' area, unclipped,
    within 0.5% of a geodesic computation (64,953 km2 occupied on the snapshot shown on
    2024-05-09); the oblast figure stays clipped; territories.* stay out of every figure."""
    from udcg_desktop.core.areas import geodesic_area_km2, union_by_status
    from udcg_desktop.core.model import ControlAreaSeries
    snap = ControlAreaSeries(deepstate_part.snapshots).at(np.datetime64("2024-05-09"))
    unions = union_by_status(snap.features, ("occupied", "contested", "territories"))
    for status in ("occupied", "contested"):
        geodesic = geodesic_area_km2(unions[status])
        assert abs(snap.areas_km2[status]["all"] - geodesic) <= 0.005 * geodesic
    assert snap.areas_km2["occupied"]["all"] == pytest.approx(64_953, rel=0.005)
    assert snap.areas_km2["occupied"]["kharkiv"] < 0.02 * snap.areas_km2["occupied"]["all"]
    crimea = union_by_status([f for f in snap.features if f.name == "Occupied Crimea"],
                             ("territories",))["territories"]
    assert geodesic_area_km2(crimea) == pytest.approx(26_945, rel=0.05)
