"""Production routes: the entities family (assets, shots, sequences, episodes, scenes, edits, concepts).

Each sub-family module declares its methods (``http.Method``); the
methods of one path, declared by several modules (a project's shots are
listed in one and created in another), become one route here.
"""

from __future__ import annotations

from importlib import import_module

from .http import build_routes

MODULES = ("lists", "items", "with_tasks", "create", "updates", "remove", "assets", "episode_stats", "shot_frames")


def routes() -> list:
    methods = []
    for name in MODULES:
        methods.extend(import_module(f"{__package__}.{name}").methods())
    return build_routes(methods)
