"""The app's pledge vocabulary: one two-level category list and one status list for every source."""
from __future__ import annotations

import pytest

from udcg_desktop.core.vocabulary import (CATEGORIES, STATUSES, UNSPECIFIED, harmonise,
                                          status_of)


@pytest.mark.parametrize("typed, status", [
    ("partially delivered", "partially delivered"), ("Delivered in part", "partially delivered"),
    ("in delivery", "partially delivered"), ("Partly delivered", "partially delivered"),
    ("contracted", "contracted"), ("Contract signed", "contracted"),
    ("allocated", "allocated"), ("Allocation", "allocated"),
    ("committed", "pledged"), ("Commitment", "pledged"), ("announced", "pledged"),
    ("PLEDGED ", "pledged"), ("", "pledged"),
    ("completed", "delivered"), ("Delivered", "delivered"), ("fully delivered", "delivered"),
])
def test_typed_statuses_map_into_the_model(typed, status):
    assert status in STATUSES
    assert status_of(typed) == status


@pytest.mark.parametrize("typed", ["awaiting approval", "shipped-ish", "cancelled"])
def test_a_status_that_maps_nowhere_is_not_read_as_pledged(typed):
    assert status_of(typed) is None


@pytest.mark.parametrize("aid, label, items, expected", [
    # Kiel's military kinds, written several ways, are one category when no item says more
    ("Military", "Weapons", (), ("Military", UNSPECIFIED)),
    ("Military ", "Weapons and equipment", (), ("Military", UNSPECIFIED)),
    ("military", "Weapons and Equipment", (), ("Military", UNSPECIFIED)),
    ("Military", "Military Equipment", (), ("Military", "Other equipment")),
    ("Military", "Equipment", (), ("Military", "Other equipment")),
    # ... and the item texts decide where they can
    ("Military", "Weapons and Equipment", (".", "Harpoon coastal defense system", "Heavy weapon"),
     ("Military", "Maritime")),
    ("Military", "Weapons", ("MANPADS", "Stinger", "Portable defence system"),
     ("Military", "Air defence")),
    ("Military", "Weapons", ("Anti-drone", "VAMPIRE counter-UAS", ""), ("Military", "Air defence")),
    ("Military", "Weapons", ("155mm howitzer ammunition", "", ""),
     ("Military", "Artillery & ammunition")),
    ("Military", "Military Equipment", ("", "night vision device", "Military equipment"),
     ("Military", "Small arms & infantry")),
    # instruments are Financial categories; a military grant is money for weapons
    ("Financial", "Grant", (), ("Financial", "Grant")),
    ("Financial", "Loans", (), ("Financial", "Loan")),
    ("Financial", "guarantee", (), ("Financial", "Guarantee")),
    ("Financial", "Swap-line", (), ("Financial", "Other financial")),
    ("Financial", "", (), ("Financial", "Other financial")),
    ("Financial", "Equipment", (), ("Financial", "Other financial")),
    ("Military", "Grant", (), ("Military", "Funding & procurement")),
    ("Military", "European Peace Facility", (), ("Military", "Funding & procurement")),
    # every humanitarian row is one category, whatever Kiel calls it
    ("Humanitarian", "Equipment and medicines", (), ("Humanitarian", "Humanitarian")),
    ("Humanitarian", "Grant", (), ("Humanitarian", "Humanitarian")),
    # the team template's own labels, with no aid type typed
    ("", "Drones", (), ("Military", "Aviation & drones")),
    ("", "Air force", (), ("Military", "Aviation & drones")),
    ("", "Small arms & equipment", (), ("Military", "Small arms & infantry")),
    ("", "Mixed package", (), ("Military", UNSPECIFIED)),
    ("", "air-defense", (), ("Military", "Air defence")),
    ("", "Budget support", (), ("Financial", "Budget support")),
])
def test_labels_map_onto_the_two_level_list(aid, label, items, expected):
    got_aid, got_cat, known = harmonise(aid, label, items)
    assert known and (got_aid, got_cat) == expected
    assert got_cat in CATEGORIES[got_aid]


def test_a_category_that_maps_nowhere_is_kept_as_written():
    assert harmonise("Military", " Space assets ", ()) == ("Military", "Space assets", False)
    assert harmonise("", "Mystery", ()) == ("", "Mystery", False)
