"""Caveats per source, checked from the data: partial early DeepState maps, Crimea's area,
the Kiel release's headline measure, foreign territories left out."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from udcg_desktop.core.model import (AreaFeature, BriefingPart, ControlSnapshot, SourceInfo,
                                     assemble)
from udcg_desktop.core.source_checks import CRIMEA_KM2, source_caveats
from udcg_desktop.core.summary import summary

REALDATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata"


def _square(x, y, d):
    return np.array([[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]])


def _briefing(days, crimea_scale=1.0, columns=()):
    snaps = [ControlSnapshot(np.datetime64(f"{d}T12:00:00", "s"), f"/data/ds/{i}.geojson",
                             [AreaFeature("occupied", [_square(37.0, 48.0, 0.1)]),
                              # about Crimea's size (1.85 x 1.82 degrees at 45 N ~ 26,900 km²)
                              AreaFeature("territories",
                                          [_square(33.5, 44.5, 1.8 * crimea_scale)],
                                          name="Occupied Crimea")])
             for i, d in enumerate(days)]
    return assemble([BriefingPart(snapshots=snaps, sources=[
        SourceInfo("/data/ds", "areas", "deepstate", len(days), len(days), 0),
        SourceInfo("/data/k.xlsx", "pledges", "kiel-ust", 1, 1, 0, columns=tuple(columns))])])


def test_early_deepstate_snapshots_are_called_partial():
    lines = source_caveats(_briefing(["2022-06-01", "2022-09-30", "2023-01-01"]))
    assert any(l.startswith("ds: 2 of 3 DeepState snapshots are from before October 2022")
               for l in lines)
    assert not any("before October" in l for l in source_caveats(_briefing(["2023-01-01"])))


def test_crimea_is_measured_against_the_official_figure():
    from udcg_desktop.core.areas import area_km2
    from shapely.geometry import Polygon
    ok = " ".join(source_caveats(_briefing(["2024-05-01"])))
    measured = area_km2(Polygon(_square(33.5, 44.5, 1.8)))
    assert abs(measured / CRIMEA_KM2 - 1) <= 0.05          # the fixture is Crimea-sized
    assert f"Crimea measures {measured:,.0f} km²" in ok and "the area method checks out" in ok
    wrong = " ".join(source_caveats(_briefing(["2024-05-01"], crimea_scale=1.3)))
    assert "CHECK: Crimea measures" in wrong and "may be wrong" in wrong


def test_kiel_measure_follows_its_columns():
    old = " ".join(source_caveats(_briefing(["2024-05-01"], columns=("ID", "countries"))))
    new = " ".join(source_caveats(_briefing(["2024-05-01"],
                                            columns=("ID", "countries", "Type of donation"))))
    assert "k.xlsx: this Kiel release (before 2024) reports commitments only" in old
    assert "separates commitments from allocations" in new


def test_caveats_reach_the_summary_json():
    s = summary(_briefing(["2022-06-01"]))
    assert any("before October 2022" in c for c in s.to_dict()["caveats"])


@pytest.mark.skipif(not (REALDATA / "deepstate").is_dir(), reason="DeepState data not present")
def test_real_deepstate_crimea_within_5_percent():
    from udcg_desktop.io import load_briefing
    lines = source_caveats(load_briefing([REALDATA / "deepstate"]))
    crimea = next(l for l in lines if "Crimea measures" in l)
    assert "the area method checks out" in crimea
    assert any("'territories' polygons outside Ukraine left out" in l for l in lines)
