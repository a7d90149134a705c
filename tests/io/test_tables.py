"""extract_table: the data rows under a header, transposed into columns (blank and total rows
left out), equal to reading the rows one by one."""
from __future__ import annotations

import random
from pathlib import Path

from udcg_desktop.io.sheets import SheetRows
from udcg_desktop.io.tables import Aliases, extract_table, find_header

ALIASES = Aliases({"pledge_id": ("ID",), "donor": ("Donor",), "amount": ("Amount",)},
                  required=("donor",))


def _expected(rows, width):
    """Columns as a reader going row by row would build them."""
    kept, cols = [], [[] for _ in range(width)]
    for k, r in enumerate(rows):
        r = list(r[:width]) + [""] * (width - len(r))
        empty = r.count("")
        spaces_only = all(type(v) is str and not v.replace("\u00a0", " ").strip() for v in r)
        if empty == width or (empty >= width - 2 and spaces_only) \
                or str(r[0]).strip().casefold() == "total":
            continue
        kept.append(k + 3)                   # title row, header row, then 1-based
        for j in range(width):
            cols[j].append(r[j])
    return kept, [tuple(c) for c in cols]


def test_columns_match_a_row_by_row_read_for_ragged_blank_and_total_rows():
    """Blank rows (all '', or at most two whitespace cells besides ''), total rows and rows
    of any length, against a reader going row by row."""
    rnd = random.Random(4)
    header = ["ID", "Donor", "Amount", "Note"]
    for _ in range(200):
        rows = []
        for i in range(rnd.randrange(0, 60)):
            kind = rnd.random()
            if kind < 0.1:
                rows.append([""] * rnd.choice([4, 2, 6]))            # blank, any length
            elif kind < 0.2:        # whitespace cells: blank up to two of them, not three
                rows.append([rnd.choice(["", " ", "\u00a0"]) for _ in range(4)])
            elif kind < 0.25:       # no ID, but data
                rows.append(["", "Poland", 5.0, ""])
            elif kind < 0.15:
                rows.append(["Total", "", 123.0, ""])
            else:
                row = [f"P{i}", rnd.choice(["Germany", "UK", 7.0]), rnd.random(), "n"]
                rows.append(row[:rnd.choice([4, 4, 4, 3, 2])] + ["x"] * rnd.choice([0, 0, 2]))
        sheet = SheetRows("Pledges", [["A title"], header] + rows, 0)
        match = find_header(sheet.rows, ALIASES)
        table = extract_table(Path("t.xlsx"), sheet, match, label_fields=("pledge_id",))
        kept, cols = _expected(rows, len(header))
        assert table.sheet_rows == kept
        assert table.raw_columns == cols
        assert table.col("donor") == cols[1] and table.col("amount") == cols[2]
