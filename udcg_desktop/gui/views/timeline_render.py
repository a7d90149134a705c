"""The timeline drawn offscreen for exports: ``offscreen_timeline_view`` (a TimelineView never
shown, in the light theme) and ``render_timeline_image`` (PNG or SVG bytes)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt

from .. import theme
from .timeline_view import TimelineView


def offscreen_timeline_view(briefing, as_of=None, filters=None, size=(1600, 600), span=None):
    """A TimelineView never shown on screen, in the light theme, laid out at ``size``, not
    following the session (a still picture): ``span`` (seconds) shown, default as the window
    first shows it; what happened after ``as_of`` dimmed. The caller hides and deletes it."""
    from PySide6.QtWidgets import QApplication

    from ...core.session import Session
    _offscreen_app()
    session = Session(briefing)
    if as_of is not None:
        session.cursor.set_date(np.datetime64(as_of, "D"))
    if filters is not None:
        session.filters.set_values(filters)
    view = TimelineView(session)
    # Exports are printed and projected: always the light theme (keeping a colour-blind choice).
    view.shutdown()           # a still image: no need to follow the session or the theme
    view.set_caching(False)   # drawn into the image itself, not blitted from screen caches
    view._palette = theme._combine(theme.LIGHT, theme.manager().colourblind)
    view.dim_after(session.cursor.date)          # (restyles)
    view.setAttribute(Qt.WA_DontShowOnScreen, True)
    view.resize(int(size[0]), int(size[1]))
    view.show()
    if span is not None:
        view.plot.setXRange(float(span[0]), float(span[1]), padding=0)
    QApplication.processEvents()
    return view


def _offscreen_app():
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        import os
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _offscreen_app.app = QApplication([])   # keep it alive for later calls
    return QApplication.instance()


def render_timeline_image(briefing, as_of, filters=None, size=(1600, 600), dpi=200,
                          fmt="png", span=None, text_px=None) -> bytes:
    """The timeline at ``as_of`` as PNG or SVG bytes, drawn offscreen (for exports).

    ``span``: see ``offscreen_timeline_view``; ``text_px`` the pixel size the smallest text must
    have in the image (the view is laid out at a smaller size and scaled up to reach it)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QFontInfo, QImage, QPainter

    w_px, h_px = int(size[0]), int(size[1])
    ratio = 1.0
    if text_px:
        em_px = QFontInfo(_offscreen_app().font()).pixelSize() or 12
        ratio = max(1.0, float(text_px) / em_px)
    lw, lh = max(320, int(round(w_px / ratio))), max(200, int(round(h_px / ratio)))
    view = offscreen_timeline_view(briefing, as_of, filters, (lw, lh), span)
    try:
        if fmt == "svg":
            from PySide6.QtSvg import QSvgGenerator
            data = QByteArray()
            buf = QBuffer(data)
            buf.open(QIODevice.WriteOnly)
            gen = QSvgGenerator()
            gen.setOutputDevice(buf)
            gen.setSize(QSize(w_px, h_px))
            gen.setViewBox(QRectF(0, 0, lw, lh))
            gen.setResolution(int(dpi))
            gen.setTitle("UDCG briefing timeline")
            painter = QPainter(gen)
            try:
                view.plot.render(painter, QRectF(0, 0, lw, lh), view.plot.viewport().rect())
            finally:
                painter.end()
            buf.close()
            return bytes(data.data())
        if fmt != "png":
            raise ValueError(f"unsupported timeline image format {fmt!r}")
        image = QImage(w_px, h_px, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(w_px / lw)
        image.fill(theme.qcolor(view._palette.background))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            view.plot.render(painter, QRectF(0, 0, lw, lh), view.plot.viewport().rect())
        finally:
            painter.end()
        image.setDevicePixelRatio(1.0)
        dpm = int(round(dpi / 0.0254))
        image.setDotsPerMeterX(dpm)
        image.setDotsPerMeterY(dpm)
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.WriteOnly)
        image.save(buf, "PNG")
        buf.close()
        return bytes(data.data())
    finally:
        view.shutdown()
        view.hide()
        view.deleteLater()
