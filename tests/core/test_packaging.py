"""Every Python package of the tree is declared in pyproject.toml (else `pip install .` drops it)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_directory_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping = config["package-dir"]
    found = set()
    for name, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *relative)) if relative else name)
    assert found <= set(config["packages"]), sorted(found - set(config["packages"]))


def test_every_first_party_plugin_has_an_entry_point():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = config["project"]["entry-points"]["clapboard"]
    plugins = {p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists()}
    assert plugins == set(declared)
    assert all(value == f"clapboard.plugins.{name}" for name, value in declared.items())
