"""``?force=true`` deletes: remove everything that depends on a row, deepest first.

Dependencies are the foreign keys that restrict deletion (link-table keys
cascade by themselves) plus the id columns Zou keeps without a foreign key
(a comment's ``object_id`` is its task, a chat's its entity). All of it runs
in the request's transaction: either the whole tree goes, or nothing does.
"""

from __future__ import annotations

import peewee


def _soft_references():
    """``(model, column, target model)`` for ids stored without a foreign key."""

    from .. import models as m

    return [
        (m.Comment, m.Comment.object_id, m.Task),
        (m.Chat, m.Chat.object_id, m.Entity),
        (m.ScheduleItem, m.ScheduleItem.object_id, m.Entity),
    ]


def _nullable_soft_references():
    """Id columns without a foreign key that are merely cleared."""

    from .. import models as m

    return [
        (m.Entity, m.Entity.preview_file_id, m.PreviewFile),
        (m.Task, m.Task.last_preview_file_id, m.PreviewFile),
        (m.Project, m.Project.from_schedule_version_id, m.ProductionScheduleVersion),
    ]


def _dependents(model, all_models):
    for other in all_models:
        for field in other._meta.sorted_fields:
            if isinstance(field, peewee.ForeignKeyField) and field.rel_model is model:
                yield other, field
    for other, column, target in _soft_references():
        if target is model:
            yield other, column


def purge(model, ids, all_models, depth: int = 0) -> None:
    """Delete the rows of ``model`` whose id is in ``ids`` (a list or subquery) and all they hold.

    Dependents are addressed through subqueries, never by listing their ids, so
    a production of any size stays within the database's parameter limits.
    """

    if depth > 12:
        raise RuntimeError(f"dependency chain too deep while deleting {model.__name__}")
    for other, column, target in _nullable_soft_references():
        if target is model:
            other.update({column: None}).where(column.in_(ids)).execute()
    for other, field in _dependents(model, all_models):
        if isinstance(field, peewee.ForeignKeyField) and field.on_delete == "CASCADE":
            continue
        if not isinstance(other._meta.primary_key, peewee.Field) or other._meta.primary_key.name != "id":
            other.delete().where(field.in_(ids)).execute()
            continue
        dependent = other.select(other.id).where(field.in_(ids))
        if dependent.exists():
            purge(other, dependent, all_models, depth + 1)
    model.delete().where(model.id.in_(ids)).execute()
