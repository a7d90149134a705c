"""Build the self-contained app: ``python resources/packaging/build_bundle.py``.

Needs the ``bundle`` extra (``pip install -e ".[bundle]"``). Writes
* ``dist/udcg-desktop/``: the executable ``udcg-desktop`` (``udcg-desktop.exe`` on Windows), the
  libraries it needs under ``_internal/``, and beside them what the app ships: ``data/`` (the
  sample briefing, its illustrative control areas, the ECB fx rates), ``resources/`` (the offline
  base map and its attribution, the area-of-interest outlines, ...), ``LICENSE``,
  ``THIRD-PARTY-NOTICES.txt`` with the licence of every bundled library in ``licenses/``, and
  ``README.txt`` (how to run it);
* ``dist/udcg-desktop-<version>-<platform>.tar.gz`` (``.zip`` on Windows) of that folder;
prints the size and what takes the space, and exits 1 when the folder is not under 200 MB
(``--size-only`` checks an existing build).
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPEC = Path(__file__).resolve().parent / "udcg-desktop.spec"
NAME = "udcg-desktop"
# What the app reads at run time: data/ and resources/ less the scripts that build them and
# this folder.
SHIPPED = ("data", "resources")
LEFT_OUT = {"packaging", "__pycache__"}
README = """UDCG Briefing Desktop {version} (self-contained build, {platform})

Run:      ./{exe}                      the window on the bundled sample briefing
          ./{exe} FILE ...             the window on your files
          ./{exe} summary FILE ...     figures without a window (--json for JSON)
          ./{exe} export FILE ... --out DIR
          ./{exe} --self-test          open the sample offscreen, export a pack, check it
No Python and no network are needed. The folder can be moved anywhere; keep its contents together.
On Linux the window needs the X11 libraries of a desktop (Debian/Ubuntu: sudo apt-get install
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1; Fedora: sudo dnf install xcb-util-cursor
xcb-util-wm xcb-util-keysyms); the app names any that are missing.
data/ holds the sample briefing; LICENSE, THIRD-PARTY-NOTICES.txt and licenses/ the licences;
resources/basemap/ATTRIBUTION.md the base map's sources.
"""


def run_pyinstaller(dist: Path, work: Path, video: bool = False) -> None:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("+", " ".join(cmd), flush=True)
    env = dict(os.environ, UDCG_BUNDLE_VIDEO="1" if video else "")
    subprocess.run(cmd, check=True, cwd=REPO, env=env)


def strip_debug_symbols(target: Path) -> int:
    """``strip --strip-debug`` the libraries that carry debug sections (here the Python library
    and its extension modules: 22 MB -> 5 MB). Not the wheels' vendored ``*.libs`` (patched by
    auditwheel: stripping one broke numpy's OpenBLAS), and not on a machine without ``strip``."""
    strip = shutil.which("strip")
    if not strip or not sys.platform.startswith("linux"):
        return 0
    saved = 0
    for path in target.rglob("*.so*"):
        if path.is_symlink() or not path.is_file() or any(p.endswith(".libs")
                                                          for p in path.parts):
            continue
        with open(path, "rb") as fh:
            if fh.read(4) != b"\x7fELF" or b".debug_info" not in fh.read():
                continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


# ICU data Qt never asks for: display names of units, currencies, zones, languages and regions,
# transliteration and spelled-out numbers (Qt formats with its own CLDR tables). Qt's uses of ICU
# (case mapping, collation, converters, break rules) keep their data. 32 MB -> 17 MB.
ICU_UNUSED = ("unit/", "curr/", "zone/", "lang/", "region/", "translit/", "rbnf/")


def trim_icu_data(target: Path) -> int:
    """Rebuild PySide6's ``libicudata.so.<N>`` without the ``ICU_UNUSED`` items (ICU's own tools:
    icupkg, genccode, and gcc to link). Returns the bytes saved; 0, with a note, where the tools
    are missing (the build is then ~15 MB bigger) or on a system whose Qt has no bundled ICU."""
    lib = next(iter(sorted(target.glob("_internal/PySide6/Qt/lib/libicudata.so.*"))), None)
    tools = {t: shutil.which(t) for t in ("icupkg", "genccode", "gcc")}
    if lib is None:
        return 0
    if not all(tools.values()):
        missing = " ".join(t for t, found in tools.items() if not found)
        print(f"note: ICU data left whole ({missing} not found: apt-get install icu-devtools gcc)")
        return 0
    major = lib.name.rsplit(".so.", 1)[1].split(".")[0]
    name = f"icudt{major}l"           # the data package's own name ("l": little-endian)
    before = lib.stat().st_size
    with tempfile.TemporaryDirectory(prefix="udcg-icu-") as tmp:
        tmp = Path(tmp)
        try:
            start, size = _elf_symbol(lib, f"icudt{major}_dat")
            with open(lib, "rb") as fh:
                fh.seek(start)
                (tmp / f"{name}.dat").write_bytes(fh.read(size))
            items = subprocess.run([tools["icupkg"], "-l", f"{name}.dat"], cwd=tmp, check=True,
                                   capture_output=True, text=True).stdout.split()
            (tmp / "remove.txt").write_text("\n".join(i for i in items
                                                      if i.startswith(ICU_UNUSED)))
            (tmp / "out").mkdir()
            for cmd in ([tools["icupkg"], "-r", "remove.txt", f"{name}.dat", f"out/{name}.dat"],
                        [tools["genccode"], "-q", "-e", f"icudt{major}", "-a", "gcc", "-d", ".",
                         f"out/{name}.dat"],
                        [tools["gcc"], "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}",
                         "-o", lib.name, f"{name}_dat.S"]):
                subprocess.run(cmd, cwd=tmp, check=True, capture_output=True, text=True)
        except (subprocess.CalledProcessError, RuntimeError) as err:
            why = getattr(err, "stderr", "") or err
            print(f"note: ICU data left whole (trimming {lib.name} failed: {why})")
            return 0
        shutil.copyfile(tmp / lib.name, lib)
    return before - lib.stat().st_size


def _elf_symbol(lib: Path, symbol: str) -> tuple[int, int]:
    """(file offset, size) of a data symbol of a shared library, from ``readelf``."""
    syms = subprocess.run(["readelf", "-Ws", str(lib)], check=True, capture_output=True,
                          text=True).stdout
    sections = subprocess.run(["readelf", "-SW", str(lib)], check=True, capture_output=True,
                              text=True).stdout
    for line in syms.splitlines():
        f = line.split()
        if len(f) >= 8 and f[-1] == symbol:
            addr, size, ndx = int(f[1], 16), int(f[2], 0), f[6]
            break
    else:
        raise RuntimeError(f"{lib}: no symbol {symbol}")
    for line in sections.splitlines():
        m = re.match(r"\s*\[\s*(\d+)\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and m.group(1) == ndx:
            return int(m.group(3), 16) + addr - int(m.group(2), 16), size
    raise RuntimeError(f"{lib}: no section {ndx} for {symbol}")


def copy_shipped(target: Path) -> None:
    for folder in SHIPPED:
        for src in sorted((REPO / folder).rglob("*")):
            rel = src.relative_to(REPO)
            if (src.is_file() and src.suffix not in (".py", ".pyc")
                    and not LEFT_OUT & set(rel.parts)):
                dest = target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)


def runtime_distributions(root: str = "udcg-desktop") -> list[metadata.Distribution]:
    """The app's distribution and every one it needs at run time (extras left out)."""
    from packaging.requirements import Requirement
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def _licence_name(dist: metadata.Distribution) -> str:
    md = dist.metadata
    for field in ("License-Expression", "License"):
        value = (md.get(field) or "").strip()
        if value and len(value) < 120 and "\n" not in value:
            return value
    classifiers = [c.split("::")[-1].strip() for c in md.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the project's home page"


def _licence_files(dist: metadata.Distribution) -> list[Path]:
    files = []
    for f in dist.files or []:
        name = f.name.upper()
        if ".dist-info" in str(f) and (name.startswith(("LICEN", "COPYING", "NOTICE", "AUTHORS"))
                                       or "/licenses/" in str(f).replace("\\", "/")):
            path = Path(dist.locate_file(f))
            if path.is_file():
                files.append(path)
    return files


def write_licences(target: Path) -> None:
    """LICENSE (the app's), licenses/<project>/ (each bundled library's files) and a notice."""
    shutil.copy2(REPO / "LICENSE", target / "LICENSE")
    lic_dir = target / "licenses"
    lines = ["Third-party software in this build, with its licence. The files each project ships",
             "are in licenses/<project>/. Qt and PySide6 are used under the LGPL-3.0: their",
             "libraries are the separate files in _internal/PySide6/ and can be replaced.", ""]
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python_licence.is_file():
        (lic_dir / "Python").mkdir(parents=True, exist_ok=True)
        shutil.copy2(python_licence, lic_dir / "Python" / "LICENSE.txt")
    lines.append(f"Python {platform.python_version()}: PSF-2.0 (https://www.python.org)")
    for dist in runtime_distributions():
        name = dist.metadata["Name"]
        if name.lower() == "udcg-desktop":
            continue
        files = _licence_files(dist)
        for f in files:
            dest = lic_dir / name / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
        home = dist.metadata.get("Home-page") or next(
            (u.split(",", 1)[1].strip() for u in dist.metadata.get_all("Project-URL") or []
             if "," in u), "")
        lines.append(f"{name} {dist.version}: {_licence_name(dist)}" + (f" ({home})" if home
                                                                       else ""))
    lgpl = Path("/usr/share/common-licenses/LGPL-3")
    if lgpl.is_file():
        (lic_dir / "PySide6-Essentials").mkdir(parents=True, exist_ok=True)
        shutil.copy2(lgpl, lic_dir / "PySide6-Essentials" / "LGPL-3.txt")
    lines += ["", "Data: see data/sample_control_areas/README.md, the sources column of the sample",
              "workbook, and resources/basemap/ATTRIBUTION.md (Natural Earth, public domain;",
              "GeoNames, CC BY 4.0). ECB euro reference rates: (c) European Central Bank."]
    (target / "THIRD-PARTY-NOTICES.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def executable_name(system: str = sys.platform) -> str:
    """PyInstaller's EXE adds ``.exe`` to the spec's name on Windows."""
    return NAME + (".exe" if system.startswith("win") else "")


def write_readme(target: Path, version: str, system: str = sys.platform) -> None:
    (target / "README.txt").write_text(README.format(version=version, exe=executable_name(system),
                                                     platform=platform_tag(system)),
                                       encoding="utf-8")


def platform_tag(system: str = sys.platform) -> str:
    return f"{system.replace('32', '')}-{platform.machine().lower()}"


def pack(target: Path, version: str, system: str = sys.platform) -> Path:
    """The folder as one archive beside it, everything under ``udcg-desktop/``: a zip on Windows
    (what Explorer opens), a tar.gz elsewhere (keeps the executable bit)."""
    stem = f"{NAME}-{version}-{platform_tag(system)}"
    if system.startswith("win"):
        archive = target.parent / f"{stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(target.rglob("*")):
                z.write(p, (Path(NAME) / p.relative_to(target)).as_posix())
    else:
        archive = target.parent / f"{stem}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(target, arcname=NAME)
    return archive


# Issue 15: under 200 MB unpacked (decimal megabytes), checked on every build.
SIZE_LIMIT_MB = 200


def size_parts(target: Path) -> dict[str, int]:
    """Bytes per part of the folder: a part is a Qt library, a PySide6 binding or plugin folder,
    another package folder, or a single file."""
    internal = target / "_internal"
    parts: dict[str, int] = {}
    for p in target.rglob("*"):
        if not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(internal if internal in p.parents else target)
        if internal in p.parents and rel.parts[0] == "PySide6" and len(rel.parts) > 1:
            if rel.parts[1:3] == ("Qt", "lib"):
                key = f"PySide6/Qt/lib/{rel.name.split('.so')[0]}"
            elif rel.parts[1:3] == ("Qt", "plugins") and len(rel.parts) > 4:
                key = f"PySide6/Qt/plugins/{rel.parts[3]}/"
            else:
                key = "PySide6/" + (rel.parts[1] + "/" if len(rel.parts) > 2 else rel.name)
        elif len(rel.parts) > 1:
            key = rel.parts[0] + "/"
        else:
            key = rel.name
        parts[key] = parts.get(key, 0) + p.stat().st_size
    return parts


def size_report(target: Path, top: int = 12) -> tuple[int, str]:
    """(total bytes, the report): the total in MiB and MB against the limit, the biggest parts."""
    parts = size_parts(target)
    total = sum(parts.values())
    lines = [f"{target}: {total / 2**20:.1f} MiB = {total / 1e6:.1f} MB unpacked "
             f"(limit {SIZE_LIMIT_MB} MB), {len(parts)} parts, "
             f"{sum(1 for _ in target.rglob('*'))} files and folders; biggest parts:"]
    for key, size in sorted(parts.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {size / 2**20:7.1f} MiB  {key}")
    return total, "\n".join(lines)


def size_check(target: Path) -> tuple[bool, str]:
    """(under the limit, the report with the verdict): the build fails when it is not."""
    total, report = size_report(target)
    if total < SIZE_LIMIT_MB * 1e6:
        return True, report + f"\nsize ok: {SIZE_LIMIT_MB * 1e6 - total:,.0f} bytes under the limit"
    return False, report + (f"\nerror: {total / 1e6:.1f} MB unpacked, over the {SIZE_LIMIT_MB} MB "
                            "limit (issue 15): see the biggest parts above")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller")
    parser.add_argument("--with-video", action="store_true",
                        help="include the animated map export (PyAV and FFmpeg, ~100 MB more; "
                             'needs pip install -e ".[video]")')
    parser.add_argument("--size-only", action="store_true",
                        help="only report the size of the existing build and check the limit")
    args = parser.parse_args(argv)
    if args.size_only:
        ok, report = size_check(args.dist / NAME)
        print(report)
        return 0 if ok else 1
    sys.path.insert(0, str(REPO))
    from udcg_desktop import __version__
    t0 = time.perf_counter()
    run_pyinstaller(args.dist, args.work, args.with_video)
    target = args.dist / NAME
    saved = strip_debug_symbols(target)
    print(f"debug symbols stripped: {saved / 2**20:.1f} MiB")
    saved = trim_icu_data(target)
    print(f"ICU data trimmed: {saved / 2**20:.1f} MiB")
    copy_shipped(target)
    write_licences(target)
    write_readme(target, __version__)
    archive = pack(target, __version__)
    print(f"{archive}: {archive.stat().st_size / 2**20:.1f} MiB")
    print(f"built in {time.perf_counter() - t0:.0f} s; try: {target / executable_name()} "
          "--self-test")
    ok, report = size_check(target)
    print(report)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
