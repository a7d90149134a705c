"""Checks that keep a hostile workbook from taking the process down inside the cell reader.

python-calamine trusts what a workbook declares: a shared-strings table claiming 4,294,967,295
strings makes it reserve ~100 GB (the allocation failure aborts the process, no exception), and
one cell far from the rest makes it allocate the whole rectangle between them. Its Rust panics
(capacity overflow, a date cell outside any calendar) arrive as ``PanicException``, which derives
from ``BaseException``. So: declared counts and the cell rectangle are checked against the zip
member's real size before calamine sees the file, panics are turned into messages here, and the
panic text Rust prints on the process's stderr is kept out of the user's terminal.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
import io
import os
import queue
import re
import tempfile
import threading
import zipfile
import zlib

try:        # RE2 searches the sheet XML ~5x faster than re (a DFA, no per-match backtracking)
    import re2 as _fast_re
except ImportError:         # pragma: no cover - a platform without its wheel
    _fast_re = re
try:        # ISA-L inflates the sheet XML ~2.5x faster than zlib (87 MB: 0.10 s against 0.27 s)
    from isal import isal_zlib as _fast_inflate
except ImportError:         # pragma: no cover - a platform without its wheel
    _fast_inflate = None

# A rectangle of this many cells costs calamine ~32 bytes each plus a Python list slot per
# cell: a stray cell at XFD1000 (16.4 million) peaked at 0.7-0.95 GB, within the 1.5 GiB the
# app may use; 25 million came too close.
CELL_BUDGET = 16_000_000
MAX_MEMBER_BYTES = 2 * 1024 ** 3          # one XML part decompressing beyond this is a zip bomb
MIN_SHARED_STRING_BYTES = 5               # '<si/>' : the smallest entry a table can hold
SHARED_STRINGS = "xl/sharedStrings.xml"
# uniqueCount is what the reader reserves; count (the number of uses) may rightly be larger.
_COUNT_RE = re.compile(rb'\b(uniqueCount)="(\d+)"')
# A cell's place as calamine reads it: letters in either case, then digits (leading zeros
# allowed), in either quote. The literal 'r=' start lets the regex engine search fast; it also
# matches other attributes ending in 'r' ('header="0.3"'), which only makes a bound larger.
_CELL_REF_RE = re.compile(rb"""r=["']([A-Za-z]+)(\d+)""")
_DIMENSION_RE = re.compile(rb"""<(?:\w+:)?dimension\b[^>]*?\sref=["'](?:[^"':]*:)?"""
                           rb"""([A-Za-z]{1,3})(\d{1,7})["']""")
CHUNK = 16 * 1024 * 1024
# Text the reader would copy into every cell that repeats it (shared strings, repeated rows).
EXPANDED_TEXT_BUDGET = 256 * 1024 ** 2
_ODS_ROW_RE = re.compile(rb'<table:table-row\b([^>]*?)(/>|>(.*?)</table:table-row>)', re.S)
_ODS_CELL_RE = re.compile(rb'<table:(?:covered-)?table-cell\b([^>]*?)'
                          rb'(/>|>(.*?)</table:(?:covered-)?table-cell>)', re.S)
_ERROR_CELL = _fast_re.compile(rb't="e"')            # RE2 searches without holding the GIL
_SI_RE = re.compile(rb"<(?:\w+:)?si[ >/]")
_S_CELL_RE = re.compile(rb't="s"[^>]*>\s*<(?:\w+:)?v>(\d{1,10})<')     # literal start: fast
_ROWS_REP = re.compile(rb'number-rows-repeated="(\d+)"')
_COLS_REP = re.compile(rb'number-columns-repeated="(\d+)"')

# Error values calamine knows; newer Excel versions add more (#SPILL!, #CALC!, ...) which it
# refuses with "Unsupported cell error value". Those cells are read as #N/A instead and the
# original text is reported from the file itself (``sheets.xlsx_error_cells``).
KNOWN_ERRORS = {b"#DIV/0!", b"#N/A", b"#NAME?", b"#NULL!", b"#NUM!", b"#REF!", b"#VALUE!",
                b"#GETTING_DATA"}
_ERR_VALUE_RE = re.compile(rb'(<(?:\w+:)?c\b[^>]*?\bt="e"[^>]*>(?:(?!</(?:\w+:)?c>).)*?'
                           rb'<(?:\w+:)?v>)([^<]*)(</(?:\w+:)?v>)', re.S)


class WorkbookRefused(Exception):
    """The workbook declares something the reader cannot hold; ``str`` says what, plainly."""


def is_fatal(exc: BaseException) -> bool:
    """Exceptions that must never be swallowed by a reader boundary."""
    return isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit))


def check_declared_counts(zf: zipfile.ZipFile) -> None:
    """Refuse parts whose declared sizes cannot be true for the bytes they hold."""
    for info in zf.infolist():
        if info.file_size > MAX_MEMBER_BYTES:
            raise WorkbookRefused(
                f"the part '{info.filename}' would unpack to {info.file_size / 1024 ** 3:.1f} GB "
                f"(a 'zip bomb' or a damaged file); it was not opened")
    try:
        info = zf.getinfo(SHARED_STRINGS)
    except KeyError:
        return
    with zf.open(info) as fh:
        head = fh.read(4096)
    for name, value in _COUNT_RE.findall(head[:head.find(b">", head.find(b"<sst")) + 1]
                                          if b"<sst" in head else head[:0]):
        declared = int(value)
        if declared * MIN_SHARED_STRING_BYTES > info.file_size + 64:
            raise WorkbookRefused(
                f"the shared-strings table (xl/sharedStrings.xml) declares {name.decode()}="
                f"{declared:,} strings but its {info.file_size:,} bytes can hold at most "
                f"{info.file_size // MIN_SHARED_STRING_BYTES:,}; the workbook is damaged "
                f"(open and re-save it in Excel or LibreOffice)")


@dataclass(frozen=True)
class SheetScan:
    """What one streamed pass over a sheet part learnt, before the cell reader runs."""

    rows: int                 # the far corner of the cells: last row, last column, reference
    cols: int
    ref: str
    shared_uses: int          # cells holding a shared string (t="s")
    error_cells: bool         # False: no cell holds an error value (t="e"); nothing to report


def scan_sheet(zf: zipfile.ZipFile, part: str, shared: bool = True) -> SheetScan:
    """The sheet's cell extent, shared-string uses and whether error cells exist, in one pass.

    The declared ``<dimension>`` is only a candidate: the pass searches the XML for a cell
    reference outside it (one C-speed regex search per chunk, no Python work per cell). A
    sheet without a usable dimension, or with a cell outside it (the dimension lies), is
    measured cell by cell instead (``cell_extent``)."""
    corner = None
    outside = None
    uses = 0
    errors = False
    with _chunks(zf, part) as windows:
        for k, (data, start, end) in enumerate(windows):
            if k == 0:
                corner = _declared_corner(data, end)
                outside = _outside_re(*corner) if corner else None
            if outside is not None and outside.search(data, start, end):
                outside = None                   # the dimension lies: measure every cell
            if shared:                           # a workbook without a table has no uses
                uses += data.count(b't="s"', start, end)
            errors = errors or _ERROR_CELL.search(data, start, end) is not None
    if outside is not None:
        rows, cols = corner
        return SheetScan(rows, cols, f"{_col_letters(cols)}{rows}", uses, errors)
    rows, cols, ref = cell_extent(zf, part)
    return SheetScan(rows, cols, ref, uses, errors)


def cell_extent(zf: zipfile.ZipFile, part: str) -> tuple[int, int, str]:
    """(last row, last column, its cell reference) of the cells present in a sheet part,
    streamed in chunks so a large sheet is never held twice."""
    cols: set[bytes] = set()
    rows: set[bytes] = set()
    with _chunks(zf, part) as windows:
        for data, start, end in windows:
            for letters, digits in _CELL_REF_RE.findall(data, start, end):
                cols.add(letters.upper())
                rows.add(digits.lstrip(b"0"))
    if not cols:
        return 0, 0, ""
    max_col = max(_col_number(c) for c in cols)
    # a row number longer than ten digits is beyond any sheet (and beyond int() limits)
    max_row = max(int(r) if len(r) <= 10 else 1 << 40 for r in rows if r) if rows - {b""} \
        else 0
    return max_row, max_col, f"{_col_letters(max_col)}{max_row}"


def _declared_corner(head: bytes, end: int) -> tuple[int, int] | None:
    """(last row, last column) of the ``<dimension ref=...>`` before the cells (in
    ``head[:end]``), when the rectangle it declares is within the cell budget (else it cannot
    vouch for anything)."""
    start = head.find(b"<sheetData", 0, end)
    m = _DIMENSION_RE.search(head, 0, start if start >= 0 else end)
    if not m:
        return None
    rows, cols = int(m.group(2)), _col_number(m.group(1).upper())
    if not rows or rows * cols > CELL_BUDGET:
        return None
    return rows, cols


def _outside_re(rows: int, cols: int):
    """A regex that finds a cell reference beyond row ``rows`` or column ``cols``."""
    letters = _col_letters(cols)
    wider = [f"[A-Za-z]{{{len(letters) + 1},}}"] + [
        "".join(f"[{c}{c.lower()}]" for c in letters[:i]) + _above(letters[i], "Z", True)
        + (f"[A-Za-z]{{{len(letters) - i - 1}}}" if i < len(letters) - 1 else "")
        for i in range(len(letters)) if letters[i] != "Z"]
    digits = str(rows)
    deeper = [f"[1-9][0-9]{{{len(digits)},}}"] + [
        digits[:i] + _above(digits[i], "9", False)
        + (f"[0-9]{{{len(digits) - i - 1}}}" if i < len(digits) - 1 else "")
        for i in range(len(digits)) if digits[i] != "9"]
    pattern = (f"""r=["'](?:(?:{'|'.join(wider)})[0-9]|[A-Za-z]+0*(?:{'|'.join(deeper)}))""")
    return _fast_re.compile(pattern.encode())


def _above(ch: str, last: str, letters: bool) -> str:
    """A character class of the characters after ``ch`` up to ``last`` (both cases for
    letters)."""
    lo = chr(ord(ch) + 1)
    return f"[{lo}-{last}{lo.lower()}-{last.lower()}]" if letters else f"[{lo}-{last}]"


@contextmanager
def _chunks(zf: zipfile.ZipFile, part: str):
    """A part's bytes as windows ``(data, start, end)`` cut before a tag, so no tag is split
    between two windows; searched in place (``pattern.search(data, start, end)``), never
    copied, except the few bytes of a tag that straddles two blocks.

    The part is inflated one block ahead in a helper thread (zlib releases the GIL, and so does
    RE2's search), so the search of one block overlaps the inflating of the next; the thread is
    stopped and joined when the ``with`` block ends, however it ends."""
    reader = _ReadAhead(zf, part)
    try:
        yield _windows(reader)
    finally:
        reader.close()


def _windows(blocks):
    tail = b""                   # the start of a tag the previous block cut
    for block in blocks:
        last = block.rfind(b"<")
        if last < 0 or (last == 0 and not tail):     # no tag starts in the block
            data, tail = tail + block, b""
            yield data, 0, len(data)
            continue
        start = 0
        if tail:                 # the cut tag, completed up to the block's first tag
            start = block.find(b"<")
            data = tail + block[:start]
            yield data, 0, len(data)
        if last > start:
            yield block, start, last
        tail = block[last:]
    if tail:
        yield tail, 0, len(tail)


def open_member(zf: zipfile.ZipFile, part: str):
    """``zf.open(part)``, its deflated bytes inflated by ISA-L when it is installed. zipfile
    still reads the member, checks its CRC and raises as usual; only the decompressor object,
    which it creates before the first read, is swapped for ISA-L's (the same zlib API)."""
    fh = zf.open(part)
    if _fast_inflate is not None and getattr(fh, "_compress_type", None) == zipfile.ZIP_DEFLATED \
            and isinstance(getattr(fh, "_decompressor", None), _ZLIB_DECOMPRESS):
        fh._decompressor = _fast_inflate.decompressobj(-15)
    return fh


_ZLIB_DECOMPRESS = type(zlib.decompressobj())


class _ReadAhead:
    """The blocks of a zip member, read (inflated) by a helper thread at most two blocks ahead
    of the caller. Whatever the thread meets (a CRC or zlib error, a damaged member, no
    memory) is raised in the caller, as the same exception a plain read raises."""

    _END = object()

    def __init__(self, zf: zipfile.ZipFile, part: str, size: int | None = None):
        self._fh = open_member(zf, part)     # a missing or unreadable member raises here
        self._size = size or CHUNK
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name="xlsx-guard-read-ahead",
                                        daemon=True)
        self._thread.start()

    def _produce(self) -> None:
        try:
            while not self._stop.is_set():
                block = self._fh.read(self._size)
                if not block:
                    break
                self._put(block)
        except BaseException as exc:        # noqa: BLE001 - handed to the caller, raised there
            self._put(exc)
            return
        self._put(self._END)

    def _put(self, item) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        """Stop the thread (it ends within one block's read) and wait for it."""
        self._stop.set()
        while self._thread.is_alive():
            try:                                # free a thread waiting on a full queue
                self._queue.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()
        self._fh.close()


def _shared_string_sizes(zf: zipfile.ZipFile):
    """Byte size of each shared string's XML (an upper bound of its text), or None."""
    import numpy as np
    try:
        data = zf.read(SHARED_STRINGS)
    except KeyError:
        return None
    starts = np.fromiter((m.start() for m in _SI_RE.finditer(data)), dtype=np.int64)
    if not len(starts):
        return None
    return np.diff(np.append(starts, len(data)))


def check_shared_text(zf: zipfile.ZipFile, part: str, sheet: str, uses: int) -> None:
    """Refuse a sheet whose cells repeat long shared strings beyond what the app can hold: the
    reader copies a shared string into every cell that uses it (100,000 cells of one
    32,767-character string: 3 GB from a 0.5 MB file). ``uses``: the sheet's t="s" cells."""
    if not uses:
        return
    sizes = _shared_string_sizes(zf)
    if sizes is None or uses * int(sizes.max()) <= EXPANDED_TEXT_BUDGET:
        return
    total = 0
    with _chunks(zf, part) as windows:
        for data, start, end in windows:
            for index in _S_CELL_RE.findall(data, start, end):
                k = int(index)
                total += int(sizes[k]) if k < len(sizes) else 0
    if total > EXPANDED_TEXT_BUDGET:
        raise WorkbookRefused(
            f"sheet '{sheet}' repeats long shared texts in its cells ({total / 1e6:,.0f} MB of "
            f"text once every cell has its copy), more than the app can hold "
            f"({EXPANDED_TEXT_BUDGET / 1e6:.0f} MB); the file is damaged or built to exhaust "
            f"memory")


def _repeat(attrs: bytes, pattern) -> int:
    m = pattern.search(attrs)
    return int(m.group(1)) if m else 1


def check_ods_expansion(zf: zipfile.ZipFile) -> None:
    """Refuse an OpenDocument sheet whose repeated rows and cells (``number-rows-repeated``,
    ``number-columns-repeated``) would expand to more cells or text than the app can hold: the
    reader copies a repeated cell's text into every cell (100,000 rows of one 32,767-character
    cell is 3 GB from a 1 KB file)."""
    xml = zf.read("content.xml")
    if b"-repeated=" not in xml:
        return
    cells = text = 0
    for row in _ODS_ROW_RE.finditer(xml):
        body = row.group(3)
        if not body or b"value-type" not in body and b"<text:" not in body:
            continue
        rows = _repeat(row.group(1), _ROWS_REP)
        row_cells = row_text = 0
        for cell in _ODS_CELL_RE.finditer(body):
            content = cell.group(3)
            if b"value-type" not in cell.group(1) and not content:
                continue
            n = _repeat(cell.group(1), _COLS_REP)
            row_cells += n
            row_text += n * len(content or b"")
        cells += rows * row_cells
        text += rows * row_text
        if cells > CELL_BUDGET or text > EXPANDED_TEXT_BUDGET:
            raise WorkbookRefused(
                f"the spreadsheet repeats rows or cells ('number-rows-repeated') to at least "
                f"{cells:,} cells and {text / 1e6:,.0f} MB of text once expanded, more than the "
                f"app can hold ({CELL_BUDGET / 1e6:.0f} million cells, "
                f"{EXPANDED_TEXT_BUDGET / 1e6:.0f} MB); the file is damaged or built to exhaust "
                f"memory")


def check_cell_rectangle(scan: SheetScan, sheet: str) -> None:
    rows, cols, ref = scan.rows, scan.cols, scan.ref
    if rows * cols > CELL_BUDGET:
        raise WorkbookRefused(
            f"sheet '{sheet}' has cells as far as {ref} ({rows:,} rows x {cols:,} columns, "
            f"{rows * cols / 1e6:,.0f} million cells), more than the app can hold "
            f"({CELL_BUDGET / 1e6:.0f} million); delete stray cells far from the data, or copy "
            f"the table to a new sheet")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _col_letters(n: int) -> str:
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def with_known_errors(path) -> io.BytesIO | None:
    """The workbook with error values calamine does not know (#SPILL!, #CALC!, ...) rewritten as
    #N/A, in memory; None when there are none."""
    changed = False
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename.startswith("xl/worksheets/") and b't="e"' in data:
                fixed = _ERR_VALUE_RE.sub(_known_error, data)
                changed = changed or fixed != data
                data = fixed
            zo.writestr(info, data)
    if not changed:
        return None
    out.seek(0)
    return out


def _known_error(m: re.Match) -> bytes:
    value = m.group(2).strip()
    return m.group(0) if value in KNOWN_ERRORS else m.group(1) + b"#N/A" + m.group(3)


@contextmanager
def native_stderr_quiet():
    """Keep what native code writes to fd 2 (a Rust panic's message and backtrace) out of the
    terminal while the cell reader runs; the caller reports the failure in plain words."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with tempfile.TemporaryFile() as sink:
        try:
            os.dup2(sink.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def panic_text(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
