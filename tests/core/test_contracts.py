"""The package's import contracts, checked over the source with ``ast`` so a breach fails the
build: ``core`` imports none of io, export, gui, Qt, pyqtgraph or openpyxl; ``io`` and
``export`` import no gui and no Qt; no private name (``_name``) is imported across packages.
Imports inside functions count the same as those at the top of a module."""
import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "udcg_desktop"

FORBIDDEN = {
    "core": ("udcg_desktop.io", "udcg_desktop.export", "udcg_desktop.gui", "PySide6",
             "shiboken6", "pyqtgraph", "openpyxl"),
    "io": ("udcg_desktop.gui", "PySide6", "shiboken6", "pyqtgraph"),
    "export": ("udcg_desktop.gui", "PySide6", "shiboken6", "pyqtgraph"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path):
    """(line, imported module, names taken from it, the statement) for every import."""
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, [], ast.unparse(node)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            yield node.lineno, target, names, ast.unparse(node)
            for name in names:    # "from . import gui" imports the subpackage udcg_desktop.gui
                yield node.lineno, f"{target}.{name}", [], ast.unparse(node)


def _top(module: str) -> str:
    """The package of ``udcg_desktop.core.x`` is core; of ``udcg_desktop.cli`` it is cli."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "udcg_desktop" else ""


def _sources():
    return sorted(PACKAGE.rglob("*.py"))


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_source_is_found():
    files = _sources()
    assert len(files) > 50 and any(p.name == "pack.py" for p in files)


def test_layers_import_only_downwards():
    breaches = set()      # "from . import x" is seen as two imports: one line each
    for path in _sources():
        rules = FORBIDDEN.get(_top(_module_name(path)), ())
        for line, module, _names, stmt in _imports(path):
            for banned in rules:
                if _within(module, banned):
                    breaches.add(f"{path.relative_to(PACKAGE.parent)}:{line}: {stmt}  "
                                 f"({_top(_module_name(path))} must not import {banned})")
    assert not breaches, "imports across the layer boundary:\n" + "\n".join(sorted(breaches))


def test_no_private_name_crosses_a_package():
    breaches = []
    for path in _sources():
        mine = _top(_module_name(path))
        for line, module, names, stmt in _imports(path):
            theirs = _top(module)
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if theirs and theirs != mine and private:
                breaches.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {stmt}  "
                                f"(private {', '.join(private)} of {module})")
    assert not breaches, "private names imported across packages:\n" + "\n".join(breaches)


def test_the_checks_see_a_breach(tmp_path, monkeypatch):
    """The walker itself: a lazy relative import of gui inside a function in export is found,
    and so is a private name taken from core."""
    fake = tmp_path / "udcg_desktop"
    (fake / "export").mkdir(parents=True)
    (fake / "export" / "bad.py").write_text(
        "def f():\n    from ..gui.render import QtRenderer\n"
        "    from ..core.summary import _months\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    found = list(_imports(fake / "export" / "bad.py"))
    assert (2, "udcg_desktop.gui.render", ["QtRenderer"],
            "from ..gui.render import QtRenderer") in found
    assert (3, "udcg_desktop.core.summary", ["_months"],
            "from ..core.summary import _months") in found
