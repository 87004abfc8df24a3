"""Studio-wide metadata descriptors: one column created, changed, removed or ordered on many productions at once.

Zou's ``…/metadata-descriptors/all-projects`` routes, which Kitsu uses to keep a
column in step across productions. They act on the **open** projects the
caller manages: every open project for an admin; for a manager, the open
projects whose team holds them as manager (a role on the team link replaces the
global one, as the project routes judge it). Like Zou, anyone whose studio role
is not admin or manager is refused with a 403 before anything is read.

A descriptor is matched across projects by entity type and ``field_name``; Task
descriptors belong to one task type, hence one project, and are left out (as in
Zou). Each project's descriptor goes through the same steps as the project
routes (``routes._create_body`` / ``_changes``, the generic engine with its
policy and its one ``metadata-descriptor:new|update|delete`` event per row, the
lifecycle: a rename moves the stored values, a change of type converts them
(``?dry_run=true`` answers each project's report and writes nothing), a delete
strips them), all in the request's transaction: a refusal on one project leaves
every project as it was.
"""

from __future__ import annotations

import falcon
import peewee

from clapboard import Operation, Route
from clapboard.errors import PermissionDenied
from clapboard.plugins.data.crud import service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import BadRequest, context, many, require, validated
from clapboard.plugins.data.models import Project, ProjectPersonLink
from clapboard.plugins.data.production.projects import open_project_ids

from . import lifecycle
from .lifecycle import field_name_for, strip_values
from .models import MetadataDescriptor as md
from .routes import _changes, _create_body

SCHEMA = "metadata/studio-descriptors"
KINDS = ("Asset", "Shot", "Edit", "Episode", "Sequence", "Project")
_ORDER = (md.position.asc(nulls="LAST"), md.name)


def managed_open_projects(ctx) -> list:
    """Ids of the open projects the actor manages, by project name (403 unless admin or manager)."""

    actor = ctx.actor
    if actor is None or actor.role not in ("admin", "manager"):
        raise PermissionDenied("Only admins and managers change metadata descriptors across projects.")
    query = Project.select(Project.id).where(Project.id.in_(open_project_ids())).order_by(Project.name, Project.id)
    if actor.role != "admin":
        link = ProjectPersonLink
        # Here the studio role is manager: a team link without a role of its own keeps it.
        managed = link.select(link.project).where(
            link.person == actor.id, (link.role == "manager") | link.role.is_null() | (link.role == ""))
        query = query.where(Project.id.in_(managed))
    return [project_id for (project_id,) in query.tuples()]


def _sharing(ctx, project_ids, kind: str, field_name: str) -> list[dict]:
    """The descriptors of ``kind`` named ``field_name`` on those projects, in the projects' order."""

    if not project_ids:
        return []
    rank = {str(pid): n for n, pid in enumerate(project_ids)}
    found = many(ctx, md, md.project.in_(project_ids), md.entity_type == kind, md.field_name == field_name,
                 relations=True)
    return sorted(found, key=lambda d: rank[str(d["project_id"])])


def _refuse_clashes(descriptors: list[dict], name: str) -> None:
    """A rename taken (as name or field name) by another column of the type on one project refuses them all."""

    new_field = field_name_for(name)
    clash = (md.select(Project.name).join(Project, on=(md.project == Project.id))
             .where(md.project.in_([d["project_id"] for d in descriptors]), md.entity_type == descriptors[0]["entity_type"],
                    md.task_type.is_null(), md.id.not_in([d["id"] for d in descriptors]),
                    (md.name == name) | (md.field_name == new_field))
             .order_by(Project.name).tuples().first())
    if clash is not None:
        raise BadRequest(f"Project {clash[0]} already has a {descriptors[0]['entity_type']} metadata descriptor "
                         f"named {name!r} or stored under {new_field!r}; nothing was changed.")


class StudioDescriptorsResource:
    def on_post(self, req, resp):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/create")
        project_ids = managed_open_projects(ctx)
        kind, field_name = body.get("entity_type") or "Asset", field_name_for(body["name"])
        owning = {str(pid) for (pid,) in md.select(md.project).where(
            md.project.in_(project_ids), md.entity_type == kind, md.field_name == field_name).tuples()}
        resp.media = [service.create_row(ctx, info(md), _create_body(pid, {**body, "entity_type": kind}),
                                         event="metadata-descriptor:new")
                      for pid in project_ids if str(pid) not in owning]
        resp.status = falcon.HTTP_201


class StudioDescriptorResource:
    def on_put(self, req, resp, field_name):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/update")
        changes = _changes(body)
        found = _sharing(ctx, managed_open_projects(ctx), body["entity_type"], field_name)
        if found and "name" in changes:
            _refuse_clashes(found, changes["name"])
        if lifecycle.dry_run_asked(ctx.params):  # each project's report of what would happen; nothing written
            for descriptor in found:
                require(ctx, md, "update", row=descriptor, changes=body)
            resp.media = [lifecycle.preview(descriptor, changes) for descriptor in found]
            return
        answers = []
        for descriptor in found:
            answer = service.update_row(ctx, info(md), descriptor["id"], dict(changes),
                                        event="metadata-descriptor:update")
            lifecycle.follow(descriptor, {**descriptor, **answer})  # values moved, then converted
            answers.append(answer)
        resp.media = answers

    def on_delete(self, req, resp, field_name):
        ctx = context(req)
        kind = req.params.get("entity_type")
        if kind not in KINDS:
            raise BadRequest(f"Wrong entity type {kind!r}: the query parameter entity_type must be one of "
                             f"{', '.join(KINDS)}.")
        removed = []
        for descriptor in _sharing(ctx, managed_open_projects(ctx), kind, field_name):
            require(ctx, md, "delete", row=descriptor)
            strip_values(descriptor)
            service.delete_row(ctx, info(md), descriptor["id"], event="metadata-descriptor:delete")
            removed.append(str(descriptor["id"]))
        resp.media = removed


def _ordered(names: dict, first: list) -> list:
    """``first`` then the others by name: the positions a reorder gives, as in Zou."""

    return first + sorted((i for i in names if i not in set(first)), key=lambda i: names[i])


class StudioReorderResource:
    def on_post(self, req, resp):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/reorder")
        kind, order = body["entity_type"], list(dict.fromkeys(body["field_order"]))
        project_ids = managed_open_projects(ctx)
        by_project: dict = {}
        for row_id, project_id, name, field_name in md.select(md.id, md.project, md.name, md.field_name).where(
                md.project.in_(project_ids), md.entity_type == kind).tuples():
            by_project.setdefault(project_id, {})[row_id] = (name, field_name)
        positions, touched = [], []
        for project_id in project_ids:
            rows = by_project.get(project_id, {})
            by_field = {field: row_id for row_id, (_name, field) in rows.items()}
            first = [by_field[field] for field in order if field in by_field]
            if not first:
                continue
            require(ctx, md, "update", row={"project_id": str(project_id)})
            touched.append(project_id)
            positions += [(md.id == row_id, n) for n, row_id in
                          enumerate(_ordered({i: name for i, (name, _f) in rows.items()}, first), start=1)]
        if positions:
            md.update(position=peewee.Case(None, positions)).where(
                md.project.in_(touched), md.entity_type == kind).execute()
        rank = {str(pid): n for n, pid in enumerate(touched)}
        found = many(ctx, md, md.project.in_(touched), md.entity_type == kind, order_by=_ORDER,
                     relations=True)
        resp.media = sorted(found, key=lambda d: rank[str(d["project_id"])])


def routes() -> list:
    base = "/data/metadata-descriptors/all-projects"
    rows = "metadata/project-descriptors#/$defs/descriptors"
    scope = ("Acts on every open project the caller manages (admins: every open project); refused (403) "
             "to anyone whose role is not admin or manager. Task descriptors are not handled here.")
    return [
        Route(base, StudioDescriptorsResource(), tags=("metadata",), operations={
            "POST": Operation(summary="Create a metadata descriptor on every managed open project",
                              description=f"{scope} Projects that already have a descriptor of that entity type "
                                          "and field name are left as they are. Answers the created descriptors.",
                              request_schema=f"{SCHEMA}#/$defs/create", response_schema=rows, status=201,
                              operation_id="create_studio_metadata_descriptor"),
        }),
        Route(f"{base}/{{field_name}}", StudioDescriptorResource(), tags=("metadata",), operations={
            "PUT": Operation(summary="Change a metadata descriptor on every managed open project",
                             description=f"{scope} Changes the descriptors of `entity_type` stored under "
                                         "`field_name`; a new name moves their stored values on each project, a "
                                         "new type converts them (what cannot be converted is kept as stored). "
                                         "A name taken on one project refuses the change everywhere. Answers "
                                         "the changed descriptors; with `dry_run=true`, each project's report "
                                         "of what would happen (nothing written).",
                             request_schema=f"{SCHEMA}#/$defs/update", response_schema=f"{SCHEMA}#/$defs/updated",
                             operation_id="update_studio_metadata_descriptor"),
            "DELETE": Operation(summary="Delete a metadata descriptor and its values on every managed open project",
                                description=f"{scope} The query parameter `entity_type` (required) with "
                                            "`field_name` picks the descriptors. Answers the removed ids.",
                                response_schema=f"{SCHEMA}#/$defs/removed", status=200,
                                operation_id="delete_studio_metadata_descriptor"),
        }),
        Route("/actions/metadata-descriptors/all-projects/reorder", StudioReorderResource(), tags=("metadata",),
              operations={
                  "POST": Operation(summary="Order the descriptors of one entity type on every managed open project",
                                    description=f"{scope} On each project holding one of `field_order`, those come "
                                                "first in that order, the others after by name. Answers the "
                                                "descriptors of the projects changed.",
                                    request_schema=f"{SCHEMA}#/$defs/reorder", response_schema=rows,
                                    operation_id="reorder_studio_metadata_descriptors"),
              }),
    ]
