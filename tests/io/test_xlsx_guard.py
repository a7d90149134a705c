"""The xlsx guard's shortcut: a sheet's declared <dimension> is trusted only after one search
finds no cell reference outside it. A dimension that lies, rows without or with lying spans,
odd reference spellings calamine still reads: the guard must see the same far cell as a full
cell-by-cell scan, and a stray far cell is still refused before the reader allocates."""
from __future__ import annotations

import random
import re
import threading
import zipfile

import pytest

from udcg_desktop.io import read_any
from udcg_desktop.io import xlsx_guard
from udcg_desktop.io.xlsx_guard import _outside_re, cell_extent, scan_sheet
from tests.hostile_inputs import PLEDGES, SAMPLE_XLSX, in_member, rewrite_xlsx
from tests.io.test_hostile import assert_clean, run_cli


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _scan(path, monkeypatch=None, exact_allowed=True):
    """scan_sheet of the sample's Pledges part; with ``exact_allowed=False`` the cell-by-cell
    fallback raises, so the test knows the shortcut answered."""
    if not exact_allowed:
        def no_exact(*a):
            raise AssertionError("the cell-by-cell scan ran")
        monkeypatch.setattr(xlsx_guard, "cell_extent", no_exact)
    with zipfile.ZipFile(path) as zf:
        return scan_sheet(zf, PLEDGES)


def _with_pledges(tmp_path, name, fn):
    return rewrite_xlsx(SAMPLE_XLSX, tmp_path / name, in_member(PLEDGES, fn))


def test_an_honest_dimension_answers_without_a_cell_by_cell_scan(monkeypatch):
    scan = _scan(SAMPLE_XLSX, monkeypatch, exact_allowed=False)
    with zipfile.ZipFile(SAMPLE_XLSX) as zf:
        exact = cell_extent(zf, PLEDGES)
    assert (scan.rows, scan.cols, scan.ref) == exact == (36, 16, "P36")
    assert scan.shared_uses > 0 and scan.error_cells is False


@pytest.mark.parametrize("dimension", [b'<dimension ref="A1:B2"/>', b'<dimension ref="P35"/>',
                                       b'<dimension ref="A1:O36"/>', b""])
def test_a_dimension_that_lies_or_is_missing_gives_the_true_extent(tmp_path, dimension):
    path = _with_pledges(tmp_path, "dim.xlsx",
                         lambda d: d.replace(b'<dimension ref="A1:P36"/>', dimension))
    scan = _scan(path)
    assert (scan.rows, scan.cols, scan.ref) == (36, 16, "P36")
    assert len(read_any(path).pledges) == 35


@pytest.mark.parametrize("cell", [
    b'<c r="XFD60000"><v>1</v></c>',                 # the plain case
    b"<c r='XFD60000'><v>1</v></c>",                 # single quotes
    b'<c r="xfd60000"><v>1</v></c>',                 # lower-case column letters
    b'<c r="XFD00000060000"><v>1</v></c>',           # leading zeros in the row
    b'<c\tr="XFD60000"><v>1</v></c>',                # a tab before the attribute
])
@pytest.mark.parametrize("row", [b'<row r="60000">', b'<row r="60000" spans="1:1">',
                                 b'<row r="2" spans="1:16">'])
def test_a_far_cell_is_refused_whatever_the_dimension_and_spans_say(tmp_path, cell, row):
    """The honest dimension (A1:P36) stays; the row around the far cell has no spans or
    spans that lie; the cell is spelled as calamine would still read it."""
    path = _with_pledges(tmp_path, "far.xlsx", lambda d: d.replace(
        b"</sheetData>", row + cell + b"</row></sheetData>"))
    scan = _scan(path)
    assert scan.rows * scan.cols > xlsx_guard.CELL_BUDGET
    assert scan.ref == "XFD60000"
    rc, out, err = run_cli("validate", path)
    assert rc == 2
    assert_clean(err)
    assert "XFD60000" in out and "Pledges" in out


def test_a_cell_just_outside_an_honest_looking_dimension_is_seen(tmp_path):
    path = _with_pledges(tmp_path, "q.xlsx", lambda d: d.replace(
        b"</sheetData>", b'<row r="37"><c r="Q37"><v>1</v></c></row></sheetData>'))
    scan = _scan(path)
    assert (scan.rows, scan.cols, scan.ref) == (37, 17, "Q37")


def test_error_cells_are_flagged_by_the_same_pass(tmp_path):
    path = _with_pledges(tmp_path, "err.xlsx", lambda d: re.sub(
        rb'<c r="I3"[^>]*?(?:/>|>.*?</c>)', b'<c r="I3" t="e"><v>#REF!</v></c>', d,
        count=1, flags=re.S))
    assert _scan(path).error_cells is True
    part = read_any(path)
    assert any(p.value == "#REF!" and p.row == 3 for p in part.problems)


def test_the_outside_search_agrees_with_comparing_numbers():
    """For many rectangles and random references (either case, leading zeros, either quote),
    the one regex finds a reference exactly when its row or column lies beyond the corner."""
    rnd = random.Random(20261130)
    corners = [(100001, 18), (36, 16), (16219, 23), (999, 702), (5, 28), (1, 1),
               (22792, 702), (976, 16384), (1048576, 15), (10, 26), (9, 27)]
    for rows, cols in corners:
        outside = _outside_re(rows, cols)
        for _ in range(2000):
            letters = "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabyz")
                              for _ in range(rnd.choice([1, 1, 2, 2, 3, 4])))
            row = rnd.choice([rnd.randrange(1, 2 * rows + 2), rows, rows + 1,
                              rnd.randrange(1, 10 ** 8)])
            quote = rnd.choice(['"', "'"])
            ref = f"{letters}{'0' * rnd.choice([0, 0, 1, 3])}{row}"
            beyond = _col_number(letters) > cols or row > rows
            found = outside.search(f"<c r={quote}{ref}{quote} t=\"n\">".encode()) is not None
            assert found == beyond, (rows, cols, ref)
        # attributes that are not cell places never count
        assert outside.search(b'<worksheet xmlns:r="http://x" xr:uid="{0}"><row r="7" '
                              b'spans="1:99">') is None


# ------------------------------------------------------------------ the read-ahead thread
def _guard_threads() -> list:
    return [t for t in threading.enumerate() if t.name == "xlsx-guard-read-ahead"]


def _big_part_xlsx(path, rows: int, far_cell: bytes = b""):
    """A one-sheet workbook (the sample's, its Pledges rows repeated ``rows`` times), so its
    part spans many read-ahead blocks once CHUNK is small."""
    def grow(d):
        start = d.index(b"<sheetData>") + len(b"<sheetData>")
        end = d.index(b"</sheetData>")
        body = d[start:end]
        return d[:start] + body * rows + far_cell + d[end:]
    return rewrite_xlsx(SAMPLE_XLSX, path, in_member(PLEDGES, grow))


def test_windows_rebuild_the_part_and_never_cut_a_tag():
    """However the blocks fall, the windows hold the part's bytes in order and every tag lies
    whole in one window (the searches never see half a cell reference), unless a tag is
    longer than a whole block (16 MB), as with the plain chunking before."""
    rnd = random.Random(9)
    for _ in range(400):
        xml = b"".join(rnd.choice([b'<c r="XFD7">', b"<v>12</v>", b"</c>", b"text", b"<row r='3'>",
                                   b"<x/>"]) for _ in range(rnd.randrange(0, 40)))
        cuts = sorted(rnd.sample(range(len(xml) + 1), min(len(xml) + 1, rnd.randrange(0, 8))))
        blocks = [xml[a:b] for a, b in zip([0] + cuts, cuts + [len(xml)]) if b > a]
        windows = [data[a:b] for data, a, b in xlsx_guard._windows(iter(blocks))]
        assert b"".join(windows) == xml
        offset, bounds = 0, set()
        for w in windows:
            offset += len(w)
            bounds.add(offset)
        if not all(b"<" in b[1:] for b in blocks):
            continue
        for tag in re.finditer(rb"<[^>]*>", xml):
            assert not any(tag.start() < b < tag.end() for b in bounds), (blocks, windows)


def test_the_guard_reads_ahead_and_sees_a_far_cell_in_any_block(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "CHUNK", 4096)
    far = b'<row r="60000"><c r="XFD60000"><v>1</v></c></row>'
    path = _big_part_xlsx(tmp_path / "big.xlsx", 40, far)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(PLEDGES).file_size > 40 * 4096       # many blocks
        scan = scan_sheet(zf, PLEDGES)
    assert scan.ref == "XFD60000"
    with pytest.raises(Exception) as err:
        read_any(path)
    assert "XFD60000" in str(err.value)
    assert _guard_threads() == []              # refused: no thread left behind


def test_stopping_early_stops_the_thread_before_it_reads_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "CHUNK", 4096)
    path = _big_part_xlsx(tmp_path / "big.xlsx", 40)
    reads = []
    with zipfile.ZipFile(path) as zf:
        blocks = zf.getinfo(PLEDGES).file_size // 4096
        real_open = zf.open

        def counting_open(*a, **k):
            fh = real_open(*a, **k)
            read = fh.read
            fh.read = lambda n=-1: reads.append(n) or read(n)
            return fh
        monkeypatch.setattr(zf, "open", counting_open)
        with pytest.raises(RuntimeError, match="stop"):
            with xlsx_guard._chunks(zf, PLEDGES) as windows:
                next(windows)
                assert _guard_threads()          # the thread runs while the caller works
                raise RuntimeError("stop")
        assert _guard_threads() == []
    assert blocks > 30 and len(reads) <= 4      # at most the block in hand and two ahead


def test_a_damaged_part_fails_in_the_caller_as_a_plain_read_fails(tmp_path):
    """Damaged compressed bytes met by the thread are raised in the caller as the same
    exception a plain read of the member raises (so the reader reports the damaged file as
    before), and the thread is gone."""
    path = _big_part_xlsx(tmp_path / "bad.xlsx", 20)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(PLEDGES)
        data_at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(path.read_bytes())
    middle = data_at + info.compress_size // 2
    raw[middle:middle + 64] = bytes(64)
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as zf:
        with pytest.raises(Exception) as plain:
            xlsx_guard.open_member(zf, PLEDGES).read()
        with pytest.raises(Exception) as guarded:
            scan_sheet(zf, PLEDGES)
    assert type(guarded.value) is type(plain.value) and str(guarded.value) == str(plain.value)
    assert _guard_threads() == []
    rc, out, err = run_cli("summary", path, "--json")
    assert rc == 2 and str(path.name) in err
    assert_clean(err)


def test_the_member_is_read_the_same_with_the_fast_inflater(tmp_path):
    """ISA-L (when installed) inflates exactly what zlib inflates, read in small pieces (the
    read-ahead's partial reads)."""
    path = _big_part_xlsx(tmp_path / "big.xlsx", 30)
    with zipfile.ZipFile(path) as zf:
        fast = xlsx_guard.open_member(zf, PLEDGES)
        assert xlsx_guard._fast_inflate is None or type(fast._decompressor).__module__ != "zlib"
        chunks = []
        while block := fast.read(1000):
            chunks.append(block)
        assert b"".join(chunks) == zf.read(PLEDGES)
