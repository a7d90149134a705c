"""``MapLayer``: what every layer of the map is (see the package docstring for how to add one)."""
from __future__ import annotations


class MapLayer:
    """One layer of the map: its graphics items and its own state.

    ``name`` keys ``MapView.layers``; ``toggle`` names the toolbar's Show/Hide entry the layer
    belongs to (None: always shown), ``title`` that entry's text. ``legend_rank`` orders the
    layers' legend entries.
    """

    name = ""
    toggle: str | None = None
    title = ""
    legend_rank = 100
    visible_at_start = True          # the toolbar's toggle checked when the map opens

    def __init__(self):
        self.view = None
        self.items: list = []

    # -- what a layer implements ----------------------------------------------------------------
    def bind(self, view) -> None:
        """Make the graphics items (``self.add`` each) from ``view.style_``/``view.basemap``."""
        self.view = view

    def set_briefing(self, briefing) -> None:
        """Index the briefing's data; called at start and whenever the briefing changes."""

    def update(self, day, start) -> None:
        """Show the cursor's ``day`` (``start``: the window's first day, None when cumulative).
        Return early when what the layer shows did not change: the scene repaints less."""

    def apply_style(self, style) -> None:
        """Pens and brushes from ``style`` (a ``MapStyle``) after a theme change."""

    def legend_entries(self) -> list[tuple]:
        """The legend's entries for this layer (see ``panels.Legend.set_entries``)."""
        return []

    def key(self):
        """What the layer shows now (equal keys: the same picture); the animation holds frames."""
        return None

    def on_filters(self) -> None:
        """The session's filters changed (the view calls ``update`` afterwards)."""

    def on_selection(self) -> None:
        """The session's selection changed."""

    def on_view_changed(self) -> None:
        """The view was panned, zoomed or resized."""

    def on_compare(self, day) -> None:
        """The session's comparison date changed (None: cleared); the view calls ``update``
        afterwards."""

    # -- helpers ---------------------------------------------------------------------------------
    def add(self, item):
        """Put ``item`` on the map (not counted in the view's auto-range) as part of this layer."""
        self.view.view_box.addItem(item, ignoreBounds=True)
        self.items.append(item)
        return item

    @property
    def session(self):
        return self.view.session

    @property
    def briefing(self):
        return self.view.briefing
