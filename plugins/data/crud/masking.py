"""Keys of ``data`` an actor may not see: left out of what is answered, kept as stored when written back.

Other plugins decide (``data_hidden_values``: the ``metadata`` plugin hides a
client's non-client fields and a vendor's fields of other departments); this
module applies the decision wherever ``data`` rows leave the engine, so a
list, an item, a board and a to-do row agree. Masking works on copies: the
stored dicts and the rows a write reads before changing are never touched.
"""

from __future__ import annotations

from typing import Callable, Iterable

from clapboard import caching
from clapboard.errors import PermissionDenied

# Entity types that are not asset types (the engine's ENTITY_KINDS; kept here to avoid importing it).
_NOT_ASSETS = frozenset({"Episode", "Sequence", "Shot", "Scene", "Edit", "Concept"})
_HOLDERS = frozenset({"entity", "task", "project"})


def _entity_type_names() -> dict:
    from ..models import EntityType

    return {str(i): name for i, name in EntityType.select(EntityType.id, EntityType.name).tuples()}


def holds_values(model) -> bool:
    """Whether rows of ``model`` keep descriptor values in ``data`` (entities, tasks, projects)."""

    return model._meta.table_name in _HOLDERS


def entity_kind(type_name: str | None) -> str:
    """The descriptor kind of an entity type's name: its name for the reserved kinds, "Asset" otherwise."""

    return type_name if type_name in _NOT_ASSETS else "Asset"


class ValueMask:
    """One actor's hidden ``data`` keys, asked of the plugins once per (project, kind, task type)."""

    def __init__(self, answers: list[Callable]):
        self._answers = answers
        self._known: dict[tuple, frozenset] = {}
        self._type_names: dict | None = None

    def hidden(self, project_id, kind: str, task_type_id=None) -> frozenset:
        key = (str(project_id), kind, str(task_type_id) if kind == "Task" and task_type_id else None)
        found = self._known.get(key)
        if found is None:
            found = frozenset().union(*(answer(*key) or () for answer in self._answers))
            self._known[key] = found
        return found

    def kind_of(self, entity_type_id) -> str:
        if self._type_names is None:
            self._type_names = caching.memo("data.masking.entity_types", None, _entity_type_names)
        return entity_kind(self._type_names.get(str(entity_type_id)))

    def row_key(self, model, row: dict) -> tuple | None:
        """``(project_id, kind, task_type_id)`` of a serialized row of ``model`` (``None``: not a data holder)."""

        table = model._meta.table_name
        if table == "project":
            return row.get("id"), "Project", None
        if table == "task":
            return row.get("project_id"), "Task", row.get("task_type_id")
        if table == "entity":
            return row.get("project_id"), self.kind_of(row.get("entity_type_id")), None
        return None

    def clean(self, data, project_id, kind: str, task_type_id=None):
        """``data`` without the hidden keys (the same object when none of them is there)."""

        if not isinstance(data, dict) or not data:
            return data
        hidden = self.hidden(project_id, kind, task_type_id)
        if not hidden or hidden.isdisjoint(data):
            return data
        return {key: value for key, value in data.items() if key not in hidden}

    def rows(self, model, rows: Iterable[dict], data_key: str = "data") -> None:
        """Mask, in place, the ``data`` of serialized rows of ``model`` (a new dict replaces a masked one)."""

        for row in rows:
            data = row.get(data_key)
            if data:
                where = self.row_key(model, row)
                if where is not None:
                    row[data_key] = self.clean(data, *where)

    def joined_task_rows(self, rows: Iterable[dict]) -> None:
        """Mask task rows joined to their entity (to-do lists): the task's ``data`` and ``entity_data``."""

        for row in rows:
            if row.get("data"):
                row["data"] = self.clean(row["data"], row.get("project_id"), "Task", row.get("task_type_id"))
            if row.get("entity_data"):
                row["entity_data"] = self.clean(row["entity_data"], row.get("project_id"),
                                                entity_kind(row.get("entity_type_name")))

    def kept(self, before: dict | None, after, project_id, kind: str, task_type_id=None):
        """What to store when the actor writes ``after``: hidden keys as stored, refusing a change to one."""

        if not isinstance(after, dict):
            return after
        hidden = self.hidden(project_id, kind, task_type_id)
        if not hidden:
            return after
        before = before if isinstance(before, dict) else {}
        changed = sorted(key for key in hidden & set(after) if after[key] != before.get(key))
        if changed:
            raise PermissionDenied(f"You may not change data.{changed[0]}.",
                                   errors=[{"path": f"data.{key}", "message": "hidden field"} for key in changed])
        kept = {key: value for key, value in after.items()}
        kept.update({key: before[key] for key in hidden if key in before})
        return kept


def mask_joined_task_rows(app, actor, rows: list[dict]) -> list[dict]:
    """``rows`` (task rows joined to their entity) masked for ``actor``, in place."""

    mask = value_mask(app, actor)
    if mask is not None:
        mask.joined_task_rows(rows)
    return rows


def value_mask(app, actor) -> ValueMask | None:
    """The actor's mask, or ``None`` when every plugin says the actor sees every key."""

    if actor is None or getattr(actor, "is_system", False) or getattr(actor, "role", None) == "admin":
        return None
    hook = getattr(app.hook, "data_hidden_values", None)
    if hook is None:
        return None
    answers = [answer for answer in hook(app=app, actor=actor) if answer is not None]
    return ValueMask(answers) if answers else None
