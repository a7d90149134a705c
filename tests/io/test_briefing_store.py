"""Briefing files: save, reopen, changed and missing inputs, bad files, the CLI taking a BRIEF."""
from __future__ import annotations

import json
from pathlib import Path
import shutil

import pytest

from udcg_desktop.cli import main
from udcg_desktop.core.bookmarks import Bookmark
from udcg_desktop.core.briefing_file import BriefingFile, BriefingSettings, parse_briefing
from udcg_desktop.core.paths import sample_briefing_files
from udcg_desktop.io import UnreadableInput
from udcg_desktop.io.briefing_store import open_briefing, save_briefing

PLEDGES = "Pledge ID,Donor,Announced,Category,Amount,Currency,Status\n"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("UDCG_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def week(tmp_path):
    folder = tmp_path / "brief"
    folder.mkdir()
    pledges = folder / "pledges.csv"
    pledges.write_text(PLEDGES + "P1,Germany,2024-04-01,Air defence,100,EUR,pledged\n"
                                 "P2,France,2024-04-02,Air defence,50,EUR,pledged\n")
    return folder, pledges


def _save(folder: Path, files, **settings) -> Path:
    target = folder / "week.udcg.json"
    brief = BriefingFile(settings=BriefingSettings(**settings), bookmarks=[
        Bookmark("Vovchansk", "2024-05-12", "Assault on the town.", [36.5, 37.2, 50.0, 50.4],
                 {"events": True}, {"donors": ["Germany"]})])
    save_briefing(target, list(files), brief)
    return target


def test_round_trip_keeps_settings_bookmarks_and_relative_paths(week):
    folder, pledges = week
    target = _save(folder, [pledges], as_of="2024-05-15", since="2024-05-09", title="Week 20",
                   classification="OFFICIAL", currency="USD")
    doc = json.loads(target.read_text())
    assert doc["format"] == "udcg-briefing" and doc["version"] == 1
    assert doc["inputs"][0]["path"] == "pledges.csv"            # relative to the briefing
    assert doc["inputs"][0]["kind"] == "pledges" and len(doc["inputs"][0]["sha256"]) == 64
    # The whole folder moves: the briefing still finds its inputs.
    moved = folder.parent / "moved"
    shutil.move(folder, moved)
    opened = open_briefing(moved / "week.udcg.json")
    assert opened.files == [moved / "pledges.csv"] and not opened.messages
    s = opened.brief.settings
    assert (s.as_of, s.since, s.title, s.classification, s.currency) == \
        ("2024-05-15", "2024-05-09", "Week 20", "OFFICIAL", "USD")
    mark = opened.brief.bookmarks[0]
    assert (mark.title, mark.date, mark.extent, mark.filters["donors"]) == \
        ("Vovchansk", "2024-05-12", [36.5, 37.2, 50.0, 50.4], ["Germany"])


def test_a_changed_input_is_named_with_what_changed(week):
    folder, pledges = week
    target = _save(folder, [pledges])
    pledges.write_text(PLEDGES + "P1,Germany,2024-04-01,Air defence,120,EUR,pledged\n"
                                 "P3,Poland,2024-04-03,Air defence,10,EUR,pledged\n")
    opened = open_briefing(target)
    assert opened.inputs[0].changed
    assert opened.messages == ["pledges.csv changed since this briefing was saved: 1 package "
                               "new, 1 revised, 1 removed; the new content is used"]
    assert opened.files == [pledges]


def test_a_missing_input_is_named_and_the_rest_opens(week):
    folder, pledges = week
    events = folder / "events.csv"
    events.write_text("date,type,place,description\n2024-05-10,assault,Vovchansk,Assault\n")
    target = _save(folder, [pledges, events])
    pledges.unlink()
    opened = open_briefing(target)
    assert [s.missing for s in opened.inputs] == [True, False]
    assert "pledges.csv is missing" in opened.messages[0]
    assert opened.files == [events]


@pytest.mark.parametrize("text, words", [
    ("not json {", "not JSON"),
    ('{"format": "something-else"}', "not a briefing file"),
    ('{"format": "udcg-briefing", "version": 99}', "newer than this app reads"),
])
def test_files_that_are_not_briefings_say_why(tmp_path, text, words):
    bad = tmp_path / "bad.udcg.json"
    bad.write_text(text)
    with pytest.raises(UnreadableInput) as err:
        open_briefing(bad)
    assert words in err.value.message
    assert main(["summary", str(bad)]) == 2


def test_bad_parts_are_dropped_one_message_each_and_the_rest_opens():
    doc = {"format": "udcg-briefing", "version": 1,
           "inputs": [{"path": "a.xlsx"}, {"size": 3}],
           "settings": {"as_of": "2922-05-15", "since": "2024-05-09", "currency": "XYZ",
                        "map_extent": [40, 30, 50, 51], "title": "Kept"},
           "bookmarks": [{"title": "No date"}, {"title": "Good", "date": "2024-05-10"},
                         "junk"]}
    brief, messages = parse_briefing(json.dumps(doc), "b.udcg.json")
    assert [i.path for i in brief.inputs] == ["a.xlsx"]
    assert brief.settings.as_of is None and brief.settings.since == "2024-05-09"
    assert brief.settings.currency == "EUR" and brief.settings.map_extent is None
    assert brief.settings.title == "Kept"
    assert [b.title for b in brief.bookmarks] == ["Good"]
    assert len(messages) == 6 and all(m.startswith("b.udcg.json: ") for m in messages)
    assert any("2922-05-15" in m for m in messages)


def test_saving_again_never_loses_the_previous_file_on_failure(week, monkeypatch):
    folder, pledges = week
    target = _save(folder, [pledges], title="First")
    before = target.read_text()

    def broken(self):
        raise OSError("disk full")
    monkeypatch.setattr(BriefingFile, "to_json", broken)
    with pytest.raises(OSError):
        _save(folder, [pledges], title="Second")
    assert target.read_text() == before
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_save_brief_then_summary_and_overrides(week, capsys):
    folder, pledges = week
    brief = folder / "cli.udcg.json"
    assert main(["save-brief", str(pledges), "-o", str(brief), "--as-of", "2024-04-01",
                 "--title", "T", "--currency", "USD"]) == 0
    capsys.readouterr()
    assert main(["summary", str(brief), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2024-04-01" and out["currency"] == "USD"
    assert out["pledges"]["count"] == 1                     # P2 is announced on 04-02
    assert main(["summary", str(brief), "--json", "--as-of", "2024-04-02",
                 "--currency", "EUR"]) == 0                # the command line wins
    out = json.loads(capsys.readouterr().out)
    assert (out["as_of"], out["currency"], out["pledges"]["value_pledged"]) == \
        ("2024-04-02", "EUR", 150)


def test_a_briefing_whose_inputs_are_all_gone_is_an_error_not_the_sample(week, capsys):
    folder, pledges = week
    target = _save(folder, [pledges])
    pledges.unlink()
    assert main(["summary", str(target)]) == 2
    err = capsys.readouterr().err
    assert "none of the inputs" in err and "pledges.csv is missing" in err


def test_export_from_a_briefing_equals_export_with_the_same_options(tmp_path, capsys):
    sample = sample_briefing_files()
    brief = tmp_path / "sample.udcg.json"
    options = ["--as-of", "2024-05-20", "--title", "Kharkiv week 21",
               "--classification", "OFFICIAL"]
    assert main(["save-brief", *map(str, sample), "-o", str(brief), *options]) == 0
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["export", str(brief), "--out", str(a), "--formats", "md", "--name", "x"]) == 0
    assert main(["export", *map(str, sample), "--out", str(b), "--formats", "md", "--name", "x",
                 *options]) == 0
    text = (a / "x.md").read_text()
    assert "Kharkiv week 21" in text and "OFFICIAL" in text
    assert text == (b / "x.md").read_text()
