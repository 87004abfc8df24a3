"""ShotGrid users and their project memberships: HumanUser -> person, ProjectUserConnection -> team.

A person is matched by ShotGrid id, then by e-mail (a person of the studio
who was not imported yet is adopted, not duplicated). The role comes from the
user's permission rule set, and only when the person is created: a re-import
never changes what someone may do here (an admin matched by e-mail stays an
admin). A connection adds the user to the project's team; Clapboard keeps no
ShotGrid id on a membership (the link table has no column for it), so a
membership is known by its project and person.
"""

from __future__ import annotations

import peewee

from clapboard.plugins.data.engine import emit, require
from clapboard.plugins.data.models import Department, Person, Project, ProjectPersonLink
from clapboard.plugins.data.production.projects.access import plain_project

from .links import Refused, link_ids, own_ids
from .records import find, save

# ShotGrid permission rule sets -> roles (Zou maps Admin and Manager; the others are ShotGrid's defaults).
ROLES = {"admin": "admin", "manager": "manager", "supervisor": "supervisor", "client": "client",
         "vendor": "vendor"}
PLACEHOLDER_EMAIL = "changeme@email.com"
DEPARTMENT_COLOR = "#000000"


def role_of(item: dict) -> str:
    rule_set = item.get("permission_rule_set") or {}
    return ROLES.get(str(rule_set.get("name") or "").strip().lower(), "user")


def department_id(ctx, name: str, color: str = DEPARTMENT_COLOR):
    """The department called ``name``, created when missing (Zou's ``get_or_create_department``)."""

    found = find(ctx, Department, Department.name == name)
    if found is None:
        found = save(ctx, Department, None, {"name": name, "color": color})
    return found["id"]


def prepare_persons(run, items: list) -> None:
    run.links.prefetch("HumanUser", own_ids(items))


def _current(ctx, run, item: dict, email: str | None) -> dict | None:
    known = run.links.get("HumanUser", item["id"])
    if known is not None:
        return find(ctx, Person, Person.id == known)
    if not email:
        return None
    found = find(ctx, Person, peewee.fn.LOWER(Person.email) == email, Person.is_bot != True)  # noqa: E712
    if found is not None and found.get("shotgun_id") not in (None, item["id"]):
        raise Refused(f"{email} is the e-mail of another ShotGrid user ({found['shotgun_id']}).")
    return found


def write_person(run, item: dict) -> dict:
    ctx = run.ctx
    email = item["email"].strip().lower() if item.get("email") else None
    if email == PLACEHOLDER_EMAIL:
        raise Refused(f"This ShotGrid user is not a real person (e-mail {PLACEHOLDER_EMAIL}).")
    current = _current(ctx, run, item, email)
    values = {"first_name": item["firstname"], "last_name": item["lastname"], "email": email,
              "shotgun_id": item["id"], "active": item.get("sg_status_list") in (None, "act")}
    if "login" in item:
        values["desktop_login"] = item["login"]
    if current is None:
        values["role"] = role_of(item)
    department = item.get("department")
    if department is not None:
        if not department.get("name"):
            raise Refused(f"The department {department['id']} has no name.")
        values["departments"] = [department_id(ctx, department["name"])]
    row = save(ctx, Person, current, values)
    run.links.remember("HumanUser", item["id"], row["id"])
    return row


def prepare_connections(run, items: list) -> None:
    run.links.prefetch("Project", link_ids(items, "project"))
    run.links.prefetch("HumanUser", link_ids(items, "user"))


def write_connection(run, item: dict) -> dict:
    ctx = run.ctx
    project_id = run.links.project(item["project"])
    person_id = run.links.required("HumanUser", item["user"], "user")
    require(ctx, Project, "update", row=plain_project(project_id))
    preview_of = Person.select(Person.preview_project_id).where(Person.id == person_id).scalar()
    if preview_of is not None and str(preview_of) != str(project_id):
        raise Refused("A preview account can only belong to its own project.")
    link = ProjectPersonLink
    if not link.select().where(link.project == project_id, link.person == person_id).exists():
        link.insert(project=project_id, person=person_id).on_conflict_ignore().execute()
        emit(ctx, "project:update", {}, project_id)
    return plain_project(project_id)
