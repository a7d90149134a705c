"""The map's "Changes" layer: the front's change from the window's "Compare with" date to the
cursor date, as the change map draws it (red gained, light red newly contested, blue regained;
hatched where DeepState and ISW disagree). The control-areas layer already shows what did not
change, so the faded class is left out here.

One object for the layer: ``bind`` it to a view, ``update`` it on the cursor, the comparison date
or a new briefing. The geometry (``core.change_map``) costs up to a second the first time for a
pair of real snapshots, so a change of pair is drawn after the cursor rests (``SETTLE_MS``):
playing the timeline never waits for it, and until it is drawn the layer shows nothing rather
than another day's change.

Off by default; setting a comparison date turns it on (the briefer just asked what changed) and
clearing it turns it off; the toolbar toggle decides in between.
"""
from __future__ import annotations

import numpy as np
from PySide6 import QtCore

from ...change_map_image import CLASS_STYLE, DISAGREE_STYLE, geometry_path
from .items import GroupItem
from .style import NO_BRUSH, brush, pen

NAME, TITLE = "changes", "Changes"
SETTLE_MS = 150
CLASSES = ("contested", "occupied", "regained")        # drawn in this order
_DIS_PATTERN = {"deepstate_only": QtCore.Qt.BrushStyle.BDiagPattern,
                "isw_only": QtCore.Qt.BrushStyle.FDiagPattern}


class ChangesLayer:
    def __init__(self):
        self.view = None
        self.item = GroupItem(z=-10)           # over the control areas (-20), under events
        for key in CLASSES:
            fill, alpha, edge = CLASS_STYLE[key]
            self.item.add(key, pen(edge or fill, 1.5, 0.95), brush(fill, min(alpha, 0.7)))
        for key, pattern in _DIS_PATTERN.items():
            colour = DISAGREE_STYLE[key][0]
            self.item.add(key, pen(colour, 1.2, 0.9), brush(colour, 0.9, pattern))
        self.shown_key = None                  # (since, since snapshot, as-of snapshot) drawn
        self.change_map = None                 # core.change_map.ChangeMap drawn, or None
        self.note = ""                         # why nothing is drawn (shown in the legend)
        self._timer = QtCore.QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.draw_now)
        self._last_compare = None

    # -- wiring --------------------------------------------------------------------------------
    def bind(self, view) -> None:
        self.view = view
        view._add(NAME, self.item)
        self.item.setVisible(False)

    def on_compare(self, day) -> None:
        """A new comparison date: on when one is set, off when cleared."""
        if (day is None) != (self._last_compare is None) and self.view is not None:
            self.view.set_layer_visible(NAME, day is not None)
        self._last_compare = day
        self.update()

    def visible(self) -> bool:
        return self.item.isVisible()

    # -- content --------------------------------------------------------------------------------
    def _wanted_key(self):
        """What should be drawn now: None (nothing) or the key of a change map."""
        session = self.view.session
        since = session.compare_with
        series = self._series()
        if since is None or series is None or not len(series):
            return None
        day = np.datetime64(session.cursor.date, "D")
        a, b = series.at(np.datetime64(since, "D")), series.at(day)
        return (str(np.datetime64(since, "D")), str(day) if a is None or b is None else None,
                None if a is None else str(a.time), None if b is None else str(b.time))

    def _series(self):
        from ....core.change_map import front_series
        return front_series(self.view.session.briefing)

    def update(self) -> None:
        """Follow the session: nothing to compare clears at once; a new pair of snapshots is
        drawn once the cursor rests. Hidden, nothing is computed (turning it on draws)."""
        if self.view is None:
            return
        key = self._wanted_key()
        if key is None:
            self._timer.stop()
            self.shown_key = None
            self._clear("")
        elif key != self.shown_key and self.visible():
            self.shown_key = None
            self._clear("")
            self._timer.start()

    def draw_now(self) -> None:
        """Compute the change for the current pair and draw it (the settle timer's slot)."""
        from ....core.change_map import ChangeMapUnavailable, change_map
        self._timer.stop()
        if self.view is None:
            return
        key = self._wanted_key()
        if key is None:
            self._clear("")
            return
        session = self.view.session
        try:
            cm = change_map(session.briefing, key[0], np.datetime64(session.cursor.date, "D"))
        except ChangeMapUnavailable as exc:
            self.shown_key = key
            self._clear(f"No change shown: {exc}.")
            return
        paths = {c.key: geometry_path(c.geometry) for c in cm.classes if c.key in CLASSES}
        if cm.disagreement is not None:
            paths["deepstate_only"] = geometry_path(cm.disagreement.deepstate_only)
            paths["isw_only"] = geometry_path(cm.disagreement.isw_only)
        self.item.set_paths(paths)
        self.change_map, self.note, self.shown_key = cm, "", key
        self.view._build_legend()

    def _clear(self, note: str) -> None:
        had = self.change_map is not None or self.note != note
        self.item.set_paths({})
        self.change_map, self.note = None, note
        if had and self.view is not None:
            self.view._build_legend()

    def shutdown(self) -> None:
        self._timer.stop()

    # -- legend ---------------------------------------------------------------------------------
    def legend_entries(self) -> list[tuple]:
        """The legend's rows for the layer (none while it is off or empty)."""
        if self.view is None or not self.visible():
            return []
        cm = self.change_map
        if cm is None:
            return [("heading", "Changes"), ("heading", self.note[:60])] if self.note else []
        rows = [("heading", f"Changes {cm.since} to {cm.as_of}")]
        for key in reversed(CLASSES):
            layer = next(sl for sl in self.item.layers if sl.name == key)
            rows.append(("patch", f"{cm.km2(key):,.0f} km\u00b2 " + _SHORT[key], layer.pen,
                         layer.brush, None))
        if cm.disagreement is not None:
            d = cm.disagreement
            for key, km2 in (("deepstate_only", d.deepstate_only_km2),
                             ("isw_only", d.isw_only_km2)):
                layer = next(sl for sl in self.item.layers if sl.name == key)
                rows.append(("patch", f"{km2:,.0f} km\u00b2 {DISAGREE_STYLE[key][1]}",
                             layer.pen, NO_BRUSH, layer.brush))
        return rows


_SHORT = {"occupied": "newly occupied", "contested": "newly contested",
          "regained": "regained by Ukraine"}
