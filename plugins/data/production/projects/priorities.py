"""The order of task types and task statuses: studio-wide, and per project through link rows.

Zou's generic-CRUD extras: admins reorder the studio's task types; a project's
managers set the priority of one task type or task status link (creating the
link when missing) or reorder them all from a list. A reorder gives each id its
1-based position and skips ids without a row (it never creates links), in one
statement whatever the list's length. Project changes are a ``project:update``
for the clients, as for the other settings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import falcon
import peewee

from clapboard import Operation, Route

from ...crud import rows
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import BadRequest, context, ids_param, many, require, validated
from ...models import ProjectTaskStatusLink, ProjectTaskTypeLink, TaskStatus, TaskType
from ...models.base import utcnow
from .access import managed_project, project_changed

SCHEMA = "data/production/projects/priorities"


def _positions(ids: list[uuid.UUID]) -> dict:
    """``{id: 1-based position}``; an id listed twice keeps its last position, as in Zou."""

    return {row_id: position for position, row_id in enumerate(ids, start=1)}


def _set_priorities(model, key_field, positions: dict, *conditions) -> None:
    """One UPDATE giving each row keyed by ``key_field`` its position as priority."""

    if positions:
        priority = peewee.Case(key_field, [(key_field.to_value(key), value) for key, value in positions.items()])
        model.update(priority=priority, updated_at=utcnow()).where(
            key_field.in_(list(positions)), *conditions).execute()


@dataclass(frozen=True)
class LinkKind:
    """A project link table whose rows carry a priority: task types or task statuses."""

    label: str
    link: type
    target: type  # the studio-wide model the link points at
    body_key: str  # "task_type_id"

    @property
    def target_field(self):
        return next(f for f in self.link._meta.sorted_fields if getattr(f, "rel_model", None) is self.target)

    def rows(self, project_id, target_ids) -> list[dict]:
        """Link rows of the project for ``target_ids``, in that order (absent ones left out)."""

        query = rows.select(info(self.link)).where(self.link.project == project_id,
                                                   self.target_field.in_(list(target_ids)))
        found = {row[self.body_key]: row for row in rows.fetch_page(info(self.link), query, False)}
        return [found[target_id] for target_id in target_ids if target_id in found]


TASK_TYPE_LINKS = LinkKind("task type", ProjectTaskTypeLink, TaskType, "task_type_id")
TASK_STATUS_LINKS = LinkKind("task status", ProjectTaskStatusLink, TaskStatus, "task_status_id")


def _existing(kind: LinkKind, row_id) -> uuid.UUID:
    target = kind.target
    if not target.select().where(target.id == row_id).exists():
        raise BadRequest(f"No {kind.label} with id {row_id}.")
    return row_id


class TaskTypesReorderResource:
    def on_post(self, req, resp):
        ctx = context(req)
        require(ctx, TaskType, "update")  # the studio's task types: admins only
        body = validated(req, f"{SCHEMA}#/$defs/task_type_order")
        positions = _positions(ids_param(body["task_type_ids"], "task_type_ids"))
        _set_priorities(TaskType, TaskType.id, positions)
        found = {row["id"]: row for row in many(ctx, TaskType, TaskType.id.in_(list(positions)))}
        resp.media = [found[row_id] for row_id in positions if row_id in found]


class LinkPriorityResource:
    """POST ``/data/task-type-links`` (or ``task-status-links``): set one link's priority, creating it if needed."""

    def __init__(self, kind: LinkKind):
        self.kind = kind

    def on_post(self, req, resp):
        ctx = context(req)
        kind = self.kind
        body = validated(req, f"{SCHEMA}#/$defs/{kind.body_key.removesuffix('_id')}_link")
        project = managed_project(ctx, body["project_id"])
        target_id = _existing(kind, parse_id(body[kind.body_key]))
        values = {"priority": body.get("priority", 1)}
        if kind is TASK_STATUS_LINKS:  # Zou replaces the board roles too, with none when not sent
            values["roles_for_board"] = body.get("roles_for_board", [])
        link = kind.link
        link.insert(id=uuid.uuid4(), project=project["id"], **{kind.target_field.name: target_id}, **values) \
            .on_conflict(conflict_target=[link.project, kind.target_field],
                         update={**{getattr(link, key): value for key, value in values.items()},
                                 link.updated_at: utcnow()}) \
            .execute()
        project_changed(ctx, project["id"])
        resp.media = kind.rows(project["id"], [target_id])[0]
        resp.status = falcon.HTTP_201


class LinksReorderResource:
    """POST ``/actions/projects/<id>/task-type-links/reorder`` (or ``task-status-links``)."""

    def __init__(self, kind: LinkKind):
        self.kind = kind

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        kind = self.kind
        key = kind.body_key.removesuffix("_id") + "_ids"
        body = validated(req, f"{SCHEMA}#/$defs/{kind.body_key.removesuffix('_id')}_order")
        project = managed_project(ctx, project_id)
        positions = _positions(ids_param(body[key], key))
        _set_priorities(kind.link, kind.target_field, positions, kind.link.project == project["id"])
        project_changed(ctx, project["id"])
        resp.media = kind.rows(project["id"], list(positions))


def routes() -> list[Route]:
    found = [Route("/actions/task-types/reorder", TaskTypesReorderResource(), tags=("data",), operations={
        "POST": Operation(
            summary="Give the studio's task types the priorities of their order in the list (admins)",
            description="Ids without a task type are skipped. Answers the task types changed, in the list's order.",
            request_schema=f"{SCHEMA}#/$defs/task_type_order", response_schema="data/task-types#/$defs/list",
            operation_id="reorder_task_types")})]
    for kind, segment in ((TASK_TYPE_LINKS, "task-type-links"), (TASK_STATUS_LINKS, "task-status-links")):
        name = kind.body_key.removesuffix("_id")
        found += [
            Route(f"/data/{segment}", LinkPriorityResource(kind), tags=("data",), operations={"POST": Operation(
                summary=f"Set the priority of a {kind.label} in a project (its managers), linking it if needed",
                description="`priority` defaults to 1" + (
                    "; `roles_for_board` (default: none) replaces the roles that see the status on the board."
                    if kind is TASK_STATUS_LINKS else ".") + " Answers the link row (201, also on an update).",
                request_schema=f"{SCHEMA}#/$defs/{name}_link", response_schema=f"{SCHEMA}#/$defs/{name}_link_row",
                status=201, operation_id=f"set_project_{name}_priority")}),
            Route(f"/actions/projects/{{project_id}}/{segment}/reorder", LinksReorderResource(kind), tags=("data",),
                  operations={"POST": Operation(
                      summary=f"Give the project's {kind.label} links the priorities of their order in the list "
                              "(its managers)",
                      description="Ids the project does not use are skipped (no link is created). Answers the "
                                  "links changed, in the list's order.",
                      request_schema=f"{SCHEMA}#/$defs/{name}_order",
                      response_schema=f"{SCHEMA}#/$defs/{name}_link_rows",
                      operation_id=f"reorder_project_{name}_links")}),
        ]
    return found
