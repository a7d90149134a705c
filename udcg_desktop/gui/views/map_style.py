"""Colours, symbols, pens and brushes of the map, per palette (light, dark, colour-blind).

The app's theme (``udcg_desktop.gui.theme``) owns the palettes; the map reads the colours it
names from ``theme.current_palette()`` and falls back to the local defaults below for any key the
theme does not define (and for everything while the theme module is absent). Pens and brushes are
made once per palette and reused by every layer.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from PySide6 import QtCore, QtGui

from ...core.model import AREA_STATUSES, EVENT_TYPES

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

_LIGHT = {
    "background": "#d9e4ec",          # water and countries outside the three drawn
    "land_ukraine": "#fbfaf6", "land_russia": "#e9e6e1", "land_belarus": "#eeebe6",
    "land_other": "#f3f1ed",
    "water": "#b9d3e6", "water_edge": "#8fb4d0",
    "border": "#4d4d4d", "oblast": "#a09a92", "kharkiv_outline": "#3b2f7a",
    "text": "#1d1d1d", "text_halo": "#ffffffd8", "place_dot": "#333333",
    "overlay_line": "#6b4c9a", "overlay_text": "#4b2f7a",
    "occupied": "#d7301f", "contested": "#f0a020", "liberated": "#3a7dc9",
    "attack": "#9e0d0d",
    "delivery": "#0b7a3e", "selection": "#00b7ff",
    "density": "#3a2e5c",
    "panel_bg": "#ffffffe6", "panel_border": "#9a9a9a", "panel_text": "#1d1d1d",
    "event_assault": "#c0392b", "event_capture": "#7b1fa2", "event_counterattack": "#1565c0",
    "event_withdrawal": "#455a64", "event_battle": "#e65100", "event_strike": "#212121",
    "event_civilian_harm": "#c2185b", "event_policy": "#00796b", "event_meeting": "#0277bd",
    "event_unrest": "#8d6e63", "event_other": "#616161",
}
_DARK = dict(_LIGHT, **{
    "background": "#1b2430",
    "land_ukraine": "#3a3d42", "land_russia": "#2d2f33", "land_belarus": "#303236",
    "land_other": "#2a2c30",
    "water": "#23384d", "water_edge": "#2f4d69",
    "border": "#c8c8c8", "oblast": "#6f6f6f", "kharkiv_outline": "#b9a6ff",
    "text": "#f0f0f0", "text_halo": "#000000c0", "place_dot": "#dddddd",
    "overlay_line": "#c7a6ff", "overlay_text": "#d9c6ff",
    "occupied": "#ff5a4a", "contested": "#ffb74d", "liberated": "#64a8ff",
    "attack": "#ff6b6b", "delivery": "#4cd68a", "selection": "#00e5ff",
    "density": "#d8ccff",
    "panel_bg": "#202327e6", "panel_border": "#5a5a5a", "panel_text": "#f0f0f0",
    "event_assault": "#ff6f61", "event_capture": "#d291ff", "event_counterattack": "#64b5f6",
    "event_withdrawal": "#b0bec5", "event_battle": "#ffa040", "event_strike": "#f5f5f5",
    "event_civilian_harm": "#f48fb1", "event_policy": "#4db6ac", "event_meeting": "#4fc3f7",
    "event_unrest": "#bcaaa4", "event_other": "#bdbdbd",
})
# Okabe-Ito (colour-blind safe): orange, sky blue, bluish green, yellow, blue, vermillion,
# reddish purple, black; areas use vermillion / orange / blue.
_CB = dict(_LIGHT, **{
    "occupied": "#D55E00", "contested": "#E69F00", "liberated": "#0072B2",
    "attack": "#8a3b00", "delivery": "#009E73", "selection": "#56B4E9",
    "kharkiv_outline": "#000000",
    "event_assault": "#D55E00", "event_capture": "#CC79A7", "event_counterattack": "#0072B2",
    "event_withdrawal": "#000000", "event_battle": "#E69F00", "event_strike": "#000000",
    "event_civilian_harm": "#CC79A7", "event_policy": "#009E73", "event_meeting": "#56B4E9",
    "event_unrest": "#E69F00", "event_other": "#666666",
})
PALETTES = {"light": _LIGHT, "dark": _DARK, "colourblind": _CB}


def _theme_module():
    try:
        from .. import theme   # owned by the main-window helper
    except Exception:   # noqa: BLE001 - absent or broken theme: the map keeps its defaults
        return None
    return theme


def _palette_name(pal) -> str:
    name = getattr(pal, "name", None)
    if name is None and isinstance(pal, Mapping):
        name = pal.get("name")
    name = str(name or "light").lower().replace("-", "").replace("_", "").replace(" ", "")
    if "dark" in name:
        return "dark"
    if "blind" in name or "cb" == name or "okabe" in name:
        return "colourblind"
    return "light"


def current_colours() -> dict[str, str]:
    """The map's colours for the app's current palette (theme keys override local defaults)."""
    theme = _theme_module()
    pal = None
    if theme is not None and hasattr(theme, "current_palette"):
        try:
            pal = theme.current_palette()
        except Exception:   # noqa: BLE001
            pal = None
    base = dict(PALETTES[_palette_name(pal)])
    if pal is None:
        return base

    def get(name):
        if isinstance(pal, Mapping):
            return pal.get(name)
        return getattr(pal, name, None)

    def colour(value):
        if isinstance(value, QtGui.QColor):
            return value.name(QtGui.QColor.NameFormat.HexRgb)
        return value if isinstance(value, str) and value.startswith("#") else None

    # Data colours from the theme (event types, area statuses, selection, deliveries); the land,
    # water and line colours of the base map stay the map's own.
    for t, value in (get("events") or {}).items():
        if f"event_{t}" in base and colour(value):
            base[f"event_{t}"] = colour(value)[:7]
    for status, value in (get("area") or get("areas") or {}).items():
        if status in AREA_STATUSES and colour(value):
            base[status] = colour(value)[:7]
    for status, value in (get("area_edge") or {}).items():
        if status in AREA_STATUSES and colour(value):
            base[f"{status}_edge"] = colour(value)[:7]
    for key, theirs in (("selection", "highlight"), ("delivery", "delivered"),
                        ("panel_text", "foreground")):
        if colour(get(theirs)):
            base[key] = colour(get(theirs))[:7]
    panel = colour(get("panel"))
    if panel:
        base["panel_bg"] = panel[:7] + "e6"
    return base


def theme_signal():
    """The theme's change signal (a Qt signal) or None."""
    theme = _theme_module()
    if theme is None:
        return None
    for getter in ("theme_manager", "manager", "instance", "theme"):
        obj = getattr(theme, getter, None)
        if callable(obj) and not isinstance(obj, type):
            try:
                obj = obj()
            except Exception:   # noqa: BLE001
                obj = None
        sig = getattr(obj, "theme_changed", None)
        if sig is not None and hasattr(sig, "connect"):
            return sig
    sig = getattr(theme, "theme_changed", None)
    return sig if sig is not None and hasattr(sig, "connect") else None


def qcolor(spec: str, alpha: float | None = None) -> QtGui.QColor:
    """'#rrggbb' or '#rrggbbaa' (CSS order, alpha last) as a QColor; ``alpha`` 0..1 overrides."""
    s = spec.strip()
    if s.startswith("#") and len(s) == 9:
        c = QtGui.QColor(s[:7])
        c.setAlpha(int(s[7:9], 16))
    else:
        c = QtGui.QColor(s)
    if alpha is not None:
        c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


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
