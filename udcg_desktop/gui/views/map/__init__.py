"""The briefing map.

``view.py``     the MapView widget bound to a session (cursor, filters, selection, extent);
``layers/``     one object per layer (base map, place names, control areas, events, deliveries,
                overlays, selection) with bind/set_briefing/update, and how to add one;
``items.py``    graphics items in map coordinates (paths, path groups, rasters);
``markers.py``  the marker item (events, deliveries): fragments from a symbol atlas;
``labels.py``   place names that thin out as you zoom out;
``panels.py``   boxes fixed to the view's corners (date stamp, legend, scale bar, attribution);
``data.py``     point indexes, density counts, scale and label helpers (no Qt);
``style.py``    pens and brushes from the app's palette; ``basemap.py`` the offline base map;
``render.py``   the map drawn offscreen for exports.
"""
