"""The wheel must carry every package folder and the shipped data (a non-editable install)."""
import tomllib
from pathlib import Path

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
