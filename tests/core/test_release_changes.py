"""``changes OLD NEW``: two releases of one pledge source, matched and compared with known answers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from udcg_desktop.cli import main
from udcg_desktop.core.release_changes import compare_releases, package_key
from udcg_desktop.core.summary import default_fx
from udcg_desktop.io import load_briefing

REALDATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata"
KIEL = REALDATA / "kiel_ust_release7_2022.xlsx"

HEADER = "Pledge ID,Donor,Announced,Category,Item,Amount,Currency,Value in EUR,Status\n"
OLD = HEADER + (
    "P1,Germany,2024-04-01,Air defence,IRIS-T,100,EUR,,pledged\n"
    "P2,France,2024-04-02,Artillery & ammunition,Shells,50,EUR,,pledged\n"
    "P3,Poland,2024-04-03,Armour & vehicles,APCs,30,EUR,,pledged\n"
    "C5,Czechia,2024-04-04,Artillery & ammunition,Shells,200,CZK,8,pledged\n"
    ",Norway,2024-04-05,Maritime,Boats,20,EUR,,pledged\n"
    "P7,Denmark,2024-04-06,Air defence,Radars,,,,pledged\n"
)
NEW = HEADER + (
    "P1,Germany,2024-04-01,Air defence,IRIS-T,120,EUR,,pledged\n"           # revised +20
    "P3,Poland,2024-04-03,Armour & vehicles,APCs,30,EUR,,pledged\n"         # unchanged
    "\u0421 5 ,Czechia,2024-04-04,Artillery & ammunition,Shells,200,CZK,9,pledged\n"  # Cyrillic С
    ",Norway,2024-04-05,Maritime,Boats,20,EUR,,delivered\n"                 # status only
    "P7,Denmark,2024-04-06,Air defence,Radars,,,,pledged\n"                 # unchanged, no value
    "P9,Sweden,2024-05-10,Air defence,Radars,40,EUR,,pledged\n"             # new
)


@pytest.fixture
def releases(tmp_path):
    old, new = tmp_path / "release_a.csv", tmp_path / "release_b.csv"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def _changes_json(capsys, *argv) -> tuple[int, dict]:
    code = main(["changes", *map(str, argv), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_package_key_reads_lookalikes_case_and_spaces_as_one():
    assert package_key("\u0421-USM5 ") == package_key("c-usm5") == "c-usm5"
    assert package_key(" P 1") == "p1"


def test_changes_between_two_hand_built_releases(releases, capsys):
    code, out = _changes_json(capsys, *releases)
    assert code == 0
    assert [p["id"] for p in out["new"]] == ["P9"]
    assert out["new"][0]["new_value"] == 40 and out["new"][0]["old_value"] is None
    assert [(p["id"], p["donor"], p["old_value"]) for p in out["removed"]] == [("P2", "France", 50)]
    revised = {r["donor"]: r for r in out["revised"]}
    assert set(revised) == {"Germany", "Czechia", "Norway"}
    assert (revised["Germany"]["old_value"], revised["Germany"]["new_value"]) == (100, 120)
    assert revised["Germany"]["kind"] == "revision"
    # Same 200 CZK, another EUR figure: the change is currency re-conversion, not a revision.
    assert revised["Czechia"]["kind"] == "reconversion"
    assert revised["Czechia"]["value_change"] == 1
    assert revised["Norway"]["kind"] == "other"
    assert revised["Norway"]["changes"] == [{"field": "status", "old": "pledged",
                                             "new": "delivered"}]
    assert out["matched"] == {"by_id": 4, "by_donor_date_item": 1}
    assert out["unchanged"] == 2
    totals = out["totals"]
    assert (totals["new"], totals["removed"], totals["revision"], totals["reconversion"]) == \
        (40, -50, 20, 1)
    assert totals["change"] == 11
    assert out["by_donor"]["France"]["removed"] == -50
    assert out["by_donor"]["Czechia"]["reconversion"] == 1 and "Poland" not in out["by_donor"]
    assert out["by_category"]["Air defence"]["change"] == 60      # +20 revised, +40 new


def test_changes_are_the_difference_of_the_pledged_totals(releases):
    old, new = (load_briefing([p]) for p in releases)
    c = compare_releases(old, new, default_fx())
    from udcg_desktop.core.summary import summary
    before, after = summary(old).value_pledged, summary(new).value_pledged
    assert c.totals()["change"] == pytest.approx(after - before)


def test_same_file_twice_says_so_and_finds_nothing(releases, capsys):
    code, out = _changes_json(capsys, releases[0], releases[0])
    assert code == 0
    assert not out["new"] and not out["removed"] and not out["revised"]
    assert any("same file" in w for w in out["warnings"])


def test_column_and_sheet_changes_are_reported(releases, tmp_path, capsys):
    renamed = tmp_path / "release_c.csv"
    renamed.write_text(NEW.replace(",Status\n", ",Status,Coalition\n", 1)
                       .replace("pledged\n", "pledged,\n"), encoding="utf-8")
    code, out = _changes_json(capsys, releases[0], renamed)
    assert out["columns"] == {"added": ["Coalition"], "removed": []}


def test_a_file_without_pledges_is_an_error_naming_it(releases, tmp_path, capsys):
    events = tmp_path / "events.csv"
    events.write_text("date,type,place,description\n2024-05-10,assault,Vovchansk,x\n")
    assert main(["changes", str(releases[0]), str(events)]) == 2
    assert "events.csv" in capsys.readouterr().err


def test_text_output_names_files_not_folders(releases, capsys):
    assert main(["changes", *map(str, releases)]) == 0
    text = capsys.readouterr().out
    assert "Changes from release_a.csv to release_b.csv" in text
    assert str(releases[0].parent) not in text
    assert "P9" in text and "+€40" in text and "re-conversion" in text


def _revised_kiel_copy(path: Path, edit) -> None:
    """The release's main sheet, values as Kiel cached them, edited by ``edit(header, rows)``
    and written as a new one-sheet workbook (python-calamine in, xlsxwriter out: seconds less
    than an openpyxl round trip of all 37 sheets)."""
    from python_calamine import CalamineWorkbook
    import xlsxwriter
    book = CalamineWorkbook.from_path(str(KIEL))
    name = next(n for n in book.sheet_names if n.casefold() == "bilateral assistance, main data")
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    header = [str(v).strip() for v in rows[0]]
    body = edit(header, [list(r) for r in rows[1:]])
    wb = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd",
                                         "strings_to_urls": False})
    ws = wb.add_worksheet(name)
    for r, row in enumerate([rows[0], *body]):
        ws.write_row(r, 0, [v if v != "" else None for v in row])
    wb.close()


@pytest.mark.skipif(not KIEL.exists(), reason="real Kiel workbook not present (../shared/realdata)")
def test_real_release_7_against_a_revised_copy(tmp_path):
    """A package removed, one revised and one added in a copy of release 7: found, with values."""
    from udcg_desktop.core.release_changes import packages
    old = load_briefing([KIEL])
    values = {p.id: p.value_eur for p in packages(old.pledges, default_fx())}
    big = [pid for pid, v in values.items() if v > 1e8]
    removed_id, revised_id = big[0], big[1]

    def edit(header, rows):
        i_id, i_eur = header.index("ID"), header.index("Converted Value in EUR")
        i_total = header.index("Total")
        kept = [r for r in rows if str(r[i_id]).strip() != removed_id]
        first = next(r for r in kept if str(r[i_id]).strip() == revised_id)
        first[i_eur] = values[revised_id] + 1e8
        first[i_total] = 123456789.0         # the original amount changed too
        added = list(first)
        added[i_id], added[i_eur] = "NEW1", 5e8
        return kept + [added]

    copy = tmp_path / "kiel_revised.xlsx"
    _revised_kiel_copy(copy, edit)
    c = compare_releases(old, load_briefing([copy]), default_fx())
    assert [p.id for p in c.removed] == [removed_id]
    assert c.removed[0].value_eur == pytest.approx(values[removed_id])
    assert [p.id for p in c.new] == ["NEW1"] and c.new[0].value_eur == pytest.approx(5e8)
    assert [r.new.id for r in c.revised] == [revised_id]
    assert c.revised[0].value_change == pytest.approx(1e8) and c.revised[0].kind == "revision"
    assert c.unchanged == len(values) - 2
    assert len(c.sheets_removed) == len(old.sources[0].sheets) - 1 and not c.columns_removed
    assert c.totals()["change"] == pytest.approx(5e8 + 1e8 - values[removed_id])


@pytest.mark.skipif(not KIEL.exists(), reason="real Kiel workbook not present (../shared/realdata)")
def test_an_unchanged_copy_of_release_7_has_no_changes(tmp_path):
    """The same values written again (another file, floats round-tripped) change nothing: the
    package split leaves no float residue as a spurious 'Unspecified within package' line."""
    copy = tmp_path / "kiel_copy.xlsx"
    _revised_kiel_copy(copy, lambda header, rows: rows)
    c = compare_releases(load_briefing([KIEL]), load_briefing([copy]), default_fx())
    assert (c.new, c.removed, c.revised) == ([], [], [])


def test_by_category_follows_each_rows_own_part(tmp_path, capsys):
    """A package across categories moves each category by its own rows' value, not an even
    share: removing a 100 + 30 package takes 100 from Air defence and 30 from drones."""
    old, new = tmp_path / "a.csv", tmp_path / "b.csv"
    old.write_text(HEADER + "P1,Germany,2024-04-01,Air defence,IRIS-T,100,EUR,,pledged\n"
                            "P1,Germany,2024-04-01,Aviation & drones,FPV,30,EUR,,pledged\n"
                            "P2,France,2024-04-02,Aviation & drones,FPV,5,EUR,,pledged\n")
    new.write_text(HEADER + "P2,France,2024-04-02,Aviation & drones,FPV,5,EUR,,pledged\n")
    code, out = _changes_json(capsys, old, new)
    assert out["removed"][0]["old_value"] == 130
    assert out["by_category"]["Air defence"]["removed"] == -100
    assert out["by_category"]["Aviation & drones"]["removed"] == -30
