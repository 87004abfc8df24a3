"""Production routes: the tasks family (tasks, comments, previews rows, time spent, subscriptions).

Each sub-family lives in its own module of this package exposing ``routes()``;
this module gathers them for the data plugin.
"""

from __future__ import annotations

from ...families import gather_routes

MODULES = ("lists", "full", "open", "create", "remove", "assign",
           "comments", "replies", "comment_lists", "previews", "preview_lists",
           "time_spents", "subscriptions", "comment_item", "review")


def routes() -> list:
    return gather_routes(__package__, MODULES)
