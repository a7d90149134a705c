"""Cyrillic letters that print like Latin ones, read as Latin.

One table for both uses: the Kiel reader reads package IDs with their case kept (``AS_LATIN``:
'СZM1' with a Cyrillic С is 'CZM1'), release comparison matches IDs case-folded
(``AS_LATIN_FOLDED``, the same pairs folded).
"""
from __future__ import annotations

CYRILLIC = "АаВСсЕеІіЈјКМНОоРрТуХх"
LATIN = "AaBCcEeIiJjKMHOoPpTyXx"

AS_LATIN = str.maketrans(CYRILLIC, LATIN)
AS_LATIN_FOLDED = str.maketrans(CYRILLIC.casefold(), LATIN.casefold())
