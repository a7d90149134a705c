"""Colours of the app, the one palette system: a light and a dark theme, and a colour-blind-safe
palette (Okabe-Ito).

``current_palette()`` is what views draw with; ``manager().theme_changed`` tells them to redraw.
The theme (light/dark) sets the window colours; the colour-blind switch replaces the data colours
(event types, area statuses, series) with the Okabe-Ito set on either theme. Each palette also
carries the map's base-map colours (``Palette.map``: land, water, lines, labels), from which
``gui/views/map/style.py`` makes its pens and brushes. ``qcolor`` reads every colour written here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
    "grey": "#999999",
}


@dataclass(frozen=True)
class Palette:
    name: str
    dark: bool
    background: str
    panel: str
    foreground: str
    muted: str                  # greyed text (rows after the cursor)
    grid: str
    cursor: str
    highlight: str              # selection rings
    pledged: str
    delivered: str
    meeting: str
    area: dict = field(default_factory=dict)      # status -> fill colour (alpha included)
    area_edge: dict = field(default_factory=dict)  # status -> outline colour
    events: dict = field(default_factory=dict)     # event type -> colour
    map: dict = field(default_factory=dict)        # base-map colours (see _MAP_LIGHT)


_EVENTS_STD = {
    "assault": "#d62728", "capture": "#8c1c13", "counterattack": "#1f77b4",
    "withdrawal": "#9467bd", "battle": "#ff7f0e", "strike": "#e377c2",
    "civilian_harm": "#7f7f7f", "policy": "#2ca02c", "meeting": "#17becf",
    "unrest": "#bcbd22", "other": "#8c564b",
}
_EVENTS_OI = {
    "assault": OKABE_ITO["vermillion"], "capture": "#A23B00", "counterattack": OKABE_ITO["blue"],
    "withdrawal": OKABE_ITO["reddish_purple"], "battle": OKABE_ITO["orange"],
    "strike": OKABE_ITO["yellow"], "civilian_harm": OKABE_ITO["grey"],
    "policy": OKABE_ITO["bluish_green"], "meeting": OKABE_ITO["sky_blue"],
    "unrest": "#B8A400", "other": "#666666",
}

# The map's own colours: land, water, lines and labels (the data colours above go on top).
_MAP_LIGHT = {
    "background": "#d9e4ec",          # water and countries outside the three drawn
    "land_ukraine": "#fbfaf6", "land_russia": "#e9e6e1", "land_belarus": "#eeebe6",
    "land_other": "#f3f1ed",
    "water": "#b9d3e6", "water_edge": "#8fb4d0",
    "border": "#4d4d4d", "oblast": "#a09a92", "kharkiv_outline": "#3b2f7a",
    "text": "#1d1d1d", "text_halo": "#ffffffd8", "place_dot": "#333333",
    "overlay_line": "#6b4c9a", "overlay_text": "#4b2f7a",
    "attack": "#9e0d0d", "density": "#3a2e5c", "panel_border": "#9a9a9a",
}
_MAP_DARK = dict(_MAP_LIGHT, **{
    "background": "#1b2430",
    # Ukraine clearly lighter than Russia (was #3a3d42 against #2d2f33: hardly told apart).
    "land_ukraine": "#4e545c", "land_russia": "#25272b", "land_belarus": "#2b2d31",
    "land_other": "#2a2c30",
    "water": "#23384d", "water_edge": "#2f4d69",
    "border": "#c8c8c8", "oblast": "#6f6f6f", "kharkiv_outline": "#b9a6ff",
    "text": "#f0f0f0", "text_halo": "#000000c0", "place_dot": "#dddddd",
    "overlay_line": "#c7a6ff", "overlay_text": "#d9c6ff",
    "attack": "#ff6b6b", "density": "#d8ccff", "panel_border": "#5a5a5a",
})
# With the colour-blind (Okabe-Ito) data colours on the light theme: a darker attack marker and a
# black oblast outline that no area colour can be mistaken for.
_MAP_COLOURBLIND = dict(_MAP_LIGHT, **{"attack": "#8a3b00", "kharkiv_outline": "#000000"})

LIGHT = Palette(
    name="light", dark=False, background="#ffffff", panel="#f4f4f4", foreground="#222222",
    muted="#a0a0a0", grid="#d8d8d8", cursor="#c0392b", highlight="#ff00ff",
    pledged="#1f4e99", delivered="#2e8b57", meeting="#17becf",
    area={"occupied": "#d62728a0", "contested": "#ff9f1c80", "liberated": "#1f77b480"},
    area_edge={"occupied": "#8c1c13", "contested": "#c77700", "liberated": "#1f4e99"},
    events=_EVENTS_STD, map=_MAP_LIGHT)

DARK = Palette(
    name="dark", dark=True, background="#1e1f22", panel="#2b2d30", foreground="#e6e6e6",
    muted="#6b6b6b", grid="#3c3f41", cursor="#ff6b5b", highlight="#ff66ff",
    pledged="#6fa8ff", delivered="#5fd38d", meeting="#4fd6e6",
    area={"occupied": "#e0403ab0", "contested": "#ffb13b90", "liberated": "#4f9fe690"},
    area_edge={"occupied": "#ff7f6e", "contested": "#ffcc66", "liberated": "#8fc3ff"},
    events={**_EVENTS_STD, "capture": "#ff5c4d", "civilian_harm": "#b0b0b0",
            "other": "#c49c94"},
    map=_MAP_DARK)

# Data colours only; combined with light or dark by ``current_palette``.
COLOURBLIND = Palette(
    name="colourblind", dark=False, background="#ffffff", panel="#f4f4f4",
    foreground="#000000", muted="#a0a0a0", grid="#d8d8d8", cursor=OKABE_ITO["vermillion"],
    highlight=OKABE_ITO["reddish_purple"], pledged=OKABE_ITO["blue"],
    delivered=OKABE_ITO["bluish_green"], meeting=OKABE_ITO["sky_blue"],
    area={"occupied": "#D55E00a8", "contested": "#E69F0080", "liberated": "#0072B280"},
    area_edge={"occupied": "#8A3C00", "contested": "#9A6A00", "liberated": "#004C77"},
    events=_EVENTS_OI, map=_MAP_COLOURBLIND)

PALETTES = {"light": LIGHT, "dark": DARK, "colourblind": COLOURBLIND}
THEMES = ("light", "dark")


def _combine(theme: Palette, colourblind: bool) -> Palette:
    if not colourblind:
        return theme
    cb = COLOURBLIND
    # The dark theme keeps its own base map; the light one takes the colour-blind base map.
    return replace(theme, name=f"{theme.name}+colourblind", cursor=cb.cursor,
                   highlight=cb.highlight, pledged=cb.pledged, delivered=cb.delivered,
                   meeting=cb.meeting, area=cb.area, area_edge=cb.area_edge, events=cb.events,
                   map=theme.map if theme.dark else cb.map)


class ThemeManager(QObject):
    """The one place that knows the current theme; views connect to ``theme_changed``."""

    theme_changed = Signal(object)   # Palette

    def __init__(self):
        super().__init__()
        self._theme = "light"
        self._colourblind = False

    @property
    def theme(self) -> str:
        return self._theme

    @property
    def colourblind(self) -> bool:
        return self._colourblind

    def palette(self) -> Palette:
        return _combine(PALETTES[self._theme], self._colourblind)

    def set_theme(self, name: str) -> None:
        if name not in THEMES:
            raise ValueError(f"unknown theme {name!r}")
        if name != self._theme:
            self._theme = name
            self._apply()

    def set_colourblind(self, on: bool) -> None:
        if bool(on) != self._colourblind:
            self._colourblind = bool(on)
            self._apply()

    def _apply(self) -> None:
        apply_qt_palette(self.palette())
        self.theme_changed.emit(self.palette())


_MANAGER: ThemeManager | None = None


def manager() -> ThemeManager:
    global _MANAGER
    if _MANAGER is None:
        _MANAGER = ThemeManager()
    return _MANAGER


def current_palette() -> Palette:
    return manager().palette()


def event_color(event_type: str, palette: Palette | None = None) -> str:
    p = palette or current_palette()
    return p.events.get(event_type, p.events["other"])


def area_color(status: str, palette: Palette | None = None) -> str:
    p = palette or current_palette()
    return p.area.get(status, "#88888880")


def qcolor(text: str, alpha: float | None = None) -> QColor:
    """``#rrggbb`` or ``#rrggbbaa`` (alpha last, as written above; Qt would read ``#aarrggbb``)
    as a QColor; ``alpha`` (0..1) replaces the colour's own."""
    text = text.strip().lstrip("#")
    if len(text) == 8:
        c = QColor(int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16),
                   int(text[6:8], 16))
    else:
        c = QColor("#" + text)
    if alpha is not None:
        c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def apply_qt_palette(p: Palette) -> None:
    """Set the application's widget palette (Fusion style) to the theme."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        return
    if p.dark:
        pal = QPalette()
        bg, panel, fg = QColor(p.background), QColor(p.panel), QColor(p.foreground)
        for role, colour in ((QPalette.Window, panel), (QPalette.WindowText, fg),
                             (QPalette.Base, bg), (QPalette.AlternateBase, panel),
                             (QPalette.Text, fg), (QPalette.Button, panel),
                             (QPalette.ButtonText, fg), (QPalette.ToolTipBase, panel),
                             (QPalette.ToolTipText, fg), (QPalette.BrightText, QColor("#ff5555")),
                             (QPalette.Link, QColor("#8ab4f8")),
                             (QPalette.Highlight, QColor("#3d6fb6")),
                             (QPalette.HighlightedText, QColor("#ffffff")),
                             (QPalette.PlaceholderText, QColor(p.muted))):
            pal.setColor(role, colour)
        pal.setColor(QPalette.Disabled, QPalette.Text, QColor(p.muted))
        pal.setColor(QPalette.Disabled, QPalette.WindowText, QColor(p.muted))
        pal.setColor(QPalette.Disabled, QPalette.ButtonText, QColor(p.muted))
    else:
        pal = app.style().standardPalette()
    app.setPalette(pal)
