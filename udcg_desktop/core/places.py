"""Place names as a briefer writes them, whatever spelling a source used.

``normalise_place("Kharkov")`` -> ``"Kharkiv"``; ``normalise_admin1("Kharkivs'ka oblast")`` and
``normalise_admin1("Харківська область")`` -> ``"Kharkiv Oblast"``. Sources transliterate from
Russian (Kharkov, Odessa, Nikolaev), from Ukrainian by different systems (Zaporizhia /
Zaporizhzhia, Kharkivs'ka), or give Ukrainian only (the official Minregion boundary file).
Pure Python, no imports beyond the standard library.
"""
from __future__ import annotations

from functools import lru_cache
import re
import unicodedata

# Canonical oblast-level names (the Ukrainian government's English forms, as geoBoundaries uses).
OBLASTS = (
    "Cherkasy", "Chernihiv", "Chernivtsi", "Dnipropetrovsk", "Donetsk", "Ivano-Frankivsk",
    "Kharkiv", "Kherson", "Khmelnytskyi", "Kirovohrad", "Kyiv", "Luhansk", "Lviv", "Mykolaiv",
    "Odesa", "Poltava", "Rivne", "Sumy", "Ternopil", "Vinnytsia", "Volyn", "Zakarpattia",
    "Zaporizhzhia", "Zhytomyr",
)
SPECIAL = {"crimea": "Autonomous Republic of Crimea", "kyiv city": "Kyiv City",
           "sevastopol": "Sevastopol City"}

# Variant (lower case, apostrophes and hyphens removed) -> canonical stem.
_VARIANTS = {
    "kharkov": "Kharkiv", "kharkiv": "Kharkiv", "kharkivska": "Kharkiv", "kharkovskaya": "Kharkiv",
    "odessa": "Odesa", "odesa": "Odesa", "odeska": "Odesa", "odesska": "Odesa",
    "zaporizhia": "Zaporizhzhia", "zaporizhzhia": "Zaporizhzhia", "zaporizhzhya": "Zaporizhzhia",
    "zaporozhye": "Zaporizhzhia", "zaporozhe": "Zaporizhzhia", "zaporizhya": "Zaporizhzhia",
    "zaporizka": "Zaporizhzhia", "zaporizhska": "Zaporizhzhia",
    "kiev": "Kyiv", "kyiv": "Kyiv", "kyivska": "Kyiv", "kievskaya": "Kyiv",
    "nikolaev": "Mykolaiv", "mykolayiv": "Mykolaiv", "mykolaiv": "Mykolaiv", "mykolaivska": "Mykolaiv",
    "lugansk": "Luhansk", "luhansk": "Luhansk", "luhanska": "Luhansk",
    "donetsk": "Donetsk", "donetska": "Donetsk",
    "dnepropetrovsk": "Dnipropetrovsk", "dnipropetrovsk": "Dnipropetrovsk",
    "dnipropetrovska": "Dnipropetrovsk", "dnipro": "Dnipro",
    "kherson": "Kherson", "khersonska": "Kherson",
    "sumy": "Sumy", "sumska": "Sumy", "poltava": "Poltava", "poltavska": "Poltava",
    "chernigov": "Chernihiv", "chernihiv": "Chernihiv", "chernihivska": "Chernihiv",
    "cherkassy": "Cherkasy", "cherkasy": "Cherkasy", "cherkaska": "Cherkasy",
    "chernovtsy": "Chernivtsi", "chernivtsi": "Chernivtsi", "chernivetska": "Chernivtsi",
    "ivanofrankivsk": "Ivano-Frankivsk", "ivanofrankovsk": "Ivano-Frankivsk",
    "ivanofrankivska": "Ivano-Frankivsk",
    "khmelnytskyi": "Khmelnytskyi", "khmelnytskyy": "Khmelnytskyi", "khmelnitskiy": "Khmelnytskyi",
    "khmelnytska": "Khmelnytskyi", "khmelnitsky": "Khmelnytskyi",
    "kirovohrad": "Kirovohrad", "kirovograd": "Kirovohrad", "kirovohradska": "Kirovohrad",
    "kropyvnytskyi": "Kropyvnytskyi",
    "lviv": "Lviv", "lvov": "Lviv", "lvivska": "Lviv",
    "rivne": "Rivne", "rovno": "Rivne", "rivnenska": "Rivne",
    "ternopil": "Ternopil", "ternopol": "Ternopil", "ternopilska": "Ternopil",
    "vinnytsia": "Vinnytsia", "vinnitsa": "Vinnytsia", "vinnytsya": "Vinnytsia",
    "vinnytska": "Vinnytsia",
    "volyn": "Volyn", "volhynia": "Volyn", "volynska": "Volyn",
    "zakarpattia": "Zakarpattia", "zakarpattya": "Zakarpattia", "transcarpathia": "Zakarpattia",
    "zakarpatska": "Zakarpattia",
    "zhytomyr": "Zhytomyr", "zhitomir": "Zhytomyr", "zhytomyrska": "Zhytomyr",
    "crimea": "Crimea", "krym": "Crimea", "sevastopol": "Sevastopol",
    "kupiansk": "Kupiansk", "kupyansk": "Kupiansk", "vovchansk": "Vovchansk",
    "volchansk": "Vovchansk", "lyptsi": "Lyptsi", "liptsy": "Lyptsi",
}

# Ukrainian (and Russian) Cyrillic stems -> canonical.
_CYRILLIC = {
    "харків": "Kharkiv", "харьков": "Kharkiv", "одес": "Odesa", "запоріз": "Zaporizhzhia",
    "запорож": "Zaporizhzhia", "київ": "Kyiv", "киев": "Kyiv", "миколаїв": "Mykolaiv",
    "николаев": "Mykolaiv", "луган": "Luhansk", "луhан": "Luhansk", "донец": "Donetsk",
    "дніпропетров": "Dnipropetrovsk", "днепропетров": "Dnipropetrovsk", "херсон": "Kherson",
    "сум": "Sumy", "полтав": "Poltava", "чернігів": "Chernihiv", "чернигов": "Chernihiv",
    "черкас": "Cherkasy", "чернівец": "Chernivtsi", "чернівці": "Chernivtsi",
    "івано-франків": "Ivano-Frankivsk", "хмельниц": "Khmelnytskyi", "кіровоград": "Kirovohrad",
    "львів": "Lviv", "рівнен": "Rivne", "рівне": "Rivne", "тернопіл": "Ternopil",
    "вінниц": "Vinnytsia", "волин": "Volyn", "закарпат": "Zakarpattia", "житомир": "Zhytomyr",
    "крим": "Crimea", "севастопол": "Sevastopol",
}

_OBLAST_WORDS = re.compile(
    r"\b(oblast|oblast'|oblasts|obl\.?|region|province|raion|область|обл\.?|oblasti)\b", re.I)
_CITY_WORDS = re.compile(r"\b(city|misto|м\.)\b", re.I)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).replace("\xa0", " ")
    return " ".join(text.split())


def _key(text: str) -> str:
    """Lower case, ASCII-fold, drop apostrophes, hyphens, spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s'’ʼ`\-_.]", "", text)


def _stem(word: str) -> str | None:
    """Canonical name for one place word in any spelling, or None."""
    k = _key(word)
    if not k:
        return None
    if k in _VARIANTS:
        return _VARIANTS[k]
    # Adjectival forms: Kharkivs'ka, Kharkivskaya, Kharkivskyi -> strip the suffix.
    for suffix in ("skaya", "ska", "skyi", "skyy", "skiy", "sky", "s'ka", "ka"):
        if k.endswith(suffix) and k[: -len(suffix)] in _VARIANTS:
            return _VARIANTS[k[: -len(suffix)]]
    low = word.casefold()
    for stem, name in _CYRILLIC.items():
        if low.startswith(stem):
            return name
    return None


@lru_cache(maxsize=4096)
def normalise_place(name: str) -> str:
    """One settlement or region word in its canonical English spelling; unknown names are
    returned tidied (whitespace collapsed) but otherwise unchanged."""
    text = _clean(name)
    if not text:
        return ""
    found = _stem(text)
    return found if found else text


@lru_cache(maxsize=4096)
def normalise_admin1(name: str) -> str:
    """An oblast-level name as ``"<Name> Oblast"`` (``Kharkiv Oblast``), with the special
    units (Crimea, Kyiv City, Sevastopol City) named as such; unknown names tidied only."""
    text = _clean(name)
    if not text:
        return ""
    low = text.casefold()
    is_city = bool(_CITY_WORDS.search(low)) or low.startswith("м. ")
    core = _CITY_WORDS.sub(" ", _OBLAST_WORDS.sub(" ", text)).replace("м. ", " ")
    core = " ".join(core.split()).strip(" ,-")
    # "Autonomous Republic of Crimea", "Автономна Республіка Крим"
    if re.search(r"crimea|krym|крим", low):
        return SPECIAL["crimea"]
    stem = _stem(core) if core else None
    if stem is None and core:
        words = core.split()
        stem = _stem(words[0]) if words else None
    if stem is None:
        return text
    if stem == "Sevastopol":
        return SPECIAL["sevastopol"]
    if stem == "Kyiv" and is_city:
        return SPECIAL["kyiv city"]
    if stem in OBLASTS:
        return f"{stem} Oblast"
    return stem


def same_place(a: str, b: str) -> bool:
    """True when two spellings name the same place (``Kharkov`` and ``Kharkiv``)."""
    return normalise_place(a).casefold() == normalise_place(b).casefold()
