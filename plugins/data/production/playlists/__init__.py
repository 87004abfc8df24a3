"""Production routes: playlists family (the review lists of a production and the previews they show).

The reads Kitsu's playlist page starts from: a production's playlists (paged,
sorted), an episode's, one playlist with the preview revisions of its entities,
and the previews of an entity it may add. Each module exposes
``routes() -> list[Route]``; ``MODULES`` lists them.
"""

from __future__ import annotations

from ...families import gather_routes

MODULES = ("lists", "revisions", "running", "temp", "adding", "notify")


def routes() -> list:
    return gather_routes(__name__, MODULES)
