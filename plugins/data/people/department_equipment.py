"""The software licenses and hardware items each department uses (for budget forecasts; admins only, as in Zou).

Both kinds work alike: a list of every department's items keyed by
department id, adding an item to a department (idempotent, answering the
link), reading one linked item, and removing the link. An unknown department
or item is a 404; a malformed id a 400.
"""

from __future__ import annotations

from dataclasses import dataclass

import falcon

from clapboard import Operation, Route
from clapboard.errors import NotFound

from ..crud import rows
from ..crud.meta import info
from ..crud.values import parse_id
from ..engine import context, one, require, validated
from ..models import Department, HardwareItem, HardwareItemDepartmentLink, Software, SoftwareDepartmentLink

ANSWERS = "data/people/answers#/$defs/"


@dataclass(frozen=True)
class Equipment:
    """One kind of department equipment: the item model, its link model and the link's item column."""

    segment: str  # path segment: software-licenses, hardware-items
    model: type
    link: type
    key: str  # the item id's key in bodies and link answers
    schema: str  # the add body's schema and the item row's schema

    @property
    def item_column(self):
        return getattr(self.link, self.key[:-3])


SOFTWARE = Equipment("software-licenses", Software, SoftwareDepartmentLink, "software_id", "softwares")
HARDWARE = Equipment("hardware-items", HardwareItem, HardwareItemDepartmentLink, "hardware_item_id",
                     "hardware-items")


def _items(kind: Equipment, *conditions) -> list[tuple]:
    """``(department id, item row)`` pairs of the links matching ``conditions``."""

    model_info = info(kind.model)
    query = (rows.select(model_info).select_extend(kind.link.department.alias("linked_department"))
             .join(kind.link, on=(kind.item_column == kind.model.id))
             .order_by(kind.model.name, kind.model.id))
    if conditions:
        query = query.where(*conditions)
    found = rows.fetch_page(model_info, query, False)
    return [(row.pop("linked_department"), row) for row in found]


def by_department(ctx, kind: Equipment) -> dict:
    require(ctx, Department, "read-equipment")
    grouped: dict = {}
    for department_id, row in _items(kind):
        grouped.setdefault(department_id, []).append(row)
    return grouped


def _pair(ctx, kind: Equipment, department_id, item_id, verb: str) -> tuple[dict, dict]:
    require(ctx, Department, verb)
    department = one(ctx, Department, parse_id(department_id), relations=False)
    item = one(ctx, kind.model, parse_id(item_id), relations=False)
    return department, item


def linked_item(ctx, kind: Equipment, department_id, item_id) -> dict:
    department, item = _pair(ctx, kind, department_id, item_id, "read-equipment")
    found = _items(kind, kind.link.department == department["id"], kind.item_column == item["id"])
    if not found:
        raise NotFound(f"{info(kind.model).type_name} {item['id']} is not used by department {department['id']}.")
    return found[0][1]


def link_item(ctx, kind: Equipment, department_id, item_id) -> dict:
    department, item = _pair(ctx, kind, department_id, item_id, "change-equipment")
    kind.link.insert(department=department["id"], **{kind.key[:-3]: item["id"]}).on_conflict_ignore().execute()
    return {"department_id": department["id"], kind.key: item["id"], "type": kind.link.__name__}


def unlink_item(ctx, kind: Equipment, department_id, item_id) -> None:
    department, item = _pair(ctx, kind, department_id, item_id, "change-equipment")
    kind.link.delete().where(kind.link.department == department["id"], kind.item_column == item["id"]).execute()


def _resources(kind: Equipment):
    class All:
        def on_get(self, req, resp):
            resp.media = by_department(context(req), kind)

    class Add:
        def on_post(self, req, resp, department_id):
            body = validated(req, f"data/people/{kind.key}")
            resp.media = link_item(context(req), kind, department_id, body[kind.key])
            resp.status = falcon.HTTP_201

    class One:
        def on_get(self, req, resp, department_id, **item):
            resp.media = linked_item(context(req), kind, department_id, item[kind.key])

        def on_delete(self, req, resp, department_id, **item):
            unlink_item(context(req), kind, department_id, item[kind.key])
            resp.status = falcon.HTTP_204

    return All(), Add(), One()


def routes() -> list[Route]:
    found = []
    for kind, noun in ((SOFTWARE, "software license"), (HARDWARE, "hardware item")):
        every, add, item = _resources(kind)
        base = f"/data/departments/{{department_id}}/{kind.segment}"
        found += [
            Route(f"/data/departments/{kind.segment}", every, tags=("data",), operations={"GET": Operation(
                summary=f"Every department's {noun}s, keyed by department id",
                response_schema=ANSWERS + f"{kind.schema}_by_department")}),
            Route(base, add, tags=("data",), operations={"POST": Operation(
                summary=f"Add a {noun} to a department", request_schema=f"data/people/{kind.key}",
                response_schema=ANSWERS + f"{kind.key[:-3]}_link", status=201)}),
            Route(base + f"/{{{kind.key}}}", item, tags=("data",), operations={
                "GET": Operation(summary=f"A {noun} a department uses",
                                 response_schema=f"data/{kind.schema}#/$defs/row"),
                "DELETE": Operation(summary=f"Remove a {noun} from a department", status=204)}),
        ]
    return found
