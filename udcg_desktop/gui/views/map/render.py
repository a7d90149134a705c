"""The map drawn offscreen for exports: ``offscreen_map_view`` (a MapView never shown) and
``render_map_image(briefing, as_of, ...)`` at the Kharkiv-axis view (PNG with its DPI set, or SVG).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ....core.session import Session
from .basemap import BasemapGeometry
from .view import PRESENTATION_MARKER_PX, SMALLEST_TEXT_PT, MapView

Qt = QtCore.Qt


def offscreen_map_view(briefing, as_of=None, filters=None, logical_size=(1600, 1000),
                       basemap: BasemapGeometry | None = None, aoi=None) -> MapView:
    """A MapView never shown on screen, laid out at ``logical_size`` at the home view, drawn
    without device caches (it paints into images). The caller shuts it down."""
    QtWidgets.QApplication.instance() or pg.mkQApp()
    lw, lh = int(logical_size[0]), int(logical_size[1])
    session = Session(briefing)
    if as_of is not None:
        session.cursor.set_date(as_of)
    if filters is not None:
        session.filters.set_values(filters)
    if aoi is not None:
        session.set_aoi(getattr(aoi, "key", aoi))
    view = MapView(session, basemap=basemap, toolbar=False)
    view.set_caching(False)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(lw, lh)
    view.show()
    QtWidgets.QApplication.processEvents()
    view.view.resize(lw, lh)
    view.home()
    view.refresh()
    QtWidgets.QApplication.processEvents()
    return view


def render_map_image(briefing, as_of, filters=None, size=(1600, 1000), dpi=200, fmt="png",
                     title=None, basemap: BasemapGeometry | None = None,
                     text_px: float | None = None, aoi=None, extent=None) -> bytes:
    """The map at the Kharkiv axis on ``as_of`` with legend, date stamp, scale bar, attribution.

    ``size`` is in pixels; text is sized for ``dpi`` (a 1600-px image at 200 dpi is 8 inches wide
    with 9-pt place names), or, given ``text_px``, so that the smallest text is that many pixels
    high in the image. ``fmt`` is "png" (with its physical DPI set) or "svg".
    """
    fmt = fmt.lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported map image format {fmt!r} (png or svg)")
    w_px, h_px = int(size[0]), int(size[1])
    ratio = max(1.0, float(dpi) / 96.0)
    lw, lh = max(200, int(round(w_px / ratio))), max(150, int(round(h_px / ratio)))
    view = offscreen_map_view(briefing, as_of, filters, (lw, lh), basemap, aoi)
    session = view.session
    try:
        if extent is not None:       # a bookmark's view instead of the Kharkiv axis
            x0, x1, y0, y1 = extent
            view.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)
        if title:
            view.heading = str(title)
        if text_px:
            smallest = SMALLEST_TEXT_PT * view.logicalDpiY() / 72.0 * ratio
            view.set_text_scale(max(1.0, float(text_px) / smallest), PRESENTATION_MARKER_PX)
        elif title:
            view.refresh()
        from ...render import png_at_dpi, svg_document
        if fmt == "png":
            img = QtGui.QImage(w_px, h_px, QtGui.QImage.Format.Format_ARGB32)
            img.setDevicePixelRatio(w_px / lw)
            img.fill(view.style_.background)
            p = QtGui.QPainter(img)
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            view.view.render(p, QtCore.QRectF(0, 0, lw, lh), QtCore.QRect(0, 0, lw, lh))
            p.end()
            img.setDevicePixelRatio(1.0)
            return png_at_dpi(img, dpi)

        def draw(p):
            p.fillRect(QtCore.QRectF(0, 0, lw, lh), view.style_.background)
            view.view.render(p, QtCore.QRectF(0, 0, lw, lh), QtCore.QRect(0, 0, lw, lh))
        return svg_document((w_px, h_px), (lw, lh), title or "UDCG briefing map",
                            f"Map as of {np.datetime64(session.cursor.date, 'D')}", draw)
    finally:
        view.shutdown()
        view.close()
        view.deleteLater()
