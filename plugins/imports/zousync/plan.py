"""What a sync copies, in the order rows point at each other, and how each list is read from Zou.

Reference data and people come whole; everything else only for the chosen
productions (all of them by default): lists Zou filters by project are asked
per project, the others (comments, time spents, previews…) are read whole and
kept for the chosen tasks. Relation lists come with the rows
(``relations=true``); a project's settings from its item route and team route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .client import SyncError, ZouClient


@dataclass
class Scope:
    """The productions being copied and the ids gathered on the way (to filter the lists read whole)."""

    client: ZouClient
    projects: list[dict]
    entities: set
    tasks: set
    comments: set

    @property
    def project_ids(self) -> list[str]:
        return [project["id"] for project in self.projects]


@dataclass(frozen=True)
class Step:
    """``kind``: a key of ``kinds.SYNC_KINDS``; ``prune``: ``(column, scope ids)``: stored rows whose column
    is among those ids but that Zou no longer lists are removed (a casting link taken out of a shot)."""

    kind: str
    read: Callable[[Scope], list[dict]]
    prune: tuple[str, str] | None = None


def _whole(path: str, relations: bool = False):
    return lambda scope: scope.client.rows(path, relations=relations or None)


def _per_project(path: str, relations: bool = False):
    def read(scope: Scope) -> list[dict]:
        found = []
        for project_id in scope.project_ids:
            found.extend(scope.client.rows(path, project_id=project_id, relations=relations or None))
        return found

    return read


def _kept(path: str, key: str, among: str, relations: bool = False):
    """The rows of a list read whole whose ``key`` is among the scope's ``among`` ids."""

    def read(scope: Scope) -> list[dict]:
        wanted = getattr(scope, among)
        return [row for row in scope.client.rows(path, relations=relations or None) if row.get(key) in wanted]

    return read


def projects(client: ZouClient, names: tuple[str, ...]) -> list[dict]:
    """The productions to copy (all when no name is given), with their settings and team roles."""

    found = client.rows("projects", relations=True)
    if names:
        by_name = {project["name"]: project for project in found}
        missing = [name for name in names if name not in by_name]
        if missing:
            raise SyncError(f"no production named {', '.join(map(repr, missing))} on the Zou server "
                            f"(there: {', '.join(sorted(by_name)) or 'none'})")
        found = [by_name[name] for name in dict.fromkeys(names)]
    rows = []
    for project in found:
        item = client.get(f"data/projects/{project['id']}")
        team = client.get(f"data/projects/{project['id']}/team")
        roles = {member["id"]: member["project_role"] for member in team or () if member.get("project_role")}
        rows.append({**item, **{k: project[k] for k in ("team", "asset_types", "task_statuses", "task_types",
                                                         "status_automations", "preview_background_files")
                                if k in project}, "team_roles": roles})
    return rows


def _entities(scope: Scope) -> list[dict]:
    """Entities without their ``entities_out``: casting comes with its links (ids, occurrences, labels) next."""

    found = [{k: v for k, v in row.items() if k != "entities_out"}
             for row in _per_project("entities", relations=True)(scope)]
    scope.entities.update(row["id"] for row in found)
    return _parents_first(found)


def _tasks(scope: Scope) -> list[dict]:
    found = _per_project("tasks", relations=True)(scope)
    scope.tasks.update(row["id"] for row in found)
    return found


def _comments(scope: Scope) -> list[dict]:
    found = _kept("comments", "object_id", "tasks", relations=True)(scope)
    scope.comments.update(row["id"] for row in found)
    return found


def _previews(scope: Scope) -> list[dict]:
    # Output files are not copied: a preview keeps no link to one.
    return [{**row, "source_file_id": None} for row in _kept("preview-files", "task_id", "tasks")(scope)]


def _parents_first(rows: list[dict]) -> list[dict]:
    """Episodes before their sequences before their shots (a batch can then be written in order)."""

    by_id = {row["id"]: row for row in rows}

    def depth(row, seen=()):
        parent = by_id.get(row.get("parent_id"))
        return 0 if parent is None or parent["id"] in seen else 1 + depth(parent, (*seen, row["id"]))

    return sorted(rows, key=depth)


STEPS: tuple[Step, ...] = (
    Step("departments", _whole("departments")),
    Step("studios", _whole("studios")),
    Step("project-status", _whole("project-status")),
    Step("task-types", _whole("task-types")),
    Step("task-status", _whole("task-status")),
    Step("entity-types", _whole("entity-types", relations=True)),
    Step("status-automations", _whole("status-automations")),
    Step("preview-background-files", _whole("preview-background-files")),
    Step("persons", _whole("persons", relations=True)),
    Step("projects", lambda scope: scope.projects),
    Step("metadata-descriptors", _per_project("metadata-descriptors", relations=True)),
    Step("entities", _entities),
    Step("entity-links", _kept("entity-links", "entity_in_id", "entities"), prune=("entity_in_id", "entities")),
    Step("tasks", _tasks),
    Step("preview-files", _previews),
    Step("comments", _comments),
    Step("attachment-files", _kept("attachment-files", "comment_id", "comments")),
    Step("time-spents", _kept("time-spents", "task_id", "tasks")),
    Step("playlists", _per_project("playlists")),
    Step("milestones", _per_project("milestones")),
    Step("schedule-items", _per_project("schedule-items")),
    Step("subscriptions", _kept("subscriptions", "task_id", "tasks")),
    Step("news", _kept("news", "task_id", "tasks")),
    Step("notifications", _kept("notifications", "task_id", "tasks")),
)
