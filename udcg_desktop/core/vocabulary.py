"""The app's pledge vocabulary: aid type, category within it, and status.

Every pledge source (Kiel's tracker, the team template, any pledge sheet) is mapped onto one
two-level list, so a figure "by category" adds up the same things whatever file it came from:

    aid type       categories
    Military       Air defence, Artillery & ammunition, Armour & vehicles, Aviation & drones,
                   Maritime, Small arms & infantry, Demining, IT & cyber, Training,
                   Other equipment, Funding & procurement, Unspecified
    Financial      Grant, Loan, Guarantee, Budget support, Other financial
    Humanitarian   Humanitarian

plus ``UNSPECIFIED_IN_PACKAGE`` under any aid type: the part of a package's value that none of its
items explains (see ``io/kiel.py``). Spelling, case, '&'/'and' and plural variants of a label are
one category. A label that maps nowhere is kept as written (and the reader reports it once);
the source's own label is kept beside the category in ``category_source``.
"""
from __future__ import annotations

import re

AID_TYPES = ("Military", "Financial", "Humanitarian")
UNSPECIFIED = "Unspecified"
UNSPECIFIED_IN_PACKAGE = "Unspecified within package"
CATEGORIES = {
    "Military": ("Air defence", "Artillery & ammunition", "Armour & vehicles",
                 "Aviation & drones", "Maritime", "Small arms & infantry", "Demining",
                 "IT & cyber", "Training", "Other equipment", "Funding & procurement",
                 UNSPECIFIED),
    # No 'Unspecified' here: a chart by category would add it to the military one.
    "Financial": ("Grant", "Loan", "Guarantee", "Budget support", "Other financial"),
    "Humanitarian": ("Humanitarian",),
}
# Statuses in the order a pledge moves through them.
STATUSES = ("pledged", "allocated", "contracted", "partially delivered", "delivered")


def _key(text: str) -> str:
    """'Weapons and Equipment ' / 'weapons & equipment' / 'Weapons-and-equipment' -> one key."""
    t = text.casefold().replace("&", " and ").replace("-", " ").replace("_", " ")
    t = re.sub(r"[^\w ]+", " ", t)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in t.split())


def _table(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_key(v): target for target, variants in pairs.items() for v in (target, *variants)}


_AID = _table({
    "Military": ("military aid", "defence", "defense", "weapons"),
    "Financial": ("financial aid", "finance", "budget support"),
    "Humanitarian": ("humanitarian aid", "relief"),
})

# Category labels as people write them -> (category, aid type it implies when none is given).
_MILITARY_LABELS = _table({
    "Air defence": ("air defense", "iamd", "integrated air and missile defence",
                    "anti aircraft", "air and missile defence"),
    "Artillery & ammunition": ("artillery", "ammunition", "artillery and ammo", "ammo"),
    "Armour & vehicles": ("armour", "armor", "armoured vehicles", "armored vehicles", "vehicles",
                          "armour and vehicle"),
    "Aviation & drones": ("drones", "drone", "air force", "aviation", "aviation and drones",
                          "aircraft", "uav", "uas"),
    "Maritime": ("naval", "navy", "maritime security"),
    "Small arms & infantry": ("small arms and equipment", "small arms", "infantry",
                              "light armaments and infantry", "salw"),
    "Demining": ("mine clearance", "mine action", "de mining"),
    "IT & cyber": ("it", "cyber", "it and cyber", "communications"),
    "Training": ("training", "military training"),
    "Other equipment": ("equipment", "military equipment", "non lethal equipment",
                        "other equipment", "material"),
    "Funding & procurement": ("funding and procurement", "european peace facility", "epf",
                              "funding for weapon acquisition program", "procurement", "funding",
                              "weapon acquisition"),
    UNSPECIFIED: ("weapons", "weapons and equipment", "weapon and equipment",
                  "weapons and assistance", "weapons and training",
                  "weapons equipment and assistance", "equipment and assistance",
                  "assistance and equipment", "mixed package", "mixed", "in kind",
                  "military", "unspecified", "not specified", "assistance"),
})
_FINANCIAL_LABELS = _table({
    "Grant": ("grants", "grant aid"),
    "Loan": ("loans", "credit", "concessional loan"),
    "Guarantee": ("guarantees", "loan guarantee"),
    "Budget support": ("budget support", "macro financial assistance", "budgetary support"),
    "Other financial": ("swap line", "swap", "currency swap", "financial", "unspecified",
                        "assistance"),
})
# A label alone that says which aid type it is (used when the row gives no aid type).
_IMPLIES = {**{k: "Military" for k in _MILITARY_LABELS},
            **{k: "Financial" for k in _FINANCIAL_LABELS if k not in ("unspecified",
                                                                     "assistance")},
            **{_key(k): "Humanitarian" for k in ("humanitarian", "humanitarian aid",
                                                 "medicines", "medical supplies", "relief")}}
for _k in ("unspecified", "assistance", "not specified"):
    _IMPLIES.pop(_key(_k), None)

# Military kinds by keywords in item texts (first match wins; counter-drone is air defence).
_ITEM_RULES = [
    ("Air defence", r"manpads|air defen[cs]e|anti-aircraft|anti-drone|counter-unmanned|c-uas|"
                    r"counter-uas|\bsam\b|patriot|iris-t|nasams|national advanced surface|"
                    r"stinger|gepard|hawk|crotale|s-300|starstreak|mistral|piorun|c-ram|"
                    r"vampire"),
    ("Aviation & drones", r"drone|uav|unmanned|loitering|switchblade|bayraktar|phoenix ghost|"
                          r"aircraft|helicopter|fighter|mig-|su-2|f-16|\bjet|aviation"),
    ("Maritime", r"boat|ship|vessel|naval|maritime|harpoon|anti-ship|patrol craft|coastal|"
                 r"seahawk|mine vessel|minehunter"),
    ("Demining", r"demining|mine clearance|mine-clearing|de-mining|explosive ordnance dispos"),
    ("IT & cyber", r"cyber|\bit\b|satellite|starlink|communication|radio"),
    ("Artillery & ammunition", r"howitzer|artillery|mlrs|himars|mortar|rocket launcher|"
                               r"\d+\s*mm|ammunition for heavy|shell|m270|mars ii|caesar|"
                               r"counter-battery|firefinder"),
    ("Armour & vehicles", r"tank|armou?red|\bapc\b|\bifv\b|personnel carrier|fighting vehicle|"
                          r"vehicle|truck|humvee|m113|bmp|btr|\bauv\b|trailer"),
    ("Training", r"training"),
    ("Funding & procurement", r"european peace facility|weapon acquisition|procurement|funding "
                              r"for weapon"),
    ("Small arms & infantry", r"small arms|salw|rifle|machine gun|pistol|anti-armou?r|law\b|"
                              r"javelin|nlaw|at4|light armaments|light infantry|portable defen|"
                              r"helmet|vest|body armou?r|protective|night vision|thermal|"
                              r"explosive|grenade|infantry|cannon|gun system"),
    ("Other equipment", r"military equipment|equipment|field gear|medical|first aid|fuel|"
                        r"uniform|generator|optic|acoustic|identification friend"),
]
_ITEM_RES = [(c, re.compile(p, re.I)) for c, p in _ITEM_RULES]
_STATUS = _table({
    "pledged": ("pledge", "committed", "commitment", "announced", "promised", "planned",
                "offered"),
    "allocated": ("allocation", "earmarked", "approved"),
    "contracted": ("contract", "contract signed", "ordered", "on order", "in production",
                   "procured"),
    "partially delivered": ("partially delivered", "partly delivered", "delivered in part",
                            "part delivered", "in delivery", "delivery in progress",
                            "being delivered", "delivering", "partial delivery",
                            "partially"),
    "delivered": ("delivery", "completed", "complete", "fully delivered", "done",
                  "arrived", "handed over"),
})


def aid_type_of(text: str) -> str | None:
    """The aid type a text names ('Military ', 'military aid' -> Military), or None."""
    return _AID.get(_key(text)) if text and text.strip() else None


def item_category(texts) -> str | None:
    """The military category item texts point to (first text, then first rule, that matches)."""
    for text in texts:
        if text:
            for cat, rx in _ITEM_RES:
                if rx.search(text):
                    return cat
    return None


def harmonise(aid_text: str, label: str, items=()) -> tuple[str, str, bool]:
    """(aid type, category, known) for a row: the aid type as written (or implied by the label or
    by military item texts), the category from the label and, for military rows whose label
    says only 'weapons' or 'equipment', from the item texts. ``known`` is False when the label
    maps nowhere: the category is then the label as written."""
    k = _key(label) if label else ""
    aid = aid_type_of(aid_text) or _IMPLIES.get(k) or ("Military" if item_category(items)
                                                        else None)
    if aid == "Humanitarian":
        return aid, "Humanitarian", True
    if aid == "Financial":
        cat = _FINANCIAL_LABELS.get(k)
        if cat is None and (k in _MILITARY_LABELS or not k):
            cat = "Other financial"             # 'Equipment' under Financial says nothing more
    else:
        cat = _MILITARY_LABELS.get(k)
        if cat is None and k in _FINANCIAL_LABELS:
            cat = "Funding & procurement"       # a military 'Grant' is money for weapons
        if cat in (None, UNSPECIFIED, "Other equipment"):
            cat = item_category(items) or cat
    if cat is None:
        if not k:
            return aid or "", UNSPECIFIED, True
        return aid or "", label.strip(), False
    return aid or "Military", cat, True


def status_of(text: str) -> str | None:
    """The status a typed value means ('Delivered in part' -> 'partially delivered'), or None.
    A blank status is a pledge."""
    if not text or not text.strip():
        return "pledged"
    return _STATUS.get(_key(text))
