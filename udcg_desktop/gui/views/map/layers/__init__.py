"""The map's layers: one object per layer, each holding its own graphics items and state.

``MapView`` makes one of each class in ``LAYER_CLASSES`` (in that order) and drives them all the
same way, so a cursor step touches only the layers whose content changed at that date.

To add a layer (for example a "Changes" layer):
1. subclass ``MapLayer`` (``layer.py``) in a module of this package; set ``name`` (its key in
   ``MapView.layers``), ``toggle`` and ``title`` (its Show/Hide entry in the map's toolbar; a
   layer may share another's toggle) and ``legend_rank`` (where its legend lines go);
2. ``bind(view)``: make the graphics items from ``view.style_`` and put each on the map with
   ``self.add(item)`` (give it a z value: areas -20, events 10-44, labels 40, selection 50);
3. ``set_briefing(briefing)``: index the data (at start and when the briefing changes);
4. ``update(day, start)``: show the cursor's day (``start``: first day of the window, or None);
   return early when what it shows did not change (compare a key), so the scene repaints less;
5. ``apply_style(style)`` for theme changes, ``legend_entries()`` for the legend, ``key()`` for
   the animation's "same picture" check, ``on_filters()``/``on_selection()`` if they matter;
6. append the class to ``LAYER_CLASSES`` below.
"""
from .areas import ControlAreasLayer
from .base import BaseMapLayer, OverlaysLayer, PlaceLabelsLayer
from .changes import ChangesLayer
from .layer import MapLayer
from .points import DeliveriesLayer, EventsLayer, SelectionLayer

# Order: toolbar order; the selection follows events and deliveries (it rings what they show).
LAYER_CLASSES = (BaseMapLayer, PlaceLabelsLayer, ControlAreasLayer, ChangesLayer, EventsLayer,
                 DeliveriesLayer, OverlaysLayer, SelectionLayer)

__all__ = ["LAYER_CLASSES", "MapLayer", "BaseMapLayer", "PlaceLabelsLayer", "ControlAreasLayer",
           "ChangesLayer",
           "EventsLayer", "DeliveriesLayer", "OverlaysLayer", "SelectionLayer"]
