"""A project's budgets and their entries (one person or position per department over some months).

Only the project's managers (and admins) reach them: the ``budgets`` and
``budget-entries`` policy rules decide, asked with the project of the path so
that a team member who is not a manager is refused (403) rather than shown an
empty list. Writes go through the generic engine; Zou answers creations with
200, and lists budgets and entries without their timestamps.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ...crud import service
from ...crud.meta import info
from ...engine import NotFound, context, many, one, require, validated
from ...models import Budget, BudgetEntry
from .access import readable_project

SCHEMA = "data/production/projects/budgets"
BUDGET_CARD = ("id", "project_id", "revision", "name", "currency")
ENTRY_CARD = ("id", "budget_id", "department_id", "person_id", "start_date", "months_duration", "daily_salary",
              "position", "seniority", "exceptions")
ENTRY_FIELDS = ENTRY_CARD[2:]


def _card(row: dict, keys) -> dict:
    return {key: row[key] for key in keys}


def _budgets_of(ctx, project_id) -> dict:
    """The project, once the actor is known to manage its budgets."""

    project = readable_project(ctx, project_id)
    require(ctx, Budget, "read", row={"project_id": project["id"]})
    return project


def _budget(ctx, project_id, budget_id) -> dict:
    project = _budgets_of(ctx, project_id)
    budget = one(ctx, Budget, budget_id)
    if budget["project_id"] != project["id"]:
        raise NotFound(f"Budget {budget_id} not found.")
    return budget


def _entry(ctx, project_id, budget_id, entry_id) -> dict:
    budget = _budget(ctx, project_id, budget_id)
    entry = one(ctx, BudgetEntry, entry_id)
    if entry["budget_id"] != budget["id"]:
        raise NotFound(f"BudgetEntry {entry_id} not found.")
    return entry


def _months_off(exceptions) -> dict:
    """Zou keeps only the months with a positive number of days."""

    return {month: int(days) for month, days in (exceptions or {}).items() if days is not None and int(days) > 0}


class BudgetsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = _budgets_of(ctx, project_id)
        found = many(ctx, Budget, Budget.project == project["id"], order_by=(Budget.revision, Budget.created_at))
        resp.media = [_card(row, BUDGET_CARD) for row in found]

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/create")
        project = _budgets_of(ctx, project_id)
        last = Budget.select(Budget.revision).where(Budget.project == project["id"]).order_by(
            Budget.revision.desc()).limit(1).scalar()
        row = {"project_id": str(project["id"]), "name": body["name"], "currency": body.get("currency", "USD"),
               "revision": (last or 0) + 1}
        resp.media = service.create_row(ctx, info(Budget), row, event="budget:create")


class BudgetResource:
    def on_get(self, req, resp, project_id, budget_id):
        resp.media = _budget(context(req), project_id, budget_id)

    def on_put(self, req, resp, project_id, budget_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/update")
        budget = _budget(ctx, project_id, budget_id)
        changes = {key: body[key] for key in ("name", "currency") if body.get(key) is not None}
        resp.media = service.update_row(ctx, info(Budget), budget["id"], changes, event="budget:update")

    def on_delete(self, req, resp, project_id, budget_id):
        ctx = context(req)
        budget = _budget(ctx, project_id, budget_id)
        require(ctx, Budget, "delete", row=budget)
        BudgetEntry.delete().where(BudgetEntry.budget == budget["id"]).execute()
        service.delete_row(ctx, info(Budget), budget["id"], event="budget:delete")
        resp.status = falcon.HTTP_204


class EntriesResource:
    def on_get(self, req, resp, project_id, budget_id):
        ctx = context(req)
        budget = _budget(ctx, project_id, budget_id)
        found = many(ctx, BudgetEntry, BudgetEntry.budget == budget["id"],
                     order_by=(BudgetEntry.start_date, BudgetEntry.created_at))
        resp.media = [_card(row, ENTRY_CARD) for row in found]

    def on_post(self, req, resp, project_id, budget_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/entry_create")
        budget = _budget(ctx, project_id, budget_id)
        row = {key: body[key] for key in ENTRY_FIELDS if body.get(key) is not None}
        row.update(budget_id=str(budget["id"]), exceptions={})
        resp.media = service.create_row(ctx, info(BudgetEntry), row, event="budget-entry:create")


class EntryResource:
    def on_get(self, req, resp, project_id, budget_id, entry_id):
        resp.media = _entry(context(req), project_id, budget_id, entry_id)

    def on_put(self, req, resp, project_id, budget_id, entry_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/entry_update")
        entry = _entry(ctx, project_id, budget_id, entry_id)
        changes = {key: body[key] for key in ENTRY_FIELDS if key in body}
        if "exceptions" in changes:
            changes["exceptions"] = _months_off(changes["exceptions"])
        resp.media = service.update_row(ctx, info(BudgetEntry), entry["id"], changes, event="budget-entry:update")

    def on_delete(self, req, resp, project_id, budget_id, entry_id):
        ctx = context(req)
        entry = _entry(ctx, project_id, budget_id, entry_id)
        service.delete_row(ctx, info(BudgetEntry), entry["id"], event="budget-entry:delete")
        resp.status = falcon.HTTP_204


def routes() -> list:
    base = "/data/projects/{project_id}/budgets"
    budget_row, entry_row = "data/budgets#/$defs/row", "data/budget-entries#/$defs/row"
    return [
        Route(base, BudgetsResource(), tags=("data",), operations={
            "GET": Operation(summary="Budgets of the project (managers)", response_schema=f"{SCHEMA}#/$defs/budgets",
                             operation_id="list_project_budgets"),
            "POST": Operation(summary="Create a budget, the project's next revision (managers)",
                              description="`currency` defaults to USD. Answers 200, as Zou does.",
                              request_schema=f"{SCHEMA}#/$defs/create", response_schema=budget_row,
                              operation_id="create_project_budget"),
        }),
        Route(f"{base}/{{budget_id}}", BudgetResource(), tags=("data",), operations={
            "GET": Operation(summary="A budget of the project (managers)", response_schema=budget_row,
                             operation_id="get_project_budget"),
            "PUT": Operation(summary="Rename a budget or change its currency (managers)",
                             request_schema=f"{SCHEMA}#/$defs/update", response_schema=budget_row,
                             operation_id="update_project_budget"),
            "DELETE": Operation(summary="Delete a budget and its entries (managers)", status=204,
                                operation_id="delete_project_budget"),
        }),
        Route(f"{base}/{{budget_id}}/entries", EntriesResource(), tags=("data",), operations={
            "GET": Operation(summary="Entries of a budget (managers)", response_schema=f"{SCHEMA}#/$defs/entries",
                             operation_id="list_project_budget_entries"),
            "POST": Operation(summary="Add an entry to a budget (managers)", description="Answers 200, as Zou does.",
                              request_schema=f"{SCHEMA}#/$defs/entry_create", response_schema=entry_row,
                              operation_id="create_project_budget_entry"),
        }),
        Route(f"{base}/{{budget_id}}/entries/{{entry_id}}", EntryResource(), tags=("data",), operations={
            "GET": Operation(summary="An entry of a budget (managers)", response_schema=entry_row,
                             operation_id="get_project_budget_entry"),
            "PUT": Operation(summary="Change an entry of a budget (managers)",
                             description="Months of `exceptions` with no positive day count are dropped.",
                             request_schema=f"{SCHEMA}#/$defs/entry_update", response_schema=entry_row,
                             operation_id="update_project_budget_entry"),
            "DELETE": Operation(summary="Delete an entry of a budget (managers)", status=204,
                                operation_id="delete_project_budget_entry"),
        }),
    ]
