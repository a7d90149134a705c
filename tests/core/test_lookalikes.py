"""One look-alike table: the Kiel reader (case kept) and release matching (folded) agree."""
from __future__ import annotations

from udcg_desktop.core.lookalikes import AS_LATIN, CYRILLIC, LATIN
from udcg_desktop.core.release_changes import package_key


def test_each_cyrillic_lookalike_reads_as_its_latin_letter_in_both_uses():
    assert "С-USM5".translate(AS_LATIN) == "C-USM5"         # Cyrillic С, case kept
    assert "ЈОРТ".translate(AS_LATIN) == "JOPT"
    for cyr, lat in zip(CYRILLIC, LATIN):
        assert cyr.translate(AS_LATIN) == lat
        assert package_key(f"x{cyr}1") == package_key(f"X{lat}1")
    assert "Жж".translate(AS_LATIN) == "Жж"                 # no Latin look-alike: kept
