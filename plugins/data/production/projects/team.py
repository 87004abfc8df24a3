"""A project's team: its members, adding and removing them, and their per-project role.

Membership is a ``project_person_link`` row; its ``role`` overrides the
person's global role on that project (never ``admin``, which is global only).
Every change is a ``project:update`` for the clients, as in Zou.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ...crud.values import parse_id
from ...engine import BadRequest, context, many, validated
from ...models import Person, ProjectPersonLink
from .access import managed_project, plain_project, project_changed, readable_project

SCHEMA = "data/production/projects/team"


def _person(person_id) -> Person:
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise BadRequest(f"Person with id {person_id} not found.")
    return person


def _check_not_preview_account(person: Person, project_id) -> None:
    """A preview account shows what a client of its own project sees, nothing else."""

    if person.preview_project_id is not None and str(person.preview_project_id) != str(project_id):
        raise BadRequest("A preview account can only belong to its own project.")


def _set_role(project_id, person: Person, role) -> dict:
    link = ProjectPersonLink
    if person.preview_project_id is not None:
        raise BadRequest("A preview account keeps its client role.")
    updated = link.update(role=role).where(link.project == project_id, link.person == person.id).execute()
    if not updated:
        raise BadRequest("Person is not a member of the project team.")
    return {"project_id": project_id, "person_id": person.id, "role": role}


class TeamResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        link = ProjectPersonLink
        members = link.select(link.person).where(link.project == project["id"])
        roles = dict(link.select(link.person, link.role).where(link.project == project["id"]).tuples())
        persons = many(ctx, Person, Person.id.in_(members), order_by=(Person.first_name, Person.last_name),
                       relations=True)
        for person in persons:  # many() already shows non-admins a person card
            person["project_role"] = roles.get(person["id"])
        resp.media = persons

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/add")
        project = managed_project(ctx, project_id)
        person = _person(parse_id(body["person_id"]))
        _check_not_preview_account(person, project["id"])
        ProjectPersonLink.insert(project=project["id"], person=person.id).on_conflict_ignore().execute()
        if body.get("role") is not None:
            _set_role(project["id"], person, body["role"])
        project_changed(ctx, project["id"])
        resp.media = plain_project(project["id"])
        resp.status = falcon.HTTP_201


class TeamMemberResource:
    def on_put(self, req, resp, project_id, person_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/set_role")
        project = managed_project(ctx, project_id)
        answer = _set_role(project["id"], _person(parse_id(person_id)), body.get("role"))
        project_changed(ctx, project["id"])
        resp.media = answer

    def on_delete(self, req, resp, project_id, person_id):
        ctx = context(req)
        project = managed_project(ctx, project_id)
        link = ProjectPersonLink
        link.delete().where(link.project == project["id"], link.person == parse_id(person_id)).execute()
        project_changed(ctx, project["id"])
        resp.status = falcon.HTTP_204


def routes() -> list:
    team, member = "/data/projects/{project_id}/team", "/data/projects/{project_id}/team/{person_id}"
    return [
        Route(team, TeamResource(), tags=("data",), operations={
            "GET": Operation(summary="Members of the project's team",
                             description="Each person carries `project_role`, the role set on this project "
                                         "(null: their global role applies).",
                             response_schema=f"{SCHEMA}#/$defs/members", operation_id="get_project_team"),
            "POST": Operation(summary="Add a person to the project's team (managers)",
                              description="Answers the project. Adding a member twice changes nothing.",
                              request_schema=f"{SCHEMA}#/$defs/add", response_schema="data/projects#/$defs/row",
                              status=201, operation_id="add_project_team_member"),
        }),
        Route(member, TeamMemberResource(), tags=("data",), operations={
            "PUT": Operation(summary="Set a member's role on this project (managers)",
                             request_schema=f"{SCHEMA}#/$defs/set_role",
                             response_schema=f"{SCHEMA}#/$defs/role_answer",
                             operation_id="set_project_team_member_role"),
            "DELETE": Operation(summary="Remove a person from the project's team (managers)", status=204,
                                operation_id="remove_project_team_member"),
        }),
    ]
