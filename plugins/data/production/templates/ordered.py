"""A template's task types and task statuses: link rows that carry an order (and board roles).

As in Zou, attaching one twice keeps a single link (a priority sent replaces
the old one, and for statuses the board roles too); the lists show each studio
row with the link's values over its own, ordered by the link's priority then
name; reordering sets priority = position (from 1) for the ids given, linking
any not yet attached. An unknown id is a 400 and nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import falcon

from clapboard import Operation, Route

from ...crud import rows
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import BadRequest, context, ids_param, many, validated
from ...models import ProjectTemplateTaskStatusLink, ProjectTemplateTaskTypeLink, TaskStatus, TaskType
from .access import template_changed, template_for

SCHEMA = "data/production/templates"


@dataclass(frozen=True)
class Ordered:
    segment: str
    label: str
    body_key: str
    model: type
    link: type
    shown: tuple  # link columns shown over the studio row: (link column, key in the answer)

    @property
    def link_field(self):
        return getattr(self.link, self.body_key.removesuffix("_id"))

    def links(self, template_id) -> dict:
        query = self.link.select().where(self.link.project_template == template_id)
        return {str(getattr(link, self.body_key)): link for link in query}


TASK_TYPES = Ordered("task-types", "Task type", "task_type_id", TaskType, ProjectTemplateTaskTypeLink,
                     (("priority", "priority"), ("hd_bitrate_compression", "hd_bitrate_compression"),
                      ("ld_bitrate_compression", "ld_bitrate_compression"), ("is_client_visible", "is_client_visible")))
TASK_STATUSES = Ordered("task-statuses", "Task status", "task_status_id", TaskStatus, ProjectTemplateTaskStatusLink,
                        (("priority", "priority"), ("roles_for_board", "roles_for_board"),
                         ("is_client_allowed", "link_is_client_allowed")))


def listed(ctx, kind: Ordered, template_id) -> list[dict]:
    links = kind.links(template_id)
    found = many(ctx, kind.model, kind.model.id.in_(list(links))) if links else []
    for row in found:
        link = links[str(row["id"])]
        for column, key in kind.shown:
            row[key] = getattr(link, column)
    found.sort(key=lambda row: (row.get("priority") or 0, row.get("name") or ""))
    return found


def attach(kind: Ordered, template_id, row_id, priority=None, roles=None) -> dict:
    """Link ``row_id`` (a 400 when no such studio row); answers the link row as Zou serializes it."""

    if not kind.model.select().where(kind.model.id == row_id).exists():
        raise BadRequest(f"{kind.label} {row_id} does not exist")
    link = kind.link
    where = (link.project_template == template_id) & (kind.link_field == row_id)
    link_id = link.select(link.id).where(where).scalar()
    if link_id is None:
        link_id = uuid.uuid4()
        values = {"id": link_id, "project_template": template_id, kind.link_field.name: row_id, "priority": priority}
        if roles is not None:
            values["roles_for_board"] = roles
        link.insert(**values).execute()
    else:
        changes = {"priority": priority} if priority is not None else {}
        if roles is not None:
            changes["roles_for_board"] = roles
        if changes:
            link.update(**changes).where(link.id == link_id).execute()
    return rows.fetch_one(info(link), link_id, with_relations=False, derived_mode=None)


class OrderedResource:
    def __init__(self, kind: Ordered):
        self.kind = kind

    def on_get(self, req, resp, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id)
        resp.media = listed(ctx, self.kind, template["id"])

    def on_post(self, req, resp, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        body = validated(req, f"{SCHEMA}#/$defs/{self.kind.body_key.removesuffix('_id')}")
        resp.media = attach(self.kind, template["id"], parse_id(body[self.kind.body_key]), body.get("priority"),
                            body.get("roles_for_board"))
        template_changed(ctx, template["id"])
        resp.status = falcon.HTTP_201


class OrderedItemResource:
    def __init__(self, kind: Ordered):
        self.kind = kind

    def on_delete(self, req, resp, template_id, row_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        link = self.kind.link
        link.delete().where(link.project_template == template["id"], self.kind.link_field == parse_id(row_id)).execute()
        template_changed(ctx, template["id"])
        resp.status = falcon.HTTP_204


class ReorderResource:
    def __init__(self, kind: Ordered):
        self.kind = kind

    def on_post(self, req, resp, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        key = f"{self.kind.body_key}s"
        body = validated(req, f"{SCHEMA}#/$defs/reorder_{self.kind.segment.replace('-', '_')}")
        ids = ids_param(body[key], key)
        resp.media = [attach(self.kind, template["id"], row_id, position) for position, row_id in enumerate(ids, 1)]
        template_changed(ctx, template["id"])


def _routes(kind: Ordered, answer: str, link_answer: str) -> list:
    base = f"/data/project-templates/{{template_id}}/{kind.segment}"
    label = kind.label.lower()
    name = kind.body_key.removesuffix("_id")
    plural = kind.segment.replace("-", "_")
    return [
        Route(base, OrderedResource(kind), tags=("data",), operations={
            "GET": Operation(summary=f"The {label}s of a project template, in its order (admins and managers)",
                             description="Each studio row carries the template link's values over its own.",
                             response_schema=f"{SCHEMA}#/$defs/{answer}",
                             operation_id=f"list_project_template_{plural}"),
            "POST": Operation(summary=f"Attach a {label} to a project template (admins)",
                              description="Attaching it again keeps one link; a priority sent replaces the old one. "
                                          "Answers the link row.",
                              request_schema=f"{SCHEMA}#/$defs/{name}", response_schema=f"{SCHEMA}#/$defs/{link_answer}",
                              status=201, operation_id=f"add_project_template_{name}")}),
        Route(f"/actions/project-templates/{{template_id}}/{kind.segment}/reorder", ReorderResource(kind),
              tags=("data",), operations={"POST": Operation(
                  summary=f"Order a project template's {label}s (admins)",
                  description="Priority = position in the list, from 1; ids not yet attached are attached. "
                              "Answers the link rows.",
                  request_schema=f"{SCHEMA}#/$defs/reorder_{plural}",
                  response_schema=f"{SCHEMA}#/$defs/{link_answer}s", operation_id=f"reorder_project_template_{plural}")}),
        Route(f"{base}/{{row_id}}", OrderedItemResource(kind), tags=("data",), operations={"DELETE": Operation(
            summary=f"Detach a {label} from a project template (admins)", status=204,
            operation_id=f"remove_project_template_{name}")}),
    ]


def routes() -> list:
    return [*_routes(TASK_TYPES, "task_types", "task_type_link"),
            *_routes(TASK_STATUSES, "task_statuses", "task_status_link")]
