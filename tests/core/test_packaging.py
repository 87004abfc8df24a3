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


def _package_folder(package: str, mapping: dict) -> Path:
    prefix = max((p for p in mapping if package == p or package.startswith(p + ".")), key=len)
    rest = package[len(prefix):].lstrip(".")
    return ROOT / mapping[prefix] / Path(*rest.split(".")) if rest else ROOT / mapping[prefix]


def test_every_data_file_ships_as_package_data():
    """Templates, schemas and other non-Python files of the packages are matched by package-data."""

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping = config["package-dir"]
    shipped = {path for package, patterns in config["package-data"].items()
               for pattern in patterns for path in _package_folder(package, mapping).glob(pattern)}
    data = {path for folder in mapping.values() for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".py", ".pyc")}
    assert any(p.suffix == ".tmpl" for p in data)
    assert data <= shipped, sorted(str(p.relative_to(ROOT)) for p in data - shipped)
