"""One key per donor, whatever spelling a release or site uses."""
from __future__ import annotations

import re
import unicodedata

# Variant (casefolded, spaces collapsed) -> canonical display name. Canonical names are the
# ones the Kiel tracker's later releases use, so the two releases join on one key.
_ALIASES = {
    "czech republic": "Czechia",
    "czechia": "Czechia",
    "turkey": "Türkiye",
    "turkiye": "Türkiye",
    "türkiye": "Türkiye",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "great britain": "United Kingdom",
    "britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "us": "United States",
    "u.s.": "United States",
    "usa": "United States",
    "united states of america": "United States",
    "united states": "United States",
    "eu": "EU (Commission and Council)",
    "eu (commission and council)": "EU (Commission and Council)",
    "european union": "EU (Commission and Council)",
    "european commission": "EU (Commission and Council)",
    "eib": "European Investment Bank",
    "european investment bank": "European Investment Bank",
    "nato": "NATO",
    "the netherlands": "Netherlands",
    "netherlands": "Netherlands",
    "holland": "Netherlands",
    "republic of korea": "South Korea",
    "korea": "South Korea",
    "south korea": "South Korea",
    "slovak republic": "Slovakia",
}

_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """Text as a person reads it: NFC, no-break spaces as spaces, runs of space collapsed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def donor_key(raw: object) -> str:
    """Canonical donor name for ``raw``; unknown names keep their own (cleaned) spelling."""
    text = clean_text(raw)
    if not text:
        return ""
    folded = text.casefold()
    if folded in _ALIASES:
        return _ALIASES[folded]
    return text[0].upper() + text[1:] if text.islower() else text
