"""Metadata columns: cells of the columns named like a descriptor go to ``data``, judged by its type.

Descriptors come from the ``data_descriptors`` hook (none when the metadata
plugin is disabled: such columns are then ignored, as Zou ignores every
column it does not know). As in Zou, a column matches a descriptor of the
project for the kind of rows by its *name* and its cell is stored under the
descriptor's ``field_name``; a boolean is stored as "true"/"false" and a
person as their id (found by full name, e-mail or id). An empty cell clears
the value: the key is left out of ``data`` (Zou stores ``""``, which Kitsu
shows and exports the same way; leaving it out keeps an export → import →
export round trip's stored rows equal). Every other value is kept as written and
judged by ``data_validate_values`` — once for the whole file; when the file
is refused, halves are judged again to name the first refused line.
"""

from __future__ import annotations

from clapboard.errors import BadRequest

from .lookups import People, truth
from .reader import CsvError, Table


def project_descriptors(app, project_id, entity_type: str) -> list[dict]:
    """The project's descriptors for rows of ``entity_type`` ("Asset", "Shot", "Edit"…), from the hook."""

    hook = getattr(app.hook, "data_descriptors", None)
    if hook is None:
        return []
    found = []
    for answer in hook(app=app, project_ids=[project_id]):
        for descriptors in (answer or {}).values():
            found += [d for d in descriptors if d.get("entity_type") == entity_type and not d.get("task_type_id")]
    return found


class DescriptorColumns:
    """The file's descriptor columns for one kind of rows, and how their cells are stored."""

    def __init__(self, app, project_id, entity_type: str, table: Table, people: People):
        self.people = people
        self.columns = [d for d in project_descriptors(app, project_id, entity_type) if table.has(d["name"])]

    def values(self, row) -> dict:
        """``{field_name: value}`` of the row's descriptor cells, ``None`` for an empty one (a value to
        clear); a bad boolean or person refuses the line."""

        found = {}
        for descriptor in self.columns:
            value = (row.values.get(descriptor["name"]) or "").strip() or None
            if value is not None:
                if descriptor.get("data_type") == "boolean":
                    value = "true" if truth(value, row.line_number, descriptor["name"]) else "false"
                elif descriptor.get("data_type") == "person":
                    value = str(self.people.find(value, row.line_number))
            found[descriptor["field_name"]] = value
        return found


def judge(app, actor, model, project_id, writes: list) -> None:
    """Let ``data_validate_values`` judge ``writes`` (``(line, ValueWrite)`` pairs) in one call.

    A refusal (400) names the first refused line; other refusals (a 403)
    pass through as they are.
    """

    hook = getattr(app.hook, "data_validate_values", None)
    if hook is None or not writes:
        return

    def judged(part) -> BadRequest | None:
        try:
            hook(app=app, actor=actor, model=model, project_id=project_id, writes=[w for _, w in part])
        except BadRequest as exc:
            return exc
        return None

    refusal = judged(writes)
    if refusal is None:
        return
    part = writes
    while len(part) > 1:
        half = len(part) // 2
        first = judged(part[:half])
        if first is not None:
            part, refusal = part[:half], first
        else:
            part = part[half:]
            refusal = judged(part) or refusal
    details = {k: v for k, v in refusal.details.items() if k not in ("line_number", "imported_rows")}
    raise CsvError(refusal.message, part[0][0], **details)
