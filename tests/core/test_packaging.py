"""Packaging: the wheel carries every package folder and the shipped data (a non-editable
install); the self-contained build's pieces that can be checked without building it (the
QtOpenGL stand-in, the ICU trim, the archive per platform, the size limit)."""
import os
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for p in (REPO / "udcg_desktop").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert config["package-dir"] == {"udcg_desktop._data": "data",
                                     "udcg_desktop._resources": "resources"}


def test_shipped_folders_resolve():
    from udcg_desktop.core import paths
    assert (paths.data_dir() / "fx_rates_ecb.csv").is_file()
    assert paths.resources_dir().is_dir()


def test_pyqtgraph_draws_with_the_build_s_stand_in_for_qtopengl():
    """The self-contained build leaves PySide6.QtOpenGL out; its runtime hook must let pyqtgraph
    load and draw a curve without it, and any use of OpenGL must say why it fails."""
    import subprocess
    import sys
    hook = REPO / "resources" / "packaging" / "rthook_no_qtopengl.py"
    code = f"""
import importlib.machinery, runpy, sys

class Hide(importlib.machinery.PathFinder):          # as in the build: no QtOpenGL on disk
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name == "PySide6.QtOpenGL":
            return None
        return super().find_spec(name, path, target)

sys.meta_path[sys.meta_path.index(importlib.machinery.PathFinder)] = Hide
runpy.run_path({str(hook)!r})
import pyqtgraph as pg
from PySide6 import QtWidgets
app = QtWidgets.QApplication([])
w = pg.PlotWidget()
w.resize(200, 120)
w.plot([0, 1, 2], [0, 2, 1], pen=pg.mkPen("r", width=3))
img = w.grab().toImage()
reds = sum(1 for x in range(img.width()) for y in range(img.height())
           if img.pixelColor(x, y).red() > 200 and img.pixelColor(x, y).green() < 80)
gl = sys.modules["PySide6.QtOpenGL"]
try:
    gl.QOpenGLBuffer
except AttributeError as err:
    print("gl:", err)
print("stand-in:", type(gl).__name__, "red pixels:", reds)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "gl: PySide6.QtOpenGL.QOpenGLBuffer: OpenGL drawing is left out" in out.stdout
    stand_in, reds = out.stdout.strip().splitlines()[-1].split(" red pixels: ")
    assert stand_in == "stand-in: _LeftOut" and int(reds) > 50


def _builder():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "build_bundle", REPO / "resources" / "packaging" / "build_bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_build(tmp_path, exe):
    target = tmp_path / "dist" / "udcg-desktop"
    (target / "_internal" / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (target / exe).write_bytes(b"MZ" if exe.endswith(".exe") else b"\x7fELF")
    (target / exe).chmod(0o755)
    (target / "_internal" / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6").write_bytes(b"q" * 3000)
    (target / "data").mkdir()
    (target / "data" / "fx_rates_ecb.csv").write_text("date,USD\n")
    return target


def test_windows_build_is_packed_as_a_zip_of_udcg_desktop_exe(tmp_path):
    import zipfile
    b = _builder()
    assert b.executable_name("win32") == "udcg-desktop.exe"
    assert b.executable_name("linux") == "udcg-desktop"
    target = _fake_build(tmp_path, b.executable_name("win32"))
    b.write_readme(target, "9.9.9", system="win32")
    assert "./udcg-desktop.exe --self-test" in (target / "README.txt").read_text()
    archive = b.pack(target, "9.9.9", system="win32")
    assert archive.name.startswith("udcg-desktop-9.9.9-win-") and archive.suffix == ".zip"
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert z.testzip() is None
    assert {"udcg-desktop/udcg-desktop.exe", "udcg-desktop/data/fx_rates_ecb.csv",
            "udcg-desktop/README.txt",
            "udcg-desktop/_internal/PySide6/Qt/lib/libQt6Core.so.6"} <= names
    assert not any("\\" in n or n.startswith("/") for n in names)


def test_linux_build_is_packed_as_a_tar_gz_that_keeps_the_executable_bit(tmp_path):
    import tarfile
    b = _builder()
    target = _fake_build(tmp_path, "udcg-desktop")
    archive = b.pack(target, "9.9.9", system="linux")
    assert archive.name.endswith("-linux-" + __import__("platform").machine().lower() + ".tar.gz")
    with tarfile.open(archive) as tar:
        exe = tar.getmember("udcg-desktop/udcg-desktop")
        assert exe.mode & 0o111
        assert "udcg-desktop/data/fx_rates_ecb.csv" in tar.getnames()


def test_size_check_fails_at_200_mb_and_names_the_biggest_parts(tmp_path, monkeypatch):
    b = _builder()
    target = _fake_build(tmp_path, "udcg-desktop")
    ok, report = b.size_check(target)
    assert ok and "size ok" in report
    assert "PySide6/Qt/lib/libQt6Core" in report.splitlines()[1]     # the biggest part first
    with open(target / "_internal" / "big.bin", "wb") as fh:        # sparse: no disk used
        fh.truncate(200_000_000 - 3000 - 100)
    total = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    assert total < 200_000_000
    assert b.size_check(target)[0]
    (target / "data" / "more.csv").write_bytes(b"x" * (200_000_000 - total))
    ok, report = b.size_check(target)
    assert not ok
    assert "200.0 MB unpacked, over the 200 MB limit" in report
    assert "190.7 MiB = 200.0 MB" in report.splitlines()[0]
    assert "big.bin" in report.splitlines()[1]
    monkeypatch.setattr("sys.argv", ["build_bundle.py"])
    assert b.main(["--size-only", "--dist", str(tmp_path / "dist")]) == 1


def test_trimmed_icu_data_still_serves_qt_s_text(tmp_path):
    """The build's ICU step on PySide6's own libicudata: smaller, without the display names, and
    Qt's case mapping and Ukrainian collation (the self-test's check) still work with it."""
    import shutil
    import subprocess
    import sys
    if not all(shutil.which(t) for t in ("icupkg", "genccode", "gcc", "readelf")):
        pytest.skip("ICU's tools not installed (apt-get install icu-devtools gcc)")
    import PySide6
    src = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not src:
        pytest.skip("this PySide6 has no bundled ICU")
    lib_dir = tmp_path / "_internal" / "PySide6" / "Qt" / "lib"
    lib_dir.mkdir(parents=True)
    lib = lib_dir / src[0].name
    shutil.copyfile(src[0], lib)
    saved = _builder().trim_icu_data(tmp_path)
    assert saved > 10e6 and lib.stat().st_size == src[0].stat().st_size - saved
    code = "from udcg_desktop.selftest import _icu_text; ok, detail = _icu_text(); print(ok, detail)"
    env = {**os.environ, "LD_LIBRARY_PATH": str(lib_dir), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                         env=env, timeout=120)
    assert out.stdout.startswith("True "), out.stdout + out.stderr[-1000:]
    icuuc = Path(PySide6.__file__).parent / "Qt" / "lib" / src[0].name.replace("data", "uc")
    trace = subprocess.run(["ldd", str(icuuc)], capture_output=True, text=True, env=env).stdout
    assert str(lib) in trace                 # the trimmed copy is the one Qt loaded


def test_the_build_keeps_the_qt_plugins_the_app_needs_on_linux_and_windows():
    import sys
    sys.path.insert(0, str(REPO / "resources" / "packaging"))
    try:
        from qt_plugins import wanted
    finally:
        sys.path.pop(0)
    linux, windows = "PySide6/Qt/plugins/", "PySide6\\plugins\\"
    for keep in ("platforms/libqxcb.so", "platforms/libqoffscreen.so",
                 "imageformats/libqsvg.so", "imageformats/libqjpeg.so",
                 "iconengines/libqsvgicon.so", "xcbglintegrations/libqxcb-glx-integration.so",
                 "platforminputcontexts/libcomposeplatforminputcontextplugin.so"):
        assert wanted(linux + keep), keep
    for keep in ("platforms\\qwindows.dll", "platforms\\qoffscreen.dll",
                 "imageformats\\qsvg.dll", "iconengines\\qsvgicon.dll"):
        assert wanted(windows + keep), keep
    for drop in ("platforms/libqwayland-egl.so", "platformthemes/libqgtk3.so",
                 "imageformats/libqwebp.so", "imageformats/libqtiff.so",
                 "platforminputcontexts/libibusplatforminputcontextplugin.so",
                 "wayland-shell-integration/libxdg-shell.so"):
        assert not wanted(linux + drop), drop
    assert not wanted(windows + "imageformats\\qwebp.dll")
    assert not wanted("PySide6/Qt/translations/qtbase_de.qm")
    assert wanted("PySide6/Qt/lib/libQt6Core.so.6") and wanted("numpy/__init__.py")
