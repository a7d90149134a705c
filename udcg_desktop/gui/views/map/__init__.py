"""The briefing map: ``view.py`` (the MapView widget bound to a session), ``items.py`` (graphics
items in map coordinates), ``panels.py`` (boxes fixed to the view's corners), ``data.py`` (point
indexes, density counts, scale and label helpers; no Qt), ``style.py`` (pens and brushes from the
palette), ``basemap.py`` (the offline base map's geometry) and ``render.py`` (offscreen images for
exports)."""
