"""Briefings for export tests, built from core tables (no files needed)."""
import numpy as np

from udcg_desktop.core.model import (BriefingPart, DeliveryTable, EventTable, PledgeTable,
                                     SourceInfo, assemble)
from tests.core.helpers import fx_rates, small_briefing  # noqa: F401

EVIL = ['=HYPERLINK("http://example.invalid","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
        "-2+3"]


def evil_briefing(source_file="evil.xlsx"):
    """Pledges whose donor, item and notes are formula-like text."""
    n = 4
    pledges = PledgeTable({
        "pledge_id": ["E-1", "E-2", "E-3", "E-4"],
        "donor": [EVIL[0], "Germany", EVIL[2], "France"],
        "date": np.array(["2024-05-01", "2024-05-02", "2024-06-03", "2024-06-04"],
                         dtype="datetime64[D]"),
        "aid_type": ["Military"] * n, "category": ["Air defence", EVIL[3], "Drones", "Drones"],
        "item": [EVIL[1], "IRIS-T", "FPV", "=1+1"],
        "notes": ["@cmd", "", "", ""],
        "status": ["pledged"] * n, "amount": [10e6, 20e6, 30e6, 40e6], "currency": ["EUR"] * n,
        "source_file": [source_file] * n, "source_sheet": ["Pledges"] * n,
        "source_row": [2, 3, 4, 5],
    })
    events = EventTable({"event_id": ["X1"], "date": np.array(["2024-05-10"], "datetime64[D]"),
                         "type": ["capture"], "place": ["=Vovchansk"],
                         "description": ["+evil description"]})
    return assemble([BriefingPart(pledges=pledges, events=events,
                                  sources=[SourceInfo(source_file, "pledges", "test", 4, 4, 0)])])


def big_briefing(n=2000, seed=1):
    """Many pledge lines across donors, categories and months (for the LibreOffice check)."""
    rng = np.random.default_rng(seed)
    donors = np.array(["United States", "Germany", "United Kingdom", "France", "Poland",
                       "Netherlands", "Denmark", "Sweden", "Norway", "Canada", "Italy",
                       "Spain", "Czechia", "Finland", "Lithuania", "Latvia", "Estonia"], object)
    cats = np.array(["Air defence", "Artillery & ammunition", "Drones", "Armour", "Training"],
                    object)
    days = np.datetime64("2024-01-01") + rng.integers(0, 270, n).astype("timedelta64[D]")
    pledges = PledgeTable({
        "pledge_id": [f"P{i}" for i in range(n)], "donor": donors[rng.integers(0, len(donors), n)],
        "date": days, "aid_type": ["Military"] * n,
        "category": cats[rng.integers(0, len(cats), n)], "item": ["item"] * n,
        "status": ["pledged"] * n, "amount": rng.uniform(1e6, 5e8, n), "currency": ["EUR"] * n,
        "coalition": ["Drones"] * n, "source_file": ["big.xlsx"] * n,
        "source_sheet": ["Pledges"] * n, "source_row": np.arange(2, n + 2),
    })
    deliveries = DeliveryTable({
        "delivery_id": [f"D{i}" for i in range(0, n, 3)],
        "pledge_id": [f"P{i}" for i in range(0, n, 3)], "pledge_index": np.arange(0, n, 3),
        "date": days[::3] + np.timedelta64(20, "D"),
        "amount": pledges["amount"][::3] * 0.5, "currency": ["EUR"] * len(range(0, n, 3)),
        "source_file": ["big.xlsx"] * len(range(0, n, 3)),
    })
    return assemble([BriefingPart(pledges=pledges, deliveries=deliveries,
                                  sources=[SourceInfo("big.xlsx", "pledges", "test", n, n, 0)])])


class FakeRenderer:
    """Chart images via the real Qt renderer would need Qt; these tests check the writers."""

    class unavailable(RuntimeError):
        pass

    PNG = None   # set below: a valid 4x3 PNG

    def __init__(self, map_ok=False):
        self.map_ok = map_ok
        self.maps_drawn: list = []          # (day, extent, title) of each map asked for
        self.change_maps_drawn: list = []   # (since, as_of, fmt, titled) of each change map

    def charts(self, s, names, size, dpi, fmts):
        return {(n, f): (self.PNG if f == "png" else b"<svg xmlns='http://www.w3.org/2000/svg'/>")
                for n in names for f in fmts}

    def map(self, briefing, day, filters, size, dpi, fmt, extent=None, title=None):
        if not self.map_ok:
            raise self.unavailable("map image not available yet")
        self.maps_drawn.append((str(day), extent, title))
        return self.PNG if fmt == "png" else b"<svg xmlns='http://www.w3.org/2000/svg'/>"

    def timeline(self, briefing, day, filters, size, dpi, fmt):
        return self.PNG if fmt == "png" else b"<svg xmlns='http://www.w3.org/2000/svg'/>"

    def change_map(self, cm, size, dpi, fmt, titled=True):
        self.change_maps_drawn.append((cm.since, cm.as_of, fmt, titled))
        return self.PNG if fmt == "png" else b"<svg xmlns='http://www.w3.org/2000/svg'/>"


def export_documents(briefing, out, as_of):
    """The xlsx, pptx, pdf and md of ``briefing`` as of ``as_of`` in ``out`` (test rates, the
    fake renderer); asserts nothing failed and returns the files' common stem."""
    from udcg_desktop.export import pack
    result = pack.export_pack(briefing, out, as_of=as_of, fx=fx_rates(),
                              renderer=FakeRenderer(True), formats=("xlsx", "pptx", "pdf", "md"))
    assert result.ok, result.failures
    return out / f"udcg_briefing_{as_of}"


def _tiny_png(w=4, h=3) -> bytes:
    import struct
    import zlib
    raw = b"".join(b"\x00" + b"\xff\x80\x00" * w for _ in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


FakeRenderer.PNG = _tiny_png()
