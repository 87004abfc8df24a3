"""Comparing imported values with stored ones, and letting plugins judge the ``data`` an import writes.

An entity's, task's or project's ``data`` goes through ``data_validate_values``
like every other write of it (the ``metadata`` plugin types the values of its
descriptors): one call per project for the batch; when it refuses, the rows of
that project are judged one by one so the answer names the first bad row.
Values equal to what is stored are not judged again (a re-import never fails
on a value it already holds).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from clapboard.errors import ClapboardError
from clapboard.plugins.data.crud.masking import holds_values
from clapboard.plugins.data.crud.meta import ModelInfo
from clapboard.plugins.data.crud.values import ValueWrite

from .prepare import Prepared, RowError


def same(stored, value) -> bool:
    """Whether an imported value equals the stored one (date-times to the second, as Zou serializes them)."""

    if isinstance(stored, datetime) and isinstance(value, datetime):
        return stored.replace(microsecond=0) == value.replace(microsecond=0)
    if isinstance(stored, bool) or isinstance(value, bool):  # True == 1 is no match here
        return stored is value
    return stored == value


def _where(info: ModelInfo, row: Prepared, current: dict | None):
    def key(name):
        return row.values[name] if name in row.values else (current or {}).get(name)

    project = row.id if info.table == "project" else key("project")
    return project, key("entity_type"), key("task_type")


def judge_values(app, actor, info: ModelInfo, batch: list[Prepared], stored: dict) -> None:
    """Ask ``data_validate_values`` about every changed ``data`` dict of the batch (a ``RowError`` on refusal)."""

    hook = getattr(app.hook, "data_validate_values", None)
    if hook is None or not holds_values(info.model):
        return
    by_project: dict = defaultdict(list)
    for row in batch:
        current = stored.get(row.id)
        after = row.values.get("data")
        before = (current or {}).get("data") or {}
        if not isinstance(after, dict) or after == before:
            continue
        project, entity_type, task_type = _where(info, row, current)
        write = ValueWrite(before=before, after=after, row_id=row.id if current else None,
                           entity_type_id=entity_type, task_type_id=task_type)
        by_project[project].append((row, write))
    for project, writes in by_project.items():
        try:
            hook(app=app, actor=actor, model=info.model, project_id=project, writes=[w for _, w in writes])
        except ClapboardError:
            for row, write in writes:
                try:
                    hook(app=app, actor=actor, model=info.model, project_id=project, writes=[write])
                except ClapboardError as exc:
                    raise RowError(row.index, exc.message, exc.details.get("errors")) from exc
            raise
