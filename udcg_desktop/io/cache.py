"""A cache of parsed control-area snapshots, keyed by file content.

Opening a folder of 60 DeepState snapshots again should not repeat the geometry work (unions,
clipping, geodesic areas). Each input file's result is stored under a key made of
* the BLAKE2b hash of the file's bytes (so a file rewritten with the same size and time is a
  different key: the cache is never stale),
* the reader's version and a fingerprint of the region outlines used to clip areas.

Entries are ``.npz`` files (numpy arrays plus one JSON document, loaded with
``allow_pickle=False``: nothing in the cache can run code), written atomically (temp file in the
same folder + ``os.replace``). An entry that cannot be read or does not hold together is ignored
and rebuilt, never trusted. The folder is ``$UDCG_CACHE_DIR`` or ``~/.cache/udcg_desktop``.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from ..core.atomic import atomic_path
from ..core.model import AreaFeature, ControlSnapshot, Problem
from ..core.paths import user_cache_dir

CACHE_FORMAT = 1


def cache_dir() -> Path:
    return user_cache_dir() / "snapshots"


def content_key(data: bytes, *parts: str) -> str:
    """BLAKE2b of the bytes plus the version parts that change the result."""
    h = hashlib.blake2b(data, digest_size=20)
    for p in parts:
        h.update(b"\0" + p.encode())
    return h.hexdigest()


def _entry_path(fmt: str, key: str) -> Path:
    return cache_dir() / f"{fmt}-{key}.npz"


# -- encoding -----------------------------------------------------------------------------------
def encode(snapshots: list[ControlSnapshot], problems: list[Problem], counts: dict[str, Any]
           ) -> tuple[dict, dict[str, np.ndarray]]:
    """(JSON-able meta, arrays) for one file's result. Paths are not stored: the same content
    under another name is the same entry, and the reader puts the current path back."""
    coords, lengths = [], []
    snaps = []
    for s in snapshots:
        feats = []
        for f in s.features:
            feats.append([f.status, f.name, len(f.rings)])
            for r in f.rings:
                r = np.asarray(r, dtype=np.float64).reshape(-1, 2)
                coords.append(r)
                lengths.append(len(r))
        snaps.append({"time": int(s.time.astype("datetime64[s]").astype(np.int64)),
                      "areas_km2": s.areas_km2, "illustrative": bool(s.illustrative),
                      "points": [[float(x), float(y), str(t)] for x, y, t in s.points],
                      "features": feats})
    meta = {"cache_format": CACHE_FORMAT, "snapshots": snaps,
            "problems": [[p.sheet, p.row, p.column, _jsonable(p.value), p.severity, p.message]
                         for p in problems],
            "counts": counts}
    arrays = {"coords": np.concatenate(coords) if coords else np.zeros((0, 2)),
              "lengths": np.asarray(lengths, dtype=np.int64)}
    return meta, arrays


def _jsonable(v):
    return v if v is None or isinstance(v, (str, int, float, bool)) else str(v)


def decode(meta: dict, arrays: dict[str, np.ndarray], path: str
           ) -> tuple[list[ControlSnapshot], list[Problem], dict]:
    """The inverse of ``encode``; raises ValueError when the entry does not hold together."""
    if meta.get("cache_format") != CACHE_FORMAT:
        raise ValueError("cache format")
    coords, lengths = arrays["coords"], arrays["lengths"]
    if coords.ndim != 2 or coords.shape[1] != 2 or lengths.ndim != 1:
        raise ValueError("array shapes")
    if int(lengths.sum()) != len(coords) or (lengths < 0).any():
        raise ValueError("ring lengths do not add up")
    ends = np.cumsum(lengths)
    starts = ends - lengths
    ring = 0
    snapshots = []
    for s in meta["snapshots"]:
        features = []
        for status, name, nrings in s["features"]:
            rings = [coords[starts[ring + k]:ends[ring + k]] for k in range(int(nrings))]
            ring += int(nrings)
            features.append(AreaFeature(str(status), rings, str(name)))
        snapshots.append(ControlSnapshot(
            time=np.datetime64(int(s["time"]), "s"), source_file=path, features=features,
            areas_km2={str(k): {str(r): float(v) for r, v in d.items()}
                       for k, d in s["areas_km2"].items()},
            illustrative=bool(s["illustrative"]),
            points=[(float(x), float(y), str(t)) for x, y, t in s["points"]]))
    if ring != len(lengths):
        raise ValueError("rings left over")
    problems = [Problem(path, sheet, row, column, value, severity, message)
                for sheet, row, column, value, severity, message in meta["problems"]]
    return snapshots, problems, dict(meta["counts"])


# -- storage ------------------------------------------------------------------------------------
def load(fmt: str, key: str, path: str):
    """The cached result for ``key`` or None (missing, unreadable or inconsistent: ignored)."""
    entry = _entry_path(fmt, key)
    if not entry.is_file():
        return None
    try:
        with np.load(entry, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            arrays = {"coords": z["coords"], "lengths": z["lengths"]}
        if meta.get("key") != key:
            raise ValueError("key mismatch")
        return decode(meta, arrays, path)
    except Exception:
        return None


def store(fmt: str, key: str, snapshots, problems, counts) -> bool:
    """Write an entry atomically; a cache that cannot be written is not an error."""
    try:
        meta, arrays = encode(snapshots, problems, counts)
        meta["key"] = key
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        blob = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
        with atomic_path(_entry_path(fmt, key)) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, meta=blob, **arrays)
        return True
    except Exception:
        return False
