"""Production routes: the breakdown (casting, asset instances, shots made from scenes).

The routes live in sub-family modules; this one gathers them for the data plugin.
"""

from __future__ import annotations

from ..crud import behaviours
from . import breakdown_casting_routes, breakdown_instances, breakdown_links_routes, breakdown_scenes
from .casting_counts import recount


def _recount_after_delete(ctx, link: dict) -> None:
    recount([link["entity_in_id"]])


def routes() -> list:
    # A generic DELETE /data/entity-links/<id> must keep the caster's count right too.
    behaviours.on_after_delete("entity_link", _recount_after_delete)
    return (breakdown_casting_routes.routes() + breakdown_links_routes.routes() + breakdown_instances.routes()
            + breakdown_scenes.routes())
