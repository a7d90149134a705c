"""JSON that is always valid: a non-finite number (1e309 read as infinity, a sum that
overflowed) becomes null, and the output says where with one problem, instead of a crash."""
from __future__ import annotations

import json
import math


def dumps_finite(obj, **kwargs) -> str:
    """``json.dumps(obj, allow_nan=False, **kwargs)``; on a non-finite number, the same with
    those numbers as null and a problem naming their places. The walk only runs then."""
    try:
        return json.dumps(obj, allow_nan=False, **kwargs)
    except ValueError:
        places: list[str] = []
        clean = _finite(obj, "", places)
        _add_problem(clean, places)
        return json.dumps(clean, allow_nan=False, **kwargs)


def _finite(obj, where: str, places: list):
    if isinstance(obj, float):
        if math.isfinite(obj):
            return obj
        places.append(where or "(top)")
        return None
    if isinstance(obj, dict):
        return {k: _finite(v, f"{where}.{k}" if where else str(k), places)
                for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v, f"{where}[{i}]", places) for i, v in enumerate(obj)]
    return obj


def _add_problem(clean, places: list) -> None:
    shown = ", ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
    problem = {"path": None, "sheet": None, "row": None, "column": None, "value": None,
               "severity": "warning",
               "message": f"{len(places)} number(s) were not finite (infinite or not a number) "
                          f"and are written as null: {shown}"}
    targets = [clean] if isinstance(clean, dict) else \
        [x for x in clean if isinstance(x, dict)][:1] if isinstance(clean, list) else []
    for t in targets:
        if isinstance(t.get("problems"), list):
            t["problems"].append(problem)
            return
        t["problems"] = [problem]
        return
