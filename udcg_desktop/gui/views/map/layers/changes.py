"""The "Changes" layer: the front's change from the window's "Compare with" date to the cursor
date, as the change map draws it (red newly occupied, light red newly contested, blue regained;
hatched where DeepState and ISW disagree). The control-areas layer already shows what did not
change, so the change map's faded class is left out here.

The geometry (``core.change_map``) takes up to a second the first time for a pair of real
snapshots, so a new pair is drawn once the cursor rests (``SETTLE_MS``): playing the timeline
never waits for it, and until it is drawn the layer shows nothing rather than another day's
change. Hidden, it computes nothing.

Off at start; setting a comparison date turns it on (the briefer just asked what changed) and
clearing it turns it off; the toolbar's toggle decides in between.
"""
from __future__ import annotations

import numpy as np
from PySide6 import QtCore

from ....change_map_image import CLASS_STYLE, DISAGREE_STYLE, geometry_path
from ..items import GroupItem
from ..style import NO_BRUSH, brush, pen
from .layer import MapLayer

SETTLE_MS = 150
CLASSES = ("contested", "occupied", "regained")        # drawn in this order
SHORT = {"occupied": "newly occupied", "contested": "newly contested",
         "regained": "regained by Ukraine"}
_DIS_PATTERN = {"deepstate_only": QtCore.Qt.BrushStyle.BDiagPattern,
                "isw_only": QtCore.Qt.BrushStyle.FDiagPattern}


class ChangesLayer(MapLayer):
    name = toggle = "changes"
    title = "Changes"
    legend_rank = 15                 # after the control areas
    visible_at_start = False

    def bind(self, view) -> None:
        super().bind(view)
        self.item = GroupItem(z=-10)           # over the control areas (-20), under events
        for key in CLASSES:
            fill, alpha, edge = CLASS_STYLE[key]
            self.item.add(key, pen(edge or fill, 1.5, 0.95), brush(fill, min(alpha, 0.7)))
        for key, pattern in _DIS_PATTERN.items():
            colour = DISAGREE_STYLE[key][0]
            self.item.add(key, pen(colour, 1.2, 0.9), brush(colour, 0.9, pattern))
        self.add(self.item)
        self.item.setVisible(False)
        self.shown_key = None                  # the pair drawn (see ``_wanted_key``)
        self.change_map = None                 # core.change_map.ChangeMap drawn, or None
        self.note = ""                         # why nothing is drawn (said in the legend)
        self._timer = QtCore.QTimer(view)      # dies with the view
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.draw_now)
        self._last_compare = None

    def set_briefing(self, briefing) -> None:
        self.shown_key = None

    def on_compare(self, day) -> None:
        """A comparison date set turns the layer on; cleared, off."""
        if (day is None) != (self._last_compare is None):
            self.view.set_layer_visible(self.toggle, day is not None)
        self._last_compare = day

    def visible(self) -> bool:
        return self.item.isVisible()

    def key(self):
        return self.shown_key if self.visible() else None

    # -- content --------------------------------------------------------------------------------
    def _wanted_key(self, day):
        """What should be drawn for ``day``: None (nothing to compare) or (comparison day, the
        two snapshots' times)."""
        from .....core.change_map import front_series
        since = self.session.compare_with
        if since is None:
            return None
        series = front_series(self.briefing)
        if not len(series):
            return None
        a, b = series.at(np.datetime64(since, "D")), series.at(np.datetime64(day, "D"))
        return (str(np.datetime64(since, "D")), str(np.datetime64(day, "D")) if a is None
                or b is None else None, None if a is None else str(a.time),
                None if b is None else str(b.time))

    def update(self, day, start) -> None:
        key = self._wanted_key(day)
        if key is None:
            self._timer.stop()
            self.shown_key = None
            self._clear("")
        elif key != self.shown_key and self.visible():
            self.shown_key = None
            self._clear("")
            self._timer.start()

    def draw_now(self) -> None:
        """Compute the change for the cursor's pair of snapshots and draw it (the settle
        timer's slot; tests may call it)."""
        from .....core.change_map import ChangeMapUnavailable, change_map
        self._timer.stop()
        if self.view is None or self.view._closed:
            return
        day = np.datetime64(self.session.cursor.date, "D")
        key = self._wanted_key(day)
        if key is None:
            self._clear("")
            return
        try:
            cm = change_map(self.briefing, key[0], day)
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
        if had:
            self.view._build_legend()

    # -- legend ---------------------------------------------------------------------------------
    def legend_entries(self) -> list[tuple]:
        """The layer's legend rows (none while it is off or has nothing to say)."""
        if not self.visible():
            return []
        cm = self.change_map
        if cm is None:
            return [("heading", "Changes"), ("heading", self.note[:60])] if self.note else []
        layers = {sl.name: sl for sl in self.item.layers}
        rows = [("heading", f"Changes {cm.since} to {cm.as_of}")]
        for key in reversed(CLASSES):
            rows.append(("patch", f"{cm.km2(key):,.0f} km\u00b2 {SHORT[key]}", layers[key].pen,
                         layers[key].brush, None))
        d = cm.disagreement
        if d is not None:
            for key, km2 in (("deepstate_only", d.deepstate_only_km2),
                             ("isw_only", d.isw_only_km2)):
                rows.append(("patch", f"{km2:,.0f} km\u00b2 {DISAGREE_STYLE[key][1]}",
                             layers[key].pen, NO_BRUSH, layers[key].brush))
        return rows
