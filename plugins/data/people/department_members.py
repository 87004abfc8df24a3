"""Adding a person to a department and removing them from it (admins, as in Zou).

An unknown department is a 400 (Zou's "Department ID matches no
department"), an unknown person a 404. Both answer like Zou (the person with
their departments, 201; then 204) and, when the membership changed, emit
``person:update`` so clients showing the person refresh it.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..crud import rows
from ..crud.meta import info
from ..crud.values import BadValue, to_uuid
from ..engine import context, emit, one, require, validated
from ..models import Department, DepartmentLink, Person


def _department_id(value) -> str:
    try:
        department_id = to_uuid(value)
    except BadValue as exc:
        raise BadRequest("Malformed ID.") from exc
    if not Department.select().where(Department.id == department_id).exists():
        raise BadRequest("Department ID matches no department")
    return department_id


def add_to_department(ctx, person_id, department_id) -> dict:
    person = one(ctx, Person, person_id, relations=False)
    require(ctx, Person, "change-departments", row=person)
    department_id = _department_id(department_id)
    link = DepartmentLink.select().where(DepartmentLink.person == person["id"],
                                         DepartmentLink.department == department_id)
    if not link.exists():
        DepartmentLink.insert(person=person["id"], department=department_id).on_conflict_ignore().execute()
        emit(ctx, "person:update", {"person_id": person["id"]})
    return rows.fetch_one(info(Person), person["id"], True, derived_mode=None)


def remove_from_department(ctx, person_id, department_id) -> None:
    person = one(ctx, Person, person_id, relations=False)
    require(ctx, Person, "change-departments", row=person)
    department_id = _department_id(department_id)
    removed = DepartmentLink.delete().where(DepartmentLink.person == person["id"],
                                            DepartmentLink.department == department_id).execute()
    if removed:
        emit(ctx, "person:update", {"person_id": person["id"]})


class AddToDepartment:
    def on_post(self, req, resp, person_id):
        body = validated(req, "data/people/department_id")
        resp.media = add_to_department(context(req), person_id, body["department_id"])
        resp.status = falcon.HTTP_201


class RemoveFromDepartment:
    def on_delete(self, req, resp, person_id, department_id):
        remove_from_department(context(req), person_id, department_id)
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    return [
        Route("/actions/persons/{person_id}/departments/add", AddToDepartment(), tags=("data",), operations={
            "POST": Operation(summary="Add a person to a department", request_schema="data/people/department_id",
                              response_schema="data/persons#/$defs/row", status=201)}),
        Route("/actions/persons/{person_id}/departments/{department_id}", RemoveFromDepartment(), tags=("data",),
              operations={"DELETE": Operation(summary="Remove a person from a department", status=204)}),
    ]
