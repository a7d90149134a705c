"""Image files of the pack: chart, map and timeline PNG and SVG, written atomically.

The bytes come from ``gui/render.py`` (via ``export.pack``); this module only writes them and
records, for each file asked for, whether it was written or why not.
"""
from __future__ import annotations

from ..core.atomic import write_bytes_atomic


def write_images(files: dict, images: dict, errors: dict, result) -> None:
    """``files``: {"map.png": path, ...}; ``images``: {("map", "png"): bytes};
    ``errors``: {"map": reason} for images that could not be rendered."""
    for label, path in files.items():
        if "." not in label:
            continue
        img, fmt = label.rsplit(".", 1)
        if fmt not in ("png", "svg"):
            continue
        data = images.get((img, fmt))
        if not data:
            result.failures.append((str(path), errors.get(img, "the image was not rendered")))
            continue
        try:
            write_bytes_atomic(path, data)
            result.written.append(path)
        except OSError as exc:
            result.failures.append((str(path), f"{type(exc).__name__}: {exc}"))
