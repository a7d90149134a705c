"""The front's change between two small snapshots: km2 signed with both snapshot dates, and the
base-map settlements that changed status, by name, in the summary, the CLI, every export and
the window."""
import json

import numpy as np
import pytest

from udcg_desktop.core.describe import front_change_text, settlements_text
from udcg_desktop.core.summary import summary
from udcg_desktop.io import load_briefing
from tests.io.geo_fixtures import CONTESTED, LIBERATED, OCCUPIED, feature, polygon, square

T0, T1 = 1715300000, 1716300000          # 2024-05-10 00:13 and 2024-05-21 14:00 UTC
VOVCHANSK = (36.94108, 50.29078)


def _write(folder, stamp, features):
    path = folder / f"{stamp}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")


@pytest.fixture
def two_snapshots(tmp_path):
    """Vovchansk liberated, then occupied; a contested square appears near Lyptsi; far in the
    south a liberated square stays as it was."""
    lon, lat = VOVCHANSK
    still = feature(LIBERATED, polygon([square(33.0, 47.0, 0.2)]))
    _write(tmp_path, T0, [feature(LIBERATED, polygon([square(lon - 0.05, lat - 0.05, 0.1)])),
                          still])
    _write(tmp_path, T1, [feature(OCCUPIED, polygon([square(lon - 0.05, lat - 0.05, 0.1)])),
                          feature(CONTESTED, polygon([square(36.30, 50.26, 0.05)])), still])
    return load_briefing([tmp_path])


def test_change_is_signed_with_both_snapshots_and_names_the_settlements(two_snapshots):
    b = two_snapshots
    s0, s1 = b.areas.snapshots
    ch = summary(b, "2024-05-21", areas_since="2024-05-12").areas["change_since"]
    assert ch["snapshot_time"].startswith("2024-05-10T00:13")
    assert ch["snapshot_time_now"].startswith("2024-05-21T14:00")
    for region, key in (("kharkiv", "kharkiv"), ("ukraine", "all")):
        for status in ("occupied", "contested", "liberated"):
            want = s1.areas_km2[status][key] - s0.areas_km2[status][key]
            assert ch[region][f"{status}_km2"] == pytest.approx(want)
    assert ch["kharkiv"]["occupied_km2"] > 70 and ch["kharkiv"]["liberated_km2"] < -70
    vov = [c for c in ch["settlements"] if c["name"] == "Vovchansk"]
    assert vov == [{"name": "Vovchansk", "oblast": "Kharkiv Oblast", "before": "liberated",
                    "after": "occupied", "population": vov[0]["population"],
                    "lon": pytest.approx(36.94, abs=0.01), "lat": pytest.approx(50.29, abs=0.01)}]
    assert all(c["before"] != c["after"] for c in ch["settlements"])
    ar = summary(b, "2024-05-21", areas_since="2024-05-12").areas
    text = front_change_text(ar)
    assert text.startswith("Since 2024-05-12 (snapshots 2024-05-10 00:13 UTC to 2024-05-21 "
                           "14:00 UTC): Kharkiv oblast occupied +")
    assert "Vovchansk (liberated → occupied)" in settlements_text(ar)


def test_since_on_the_command_line_gives_the_change(two_snapshots, tmp_path, capsys):
    from udcg_desktop.cli import main
    folder = tmp_path
    assert main(["summary", str(folder), "--as-of", "2024-05-21", "--since", "2024-05-12",
                 "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["areas"]["change_since"]["date"] == "2024-05-12"
    assert "Vovchansk" in [c["name"] for c in d["areas"]["change_since"]["settlements"]]
    assert main(["summary", str(folder), "--as-of", "2024-05-21", "--since", "2024-05-12"]) == 0
    out = capsys.readouterr().out
    assert "Since 2024-05-12" in out and "Vovchansk (liberated → occupied)" in out


def test_every_export_carries_the_change(two_snapshots, tmp_path):
    from udcg_desktop.export import pack
    from tests.export.export_fixtures import FakeRenderer
    out = tmp_path / "out"
    r = pack.export_pack(two_snapshots, out, as_of="2024-05-21", since="2024-05-12",
                         renderer=FakeRenderer(True), formats=("xlsx", "pptx", "md", "pdf"))
    assert r.ok, r.failures
    stem = out / "udcg_briefing_2024-05-21"
    md = stem.with_suffix(".md").read_text(encoding="utf-8")
    assert "Since 2024-05-12 (snapshots 2024-05-10" in md and "Vovchansk (liberated" in md
    assert "DeepState's published polygons, unclipped" in md
    import openpyxl
    ws = openpyxl.load_workbook(f"{stem}.xlsx")["Summary"]
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert rows["Front change"].startswith("Since 2024-05-12")
    assert "Vovchansk" in rows["Settlements changed"]
    from pptx import Presentation
    prs = Presentation(f"{stem}.pptx")
    key = next(sl for sl in prs.slides
               if any(sh.has_text_frame and sh.text_frame.text == "Key figures"
                      for sh in sl.shapes))
    texts = [sh.text_frame.text for sh in key.shapes if sh.has_text_frame]
    assert any("Occupied change since 2024-05-12" in t and "+" in t for t in texts)
    deck = " ".join(sh.text_frame.text for sl in prs.slides for sh in sl.shapes
                    if sh.has_text_frame)
    assert "Vovchansk (liberated → occupied)" in deck


def test_compare_with_in_the_window(qtbot, two_snapshots):
    from udcg_desktop.core.session import Session
    from udcg_desktop.gui.views.figures_panel import FiguresPanel
    from tests.gui.mw_helpers import shown, type_date
    session = Session(two_snapshots)
    panel = shown(qtbot, FiguresPanel(session), 420, 800)
    assert "Since" not in panel.areas.text()
    type_date(qtbot, panel.compare, "2024-05-12")
    assert session.compare_with == np.datetime64("2024-05-12")
    assert "Since 2024-05-12" in panel.areas.text()
    assert "Vovchansk (liberated → occupied)" in panel.figures_text()
    from PySide6.QtCore import Qt
    panel.compare.edit.selectAll()                    # emptied: no comparison
    qtbot.keyClick(panel.compare.edit, Qt.Key_Delete)
    qtbot.keyClick(panel.compare.edit, Qt.Key_Return)
    assert session.compare_with is None and "Since" not in panel.areas.text()


def test_compare_with_in_the_export_dialog(qtbot, two_snapshots, tmp_path, monkeypatch):
    from udcg_desktop.core.session import Session
    from udcg_desktop.gui.dialogs.export_dialog import ExportDialog
    session = Session(two_snapshots)
    session.set_compare_with("2024-05-12")
    dlg = ExportDialog(session)
    qtbot.addWidget(dlg)
    assert dlg.compare.text() == "2024-05-12"         # the window's comparison carries over
    dlg.compare.edit.setText("2024-05-10")
    dlg.compare.commit()
    assert session.compare_with == np.datetime64("2024-05-10")
    assert session.summary().areas["change_since"]["date"] == "2024-05-10"


def test_map_date_box_says_the_change_and_stale_pledges(qtbot, two_snapshots):
    from udcg_desktop.core.session import Session
    from udcg_desktop.gui.views.map.view import MapView
    from tests.export.test_not_given_and_stale import unknown_values_briefing
    from tests.gui.mw_helpers import shown
    session = Session(two_snapshots)
    view = shown(qtbot, MapView(session), 900, 600)
    session.set_compare_with("2024-05-12")
    assert any(line.startswith("Since 2024-05-12 (snapshots") for line in view.date_stamp.lines)
    stale = Session(unknown_values_briefing())
    view2 = shown(qtbot, MapView(stale), 900, 600)
    stale.cursor.go_to("2024-07-01")
    assert "Pledge data ends 2024-05-10" in view2.date_stamp.lines


def test_settlement_status_is_each_settlement_in_the_first_status_whose_area_holds_it():
    """Against a direct point-in-polygon test of every settlement: overlapping rings of the
    three statuses, a ring with a hole, and a bow tie (invalid, repaired as the reader would)."""
    import shapely
    from udcg_desktop.core.areas import rings_to_polygon
    from udcg_desktop.core.basemap import load_basemap
    from udcg_desktop.core.front import STATUS_ORDER, settlement_status
    from udcg_desktop.core.model import AreaFeature, ControlSnapshot
    places = load_basemap().places
    ang = np.linspace(0, 2 * np.pi, 200)

    def ring(cx, cy, r):
        return np.c_[cx + 1.5 * r * np.cos(ang), cy + r * np.sin(ang)]

    features = [AreaFeature(status, [ring(36.0 + 0.25 * k, 49.9 + 0.1 * (k % 3), 0.3)])
                for k, status in enumerate(["liberated", "occupied", "contested"] * 3)]
    features.append(AreaFeature("occupied", [ring(36.2, 50.0, 0.4), ring(36.2, 50.0, 0.2)]))
    features.append(AreaFeature("contested", [np.array(
        [[37.0, 49.0], [37.6, 49.6], [37.6, 49.0], [37.0, 49.6], [37.0, 49.0]])]))
    snap = ControlSnapshot(np.datetime64("2024-05-10T00:00:00"), "t.geojson", features)
    expected = np.full(len(places.lon), "", dtype=object)
    for status in reversed(STATUS_ORDER):
        for f in snap.features:
            if f.status == status:
                poly = shapely.make_valid(rings_to_polygon(f.rings))
                expected[shapely.contains_xy(poly, places.lon, places.lat)] = status
    got = settlement_status(snap, places)
    assert {s: int((got == s).sum()) for s in STATUS_ORDER} == {
        s: int((expected == s).sum()) for s in STATUS_ORDER}
    assert (got == expected).all() and (got != "").sum() > 20
