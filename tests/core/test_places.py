"""Place-name spellings from different sources come out as one name."""
import pytest

from udcg_desktop.core.places import normalise_admin1, normalise_place, same_place


@pytest.mark.parametrize("raw, expected", [
    ("Kharkiv Oblast", "Kharkiv Oblast"), ("Kharkiv oblast", "Kharkiv Oblast"),
    ("Kharkivs'ka oblast", "Kharkiv Oblast"), ("Kharkivs’ka Oblast", "Kharkiv Oblast"),
    ("Kharkov Oblast", "Kharkiv Oblast"), ("Харківська область", "Kharkiv Oblast"),
    ("Харківська\xa0область", "Kharkiv Oblast"), ("Kharkiv", "Kharkiv Oblast"),
    ("Odessa Oblast", "Odesa Oblast"), ("Одеська область", "Odesa Oblast"),
    ("Zaporizhia Oblast", "Zaporizhzhia Oblast"), ("Zaporizhzhia", "Zaporizhzhia Oblast"),
    ("Запорізька область", "Zaporizhzhia Oblast"), ("Dnipropetrovs'ka oblast",
                                                   "Dnipropetrovsk Oblast"),
    ("Mykolaivska oblast", "Mykolaiv Oblast"), ("Nikolaev", "Mykolaiv Oblast"),
    ("Kyiv City", "Kyiv City"), ("м. Київ", "Kyiv City"), ("Kiev Oblast", "Kyiv Oblast"),
    ("Autonomous Republic of Crimea", "Autonomous Republic of Crimea"),
    ("Автономна Республіка Крим", "Autonomous Republic of Crimea"),
    ("Sevastopol", "Sevastopol City"), ("Luhans'ka oblast", "Luhansk Oblast"),
    ("Somewhere Else", "Somewhere Else"), ("", ""),
])
def test_admin1(raw, expected):
    assert normalise_admin1(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Kharkov", "Kharkiv"), ("Odessa", "Odesa"), ("Zaporozhye", "Zaporizhzhia"),
    ("  Vovchansk ", "Vovchansk"), ("Volchansk", "Vovchansk"), ("Лозова", "Лозова"),
    ("Харків", "Kharkiv"),
])
def test_place(raw, expected):
    assert normalise_place(raw) == expected


def test_same_place():
    assert same_place("Kharkov", "Kharkiv") and not same_place("Kharkiv", "Kherson")
