"""Event CSVs as rows: streamed in their detected encoding, header found, wanted columns kept."""
from __future__ import annotations

import csv
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path

import numpy as np

from ...core.model import Problem
from ..errors import UnreadableInput

csv.field_size_limit(64 * 1024 * 1024)


@contextmanager
def csv_rows(path: Path):
    """A csv reader streaming the file in its detected encoding (UTF-16, UTF-8, cp1252,
    latin-1): the whole text is never held beside the parsed rows (a 200 MB export read
    whole, as text and as a StringIO copy, peaked at 1.3 GB)."""
    from ..files import check_size
    from ..sheets import file_encoding
    check_size(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
        encoding, _ = file_encoding(path, head)
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            yield csv.reader(fh, delimiter=_delimiter(first))
    except PermissionError:
        raise UnreadableInput(path, "permission denied: the file is locked or not readable")
    except csv.Error as exc:
        raise UnreadableInput(path, f"the CSV cannot be parsed: {exc}")
    except OSError as exc:
        raise UnreadableInput(path, f"cannot be read: {exc.strerror or exc}")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if max(counts.values()) else ","


def csv_header(head: bytes) -> list[str]:
    text = head.decode("utf-8-sig", errors="replace")
    line = text.split("\n", 1)[0].strip("\r")
    return [h.strip().strip('"').casefold() for h in next(csv.reader([line],
                                                                      delimiter=_delimiter(line)))]


def is_text(head: bytes) -> bool:
    return b"\0" not in head[:4096] and not head.startswith(b"PK")


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with csv_rows(path) as reader_:
        rows = list(reader_)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise UnreadableInput(path, "the file is empty")
    header = [h.strip().casefold() for h in rows[0]]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    return header, rows[1:]


def column_index(header: list[str], *names: str) -> int | None:
    for n in names:
        if n in header:
            return header.index(n)
    return None


def read_columns(path: Path, wanted: dict[str, tuple[str, ...]]):
    """(header, {name: tuple of cells}, data line numbers, rows read, problems) reading only the
    wanted columns (the others are parsed and dropped at once, which keeps memory and time
    down on 100+ MB exports)."""
    with csv_rows(path) as reader_:
        try:
            header = [h.strip().casefold().lstrip("\ufeff") for h in next(reader_)]
        except StopIteration:
            raise UnreadableInput(path, "the file is empty")
        idx = {k: column_index(header, *names) for k, names in wanted.items()}
        present = [(k, j) for k, j in idx.items() if j is not None]
        get = itemgetter(*[j for _, j in present]) if len(present) > 1 else \
            (lambda r, j=present[0][1]: (r[j],))
        ncol = len(header)
        p = str(path)
        out, lines, problems = [], [], []
        append, lappend = out.append, lines.append
        short = 0
        line = 1
        for r in reader_:
            line += 1
            if len(r) >= ncol:
                append(get(r))
                lappend(line)
            elif any(c.strip() for c in r):
                short += 1
                if short <= 20:
                    problems.append(Problem(p, None, line, None, len(r), "error",
                                            f"{len(r)} fields where the header has {ncol}; row "
                                            f"rejected (a cut or broken line?)"))
        if short > 20:
            problems.append(Problem(p, None, None, None, short, "error",
                                    f"{short} rows in all with too few fields; rejected"))
    cols = dict(zip([k for k, _ in present], zip(*out))) if out else \
        {k: () for k, _ in present}
    return header, idx, cols, np.array(lines, dtype=np.int64), len(out) + short, problems
