"""Which of PySide6's files the self-contained build keeps: the Qt plugins the app needs, no
translations. Used by udcg-desktop.spec; plain Python so the tests can check it on any platform.

Plugins are named by their stem, so one list serves Linux (``platforms/libqxcb.so``), Windows
(``platforms/qwindows.dll``) and macOS (``platforms/libqcocoa.dylib``).
"""
from pathlib import PurePath

# Platforms: xcb (Linux desktops; Wayland sessions use it through XWayland), windows, cocoa, and
# offscreen/minimal (self-test, CI). Image formats: PNG is built into Qt; SVG for the exports and
# icons; JPEG, GIF and ICO as the common ones (not WebP, TIFF, ICNS, TGA, WBMP: 1.1 MB). The SVG
# icon engine, the xcb GL integration and the compose input context for typed accents. Not the
# GTK/portal platform themes or IBus: they pull in GTK, D-Bus and systemd libraries (~30 MB) for
# an app that draws its own Fusion style.
KEEP = {"platforms": {"qxcb", "qwindows", "qcocoa", "qoffscreen", "qminimal"},
        "imageformats": {"qsvg", "qjpeg", "qgif", "qico"},
        "iconengines": None,                 # None: every plugin of the folder
        "xcbglintegrations": None,
        "platforminputcontexts": {"composeplatforminputcontextplugin"}}


def plugin_stem(name: str) -> str:
    """``libqxcb.so`` / ``qwindows.dll`` / ``libqcocoa.dylib`` -> ``qxcb`` / ``qwindows`` / ...;
    Windows debug builds' trailing ``d`` is not expected (PySide6 wheels are release builds)."""
    stem = name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def wanted(dest: str) -> bool:
    """False for a bundled PySide6 file the app never uses (translations, unused plugins)."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return True
    if "translations" in parts:
        return False
    if "plugins" in parts:
        rest = parts[parts.index("plugins") + 1:]
        if len(rest) != 2 or rest[0] not in KEEP:
            return False
        names = KEEP[rest[0]]
        return names is None or plugin_stem(rest[1]) in names
    return True
