"""The front's change by sector: known answers on two small snapshots, and the real DeepState."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from udcg_desktop.core.areas import geodesic_area_km2
from udcg_desktop.core.front_sectors import REST, load_sectors, sector_changes
from udcg_desktop.core.model import AreaFeature, ControlAreaSeries, ControlSnapshot

DEEPSTATE = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "deepstate"


def _box(x0, y0, x1, y1):
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])


def _snap(day, features):
    return ControlSnapshot(time=np.datetime64(f"{day}T12:00:00", "s"), source_file=f"{day}.json",
                           features=[AreaFeature(s, [r]) for s, r in features])


@pytest.fixture
def series():
    held = _box(36.80, 50.18, 36.90, 50.24)          # inside the Vovchansk sector
    taken = _box(36.90, 50.18, 37.00, 50.24)         # next to it, taken between the two dates
    grey = _box(36.40, 50.15, 36.45, 50.18)          # Lyptsi: contested, then back to Ukraine
    return ControlAreaSeries([
        _snap("2024-05-09", [("occupied", held), ("contested", grey)]),
        _snap("2024-05-21", [("occupied", held), ("occupied", taken)]),
    ]), taken, grey


def test_gained_and_lost_land_in_the_right_sectors(series):
    s, taken, grey = series
    from shapely.geometry import Polygon
    from udcg_desktop.core.areas import default_regions
    assert default_regions()["kharkiv"].contains(Polygon(taken).union(Polygon(grey)))
    fc = sector_changes(s, "2024-05-09", "2024-05-21")
    by = {c.name: c for c in fc.sectors}
    assert list(by) == ["Lyptsi", "Vovchansk", "Kupiansk", REST]
    expected = geodesic_area_km2(Polygon(taken))          # an independent computation
    assert by["Vovchansk"].gained_km2["occupied"] == pytest.approx(expected, rel=1e-3)
    assert by["Vovchansk"].lost_km2["occupied"] == 0
    assert by["Lyptsi"].lost_km2["contested"] == pytest.approx(geodesic_area_km2(Polygon(grey)),
                                                              rel=1e-3)
    assert by["Lyptsi"].net_km2("contested") < 0
    assert all(c.gained_km2["occupied"] == 0 for c in fc.sectors if c.name != "Vovchansk")
    assert fc.since_snapshot.startswith("2024-05-09") and fc.as_of_snapshot.startswith("2024-05-21")
    # Backwards: what was gained is now lost.
    back = {c.name: c for c in sector_changes(s, "2024-05-21", "2024-05-21").sectors}
    assert all(c.gained_km2["occupied"] == 0 == c.lost_km2["occupied"] for c in back.values())


def test_no_snapshot_before_the_comparison_date_gives_none(series):
    assert sector_changes(series[0], "2024-05-01", "2024-05-21") is None


def test_sectors_tile_the_oblast_without_overlap():
    import shapely
    from udcg_desktop.core.areas import area_km2, default_regions
    sectors = load_sectors()
    total = sum(area_km2(g) for _, g in sectors)
    assert total == pytest.approx(area_km2(default_regions()["kharkiv"]), rel=1e-3)
    union = shapely.union_all([g for _, g in sectors])
    assert area_km2(union) == pytest.approx(total, rel=1e-3)


@pytest.mark.skipif(not DEEPSTATE.is_dir(), reason="DeepState snapshots not present")
def test_real_deepstate_may_9_to_21_by_sector():
    from udcg_desktop.io import load_briefing
    areas = load_briefing([DEEPSTATE]).areas
    fc = sector_changes(areas, "2024-05-09", "2024-05-21")
    by = {c.name: c for c in fc.sectors}
    # The offensive opened on 10 May on the Lyptsi and Vovchansk axes.
    assert by["Vovchansk"].gained_km2["occupied"] > by["Lyptsi"].gained_km2["occupied"] > 20
    assert by[REST].gained_km2["occupied"] < 1
    # The sectors together account for the oblast's occupied change in the snapshots' figures.
    a, b = areas.at(np.datetime64("2024-05-09")), areas.at(np.datetime64("2024-05-21"))
    change = b.areas_km2["occupied"]["kharkiv"] - a.areas_km2["occupied"]["kharkiv"]
    assert sum(c.net_km2("occupied") for c in fc.sectors) == pytest.approx(change, abs=2.0)


def test_the_summary_and_every_output_line_carry_the_sectors(series):
    from udcg_desktop.core.describe import sectors_text
    from udcg_desktop.core.model import BriefingPart, assemble
    from udcg_desktop.core.summary import summary
    from udcg_desktop.export.content import front_rows
    s_, taken, _grey = series
    b = assemble([BriefingPart(snapshots=list(s_.snapshots))])
    s = summary(b, "2024-05-21", areas_since="2024-05-09")
    sectors = {r["sector"]: r for r in s.to_dict()["front_by_sector"]["sectors"]}
    assert sectors["Vovchansk"]["occupied_net_km2"] > 0 and sectors["Lyptsi"][
        "contested_net_km2"] < 0
    text = sectors_text(s.sector_change)
    assert text.startswith("By sector (illustrative sector boxes): Lyptsi contested")
    assert "Vovchansk occupied +" in text and "Kupiansk" not in text
    assert ("By sector", text) in front_rows(s)
    assert summary(b, "2024-05-21").to_dict()["front_by_sector"] is None
