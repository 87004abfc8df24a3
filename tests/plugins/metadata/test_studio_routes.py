"""Studio-wide descriptor routes (Zou's ``…/all-projects``): one column kept in step across productions.

They act on the open projects the caller manages (admins: every open one),
through the project routes' steps: a rename moves the values and a delete strips
them on every project, in one transaction, with one event per descriptor. Anyone
but an admin or a manager is refused and nothing changes.
"""

from __future__ import annotations

import uuid

import pytest
from falcon.testing import TestClient

from clapboard.plugins.data import models as m
from clapboard.plugins.metadata.models import MetadataDescriptor as md
from clapboard.testing import make_client

from ..auth.conftest import FAST
from ..auth.scenario import build
from ..data.factory import Factory

BASE = "/data/metadata-descriptors/all-projects"
REORDER = "/actions/metadata-descriptors/all-projects/reorder"
PASSWORD = "studio wide password"


def login(app, role) -> tuple[str, TestClient]:
    """A person of ``role``, logged in for real (the metadata policy judges persons and bots)."""

    email = f"{role}-{uuid.uuid4().hex[:8]}@studio.example"
    with app.db.connection_context():
        person = m.Person.create(id=uuid.uuid4(), first_name=role.title(), last_name="Studio", email=email, role=role,
                                 password=app.passwords.hash(PASSWORD))
    answer = make_client(app, role=None).simulate_post("/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return str(person.id), TestClient(app, headers={"Authorization": f"Bearer {answer.json['access_token']}"})


@pytest.fixture
def app(make_app):
    return make_app(config={"plugins": {"auth": dict(FAST)}}, actors=False)


@pytest.fixture
def client(app):
    return login(app, "admin")[1]


@pytest.fixture
def studio(app, client):
    """Open projects A, B (managed by ``manager``: no role of its own on A's link, "manager" on B's),
    D (open, manager not in the team), E (open, manager in the team as "user"), C (closed)."""

    f = Factory(client)
    manager, manager_client = login(app, "manager")
    with app.db.connection_context():
        closed = str(m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id)
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
    projects = {name: f.create(m.Project, {"name": f"Project {name}"})["id"] for name in "ABCDE"}
    for name in "ABE":
        assert client.simulate_put(f"/data/projects/{projects[name]}", json={"team": [manager]}).status_code == 200
    with app.db.connection_context():
        link = m.ProjectPersonLink
        link.update(role="manager").where(link.project == projects["B"]).execute()
        link.update(role="user").where(link.project == projects["E"]).execute()
    assert client.simulate_put(f"/data/projects/{projects['C']}", json={"project_status_id": closed}).status_code == 200
    return {"factory": f, "projects": projects, "kinds": kinds,
            "manager": manager_client}


def _project_descriptor(client, project_id, **body):
    answer = client.simulate_post(f"/data/projects/{project_id}/metadata-descriptors", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json


def _shot(studio, name, data):
    return studio["factory"].create(m.Entity, {"project_id": studio["projects"][name],
                                               "entity_type_id": studio["kinds"]["Shot"], "data": data})["id"]


def _descriptors(app, **where):
    with app.db.connection_context():
        query = md.select()
        for key, value in where.items():
            query = query.where(getattr(md, key) == value)
        return {(str(d.project_id), d.entity_type, d.field_name): (d.name, d.data_type, d.position) for d in query}


def _project_names(studio, answer) -> list[str]:
    by_id = {v: k for k, v in studio["projects"].items()}
    return [by_id[d["project_id"]] for d in answer]


def _events(app):
    with app.db.connection_context():
        return [(e.name, e.data["metadata_descriptor_id"]) for e in
                m.ApiEvent.select().where(m.ApiEvent.name.startswith("metadata-descriptor:"))
                .order_by(m.ApiEvent.created_at)]


def _data(app, row_id):
    with app.db.connection_context():
        return m.Entity.get_by_id(row_id).data


def test_a_manager_creates_on_the_open_projects_they_manage_only(app, client, studio):
    projects = studio["projects"]
    owned = _project_descriptor(client, projects["B"], entity_type="Shot", name="camera")
    answer = studio["manager"].simulate_post(BASE, json={"entity_type": "Shot", "name": "Camera", "data_type": "list",
                                                         "choices": ["wide", "close"], "for_client": True})
    assert answer.status_code == 201, answer.text
    # B already has a Shot column stored under "camera": left as it is; D, E (not managed) and C (closed) untouched.
    assert _project_names(studio, answer.json) == ["A"]
    created = answer.json[0]
    assert (created["name"], created["field_name"], created["data_type"], created["choices"], created["for_client"]) \
        == ("Camera", "camera", "list", ["wide", "close"], True)
    assert set(_descriptors(app, field_name="camera")) == {(projects["A"], "Shot", "camera"),
                                                          (projects["B"], "Shot", "camera")}
    assert _descriptors(app, project=projects["B"])[(projects["B"], "Shot", "camera")][:2] == ("camera", "string")
    assert _events(app) == [("metadata-descriptor:new", owned["id"]), ("metadata-descriptor:new", created["id"])]


def test_an_admin_creates_on_every_open_project(app, client, studio):
    answer = client.simulate_post(BASE, json={"name": "Budget", "data_type": "number"})
    assert answer.status_code == 201, answer.text
    assert _project_names(studio, answer.json) == ["A", "B", "D", "E"]  # by project name; C is closed
    assert {d["entity_type"] for d in answer.json} == {"Asset"}  # Zou's default
    again = client.simulate_post(BASE, json={"name": "Budget", "data_type": "number"})
    assert again.status_code == 201 and again.json == []
    assert len(_events(app)) == 4


@pytest.mark.parametrize("body", [
    {"entity_type": "Shot"},
    {"entity_type": "Shot", "name": ""},
    {"entity_type": "Task", "name": "Mood"},
    {"entity_type": "Scene", "name": "Mood"},
    {"entity_type": "Shot", "name": "Mood", "data_type": "colour"},
    {"entity_type": "Shot", "name": "!!!"},
    {"entity_type": "Shot", "name": "Mood", "choices": "a,b"},
])
def test_malformed_creations_are_refused_everywhere(app, client, studio, body):
    answer = client.simulate_post(BASE, json=body)
    assert answer.status_code == 400 and answer.json["error"] is True, answer.text
    assert _descriptors(app) == {}


def test_a_rename_moves_the_values_on_every_managed_project(app, client, studio):
    projects = studio["projects"]
    made = client.simulate_post(BASE, json={"entity_type": "Shot", "name": "Camera"}).json
    closed = _project_descriptor(client, projects["C"], entity_type="Shot", name="Camera")
    shots = {name: _shot(studio, name, {"camera": f"wide {name}", "lens": 35}) for name in "ABCDE"}
    answer = studio["manager"].simulate_put(f"{BASE}/camera", json={"entity_type": "Shot", "name": "Camera Angle",
                                                                    "data_type": None})
    assert answer.status_code == 200, answer.text
    assert _project_names(studio, answer.json) == ["A", "B"]
    assert {(d["name"], d["field_name"], d["data_type"]) for d in answer.json} == {
        ("Camera Angle", "camera_angle", "string")}
    for name in "AB":
        assert _data(app, shots[name]) == {"camera_angle": f"wide {name}", "lens": 35}
    for name in "CDE":  # closed, or not managed by the caller
        assert _data(app, shots[name]) == {"camera": f"wide {name}", "lens": 35}
    assert (projects["C"], "Shot", "camera") in _descriptors(app)
    updates = [e for e in _events(app) if e[0] == "metadata-descriptor:update"]
    assert sorted(updates) == sorted(("metadata-descriptor:update", d["id"]) for d in answer.json)
    assert closed["id"] not in {d["id"] for d in made}


def test_an_update_changes_only_what_it_sends_and_only_that_entity_type(app, client, studio):
    client.simulate_post(BASE, json={"entity_type": "Shot", "name": "Level", "data_type": "list", "choices": ["a"]})
    client.simulate_post(BASE, json={"entity_type": "Asset", "name": "Level", "data_type": "list", "choices": ["a"]})
    answer = client.simulate_put(f"{BASE}/level", json={"entity_type": "Shot", "choices": ["a", "b"]})
    assert answer.status_code == 200 and len(answer.json) == 4
    assert {(d["name"], d["data_type"], tuple(d["choices"])) for d in answer.json} == {("Level", "list", ("a", "b"))}
    with app.db.connection_context():
        assert {tuple(d.choices) for d in md.select().where(md.entity_type == "Asset")} == {("a",)}
    unknown = client.simulate_put(f"{BASE}/nothing_here", json={"entity_type": "Shot", "choices": []})
    assert unknown.status_code == 200 and unknown.json == []
    assert client.simulate_put(f"{BASE}/level", json={"choices": []}).status_code == 400  # entity_type required
    assert client.simulate_put(f"{BASE}/level", json={"entity_type": "Task"}).status_code == 400


def test_a_change_of_type_converts_the_values_on_every_project_after_a_dry_run(app, client, studio):
    client.simulate_post(BASE, json={"entity_type": "Shot", "name": "Frames"})
    shots = {name: _shot(studio, name, {"frames": value}) for name, value in (("A", "12"), ("B", "n/a"))}
    before, events = _descriptors(app), _events(app)
    body = {"entity_type": "Shot", "data_type": "number"}
    dry = studio["manager"].simulate_put(f"{BASE}/frames", json=body, params={"dry_run": "true"})
    assert dry.status_code == 200, dry.text
    assert [(r["dry_run"], r["holding"], r["converted"], r["failed"]) for r in dry.json] == [
        (True, 1, 1, 0), (True, 1, 0, 1)]
    app.schemas.validate("metadata/studio-descriptors#/$defs/updated", dry.json)
    assert _descriptors(app) == before and _events(app) == events
    assert _data(app, shots["A"]) == {"frames": "12"}
    applied = studio["manager"].simulate_put(f"{BASE}/frames", json=body)
    assert applied.status_code == 200 and {d["data_type"] for d in applied.json} == {"number"}
    assert _data(app, shots["A"]) == {"frames": 12}
    assert _data(app, shots["B"]) == {"frames": "n/a"}  # kept as stored, never lost
    bad = studio["manager"].simulate_put(f"{BASE}/frames", json=body, params={"dry_run": "maybe"})
    assert bad.status_code == 400


def test_a_name_taken_on_one_project_refuses_the_rename_everywhere(app, client, studio):
    projects = studio["projects"]
    client.simulate_post(BASE, json={"entity_type": "Shot", "name": "Camera"})
    _project_descriptor(client, projects["B"], entity_type="Shot", name="Lens")
    shot = _shot(studio, "A", {"camera": "wide"})
    before, events = _descriptors(app), _events(app)
    answer = studio["manager"].simulate_put(f"{BASE}/camera", json={"entity_type": "Shot", "name": "Lens"})
    assert answer.status_code == 400, answer.text
    assert "Project B" in answer.json["message"] and "nothing was changed" in answer.json["message"]
    assert _descriptors(app) == before and _events(app) == events
    assert _data(app, shot) == {"camera": "wide"}


def test_a_delete_strips_the_values_on_every_managed_project(app, client, studio):
    projects = studio["projects"]
    client.simulate_post(BASE, json={"entity_type": "Shot", "name": "Camera"})
    client.simulate_post(BASE, json={"entity_type": "Asset", "name": "Camera"})
    shots = {name: _shot(studio, name, {"camera": "wide", "lens": 35}) for name in "ABD"}
    answer = studio["manager"].simulate_delete(f"{BASE}/camera", params={"entity_type": "Shot"})
    assert answer.status_code == 200, answer.text
    with app.db.connection_context():
        remaining = {(str(d.project_id), d.entity_type) for d in md.select()}
    assert remaining == {(projects[n], "Asset") for n in "ABDE"} | {(projects[n], "Shot") for n in "DE"}
    assert len(answer.json) == 2
    assert sorted(e for e in _events(app) if e[0] == "metadata-descriptor:delete") == \
        sorted(("metadata-descriptor:delete", i) for i in answer.json)
    assert _data(app, shots["A"]) == _data(app, shots["B"]) == {"lens": 35}
    assert _data(app, shots["D"]) == {"camera": "wide", "lens": 35}
    for params in ({}, {"entity_type": "Task"}, {"entity_type": "Nope"}):
        refused = client.simulate_delete(f"{BASE}/camera", params=params)
        assert refused.status_code == 400 and "entity_type" in refused.json["message"], refused.text


def test_reorder_puts_the_listed_fields_first_on_each_project(app, client, studio):
    projects = studio["projects"]
    for name in ("C", "A", "B"):
        _project_descriptor(client, projects["A"], entity_type="Shot", name=name)
    for name in ("D", "B"):
        _project_descriptor(client, projects["B"], entity_type="Shot", name=name)
    _project_descriptor(client, projects["E"], entity_type="Shot", name="B")  # manager is not E's manager
    _project_descriptor(client, projects["A"], entity_type="Asset", name="B")
    answer = studio["manager"].simulate_post(REORDER, json={"entity_type": "Shot", "field_order": ["b", "zzz", "c"]})
    assert answer.status_code == 200, answer.text
    assert [(n, d["name"], d["position"]) for n, d in zip(_project_names(studio, answer.json), answer.json)] == [
        ("A", "B", 1), ("A", "C", 2), ("A", "A", 3), ("B", "B", 1), ("B", "D", 2)]
    positions = _descriptors(app)
    assert positions[(projects["E"], "Shot", "b")][2] is None
    assert positions[(projects["A"], "Asset", "b")][2] is None
    nothing = studio["manager"].simulate_post(REORDER, json={"entity_type": "Shot", "field_order": ["zzz"]})
    assert nothing.status_code == 200 and nothing.json == []
    for body in ({"entity_type": "Shot", "field_order": []}, {"entity_type": "Task", "field_order": ["b"]},
                 {"field_order": ["b"]}):
        assert client.simulate_post(REORDER, json=body).status_code == 400


# -- refused: every role but admin and manager, nothing changes ------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("studio-descriptors"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    base = f"/data/projects/{scenario.ids['P']}/metadata-descriptors"
    for name in ("Camera", "Lens"):
        assert scenario.admin.simulate_post(base, json={"entity_type": "Shot", "name": name}).status_code == 201
    assert scenario.admin.simulate_put(f"/data/entities/{scenario.ids['E']}",
                                       json={"data": {"camera": "wide"}}).status_code == 200
    yield scenario
    app.close()


def _state(app):
    with app.db.connection_context():
        descriptors = sorted((str(d.id), d.name, d.field_name, d.position) for d in md.select())
        return descriptors, m.Entity.select(m.Entity.data).where(m.Entity.data.is_null(False)).tuples()[:], \
            m.ApiEvent.select().count()


REQUESTS = [
    ("POST", BASE, {"entity_type": "Shot", "name": "Mood"}, None),
    ("PUT", f"{BASE}/camera", {"entity_type": "Shot", "name": "Angle"}, None),
    ("DELETE", f"{BASE}/camera", None, {"entity_type": "Shot"}),
    ("POST", REORDER, {"entity_type": "Shot", "field_order": ["lens"]}, None),
]


@pytest.mark.parametrize("role", ["supervisor", "user", "client", "vendor", "outsider"])
@pytest.mark.parametrize("method, path, body, params", REQUESTS)
def test_other_roles_are_refused_and_nothing_changes(world, role, method, path, body, params):
    before = _state(world.app)
    answer = world.client(role).simulate_request(method, path, json=body, params=params)
    assert answer.status_code == 403 and answer.json["error"] is True, answer.text
    assert _state(world.app) == before


def test_anonymous_callers_are_refused(world):
    for method, path, body, params in REQUESTS:
        assert world.client(None).simulate_request(method, path, json=body, params=params).status_code == 401


def test_the_manager_of_the_scenario_reaches_its_project_only(world):
    """The scenario's manager is on P's team (Q has none): a reorder touches P and answers P's columns."""

    answer = world.client("manager").simulate_post(REORDER, json={"entity_type": "Shot", "field_order": ["lens"]})
    assert answer.status_code == 200, answer.text
    assert [(d["project_id"], d["field_name"], d["position"]) for d in answer.json] == [
        (world.ids["P"], "lens", 1), (world.ids["P"], "camera", 2)]


# A production created after a studio-wide project column gets its own copy (Zou's behaviour).


def _project_columns(app, project_id) -> dict:
    with app.db.connection_context():
        return {d.field_name: (d.name, d.data_type, d.for_client, d.choices,
                               sorted(str(x.id) for x in d.departments))
                for d in md.select().where(md.project == project_id, md.entity_type == "Project")}


def test_a_new_project_gets_the_open_projects_project_columns_once(app, client, studio):
    with app.db.connection_context():
        animation = str(m.Department.get(m.Department.name == "Animation").id)
    created = client.simulate_post(BASE, json={"entity_type": "Project", "name": "Budget code", "data_type": "list",
                                               "choices": ["A", "B"], "for_client": True,
                                               "departments": [animation]})
    assert created.status_code == 201 and len(created.json) == 4  # the four open projects
    closed = studio["projects"]["C"]
    only_closed = client.simulate_post(f"/data/projects/{closed}/metadata-descriptors",
                                       json={"entity_type": "Project", "name": "Archive shelf"})
    assert only_closed.status_code == 201
    shots = client.simulate_post(BASE, json={"entity_type": "Shot", "name": "Lens"})
    assert shots.status_code == 201

    answer = client.simulate_post("/data/projects", json={"name": "Newcomer"})
    assert answer.status_code == 201, answer.text
    new = answer.json["id"]
    assert _project_columns(app, new) == {"budget_code": ("Budget code", "list", True, ["A", "B"], [animation])}
    listed = client.simulate_get(f"/data/projects/{new}/metadata-descriptors").json
    assert [(d["entity_type"], d["field_name"]) for d in listed] == [("Project", "budget_code")]
    with app.db.connection_context():
        events = m.ApiEvent.select().where(m.ApiEvent.name == "metadata-descriptor:new", m.ApiEvent.project_id == new)
        assert events.count() == 1
    # The copy is the new project's own: typed values are judged by it.
    refused = client.simulate_put(f"/data/projects/{new}", json={"data": {"budget_code": "Z"}})
    assert refused.status_code == 400 and "budget_code" in refused.json["message"]
    assert client.simulate_put(f"/data/projects/{new}", json={"data": {"budget_code": "B"}}).status_code == 200


def test_a_new_project_without_studio_columns_gets_none(app, client, studio):
    answer = client.simulate_post("/data/projects", json={"name": "Plain"})
    assert answer.status_code == 201
    assert _project_columns(app, answer.json["id"]) == {}
