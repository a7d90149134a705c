"""Opening spreadsheets: cells fast, bad files named.

- xlsx / xlsm / ods / xls: python-calamine (cached formula values, '' for blanks, floats for
  numbers). It never expands XML entities. The one path that uses openpyxl (a sheet whose last
  cell sits a million rows below its data) runs with defusedxml installed.
- csv / tsv / txt: the standard library; UTF-8 (with or without BOM), else cp1252 / latin-1
  with a warning naming the encoding; the delimiter is sniffed (comma, semicolon, tab, pipe).

Finding the table in the rows is ``io/tables.py``. Files are opened read-only and never written.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import zipfile

from ..core.model import Problem
from .errors import UnreadableInput
from .values import norm_text
from .xlsx_guard import WorkbookRefused, check_cell_rectangle, check_declared_counts, \
    check_ods_expansion, check_shared_text, is_fatal, native_stderr_quiet, panic_text, \
    SHARED_STRINGS, scan_sheet, with_known_errors

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
PHANTOM_ROWS = 1_000_000          # a dimension this deep on a small sheet is a phantom
BLANK_RUN_STOP = 1_000            # after this many blank rows, the rest is not data
HEADER_SCAN_ROWS = 30


def column_letter(index: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


# ---------------------------------------------------------------------------- opening files
@dataclass
class Book:
    """An open workbook (or CSV as a one-sheet book)."""

    path: Path
    kind: str                          # xlsx | ods | xls | csv
    sheet_names: list[str]
    _wb: object = None
    _csv_rows: list | None = None
    problems: list[Problem] = field(default_factory=list)

    def sheet(self, name: str) -> "SheetRows":
        if self._csv_rows is not None:
            return SheetRows(name, self._csv_rows, 0)
        return _read_sheet(self, name)

    def find_sheet(self, wanted: str) -> str | None:
        """The actual name of sheet ``wanted`` compared casefolded, spaces normalised."""
        key = norm_text(wanted)
        for n in self.sheet_names:
            if norm_text(n) == key:
                return n
        return None


@dataclass
class SheetRows:
    name: str
    rows: list                  # list of lists (equal width), as read
    first_row: int              # 0-based sheet row of rows[0]
    error_cells: bool = True    # False: the xlsx guard saw no cell holding an error value


def _fail(path: Path, message: str) -> UnreadableInput:
    return UnreadableInput(path, message)


def _read_head(path: Path, n: int = 65536) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except PermissionError:
        raise _fail(path, "permission denied: the file is locked (open in another program?) "
                          "or not readable")
    except IsADirectoryError:
        raise _fail(path, "is a folder, not a spreadsheet")
    except OSError as exc:
        raise _fail(path, f"cannot be read: {exc.strerror or exc}")


def _is_encrypted_ole(path: Path, head: bytes) -> bool:
    if not head.startswith(OLE_MAGIC):
        return False
    if _ENCRYPTED_MARK in head:
        return True
    try:
        if os.path.getsize(path) <= 64 * 1024 * 1024:
            with open(path, "rb") as fh:
                return _ENCRYPTED_MARK in fh.read()
    except OSError:
        pass
    return False


def open_book(path: str | Path) -> Book:
    """Open a workbook or CSV for reading; ``UnreadableInput`` says plainly what is wrong."""
    path = Path(path)
    head = _read_head(path)
    if not head:
        raise _fail(path, "the file is empty (0 bytes)")
    suffix = path.suffix.lower()
    if _is_encrypted_ole(path, head):
        raise _fail(path, "the workbook is password-protected (encrypted); save an "
                          "unprotected copy and open that")
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC) or suffix in WORKBOOK_SUFFIXES:
        return _open_workbook(path, head, suffix)
    return _open_csv(path, head)


def _open_workbook(path: Path, head: bytes, suffix: str) -> Book:
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                check_declared_counts(zf)
                if "content.xml" in names and "xl/workbook.xml" not in names:
                    check_ods_expansion(zf)
        except WorkbookRefused as exc:
            raise _fail(path, str(exc))
        except PermissionError:
            raise _fail(path, "permission denied: the file is locked or not readable")
        except Exception:   # BadZipFile, and what a corrupt directory gives (NotImplementedError,
            # UnicodeDecodeError, zlib.error, EOFError, ...): all the same to the briefer
            raise _fail(path, "the file is damaged: a truncated or corrupt zip archive "
                              "(was the download or copy interrupted?)")
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names \
                and "content.xml" not in names:
            raise _fail(path, "not a spreadsheet: a zip archive without a workbook inside")
        kind = "ods" if "content.xml" in names and "xl/workbook.xml" not in names else "xlsx"
    elif head.startswith(OLE_MAGIC):
        kind = "xls"
    else:
        what = _describe_bytes(head)
        raise _fail(path, f"not a spreadsheet: the name ends in '{suffix}' but the content is "
                          f"{what}")
    from python_calamine import CalamineWorkbook
    try:
        with native_stderr_quiet():
            wb = CalamineWorkbook.from_path(str(path))
            names = list(wb.sheet_names)
    except PermissionError:
        raise _fail(path, "permission denied: the file is locked or not readable")
    except BaseException as exc:  # calamine's errors differ between versions; Rust panics too
        if is_fatal(exc):
            raise
        raise _fail(path, _damaged(exc))
    if not names:
        raise _fail(path, "the workbook has no sheets")
    return Book(path, kind, names, wb)


def _describe_bytes(head: bytes) -> str:
    sample = head[:512]
    if sample.lstrip().startswith((b"<!DOCTYPE html", b"<html", b"<HTML")):
        return "a web page (HTML)"
    if sample.startswith(b"%PDF"):
        return "a PDF document"
    if sample.lstrip().startswith((b"{", b"[")):
        return "JSON text"
    if b"\x00" in sample:
        return "binary data of an unknown kind"
    return "plain text"


def _damaged(exc: BaseException) -> str:
    text = str(exc)
    if "entity" in text.casefold() or "doctype" in text.casefold():
        return ("the workbook's XML declares entities (a possible 'XML bomb'); it was not "
                f"expanded and the file is refused ({_short(exc)})")
    return f"the workbook is damaged or not a spreadsheet ({_short(exc)})"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _read_sheet(book: Book, name: str) -> SheetRows:
    path = book.path
    if book.kind == "xlsx":
        guard = _phantom_guard(book, name)
        if guard is not None:
            return guard
        error_cells = _check_rectangle(book, name)
    else:
        error_cells = True
    try:
        with native_stderr_quiet():
            try:
                sheet = book._wb.get_sheet_by_name(name)
            except Exception as exc:
                if "error value" not in str(exc) or book.kind != "xlsx":
                    raise
                # Excel 365 error values (#SPILL!, #CALC!, ...): read them as #N/A; the cells
                # are reported with their own text by xlsx_error_cells.
                from python_calamine import CalamineWorkbook
                fixed = with_known_errors(path)
                if fixed is None:
                    raise
                book._wb = CalamineWorkbook.from_filelike(fixed)
                sheet = book._wb.get_sheet_by_name(name)
            try:
                rows = sheet.to_python(skip_empty_area=False)
            except BaseException as exc:
                if is_fatal(exc):
                    raise
                rows = _rows_one_by_one(book, sheet, name)
    except PermissionError:
        raise _fail(path, "permission denied: the file is locked or not readable")
    except MemoryError:
        raise _fail(path, f"sheet '{name}' is too large to load into memory")
    except BaseException as exc:    # calamine errors and Rust panics (BaseException)
        if is_fatal(exc):
            raise
        raise _fail(path, f"sheet '{name}' cannot be read: " + _damaged(exc))
    return SheetRows(name, rows, 0, error_cells)  # skip_empty_area=False: rows[0] is row 1


def _rows_one_by_one(book: Book, sheet, name: str) -> list:
    """The sheet's rows when converting it whole failed on a cell (a date cell holding a number
    outside any calendar panics the reader): each failing row is one problem, the rest is kept."""
    rows: list = []
    width = sheet.width
    it = sheet.iter_rows()
    while True:
        try:
            row = next(it)
        except StopIteration:
            break
        except BaseException as exc:
            if is_fatal(exc):
                raise
            rows.append([""] * width)
            book.problems.append(Problem(
                str(book.path), name, len(rows), None, None, "error",
                f"a cell in this row cannot be read ({panic_text(exc)}; a date cell holding "
                f"a number outside any calendar?); the row was skipped"))
            continue
        rows.append(row)
    return rows


def _check_rectangle(book: Book, name: str) -> bool:
    """Refuse a sheet the cell reader could not hold; return whether it may hold error
    cells (one pass over the sheet's XML answers both)."""
    try:
        with zipfile.ZipFile(book.path) as zf:
            part = xlsx_sheet_names(zf).get(name)
            if part and part in zf.namelist():
                scan = scan_sheet(zf, part, shared=SHARED_STRINGS in zf.namelist())
                check_cell_rectangle(scan, name)
                check_shared_text(zf, part, name, scan.shared_uses)
                return scan.error_cells
    except WorkbookRefused as exc:
        raise _fail(book.path, str(exc))
    except Exception:       # damaged members: calamine reports them in plain words
        pass
    return True


_SHEET_RE = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"")
_SHEET_RE2 = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"[^>]*?\bname=\"([^\"]*)\"")
_REL_RE = re.compile(r"<Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"")
_REL_RE2 = re.compile(r"<Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"")
_DIM_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")


def _xml_unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def xlsx_sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part path inside the zip, from workbook.xml (regex: no XML parser, so no
    entity expansion)."""
    wbxml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    try:
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        rels = ""
    targets = {i: t for i, t in _REL_RE.findall(rels)}
    targets.update({i: t for t, i in _REL_RE2.findall(rels)})
    pairs = _SHEET_RE.findall(wbxml) or [(n, i) for i, n in _SHEET_RE2.findall(wbxml)]
    out = {}
    for name, rid in pairs:
        target = targets.get(rid, "")
        target = target.lstrip("/")
        if target and not target.startswith("xl/"):
            target = "xl/" + target
        out[_xml_unescape(name)] = target
    return out


def _phantom_guard(book: Book, name: str) -> SheetRows | None:
    """If the sheet claims ~a million rows but its data ends far above, read only the data.

    Empty formatted cells cost nothing (calamine skips them); a stray typed cell at row
    1,048,576 would make calamine allocate the whole rectangle, so such a sheet is read with
    openpyxl (read-only, streaming, defusedxml) up to the end of its real data."""
    try:
        with zipfile.ZipFile(book.path) as zf:
            part = xlsx_sheet_names(zf).get(name)
            if not part or part not in zf.namelist():
                return None
            with zf.open(part) as fh:
                start = fh.read(4096)
            m = _DIM_RE.search(start)
            if not m or int(m.group(1)) < PHANTOM_ROWS:
                return None
            info = zf.getinfo(part)
            if info.file_size > 400 * 1024 * 1024:
                return None
            xml = zf.read(part)
    except Exception:       # damaged members: calamine reports them in plain words below
        return None
    # Rows that hold a value: <row r="N" ...> ... <v> or <is> before </row>
    rows_with_values = []
    for rm in re.finditer(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)",
                          xml, re.S):
        body = rm.group(2)
        if body and (b"<v>" in body or b"<v " in body or b"<is>" in body or b":v>" in body):
            rows_with_values.append(int(rm.group(1)))
    if not rows_with_values:
        return None
    end = rows_with_values[0]
    stray = 0
    for r in rows_with_values[1:]:
        if r - end > BLANK_RUN_STOP:
            stray = sum(1 for x in rows_with_values if x > end)
            break
        end = r
    if not stray:
        return None
    import openpyxl  # defusedxml is a dependency, so openpyxl parses safely
    try:
        wb = openpyxl.load_workbook(book.path, read_only=True, data_only=True)
        ws = wb[name]
        rows = [list("" if v is None else (float(v) if type(v) is int else v) for v in r)
                for r in ws.iter_rows(min_row=1, max_row=end, values_only=True)]
        wb.close()
    except Exception as exc:
        raise _fail(book.path, f"sheet '{name}' cannot be read ({_short(exc)})")
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    book.problems.append(Problem(
        str(book.path), name, end + BLANK_RUN_STOP, None, None, "warning",
        f"the sheet claims rows down to 1,048,576 but its data ends at row {end}; "
        f"{stray} row(s) with stray cells after a run of over {BLANK_RUN_STOP} blank rows "
        f"were ignored"))
    return SheetRows(name, rows, 0)


def _open_csv(path: Path, head: bytes) -> Book:
    if b"\x00" in head[:4096] and not utf16_order(head):
        raise _fail(path, f"not a spreadsheet or CSV: the content is {_describe_bytes(head)}")
    problems = []
    try:
        encoding, label = file_encoding(path, head)
        # Streamed from the file: the whole text is never held beside the parsed rows.
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            sample = fh.read(20000)
            delimiter = sniff_delimiter(sample, path.suffix.lower())
            fh.seek(0)
            rows = [r for r in csv.reader(fh, delimiter=delimiter)]
    except PermissionError:
        raise _fail(path, "permission denied: the file is locked or not readable")
    except OSError as exc:
        raise _fail(path, f"cannot be read: {exc.strerror or exc}")
    except csv.Error as exc:
        raise _fail(path, f"the CSV cannot be parsed: {exc}")
    if rows and rows[0] and rows[0][0].startswith("\ufeff"):
        rows[0][0] = rows[0][0][1:]
    if label not in ("utf-8", "utf-16"):
        problems.append(Problem(str(path), None, None, None, None, "warning",
                                f"the file is not UTF-8; read as {label}. Check accented "
                                f"names (save as 'CSV UTF-8' to avoid this)"))
    width = max((len(r) for r in rows), default=0)
    if not width:
        raise _fail(path, "the file holds no rows")
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return Book(path, "csv", [path.stem], None, rows, problems)


def file_encoding(path: Path, head: bytes) -> tuple[str, str]:
    """(codec, label) as ``decode_text`` would choose for the whole file, checked in chunks so
    a 200 MB file is never decoded into memory just to learn its encoding."""
    import codecs
    order = utf16_order(head)
    if order:
        return order, "utf-16"
    for codec, label in (("utf-8-sig", "utf-8"), ("cp1252", "cp1252 (Windows Western European)")):
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return codec, label
        except UnicodeDecodeError:
            continue
    return "latin-1", "latin-1 (ISO-8859-1)"


def utf16_order(data: bytes) -> str | None:
    """'utf-16' (with a BOM), 'utf-16-le'/'utf-16-be' (without one: every other byte NUL in
    text that is mostly ASCII, as Excel's 'Unicode text' saves it), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 8:
        half = len(sample) // 2
        if sample[1::2].count(0) > 0.7 * half and sample[0::2].count(0) < 0.1 * half:
            return "utf-16-le"
        if sample[0::2].count(0) > 0.7 * half and sample[1::2].count(0) < 0.1 * half:
            return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding used): UTF-16 (BOM or the NUL pattern), UTF-8 (BOM or not), else cp1252,
    else latin-1."""
    order = utf16_order(data)
    if order:
        return data[:len(data) // 2 * 2].decode(order, "replace"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252 (Windows Western European)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1 (ISO-8859-1)"


def text_head(head: bytes) -> bytes:
    """The first bytes of a text file as UTF-8, so format sniffers see the same header whatever
    the encoding (a UTF-16 ACLED export must not look like something else)."""
    if utf16_order(head):
        return decode_text(head)[0].lstrip("\ufeff").encode("utf-8")
    return head


def sniff_delimiter(sample: str, suffix: str = "") -> str:
    lines = [ln for ln in sample.splitlines()[:30] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for d in (",", ";", "\t", "|"):
        counts = [ln.count(d) for ln in lines]
        if not counts[0]:
            continue
        # consistent counts across lines, weighted by how many columns they make
        same = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = same * 10 + min(counts[0], 50) / 50
        if score > best_score:
            best, best_score = d, score
    if best_score < 0 and suffix == ".tsv":
        return "\t"
    return best


_ERR_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+)(\d+)\"[^>]*?\bt=\"e\"[^>]*>"
                       rb"(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>", re.S)


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def xlsx_error_cells(path: Path, sheet_name: str, limit_bytes: int = 200 * 1024 * 1024
                     ) -> list[tuple[int, int, str]]:
    """(1-based row, 0-based column, error text) of cells whose cached value is an Excel error
    (#NAME?, #REF!, ...). calamine reads them as blanks; this says where they are."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = xlsx_sheet_names(zf).get(sheet_name)
            if not part or zf.getinfo(part).file_size > limit_bytes:
                return []
            xml = zf.read(part)
    except Exception:
        return []
    if b't="e"' not in xml:
        return []
    return [(int(m.group(2)), _col_index(m.group(1)), m.group(3).decode("utf-8", "replace"))
            for m in _ERR_CELL.finditer(xml)]
