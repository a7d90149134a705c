"""Event sources, one module each: ACLED CSV exports, Bellingcat civilian-harm JSON, and
simple event CSVs.

* ``acled``: any column order; ``event_date`` as ``2024-05-10``, ``10 May 2024`` or, after a pass
  through Excel, ``10/05/2024 00:00:00`` (day first; month first only when the file's own dates
  prove it); rows unsorted; long quoted ``notes``. ``event_type`` is mapped onto the app's
  vocabulary (``EVENT_TYPE_MAP``); ``source_type`` keeps ACLED's ``event_type: sub_event_type``
  and ``event_id`` its ``event_id_cnty``. A repeated ID is reported and loaded once (the row with
  the latest ``timestamp``, ACLED's last-modified time).
* ``bellingcat``: the array of incidents in both published forms (``MM/DD/YYYY`` with string
  coordinates and ``filters`` lists with repeated keys; ISO dates, float coordinates, null
  locations). Type ``civilian_harm``; ``source_type`` from the filters. A record repeated with the
  same ID and content is reported and loaded once; an ID reused for a *different* incident is
  reported and both are kept (the second gets ``<id>#2``), since dropping it would lose an event.
* ``events-csv``: a CSV with a date column, latitude and longitude, and a type or description.

Row numbers in problems are as a spreadsheet shows them (header = row 1); for JSON, the record's
1-based position in the array.

Shared: ``csv_rows`` (streaming CSV in its encoding), ``table`` (the one ``EventTable``
builder); days come from ``io/dates.py``, the parser every reader uses.
"""
