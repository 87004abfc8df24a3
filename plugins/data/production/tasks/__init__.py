"""Production routes: the tasks family (tasks, comments, previews rows, time spent, subscriptions).

Each sub-family lives in its own module of this package exposing ``routes()``;
this module gathers them for the data plugin.
"""

from __future__ import annotations

from importlib import import_module

MODULES = ("lists", "full", "open", "create", "remove", "assign",
           "comments", "replies", "comment_lists", "previews", "preview_lists",
           "time_spents", "subscriptions")


def routes() -> list:
    found = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    return found
