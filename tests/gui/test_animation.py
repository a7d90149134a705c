"""The animated map: MP4 and GIF decoded back, the deck's movie slide, bad input, cancel, holds,
and the export dialog's film box. Frames come from the real offscreen map (gui/render.py)."""

import numpy as np
import pytest

av = pytest.importorskip("av")
pytest.importorskip("PySide6")

from udcg_desktop.cli import main  # noqa: E402
from udcg_desktop.export import animation as A  # noqa: E402
from tests.gui.map_briefing import SQUARE_B, map_briefing  # noqa: E402

D = lambda s: np.datetime64(s, "D")  # noqa: E731
SIZE = (640, 360)


def _request(**kw):
    kw.setdefault("start", D("2024-05-08"))
    kw.setdefault("end", D("2024-05-22"))
    kw.setdefault("size", SIZE)
    kw.setdefault("fps", 5)
    return A.AnimationRequest(**kw)


def _changed(a, b, region=(slice(None), slice(None))):
    """Share of the region's pixels that changed clearly (beyond encoding noise)."""
    return float((np.abs(a[region] - b[region]).max(axis=2) > 40).mean())


def _decode(path):
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        frames = [f for f in c.decode(video=0)]
        info = {"codec": stream.codec_context.name, "rate": stream.average_rate,
                "time_base": stream.time_base}
        arrays = [f.to_ndarray(format="rgb24").astype(np.int16) for f in frames]
        times = [f.time for f in frames]
    return frames, arrays, times, info


def _film(tmp_path, formats, briefing=None, **kw):
    from udcg_desktop.gui.render import QtRenderer
    briefing = briefing or map_briefing()
    req = A.check_request(briefing, _request(formats=formats, **kw))
    source = QtRenderer().animation_frames(briefing, req)
    targets = A.planned_films(tmp_path, "film", formats)
    try:
        # Where the front moved (SQUARE_B appears on 16 May) and the date panel, in pixels.
        lon, lat = SQUARE_B[:4].mean(axis=0)
        pos = source.view.scene_pos_of(lon, lat)
        moved = (int(source.map_rect.top() + pos.y() * source.ratio),
                 int(source.map_rect.left() + pos.x() * source.ratio))
        result = A.write_animation(req, targets, source)
        source._stamp_text(req.end)
        r = source.stamp.mapRectToScene(source.stamp.boundingRect())
        stamp = (slice(int(r.top() * source.ratio), int(r.bottom() * source.ratio)),
                 slice(int(r.left() * source.ratio), int(r.right() * source.ratio)))
    finally:
        source.close()
    return req, result, targets, moved, stamp


def test_mp4_decodes_to_the_planned_frames(tmp_path):
    req, result, targets, moved, stamp = _film(tmp_path, ("mp4",))
    hold = A.hold_frames(req)
    assert hold == 5                                  # one second at 5 frames a second
    assert result.frames == 15 + 2 * hold             # 8..22 May, one frame a day, two holds
    frames, arrays, times, info = _decode(targets["mp4"])
    assert info["codec"] == "h264" and frames[0].format.name == "yuv420p"
    assert len(frames) == result.frames
    assert (frames[0].width, frames[0].height) == SIZE
    assert info["rate"] == 5
    assert times[-1] + 1 / 5 == pytest.approx(result.frames / 5)     # 5 s of film
    first, last = arrays[0], arrays[-1]
    y, x = moved
    # The front moved there: no area on 8 May, occupied (red fill) on 22 May.
    assert np.abs(first[y - 2:y + 3, x - 2:x + 3] - last[y - 2:y + 3, x - 2:x + 3]).mean() > 20
    # The date panel changes from one day to the next, and not during the opening hold.
    assert _changed(arrays[hold], arrays[hold + 1], stamp) > 0.005
    assert _changed(arrays[0], arrays[1], stamp) < 0.0005
    # The closing hold repeats the last day.
    assert _changed(arrays[-1], arrays[-1 - hold]) < 0.0005
    assert result.poster_png.startswith(b"\x89PNG")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_gif_has_one_frame_per_video_frame_and_its_duration(tmp_path):
    req, result, targets, moved, stamp = _film(tmp_path, ("gif",), step_days=2)
    # 8, 10, ..., 22 May: 8 days (22 is on the step), plus the holds.
    assert len(A.plan_frames(req)) == 8
    frames, arrays, times, info = _decode(targets["gif"])
    assert info["codec"] == "gif"
    assert len(frames) == result.frames == 8 + 2 * A.hold_frames(req)
    assert (frames[0].width, frames[0].height) == SIZE
    assert times[-1] + 1 / 5 == pytest.approx(result.frames / 5)
    y, x = moved
    # At the area-of-interest view the square is small and a place name crosses it: a good
    # part of the patch, not all of it, turns red.
    diff = np.abs(arrays[0][y - 2:y + 3, x - 2:x + 3] - arrays[-1][y - 2:y + 3, x - 2:x + 3])
    assert (diff.max(axis=2) > 30).mean() > 0.25
    hold = A.hold_frames(req)
    assert _changed(arrays[hold], arrays[hold + 1], stamp) > 0.005


def test_step_that_misses_the_end_still_ends_on_it():
    req = _request(start=D("2024-05-01"), end=D("2024-05-10"), step_days=4, hold_seconds=0)
    assert [str(k.day) for k in A.plan_frames(req)] == ["2024-05-01", "2024-05-05",
                                                        "2024-05-09", "2024-05-10"]
    assert A.parse_step("1w") == 7 and A.parse_step("3") == 3


def test_unchanged_days_are_held_not_drawn_again(tmp_path):
    """Two months after the last event nothing moves: one map picture for the whole film."""
    from udcg_desktop.gui.render import QtRenderer
    briefing = map_briefing()
    req = _request(start=D("2024-07-20"), end=D("2024-07-29"), formats=("mp4",))
    source = QtRenderer().animation_frames(briefing, req)
    try:
        result = A.write_animation(req, A.planned_films(tmp_path, "f", ("mp4",)),
                                   source)
    finally:
        source.close()
    assert result.rendered == 1 and result.frames == 10 + 2 * A.hold_frames(req)
    frames, arrays, _, _ = _decode(tmp_path / "f_animation.mp4")
    assert len(frames) == result.frames


def test_cli_writes_films_and_the_deck_plays_the_mp4(tmp_path, capsys):
    sample = ["--from", "2024-05-09", "--to", "2024-05-16", "--size", "640x360"]
    code = main(["export", "--out", str(tmp_path), "--formats", "mp4,gif,pptx", *sample])
    out = capsys.readouterr()
    assert code == 0, out.err
    mp4 = tmp_path / "udcg_briefing_all-dates_animation.mp4"
    gif = tmp_path / "udcg_briefing_all-dates_animation.gif"
    deck = tmp_path / "udcg_briefing_all-dates.pptx"
    assert mp4.exists() and gif.exists() and deck.exists()
    assert "added the film" in out.out
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    prs = Presentation(str(deck))
    movies = [(slide, shape) for slide in prs.slides for shape in slide.shapes
              if shape.shape_type == MSO_SHAPE_TYPE.MEDIA]
    assert len(movies) == 1
    slide, movie = movies[0]
    assert "day by day" in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    videos = [rel.target_part for rel in slide.part.rels.values()
              if rel.target_part.content_type == "video/mp4"]
    assert videos and videos[0].blob == mp4.read_bytes()
    # The poster frame is the last day of the film, as a picture in the slide.
    posters = [rel.target_part for rel in slide.part.rels.values()
               if rel.target_part.content_type == "image/png"]
    assert posters and posters[0].blob.startswith(b"\x89PNG")
    frames, arrays, _, _ = _decode(mp4)
    import io
    from PIL import Image
    poster = np.asarray(Image.open(io.BytesIO(posters[0].blob)).convert("RGB"), np.int16)
    assert np.abs(poster - arrays[-1]).mean() < 4            # the same picture, bar encoding
    assert np.abs(poster - arrays[0]).mean() > np.abs(poster - arrays[-1]).mean()


@pytest.mark.parametrize("args, message", [
    (["--from", "2024-05-20", "--to", "2024-05-10"], "before the start date"),
    (["--step", "0d"], "at least one day"),
    (["--from", "2023-01-01", "--to", "2023-02-01"], "nothing changes on the map"),
    (["--size", "640x361"], "even"),
    (["--size", "9000x9000"], "pixels"),
    (["--step", "soon"], "not a number of days"),
    (["--from", "May"], "not a date"),
])
def test_bad_requests_are_one_message_before_any_work(tmp_path, capsys, args, message):
    out_dir = tmp_path / "out"
    code = main(["export", "--out", str(out_dir), "--formats", "mp4,pptx", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out_dir.exists()


def test_a_size_too_large_for_memory_is_refused():
    with pytest.raises(A.AnimationError, match="GiB of memory"):
        A.check_request(map_briefing(), _request(size=(4096, 4096)), memory=512 * 2**20)


def test_missing_encoder_is_named_with_the_extra(tmp_path, capsys, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "av", None)        # as if PyAV were not installed
    code = main(["export", "--out", str(tmp_path / "o"), "--formats", "gif"])
    err = capsys.readouterr().err
    assert code == 2 and "PyAV is not installed" in err and "udcg-desktop[video]" in err
    assert not (tmp_path / "o").exists()


def test_cancel_or_crash_leaves_no_file_under_the_final_name(tmp_path):
    from udcg_desktop.gui.render import QtRenderer
    briefing = map_briefing()
    req = A.check_request(briefing, _request(formats=("mp4", "gif")))
    targets = A.planned_films(tmp_path, "f", req.formats)
    for path in targets.values():
        path.write_bytes(b"the earlier film")
    source = QtRenderer().animation_frames(briefing, req)
    calls = []
    try:
        with pytest.raises(A.AnimationCancelled):
            A.write_animation(req, targets, source,
                              cancel=lambda: calls.append(1) or len(calls) > 4)

        class Crashing:          # the real frames, then a renderer failure at frame 6
            rendered = 0

            def render(self, kf):
                if kf.day == D("2024-05-13"):
                    raise RuntimeError("renderer crashed")
                return source.render(kf)

        with pytest.raises(RuntimeError, match="renderer crashed"):
            A.write_animation(req, targets, Crashing())
    finally:
        source.close()
    assert all(p.read_bytes() == b"the earlier film" for p in targets.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in
                                                                 targets.values())


# -- the export dialog --------------------------------------------------------------------------

def _dialog(qtbot, tmp_path):
    from PySide6.QtCore import QDate, Qt
    from udcg_desktop.core.session import Session
    from udcg_desktop.gui.dialogs.export_dialog import ExportDialog
    dlg = ExportDialog(Session(map_briefing()))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    for cb in dlg.format_boxes.values():
        cb.setChecked(False)
    dlg.folder_edit.setText(str(tmp_path / "out"))
    box = dlg.animation
    qtbot.mouseClick(box.format_boxes["mp4"], Qt.MouseButton.LeftButton)
    box.from_edit.setDate(QDate(2024, 5, 9))
    box.to_edit.setDate(QDate(2024, 5, 20))
    box.size.setCurrentText("960x540")
    return dlg


def test_dialog_films_with_progress(qtbot, tmp_path, settings_dir):
    from PySide6.QtCore import Qt
    dlg = _dialog(qtbot, tmp_path)
    assert "Encoded with PyAV (the optional video extra)" in dlg.animation.note.text()
    assert dlg.export_button.isEnabled() and "animation .mp4" in dlg.name_label.text()
    qtbot.mouseClick(dlg.format_boxes["pptx"], Qt.MouseButton.LeftButton)
    dlg.info_edits["classification"].setText("Unclassified")
    seen = []
    dlg.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result is not None and not dlg.is_running(), timeout=60000)
    film = tmp_path / "out" / f"{dlg.file_name()}_animation.mp4"
    deck = tmp_path / "out" / f"{dlg.file_name()}.pptx"
    assert dlg.result.written == [film, deck] and not dlg.result.failures
    assert len(seen) >= 10 and "Wrote 2 files" in dlg.status.text()
    frames, arrays, _, _ = _decode(film)
    assert (frames[0].width, frames[0].height) == (960, 540)
    # The dialog's marking is a dark band at the top and bottom of every frame, white text in it.
    for a in (arrays[0], arrays[-1]):
        for band in (a[:20], a[-20:]):
            assert np.median(band) < 60 and band.max() > 200
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    media = [sh for slide in Presentation(str(deck)).slides for sh in slide.shapes
             if sh.shape_type == MSO_SHAPE_TYPE.MEDIA]
    assert len(media) == 1


def test_dialog_cancel_writes_nothing(qtbot, tmp_path, settings_dir):
    from PySide6.QtCore import Qt
    dlg = _dialog(qtbot, tmp_path)
    # The briefer presses Cancel once the film is under way.
    dlg.progress.valueChanged.connect(
        lambda v: v == 3 and qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result is not None and not dlg.is_running(), timeout=30000)
    assert "Cancelled" in dlg.status.text() and dlg.result.written == []
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_dialog_refuses_end_before_start(qtbot, tmp_path, settings_dir):
    from PySide6.QtCore import QDate, Qt
    dlg = _dialog(qtbot, tmp_path)
    dlg.animation.from_edit.setDate(QDate(2024, 5, 20))
    dlg.animation.to_edit.setDate(QDate(2024, 5, 10))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert "before the start date" in dlg.status.text() and not dlg.is_running()
    assert not (tmp_path / "out").exists()


def test_a_keyframe_can_zoom_and_caption_for_future_chapters():
    """Bookmarks as chapters (issue 13) will be keyframes with an extent and a caption: the
    frame source already draws them."""
    from PySide6 import QtCore
    from udcg_desktop.gui.render import QtRenderer
    briefing = map_briefing()
    req = A.check_request(briefing, _request(formats=("mp4",)))
    source = QtRenderer().animation_frames(briefing, req)
    try:
        day = D("2024-05-20")
        home = source.render(A.Keyframe(day)).astype(np.int16)
        zoom = A.Keyframe(day, extent=(36.3, 36.7, 50.1, 50.4), caption="Lyptsi axis")
        zoomed = source.render(zoom).astype(np.int16)
        again = source.render(zoom).astype(np.int16)
        assert source.rendered == 2                  # the same keyframe again is held
        # The caption is drawn clear of the date panel (it once covered the year).
        cap = source.caption_rect
        stamp = source.stamp.mapRectToScene(source.stamp.boundingRect())
        stamp_px = QtCore.QRectF(source.map_rect.left() + stamp.left() * source.ratio,
                                 source.map_rect.top() + stamp.top() * source.ratio,
                                 stamp.width() * source.ratio, stamp.height() * source.ratio)
        assert not cap.intersects(stamp_px)
        where = (slice(int(cap.top()), int(cap.bottom())), slice(int(cap.left()),
                                                                 int(cap.right())))
        assert _changed(home, zoomed, where) > 0.05
        assert _changed(zoomed, again) == 0
        # Zoomed in, SQUARE_B (occupied since 16 May) fills the frame's middle: more red.
        red = lambda a: ((a[..., 2] > 180) & (a[..., 1] < 170)).mean()  # noqa: E731 (BGRA)
        assert red(zoomed) > 3 * red(home)
    finally:
        source.close()


# -- bookmarks as chapters -------------------------------------------------------------------
def _marks():
    from udcg_desktop.core.bookmarks import Bookmark
    return [Bookmark("Before", "2024-05-10", "", [36.0, 38.0, 49.8, 50.6]),
            Bookmark("Vovchansk", "2024-05-16", "", [36.7, 37.2, 50.1, 50.4]),
            Bookmark("Back to the start", "2024-05-12", "", [36.0, 38.0, 49.8, 50.6])]


def test_chapters_fly_between_bookmarks_with_titles_held():
    req = _request(step_days=1, fps=5)
    frames = A.plan_chapters(req, _marks())
    hold = int(A.CHAPTER_SECONDS * req.fps)
    captions = [(str(k.day), k.caption, k.repeat) for k in frames if k.caption]
    assert captions == [("2024-05-10", "Before", hold), ("2024-05-16", "Vovchansk", hold),
                        ("2024-05-12", "Back to the start", hold)]
    days = [str(k.day) for k in frames]
    # 10 -> 16 day by day, then back 16 -> 12 (the story goes back in time).
    assert days == ["2024-05-10", "2024-05-11", "2024-05-12", "2024-05-13", "2024-05-14",
                    "2024-05-15", "2024-05-16", "2024-05-15", "2024-05-14", "2024-05-13",
                    "2024-05-12"]
    # Halfway through the first flight the view is halfway between the two extents.
    mid = frames[3]
    assert mid.extent == pytest.approx((36.35, 37.6, 49.95, 50.5))


def test_chapters_from_a_briefing_file_on_the_command_line(tmp_path, capsys, monkeypatch):
    from udcg_desktop.core.briefing_file import BriefingFile, BriefingSettings
    from udcg_desktop.core.paths import sample_briefing_files
    from udcg_desktop.io.briefing_store import save_briefing
    monkeypatch.setenv("UDCG_CACHE_DIR", str(tmp_path / "cache"))
    brief = tmp_path / "story.udcg.json"
    save_briefing(brief, sample_briefing_files(), BriefingFile(
        settings=BriefingSettings(), bookmarks=_marks()))
    out = tmp_path / "out"
    assert main(["export", str(brief), "--out", str(out), "--formats", "gif", "--chapters",
                 "--size", "320x180", "--fps", "5", "--name", "film"]) == 0
    frames, arrays, _times, _info = _decode(out / "film_animation.gif")
    req = A.AnimationRequest(step_days=1, fps=5)
    assert len(frames) == sum(k.repeat for k in A.plan_chapters(req, _marks()))
    hold = int(A.CHAPTER_SECONDS * 5)
    # A chapter's title is held (identical frames); the zoomed-in chapter looks different from
    # the wide one it flew from, in the middle of the map.
    middle = (slice(60, 150), slice(0, 200))
    assert _changed(arrays[0], arrays[hold - 1], middle) == 0
    assert _changed(arrays[0], arrays[hold + 6], middle) > 0.03
    # --chapters with no bookmarks: one message, nothing written.
    assert main(["export", "--out", str(tmp_path / "none"), "--formats", "gif",
                 "--chapters"]) == 2
    assert "--chapters follows the bookmarks" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
