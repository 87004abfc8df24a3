"""Production routes: the breakdown (casting, asset instances, shots made from scenes).

The routes live in sub-family modules; this one gathers them for the data plugin.
"""

from __future__ import annotations

from ...crud import behaviours
from . import casting_routes, instances, links_routes, scenes
from .casting_counts import recount


def _recount_after_delete(ctx, link: dict) -> None:
    recount([link["entity_in_id"]])


def routes() -> list:
    # A generic DELETE /data/entity-links/<id> must keep the caster's count right too.
    behaviours.on_after_delete("entity_link", _recount_after_delete)
    return (casting_routes.routes() + links_routes.routes() + instances.routes()
            + scenes.routes())
