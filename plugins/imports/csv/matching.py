"""Names as Zou's casting and estimation imports compare them: slugs, so case and punctuation aside.

Zou matches a line to an entity by slugifying the names it joins ("Props" +
"Tree" is ``propstree``): "SH 010", "sh_010" and "Sh-010" name the same
shot. Here each name is slugged on its own and the slugs are compared as a
tuple, so two different pairs of names never join into one key ("AB" + "C"
against "A" + "BC"); accents are dropped and other letters (Japanese…) kept,
where a transliterating slug would drop them and mix names up.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

_SEPARATORS = re.compile(r"[\W_]+")


def slug(name: str | None) -> str:
    """``"Sh 010"`` → ``"sh-010"``, ``"Été"`` → ``"ete"``."""

    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return _SEPARATORS.sub("-", text).strip("-")


def key(*names: str | None) -> tuple[str, ...]:
    return tuple(slug(name) for name in names)


class Index:
    """Ids by key; a key naming several rows is ambiguous (``find`` answers them all)."""

    def __init__(self):
        self._ids: dict[tuple, list] = defaultdict(list)

    def add(self, names: tuple, row_id) -> None:
        if row_id not in self._ids[names]:
            self._ids[names].append(row_id)

    def find(self, names: tuple) -> list:
        return self._ids.get(names, [])
