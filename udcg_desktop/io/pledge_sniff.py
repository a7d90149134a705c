"""Is this file a pledge spreadsheet, and which kind (the Kiel tracker, the briefing template, a
generic pledge workbook or CSV)?

Sniffers only look at sheet names (read from the zip's workbook.xml without parsing cells) or
at a CSV's first lines, so detection stays cheap.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
import zipfile

from .sheets import OLE_MAGIC, TEXT_SUFFIXES, WORKBOOK_SUFFIXES, ZIP_MAGIC, decode_text, \
    sniff_delimiter, xlsx_sheet_names
from .values import norm_text
from .xlsx_guard import is_fatal, native_stderr_quiet


@lru_cache(maxsize=32)
def _sheet_names_cached(path: str, mtime: float, size: int) -> tuple[str, ...]:
    """Sheet names without reading cells: from the XML for xlsx and ods (calamine would parse
    a whole ods, hostile or not, just to list its sheets), from calamine for xls."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            magic = fh.read(8)
        if magic.startswith(ZIP_MAGIC):
            with zipfile.ZipFile(p) as zf:
                names = zf.namelist()
                if "xl/workbook.xml" in names:
                    return tuple(xlsx_sheet_names(zf))
                if "content.xml" in names:
                    return tuple(ods_sheet_names(zf))
        if magic.startswith(OLE_MAGIC):
            from python_calamine import CalamineWorkbook
            with native_stderr_quiet():
                wb = CalamineWorkbook.from_path(str(p))
                names = tuple(wb.sheet_names)
                wb.close()
            return names
    except BaseException as exc:     # a damaged file has no sheets; its reader says why
        if is_fatal(exc):
            raise
        return ()
    return ()


def ods_sheet_names(zf: zipfile.ZipFile) -> list[str]:
    import re
    from .sheets import _xml_unescape
    return [_xml_unescape(m.decode("utf-8", "replace")) for m in
            re.findall(rb'<table:table\b[^>]*?\btable:name="([^"]*)"', zf.read("content.xml"))]


def sheet_names(path: Path) -> tuple[str, ...]:
    st = path.stat()
    return _sheet_names_cached(str(path), st.st_mtime, st.st_size)


def _is_workbook(path: Path, head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC)


def sniff_kiel(path: Path, head: bytes) -> bool:
    if not _is_workbook(path, head):
        return False
    return any(norm_text(n) == "bilateral assistance, main data" for n in sheet_names(path))


def sniff_template(path: Path, head: bytes) -> bool:
    if not _is_workbook(path, head):
        return False
    return any(norm_text(n) == "pledges" for n in sheet_names(path))


def sniff_pledge_sheet(path: Path, head: bytes) -> bool:
    """Any workbook (by content or name): its reader says clearly if it holds no pledges."""
    return _is_workbook(path, head) or path.suffix.lower() in WORKBOOK_SUFFIXES


def sniff_pledge_csv(path: Path, head: bytes) -> bool:
    if path.suffix.lower() not in TEXT_SUFFIXES or _is_workbook(path, head):
        return False
    from .tables import find_header
    from .template import PLEDGE_ALIASES
    import csv
    import io
    text, _ = decode_text(head)
    lines = text.splitlines()[:31]
    if len(head) >= 65536 and lines:
        lines = lines[:-1]          # the last line may be cut
    delim = sniff_delimiter("\n".join(lines), path.suffix.lower())
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
    match = find_header(rows, PLEDGE_ALIASES)
    return match is not None and match.score >= 3
