"""The file trees shipped with Clapboard (Zou's ``default`` and ``simple``), chosen by name.

A tree is read from this package's ``trees/<name>.json`` only when ``name`` is
one of the shipped ones: the name comes from a request body, so it never
reaches the file system as a path.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from clapboard.errors import BadRequest


@lru_cache(maxsize=1)
def names() -> tuple[str, ...]:
    folder = resources.files(__package__) / "trees"
    return tuple(sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".json")))


def shipped(name: str) -> dict:
    """A fresh copy of the shipped tree ``name`` (400 "Selected tree is not available" otherwise)."""

    if name not in names():
        raise BadRequest("Selected tree is not available", tree_names=list(names()))
    return json.loads((resources.files(__package__) / "trees" / f"{name}.json").read_text("utf-8"))
