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


# -- private attributes ------------------------------------------------------------------------
# The reach-ins the review found (issue 11), each with the only module that may read it off
# another object.
OWN_PRIVATE = {"_briefing": ("core/session.py",), "_engine": ("core/summary.py",),
               "_fx": ("core/session.py",), "_gui_summary_cache": ()}
_SELF = ("self", "cls")


def _private_attributes(path: Path):
    """(defined, used) private attribute names of one module: ``defined`` from ``self._x = ``,
    methods, class and module attributes; ``used`` is (line, name, expression) for every
    ``x._name`` on an object that is not ``self`` or ``cls``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    defined, used = set(), []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__"):
            if isinstance(node.value, ast.Name) and node.value.id in _SELF:
                if isinstance(node.ctx, ast.Store):
                    defined.add(node.attr)
            elif not (isinstance(node.value, ast.Call) and ast.unparse(node.value) == "super()"):
                used.append((node.lineno, node.attr, ast.unparse(node)))
    return {n for n in defined if n.startswith("_")}, used


def test_no_private_attribute_is_read_across_a_package():
    """``x._name`` where ``_name`` belongs to another package's objects (``s._briefing`` in
    export reading core's Summary) fails; a package may use its own private attributes."""
    per_file = {p: _private_attributes(p) for p in _sources()}
    owners: dict[str, set[str]] = {}
    for path, (defined, _used) in per_file.items():
        for name in defined:
            owners.setdefault(name, set()).add(_top(_module_name(path)))
    breaches = []
    for path, (_defined, used) in per_file.items():
        mine = _top(_module_name(path))
        for line, name, expr in used:
            theirs = owners.get(name, set())
            if theirs and mine not in theirs:
                breaches.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {expr}  "
                                f"(private {name} of {', '.join(sorted(theirs))})")
    assert not breaches, "private attributes read across packages:\n" + "\n".join(breaches)


def test_the_reach_ins_the_review_found_stay_out():
    """The four named in issue 11, read off another object anywhere but their own module
    (also within core: the session and the summary keep their own)."""
    breaches = []
    for path, (_defined, used) in ((p, _private_attributes(p)) for p in _sources()):
        where = path.relative_to(PACKAGE).as_posix()
        breaches += [f"{where}:{line}: {expr}" for line, name, expr in used
                     if name in OWN_PRIVATE and where not in OWN_PRIVATE[name]]
    assert not breaches, "private state read from outside its module:\n" + "\n".join(breaches)


def test_the_attribute_check_sees_a_reach_in(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("class A:\n    def __init__(self, s):\n        self._mine = s._briefing\n"
                   "        super()._setup()\n", encoding="utf-8")
    defined, used = _private_attributes(bad)
    assert "_mine" in defined and "_briefing" not in defined
    assert used == [(3, "_briefing", "s._briefing")]


# -- room sizes --------------------------------------------------------------------------------
MAX_LINES = 600      # issue 11: no file over about 600 lines; a bigger one is split by its jobs


def test_no_source_file_is_too_big_to_see():
    big = {p.relative_to(PACKAGE.parent).as_posix(): n for p in _sources()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"source files over {MAX_LINES} lines (split them by job): {big}"
