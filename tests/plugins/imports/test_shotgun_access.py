"""ShotGrid imports are for admins: every other role is refused (403, nothing written), anonymous callers
are asked to log in (401); a logged-in admin imports, and is the creator of what they import."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ..auth.conftest import FAST
from ..auth.scenario import build
from .test_shotgun_chain import CHAIN, PROJECT

REFUSED = ("manager", "supervisor", "user", "client", "vendor", "outsider")
KINDS = ("persons", "projects", "episodes", "sequences", "shots", "scenes", "assets", "steps", "status", "tasks",
         "versions", "notes", "project-connections", "projectconnections")
REMOVALS = ("project", "person", "shot", "scene", "episode", "sequence", "asset", "project-connection",
            "projectconnection", "step", "status", "task", "note", "version")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("shotgun-access"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    with app.db.connection_context():
        error = m.DataImportError.create(source="shotgun", event_data={"kept": True})
    scenario.ids["error"] = str(error.id)
    return scenario


def _state(app) -> tuple:
    with app.db.connection_context():
        return (m.Project.select().count(), m.Person.select().count(), m.TaskType.select().count(),
                m.DataImportError.select().count(), m.ApiEvent.select().count())


def _calls(ids):
    for kind in KINDS:
        yield "POST", f"/import/shotgun/{kind}", CHAIN.get(kind.replace("projectconnections",
                                                                        "project-connections"), [])
    for kind in REMOVALS:
        yield "POST", f"/import/shotgun/remove/{kind}", {"id": 1, "project": PROJECT, "user": {"id": 1}}
    yield "GET", "/import/shotgun/errors", None
    yield "POST", "/import/shotgun/errors", {"event": "x"}
    yield "DELETE", f"/import/shotgun/errors/{ids['error']}", None


@pytest.mark.parametrize("role", REFUSED + (None,))
def test_only_admins_may_import(world, role):
    client = world.client(role)
    before = _state(world.app)
    for method, path, body in _calls(world.ids):
        answer = client.simulate_request(method, path, json=body)
        assert answer.status_code == (401 if role is None else 403), (role, method, path, answer.text)
        assert answer.json["error"] is True
    assert _state(world.app) == before


def test_a_logged_in_admin_imports_and_creates(world):
    admin = world.client("admin")
    projects = admin.simulate_post("/import/shotgun/projects", json=CHAIN["projects"])
    assert projects.status_code == 200
    sequences = admin.simulate_post("/import/shotgun/sequences", json=CHAIN["sequences"])
    assert sequences.status_code == 200
    assert sequences.json[0]["created_by"] == world.people["admin"]
    listed = admin.simulate_get("/import/shotgun/errors")
    assert listed.status_code == 200 and world.ids["error"] in [e["id"] for e in listed.json]
    assert admin.simulate_delete(f"/import/shotgun/errors/{world.ids['error']}").status_code == 204
    assert admin.simulate_delete(f"/import/shotgun/errors/{uuid.uuid4()}").status_code == 404
