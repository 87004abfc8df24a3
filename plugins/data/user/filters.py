"""The person's saved search filters: ``/data/user/filters`` (list, create) and ``/{filter_id}`` (update, delete).

Zou's semantics (``filter_rules`` holds who sees and who may share what):
the list is grouped by list type then project; creating files the filter
under the person; a filter in a group is shared exactly as its group is
(400 otherwise); a department or group that does not exist is a 404. Zou
emits no event for these writes, so neither do we; the policy still decides
every write (``data.search-filters.create|update|delete``, owner or admin).
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ..actors import require_person
from ..engine import context, validated
from ..models import SearchFilter
from ..models.base import utcnow
from . import filter_rules as rules

ANSWERS = "data/user/answers#/$defs"
ROW = "data/search-filters#/$defs/row"


def create_filter(ctx, body: dict) -> dict:
    me = require_person(ctx)
    project = rules.project_id(body.get("project_id"))
    shared = bool(body.get("is_shared")) and rules.may_share(ctx, SearchFilter, project)
    return rules.insert(ctx, SearchFilter, {
        "list_type": body.get("list_type", "todo"), "name": body["name"], "search_query": body["query"],
        "project": project, "person": me, "entity_type": body.get("entity_type"), "is_shared": shared,
        "search_filter_group": rules.group_for_filter(ctx, body.get("search_filter_group_id"), me, shared),
        "department": rules.department_id(body.get("department_id")),
    })


def update_filter(ctx, filter_id, body: dict) -> dict:
    me = require_person(ctx)
    row = rules.own_row(ctx, SearchFilter, filter_id, me)
    changes = rules.changes(ctx, SearchFilter, row, body, ("name", "search_query"))
    shared = changes.get("is_shared", row["is_shared"])
    group = body["search_filter_group_id"] if "search_filter_group_id" in body else row["search_filter_group_id"]
    group = rules.group_for_filter(ctx, group, me, shared)
    if "search_filter_group_id" in body:
        changes["search_filter_group"] = group
    rules.save(ctx, SearchFilter, row, changes, utcnow())
    return rules.fetch(SearchFilter, row["id"])


def delete_filter(ctx, filter_id) -> None:
    row = rules.reached(ctx, SearchFilter, filter_id, "delete")
    SearchFilter.delete().where(SearchFilter.id == row["id"]).execute()


class Filters:
    def on_get(self, req, resp):
        ctx = context(req)
        me = require_person(ctx)
        resp.media = rules.grouped(ctx, SearchFilter, me)

    def on_post(self, req, resp):
        ctx = context(req)
        require_person(ctx)
        resp.media = create_filter(ctx, validated(req, "data/user/filter_create"))
        resp.status = falcon.HTTP_201


class OneFilter:
    def on_put(self, req, resp, filter_id):
        ctx = context(req)
        require_person(ctx)
        resp.media = update_filter(ctx, filter_id, validated(req, "data/user/filter_update"))

    def on_delete(self, req, resp, filter_id):
        delete_filter(context(req), filter_id)
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    return [
        Route("/data/user/filters", Filters(), tags=("data",), operations={
            "GET": Operation(summary="The person's search filters and the ones shared with them, by list type "
                                     "and project", response_schema=f"{ANSWERS}/filters"),
            "POST": Operation(summary="Save a search filter", request_schema="data/user/filter_create",
                              response_schema=ROW, status=201)}),
        Route("/data/user/filters/{filter_id}", OneFilter(), tags=("data",), operations={
            "PUT": Operation(summary="Change one of the person's search filters",
                             request_schema="data/user/filter_update", response_schema=ROW),
            "DELETE": Operation(summary="Remove one of the person's search filters", status=204)}),
    ]
