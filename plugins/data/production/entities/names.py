"""Zou's full entity names ("E01 / SQ01 / SH010", "Character / Hero") without a query per row.

News rows, chats, notifications and quota shots name their entity the way Zou
does: a shot by its episode, sequence and own name, a sequence by its episode,
an asset by its asset type. ``join_names`` adds to a query the joins this needs
(the entity's type, parent and grandparent), so a whole page is named by the
query that reads it; ``full_names`` names a set of entities in one query.
"""

from __future__ import annotations

from peewee import JOIN

from ...models import Entity, EntityType

# Columns ``join_names`` appends, in this order.
NAME_COLUMNS = ("kind", "name", "source_id", "parent_id", "parent_name", "grand_id", "grand_name")


def join_names(query, entity):
    """``query`` extended with what names ``entity`` (a model or alias already joined)."""

    kind = EntityType.alias("naming_kind")
    parent = Entity.alias("naming_parent")
    grand = Entity.alias("naming_grand")
    return (query
            .select_extend(kind.name, entity.name, entity.source, parent.id, parent.name, grand.id, grand.name)
            .join_from(entity, kind, on=(entity.entity_type == kind.id))
            .join_from(entity, parent, JOIN.LEFT_OUTER, on=(entity.parent == parent.id))
            .join_from(parent, grand, JOIN.LEFT_OUTER, on=(parent.parent == grand.id)))


def full_name(kind, name, source_id, parent_id, parent_name, grand_id, grand_name) -> tuple[str, object]:
    """``(full name, episode id)`` from the columns ``join_names`` adds."""

    if kind == "Shot":
        if parent_id is None:
            return name, None
        if grand_id is None:
            return f"{parent_name} / {name}", None
        return f"{grand_name} / {parent_name} / {name}", grand_id
    if kind == "Episode":
        return name, None
    if kind == "Sequence":
        if parent_id is None:
            return name, None
        return f"{parent_name} / {name}", parent_id
    return f"{kind} / {name}", source_id


def full_names(entity_ids, *columns) -> dict:
    """``{entity id: (full name, episode id, *columns)}`` in one query (``columns`` of ``Entity``)."""

    if not entity_ids:
        return {}
    query = join_names(Entity.select(Entity.id, *columns), Entity).where(Entity.id.in_(list(entity_ids))).tuples()
    return {row[0]: (*full_name(*row[1 + len(columns):]), *row[1:1 + len(columns)]) for row in query}
