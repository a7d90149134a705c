"""A deterministic generator of hostile inputs, and a guarded runner that feeds them to the CLI.

``generate(seed, n, out_dir)`` writes ``n`` mutated copies of well-formed inputs built from the
repository's own sample data and fixtures (never the real-data files): zip-level and XML-level
mutations of workbooks (declared counts, dimensions, far cells, error values, date cells,
control characters), random cell values, re-encoded CSVs, mutated GeoJSON, ACLED and
Bellingcat files. The same seed gives the same files.

``run_cases`` runs each through ``udcg-desktop summary --json`` (and ``validate``) in a worker
process with a memory limit, restarting the worker when an input kills it, and judges each
result: crash, traceback (a Python or Rust one), memory over the limit, input changed, a
message without the file name, invalid JSON.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
import hashlib
import io
import json
import os
from pathlib import Path
import random
import re
import subprocess
import sys
import zipfile

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_XLSX = ROOT / "data" / "udcg_briefing_sample.xlsx"
SAMPLE_AREAS = ROOT / "data" / "sample_control_areas"
REALDATA = ROOT / ".." / "shared" / "realdata"
MEMORY_LIMIT = int(1.5 * 1024 ** 3)

# Cell values that broke, or could break, a reader: numbers at the edges of float64 and of
# calendars, texts with control characters, Excel's escapes and error values.
HOSTILE_NUMBERS = ["-1e12", "1e309", "-1e309", "1e308", "-1e308", "NaN", "inf", "-0",
                   "99999999999999999999", "2958466", "-693594", "1e-320", "4294967296",
                   "18446744073709551616", "0x10", "1_000"]
HOSTILE_TEXTS = ["Nor_x0000_way", "Nor\x00way", "a\x01b\x1fc", "\u202eevil", "=1+1",
                 "=HYPERLINK(\"http://x\")", "@SUM(A1)", "x" * 32767, "\ufeffBOM",
                 "\ud83d\ude80 rocket", "_x001F_", "\u00a0\u00a0", "Total", "#SPILL!",
                 "<b>&amp;</b>", "\\N", "null", "None", "1/0/2024", "2024-02-30",
                 "31/12/99999", "", " ", "\t\n"]
ERROR_VALUES = ["#SPILL!", "#CALC!", "#FIELD!", "#BUSY!", "#BLOCKED!", "#CONNECT!",
                "#UNKNOWN!", "#PYTHON!", "#N/A", "#REF!", "#GETTING_DATA", "#NOPE!", ""]
BIG_COUNTS = ["4294967295", "18446744073709551615", "2147483648", "99999999", "-1", "abc", ""]
DIMENSIONS = ["A1:XFD1048576", "A1:P1048576", "A1:XFD36", "XFD1048576", "A0:B2", "", "ZZZZ9"]


@dataclass
class Case:
    name: str
    path: Path
    family: str


# ------------------------------------------------------------------------------ seeds
def _sample_pledge_rows() -> tuple[list, list]:
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(str(SAMPLE_XLSX))
    rows = wb.get_sheet_by_name("Pledges").to_python()
    out = []
    for r in rows:
        out.append([v.isoformat()[:10] if hasattr(v, "isoformat") else
                    (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                    for v in r])
    return out[0], out[1:]


def _csv_text(header, rows, delimiter=",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _acled_text(rnd: random.Random, n: int = 40) -> tuple[list, list]:
    sys.path.insert(0, str(ROOT))
    from tests.io.event_fixtures import ACLED_COLUMNS, acled_rows
    rows = [[r[c] for c in ACLED_COLUMNS] for r in acled_rows(n, seed=rnd.randrange(1000))]
    return list(ACLED_COLUMNS), rows


def _bellingcat(rnd: random.Random, n: int = 30) -> list:
    items = []
    for i in range(n):
        items.append({
            "id": f"CIV{i:04d}", "date": f"0{rnd.randrange(1, 10)}/{rnd.randrange(10, 28)}/2024",
            "latitude": f"{49 + rnd.random():.5f}", "longitude": f"{36 + rnd.random():.5f}",
            "location": "Kharkiv", "description": "Shelling damaged a house.",
            "sources": [{"id": f"s{i}", "path": f"https://example.org/{i}", "description": ""}],
            "filters": [{"key": "Type of area affected", "value": "Residential"}]})
    return items


def _areas(rnd: random.Random) -> tuple[str, dict]:
    files = sorted(SAMPLE_AREAS.glob("*.geojson"))
    f = files[rnd.randrange(1, len(files))]
    return f.name, json.loads(f.read_text(encoding="utf-8"))


# -------------------------------------------------------------------------- workbooks
def rewrite_xlsx(src: Path, out: Path, change) -> Path:
    """A copy of workbook ``src`` with each member's bytes passed through
    ``change(name, data) -> data`` (None drops the member)."""
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = change(info.filename, zi.read(info.filename))
            if data is not None:      # a fixed date: the same seed gives the same bytes
                zo.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                            data, compress_type=zipfile.ZIP_DEFLATED)
    return out


def in_member(member: str, fn):
    return lambda name, data: fn(data) if name == member else data


PLEDGES = "xl/worksheets/sheet2.xml"
STRINGS = "xl/sharedStrings.xml"


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _set_cell(data: bytes, ref: str, body: bytes) -> bytes:
    """Replace cell ``ref`` (which must exist) with ``body``."""
    return re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', lambda m: body, data,
                  count=1, flags=re.S)


def _random_cell_ref(rnd: random.Random) -> str:
    return f"{rnd.choice('ABCDEFGHIJKLMNOP')}{rnd.randrange(2, 36)}"


def _xml_mutation(rnd: random.Random):
    """(label, change) for one XML-level mutation of the sample workbook."""
    kind = rnd.choice(["count", "dimension", "number", "date", "error", "far", "text",
                       "inline", "truncate", "entity", "style", "sst_index", "bool", "dcell"])
    ref = _random_cell_ref(rnd)
    if kind == "count":
        v = rnd.choice(BIG_COUNTS).encode()
        attr = rnd.choice([b"uniqueCount", b"count"])
        return kind, in_member(STRINGS, lambda d: re.sub(attr + rb'="\d+"', attr + b'="' + v
                                                         + b'"', d, count=1))
    if kind == "dimension":
        v = rnd.choice(DIMENSIONS).encode()
        return kind, in_member(PLEDGES, lambda d: re.sub(rb'<dimension ref="[^"]*"',
                                                         b'<dimension ref="' + v + b'"', d))
    if kind in ("number", "date"):
        v = rnd.choice(HOSTILE_NUMBERS).encode()
        col = "C" if kind == "date" else rnd.choice("CGI")     # date, quantity, amount
        ref = f"{col}{rnd.randrange(2, 36)}"
        style = b' s="5"' if kind == "date" else b""
        return kind, in_member(PLEDGES, lambda d: _set_cell(
            d, ref, b'<c r="' + ref.encode() + b'"' + style + b"><v>" + v + b"</v></c>"))
    if kind == "error":
        v = rnd.choice(ERROR_VALUES).encode()
        return kind, in_member(PLEDGES, lambda d: _set_cell(
            d, ref, b'<c r="' + ref.encode() + b'" t="e"><v>' + v + b"</v></c>"))
    if kind == "far":
        col = rnd.choice(["Q", "AZ", "ZZ", "AAA", "XFD"])
        row = rnd.choice([37, 1000, 60000, 1048576])
        cell = f'<row r="{row}"><c r="{col}{row}"><v>1</v></c></row>'.encode()
        return kind, in_member(PLEDGES, lambda d: d.replace(b"</sheetData>",
                                                            cell + b"</sheetData>", 1))
    if kind == "text":
        t = _xml_escape(rnd.choice(HOSTILE_TEXTS)).encode("utf-8", "surrogatepass")
        k = rnd.randrange(100, 300)
        return kind, in_member(STRINGS, lambda d: _nth_si(d, k, t))
    if kind == "inline":
        t = _xml_escape(rnd.choice(HOSTILE_TEXTS)).encode("utf-8", "surrogatepass")
        ref = f"B{rnd.randrange(2, 36)}"            # the donor column
        return kind, in_member(PLEDGES, lambda d: _set_cell(
            d, ref, b'<c r="' + ref.encode() + b'" t="inlineStr"><is><t>' + t
            + b"</t></is></c>"))
    if kind == "truncate":
        member = rnd.choice([PLEDGES, STRINGS, "xl/workbook.xml", "xl/styles.xml"])
        frac = rnd.random()
        return kind, in_member(member, lambda d: d[:int(len(d) * frac)])
    if kind == "entity":
        bomb = (b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>')
        return kind, in_member(STRINGS, lambda d: d.replace(b"?>", b"?>" + bomb, 1)
                               .replace(b"<t>Spain</t>", b"<t>&c;</t>", 1))
    if kind == "style":
        v = rnd.choice([b"99999", b"-1", b"4294967296", b"x"])
        return kind, in_member(PLEDGES, lambda d: re.sub(rb' s="5"', b' s="' + v + b'"', d,
                                                         count=3))
    if kind == "sst_index":
        v = rnd.choice([b"99999999", b"-1", b"4294967296", b"abc", b""])
        return kind, in_member(PLEDGES, lambda d: re.sub(rb'(t="s"><v>)\d+', rb"\g<1>" + v, d,
                                                         count=1))
    if kind == "bool":
        v = rnd.choice([b"2", b"yes", b"", b"-1"])
        return kind, in_member(PLEDGES, lambda d: _set_cell(
            d, ref, b'<c r="' + ref.encode() + b'" t="b"><v>' + v + b"</v></c>"))
    v = rnd.choice([b"2024-13-45", b"-0001-01-01", b"99999-01-01T00:00:00", b"x", b""])
    ref = f"C{rnd.randrange(2, 36)}"
    return "dcell", in_member(PLEDGES, lambda d: _set_cell(
        d, ref, b'<c r="' + ref.encode() + b'" t="d"><v>' + v + b"</v></c>"))


def _nth_si(data: bytes, k: int, text: bytes) -> bytes:
    parts = data.split(b"<si>")
    if len(parts) > k:
        rest = parts[k].split(b"</si>", 1)
        parts[k] = b"<t>" + text + b"</t></si>" + (rest[1] if len(rest) > 1 else b"")
    return b"<si>".join(parts)


def _zip_mutation(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    """(label, bytes) for one zip-level mutation of a workbook's bytes."""
    kind = rnd.choice(["truncate", "flip", "central", "eocd", "method", "names"])
    b = bytearray(data)
    if kind == "truncate":
        return kind, bytes(b[:rnd.randrange(4, len(b))])
    if kind == "flip":
        for _ in range(rnd.randrange(1, 30)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        return kind, bytes(b)
    cd = data.rfind(b"PK\x01\x02", 0, len(data) - 22)
    cd = data.find(b"PK\x01\x02") if kind != "central" or cd < 0 else cd
    if kind == "central":        # damage the central directory only
        start = data.find(b"PK\x01\x02")
        for _ in range(rnd.randrange(1, 12)):
            b[rnd.randrange(start, len(b))] = rnd.randrange(256)
        return kind, bytes(b)
    if kind == "eocd":           # the end record's counts and offsets
        e = data.rfind(b"PK\x05\x06")
        for k in range(rnd.randrange(1, 6)):
            b[e + rnd.randrange(8, 22)] = rnd.randrange(256)
        return kind, bytes(b)
    if kind == "method":         # an unknown compression method for one member
        positions = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
        p = rnd.choice(positions)
        b[p + 10] = rnd.choice([1, 6, 12, 14, 99])
        return kind, bytes(b)
    positions = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]   # non-UTF-8 names
    p = rnd.choice(positions)
    b[p + 8] |= 0x08
    b[p + 9] |= 0x08             # flag bit 11: names are UTF-8
    n = int.from_bytes(b[p + 28:p + 30], "little")
    if n:
        b[p + 46] = 0xff
    return kind, bytes(b)


# ------------------------------------------------------------------------- text files
def _encode(rnd: random.Random, text: str) -> tuple[str, bytes]:
    enc = rnd.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1",
                      "cp1252"])
    return enc, text.encode(enc, "replace")


def _mutate_rows(rnd: random.Random, rows: list, header: list) -> str:
    kind = rnd.choice(["cell", "cells", "long", "width", "blank", "dup"])
    rows = [list(r) for r in rows]
    if kind in ("cell", "cells"):
        for _ in range(1 if kind == "cell" else rnd.randrange(2, 20)):
            r = rnd.randrange(len(rows))
            c = rnd.randrange(len(header))
            rows[r][c] = rnd.choice(HOSTILE_NUMBERS + HOSTILE_TEXTS)
    elif kind == "long":
        rows[rnd.randrange(len(rows))][rnd.randrange(len(header))] = "D" * rnd.choice(
            [5000, 32767, 200000])
    elif kind == "width":
        r = rnd.randrange(len(rows))
        rows[r] = rows[r][:rnd.randrange(len(header))] + ["x"] * rnd.randrange(0, 300)
    elif kind == "blank":
        rows[rnd.randrange(len(rows))] = [""] * len(header)
    else:
        rows = rows * rnd.randrange(2, 50)
    return kind, rows


def _text_mutation(rnd: random.Random, text: str) -> tuple[str, str]:
    kind = rnd.choice(["none", "quote", "nul", "truncate", "delim", "crlf"])
    if kind == "quote":
        i = rnd.randrange(len(text))
        return kind, text[:i] + '"' + text[i:]
    if kind == "nul":
        i = rnd.randrange(len(text))
        return kind, text[:i] + "\x00" * rnd.randrange(1, 5) + text[i:]
    if kind == "truncate":
        return kind, text[:rnd.randrange(1, len(text))]
    if kind == "delim":
        return kind, text.replace(",", rnd.choice([";", "\t", "|"]))
    if kind == "crlf":
        return kind, text.replace("\r\n", rnd.choice(["\r", "\n", "\n\r"]))
    return kind, text


# --------------------------------------------------------------------------- json files
def _json_value(rnd: random.Random):
    return rnd.choice(["x", [], 5, None, {"a": 1}, 1e308, float("nan"), float("inf"), -1e309,
                       "1e309", True, "\x00", [[[]]], {"type": "Point"}])


def _geo_mutation(rnd: random.Random, obj: dict) -> str:
    feats = obj.get("features")
    kind = rnd.choice(["props", "geometry", "coords", "number", "repeat", "features", "crs",
                       "type", "deep", "name"])
    if not isinstance(feats, list) or not feats:
        return "empty"
    f = rnd.choice(feats)
    if not isinstance(f, dict):
        return "nondict"
    if kind == "props":
        f["properties"] = _json_value(rnd)
    elif kind == "geometry":
        f["geometry"] = _json_value(rnd)
    elif kind == "coords" and isinstance(f.get("geometry"), dict):
        f["geometry"]["coordinates"] = _json_value(rnd)
    elif kind == "number" and isinstance(f.get("geometry"), dict):
        ring = _first_ring(f["geometry"])
        if ring:
            ring[rnd.randrange(len(ring))] = [rnd.choice([1e309, float("nan"), 1e308, 400,
                                                          -1e12, "36.1"]), 49.0]
    elif kind == "repeat" and isinstance(f.get("geometry"), dict):
        g = f["geometry"]
        part = g["coordinates"] if g.get("type") == "Polygon" else (g.get("coordinates")
                                                                     or [None])[0]
        g["type"], g["coordinates"] = "MultiPolygon", [part] * rnd.choice([50, 200])
    elif kind == "features":
        obj["features"] = _json_value(rnd)
    elif kind == "crs":
        obj["crs"] = rnd.choice([{"properties": "x"}, "EPSG:3857", {"type": "name",
                                 "properties": {"name": "EPSG:3857"}}, 5])
    elif kind == "type":
        f["type"] = _json_value(rnd)
    elif kind == "deep":
        v: list = []
        for _ in range(rnd.choice([50, 5000])):
            v = [v]
        f["geometry"] = {"type": "Polygon", "coordinates": v}
    else:
        if isinstance(f.get("properties"), dict):
            f["properties"]["name"] = rnd.choice(HOSTILE_TEXTS) + "///" + rnd.choice(
                HOSTILE_TEXTS)
    return kind


def _first_ring(g: dict):
    c = g.get("coordinates")
    try:
        return c[0] if g.get("type") == "Polygon" else c[0][0]
    except (TypeError, IndexError, KeyError):
        return None


def _bellingcat_mutation(rnd: random.Random, items: list) -> str:
    kind = rnd.choice(["field", "item", "filters", "sources"])
    it = rnd.choice(items)
    if kind == "field":
        it[rnd.choice(["date", "latitude", "longitude", "description", "id"])] = rnd.choice(
            HOSTILE_NUMBERS + HOSTILE_TEXTS + [None, [], {}])
    elif kind == "item":
        items[rnd.randrange(len(items))] = _json_value(rnd)
    elif kind == "filters":
        it["filters"] = _json_value(rnd)
    else:
        it["sources"] = _json_value(rnd)
    return kind


def _dump_json(rnd: random.Random, obj) -> bytes:
    try:
        text = json.dumps(obj, ensure_ascii=rnd.random() < 0.5, allow_nan=True)
    except (ValueError, RecursionError):
        text = "[" * 100000
    if rnd.random() < 0.1:
        text = text[:rnd.randrange(1, len(text))]
    enc = rnd.choice(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "latin-1"])
    return text.encode(enc, "replace")


def _csv_case(rnd: random.Random, header: list, rows: list, out_dir: Path, stem: str,
              column: str | None = None) -> Path:
    """Rows mutated, a numeric ``column`` sometimes all infinite, the text mutated and
    re-encoded."""
    kind, rows = _mutate_rows(rnd, rows, header)
    if column and rnd.random() < 0.3:
        j = header.index(column)
        for r in rows:
            if len(r) > j:
                r[j] = rnd.choice(["1e309", "-1e309", "-inf", "nan", "1e308", "3"])
    tkind, text = _text_mutation(rnd, _csv_text(header, rows))
    enc, data = _encode(rnd, text)
    path = out_dir / f"{stem}_{kind}_{tkind}_{enc}.csv"
    path.write_bytes(data)
    return path


def _kiel_workbook(folder: Path) -> Path:
    """A Kiel-tracker-shaped workbook from the test fixture (its main data is sheet2 too)."""
    sys.path.insert(0, str(ROOT))
    from tests.io.conftest import write_kiel
    folder.mkdir(parents=True, exist_ok=True)
    made = write_kiel(folder / "kiel_made.xlsx")
    # Without the time it was made, so the same seed gives the same bytes.
    return rewrite_xlsx(made, folder / "kiel_fixture.xlsx", in_member(
        "docProps/core.xml", lambda d: re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                              b"2024-01-01T00:00:00Z", d)))


# ------------------------------------------------------------------------------ generate
def generate(seed: int, n: int, out_dir: Path) -> list[Case]:
    """``n`` hostile inputs in ``out_dir``, the same for the same seed."""
    rnd = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    header, rows = _sample_pledge_rows()
    books = [SAMPLE_XLSX, _kiel_workbook(out_dir / "_bases")]
    cases = []
    families = ["xlsx_xml"] * 4 + ["xlsx_zip"] * 2 + ["pledge_csv"] * 2 + ["acled"] * 2 + \
        ["geojson"] * 2 + ["bellingcat"]
    for i in range(n):
        family = rnd.choice(families)
        sub = random.Random(rnd.getrandbits(64))
        stem = f"{i:05d}_{family}"
        if family == "xlsx_xml":
            labels, changes = [], []
            for _ in range(sub.choice([1, 1, 1, 2, 3])):
                label, change = _xml_mutation(sub)
                labels.append(label)
                changes.append(change)

            def chained(name, data, changes=changes):
                for c in changes:
                    data = c(name, data)
                return data
            book = sub.choice(books)
            path = rewrite_xlsx(book, out_dir / f"{stem}_{book.stem}_{'+'.join(labels)}.xlsx",
                                chained)
        elif family == "xlsx_zip":
            label, data = _zip_mutation(sub, sub.choice(books).read_bytes())
            path = out_dir / f"{stem}_{label}.xlsx"
            path.write_bytes(data)
        elif family == "pledge_csv":
            path = _csv_case(sub, header, rows, out_dir, stem)
        elif family == "acled":
            path = _csv_case(sub, *_acled_text(sub), out_dir, stem, column="fatalities")
        elif family == "geojson":
            name, obj = _areas(sub)
            kinds = [_geo_mutation(sub, obj) for _ in range(sub.choice([1, 1, 2]))]
            folder = out_dir / f"{stem}_{'+'.join(kinds)}"
            folder.mkdir(exist_ok=True)
            path = folder / name               # DeepState names: <unix seconds>.geojson
            path.write_bytes(_dump_json(sub, obj))
        else:
            items = _bellingcat(sub)
            kind = _bellingcat_mutation(sub, items)
            path = out_dir / f"{stem}_{kind}.json"
            path.write_bytes(_dump_json(sub, items))
        cases.append(Case(path.stem if family != "geojson" else path.parent.name, path, family))
    return cases


# --------------------------------------------------------------------------------- runner
@dataclass
class Result:
    case: Case
    command: str
    rc: int | None
    verdicts: list[str] = field(default_factory=list)
    stderr: str = ""
    peak_bytes: int = 0
    seconds: float = 0.0


WORKER = r'''
import io, json, os, resource, sys, tempfile, time, traceback
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.path.insert(0, os.getcwd())
from udcg_desktop import cli
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"ready": base}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    sink = tempfile.TemporaryFile()
    saved = os.dup(2)
    os.dup2(sink.fileno(), 2)
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    t0 = time.perf_counter()
    try:
        rc = cli.main(job["argv"])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 2
    except BaseException:
        rc = "traceback"
        err.write(traceback.format_exc())
    finally:
        sys.stdout, sys.stderr = old
        os.dup2(saved, 2)
        os.close(saved)
    sink.seek(0)
    native = sink.read().decode("utf-8", "replace")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue() + native,
                      "peak": peak, "seconds": time.perf_counter() - t0}), flush=True)
'''


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in files:
        h.update(p.read_bytes())
    return h.hexdigest()


class _Worker:
    def __init__(self, limit: int):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER, str(limit)], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.baseline = json.loads(self.proc.stdout.readline())["ready"]
        self.peak = self.baseline

    def run(self, argv: list[str]) -> dict | None:
        try:
            self.proc.stdin.write(json.dumps({"argv": argv}) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        return json.loads(line) if line else None

    def close(self) -> str:
        if self.proc.returncode is not None:
            return ""
        try:
            _, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        except (ValueError, OSError):
            self.proc.kill()
            self.proc.wait()
            err = ""
        return err


def judge(case: Case, command: str, reply: dict | None, before: str, limit: int,
          worker_err: str = "") -> Result:
    res = Result(case, command, None)
    if reply is None:
        res.verdicts.append("crash")
        res.stderr = worker_err[-2000:]
        return res
    res.rc, res.stderr, res.peak_bytes, res.seconds = (reply["rc"], reply["stderr"],
                                                       reply["peak"], reply["seconds"])
    text = reply["stderr"]
    if reply["rc"] == "traceback" or "Traceback (most recent call last)" in text \
            or "panicked" in text or "RUST_BACKTRACE" in text:
        res.verdicts.append("traceback")
    elif reply["rc"] not in (0, 1, 2):
        res.verdicts.append(f"exit {reply['rc']}")
    if reply["peak"] > limit:
        res.verdicts.append("memory")
    if _digest(case.path) != before:
        res.verdicts.append("changed")
    name = str(case.path.parent if case.family == "geojson" else case.path)
    said = text + reply["stdout"]
    if reply["rc"] == 2 and name not in said and str(case.path) not in said:
        res.verdicts.append("no file name")
    if command == "summary" and reply["rc"] == 0:
        try:
            json.loads(reply["stdout"], parse_constant=_reject_constant)
        except ValueError:
            res.verdicts.append("invalid JSON")
    if command == "validate":
        for line in reply["stdout"].splitlines():
            if line.strip() and str(case.path) not in line and name not in line:
                res.verdicts.append("no file name")
                break
    return res


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def run_cases(cases: list[Case], limit: int = MEMORY_LIMIT, validate_every: int = 3,
              progress=None) -> list[Result]:
    """Each case through ``summary --json`` (and every ``validate_every``-th through
    ``validate``) in a worker with an address-space limit; a dead worker is one crash."""
    results = []
    worker = _Worker(limit + 2 * 1024 ** 3)    # address space: the RSS limit plus headroom
    try:
        for k, case in enumerate(cases):
            target = case.path.parent if case.family == "geojson" else case.path
            jobs = [("summary", ["summary", "--json", str(target)])]
            if validate_every and k % validate_every == 0:
                jobs.append(("validate", ["validate", str(target)]))
            for command, argv in jobs:
                before = _digest(case.path)
                reply = worker.run(argv)
                err = ""
                if reply is None:
                    err = worker.close()
                res = judge(case, command, reply, before, limit, err)
                results.append(res)
                # A worker that died or grew past the limit starts again, so one input's
                # peak is never charged to the next.
                if reply is None or reply["peak"] > limit:
                    if reply is not None:
                        worker.close()
                    worker = _Worker(limit + 2 * 1024 ** 3)
            if progress:
                progress(k, case)
    finally:
        worker.close()
    return results


def report(results: list[Result]) -> dict:
    counts: dict[str, int] = {}
    for r in results:
        for v in r.verdicts:
            counts[v] = counts.get(v, 0) + 1
    return {"runs": len(results), "inputs": len({r.case.path for r in results}),
            "bad": counts, "peak_max_mb": max((r.peak_bytes for r in results), default=0) / 1e6,
            "seconds_max": max((r.seconds for r in results), default=0.0)}
