"""Forms: ``GET /data/projects/{id}/metadata-descriptors/schema`` serves the JSON Schema of each kind of row's data.

One schema per entity type with descriptors (and per task type for tasks), the
project's team as the choices of a ``person``, ``additionalProperties`` false
when the project is strict; clients and vendors get only what they may see. The
served schema and the checks of a write agree: a value the schema accepts is
stored, one it refuses is refused, for every data type.
"""

from __future__ import annotations

import uuid

import jsonschema
import pytest

from clapboard.plugins.data import models as m
from clapboard.plugins.metadata.values import RESERVED_KEYS

from ..auth.conftest import FAST
from ..auth.scenario import build
from ..data.factory import Factory

MEMBER, STRANGER = "<member>", "<stranger>"
CHECKLIST = ["[ ] Rig", "[x] Model"]
# data_type, choices, values a form may send (the plain JSON forms and Kitsu's), values it may not.
CASES = [
    ("string", [], ["Blue sky", "", None, "x" * 1000], [12, "x" * 1001, ["a"], {"a": 1}]),
    ("textarea", [], ["line one\nline two", "x" * 5000], [42, True]),
    ("number", [], [12, -1.5, 0, "24", "-1.5", "2e3", "1."], ["twelve", True, [1], " 12", "1,5", {}]),
    ("boolean", [], [True, False, "true", "false"], ["yes", 1, "True", [True]]),
    ("date", [], ["2026-02-28", "2024-02-29"], ["2026-02-30", "28/02/2026", "2026-2-28", 20260228]),
    ("url", [], ["https://studio.example/x?y=1", "file:///mnt/shows/a.exr"],
     ["studio.example/x", "https://a b", 3, "mailto:a@b.example", "https:foo", "http://"]),
    ("list", ["wide", "close"], ["wide", "close"], ["far", 3, ["wide"]]),
    ("taglist", ["red", "blue"], [["red", "blue"], [], ["blue"]], [["green"], ["red", "red"], 3, [1]]),
    ("checklist", CHECKLIST, [[{"text": "Rig", "checked": True}], {"Model": False}, '{"Rig": true}'],
     [[{"text": "Paint", "checked": True}], {"Model": "yes"}, [{"text": "Rig"}], 3, {"Paint": True}]),
    ("person", [], [MEMBER], [STRANGER, "bob", 7, "<member-hex>", "<member-upper>"]),
]


@pytest.fixture
def typed(app, client):
    f = Factory(client)
    project = f.create(m.Project)
    member, stranger = (f.create(m.Person)["id"] for _ in range(2))
    assert client.simulate_put(f"/data/projects/{project['id']}", json={"team": [member]}).status_code == 200
    with app.db.connection_context():
        prop = str(m.EntityType.get(m.EntityType.name == "Prop").id)
    base = f"/data/projects/{project['id']}/metadata-descriptors"
    for data_type, choices, _good, _bad in CASES:
        answer = client.simulate_post(base, json={"entity_type": "Asset", "name": data_type, "data_type": data_type,
                                                  "choices": choices})
        assert answer.status_code == 201, answer.text
    asset = f.create(m.Entity, {"project_id": project["id"], "entity_type_id": prop})["id"]
    return {"project": project["id"], "asset": asset, "url": f"{base}/schema",
            "people": {MEMBER: member, STRANGER: stranger}}


def _placed(people: dict, value):
    """A case's value with the team's ids put in (a member's id also without dashes and in capitals)."""

    if not isinstance(value, str):
        return value
    if value == "<member-hex>":
        return people[MEMBER].replace("-", "")
    if value == "<member-upper>":
        return people[MEMBER].upper()
    return people.get(value, value)


def _validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("strict", [False, True])
def test_schema_and_checks_agree_for_every_data_type(client, typed, strict):
    if strict:
        assert client.simulate_put(f"/data/projects/{typed['project']}/metadata-settings",
                                   json={"strict_keys": True}).status_code == 200
    served = client.simulate_get(typed["url"])
    assert served.status_code == 200, served.text
    validator = _validator(served.json["schemas"]["Asset"])
    for data_type, _choices, good, bad in CASES:
        for expected, values in ((True, good), (False, bad)):
            for value in values:
                value = _placed(typed["people"], value)
                data = {data_type: value}
                by_schema = validator.is_valid(data)
                written = client.simulate_put(f"/data/entities/{typed['asset']}", json={"data": data})
                assert (by_schema, written.status_code) == (expected, 200 if expected else 400), \
                    (data_type, value, written.text)
                if not expected:
                    assert written.json["errors"][0]["path"] == f"data.{data_type}"
    free = {"notes": "free"}
    assert validator.is_valid(free) is not strict
    assert client.simulate_put(f"/data/entities/{typed['asset']}", json={"data": free}).status_code == \
        (400 if strict else 200)
    zou_keys = {key: 1 for key in RESERVED_KEYS}
    assert validator.is_valid(zou_keys)
    assert client.simulate_put(f"/data/entities/{typed['asset']}", json={"data": zou_keys}).status_code == 200


def test_one_schema_per_entity_type_and_per_task_type(app, client):
    f = Factory(client)
    project = f.create(m.Project)["id"]
    with app.db.connection_context():
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
    base = f"/data/projects/{project}/metadata-descriptors"
    assert client.simulate_get(f"{base}/schema").json == {"project_id": project, "strict_keys": False, "schemas": {}}
    for body in ({"entity_type": "Shot", "name": "Lens", "data_type": "number"},
                 {"entity_type": "Project", "name": "Delivery", "data_type": "date"},
                 {"entity_type": "Task", "name": "Done", "data_type": "boolean", "task_type_id": task_types["Layout"]},
                 {"entity_type": "Task", "name": "Notes", "task_type_id": task_types["Animation"]}):
        assert client.simulate_post(base, json=body).status_code == 201
    answer = client.simulate_get(f"{base}/schema")
    assert answer.status_code == 200
    app.schemas.validate("metadata/forms#/$defs/answer", answer.json)
    schemas = answer.json["schemas"]
    assert set(schemas) == {"Shot", "Project", "Task"}
    assert set(schemas["Task"]) == {task_types["Layout"], task_types["Animation"]}
    assert list(schemas["Task"][task_types["Layout"]]["properties"]) == ["done"]
    assert list(schemas["Task"][task_types["Animation"]]["properties"]) == ["notes"]
    assert schemas["Shot"]["properties"]["lens"]["x-data-type"] == "number"
    assert schemas["Shot"]["properties"]["lens"]["title"] == "Lens"
    assert schemas["Project"]["additionalProperties"] is True
    assert client.simulate_get(f"/data/projects/{uuid.uuid4()}/metadata-descriptors/schema").status_code == 404


def test_the_team_is_the_choice_of_a_person(client, typed):
    served = client.simulate_get(typed["url"]).json["schemas"]["Asset"]["properties"]["person"]
    people = [form for form in served["anyOf"] if form.get("format") == "uuid"]
    assert people == [{"type": "string", "format": "uuid", "enum": [typed["people"][MEMBER]]}]


def test_the_path_is_in_the_openapi_document(client):
    document = client.simulate_get("/openapi.json").json
    operation = document["paths"]["/data/projects/{project_id}/metadata-descriptors/schema"]["get"]
    assert operation["tags"] == ["metadata"] and operation["summary"]
    assert "schemas" in str(operation["responses"]["200"])


# -- what each role gets -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("metadata-forms"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    base = f"/data/projects/{scenario.ids['P']}/metadata-descriptors"
    with app.db.connection_context():
        layout = str(m.Department.get(m.Department.name == "Layout").id)
        animation = str(m.Department.get(m.Department.name == "Animation").id)
    scenario.admin.simulate_put(f"/data/persons/{scenario.people['vendor']}", json={"departments": [animation]})
    for name, extra in (("Public", {"for_client": True}), ("Internal", {}),
                        ("Animation notes", {"departments": [animation]}), ("Layout notes", {"departments": [layout]}),
                        ("Budget", {"entity_type": "Asset"})):
        body = {"entity_type": "Shot", "name": name, **extra}
        assert scenario.admin.simulate_post(base, json=body).status_code == 201
    yield scenario
    app.close()


def _fields(world, role):
    answer = world.client(role).simulate_get(f"/data/projects/{world.ids['P']}/metadata-descriptors/schema")
    assert answer.status_code == 200, answer.text
    return {kind: sorted(schema["properties"]) for kind, schema in answer.json["schemas"].items()}


@pytest.mark.parametrize("role", ["admin", "manager", "supervisor", "user"])
def test_the_team_gets_every_field(world, role):
    assert _fields(world, role) == {"Shot": ["animation_notes", "internal", "layout_notes", "public"],
                                    "Asset": ["budget"]}


def test_a_client_gets_the_fields_published_to_clients_only(world):
    assert _fields(world, "client") == {"Shot": ["public"]}


def test_a_vendor_gets_the_fields_of_their_departments_or_of_none(world):
    assert _fields(world, "vendor") == {"Shot": ["animation_notes", "internal", "public"], "Asset": ["budget"]}


def test_outsiders_get_nothing(world):
    url = f"/data/projects/{world.ids['P']}/metadata-descriptors/schema"
    assert world.client("outsider").simulate_get(url).status_code == 404
    assert world.client(None).simulate_get(url).status_code == 401
