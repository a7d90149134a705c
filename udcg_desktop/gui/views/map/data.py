"""The map's numbers, without Qt: which events, deliveries and labels to draw at a day and scale.

Everything that does not depend on the cursor is computed once per briefing (event day integers,
grid cells of the density raster, a cell index for hit tests), so a cursor move is two binary
searches, one ``np.bincount`` and a few slices.
"""
from __future__ import annotations

import math

import numpy as np

from ....core.arrays import distinct
from ....core.dates import NAT_INT, day_ints
from ....core.model import EVENT_TYPES

KM_PER_DEG_LAT = 111.32


def day_int(day) -> np.int64:
    return np.int64(np.datetime64(day, "D").astype(np.int64))


def flatten_rings(rings) -> np.ndarray:
    """A list of (n, 2) rings as one (N, 2) array with a NaN row after each ring (rings closed)."""
    closed = []
    for r in rings:
        r = np.asarray(r, dtype=float)
        if r.ndim == 2 and len(r) >= 2:
            r = r[:, :2]
            closed.append(r if np.array_equal(r[0], r[-1]) else np.vstack([r, r[:1]]))
    return flatten_lines(closed)


def flatten_lines(lines) -> np.ndarray:
    parts = []
    nan = np.array([[np.nan, np.nan]])
    for line in lines:
        a = np.asarray(line, dtype=float)
        if a.ndim != 2 or len(a) < 2:
            continue
        parts.append(a[:, :2])
        parts.append(nan)
    return np.concatenate(parts) if parts else np.empty((0, 2))


class PointIndex:
    """Per-briefing arrays of dated points for the map (events or delivery destinations): days,
    positions, a code per point (event type), raster cells and a cell index for hit tests.

    Rows are in date order (unknown dates last), so the points up to a day are a prefix and a
    window is a slice: ``span`` is two binary searches.
    """

    MAX_CELLS = 480

    def __init__(self, days: np.ndarray, lon: np.ndarray, lat: np.ndarray,
                 codes: np.ndarray | None = None):
        n = len(days)
        self.n = n
        self.days = np.asarray(days, dtype=np.int64) if n else np.zeros(0, np.int64)
        self.lon = np.asarray(lon, dtype=float) if n else np.zeros(0)
        self.lat = np.asarray(lat, dtype=float) if n else np.zeros(0)
        self.has_xy = np.isfinite(self.lon) & np.isfinite(self.lat) & (self.days != NAT_INT)
        self.type_code = (np.asarray(codes, dtype=np.int16) if codes is not None and n
                          else np.zeros(n, np.int16))
        self.types_present: list[str] = []
        # The density grid: covers every point with coordinates, at most MAX_CELLS a side.
        if self.has_xy.any():
            x, y = self.lon[self.has_xy], self.lat[self.has_xy]
            x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
            span = max(x1 - x0, (y1 - y0), 0.05)
            cell = max(span / self.MAX_CELLS, 0.004)
            self.cell = cell
            self.x0, self.y0 = x0 - cell, y0 - cell
            self.w = int(math.ceil((x1 - self.x0) / cell)) + 2
            self.h = int(math.ceil((y1 - self.y0) / cell)) + 2
        else:
            self.cell, self.x0, self.y0, self.w, self.h = 0.01, 0.0, 0.0, 1, 1
        ncell = self.w * self.h
        self.ncell = ncell
        pix = np.full(n, ncell, dtype=np.int64)      # points without a place: an extra bin
        if n:
            ix = np.floor((self.lon[self.has_xy] - self.x0) / self.cell).astype(np.int64)
            iy = np.floor((self.lat[self.has_xy] - self.y0) / self.cell).astype(np.int64)
            pix[self.has_xy] = iy * self.w + ix
        self.pix = pix
        # Rows grouped by cell (stable: rows stay in date order inside a cell) for hit tests.
        self.by_cell = np.argsort(pix, kind="stable")
        self.cell_start = np.searchsorted(pix[self.by_cell], np.arange(ncell + 2))

    @classmethod
    def from_events(cls, events) -> "PointIndex":
        """Events: dated by ``date``, coded by event type (index into EVENT_TYPES)."""
        n = len(events)
        if not n:
            return cls(np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
        lookup = {t: i for i, t in enumerate(EVENT_TYPES)}
        other = lookup["other"]
        codes = np.array([lookup.get(t, other) for t in events["type"].astype(str)],
                         dtype=np.int16)
        idx = cls(day_ints(events["date"]), events["lon"], events["lat"], codes)
        idx.types_present = sorted({EVENT_TYPES[c] for c in distinct(idx.type_code[idx.has_xy])},
                                   key=EVENT_TYPES.index)
        return idx

    @classmethod
    def from_deliveries(cls, deliveries) -> "PointIndex":
        """Deliveries with a destination: dated by ``effective_date`` (their sort key)."""
        if not len(deliveries):
            return cls(np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
        return cls(day_ints(deliveries["effective_date"]), deliveries["lon"], deliveries["lat"])

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """(x0, y0, width, height) of the density grid in lon/lat."""
        return self.x0, self.y0, self.w * self.cell, self.h * self.cell

    def span(self, end_day, start_day=None) -> tuple[int, int]:
        """Rows [a, k) with start_day <= date <= end_day (dates sorted, unknown last)."""
        k = int(np.searchsorted(self.days, day_int(end_day), side="right"))
        a = 0 if start_day is None else int(np.searchsorted(self.days, day_int(start_day),
                                                            side="left"))
        return min(a, k), k

    def density(self, a: int, b: int) -> np.ndarray:
        """Counts per cell of rows [a, b), as a (w, h) array (x first, as ImageItem wants)."""
        if b <= a:
            return np.zeros((self.w, self.h), dtype=np.int64)
        counts = np.bincount(self.pix[a:b], minlength=self.ncell + 1)[:self.ncell]
        return counts.reshape(self.h, self.w).T

    def nearest(self, lon: float, lat: float, rx: float, ry: float, a: int, k: int,
                mask: np.ndarray | None = None) -> int:
        """The latest visible row within the ellipse of radii (rx, ry) degrees, nearest first
        (rows [a, k), and where ``mask`` is given only rows it marks)."""
        if k <= a or not self.has_xy.any():
            return -1
        c0 = int(math.floor((lon - rx - self.x0) / self.cell))
        c1 = int(math.floor((lon + rx - self.x0) / self.cell))
        r0 = int(math.floor((lat - ry - self.y0) / self.cell))
        r1 = int(math.floor((lat + ry - self.y0) / self.cell))
        c0, c1 = max(c0, 0), min(c1, self.w - 1)
        r0, r1 = max(r0, 0), min(r1, self.h - 1)
        if c0 > c1 or r0 > r1:
            return -1
        chunks = []
        for r in range(r0, r1 + 1):
            s, e = self.cell_start[r * self.w + c0], self.cell_start[r * self.w + c1 + 1]
            if e > s:
                chunks.append(self.by_cell[s:e])
        if not chunks:
            return -1
        rows = np.concatenate(chunks)
        rows = rows[(rows >= a) & (rows < k)]
        if mask is not None:
            rows = rows[mask[rows]]
        if not len(rows):
            return -1
        d = ((self.lon[rows] - lon) / rx) ** 2 + ((self.lat[rows] - lat) / ry) ** 2
        inside = d <= 1.0
        if not inside.any():
            return -1
        rows, d = rows[inside], d[inside]
        # Nearest; among (nearly) equally near, the latest.
        best = d.min()
        cand = rows[d <= best + 1e-9]
        return int(cand.max())


class DensityCounts:
    """Counts per raster cell of the rows [a, b) of a ``PointIndex`` (optionally only the rows a
    mask marks), kept up to date incrementally: a cursor step adds or removes the few rows that
    entered or left the span instead of counting all of them again."""

    def __init__(self, index: PointIndex, mask: np.ndarray | None = None):
        self.index = index
        self.set_mask(mask)

    def set_mask(self, mask: np.ndarray | None) -> None:
        idx = self.index
        self._pix = idx.pix if mask is None else np.where(mask, idx.pix, idx.ncell)
        self.counts = np.zeros(idx.ncell + 1, dtype=np.int64)
        self.span = (0, 0)
        self.changed = None
        self._touched: list = []

    def _add(self, a: int, b: int, sign: int) -> None:
        if b <= a:
            return
        part = self._pix[a:b]
        self._touched.append(part)
        if b - a < 20_000:
            np.add.at(self.counts, part, sign)
        else:
            self.counts += sign * np.bincount(part, minlength=self.index.ncell + 1)

    def update(self, a: int, b: int) -> np.ndarray:
        """Counts of rows [a, b) as an (h, w) array (row = latitude cell, south first).

        Afterwards ``changed`` holds the flat indices of the cells whose count may have changed
        (None: all of them, after a full recount)."""
        a0, b0 = self.span
        b = max(a, b)
        self._touched = []
        if b <= a and b0 <= a0:
            self.changed = np.zeros(0, np.int64)      # empty before and after: nothing to do
        elif b0 <= a0 or b <= a or a >= b0 or b <= a0 or \
                abs(a - a0) + abs(b - b0) > (b - a) // 2 + 1000:
            self.counts[:] = 0 if b <= a else np.bincount(self._pix[a:b],
                                                          minlength=self.index.ncell + 1)
            self.changed = None
        else:
            self._add(a0, a, -1) if a > a0 else self._add(a, a0, 1)
            self._add(b, b0, -1) if b < b0 else self._add(b0, b, 1)
            cells = distinct(np.concatenate(self._touched)) if self._touched else \
                np.zeros(0, np.int64)
            self.changed = cells[cells < self.index.ncell]
        self.span = (a, b)
        return self.counts[:self.index.ncell].reshape(self.index.h, self.index.w)


def density_lut(rgb: tuple[int, int, int], saturate: int = 40, max_alpha: int = 200) -> np.ndarray:
    """(saturate + 1, 4) premultiplied RGBA uint8: one colour, alpha rising with log(count)."""
    alpha = np.zeros(saturate + 1, dtype=np.float64)
    alpha[1:] = (60 + (max_alpha - 60) * np.log1p(np.arange(1, saturate + 1))
                 / math.log1p(saturate)).astype(np.uint8)
    lut = np.empty((saturate + 1, 4), dtype=np.uint8)
    for i, c in enumerate(rgb):
        lut[:, i] = np.round(c * alpha / 255.0).astype(np.uint8)
    lut[:, 3] = alpha.astype(np.uint8)
    return lut


FADE_BANDS = 6          # markers fade in this many steps over the fade period


def fade_band(day, fade_days: float) -> np.ndarray:
    """The fade band of a day (or of each of an array of day integers): calendar-aligned spans
    of ``fade_days / FADE_BANDS`` days. Every marker of a band has one opacity, so while the
    cursor stays in its band only the newest markers are new and the others' picture holds."""
    return np.floor_divide(np.asarray(day, dtype=float), max(fade_days, 1.0) / FADE_BANDS)


def fade_alpha(days: np.ndarray, cursor_day: int, fade_days: float,
               minimum: float = 0.45) -> np.ndarray:
    """1.0 in the cursor day's band, one step fainter per band back, ``minimum`` from
    ``FADE_BANDS`` bands (``fade_days``) back."""
    bands_back = fade_band(cursor_day, fade_days) - fade_band(days, fade_days)
    t = np.clip(bands_back / FADE_BANDS, 0.0, 1.0)
    return 1.0 - (1.0 - minimum) * t


def density_rgba(counts: np.ndarray, rgb: tuple[int, int, int], saturate: int = 40,
                 max_alpha: int = 200) -> np.ndarray:
    """Counts -> RGBA uint8 image: one colour, alpha rising with log(count), clear where 0."""
    lut = np.zeros(saturate + 1, dtype=np.uint8)
    lut[1:] = (60 + (max_alpha - 60) * np.log1p(np.arange(1, saturate + 1))
               / math.log1p(saturate)).astype(np.uint8)
    img = np.empty(counts.shape + (4,), dtype=np.uint8)
    img[..., 0], img[..., 1], img[..., 2] = rgb
    img[..., 3] = lut[np.minimum(counts, saturate)]
    return img


def nice_scale_km(km_per_px: float, target_px: float = 120.0) -> float:
    """A round length (1, 2, 5 x 10^n km) drawn at most about ``target_px`` long."""
    if not (km_per_px > 0 and math.isfinite(km_per_px)):
        return 0.0
    raw = km_per_px * target_px
    exp = 10 ** math.floor(math.log10(raw))
    for m in (5, 2, 1):
        if m * exp <= raw:
            return m * exp
    return exp


def km_per_deg_lon(lat: float) -> float:
    return KM_PER_DEG_LAT * math.cos(math.radians(lat))


def place_labels(px: np.ndarray, py: np.ndarray, widths: np.ndarray, height: float,
                 view_w: float, view_h: float, max_labels: int = 120, cell: float = 6.0,
                 dot: float = 4.0, pad: float = 2.0, blocked: list | None = None) -> np.ndarray:
    """Greedy non-overlapping label placement in priority order (the first row wins).

    ``px, py`` are the dots' pixel positions, ``widths`` the text widths; each label sits right
    of its dot (or left of it when that side is taken). Returns indices of placed labels and a
    side per label (0 right, 1 left) as a (n, 2) int array. An occupancy grid of ``cell`` pixels
    makes each test one small array slice, so a few thousand candidates take a few ms.
    """
    gw, gh = int(view_w // cell) + 2, int(view_h // cell) + 2
    grid = np.zeros((gh, gw), dtype=bool)
    for (x0, y0, x1, y1) in (blocked or []):
        grid[max(int(y0 // cell), 0):max(int(y1 // cell) + 1, 0),
             max(int(x0 // cell), 0):max(int(x1 // cell) + 1, 0)] = True
    out = []
    half = height / 2.0
    for i in range(len(px)):
        x, y, w = px[i], py[i], widths[i]
        if not (0 <= x < view_w and 0 <= y < view_h):
            continue
        for side in (0, 1):
            if side == 0:
                x0, x1 = x - dot, x + dot + pad + w
            else:
                x0, x1 = x - dot - pad - w, x + dot
            y0, y1 = y - half, y + half
            c0, c1 = int(x0 // cell), int(x1 // cell) + 1
            r0, r1 = int(y0 // cell), int(y1 // cell) + 1
            if c0 < 0 or r0 < 0 or c1 > gw or r1 > gh:
                continue
            if grid[r0:r1, c0:c1].any():
                continue
            grid[r0:r1, c0:c1] = True
            out.append((i, side))
            break
        if len(out) >= max_labels:
            break
    return np.array(out, dtype=np.int64).reshape(-1, 2)
