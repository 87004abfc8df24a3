"""Production routes: the tasks family (tasks, comments, previews rows, time spent, subscriptions).

Each sub-family lives in its own ``tasks_*`` module exposing ``routes()``;
this module gathers them for the data plugin.
"""

from __future__ import annotations

from importlib import import_module

MODULES = ("tasks_lists", "tasks_full", "tasks_open", "tasks_create", "tasks_remove", "tasks_assign",
           "tasks_comments", "tasks_replies", "tasks_comment_lists", "tasks_previews", "tasks_preview_lists",
           "tasks_time", "tasks_subscriptions")


def routes() -> list:
    found = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    return found
