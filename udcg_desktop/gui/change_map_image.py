"""The change map as a picture (PNG or SVG): what the front gained and lost between two dates.

Drawn with QPainter from ``core.change_map.ChangeMap`` (no map widget: the picture is the same
offscreen, in the CLI and in the window's export): a title with the net change, the map of the
sectors' box (base map, faded unchanged control, red gains, blue losses, hatched source
disagreement, sectors outlined and named, settlements that changed status marked), a legend with
the two dates and the km² of every class, and the attribution.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6 import QtCore, QtGui

from ..core import change_map as cmap

# Class colours, fixed (a briefing picture should not change with the window's theme).
CLASS_STYLE = {            # key -> (fill, alpha, edge)
    "unchanged": ("#8c7b7b", 0.35, None),
    "contested": ("#f08a7e", 0.75, "#c0392b"),
    "occupied": ("#c0392b", 0.9, "#7b1d13"),
    "regained": ("#2c6fd6", 0.85, "#163f80"),
}
DRAW_ORDER = ("unchanged", "contested", "occupied", "regained")
DISAGREE_STYLE = {"deepstate_only": ("#5b2a86", "DeepState only (occupied)"),
                  "isw_only": ("#d97b00", "ISW only (occupied)")}
LAND = {"Ukraine": "#fbfaf6", "Russia": "#e6e2dc", "Belarus": "#eeebe6"}
OTHER_LAND, WATER, INK, GREY = "#f1efea", "#b9d3e6", "#1d1d1d", "#555555"
SECTOR_EDGE = "#2b2b2b"
ORIENTATION_PLACES = 8     # the largest towns named for orientation (greyed)


def qcolor(spec: str, alpha: float = 1.0) -> QtGui.QColor:
    c = QtGui.QColor(spec)
    c.setAlphaF(alpha)
    return c


def geometry_path(geom, to_xy=None) -> QtGui.QPainterPath:
    """One odd-even QPainterPath of every ring of a (multi)polygon; ``to_xy`` maps an (n, 2)
    lon/lat array to drawing coordinates (default: lon/lat as they are)."""
    from ..core.areas import polygon_rings
    if geom is None or geom.is_empty:
        return rings_path([])
    return rings_path(polygon_rings(geom), to_xy)


def rings_path(polygons, to_xy=None) -> QtGui.QPainterPath:
    """The same from polygons given as [[exterior, hole, ...], ...] (n, 2) arrays."""
    path = QtGui.QPainterPath()
    path.setFillRule(QtCore.Qt.FillRule.OddEvenFill)
    for rings in polygons:
        for ring in rings:
            xy = to_xy(ring) if to_xy is not None else ring
            if len(xy) < 3:
                continue
            path.addPolygon(QtGui.QPolygonF([QtCore.QPointF(x, y) for x, y in xy.tolist()]))
            path.closeSubpath()
    return path


class MapFrame:
    """lon/lat -> pixels for the box in ``rect`` (aspect kept at 1/cos(latitude))."""

    def __init__(self, box, rect: QtCore.QRectF):
        x0, y0, x1, y1 = box
        self.k = math.cos(math.radians((y0 + y1) / 2))
        self.scale = min(rect.width() / ((x1 - x0) * self.k), rect.height() / (y1 - y0))
        w, h = (x1 - x0) * self.k * self.scale, (y1 - y0) * self.scale
        self.left = rect.left() + (rect.width() - w) / 2
        self.top = rect.top() + (rect.height() - h) / 2
        self.x0, self.y1 = x0, y1
        self.rect = QtCore.QRectF(self.left, self.top, w, h)

    def xy(self, ll: np.ndarray) -> np.ndarray:
        ll = np.asarray(ll, dtype=float)
        return np.column_stack([self.left + (ll[:, 0] - self.x0) * self.k * self.scale,
                                self.top + (self.y1 - ll[:, 1]) * self.scale])

    def point(self, lon: float, lat: float) -> QtCore.QPointF:
        x, y = self.xy(np.array([[lon, lat]]))[0]
        return QtCore.QPointF(x, y)

    def path(self, geom) -> QtGui.QPainterPath:
        if geom is None or geom.is_empty:
            return QtGui.QPainterPath()
        # Detail finer than half a pixel is not visible: simplify first (fewer QPointFs).
        return geometry_path(geom.simplify(0.5 / self.scale), self.xy)


def _font(px: float, bold: bool = False) -> QtGui.QFont:
    f = QtGui.QFont()
    f.setPixelSize(max(6, int(round(px))))
    f.setBold(bold)
    return f


def _text(p: QtGui.QPainter, rect: QtCore.QRectF, text: str, px: float, bold=False,
          colour=INK, flags=None) -> float:
    """Word-wrapped text in ``rect``; returns the height used."""
    flags = flags if flags is not None else (QtCore.Qt.AlignmentFlag.AlignLeft
                                             | QtCore.Qt.AlignmentFlag.AlignTop
                                             | QtCore.Qt.TextFlag.TextWordWrap)
    p.setFont(_font(px, bold))
    p.setPen(QtGui.QColor(colour))
    used = p.boundingRect(rect, flags, text)
    p.drawText(rect, flags, text)
    return used.height()


def _halo_text(p: QtGui.QPainter, at: QtCore.QPointF, text: str, px: float, bold=False,
               colour=INK) -> None:
    """A label with a white halo so it reads over any fill."""
    path = QtGui.QPainterPath()
    path.addText(at, _font(px, bold), text)
    p.strokePath(path, QtGui.QPen(qcolor("#ffffff", 0.9), max(2.0, px / 5),
                                  QtCore.Qt.PenStyle.SolidLine, QtCore.Qt.PenCapStyle.RoundCap,
                                  QtCore.Qt.PenJoinStyle.RoundJoin))
    p.fillPath(path, QtGui.QColor(colour))


def _lines(p: QtGui.QPainter, geom) -> None:
    """Every line part of a shapely geometry (drawing coordinates)."""
    import shapely
    for part in shapely.get_parts(geom):
        if part.geom_type == "LineString" and not part.is_empty:
            p.drawPolyline(QtGui.QPolygonF([QtCore.QPointF(x, y) for x, y in part.coords]))
        elif part.geom_type in ("MultiLineString", "GeometryCollection"):
            _lines(p, part)


def _hatch(p: QtGui.QPainter, area, colour: str, step: float, forward: bool) -> None:
    """Diagonal hatching of a polygon given in drawing coordinates, then its edge. The lines are
    cut to the polygon geometrically: the SVG generator writes no clip paths."""
    import shapely
    if area is None or area.is_empty:
        return
    x0, y0, x1, y1 = area.bounds
    h = y1 - y0
    starts = np.arange(x0 - h, x1 + step, step)
    ends = starts + h
    diagonals = shapely.multilinestrings(
        [[(a, y1), (b, y0)] if forward else [(a, y0), (b, y1)] for a, b in zip(starts, ends)])
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.setPen(QtGui.QPen(qcolor(colour, 0.95), max(1.5, step / 4)))
    _lines(p, shapely.intersection(diagonals, area))
    p.setPen(QtGui.QPen(qcolor(colour), max(1.0, step / 6)))
    p.drawPath(geometry_path(area))


def _clipped_base(box):
    """The base map's land, lakes and lines cut to ``box`` (lon/lat shapely geometries), or None
    without a base map: geometric cuts, as the SVG generator writes no clip paths."""
    import shapely
    from ..core.areas import polygonal, rings_to_polygon
    from ..core.basemap import load_basemap
    try:
        base = load_basemap()
    except Exception:          # no base map: the change still draws on plain land
        return None

    def cut_polygons(features):
        out = []
        for f in features:
            for poly in f.polygons:
                g = rings_to_polygon(poly)
                g = g if g.is_valid else shapely.make_valid(g)
                out.append((f.name, polygonal(shapely.clip_by_rect(g, *box))))
        return out

    def cut_lines(layer):
        parts = [shapely.linestrings(part) for part in layer.parts if len(part) > 1]
        return shapely.clip_by_rect(shapely.multilinestrings(parts), *box) if parts else None
    return {"countries": cut_polygons(base.countries.features),
            "lakes": cut_polygons(base.lakes.features),
            "admin1": cut_lines(base.admin1_lines), "admin0": cut_lines(base.admin0_lines)}


_BASE_CACHE: dict = {}


def _draw_base(p: QtGui.QPainter, fr: MapFrame, box, px: float) -> None:
    import shapely
    p.fillRect(fr.rect, QtGui.QColor(OTHER_LAND))
    if box not in _BASE_CACHE:
        _BASE_CACHE.clear()
        _BASE_CACHE[box] = _clipped_base(box)
    base = _BASE_CACHE[box]
    if base is None:
        return
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    for name, geom in base["countries"]:
        if name in LAND and not geom.is_empty:
            p.setBrush(QtGui.QColor(LAND[name]))
            p.drawPath(fr.path(geom))
    p.setBrush(QtGui.QColor(WATER))
    for _name, geom in base["lakes"]:
        if not geom.is_empty:
            p.drawPath(fr.path(geom))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    for key, colour, width in (("admin1", "#a09a92", px / 10), ("admin0", "#4d4d4d", px / 7)):
        if base[key] is not None:
            p.setPen(QtGui.QPen(QtGui.QColor(colour), max(1.0, width)))
            _lines(p, shapely.transform(base[key], fr.xy))


class _Labels:
    """Labels placed beside their points where they overlap no label placed before (right,
    left, above, below; a label that fits nowhere is left out)."""

    def __init__(self, p: QtGui.QPainter, bounds: QtCore.QRectF):
        self.p, self.bounds, self.taken = p, bounds, []

    def add(self, at: QtCore.QPointF, text: str, px: float, gap: float, bold=False,
            colour=INK, keep=False) -> bool:
        fm = QtGui.QFontMetricsF(_font(px, bold))
        w, h = fm.horizontalAdvance(text), fm.ascent() + fm.descent()
        spots = [QtCore.QRectF(at.x() + dx, at.y() + dy, w, h)
                 for dx, dy in ((gap, -h / 2), (-gap - w, -h / 2), (-w / 2, -gap - h),
                                (-w / 2, gap), (gap, -h), (gap, 0), (-gap - w, -h),
                                (-gap - w, 0))]
        free = [r for r in spots if self.bounds.contains(r)
                and not any(r.intersects(t) for t in self.taken)]
        if not free and not keep:
            return False
        r = free[0] if free else spots[0]
        self.taken.append(r)
        _halo_text(self.p, QtCore.QPointF(r.left(), r.top() + fm.ascent()), text, px, bold,
                   colour)
        return True


def _draw_places(p: QtGui.QPainter, fr: MapFrame, cm, px: float, labels: _Labels) -> None:
    """The settlements that changed, marked and named first; then a few large towns for
    orientation, greyed, where their names fit."""
    from ..core.basemap import load_basemap
    r = px / 3.2
    for s in cm.settlements:
        at = fr.point(s.lon, s.lat)
        fill = CLASS_STYLE["occupied" if s.after == "occupied" else "contested"
                           if s.after == "contested" else "regained"][0]
        diamond = QtGui.QPolygonF([at + QtCore.QPointF(0, -r), at + QtCore.QPointF(r, 0),
                                   at + QtCore.QPointF(0, r), at + QtCore.QPointF(-r, 0)])
        p.setPen(QtGui.QPen(QtGui.QColor("#ffffff"), max(1.0, px / 14)))
        p.setBrush(QtGui.QColor(fill))
        p.drawPolygon(diamond)
        labels.taken.append(diamond.boundingRect())
    for s in cm.settlements:
        labels.add(fr.point(s.lon, s.lat), f"{s.name} \u2192 {s.after or 'unmarked'}",
                   px * 0.78, r * 1.4, bold=True, keep=True)
    changed = {s.name for s in cm.settlements}
    try:
        places = load_basemap().places
        idx = [i for i in places.in_box(*cm.box) if places.part_of[i] < 0
               and str(places.name[i]) not in changed][:ORIENTATION_PLACES]
    except Exception:           # no base map: no orientation towns
        idx, places = [], None
    for i in idx:
        at = fr.point(float(places.lon[i]), float(places.lat[i]))
        if labels.add(at, str(places.name[i]), px * 0.7, px / 3, colour=GREY):
            p.setPen(QtCore.Qt.PenStyle.NoPen)
            p.setBrush(QtGui.QColor(GREY))
            p.drawEllipse(at, px / 6, px / 6)


def draw_change_map(p: QtGui.QPainter, width: float, height: float, cm, px: float,
                    titled: bool = True) -> MapFrame:
    """The whole picture into a ``width`` x ``height`` area; ``px``: the smallest text's size;
    ``titled``: with the headline and the dates above the map (not under a slide's heading).
    Returns the map's frame (where each lon/lat landed)."""
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
    p.fillRect(QtCore.QRectF(0, 0, width, height), QtGui.QColor("#ffffff"))
    pad = px * 0.6
    top = pad
    if titled:
        used = _text(p, QtCore.QRectF(pad, pad * 0.6, width - 2 * pad, px * 3),
                     cmap.headline(cm), px * 1.35, bold=True)
        sub = (f"Kharkiv axis: control on {cm.since} against {cm.as_of} ({cm.source} "
               f"snapshots of {cm.since_snapshot[:10]} and {cm.as_of_snapshot[:10]})")
        used += _text(p, QtCore.QRectF(pad, pad * 0.6 + used, width - 2 * pad, px * 3), sub,
                      px * 0.8, colour=GREY)
        top = pad * 0.6 + used + pad * 0.5
    foot_h = px * 2.1
    legend_w = max(width * 0.31, px * 11)
    map_rect = QtCore.QRectF(pad, top, width - legend_w - 2.5 * pad, height - top - foot_h - pad)
    fr = MapFrame(cm.box, map_rect)

    _draw_base(p, fr, cm.box, px)
    for key in DRAW_ORDER:
        cls = next((c for c in cm.classes if c.key == key), None)
        if cls is None or cls.geometry.is_empty:
            continue
        fill, alpha, edge = CLASS_STYLE[key]
        p.setBrush(qcolor(fill, alpha))
        p.setPen(QtGui.QPen(QtGui.QColor(edge), max(1.0, px / 12)) if edge
                 else QtCore.Qt.PenStyle.NoPen)
        p.drawPath(fr.path(cls.geometry))
    d = cm.disagreement
    if d is not None:
        import shapely
        for key, forward in (("deepstate_only", True), ("isw_only", False)):
            area = shapely.transform(shapely.clip_by_rect(getattr(d, key), *cm.box), fr.xy)
            _hatch(p, area, DISAGREE_STYLE[key][0], px * 0.45, forward)
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.setPen(QtGui.QPen(QtGui.QColor(SECTOR_EDGE), max(1.5, px / 8),
                        QtCore.Qt.PenStyle.DashLine))
    for name, geom in cm.sectors:
        p.drawPath(fr.path(geom))
    labels = _Labels(p, fr.rect)
    for name, geom in cm.sectors:
        if geom.is_empty:
            continue
        x0, _y0, _x1, y1 = geom.bounds
        labels.add(fr.point(x0, y1) + QtCore.QPointF(0, px * 0.75), name, px * 0.95, px * 0.3,
                   bold=True, colour=SECTOR_EDGE, keep=True)
    _draw_places(p, fr, cm, px, labels)
    p.setPen(QtGui.QPen(QtGui.QColor("#888888"), 1.0))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.drawRect(fr.rect)

    _draw_legend(p, QtCore.QRectF(width - legend_w - pad, top, legend_w,
                                  height - top - foot_h - pad), cm, px)
    foot = cmap.attribution(cm)
    try:
        from ..core.basemap import ATTRIBUTION
        foot += " " + ATTRIBUTION + "."
    except ImportError:
        pass
    _text(p, QtCore.QRectF(pad, height - foot_h - pad * 0.5, width - 2 * pad, foot_h), foot,
          px * 0.7, colour=GREY)
    return fr


def _swatch(p: QtGui.QPainter, rect: QtCore.QRectF, key: str) -> None:
    if key in CLASS_STYLE:
        fill, alpha, edge = CLASS_STYLE[key]
        p.setBrush(qcolor(fill, alpha))
        p.setPen(QtGui.QPen(QtGui.QColor(edge or fill), 1.5))
        p.drawRect(rect)
        return
    import shapely
    _hatch(p, shapely.box(rect.left(), rect.top(), rect.right(), rect.bottom()),
           DISAGREE_STYLE[key][0], rect.height() / 3.5, key == "deepstate_only")


def _draw_legend(p: QtGui.QPainter, rect: QtCore.QRectF, cm, px: float) -> None:
    y = rect.top()
    sw = px * 1.3
    y += _text(p, QtCore.QRectF(rect.left(), y, rect.width(), px * 3),
               f"Between {cm.since} and {cm.as_of}", px * 0.9, bold=True) + px * 0.4
    rows = [(k, label, km2) for k, label, km2 in cmap.legend_rows(cm)]
    d = cm.disagreement
    if d is not None:
        rows += [("deepstate_only", DISAGREE_STYLE["deepstate_only"][1],
                  f"{d.deepstate_only_km2:,.0f} km\u00b2"),
                 ("isw_only", DISAGREE_STYLE["isw_only"][1], f"{d.isw_only_km2:,.0f} km\u00b2")]
    for key, label, km2 in rows:
        _swatch(p, QtCore.QRectF(rect.left(), y + px * 0.1, sw, sw * 0.75), key)
        text_rect = QtCore.QRectF(rect.left() + sw + px * 0.4, y, rect.width() - sw - px * 0.4,
                                  px * 4)
        h = _text(p, text_rect, f"{label}: {km2}", px * 0.8)
        y += max(h, sw) + px * 0.35
    if d is not None:
        y += _text(p, QtCore.QRectF(rect.left(), y, rect.width(), px * 4),
                   f"Sources compared on {d.as_of}: DeepState of {d.deepstate_snapshot[:10]}, "
                   f"ISW of {d.isw_snapshot[:10]}.", px * 0.7, colour=GREY) + px * 0.3
    y += px * 0.3
    p.setPen(QtGui.QPen(QtGui.QColor(SECTOR_EDGE), max(1.5, px / 8),
                        QtCore.Qt.PenStyle.DashLine))
    p.drawLine(QtCore.QPointF(rect.left(), y + px * 0.5), QtCore.QPointF(rect.left() + sw,
                                                                          y + px * 0.5))
    y += _text(p, QtCore.QRectF(rect.left() + sw + px * 0.4, y, rect.width() - sw - px * 0.4,
                                px * 3), "Sector (illustrative)" if cm.illustrative_sectors
               else "Sector", px * 0.8) + px * 0.5
    if cm.settlements:
        y += _text(p, QtCore.QRectF(rect.left(), y, rect.width(), px * 3),
                   "\u25c6 settlement that changed status", px * 0.8) + px * 0.3


def change_map_qimage(cm, size, text_px: float, titled: bool = True):
    """(QImage, MapFrame): the picture and where each lon/lat landed in it."""
    w, h = int(size[0]), int(size[1])
    img = QtGui.QImage(w, h, QtGui.QImage.Format.Format_ARGB32)
    img.fill(QtGui.QColor("#ffffff"))
    p = QtGui.QPainter(img)
    try:
        frame = draw_change_map(p, w, h, cm, text_px, titled)
    finally:
        p.end()
    return img, frame


def change_map_image(cm, size=(1600, 1000), dpi=200, fmt="png", text_px=None,
                     titled: bool = True) -> bytes:
    """PNG (physical DPI set) or SVG bytes of the change map ``cm`` (``core.change_map``)."""
    from .render import ensure_app, png_at_dpi, svg_document, text_px_for_slide
    ensure_app()
    fmt = fmt.lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported change map format {fmt!r} (png or svg)")
    w, h = int(size[0]), int(size[1])
    px = float(text_px or text_px_for_slide(size))
    if fmt == "png":
        return png_at_dpi(change_map_qimage(cm, (w, h), px, titled)[0], dpi)
    return svg_document((w, h), (w, h), cmap.headline(cm), cmap.attribution(cm),
                        lambda p: draw_change_map(p, w, h, cm, px, titled))
