"""Two hand-built DeepState snapshots (9 and 21 May 2024) and an ISW-style layer of 20 May,
with known answers for the change map and the sources' disagreement (shared by core, gui and
export tests). Every box lies inside Kharkiv oblast, in the illustrative sectors named."""
from __future__ import annotations

import json
from pathlib import Path

from tests.io.geo_fixtures import CONTESTED, OCCUPIED, ellipsoid_box_km2, feature, polygon

MAY9, MAY21 = 1715256000, 1716292800            # 12:00 UTC
# (lon0, lat0, lon1, lat1)
HELD = (36.80, 50.18, 36.90, 50.24)             # occupied on both days (Vovchansk sector)
TAKEN = (36.90, 50.18, 37.00, 50.24)            # occupied on 21 May only: red
GIVEN_BACK = (37.05, 50.10, 37.10, 50.14)       # occupied on 9 May only: blue
GREY = (36.40, 50.15, 36.45, 50.18)             # contested on both days (Lyptsi)
NEW_GREY = (36.50, 50.15, 36.55, 50.18)         # contested on 21 May only: light red
ISW_HALF = (36.90, 50.18, 36.95, 50.24)         # ISW has only the western half of TAKEN
ISW_EXTRA = (37.20, 50.20, 37.25, 50.24)        # ISW alone marks this occupied


def sq(b) -> dict:
    """A GeoJSON polygon of the box ``b``."""
    return polygon([[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]])


def box_km2(b) -> float:
    return ellipsoid_box_km2(*b)


def write_deepstate(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    days = {MAY9: [(OCCUPIED, HELD), (OCCUPIED, GIVEN_BACK), (CONTESTED, GREY)],
            MAY21: [(OCCUPIED, HELD), (OCCUPIED, TAKEN), (CONTESTED, GREY),
                    (CONTESTED, NEW_GREY)]}
    for stamp, feats in days.items():
        doc = {"type": "FeatureCollection",
               "features": [feature(name, sq(b)) for name, b in feats]}
        (folder / f"{stamp}.geojson").write_text(json.dumps(doc, ensure_ascii=False),
                                                 encoding="utf-8")
    return folder


def write_isw(path: Path, null_geometry: bool = True) -> Path:
    def f(day, layer, geom):
        return {"type": "Feature", "properties": {"date": day, "layer_type": layer},
                "geometry": geom}
    feats = [f("2024-05-20", "Assessed Russian-controlled Ukrainian Territory", sq(HELD)),
             f("2024-05-20", "Assessed Russian-controlled Ukrainian Territory", sq(ISW_HALF)),
             f("2024-05-20", "Assessed Russian-controlled Ukrainian Territory", sq(ISW_EXTRA))]
    if null_geometry:
        feats.append(f("2024-05-20", "Assessed Russian-controlled Ukrainian Territory", None))
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}),
                    encoding="utf-8")
    return path
