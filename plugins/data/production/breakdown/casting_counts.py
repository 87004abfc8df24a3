"""The casting count of an entity (``nb_entities_out``): how many assets it casts.

Kept right by every path that changes casting links: casting updates, link
deletions (generic or not) and asset deletions.
"""

from __future__ import annotations

import peewee

from ...models import Entity, EntityLink
from ...models.base import utcnow


def recount(entity_ids: list) -> dict:
    """Store each entity's number of cast assets (``nb_entities_out``) and return them."""

    counts = dict(EntityLink.select(EntityLink.entity_in, peewee.fn.COUNT(EntityLink.id))
                  .where(EntityLink.entity_in.in_(entity_ids)).group_by(EntityLink.entity_in).tuples())
    now = utcnow()
    by_count: dict[int, list] = {}
    for entity_id in dict.fromkeys(entity_ids):
        by_count.setdefault(counts.get(entity_id, 0), []).append(entity_id)
    for count, ids in by_count.items():
        Entity.update(nb_entities_out=count, updated_at=now).where(Entity.id.in_(ids)).execute()
    return counts
