"""Names in cells turned into ids, each table read once per import (never a query per row).

People are named as Kitsu's exports name them (full name) or by e-mail or
id; statuses by name or short name, case aside; truth values as Zou's
``strtobool`` reads them.
"""

from __future__ import annotations

import uuid

from clapboard.plugins.data.models import Person, TaskStatus

from .reader import CsvError

TRUTHS = {**dict.fromkeys(("y", "yes", "t", "true", "on", "1"), True),
          **dict.fromkeys(("n", "no", "f", "false", "off", "0"), False)}


def truth(value: str, line: int, label: str) -> bool:
    """A yes/no cell (Zou's ``strtobool``); anything else refuses the line."""

    found = TRUTHS.get(value.strip().lower())
    if found is None:
        raise CsvError(f"A value is invalid: {label}: {value!r} is not true or false.", line)
    return found


class People:
    """Persons by lower-cased full name, e-mail and id; read on first use."""

    def __init__(self):
        self._by_key: dict[str, uuid.UUID] | None = None

    def _load(self) -> dict[str, uuid.UUID]:
        found: dict[str, uuid.UUID] = {}
        query = Person.select(Person.id, Person.first_name, Person.last_name, Person.email).order_by(
            Person.created_at.desc())  # the oldest wins a shared full name: written last
        for person_id, first, last, email in query.tuples():
            found[str(person_id)] = person_id
            found[f"{first} {last}".strip().lower()] = person_id
            if email:
                found[email.strip().lower()] = person_id
        return found

    def find(self, value: str, line: int) -> uuid.UUID:
        if self._by_key is None:
            self._by_key = self._load()
        found = self._by_key.get(value.strip().lower())
        if found is None:
            raise CsvError(f"Person not found for {value}", line)
        return found

    def many(self, cell: str, line: int) -> list[uuid.UUID]:
        """Comma-separated people (Kitsu's "Assignations" cells), in order, each once."""

        names = [name.strip() for name in cell.split(",") if name.strip()]
        return list(dict.fromkeys(self.find(name, line) for name in names))


class Statuses:
    """Task statuses by lower-cased name and short name (Zou matches either)."""

    def __init__(self):
        self._by_name: dict[str, uuid.UUID] = {}
        for status_id, name, short_name in TaskStatus.select(
                TaskStatus.id, TaskStatus.name, TaskStatus.short_name).order_by(TaskStatus.created_at).tuples():
            for key in (name, short_name):
                if key:
                    self._by_name.setdefault(key.strip().lower(), status_id)

    def find(self, value: str, line: int) -> uuid.UUID:
        found = self._by_name.get(value.strip().lower())
        if found is None:
            raise CsvError(f"Task status not found for {value}", line)
        return found
