"""Ids of copied rows that Clapboard keeps under another id: the source's id → the stored row's id, per table.

An import keeps every id, except when a row is adopted by one of its unique
keys (a sync finding Clapboard's own "Todo" status under another id, a casting
link stored under another id): later rows that point at it — a task's status,
a project's task statuses — are rewritten through this map before they are
checked and written.
"""

from __future__ import annotations

import uuid


class IdMap:
    def __init__(self):
        self._by_table: dict[str, dict[uuid.UUID, uuid.UUID]] = {}

    def add(self, table: str, source: uuid.UUID, stored: uuid.UUID) -> None:
        if source != stored:
            self._by_table.setdefault(table, {})[source] = stored

    def get(self, table: str, source):
        """The stored id for ``source`` (``source`` itself when it was kept)."""

        if source is None:
            return None
        return self._by_table.get(table, {}).get(source, source)

    def count(self, table: str) -> int:
        return len(self._by_table.get(table, {}))
