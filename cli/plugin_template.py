"""The files of a new plugin package, rendered from the templates shipped with Clapboard.

The templates live in ``templates/plugin/`` (package data) and end in
``.tmpl``, so that no tool takes them for Clapboard's own code or tests.
``{{key}}`` placeholders, in contents and in paths, are filled by plain
substitution; an unknown key is an error, so no file is ever half-filled.
"""

from __future__ import annotations

import importlib.metadata
import keyword
import re
from importlib.resources import files
from pathlib import Path, PurePosixPath

import clapboard

PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
SUFFIX = ".tmpl"
NAME = re.compile(r"[a-z][a-z0-9_]*")
# Table names are plugin_<name>_item: PostgreSQL cuts identifiers at 63 bytes.
MAX_NAME = 40
RESERVED = {"core", "test_actors"}


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a new plugin, or None."""

    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword: choose a name Python code can use as is"
    if not NAME.fullmatch(name):
        hint = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
        suggestion = f" (for example {hint!r})" if hint and NAME.fullmatch(hint) and hint != name else ""
        return (f"{name!r} is not a lowercase Python identifier: use a-z, 0-9 and _, "
                f"starting with a letter{suggestion}")
    if len(name) > MAX_NAME:
        return f"{name!r} is longer than {MAX_NAME} characters"
    if name in RESERVED or name in installed_plugins():
        return f"a plugin named {name!r} is already installed"
    return None


def installed_plugins() -> set[str]:
    return {ep.name for ep in importlib.metadata.entry_points(group="clapboard")}


def compatible_range(version: str) -> str:
    """Versions expected to keep the hooks of ``version``: same minor while 0.x, same major after."""

    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:2]] + [0, 0]
    major, minor = numbers[0], numbers[1]
    upper = f"{major}.{minor + 1}" if major == 0 else str(major + 1)
    return f">={major}.{minor},<{upper}"


def placeholders(name: str) -> dict[str, str]:
    words = name.split("_")
    return {
        "name": name,
        "package": f"clapboard_{name}",
        "title": " ".join(w.capitalize() for w in words if w),
        "camel": "".join(w.capitalize() for w in words),
        "upper": name.upper(),
        "clapboard_version": clapboard.__version__,
        "clapboard_range": compatible_range(clapboard.__version__),
    }


def render(text: str, values: dict[str, str]) -> str:
    def fill(match: re.Match) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"template placeholder {{{{{key}}}}} has no value")
        return values[key]

    return PLACEHOLDER.sub(fill, text)


def _templates(folder, prefix: PurePosixPath):
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _templates(entry, prefix / entry.name)
        elif entry.name.endswith(SUFFIX):
            yield prefix / entry.name[: -len(SUFFIX)], entry.read_text(encoding="utf-8")


def rendered(name: str) -> list[tuple[PurePosixPath, str]]:
    """``[(relative path, contents)]`` of the package for plugin ``name``, nothing written."""

    values = placeholders(name)
    root = files("clapboard.cli") / "templates" / "plugin"
    return [(PurePosixPath(render(str(path), values)), render(text, values))
            for path, text in _templates(root, PurePosixPath())]


def write(name: str, target: Path) -> list[Path]:
    """Write the package into ``target`` (created if missing); return the files written."""

    written = []
    for relative, text in rendered(name):
        path = target.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
