"""The xcb platform plugin check: a missing system library is one line naming it and the install
command, not Qt's abort. Missing libraries are simulated two ways: a copy of the real plugin whose
dependency on libxcb-cursor.so.0 is renamed to a library no system has, and (as root, where mount
namespaces are allowed) the three usual libraries hidden from the whole process."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from udcg_desktop.gui import platform_check as pc

REPO = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux's")
FAKE = b"libudcgtest-x.so.0"          # as long as the name it replaces
USUAL = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
# In a private mount namespace: the system library folder replaced by links to its files, less
# the three libraries a bare machine lacks; then run the command given.
HIDE = r"""
set -e
lib=/usr/lib/x86_64-linux-gnu
d=$(mktemp -d "$TMP/hide.XXXXXX")
mkdir "$d/orig" "$d/links"
mount --bind "$lib" "$d/orig"
for f in "$d"/orig/* "$d"/orig/.[!.]*; do
  case "${f##*/}" in libxcb-cursor.so*|libxcb-icccm.so*|libxcb-keysyms.so*) ;;
    *) [ -e "$f" ] && ln -s "$f" "$d/links/${f##*/}" ;; esac
done
mount --bind "$d/links" "$lib"
exec "$@"
"""


@pytest.fixture
def plugin():
    found = pc.xcb_plugins()
    if not found:
        pytest.skip("this Qt has no xcb plugin")
    return found[-1]


def test_debian_and_fedora_package_names_of_the_usual_missing_libraries():
    more = USUAL + ["libxkbcommon-x11.so.0", "libX11-xcb.so.1"]
    assert [pc.debian_package(s) for s in more] == [
        "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0", "libx11-xcb1"]
    assert [pc.fedora_package(s) for s in more] == [
        "xcb-util-cursor", "xcb-util-wm", "xcb-util-keysyms", "libxkbcommon-x11", "libX11-xcb"]
    assert pc.fedora_package("libxcb-randr.so.0") == "libxcb"


def test_only_an_xcb_start_is_checked():
    linux = sys.platform.startswith("linux")
    assert pc.wants_xcb({"DISPLAY": ":0"}) == linux
    assert pc.wants_xcb({"QT_QPA_PLATFORM": "xcb"}) == linux
    assert not pc.wants_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert not pc.wants_xcb({})                                   # no display: Qt's own error
    assert not pc.wants_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0",
                             "XDG_SESSION_TYPE": "wayland"})


@linux_only
def test_the_installed_plugin_loads_here(plugin):
    assert pc.missing_libraries(plugin) == []
    assert pc.missing_xcb_message({"DISPLAY": ":0"}) is None


@linux_only
def test_a_library_missing_from_a_plugin_is_named_with_the_install_commands(plugin, tmp_path):
    data = plugin.read_bytes()
    old = b"\0libxcb-cursor.so.0\0"
    assert data.count(old) == 1, "the plugin no longer links libxcb-cursor.so.0 by that name"
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (platforms / "libqxcb.so").write_bytes(data.replace(old, b"\0" + FAKE + b"\0"))
    (tmp_path / "lib").symlink_to(plugin.parents[2] / "lib")     # the plugin's RUNPATH
    missing = pc.missing_libraries(platforms / "libqxcb.so")
    assert missing == [FAKE.decode()]
    message = pc.message_for(missing)
    assert "\n" not in message
    assert "libudcgtest-x.so.0" in message
    assert "sudo apt-get install libudcgtest-x0 (Debian/Ubuntu)" in message
    assert "sudo dnf install libudcgtest-x (Fedora)" in message


def _can_hide_libraries() -> bool:
    if not (sys.platform.startswith("linux") and shutil.which("unshare")
            and Path("/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0").exists()):
        return False
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _can_hide_libraries(), reason="needs root, unshare -m and the libraries")
def test_the_app_prints_one_line_instead_of_qts_abort(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(DISPLAY=":987", TMP=str(tmp_path), UDCG_CACHE_DIR=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path))
    out = subprocess.run(["unshare", "-m", "bash", "-c", HIDE, "hide",
                          sys.executable, "-m", "udcg_desktop"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    for lib in USUAL:
        assert lib in lines[0]
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in lines[0]
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms" in lines[0]
    # Qt itself, in the same place, cannot load the plugin (what the line replaces).
    qt = subprocess.run(["unshare", "-m", "bash", "-c", HIDE, "hide", sys.executable, "-c",
                         "from PySide6.QtWidgets import QApplication; QApplication([])"],
                        env=env, capture_output=True, text=True, timeout=120)
    assert qt.returncode != 0
    assert "Could not load the Qt platform plugin" in qt.stderr
