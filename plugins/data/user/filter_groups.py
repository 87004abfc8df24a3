"""Groups of saved search filters: ``/data/user/filter-groups`` (list, create) and ``/{filter_group_id}``.

Same rules as the filters (``filter_rules``). Zou's specifics: the list is
newest first; a group is read, changed and removed by its owner (or an
admin) only, even when shared; when a change sets ``is_shared``, the
group's filters follow the group's resulting value; removing a group removes
the filters filed under it, whoever saved them. No events, as in Zou.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ..actors import require_person
from ..engine import context, validated
from ..models import SearchFilter, SearchFilterGroup
from ..models.base import utcnow
from . import filter_rules as rules

ANSWERS = "data/user/answers#/$defs"
ROW = "data/search-filter-groups#/$defs/row"


def create_group(ctx, body: dict) -> dict:
    project = rules.project_id(body.get("project_id"))
    return rules.insert(ctx, SearchFilterGroup, {
        "list_type": body.get("list_type", "todo"), "name": body["name"], "color": body.get("color") or "",
        "project": project, "person": require_person(ctx), "entity_type": body.get("entity_type"),
        "is_shared": bool(body.get("is_shared")) and rules.may_share(ctx, SearchFilterGroup, project),
        "department": rules.department_id(body.get("department_id")),
    })


def update_group(ctx, group_id, body: dict) -> dict:
    row = rules.own_row(ctx, SearchFilterGroup, group_id, require_person(ctx))
    changes = rules.changes(ctx, SearchFilterGroup, row, body, ("name", "color"))
    now = utcnow()
    rules.save(ctx, SearchFilterGroup, row, changes, now)
    if "is_shared" in changes:
        SearchFilter.update(is_shared=changes["is_shared"], updated_at=now).where(
            SearchFilter.search_filter_group == row["id"], SearchFilter.is_shared != changes["is_shared"]).execute()
    return rules.fetch(SearchFilterGroup, row["id"])


def delete_group(ctx, group_id) -> None:
    row = rules.reached(ctx, SearchFilterGroup, group_id, "delete")
    SearchFilter.delete().where(SearchFilter.search_filter_group == row["id"]).execute()
    SearchFilterGroup.delete().where(SearchFilterGroup.id == row["id"]).execute()


class FilterGroups:
    def on_get(self, req, resp):
        ctx = context(req)
        me = require_person(ctx)
        resp.media = rules.grouped(ctx, SearchFilterGroup, me)

    def on_post(self, req, resp):
        ctx = context(req)
        require_person(ctx)
        resp.media = create_group(ctx, validated(req, "data/user/filter_group_create"))
        resp.status = falcon.HTTP_201


class OneFilterGroup:
    def on_get(self, req, resp, filter_group_id):
        resp.media = rules.reached(context(req), SearchFilterGroup, filter_group_id, "read")

    def on_put(self, req, resp, filter_group_id):
        ctx = context(req)
        require_person(ctx)
        resp.media = update_group(ctx, filter_group_id, validated(req, "data/user/filter_group_update"))

    def on_delete(self, req, resp, filter_group_id):
        delete_group(context(req), filter_group_id)
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    return [
        Route("/data/user/filter-groups", FilterGroups(), tags=("data",), operations={
            "GET": Operation(summary="The person's search filter groups and the ones shared with them, by list "
                                     "type and project", response_schema=f"{ANSWERS}/filter_groups"),
            "POST": Operation(summary="Create a search filter group", request_schema="data/user/filter_group_create",
                              response_schema=ROW, status=201)}),
        Route("/data/user/filter-groups/{filter_group_id}", OneFilterGroup(), tags=("data",), operations={
            "GET": Operation(summary="One of the person's search filter groups", response_schema=ROW),
            "PUT": Operation(summary="Change one of the person's search filter groups",
                             request_schema="data/user/filter_group_update", response_schema=ROW),
            "DELETE": Operation(summary="Remove one of the person's search filter groups and its filters",
                                status=204)}),
    ]
