"""Image files of the pack: chart, map and timeline PNG and SVG, one file per image.

The bytes come from the renderer the caller passed (``gui/render.py``'s, via ``export.pack``);
this module only writes them, or says why an image it was asked for is missing.
"""
from __future__ import annotations

from ..core.atomic import write_synced
from .registry import NotWritten, exporter

IMAGES = ("chart_donors", "chart_categories", "chart_cumulative", "map", "timeline")


def _image_writer(fmt: str):
    def write_image(summary, path, ctx) -> None:
        """The image ``ctx.part`` as ``fmt``, as the renderer drew it."""
        data = ctx.images.get((ctx.part, fmt))
        if not data:
            raise NotWritten(ctx.errors.get(ctx.part, "the image was not rendered"))
        write_synced(path, data)
    return write_image


exporter("png", "Chart, map and timeline images (.png)", order=40,
         parts=IMAGES)(_image_writer("png"))
exporter("svg", "Chart, map and timeline images (.svg)", order=50,
         parts=IMAGES)(_image_writer("svg"))
