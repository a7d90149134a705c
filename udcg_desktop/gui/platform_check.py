"""Before the window opens on Linux: can Qt's xcb platform plugin load?

On a bare machine Qt aborts with "Could not load the Qt platform plugin 'xcb'" and a paragraph
that does not say what is missing (usually libxcb-cursor0, libxcb-icccm4 and libxcb-keysyms1).
``missing_xcb_message()`` loads the plugin the way Qt would, before any QApplication exists, and
when that fails returns one line naming the missing libraries and the command that installs them.
No Qt import: this runs before Qt is loaded.
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Fedora's package per library, where its name is not the library's (Debian's follows from the
# library's name: libxcb-cursor.so.0 -> libxcb-cursor0, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0).
FEDORA = {"libxcb-cursor": "xcb-util-cursor", "libxcb-icccm": "xcb-util-wm",
          "libxcb-keysyms": "xcb-util-keysyms", "libxcb-image": "xcb-util-image",
          "libxcb-render-util": "xcb-util-renderutil", "libxcb-util": "xcb-util",
          "libxkbcommon-x11": "libxkbcommon-x11", "libxkbcommon": "libxkbcommon",
          "libX11-xcb": "libX11-xcb", "libX11": "libX11", "libGL": "libglvnd-glx",
          "libEGL": "libglvnd-egl", "libfontconfig": "fontconfig", "libfreetype": "freetype",
          "libdbus-1": "dbus-libs", "libglib-2.0": "glib2"}
_SONAME = re.compile(r"^(?P<name>[A-Za-z0-9_+.-]+?)\.so\.(?P<major>\d+)")


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships a library, by Debian's naming rule."""
    m = _SONAME.match(soname)
    if not m:
        return soname
    name, major = m["name"].lower(), m["major"]
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def fedora_package(soname: str) -> str:
    m = _SONAME.match(soname)
    name = m["name"] if m else soname
    if name in FEDORA:
        return FEDORA[name]
    return "libxcb" if name.startswith("libxcb") else name


def xcb_plugins() -> list[Path]:
    """The xcb platform plugins Qt would try, in its order: ``$QT_QPA_PLATFORM_PLUGIN_PATH``,
    then Qt's own plugin folder."""
    folders = []
    if os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        folders.append(Path(os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"]))
    spec = importlib.util.find_spec("PySide6")
    for root in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(root) / "Qt" / "plugins" / "platforms")
    return [f / "libqxcb.so" for f in folders if (f / "libqxcb.so").is_file()]


def wants_xcb(env=os.environ) -> bool:
    """True when Qt would pick the xcb platform: asked for, or the default under X11."""
    if not sys.platform.startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if asked:
        return asked == "xcb"
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return False     # Qt prefers its Wayland plugin in a Wayland session
    return bool(env.get("DISPLAY"))


def missing_libraries(plugin: Path) -> list[str]:
    """The libraries the plugin (and what it links to) needs but the system lacks; [] if it
    loads. ``ldd`` lists them all; without it, the loader's error names the first."""
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
        return []
    except OSError as exc:
        error = str(exc)
    missing = []
    if shutil.which("ldd"):
        try:
            out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                                 timeout=20).stdout
            missing = [line.split("=>")[0].strip() for line in out.splitlines()
                       if "not found" in line]
        except (OSError, subprocess.SubprocessError):
            pass
    if not missing:
        m = re.search(r"([\w.+-]+\.so[\w.]*): cannot open shared object", error)
        missing = [m.group(1)] if m else []
    return list(dict.fromkeys(missing)) or [f"(unknown: {error})"]


def missing_xcb_message(env=os.environ) -> str | None:
    """One line naming what the xcb plugin lacks and how to install it; None when the window
    can open (or the plugin is not the one Qt will use)."""
    if not wants_xcb(env):
        return None
    missing = []
    for plugin in xcb_plugins():       # Qt goes on to the next when one cannot load
        missing = missing_libraries(plugin)
        if not missing:
            return None
    if not missing:
        return None      # a Qt without the plugin: Qt's own message says so
    return message_for(missing)


def message_for(missing: list[str]) -> str:
    """The one line for these missing libraries."""
    known = [m for m in missing if _SONAME.match(m)]
    debian = " ".join(dict.fromkeys(debian_package(m) for m in known))
    fedora = " ".join(dict.fromkeys(fedora_package(m) for m in known))
    install = (f"; install them with: sudo apt-get install {debian} (Debian/Ubuntu) or "
               f"sudo dnf install {fedora} (Fedora)") if known else ""
    return (f"udcg-desktop: cannot open the window: Qt's xcb platform plugin needs "
            f"{', '.join(missing)}, missing on this system{install}. summary, validate and "
            f"export work without them.")
