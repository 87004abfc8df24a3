"""Finding assets, shots, persons and tasks by name, from the database alone.

Zou asks a search server; here a case-insensitive substring match on the
name does the work, on SQLite and PostgreSQL alike. Each finder picks a page
of ids under the actor's scope (``app.scope``), then reads those rows through
``many()``, so a search never answers a row its list would hide: an artist
finds nothing outside their productions, a vendor only what is assigned to
them. Each finder costs a fixed number of statements.
"""

from __future__ import annotations

from peewee import JOIN, SQL, NodeList, fn

from ..engine import asset_type_ids, many
from ..models import Entity, EntityType, Person, PreviewFile, Project, Task
from ..production.tasks.rows import with_names

MATCHED = ["name"]


def contains(column, query: str):
    """``column`` holds ``query``, ignoring case; ``%`` and ``_`` in the query are plain characters."""

    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return NodeList((fn.LOWER(column), SQL("LIKE"), f"%{escaped}%", SQL("ESCAPE '\\'")))


def _read(ctx, model, ids: list) -> list[dict]:
    """The rows of ``ids`` through ``many()``, in the order of ``ids``."""

    if not ids:
        return []
    found = {row["id"]: row for row in many(ctx, model, model.id.in_(ids))}
    return [found[i] for i in ids if i in found]


def _ids(query, limit: int, offset: int) -> list:
    return [row_id for (row_id,) in query.limit(limit).offset(offset).tuples()]


def persons(ctx, query: str, limit: int, offset: int) -> list[dict]:
    """Active people whose full name holds ``query`` (a person card for non-admins)."""

    name = fn.COALESCE(Person.first_name, "").concat(" ").concat(fn.COALESCE(Person.last_name, ""))
    picked = (Person.select(Person.id)
              .where(Person.active == True, contains(name, query), *ctx.app.scope(ctx.actor, Person, "read"))  # noqa: E712
              .order_by(Person.first_name, Person.last_name, Person.id))
    found = _read(ctx, Person, _ids(picked, limit, offset))
    for row in found:
        row["matched_terms"] = list(MATCHED)
    return found


def _entities(ctx, query: str, kinds, projects, order, limit: int, offset: int) -> list[dict]:
    parent = Entity.alias("search_parent")
    kind = EntityType.alias("search_kind")
    picked = (Entity.select(Entity.id)
              .join_from(Entity, kind, on=(Entity.entity_type == kind.id))
              .join_from(Entity, parent, JOIN.LEFT_OUTER, on=(Entity.parent == parent.id))
              .where(Entity.entity_type.in_(kinds), Entity.project.in_(projects), contains(Entity.name, query),
                     *ctx.app.scope(ctx.actor, Entity, "read"))
              .order_by(*order(kind, parent), Entity.id))
    return _read(ctx, Entity, _ids(picked, limit, offset))


def _context_of(rows: list[dict]) -> dict:
    """``{entity id: (project name, tv show?, type name, parent, grandparent, preview extension)}``."""

    ids = [row["id"] for row in rows]
    if not ids:
        return {}
    parent, grand = Entity.alias("context_parent"), Entity.alias("context_grand")
    query = (Entity.select(Entity.id, Project.name, Project.production_type, EntityType.name, parent.name,
                           grand.id, grand.name, PreviewFile.extension)
             .join_from(Entity, Project, on=(Entity.project == Project.id))
             .join_from(Entity, EntityType, on=(Entity.entity_type == EntityType.id))
             .join_from(Entity, parent, JOIN.LEFT_OUTER, on=(Entity.parent == parent.id))
             .join_from(parent, grand, JOIN.LEFT_OUTER, on=(parent.parent == grand.id))
             .join_from(Entity, PreviewFile, JOIN.LEFT_OUTER, on=(Entity.preview_file_id == PreviewFile.id))
             .where(Entity.id.in_(ids)).tuples())
    return {values[0]: values[1:] for values in query}


def assets(ctx, query: str, projects, limit: int, offset: int) -> list[dict]:
    found = _entities(ctx, query, asset_type_ids(), projects, lambda kind, parent: (kind.name, Entity.name),
                      limit, offset)
    extra = _context_of(found)
    for row in found:
        project_name, _, type_name, _, _, _, extension = extra.get(row["id"], (None,) * 7)
        row.update({"project_name": project_name, "asset_type_name": type_name,
                    "preview_file_extension": extension, "matched_terms": list(MATCHED)})
    return found


def shots(ctx, query: str, projects, limit: int, offset: int) -> list[dict]:
    shot_kind = EntityType.select(EntityType.id).where(EntityType.name == "Shot")
    found = _entities(ctx, query, shot_kind, projects, lambda kind, parent: (parent.name, Entity.name),
                      limit, offset)
    extra = _context_of(found)
    for row in found:
        project_name, production_type, _, sequence, episode_id, episode, extension = \
            extra.get(row["id"], (None,) * 7)
        row.update({"project_name": project_name, "sequence_name": sequence or "",
                    "preview_file_extension": extension})
        if production_type == "tvshow" and episode_id is not None:
            row.update({"episode": episode, "episode_id": episode_id})
        row["matched_terms"] = list(MATCHED)
    return found


def tasks(ctx, query: str, projects, limit: int, offset: int) -> list[dict]:
    """Tasks whose own name or whose entity's name holds ``query``, with Zou's task-list names."""

    picked = (Task.select(Task.id)
              .join_from(Task, Entity, on=(Task.entity == Entity.id))
              .where(Task.project.in_(projects), contains(Task.name, query) | contains(Entity.name, query),
                     *ctx.app.scope(ctx.actor, Task, "read"))
              .order_by(Entity.name, Task.name, Task.id))
    found = with_names(_read(ctx, Task, _ids(picked, limit, offset)))
    for row in found:
        row["matched_terms"] = list(MATCHED)
    return found
