"""Synthetic event files with the quirks of the real ones (shared by tests and benchmarks)."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
import random

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
ACLED_TYPES = [
    ("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"), ("Strategic developments", "Disrupted weapons use"),
    ("Protests", "Peaceful protest"), ("Riots", "Violent demonstration"),
]
PLACES = [("Vovchansk", 36.94, 50.29), ("Lyptsi", 36.43, 50.19), ("Kharkiv", 36.23, 49.99),
          ("Kupiansk", 37.61, 49.71), ("Odesa", 30.73, 46.48)]


def date_text(day: dt.date, form: str) -> str:
    if form == "iso":
        return day.isoformat()
    if form == "text":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year} 00:00:00"     # Excel, day first


def acled_rows(n: int, seed: int = 1, form: str = "iso", start=dt.date(2024, 5, 1),
               days: int = 90):
    rnd = random.Random(seed)
    for i in range(n):
        day = start + dt.timedelta(days=rnd.randrange(days))
        et, sub = ACLED_TYPES[i % len(ACLED_TYPES)]
        place, lon, lat = PLACES[rnd.randrange(len(PLACES))]
        notes = (f'On {day.isoformat()}, Russian forces shelled "{place}", Kharkiv region, '
                 f"hitting a warehouse, a school and houses; {rnd.randrange(5)} people "
                 f"injured, according to the regional governor. " * rnd.choice((1, 2, 4)))
        yield {
            "event_id_cnty": f"UKR{100000 + i}", "event_date": date_text(day, form),
            "year": str(day.year), "time_precision": "1", "disorder_type": "Political violence",
            "event_type": et, "sub_event_type": sub, "actor1": "Military Forces of Russia (2000-)",
            "actor2": "Civilians (Ukraine)", "interaction": "17", "civilian_targeting": "",
            "iso": "804", "region": "Europe", "country": "Ukraine",
            "admin1": "Kharkiv", "admin2": "Chuhuivskyi", "admin3": "", "location": place,
            "latitude": f"{lat + rnd.uniform(-0.05, 0.05):.4f}",
            "longitude": f"{lon + rnd.uniform(-0.05, 0.05):.4f}", "geo_precision": "1",
            "source": "Ukrinform; Suspilne", "source_scale": "National", "notes": notes,
            "fatalities": str(rnd.randrange(3)), "tags": "",
            "timestamp": str(1718000000 + i),
        }


def write_acled(path: Path, rows, columns=None) -> Path:
    columns = columns or ACLED_COLUMNS
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def write_json(path: Path, obj) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path
