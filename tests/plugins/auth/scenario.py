"""A small production to test permissions against, with one person per role.

Project P (open) has a team: manager, supervisor (Animation department),
artist, client, vendor (assigned to task T); ``outsider`` is an artist outside
the team; ``admin`` is a studio admin. Another project Q holds rows nobody of
P's team should reach. Everyone logs in for real (password + JWT).
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

import peewee
from falcon.testing import TestClient

from clapboard.plugins.data import models as m
from clapboard.plugins.data.crud.meta import info as model_info
from clapboard.testing import make_client

from ..data.factory import Factory

_DATES = (f"{2000 + n // 336}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}" for n in itertools.count())
ROLES = ("admin", "manager", "supervisor", "user", "client", "vendor", "outsider")
PASSWORD = "matrix password 1"


@dataclass
class Scenario:
    app: object
    admin: object
    people: dict = field(default_factory=dict)  # role -> person id (str)
    tokens: dict = field(default_factory=dict)  # role -> access token
    ids: dict = field(default_factory=dict)  # name -> id (str)

    def client(self, role):
        return TestClient(self.app, headers={"Authorization": f"Bearer {self.tokens[role]}"} if role else {})


def _person(app, role, email):
    with app.db.connection_context():
        person = m.Person.create(id=uuid.uuid4(), first_name=role.title(), last_name="Matrix", email=email,
                                 role=role, password=app.passwords.hash(PASSWORD))
    return str(person.id)


def build(app) -> Scenario:
    admin = make_client(app, role=None)
    scenario = Scenario(app=app, admin=admin)
    for role in ROLES:
        global_role = "user" if role == "outsider" else role
        scenario.people[role] = _person(app, global_role, f"{role}@matrix.example")
    for role in ROLES:
        answer = admin.simulate_post("/auth/login", json={"email": f"{role}@matrix.example", "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        scenario.tokens[role] = answer.json["access_token"]
    admin = scenario.admin = scenario.client("admin")
    factory = Factory(admin)

    ids = scenario.ids
    with app.db.connection_context():
        open_status = m.ProjectStatus.get(m.ProjectStatus.name == "Open").id
        animation = m.Department.get(m.Department.name == "Animation").id
        shot_type = m.EntityType.get(m.EntityType.name == "Shot").id
        anim_type = m.TaskType.get(m.TaskType.name == "Animation").id
        todo = m.TaskStatus.get(m.TaskStatus.short_name == "todo").id
    for name in ("P", "Q"):
        ids[name] = factory.create(m.Project, {"name": f"Project {name}", "project_status_id": str(open_status)})["id"]
    team = [scenario.people[r] for r in ("manager", "supervisor", "user", "client", "vendor")]
    admin.simulate_put(f"/data/projects/{ids['P']}", json={"team": team})
    admin.simulate_put(f"/data/persons/{scenario.people['supervisor']}", json={"departments": [str(animation)]})
    for name, project in (("E", "P"), ("EQ", "Q")):
        ids[name] = factory.create(m.Entity, {"project_id": ids[project], "entity_type_id": str(shot_type),
                                              "name": f"SH{name}"})["id"]
    for name, project, entity in (("T", "P", "E"), ("TQ", "Q", "EQ")):
        ids[name] = factory.create(m.Task, {
            "project_id": ids[project], "entity_id": ids[entity], "task_type_id": str(anim_type),
            "task_status_id": str(todo), "name": "main",
            "assignees": [scenario.people["vendor"], scenario.people["user"]] if name == "T" else []})["id"]
    return scenario


def row_in(scenario: Scenario, model, where: str = "P", owner: str = "user") -> dict:
    """Create (as admin) a row of ``model`` inside project ``where`` (P or Q), owned by ``owner``."""

    return Factory(scenario.admin).create(model, body_in(scenario, model, where, owner))


def body_in(scenario: Scenario, model, where: str = "P", owner: str = "user") -> dict:
    """A create body for ``model`` tied to project ``where``; what it references is created as admin."""

    info = model_info(model)
    ids = scenario.ids
    factory = Factory(scenario.admin)
    project, task, entity = ids[where], ids["T" if where == "P" else "TQ"], ids["E" if where == "P" else "EQ"]
    extra = {}
    for key, f in info.writable.items():
        if key == "project_id":
            extra[key] = project
        elif key in ("task_id",):
            extra[key] = task
        elif key in ("entity_id", "entity_in_id", "asset_id"):
            extra[key] = entity
        elif key == "person_id" and info.path in ("day-offs", "notifications", "subscriptions", "search-filters",
                                                  "search-filter-groups", "time-spents", "comments",
                                                  "chat-messages"):
            extra[key] = scenario.people[owner]
        elif key == "object_id" and info.path in ("comments",):
            extra[key] = task
        elif key == "object_id" and info.path in ("chats",):
            extra[key] = entity
        elif key == "budget_id":
            extra[key] = factory.create(m.Budget, {"project_id": project})["id"]
        elif key == "production_schedule_version_id":
            extra[key] = factory.create(m.ProductionScheduleVersion, {"project_id": project})["id"]
        elif key == "comment_id":
            extra[key] = factory.create(m.Comment, {"object_id": task, "object_type": "Task",
                                                    "person_id": scenario.people[owner]})["id"]
        elif key == "chat_id":
            extra[key] = factory.create(m.Chat, {"object_id": entity, "object_type": "Shot"})["id"]
    if info.path == "entity-links":
        extra["entity_out_id"] = factory.create(m.Entity, {"project_id": project})["id"]
    if info.path == "subscriptions":  # one subscription per person and task
        extra["task_id"] = factory.create(m.Task, {"project_id": project, "entity_id": entity})["id"]
    if info.path in ("time-spents", "day-offs"):
        extra["date"] = next(_DATES)
        if info.path == "day-offs":
            extra["end_date"] = extra["date"]
    if info.path in ("search-filters", "search-filter-groups"):
        extra["is_shared"] = False
    return factory.body(model, extra)


def harmless_change(model) -> dict:
    """A body changing one innocuous column (used to probe update rights)."""

    info = model_info(model)
    preferred = ("description", "name", "text", "comment", "label", "short_name", "color", "read",
                 "duration", "nb_frames", "priority", "archived", "data")
    for key in preferred:
        f = info.writable.get(key)
        if f is None or isinstance(f, peewee.ForeignKeyField):
            continue
        if key == "color":
            return {key: "#101010"}
        if key == "read":
            return {key: True}
        if isinstance(f, peewee.BooleanField):
            return {key: True}
        if isinstance(f, (peewee.IntegerField, peewee.FloatField)):
            return {key: 4}
        if isinstance(f, peewee.JSONField):
            return {key: {"probe": 1}}
        return {key: f"probe-{uuid.uuid4().hex[:6]}"}
    return {}
