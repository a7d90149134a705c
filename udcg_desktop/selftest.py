"""``udcg-desktop --self-test``: prove an installation works, on the machine it is on.

Opens the bundled sample in the real window (offscreen), steps the time cursor as a user would,
writes every export format to a temporary folder through the public ``export_pack``, reads each
file back, and prints one line per check (``ok`` or ``FAIL``). Exit 0 when every check passed.
Made for the self-contained build (``resources/packaging``), where no Python is there to debug
with; it runs the same from a pip install.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

STEP_DAYS = 7
MAX_STEPS = 30


class Checks:
    """Prints one line per check and remembers whether all passed."""

    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.failed = 0
        self.passed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.passed += bool(ok)
        self.failed += not ok
        self.out.write(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}\n")
        self.out.flush()
        return ok

    def run(self, name: str, fn):
        """``fn()`` returns (ok, detail); an exception is a failed check, not a crash."""
        try:
            ok, detail = fn()
        except Exception as exc:      # noqa: BLE001 - report every failure, go on with the rest
            last = traceback.extract_tb(exc.__traceback__)[-1]
            ok, detail = False, (f"{type(exc).__name__}: {exc} "
                                 f"({Path(last.filename).name}:{last.lineno})")
        return self.check(name, ok, detail)


# -- reading an exported file back ----------------------------------------------------------------
def check_file(path: Path) -> tuple[bool, str]:
    """(ok, what was found) for one exported file, read back by its type."""
    data = path.read_bytes()
    if not data:
        return False, "empty file"
    kind = path.suffix.lower().lstrip(".")
    reader = _READERS.get(kind)
    if reader is None:
        return True, f"{len(data):,} bytes"
    return reader(path, data)


def _xlsx(path, data):
    from openpyxl import load_workbook
    wb = load_workbook(path, read_only=True)
    try:
        sheets = wb.sheetnames
    finally:
        wb.close()
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    return bool(sheets) and bool(charts), f"{len(sheets)} sheets, {len(charts)} charts"


def _pptx(path, data):
    from pptx import Presentation
    deck = Presentation(str(path))
    slides = len(deck.slides)
    pictures = sum(1 for s in deck.slides for sh in s.shapes if sh.shape_type == 13)
    return slides >= 2, f"{slides} slides, {pictures} pictures"


def _pdf(path, data):
    import re
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    ok = data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] and pages >= 1
    return ok, f"{pages} pages, {len(data):,} bytes"


def _png(path, data):
    from PySide6.QtGui import QImage
    img = QImage()
    if not img.loadFromData(data, "PNG") or img.isNull():
        return False, "not a readable PNG"
    small = img.scaled(64, 64)
    colours = {small.pixel(x, y) for x in range(64) for y in range(64)}
    return len(colours) > 4, f"{img.width()}x{img.height()}, {len(colours)} colours (64x64)"


def _svg(path, data):
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer
    renderer = QSvgRenderer(QByteArray(data))
    size = renderer.defaultSize()
    return renderer.isValid() and not size.isEmpty(), f"{size.width()}x{size.height()}"


def _md(path, data):
    text = data.decode("utf-8")
    lines = text.splitlines()
    return bool(lines) and lines[0].startswith("#"), f"{len(lines)} lines, '{lines[0][:40]}'"


_READERS = {"xlsx": _xlsx, "pptx": _pptx, "pdf": _pdf, "png": _png, "svg": _svg, "md": _md}


# -- the run --------------------------------------------------------------------------------------
def _window_colours(window) -> int:
    img = window.grab().toImage().scaled(96, 60)
    return len({img.pixel(x, y) for x in range(img.width()) for y in range(img.height())})


def _icu_text() -> tuple[bool, str]:
    """Qt's locale-aware text through ICU, whose data the self-contained build trims to what Qt
    uses (case mapping, collation, converters; not the display names of zones, units, etc.)."""
    from PySide6.QtCore import QCollator, QLocale
    upper = QLocale("uk_UA").toUpper("харків, ґанок")
    order = sorted(["Харків", "Ґалаґан", "Гуляйполе", "Єнакієве"],
                   key=QCollator(QLocale("uk_UA")).sortKey)
    ok = upper == "ХАРКІВ, ҐАНОК" and order == ["Гуляйполе", "Ґалаґан", "Єнакієве", "Харків"]
    return ok, f"upper case {upper!r}; Ukrainian order {', '.join(order)}"


def _settle(app, seconds: float = 0.3) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def run(checks: Checks, workdir: Path) -> None:
    from .core import paths
    build = (f"self-contained build in {Path(sys.executable).parent}"
             if getattr(sys, "frozen", False) else f"Python {sys.version.split()[0]} at "
                                                   f"{sys.executable}")
    checks.out.write(f"udcg-desktop self-test ({build})\n")

    sample = paths.sample_briefing_files()
    shipped = sample + [paths.fx_rates_path(), paths.resources_dir() / "basemap"]
    missing = [str(p) for p in shipped if not p.exists()]
    if not checks.check("shipped files", not missing,
                        f"missing {', '.join(missing)}" if missing else
                        f"sample, control areas, fx rates and base map in {paths.data_dir().parent}"):
        return

    os.environ["QT_QPA_PLATFORM"] = "offscreen"     # a self-test never needs a display
    from PySide6.QtCore import QSettings
    from .gui.render import ensure_app
    app = ensure_app()
    checks.run("Qt text (ICU)", _icu_text)
    from .core.session import Session
    from .gui.loading import read_briefing
    from .gui.main_window import MainWindow

    t0 = time.perf_counter()
    briefing = read_briefing(sample, "Sample briefing: Kharkiv offensive 2024")
    counts = (len(briefing.pledges), len(briefing.events), len(briefing.areas))
    if not checks.check("sample read", all(counts),
                        f"{counts[0]} pledges, {counts[1]} events, {counts[2]} control-area "
                        f"snapshots in {time.perf_counter() - t0:.1f} s"):
        return

    settings = QSettings(str(workdir / "settings.ini"), QSettings.IniFormat)
    window = MainWindow(Session(briefing), settings=settings)
    window.adopt_loaded(sample, sample=True)
    window.show()
    _settle(app)
    first = window.figures.figures_text()
    checks.run("window painted", lambda: (
        (n := _window_colours(window)) > 20,
        f"{window.width()}x{window.height()}, {n} colours in a 96x60 thumbnail"))

    def step():
        controls = window.time_controls
        controls.step_days.setValue(STEP_DAYS)
        before = window.session.cursor.date
        for k in range(1, MAX_STEPS + 1):
            controls.back_button.click()
            _settle(app, 0.02)
            if window.figures.figures_text() != first:
                break
        after = window.session.cursor.date
        shown = controls.date_edit.text()
        ok = (after == before - k * STEP_DAYS and shown == str(after)
              and window.figures.figures_text() != first)
        return ok, f"{k} steps back from {before} to {after}; date field {shown}, figures changed"
    checks.run("cursor stepped", step)
    _settle(app)

    from .export.pack import FORMATS, default_name, export_pack, planned_files
    from .gui.render import QtRenderer
    out = workdir / "pack"
    as_of = window.session.cursor.date
    name = default_name(as_of)
    t0 = time.perf_counter()
    result = export_pack(briefing, out, as_of=as_of, formats=FORMATS, name=name,
                         renderer=QtRenderer())
    why = "; ".join(f"{what}: {reason}" for what, reason in result.failures)
    checks.check("export pack", result.ok, why or (
        f"{len(result.written)} files ({', '.join(FORMATS)}) as of {as_of} in "
        f"{time.perf_counter() - t0:.1f} s"))
    for label, path in planned_files(out, name, FORMATS).items():
        if path.exists():
            checks.run(f"  {path.name}", lambda p=path: check_file(p))
        else:
            checks.check(f"  {path.name}", False, "not written")
    _films(checks, briefing, out, name)
    window.shutdown()
    window.close()
    window.deleteLater()
    _settle(app, 0.05)


def _films(checks: Checks, briefing, out: Path, name: str) -> None:
    """The animated map (an optional extra): a short film in every format, read back; a line
    saying why not where the encoder is not installed (a build without video)."""
    from .export import animation
    problem = animation.encoder_problem()
    if problem:
        checks.out.write(f"skip animated map ({', '.join(animation.ANIMATION_FORMATS)}): "
                         f"{problem}\n")
        return
    from .gui.render import QtRenderer
    req = animation.AnimationRequest(step_days=7, size=(640, 360), hold_seconds=0,
                                     formats=animation.ANIMATION_FORMATS)
    t0 = time.perf_counter()
    req = animation.check_request(briefing, req)
    source = QtRenderer().animation_frames(briefing, req, None)
    try:       # as the CLI and the dialog do: check, then write (export/animation.py)
        result = animation.write_animation(req, animation.planned_films(out, name, req.formats),
                                           source)
    finally:
        source.close()
    checks.check("animated map", bool(result.written),
                 f"{result.frames} frames in {time.perf_counter() - t0:.1f} s")
    for path in result.written:
        checks.run(f"  {path.name}", lambda p=path: check_file(p))


def _film(path, data):
    import av
    with av.open(str(path)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    return frames >= 2, f"{frames} frames decoded, {len(data):,} bytes"


_READERS.update(mp4=_film, gif=_film)


def main(argv: list[str] | None = None) -> int:
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="udcg-self-test-") as tmp:
        try:
            run(checks, Path(tmp))
        except Exception as exc:     # noqa: BLE001 - the self-test reports, never tracebacks
            checks.check("self-test ran to the end", False, f"{type(exc).__name__}: {exc}")
    verdict = "passed" if not checks.failed and checks.passed else "FAILED"
    checks.out.write(f"self-test {verdict}: {checks.passed} ok, {checks.failed} failed\n")
    return 0 if verdict == "passed" else 1
