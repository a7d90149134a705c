"""Exporters registered by format, one calling convention; the command line's choices become
``ExportOptions`` outside export (cli_export.py)."""
from pathlib import Path

import pytest

from udcg_desktop.cli import build_parser
from udcg_desktop.cli_export import pack_options
from udcg_desktop.export import pack, registry
from udcg_desktop.export.content import PackInfo
from tests.export.export_fixtures import FakeRenderer, fx_rates, small_briefing

AS_OF = "2024-05-31"


@pytest.fixture
def csv_exporter():
    """A format the pack has never heard of, registered the way the real ones are."""
    calls = []

    @registry.exporter("csv", "Pledge lines (.csv)", order=55)
    def write_csv(summary, path, ctx):
        calls.append((summary, ctx.info, ctx.part))
        Path(path).write_text(f"pledges,{summary.to_dict()['pledges']['count']}\n")
    yield calls
    del registry._EXPORTERS["csv"]


def test_the_pack_writes_what_the_registry_holds(tmp_path, csv_exporter):
    """A registered format is planned, written once, with the summary and the context the
    others get; the pack holds no list of formats of its own."""
    files = pack.planned_files(tmp_path, "n", ("csv", "md"))
    assert files == {"csv": tmp_path / "n.csv", "md": tmp_path / "n.md"}
    info = PackInfo(title="T")
    result = pack.export_pack(small_briefing(), tmp_path, as_of=AS_OF, fx=fx_rates(),
                              formats="csv,md", name="n", renderer=FakeRenderer(True), info=info)
    assert result.ok, result.failures
    assert [p.name for p in result.written] == ["n.csv", "n.md"]     # registry order
    (summary, got_info, part), = csv_exporter
    assert (tmp_path / "n.csv").read_text() == f"pledges,{summary.to_dict()['pledges']['count']}\n"
    assert got_info is info and part == ""
    assert str(summary.as_of) == AS_OF


def test_every_pack_format_has_one_registered_exporter_in_the_dialog_order():
    assert pack.FORMATS == ("xlsx", "pptx", "pdf", "png", "svg", "md")
    assert [e.format for e in registry.exporters()] == list(pack.FORMATS)
    assert pack.FORMAT_LABELS["pptx"] == "PowerPoint deck (.pptx)"
    # Per-image formats: one file per picture, named after it.
    files = pack.planned_files("out", "b", ("png",))
    assert sorted(files) == sorted(f"{img}.png" for img in pack.IMAGES)
    assert files["map.png"] == Path("out") / "b_map.png"


def test_a_missing_image_fails_with_its_reason_alone(tmp_path):
    """The image exporter says why the picture is missing (the renderer's words), nothing more."""
    result = pack.export_pack(small_briefing(), tmp_path, as_of=AS_OF, fx=fx_rates(),
                              formats=("png",), name="n", renderer=FakeRenderer(False))
    failed = {Path(p).name: why for p, why in result.failures}
    assert failed == {"n_map.png": "map image not available yet"}
    assert (tmp_path / "n_timeline.png").read_bytes() == FakeRenderer.PNG


def test_command_line_choices_become_export_options(tmp_path):
    args = build_parser().parse_args(
        ["export", "x.xlsx", "--out", str(tmp_path), "--as-of", "2024-06-30", "--currency",
         "USD", "--formats", "md,XLSX,md", "--name", "brief", "--force", "--area", "all",
         "--title", "Kharkiv", "--classification", "OFFICIAL"])
    args.bookmarks, args.release_changes = [], None
    opts = pack_options(args)
    assert opts.formats == ("md", "xlsx") and opts.name == "brief" and opts.force
    assert str(opts.as_of) == "2024-06-30" and opts.currency == "USD" and opts.aoi == "all"
    assert (opts.info.title, opts.info.classification) == ("Kharkiv", "OFFICIAL")
    assert set(opts.kwargs()) <= set(pack.export_pack.__code__.co_varnames)
    args.formats = "md,docx"
    with pytest.raises(ValueError, match="docx"):
        pack_options(args)


def test_cli_and_export_pack_with_the_same_options_write_the_same_text(tmp_path, monkeypatch):
    """What the command line writes is export_pack's pack for the same choices: the dialog
    calls export_pack too, so both front ends write one pack."""
    from udcg_desktop import cli_export
    b = small_briefing()
    args = build_parser().parse_args(["export", "--out", str(tmp_path / "cli"), "--as-of", AS_OF,
                                      "--formats", "md", "--title", "T", "--author", "A"])
    args.bookmarks, args.release_changes, args.currency = [], None, "EUR"
    monkeypatch.setattr(cli_export, "export_pack",
                        lambda *a, **k: pack.export_pack(*a, fx=fx_rates(), **k))
    assert cli_export.export_pack_cli(b, args, FakeRenderer(True)) == 0
    direct = pack.export_pack(b, tmp_path / "direct", as_of=AS_OF, fx=fx_rates(),
                              formats=("md",), info=PackInfo(title="T", author="A"))
    name = f"udcg_briefing_{AS_OF}.md"
    assert direct.ok
    assert (tmp_path / "cli" / name).read_text() == (tmp_path / "direct" / name).read_text()
    assert "T: " in (tmp_path / "cli" / name).read_text()
