"""The timeline: cursor line linked both ways, lanes, highlights, filters, density, images."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt

from udcg_desktop.core.model import BriefingPart, EventTable, assemble
from udcg_desktop.core.cursor import WINDOW
from udcg_desktop.core.session import Session
from udcg_desktop.gui.day_seconds import DAY_S, day_to_s
from udcg_desktop.gui.views import timeline_view
from udcg_desktop.gui.views.timeline_render import render_timeline_image
from udcg_desktop.gui.views.timeline_view import TimelineView

from .mw_helpers import PLEDGES, D, make_briefing, shown


@pytest.fixture
def view(qtbot):
    session = Session(make_briefing())
    w = TimelineView(session)
    qtbot.addWidget(w)
    w.resize(1200, 400)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_cursor_moves_line(view):
    view.session.cursor.set_date("2024-05-12")
    assert view.cursor_x() == day_to_s(D("2024-05-12"))
    assert "2024-05-12" in view.cursor_label.toPlainText()


def test_dragging_line_sets_cursor_once_snapped_to_a_day(view):
    s = view.session
    seen = []
    s.cursor.changed.connect(seen.append)
    # Where a drag leaves the line: between two midnights, nearer 2024-05-03.
    view.cursor_line.setValue(day_to_s(D("2024-05-03")) + 0.3 * DAY_S)
    assert seen == [D("2024-05-03")]
    assert view.cursor_x() == day_to_s(D("2024-05-03"))    # snapped, no second emission
    view.cursor_line.setValue(day_to_s(D("2024-05-03")) + 0.1 * DAY_S)
    assert seen == [D("2024-05-03")]


def test_the_cursor_line_keeps_its_bounds_when_it_moves_not_when_the_view_changes(view):
    line, vb = view.cursor_line, view.plot.plotItem.vb
    view.session.cursor.set_date("2024-05-01")
    kept = QRectF(line.boundingRect())
    worked_out = []
    compute = line._computeBoundingRect
    line._computeBoundingRect = lambda: worked_out.append(1) or compute()
    view.session.cursor.set_date("2024-05-12")
    view.grab()
    assert line.boundingRect() == kept and not worked_out     # a move: not worked out again
    assert compute() == kept                                   # and that is what it would give
    rect = line.mapRectToView(kept)
    (_x0, _x1), (y0, y1) = vb.viewRange()
    assert rect.top() <= y0 + 1e-6 and rect.bottom() >= y1 - 1e-6   # the plot's whole height
    vb.setYRange(y0, y0 + 3 * (y1 - y0), padding=0)
    view.grab()                                                # (the view box applies it on paint)
    assert worked_out and line.boundingRect() == compute() != kept


def test_mouse_drag_of_the_line(qtbot, view):
    s = view.session
    s.cursor.set_date("2024-04-15")
    vb = view.plot.plotItem.vb
    y = view.lane_y["pledges"]

    def widget_pos(day):
        scene = vb.mapViewToScene(QPointF(day_to_s(D(day)), y))
        return view.plot.mapFromScene(scene)

    start, end = widget_pos("2024-04-15"), widget_pos("2024-05-20")
    vp = view.plot.viewport()
    qtbot.mousePress(vp, Qt.LeftButton, pos=start)
    for k in range(1, 11):
        qtbot.mouseMove(vp, start + (end - start) * (k / 10))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=end)
    assert abs(int((s.cursor.date - D("2024-05-20")).astype(int))) <= 1


def test_lanes_and_markers(view):
    # One lane per event type present plus meetings, announcements and deliveries.
    assert set(view.lanes) == {"meeting", "assault", "capture", "strike", "pledges", "deliveries"}
    xs, ys = view.events_item.getData()
    assert len(xs) == 3                       # the meeting is drawn in its own lane
    mx, my = view.meetings_item.getData()
    assert list(mx) == [day_to_s(D("2024-04-26"))]
    assert [t.toPlainText() for t in view._meeting_labels] == ["UDCG-21"]
    px, _py = view.pledges_item.getData()
    assert len(px) == len(PLEDGES)
    sizes = view.pledges_item.data["size"]
    # Marker size grows with value: the 200m pledge is the largest, the 30m the smallest.
    order = np.argsort(px)
    assert sizes[order][2] == sizes.max() and sizes[order][3] == sizes.min()


def test_cumulative_lines_follow_filters(view):
    x, y = view.pledged_curve.getData()
    lo, hi = view._band
    assert y[-1] == pytest.approx(hi)          # the top of the band is the total pledged
    assert "450" in view.pledged_label.toPlainText()   # 100+50+200+30+70 = 450m
    view.session.filters.set_field("donors", ["France"])
    assert "50.0m" in view.pledged_label.toPlainText()
    px, _ = view.pledges_item.getData()
    assert len(px) == 1


def test_selecting_a_pledge_highlights_its_deliveries(view):
    b = view.session.briefing
    i = int(np.flatnonzero(b.pledges["pledge_id"] == "DE-2")[0])
    view.session.selection.select("pledges", [i])
    xs, ys = view.highlighted
    assert day_to_s(D("2024-05-20")) in xs        # its delivery D1
    assert day_to_s(D("2024-04-20")) not in xs    # D2 belongs to another pledge
    assert view.lane_y["deliveries"] in ys


def test_selecting_an_event_highlights_it(view):
    b = view.session.briefing
    i = int(np.flatnonzero(b.events["event_id"] == "E2")[0])
    view.session.selection.select("events", [i])
    xs, ys = view.highlighted
    assert list(xs) == [day_to_s(D("2024-05-12"))]
    assert list(ys) == [view.lane_y["capture"]]


def test_clicking_an_event_marker_selects_it(qtbot, view):
    b = view.session.briefing
    i = int(np.flatnonzero(b.events["event_id"] == "E1")[0])
    vb = view.plot.plotItem.vb
    scene = vb.mapViewToScene(QPointF(day_to_s(D("2024-05-10")), view.lane_y["assault"]))
    qtbot.mouseClick(view.plot.viewport(), Qt.LeftButton, pos=view.plot.mapFromScene(scene))
    assert view.session.selection.value.kind == "events"
    assert view.session.selection.value.rows == (i,)


def test_window_mode_shows_band(view):
    s = view.session
    s.cursor.set_date("2024-05-20")
    s.cursor.set_mode(WINDOW, 7)
    assert view.window_band.isVisible()
    lo, hi = view.window_band.getRegion()
    assert lo < day_to_s(D("2024-05-14")) < hi and hi > day_to_s(D("2024-05-20"))


def test_many_events_become_a_density_raster(qtbot, monkeypatch):
    monkeypatch.setattr(timeline_view, "MARKER_LIMIT", 50)
    rng = np.random.default_rng(1)
    n = 400
    days = D("2024-05-01") + rng.integers(0, 30, n).astype("timedelta64[D]")
    events = EventTable({"event_id": [f"E{i}" for i in range(n)], "date": days,
                         "type": np.where(np.arange(n) % 2, "assault", "strike").astype(object)})
    b = assemble([BriefingPart(events=events)])
    w = TimelineView(Session(b))
    qtbot.addWidget(w)
    assert len(w.events_item.getData()[0]) == 0
    img = w.density.image
    assert w.density.isVisible() and img is not None
    row = int(w.lane_y["assault"])
    # Every assault day has a non-transparent pixel in the assault row.
    assault_days = np.unique(days[np.arange(n) % 2 == 1])
    cols = (assault_days - D("2024-05-01")).astype(int) - int(
        (w.session.cursor.minimum - D("2024-05-01")).astype(int))
    assert (img[row, cols, 3] > 0).all()
    assert img[row, :, 3].astype(bool).sum() == len(assault_days)


def test_render_timeline_image_png_and_svg(qtbot):
    b = make_briefing()
    png = render_timeline_image(b, "2024-05-15", size=(800, 300), dpi=150)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage
    img = QImage.fromData(png)
    assert (img.width(), img.height()) == (800, 300)
    assert round(img.dotsPerMeterX() * 0.0254) == 150
    svg = render_timeline_image(b, "2024-05-15", size=(800, 300), fmt="svg")
    assert b"<svg" in svg[:2000]
    # Drawn, not blitted from the window's item caches: the cumulative curves are paths and
    # every pledge marker is its own symbol, not one picture of the whole lane.
    assert svg.count(b"<path") >= 2
    assert svg.count(b"<image") >= len(b.pledges)
    with pytest.raises(ValueError):
        render_timeline_image(b, "2024-05-15", fmt="gif")


def test_the_window_caches_the_unchanged_rows_an_export_does_not(view):
    from PySide6.QtWidgets import QGraphicsItem
    from udcg_desktop.gui.views.timeline_render import offscreen_timeline_view
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert view.events_item.cacheMode() == cached and view.pledged_curve.cacheMode() == cached
    assert view.cursor_line.cacheMode() != cached           # it moves every step
    still = offscreen_timeline_view(view.session.briefing, "2024-05-15", size=(600, 200))
    try:
        assert still.events_item.cacheMode() == QGraphicsItem.CacheMode.NoCache
    finally:
        still.hide()
        still.deleteLater()


def test_hover_tooltips_name_the_row(view):
    b = view.session.briefing
    i = int(np.flatnonzero(b.events["event_id"] == "E2")[0])
    tip = view.events_item.opts["tip"]
    text = tip(x=day_to_s(D("2024-05-12")), y=view.lane_y["capture"], data=i)
    assert "2024-05-12" in text and "Strilecha" in text and "description of E2" in text
    j = int(np.flatnonzero(b.pledges["pledge_id"] == "DE-2")[0])
    text = view.pledges_item.opts["tip"](x=0, y=view.lane_y["pledges"], data=j)
    assert "Germany" in text and "€200.0m" in text


def test_exported_timeline_is_light_even_in_dark_theme(qtbot):
    from PySide6.QtGui import QColor, QImage
    from udcg_desktop.gui import theme
    theme.manager().set_theme("dark")
    try:
        png = render_timeline_image(make_briefing(), "2024-05-15", size=(600, 300))
    finally:
        theme.manager().set_theme("light")
    img = QImage.fromData(png)
    corner = QColor(img.pixel(img.width() - 3, 3))
    assert corner.lightness() > 200


def test_building_or_reloading_does_not_move_the_cursor(qtbot):
    s = Session(make_briefing())
    s.cursor.set_date("2024-05-12")
    w = TimelineView(s)
    qtbot.addWidget(w)
    assert s.cursor.date == D("2024-05-12")
    assert w.cursor_x() == day_to_s(D("2024-05-12"))
    s.set_briefing(make_briefing())
    assert s.cursor.date == D("2024-05-12")
    assert w.cursor_x() == day_to_s(D("2024-05-12"))


def test_first_view_covers_the_data_and_the_cursor_in_whole_months(qtbot):
    """The span first shown holds every plausible data date and the cursor, from the first of
    a month to the first of a month; a late typo (2027 in a 2022 column) does not stretch it."""
    from udcg_desktop.core.model import ControlSnapshot
    days = [f"2022-03-{d:02d}" for d in range(1, 26)] + ["2027-04-06"]
    events = EventTable({"event_id": [f"e{i}" for i in range(len(days))],
                         "date": np.array(days, "datetime64[D]"),
                         "type": ["civilian_harm"] * len(days)})
    snaps = [ControlSnapshot(np.datetime64(t, "s"), f"{i}.geojson", [])
             for i, t in enumerate(["2024-05-10T21:00", "2024-06-30T11:00"])]
    session = Session(assemble([BriefingPart(events=events, snapshots=snaps)]))
    session.cursor.set_date("2024-05-15")
    w = shown(qtbot, TimelineView(session), 1200, 400)
    lo, hi = w.plot.plotItem.vb.viewRange()[0]
    assert lo == day_to_s(D("2022-03-01"))
    assert hi == day_to_s(D("2024-07-01"))
    assert lo <= w.cursor_x() <= hi
    w.show_all()                             # the time range leaves the outlier out ...
    assert w.plot.plotItem.vb.viewRange()[0][1] < day_to_s(D("2027-04-06"))
    session.cursor.go_to("2027-04-06")       # ... and typing its date still reaches it
    w.show_all()
    assert w.plot.plotItem.vb.viewRange()[0][1] > day_to_s(D("2027-04-06"))


def test_first_view_of_the_sample_shows_the_cursor_and_every_pledge_and_meeting(qtbot):
    from udcg_desktop.core.paths import sample_briefing_files
    from udcg_desktop.gui.loading import read_briefing
    b = read_briefing(sample_briefing_files(), "sample")
    w = shown(qtbot, TimelineView(Session(b)), 1200, 400)
    lo, hi = w.plot.plotItem.vb.viewRange()[0]
    assert lo <= w.cursor_x() <= hi
    for days in (b.pledges["date"], b.events["date"]):
        known = days[~np.isnat(days)]
        assert lo <= day_to_s(known.min()) and day_to_s(known.max()) <= hi
    # Every meeting label shown lies wholly inside the plot, none over another.
    w.grab()                    # painted, as the user sees it (labels place themselves then)
    vb = w.plot.plotItem.vb
    boxes = sorted(vb.mapSceneToView(t.mapRectToScene(t.boundingRect())).boundingRect()
                   .getCoords()[::2] for t in w._meeting_labels if t.isVisible())
    assert boxes and all(lo <= a and b_ <= hi for a, b_ in boxes)
    assert all(boxes[k][1] <= boxes[k + 1][0] for k in range(len(boxes) - 1))


def test_a_delivery_without_a_value_is_not_shown_as_zero(qtbot):
    """The delivered line's total says "value not given" when no delivery on it has a value
    (the sample's one delivery has none; the label read "delivered €0")."""
    from udcg_desktop.core.model import DeliveryTable, PledgeTable, SourceInfo
    pledges = PledgeTable({"pledge_id": ["P1"], "donor": ["Germany"],
                           "date": np.array(["2024-05-01"], dtype="datetime64[D]"),
                           "aid_type": ["Military"], "category": ["Air defence"],
                           "status": ["pledged"], "amount": [100e6], "currency": ["EUR"],
                           "source_file": ["t.xlsx"], "source_row": [2]})
    deliveries = DeliveryTable({"delivery_id": ["D1"], "pledge_id": ["P1"], "pledge_index": [-1],
                                "date": np.array(["2024-05-20"], dtype="datetime64[D]"),
                                "amount": [np.nan], "currency": [""], "source_file": ["t.xlsx"]})
    b = assemble([BriefingPart(pledges=pledges, deliveries=deliveries,
                               sources=[SourceInfo("t.xlsx", "pledges", "test", 1, 1, 0)])])
    w = TimelineView(Session(b))
    qtbot.addWidget(w)
    w.resize(1000, 400)
    assert w.delivered_label.toPlainText() == "delivered: value not given"
    # dated: the total is at the end of the data, not at the cursor
    assert w.pledged_label.toPlainText() == "pledged €100.0m by 20 May 2024"
