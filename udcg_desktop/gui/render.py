"""Images for exports, rendered offscreen with Qt (used by the export dialog and the CLI).

Exporters in ``udcg_desktop.export`` import no Qt; they receive PNG/SVG bytes from here:

- charts: the reportlab drawing's SVG (``export.charts``) rasterised with ``QSvgRenderer`` into a
  ``QImage`` of an explicit pixel size, with the PNG's physical DPI set (pHYs), not the screen's;
- the map and the timeline: ``render_map_image`` / ``render_timeline_image`` of the map and
  main-window views. Until those exist, ``ImageUnavailable`` says so and the export lists it
  as a failure while the other formats go on.
"""
from __future__ import annotations

import os
import sys


# The box a map or timeline picture fills on a 16:9 slide of the deck (export/pptx.py places
# them in 12.33 x 5.85 inches), and the smallest text size it may show there.
SLIDE_PICTURE_BOX_IN = (12.33, 5.85)
MIN_TEXT_PT = 12.0


def text_px_for_slide(size, min_pt: float = MIN_TEXT_PT) -> float:
    """Pixels of an image of ``size`` that make ``min_pt`` points once the picture is scaled
    into its box on the slide (1600x600 timeline: ~22 px; 1600x1000 map: ~28 px)."""
    w, h = float(size[0]), float(size[1])
    inches_per_px = min(SLIDE_PICTURE_BOX_IN[0] / w, SLIDE_PICTURE_BOX_IN[1] / h)
    return min_pt / 72.0 / inches_per_px


class ImageUnavailable(RuntimeError):
    """An image the export wanted could not be produced (the reason is the message)."""


def ensure_app():
    """A Q(Gui)Application for offscreen rendering (the window's own when it is running)."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
        _quiet_offscreen_messages()
    return app


def _quiet_offscreen_messages():
    """The offscreen platform warns about window hints it ignores; keep the CLI output clean."""
    from PySide6.QtCore import qInstallMessageHandler
    previous = {}

    def handler(mode, context, message):
        if "propagateSizeHints" in message:
            return
        sys.stderr.write(message + "\n")
    previous["h"] = qInstallMessageHandler(handler)


def svg_to_png(svg: bytes, size: tuple[int, int] = (1600, 1000), dpi: int = 200,
               background: str = "#ffffff") -> bytes:
    """Rasterise SVG bytes to PNG bytes of exactly ``size`` pixels, tagged with ``dpi``."""
    ensure_app()
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ImageUnavailable("the chart's SVG could not be read")
    w, h = int(size[0]), int(size[1])
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(background))
    dots_per_metre = int(round(dpi / 0.0254))
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        # Keep the drawing's aspect ratio, centred.
        vb = renderer.viewBoxF()
        if vb.isEmpty():
            vb = QRectF(0, 0, renderer.defaultSize().width(), renderer.defaultSize().height())
        scale = min(w / vb.width(), h / vb.height())
        tw, th = vb.width() * scale, vb.height() * scale
        renderer.render(painter, QRectF((w - tw) / 2, (h - th) / 2, tw, th))
    finally:
        painter.end()
    return image_to_png(image)


def image_to_png(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise ImageUnavailable("Qt could not encode the PNG")
    buf.close()
    return bytes(data.data())


def png_at_dpi(image, dpi: float) -> bytes:
    """PNG bytes of a painted ``image`` tagged with ``dpi`` (set only after painting: set
    before, it would change how points map to pixels)."""
    dpm = int(round(float(dpi) / 0.0254))
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    return image_to_png(image)


def svg_document(size, view_size, title: str, description: str, draw) -> bytes:
    """SVG bytes of ``size`` pixels whose drawing, ``draw(painter)``, is in a ``view_size``
    coordinate box."""
    from PySide6.QtCore import QBuffer, QIODevice, QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QSize(int(size[0]), int(size[1])))
    gen.setViewBox(QRect(0, 0, int(view_size[0]), int(view_size[1])))
    gen.setResolution(96)
    gen.setTitle(title)
    gen.setDescription(description)
    p = QPainter(gen)
    try:
        draw(p)
    finally:
        p.end()
    return bytes(buf.data())


def chart_images(summary, names=None, size: tuple[int, int] = (1600, 1000), dpi: int = 200,
                 fmts=("png", "svg")) -> dict[tuple[str, str], bytes]:
    """{(chart name, "png"|"svg"): bytes} for the export's charts."""
    from ..export import charts
    names = names or charts.CHART_NAMES
    # The drawing's points: keep its aspect equal to the requested pixel size.
    width = 640.0
    height = width * size[1] / size[0]
    out = {}
    for name in names:
        svg = charts.chart_svg(charts.chart_drawing(summary, name, width, height))
        if "svg" in fmts:
            out[(name, "svg")] = svg
        if "png" in fmts:
            out[(name, "png")] = svg_to_png(svg, size, dpi)
    return out


def map_image(briefing, as_of, filters=None, size=(1600, 1000), dpi=200, fmt="png",
              title=None, aoi=None, extent=None) -> bytes:
    """The map at ``as_of`` (legend, date stamp, scale bar, attribution) as PNG or SVG bytes."""
    ensure_app()
    try:
        from .views.map.render import render_map_image
    except ImportError as exc:
        raise ImageUnavailable(f"map image not available yet ({exc})") from exc
    try:
        data = render_map_image(briefing, as_of, filters=filters, size=size, dpi=dpi, fmt=fmt,
                                title=title, text_px=text_px_for_slide(size), aoi=aoi,
                                extent=extent)
    except ImageUnavailable:
        raise
    except Exception as exc:   # a renderer bug must not stop the other formats
        raise ImageUnavailable(f"the map could not be drawn: {type(exc).__name__}: {exc}") from exc
    if not data:
        raise ImageUnavailable("the map renderer returned no image")
    return bytes(data)


def timeline_image(briefing, as_of, filters=None, size=(1600, 600), dpi=200,
                   fmt="png", span=None) -> bytes:
    """The timeline up to ``as_of`` as PNG or SVG bytes (``span``: seconds shown, default as
    the window first shows it)."""
    ensure_app()
    try:
        from .views.timeline_render import render_timeline_image
    except ImportError as exc:
        raise ImageUnavailable(f"timeline image not available yet ({exc})") from exc
    try:
        data = render_timeline_image(briefing, as_of, filters=filters, size=size, dpi=dpi,
                                     fmt=fmt, span=span, text_px=text_px_for_slide(size))
    except ImageUnavailable:
        raise
    except Exception as exc:
        raise ImageUnavailable(
            f"the timeline could not be drawn: {type(exc).__name__}: {exc}") from exc
    if not data:
        raise ImageUnavailable("the timeline renderer returned no image")
    return bytes(data)


def change_map_picture(cm, size=(1600, 1000), dpi=200, fmt="png", titled=True) -> bytes:
    """The change map (``core.change_map.ChangeMap``) as PNG or SVG bytes; ``titled=False``
    under a slide's or page's own heading."""
    ensure_app()
    from .change_map_image import change_map_image
    try:
        return change_map_image(cm, size, dpi, fmt, text_px=text_px_for_slide(size),
                                titled=titled)
    except Exception as exc:   # a drawing bug must not stop the other formats
        raise ImageUnavailable(
            f"the change map could not be drawn: {type(exc).__name__}: {exc}") from exc


class QtRenderer:
    """What ``export.pack.export_pack`` asks for images (duck-typed; no Qt in export/)."""

    unavailable = ImageUnavailable

    def __init__(self, timeline_span=None, aoi=None):
        self.timeline_span = timeline_span     # the window's span, so the export matches it
        self.aoi = aoi                         # the window's area of interest (default: ours)

    def charts(self, summary, names, size, dpi, fmts):
        return chart_images(summary, names, size, dpi, fmts)

    def map(self, briefing, as_of, filters, size, dpi, fmt, extent=None, title=None):
        """``extent`` [lon_min, lon_max, lat_min, lat_max]: a bookmark's view (default: the
        area of interest)."""
        return map_image(briefing, as_of, filters, size, dpi, fmt, title=title, aoi=self.aoi,
                         extent=extent)

    def timeline(self, briefing, as_of, filters, size, dpi, fmt):
        return timeline_image(briefing, as_of, filters, size, dpi, fmt, self.timeline_span)

    def change_map(self, cm, size, dpi, fmt, titled=True):
        return change_map_picture(cm, size, dpi, fmt, titled)

    def animation_frames(self, briefing, request, filters=None):
        """The frame source of ``export.animation`` (one offscreen map for the whole film)."""
        ensure_app()
        from .animation_frames import MapFilmFrames
        return MapFilmFrames(briefing, request, filters)
