"""Symbols, pens and brushes of the map, per palette (light, dark, colour-blind).

Every colour comes from the app's one palette system (``udcg_desktop.gui.theme``): its data
colours (event types, area statuses, selection, deliveries, panels) and its base-map colours
(``Palette.map``: land, water, lines, labels). Pens and brushes are made once per palette and
reused by every layer.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from PySide6 import QtCore, QtGui

from ....core.model import AREA_STATUSES, EVENT_TYPES
from ... import theme
from ...theme import qcolor

# Event type -> pyqtgraph symbol name (shapes differ so the legend works without colour).
EVENT_SYMBOLS = {
    "assault": "t1", "capture": "star", "counterattack": "t", "withdrawal": "x",
    "battle": "o", "strike": "d", "civilian_harm": "+", "policy": "s", "meeting": "h",
    "unrest": "p", "other": "o",
}
EVENT_LABELS = {
    "assault": "Assault", "capture": "Capture", "counterattack": "Counter-attack",
    "withdrawal": "Withdrawal", "battle": "Battle", "strike": "Strike",
    "civilian_harm": "Civilian harm", "policy": "Policy", "meeting": "Meeting",
    "unrest": "Unrest", "other": "Other event",
}
AREA_LABELS = {"occupied": "Occupied", "contested": "Contested / grey zone",
               "liberated": "Liberated"}


def current_colours() -> dict[str, str]:
    """The map's base-map colours for the app's current palette plus the theme's data colours."""
    pal = theme.current_palette()
    c = dict(pal.map)
    other = pal.events.get("other", pal.foreground)
    c.update({f"event_{t}": pal.events.get(t, other)[:7] for t in EVENT_TYPES})
    for status in AREA_STATUSES:
        c[status] = pal.area[status][:7]
        c[f"{status}_edge"] = pal.area_edge.get(status, pal.area[status])[:7]
    c.update(selection=pal.highlight[:7], delivery=pal.delivered[:7],
             panel_text=pal.foreground[:7], panel_bg=pal.panel[:7] + "e6")
    return c


def theme_signal():
    """The Qt signal that says the palette changed."""
    return theme.manager().theme_changed


def pen(spec: str, width: float = 1.0, alpha: float | None = None,
        style: QtCore.Qt.PenStyle = QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
    p = QtGui.QPen(qcolor(spec, alpha))
    p.setWidthF(width)
    p.setCosmetic(True)
    p.setStyle(style)
    p.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    p.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
    return p


def brush(spec: str, alpha: float | None = None,
          style: QtCore.Qt.BrushStyle = QtCore.Qt.BrushStyle.SolidPattern) -> QtGui.QBrush:
    return QtGui.QBrush(qcolor(spec, alpha), style)


NO_PEN = QtGui.QPen(QtCore.Qt.PenStyle.NoPen)
NO_BRUSH = QtGui.QBrush(QtCore.Qt.BrushStyle.NoBrush)


class MapStyle:
    """Every pen and brush the map draws with, built once per palette."""

    def __init__(self, colours: Mapping[str, str] | None = None):
        c = dict(colours or current_colours())
        self.colours = c
        self.background = qcolor(c["background"])
        self.land = {"Ukraine": brush(c["land_ukraine"]), "Russia": brush(c["land_russia"]),
                     "Belarus": brush(c["land_belarus"]), "other": brush(c["land_other"])}
        self.water_brush = brush(c["water"])
        self.water_pen = pen(c["water_edge"], 0.8)
        self.border_pen = pen(c["border"], 1.4)
        self.oblast_pen = pen(c["oblast"], 0.9, style=QtCore.Qt.PenStyle.DashLine)
        self.kharkiv_pen = pen(c["kharkiv_outline"], 2.2)
        self.overlay_pen = pen(c["overlay_line"], 1.4, style=QtCore.Qt.PenStyle.DashDotLine)
        self.area_brush = {
            "occupied": brush(c["occupied"], 0.42),
            "contested": brush(c["contested"], 0.45),
            "liberated": brush(c["liberated"], 0.22),
        }
        self.area_hatch = brush(c["contested"], 0.9, QtCore.Qt.BrushStyle.BDiagPattern)
        self.area_pen = {
            "occupied": pen(c.get("occupied_edge", c["occupied"]), 1.0, 0.95),
            "contested": pen(c.get("contested_edge", c["contested"]), 1.0, 0.95),
            "liberated": pen(c.get("liberated_edge", c["liberated"]), 1.0, 0.8),
        }
        self.attack_brush = brush(c["attack"])
        self.attack_pen = pen("#ffffff", 1.0)
        self.delivery_brush = brush(c["delivery"])
        self.delivery_pen = pen("#ffffff", 1.2)
        self.selection_pen = pen(c["selection"], 3.0)
        self.event_colour = {t: qcolor(c[f"event_{t}"]) for t in EVENT_TYPES}
        self.text = qcolor(c["text"])
        self.text_halo = qcolor(c["text_halo"])
        self.place_dot = qcolor(c["place_dot"])
        self.overlay_text = qcolor(c["overlay_text"])
        self.density = qcolor(c["density"])
        self.panel_bg = qcolor(c["panel_bg"])
        self.panel_border = pen(c["panel_border"], 1.0)
        self.panel_text = qcolor(c["panel_text"])


@lru_cache(maxsize=8)
def _style_for(key: tuple) -> MapStyle:
    return MapStyle(dict(key))


def current_style() -> MapStyle:
    return _style_for(tuple(sorted(current_colours().items())))
