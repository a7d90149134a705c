"""``udcg-desktop --self-test``: the window on the sample, a cursor step, every export format
written and read back, one line per check; and the checks fail on bad files."""
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

from udcg_desktop import cli, selftest
from udcg_desktop.export.animation import ANIMATION_FORMATS, encoder_problem
from udcg_desktop.export.pack import FORMATS, planned_files


def test_the_self_test_passes_and_checks_every_exported_file(qtbot, capsys):
    assert cli.main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("self-test passed")
    checks = [line for line in lines[1:-1] if not line.startswith("skip ")]
    assert checks and all(line.startswith("ok ") for line in checks), "\n".join(lines)
    names = [line.split()[1].rstrip(":") for line in checks]
    for step in ("shipped", "Qt", "sample", "window", "cursor", "export"):
        assert step in names
    exported = {line.split()[1].rstrip(":") for line in checks if line.startswith("ok     ")}
    expected = len(planned_files("x", "n", FORMATS))
    if encoder_problem() is None:                     # the optional video extra is installed
        expected += len(ANIMATION_FORMATS)
    else:
        assert any(line.startswith("skip animated map") for line in lines)
    assert len(exported) == expected                  # one check per file of every format
    cursor = next(line for line in checks if line.split()[1] == "cursor")
    assert "figures changed" in cursor


def _png(tmp_path, name, gradient: bool):
    img = QImage(200, 100, QImage.Format_RGB32)
    img.fill(QColor("white"))
    if gradient:
        p = QPainter(img)
        g = QLinearGradient(0, 0, 200, 0)
        g.setColorAt(0, QColor("navy"))
        g.setColorAt(1, QColor("orange"))
        p.fillRect(img.rect(), g)
        p.end()
    path = tmp_path / name
    img.save(str(path), "PNG")
    return path


def test_the_file_checks_fail_on_bad_files(qtbot, tmp_path):
    ok, _ = selftest.check_file(_png(tmp_path, "drawn.png", gradient=True))
    assert ok
    ok, detail = selftest.check_file(_png(tmp_path, "blank.png", gradient=False))
    assert not ok and "1 colours" in detail
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n")
    assert selftest.check_file(tmp_path / "cut.pdf")[0] is False      # no %%EOF: truncated
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert selftest.check_file(tmp_path / "empty.xlsx") == (False, "empty file")
    (tmp_path / "notes.md").write_text("no heading\n")
    assert selftest.check_file(tmp_path / "notes.md")[0] is False
