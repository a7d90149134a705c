"""The animated map: MP4 (H.264, yuv420p) and GIF (one optimised palette), encoded with PyAV.

PyAV (``av``, the optional ``video`` extra) ships FFmpeg with libx264 in its wheels: no ffmpeg
program on PATH is used. This module imports no Qt: the frames come from a *frame source* that
the caller (cli.py or the export dialog) obtains from its renderer (``gui/render.py``)::

    source = renderer.animation_frames(briefing, request, filters)   # request: AnimationRequest
    pixels = source.render(keyframe)    # (height, width, 4) uint8, BGRA, fully drawn
    source.close()

The film is a list of ``Keyframe`` (day, map extent, caption, how many video frames it shows).
``plan_frames`` makes the plain one (A to B at a step, a short hold on the first and last day);
bookmarks as chapters will be another planner producing the same list (fly to an extent, show a
caption), so the encoders and the frame source need no change for them.

Everything that can be checked is checked by ``check_request`` before any frame is drawn. Every
file is written to a temp file beside its target and moved into place only when complete, so a
cancel or a crash leaves no half-written film under the final name.
"""
from __future__ import annotations

import os
import queue
import re
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

ANIMATION_FORMATS = ("mp4", "gif")
FORMAT_LABELS = {"mp4": "Animated map (.mp4, H.264: PowerPoint, LibreOffice, browsers)",
                 "gif": "Animated map (.gif: mail and chat)"}
PYAV_MIN_VERSION = (12, 0)      # the `video` extra in pyproject.toml pins av>=12.0
INSTALL_HINT = 'install the optional video extra: pip install "udcg-desktop[video]"'
DEFAULT_SIZE = (1920, 1080)
DEFAULT_FPS = 5                 # five days a second: a two-month offensive in about 13 s
HOLD_SECONDS = 1.0              # the first and last day stay this long
MIN_SIDE, MAX_SIDE = 160, 4096  # H.264 players (PowerPoint included) stop at 4096 a side
MAX_FPS = 60
MAX_FRAMES = 20_000
# Frames alive at once while rendering and encoding (Qt images, the queue, x264's lookahead and
# references), as multiples of one BGRA frame; measured peak at 1920x1080 was well under this.
FRAME_COPIES_IN_MEMORY = 24
BASE_MEMORY = 600 * 2**20       # the app, the briefing and Qt before any frame
X264_PRESET = "ultrafast"       # least CPU; superfast: 30% smaller, 1.6x the CPU (bench)
X264_CRF = "20"


class AnimationError(ValueError):
    """A request that cannot be filmed; the message says why and what to do."""


class AnimationCancelled(Exception):
    """The briefer cancelled; nothing was written under a final name."""


@dataclass(frozen=True)
class Keyframe:
    """One picture of the film: the map on ``day`` at ``extent`` (lon0, lon1, lat0, lat1; None
    is the map's home view) with an optional ``caption`` (a bookmark's title), shown for
    ``repeat`` video frames."""
    day: np.datetime64
    extent: tuple[float, float, float, float] | None = None
    caption: str | None = None
    repeat: int = 1


@dataclass
class AnimationRequest:
    start: np.datetime64 | None = None     # None: the first day with map data
    end: np.datetime64 | None = None       # None: the last day with map data
    step_days: int = 1
    fps: int = DEFAULT_FPS
    size: tuple[int, int] = DEFAULT_SIZE
    formats: tuple[str, ...] = ("mp4",)
    timeline: bool = False                 # the timeline strip beneath the map
    title: str | None = None
    marking: str | None = None             # classification marking, top and bottom
    hold_seconds: float = HOLD_SECONDS


@dataclass
class AnimationResult:
    written: list[Path] = field(default_factory=list)
    frames: int = 0                 # video frames per film (holds included)
    rendered: int = 0               # frames the source drew (the rest were holds)
    seconds: float = 0.0
    draw_cpu_s: float = 0.0          # CPU time of the thread that drew the frames
    poster_png: bytes | None = None  # the last day, for the deck's movie slide


# -- parsing ---------------------------------------------------------------------------------

def parse_step(text: str) -> int:
    """'1d', '2d', '1w' or a plain number of days -> days (0 and negatives pass through, so the
    check can name them)."""
    m = re.fullmatch(r"\s*(-?\d+)\s*([dw]?)\s*", str(text).lower())
    if not m:
        raise AnimationError(f"step {text!r} is not a number of days or weeks (like 1d, 2d, 1w)")
    n = int(m.group(1))
    return n * 7 if m.group(2) == "w" else n


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[x×]\s*(\d+)\s*", str(text).lower())
    if not m:
        raise AnimationError(f"size {text!r} is not WIDTHxHEIGHT in pixels (like 1920x1080)")
    return int(m.group(1)), int(m.group(2))


def split_formats(formats) -> tuple[list[str], list[str]]:
    """(pack formats, animation formats) of a comma list or sequence, order kept."""
    if isinstance(formats, str):
        formats = [f for f in formats.replace(" ", "").split(",") if f]
    pack, films = [], []
    for f in formats:
        f = f.lower().lstrip(".")
        (films if f in ANIMATION_FORMATS else pack).append(f)
    return pack, films


# -- checks before any work ------------------------------------------------------------------

def encoder_problem(formats=ANIMATION_FORMATS) -> str | None:
    """Why the encoder cannot be used here (None: it can)."""
    try:
        import av
    except ImportError:
        return f"the video encoder PyAV is not installed ({INSTALL_HINT})"
    version = tuple(int(x) for x in re.findall(r"\d+", av.__version__)[:2])
    if version < PYAV_MIN_VERSION:
        return (f"PyAV {av.__version__} is too old (need "
                f"{'.'.join(map(str, PYAV_MIN_VERSION))} or newer; {INSTALL_HINT})")
    needed = {"mp4": "libx264", "gif": "gif"}
    missing = [needed[f] for f in formats if needed[f] not in av.codecs_available]
    if missing:
        return f"this PyAV build has no {', '.join(missing)} encoder ({INSTALL_HINT})"
    return None


def map_days(briefing) -> np.ndarray:
    """Sorted unique days on which the map changes: snapshots, and events and deliveries that
    have a place."""
    parts = []
    if len(briefing.areas):
        parts.append(briefing.areas.times.astype("datetime64[D]"))
    for table, col in ((briefing.events, "date"), (briefing.deliveries, "date")):
        if len(table):
            lon, lat = np.asarray(table["lon"], float), np.asarray(table["lat"], float)
            ok = np.isfinite(lon) & np.isfinite(lat)
            parts.append(np.asarray(table[col], "datetime64[D]")[ok])
    if not parts:
        return np.array([], "datetime64[D]")
    days = np.concatenate(parts)
    return np.unique(days[~np.isnat(days)])


def available_memory() -> int | None:
    """Bytes of memory the system can still give (None where it cannot tell)."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def check_request(briefing, req: AnimationRequest, memory: int | None = None
                  ) -> AnimationRequest:
    """The request with its dates filled in, or ``AnimationError`` naming the first problem."""
    bad = [f for f in req.formats if f not in ANIMATION_FORMATS]
    if bad or not req.formats:
        raise AnimationError(f"unknown animation format {', '.join(bad) or '(none)'} "
                             f"(choose from {', '.join(ANIMATION_FORMATS)})")
    if req.step_days < 1:
        raise AnimationError(f"the step must be at least one day (got {req.step_days} days)")
    if not 1 <= req.fps <= MAX_FPS:
        raise AnimationError(f"frames per second must be 1 to {MAX_FPS} (got {req.fps})")
    w, h = (int(v) for v in req.size)
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise AnimationError(f"size {w}x{h}: each side must be {MIN_SIDE} to {MAX_SIDE} pixels "
                             f"(H.264 players stop at {MAX_SIDE}; 1920x1080 is full HD)")
    if w % 2 or h % 2:
        raise AnimationError(f"size {w}x{h}: width and height must be even (H.264 yuv420p)")
    need = BASE_MEMORY + FRAME_COPIES_IN_MEMORY * w * h * 4
    memory = available_memory() if memory is None else memory
    if memory is not None and need > memory:
        raise AnimationError(f"size {w}x{h} needs about {need / 2**30:.1f} GiB of memory; "
                             f"{memory / 2**30:.1f} GiB is free. Choose a smaller size.")
    days = map_days(briefing)
    if not len(days):
        raise AnimationError("the briefing has no map data to animate (no control-area "
                             "snapshots, and no events or deliveries with a place)")
    start = np.datetime64(req.start, "D") if req.start is not None else days[0]
    end = np.datetime64(req.end, "D") if req.end is not None else days[-1]
    if end < start:
        raise AnimationError(f"the end date {end} is before the start date {start}")
    in_range = days[(days >= start) & (days <= end)]
    if not len(in_range):
        raise AnimationError(f"nothing changes on the map from {start} to {end}: its data runs "
                             f"from {days[0]} to {days[-1]}")
    req = replace(req, start=start, end=end, size=(w, h))
    n = frame_count(req)
    if n > MAX_FRAMES:
        raise AnimationError(f"{n:,} frames is too long a film (at most {MAX_FRAMES:,}); "
                             f"use a larger step or a shorter range")
    problem = encoder_problem(req.formats)
    if problem:
        raise AnimationError(problem)
    return req


# -- the frame plan --------------------------------------------------------------------------

# A bookmark's title stays on screen this long when the film follows the bookmarks.
CHAPTER_SECONDS = 2.0


def hold_frames(req: AnimationRequest) -> int:
    return max(0, int(round(req.hold_seconds * req.fps)))


def plan_frames(req: AnimationRequest) -> list[Keyframe]:
    """Day ``start`` to ``end`` every ``step_days`` (the last day always included), the whole
    film at the home view; the first and last day held ``hold_seconds`` longer."""
    days = np.arange(req.start, req.end + 1, req.step_days, dtype="datetime64[D]")
    if days[-1] != req.end:
        days = np.append(days, req.end)
    hold = hold_frames(req)
    frames = [Keyframe(day=d) for d in days]
    frames[0] = replace(frames[0], repeat=1 + hold)
    frames[-1] = replace(frames[-1], repeat=frames[-1].repeat + hold)
    return frames


def plan_chapters(req: AnimationRequest, bookmarks) -> list[Keyframe]:
    """The film following the briefing's bookmarks in story order: each bookmark held at its
    extent with its title as the caption (``CHAPTER_SECONDS``), then a flight to the next one,
    day by day (every ``step_days``, backwards too when the story goes back in time) while the
    map's extent moves in a straight line from one view to the other."""
    marks = [b for b in bookmarks]
    if not marks:
        return plan_frames(req)
    hold = max(1, int(round(CHAPTER_SECONDS * req.fps)))
    frames: list[Keyframe] = []
    for i, mark in enumerate(marks):
        day = np.datetime64(mark.date, "D")
        extent = tuple(mark.extent) if mark.extent else None
        frames.append(Keyframe(day=day, extent=extent, caption=mark.title or None,
                               repeat=hold))
        if i + 1 == len(marks):
            break
        nxt = marks[i + 1]
        to_day = np.datetime64(nxt.date, "D")
        to_extent = tuple(nxt.extent) if nxt.extent else extent
        span = int((to_day - day).astype(int))
        steps = max(1, -(-abs(span) // req.step_days))       # at least one frame of flight
        for k in range(1, steps):
            t = k / steps
            d = day + np.timedelta64(int(round(span * t)), "D")
            ext = (tuple(a + (b - a) * t for a, b in zip(extent, to_extent))
                   if extent and to_extent else to_extent)
            frames.append(Keyframe(day=d, extent=ext))
    return frames


def frame_count(req: AnimationRequest) -> int:
    return sum(k.repeat for k in plan_frames(req))


# -- encoders --------------------------------------------------------------------------------

class _Mp4Writer:
    """H.264 in MP4, yuv420p (BT.709, limited range, tagged), fast-start for players."""

    def __init__(self, path: Path, size, fps: int):
        import av
        self.container = av.open(str(path), "w", format="mp4",
                                 options={"movflags": "+faststart"})
        s = self.container.add_stream("libx264", rate=fps)
        s.width, s.height = size
        s.pix_fmt = "yuv420p"
        s.codec_context.gop_size = max(1, 2 * fps)       # a key frame every 2 s, for seeking
        s.options = {"preset": X264_PRESET, "crf": X264_CRF}
        cc = s.codec_context
        cc.colorspace, cc.color_range = 1, 1             # BT.709, limited (TV) range
        cc.color_primaries, cc.color_trc = 1, 1
        self.stream = s
        self.pts = 0

    def write(self, bgra: np.ndarray, repeat: int) -> None:
        import av
        frame = av.VideoFrame.from_ndarray(bgra, format="bgra").reformat(
            format="yuv420p", dst_colorspace=av.video.reformatter.Colorspace.ITU709,
            dst_color_range=av.video.reformatter.ColorRange.MPEG)
        for _ in range(repeat):          # a held frame costs x264 almost nothing to repeat
            frame.pts = self.pts
            self.pts += 1
            self.container.mux(self.stream.encode(frame))

    def close(self) -> None:
        self.container.mux(self.stream.encode(None))
        self.container.close()

    def abort(self) -> None:
        try:
            self.container.close()
        except Exception:
            pass


class _GifWriter:
    """One palette for the whole film (FFmpeg's palettegen over every frame), then paletteuse
    with ordered dithering, re-encoding only the rectangle that changed. The frames wait in a
    temp file between the two passes, so memory does not grow with the film's length."""

    def __init__(self, path: Path, size, fps: int):
        self.path, self.size, self.fps = path, tuple(size), fps
        self.spool = tempfile.TemporaryFile(prefix="udcg-gif-", dir=path.parent)
        self.entries: list[int] = []        # repeat count per spooled frame
        self.graph, self.src, self.sink = self._chain("palettegen", "stats_mode=full")
        self.n_in = 0

    def _chain(self, name, args):
        import av
        g = av.filter.Graph()
        src = g.add_buffer(width=self.size[0], height=self.size[1], format="rgb24",
                           time_base=Fraction(1, self.fps))
        f = g.add(name, args)
        sink = g.add("buffersink")
        src.link_to(f)
        f.link_to(sink)
        g.configure()
        return g, src, sink

    def _frame(self, rgb: np.ndarray, pts: int):
        import av
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        frame.pts, frame.time_base = pts, Fraction(1, self.fps)
        return frame

    def write(self, bgra: np.ndarray, repeat: int) -> None:
        rgb = np.ascontiguousarray(bgra[:, :, 2::-1])
        self.src.push(self._frame(rgb, self.n_in))
        self.n_in += 1
        self.spool.write(rgb.tobytes())
        self.entries.append(repeat)

    def close(self) -> None:
        import av
        self.src.push(None)
        palette = self.sink.pull()
        g = av.filter.Graph()
        w, h = self.size
        frames_in = g.add_buffer(width=w, height=h, format="rgb24",
                                 time_base=Fraction(1, self.fps))
        pal_in = g.add_buffer(width=palette.width, height=palette.height,
                              format=palette.format.name, time_base=Fraction(1, self.fps))
        use = g.add("paletteuse", "dither=bayer:bayer_scale=4:diff_mode=rectangle")
        sink = g.add("buffersink")
        frames_in.link_to(use, 0, 0)
        pal_in.link_to(use, 0, 1)
        use.link_to(sink)
        g.configure()
        palette.pts = 0
        pal_in.push(palette)
        out = av.open(str(self.path), "w", format="gif")
        try:
            stream = out.add_stream("gif", rate=self.fps)
            stream.width, stream.height, stream.pix_fmt = w, h, "pal8"
            pts = done = 0      # output frames may lag the input: count them separately
            self.spool.seek(0)
            frame_bytes = w * h * 3
            for k in range(len(self.entries)):
                rgb = np.frombuffer(self.spool.read(frame_bytes), np.uint8).reshape(h, w, 3)
                frames_in.push(self._frame(rgb, k))
                if k == len(self.entries) - 1:
                    frames_in.push(None)
                    pal_in.push(None)
                for q in _drain(sink):
                    for _ in range(self.entries[done]):
                        q.pts = pts
                        pts += 1
                        out.mux(stream.encode(q))
                    done += 1
            out.mux(stream.encode(None))
        finally:
            out.close()
            self.spool.close()

    def abort(self) -> None:
        self.spool.close()


def _drain(sink):
    import av
    while True:
        try:
            yield sink.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return


WRITERS = {"mp4": _Mp4Writer, "gif": _GifWriter}


def frame_png(bgra: np.ndarray) -> bytes:
    """One frame as PNG bytes (PyAV's PNG encoder; no Qt here)."""
    import av
    cc = av.CodecContext.create("png", "w")
    cc.width, cc.height = bgra.shape[1], bgra.shape[0]
    cc.pix_fmt = "rgb24"
    cc.time_base = Fraction(1, 1)
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(bgra[:, :, 2::-1]), format="rgb24")
    return b"".join(bytes(p) for p in cc.encode(frame) + cc.encode(None))


# -- the film --------------------------------------------------------------------------------

def planned_films(out_dir, name: str, formats) -> dict[str, Path]:
    return {f: Path(out_dir) / f"{name}_animation.{f}" for f in formats
            if f in ANIMATION_FORMATS}


def write_animation(req: AnimationRequest, targets: dict[str, Path], frame_source,
                    progress: Callable | None = None, cancel: Callable | None = None,
                    keyframes: Iterable[Keyframe] | None = None) -> AnimationResult:
    """Render the keyframes (default ``plan_frames(req)``) with ``frame_source`` on this thread
    and encode them on a second one; write each target atomically.

    ``progress(done, total, label)`` after each keyframe; ``cancel()`` returning True stops the
    film (``AnimationCancelled``) and removes the temp files."""
    from ..core.atomic import atomic_path
    t0 = time.perf_counter()
    keyframes = list(keyframes) if keyframes is not None else plan_frames(req)
    result = AnimationResult(frames=sum(k.repeat for k in keyframes))
    total = len(keyframes)
    jobs: queue.Queue = queue.Queue(maxsize=3)
    failure: list[BaseException] = []

    with ExitStack() as stack:
        tmp = {fmt: stack.enter_context(atomic_path(path)) for fmt, path in targets.items()}
        writers = {fmt: WRITERS[fmt](tmp[fmt], req.size, req.fps) for fmt in targets}

        def encode():
            try:
                while True:
                    job = jobs.get()
                    if job is None:
                        return
                    for w in writers.values():
                        w.write(*job)
            except BaseException as exc:      # reported on the rendering thread
                failure.append(exc)
                while jobs.get() is not None:     # keep the producer from blocking
                    pass

        worker = threading.Thread(target=encode, name="udcg-encode", daemon=True)
        worker.start()
        finished = False
        try:
            if progress:
                progress(0, total, "drawing frames")
            cpu0 = time.thread_time()
            for i, kf in enumerate(keyframes):
                if cancel is not None and cancel():
                    raise AnimationCancelled("cancelled; nothing was written")
                if failure:
                    break
                pixels = frame_source.render(kf)
                result.draw_cpu_s = time.thread_time() - cpu0
                if i == len(keyframes) - 1:
                    result.poster_png = frame_png(pixels)
                jobs.put((pixels.copy(), kf.repeat))
                if progress:
                    progress(i + 1, total, f"frame {i + 1} of {total}: {kf.day}")
            finished = True
        finally:
            jobs.put(None)
            worker.join()
            if failure or not finished:
                for w in writers.values():
                    w.abort()
        if failure:
            raise failure[0]
        if progress:
            progress(total, total, "finishing the film")
        for w in writers.values():
            w.close()
    result.rendered = getattr(frame_source, "rendered", total)
    result.written = list(targets.values())
    result.seconds = time.perf_counter() - t0
    return result


# -- the deck's movie slide ----------------------------------------------------------------------

def movie_slide_text(req: AnimationRequest) -> tuple[str, str]:
    """(title, subtitle) of the deck's movie slide."""
    every = "every day" if req.step_days == 1 else f"every {req.step_days} days"
    return ("The front line, day by day",
            f"{req.start} to {req.end}, {every}; the picture shows the last day")


def add_movie_to_deck(pptx_path: Path, mp4_path: Path, result: AnimationResult,
                      req: AnimationRequest) -> None:
    from .pptx import append_movie_slide
    title, subtitle = movie_slide_text(req)
    append_movie_slide(pptx_path, mp4_path, result.poster_png, title, subtitle,
                       notes=f"Film: {mp4_path.name}, {result.frames} frames at {req.fps} "
                             f"frames a second, {req.size[0]}x{req.size[1]}.")
