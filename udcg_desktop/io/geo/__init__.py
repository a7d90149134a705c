"""Control areas and boundary overlays from GeoJSON, as DeepState, ISW and others publish them.

Readers (registered with ``@reader``, chosen by content):

* ``deepstate``: one DeepStateMap snapshot ``<unix-seconds>.geojson``, or a folder of them (a time
  series). The status is the key after the last ``///`` in ``properties.name``
  (``geoJSON.status.occupied`` -> occupied, ``.unknown`` -> contested, ``.dismissed`` and
  ``dismissed_at {{at:25.03}}`` -> liberated); ``attack_direction`` points become
  ``ControlSnapshot.points``. ``geoJSON.territories.*`` (occupied before 2022) are kept only where
  they lie in Ukraine (Crimea, ORDLO, Tuzla), with status ``"territories"``, which no area figure
  counts; the ones outside Ukraine (Transnistria, Abkhazia, ...) are dropped. Unit, airfield and
  other markers are not used (counted in one note).
* ``deepstate-daily``: one (Multi)Polygon of occupied territory per file, the day only in the file
  name (``deepstatemap_data_20240708.geojson``), a ``crs`` member.
* ``isw``: features with ``date``, ``area_km2``, ``layer_type`` (one snapshot per date).
* ``boundaries``: any GeoJSON of polygons or lines with a name property (geoBoundaries
  ``shapeName``, the official file's Ukrainian ``ADMIN_1``...) -> ``BriefingPart.overlays``.

Geometry problems (unclosed rings, self-intersections, coordinates outside the valid range) are
reported with the feature's index (``row`` = 1-based position in ``features``), repaired where
that is safe and skipped otherwise. Snapshots are cached by content (``io/cache.py``).

Modules: ``document`` (features, properties, CRS), ``shapes`` (checked polygons), ``snapshots``
(cache, region outlines, the finished part), one module per reader (``deepstate``, ``isw``,
``boundaries``).
"""
