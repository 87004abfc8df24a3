"""A descriptor's stored values follow it: a rename moves them, a change of type converts them, a delete strips them.

Through the project route ``PUT|DELETE /data/projects/{id}/metadata-descriptors/{id}``
on real rows (inserted straight into the tables where a value the checks would
refuse must be stored), read back from the tables. Also: the dry run writes
nothing, values that cannot be converted are kept as stored and listed, each
change is one transaction (a refusal leaves every value where it was), one
event per request, and the statements do not grow with the rows.
"""

from __future__ import annotations

import uuid

import pytest

from clapboard.errors import ValidationFailed
from clapboard.plugins.data import models as m
from clapboard.plugins.metadata import jsonsql, lifecycle
from clapboard.plugins.metadata.models import MetadataDescriptor

from ..data.counting import QueryCounter
from ..data.factory import Factory


@pytest.fixture
def p(app, client):
    f = Factory(client)
    project, other = f.create(m.Project), f.create(m.Project)
    with app.db.connection_context():
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
    return {"app": app, "project": project["id"], "other": other["id"], "kinds": kinds, "task_types": task_types,
            "base": f"/data/projects/{project['id']}/metadata-descriptors"}


def _new(client, p, **body):
    answer = client.simulate_post(p["base"], json=body)
    assert answer.status_code == 201, answer.text
    return answer.json


def _put(client, p, descriptor, body, **params):
    return client.simulate_put(f"{p['base']}/{descriptor['id']}", json=body, params=params)


def _entity(p, kind, data, project=None):
    with p["app"].db.connection_context():
        return str(m.Entity.create(id=uuid.uuid4(), name=f"{kind} {uuid.uuid4().hex[:6]}",
                                   project=project or p["project"], entity_type=p["kinds"][kind], data=data).id)


def _task(p, task_type, data, project=None):
    entity = _entity(p, "Prop", None, project)
    with p["app"].db.connection_context():
        todo = m.TaskStatus.get(m.TaskStatus.short_name == "todo").id
        return str(m.Task.create(id=uuid.uuid4(), name="main", project=project or p["project"], entity=entity,
                                 task_type=p["task_types"][task_type], task_status=todo, data=data).id)


def _data(p, model, row_id):
    with p["app"].db.connection_context():
        return model.get_by_id(row_id).data


def _everything(p):
    """Every stored ``data`` and descriptor, to compare before and after a request that must write nothing."""

    with p["app"].db.connection_context():
        rows = {str(i): d for model in (m.Entity, m.Task, m.Project)
                for i, d in model.select(model.id, model.data).tuples()}
        descriptors = sorted(MetadataDescriptor.select().dicts(), key=lambda d: str(d["id"]))
        events = m.ApiEvent.select().count()
    return rows, descriptors, events


def _events(p, descriptor):
    with p["app"].db.connection_context():
        return [e.name for e in m.ApiEvent.select().where(m.ApiEvent.name.startswith("metadata-descriptor:"))
                .order_by(m.ApiEvent.created_at) if e.data.get("metadata_descriptor_id") == descriptor["id"]]


# -- rename ------------------------------------------------------------------------------


def test_a_rename_moves_every_kind_of_value_and_nothing_else(client, p):
    """JSON types survive the move (a boolean stays a boolean on SQLite too); other kinds and projects keep theirs."""

    stored = {"wide": "wide", "n": 35, "x": 1.5, "yes": True, "no": False, "none": None, "list": ["a", "b"],
              "object": {"k": [1, {"z": None}]}, "text": "é \"quoted\" \\ back"}
    shots = {key: _entity(p, "Shot", {"camera": value, "lens": 35}) for key, value in stored.items()}
    without = _entity(p, "Shot", {"lens": 50})
    empty = _entity(p, "Shot", None)
    asset = _entity(p, "Prop", {"camera": "kept"})
    elsewhere = _entity(p, "Shot", {"camera": "other project"}, project=p["other"])
    descriptor = _new(client, p, entity_type="Shot", name="Camera")
    answer = _put(client, p, descriptor, {**descriptor, "name": "Camera Angle", "field_name": "ignored"})
    assert answer.status_code == 200 and answer.json["field_name"] == "camera_angle"
    for key, value in stored.items():
        assert _data(p, m.Entity, shots[key]) == {"camera_angle": value, "lens": 35}
    assert _data(p, m.Entity, without) == {"lens": 50}
    assert _data(p, m.Entity, empty) is None
    assert _data(p, m.Entity, asset) == {"camera": "kept"}
    assert _data(p, m.Entity, elsewhere) == {"camera": "other project"}
    # The API answers the moved value at once (kept answers follow the tables' change counters).
    assert client.simulate_get(f"/data/entities/{shots['n']}").json["data"] == {"camera_angle": 35, "lens": 35}


def test_asset_task_and_project_values_move_with_their_descriptor(client, p):
    prop, character = _entity(p, "Prop", {"size": "S"}), _entity(p, "Character", {"size": "M"})
    shot = _entity(p, "Shot", {"size": "shot's own"})
    rigging, modeling = _task(p, "Rigging", {"size": 1}), _task(p, "Modeling", {"size": 2})
    other_rigging = _task(p, "Rigging", {"size": 3}, project=p["other"])
    assert client.simulate_put(f"/data/projects/{p['project']}", json={"data": {"size": "feature"}}).status_code == 200
    assert client.simulate_put(f"/data/projects/{p['other']}", json={"data": {"size": "short"}}).status_code == 200
    for kind, extra in (("Asset", {}), ("Task", {"task_type_id": p["task_types"]["Rigging"]}), ("Project", {})):
        descriptor = _new(client, p, entity_type=kind, name="Size", **extra)
        assert _put(client, p, descriptor, {"name": "Scale"}).status_code == 200
    assert _data(p, m.Entity, prop) == {"scale": "S"} and _data(p, m.Entity, character) == {"scale": "M"}
    assert _data(p, m.Entity, shot) == {"size": "shot's own"}
    assert _data(p, m.Task, rigging) == {"scale": 1} and _data(p, m.Task, modeling) == {"size": 2}
    assert _data(p, m.Task, other_rigging) == {"size": 3}
    assert _data(p, m.Project, p["project"]) == {"scale": "feature"}
    assert _data(p, m.Project, p["other"]) == {"size": "short"}


def test_a_rename_onto_a_free_form_key_is_refused_rather_than_replacing_it(client, p):
    shot = _entity(p, "Shot", {"camera": "wide", "camera_angle": "free-form"})
    alone = _entity(p, "Shot", {"camera_angle": "only free-form"})
    descriptor = _new(client, p, entity_type="Shot", name="Camera")
    for params in ({"dry_run": "true"}, {}):
        refused = client.simulate_put(f"{p['base']}/{descriptor['id']}", json={"name": "Camera angle"}, params=params)
        assert refused.status_code == 400 and "camera_angle" in refused.json["message"], refused.text
    assert _data(p, m.Entity, shot) == {"camera": "wide", "camera_angle": "free-form"}
    assert client.simulate_get(f"{p['base']}/{descriptor['id']}").json["name"] == "Camera"
    with p["app"].db.connection_context():
        m.Entity.update(data={"camera": "wide"}).where(m.Entity.id == shot).execute()
    assert _put(client, p, descriptor, {"name": "Camera angle"}).status_code == 200
    assert _data(p, m.Entity, shot) == {"camera_angle": "wide"}
    assert _data(p, m.Entity, alone) == {"camera_angle": "only free-form"}  # now the descriptor's value


# -- retype ----------------------------------------------------------------------------------


@pytest.mark.parametrize("before, after, stored, expected", [
    ({"data_type": "string"}, {"data_type": "number"},
     ["12", " 7 ", "-1.5", "2e3", "n/a", "", None], [12, 7, -1.5, 2000.0, "n/a", "", None]),
    ({"data_type": "number"}, {"data_type": "string"}, [12, 1.5, 2.0, "12"], ["12", "1.5", "2", "12"]),
    ({"data_type": "string"}, {"data_type": "boolean"},
     ["yes", "true", "1", "No", "off", "false", "maybe"], ["true", "true", "true", "false", "false", "false", "maybe"]),
    ({"data_type": "boolean"}, {"data_type": "string"}, [True, False, "true"], ["true", "false", "true"]),
    ({"data_type": "list", "choices": ["red", "blue"]}, {"data_type": "taglist", "choices": ["red", "blue"]},
     ["red", "blue"], ["red", "blue"]),
    ({"data_type": "taglist", "choices": ["red", "blue"]}, {"data_type": "list", "choices": ["red", "blue"]},
     ["red", ["blue"], "red,blue", ["red", "blue"]], ["red", "blue", "red,blue", ["red", "blue"]]),
    ({"data_type": "string"}, {"data_type": "taglist", "choices": ["red", "blue"]},
     ["red, blue", "green"], ["red,blue", "green"]),
    ({"data_type": "list", "choices": ["a", "b", "c"]}, {"data_type": "list", "choices": ["a", "b"]},
     ["a", "c"], ["a", "c"]),
    ({"data_type": "string"}, {"data_type": "date"}, ["2026-02-28", "2026-02-30", "soon"],
     ["2026-02-28", "2026-02-30", "soon"]),
    ({"data_type": "textarea"}, {"data_type": "string"}, ["short", "x" * 1001], ["short", "x" * 1001]),
    ({"data_type": "checklist", "choices": ["[ ] a", "[x] b"]}, {"data_type": "string"},
     ['{"a":true,"b":false}', {"a": True}], ['{"a":true,"b":false}', '{"a":true}']),
])
def test_a_retype_converts_what_it_can_and_keeps_the_rest(client, p, before, after, stored, expected):
    rows = [_entity(p, "Prop", {"field": value, "other": 1}) for value in stored]
    descriptor = _new(client, p, entity_type="Asset", name="Field", **before)
    answer = _put(client, p, descriptor, after)
    assert answer.status_code == 200, answer.text
    assert answer.json["data_type"] == after["data_type"] and "dry_run" not in answer.json
    assert [_data(p, m.Entity, row)["field"] for row in rows] == expected
    assert all(_data(p, m.Entity, row)["other"] == 1 for row in rows)


def test_numbers_are_stored_as_json_numbers(client, p):
    row = _entity(p, "Prop", {"frames": "12"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    assert _put(client, p, descriptor, {"data_type": "number"}).status_code == 200
    value = _data(p, m.Entity, row)["frames"]
    assert value == 12 and isinstance(value, int)
    assert client.simulate_get(f"/data/entities/{row}").json["data"]["frames"] == 12


def test_person_values_are_judged_against_the_team(client, p):
    f = Factory(client)
    member, stranger = f.create(m.Person)["id"], f.create(m.Person)["id"]
    assert client.simulate_put(f"/data/projects/{p['project']}", json={"team": [member]}).status_code == 200
    rows = [_entity(p, "Prop", {"owner": value}) for value in (member.upper(), stranger, "Alice")]
    descriptor = _new(client, p, entity_type="Asset", name="Owner")
    report = _put(client, p, descriptor, {"data_type": "person"}, dry_run="true").json
    assert (report["converted"], report["unchanged"], report["failed"]) == (1, 0, 2)
    assert _put(client, p, descriptor, {"data_type": "person"}).status_code == 200
    assert [_data(p, m.Entity, row)["owner"] for row in rows] == [member, stranger, "Alice"]


def test_a_rename_and_a_retype_in_one_put_both_apply(client, p):
    row, other = _entity(p, "Prop", {"frames": "24"}), _entity(p, "Prop", {"frames": "many"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    dry = _put(client, p, descriptor, {"name": "Frame count", "data_type": "number"}, dry_run="true").json
    assert dry["descriptor"]["field_name"] == "frame_count" and dry["descriptor"]["data_type"] == "number"
    assert (dry["holding"], dry["converted"], dry["failed"]) == (2, 1, 1)
    assert _put(client, p, descriptor, {"name": "Frame count", "data_type": "number"}).status_code == 200
    assert _data(p, m.Entity, row) == {"frame_count": 24}
    assert _data(p, m.Entity, other) == {"frame_count": "many"}


def test_after_a_retype_writes_are_judged_by_the_new_type(client, p):
    row = _entity(p, "Prop", {"frames": "12"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    assert client.simulate_put(f"/data/entities/{row}", json={"data": {"frames": "a dozen"}}).status_code == 200
    assert _put(client, p, descriptor, {"data_type": "number"}).status_code == 200
    assert _data(p, m.Entity, row) == {"frames": "a dozen"}  # kept as stored
    refused = client.simulate_put(f"/data/entities/{row}", json={"data": {"frames": "thirteen"}})
    assert refused.status_code == 400 and "number" in refused.json["message"]
    assert client.simulate_put(f"/data/entities/{row}", json={"data": {"frames": 13}}).status_code == 200
    assert _data(p, m.Entity, row) == {"frames": 13}


# -- dry run -------------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_reports(client, p):
    names = {}
    for value in ("12", "n/a", "", "7", "soon"):
        row = _entity(p, "Prop", {"frames": value})
        with p["app"].db.connection_context():
            names[row] = m.Entity.get_by_id(row).name
    task = _task(p, "Rigging", {"frames": "x"})  # not an asset: not held by this descriptor
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    before = _everything(p)
    answer = _put(client, p, descriptor, {"name": "Frame count", "data_type": "number", "for_client": True},
                  dry_run="true")
    assert answer.status_code == 200, answer.text
    assert _everything(p) == before
    report = answer.json
    assert report["dry_run"] is True
    assert report["descriptor"] == {**descriptor, "name": "Frame count", "field_name": "frame_count",
                                    "data_type": "number", "for_client": True}
    assert (report["holding"], report["converted"], report["unchanged"], report["failed"]) == (5, 2, 1, 2)
    assert sorted((f["value"], f["name"]) for f in report["failures"]) == sorted(
        (v, names[i]) for i, v in ((i, _data(p, m.Entity, i)["frames"]) for i in names) if v in ("n/a", "soon"))
    assert all(f["id"] in names and "number" in f["message"] for f in report["failures"])
    assert _data(p, m.Task, task) == {"frames": "x"}
    listed = client.simulate_get(f"{p['base']}/{descriptor['id']}").json
    assert listed["name"] == "Frames" and listed["data_type"] == "string"


def test_a_dry_run_names_a_task_by_its_entity(client, p):
    task = _task(p, "Rigging", {"approved": "maybe"})
    with p["app"].db.connection_context():
        entity_name = m.Entity.get_by_id(m.Task.get_by_id(task).entity_id).name
    descriptor = _new(client, p, entity_type="Task", name="Approved", task_type_id=p["task_types"]["Rigging"])
    report = _put(client, p, descriptor, {"data_type": "boolean"}, dry_run="1").json
    assert report["failures"] == [{"id": task, "name": entity_name, "value": "maybe",
                                   "message": report["failures"][0]["message"]}]
    assert "boolean" in report["failures"][0]["message"]


def test_the_failures_listed_are_capped_but_all_counted(client, p, monkeypatch):
    monkeypatch.setattr(lifecycle, "FAILURES_LISTED", 3)
    for n in range(5):
        _entity(p, "Prop", {"frames": f"not {n}"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    report = _put(client, p, descriptor, {"data_type": "number"}, dry_run="true").json
    assert report["failed"] == 5 and len(report["failures"]) == 3


def test_a_dry_run_without_a_change_of_type_judges_the_values_as_they_are(client, p):
    _entity(p, "Prop", {"level": "hard"})
    _entity(p, "Prop", {"level": "easy"})
    descriptor = _new(client, p, entity_type="Asset", name="Level", data_type="list", choices=["easy", "hard"])
    report = _put(client, p, descriptor, {"choices": ["easy"]}, dry_run="true").json
    assert (report["holding"], report["converted"], report["unchanged"], report["failed"]) == (2, 0, 1, 1)
    assert report["failures"][0]["value"] == "hard"


@pytest.mark.parametrize("value", ["yes", "2", "maybe"])
def test_a_malformed_dry_run_flag_is_refused(client, p, value):
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    answer = _put(client, p, descriptor, {"data_type": "number"}, dry_run=value)
    assert answer.status_code == 400 and answer.json["error"] is True and "dry_run" in answer.json["message"]


def test_dry_run_false_applies(client, p):
    row = _entity(p, "Prop", {"frames": "3"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    answer = _put(client, p, descriptor, {"data_type": "number"}, dry_run="false")
    assert answer.status_code == 200 and "dry_run" not in answer.json
    assert _data(p, m.Entity, row) == {"frames": 3}


# -- delete ------------------------------------------------------------------------------------------


def test_a_delete_strips_the_values_of_its_rows_only(client, p):
    shots = [_entity(p, "Shot", {"camera": value, "lens": 35}) for value in ("wide", None, True, {"a": 1})]
    asset = _entity(p, "Prop", {"camera": "kept"})
    elsewhere = _entity(p, "Shot", {"camera": "other"}, project=p["other"])
    rigging = _task(p, "Rigging", {"camera": "task"})
    descriptor = _new(client, p, entity_type="Shot", name="Camera")
    assert client.simulate_delete(f"{p['base']}/{descriptor['id']}").status_code == 204
    assert all(_data(p, m.Entity, shot) == {"lens": 35} for shot in shots)
    assert _data(p, m.Entity, asset) == {"camera": "kept"}
    assert _data(p, m.Entity, elsewhere) == {"camera": "other"}
    assert _data(p, m.Task, rigging) == {"camera": "task"}
    task_descriptor = _new(client, p, entity_type="Task", name="Camera", task_type_id=p["task_types"]["Rigging"])
    assert client.simulate_delete(f"{p['base']}/{task_descriptor['id']}").status_code == 204
    assert _data(p, m.Task, rigging) == {}
    assert _events(p, descriptor) == ["metadata-descriptor:new", "metadata-descriptor:delete"]


# -- one transaction, one event, statements ----------------------------------------------------------


def test_a_refused_put_leaves_every_value_where_it_was(client, p):
    row = _entity(p, "Prop", {"frames": "12", "length": "3"})
    _new(client, p, entity_type="Asset", name="Length")
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    before = _everything(p)
    for params in ({}, {"dry_run": "true"}):
        clash = _put(client, p, descriptor, {"name": "Length", "data_type": "number"}, **params)
        assert clash.status_code == 400 and clash.json["error"] is True, clash.text
        assert _everything(p) == before
    assert _data(p, m.Entity, row) == {"frames": "12", "length": "3"}


def test_a_failure_after_the_values_moved_undoes_the_move(client, p, monkeypatch):
    """The rename, the descriptor row and the conversion are one transaction: a refusal while writing undoes all."""

    from clapboard.errors import BadRequest

    row = _entity(p, "Prop", {"frames": "12"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    before = _everything(p)

    def refuse(*args, **kwargs):
        raise BadRequest("refused while writing")
    monkeypatch.setattr(jsonsql, "set_each", refuse)
    answer = _put(client, p, descriptor, {"name": "Frame count", "data_type": "number"})
    assert answer.status_code == 400
    assert _everything(p) == before and _data(p, m.Entity, row) == {"frames": "12"}


def test_one_event_per_change_none_for_a_dry_run(client, p):
    _entity(p, "Prop", {"frames": "12"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    _put(client, p, descriptor, {"data_type": "number"}, dry_run="true")
    _put(client, p, descriptor, {"name": "Frame count", "data_type": "number"})
    client.simulate_delete(f"{p['base']}/{descriptor['id']}")
    assert _events(p, descriptor) == ["metadata-descriptor:new", "metadata-descriptor:update",
                                      "metadata-descriptor:delete"]


@pytest.mark.parametrize("body", [{"name": "Renamed"}, {"data_type": "number"}], ids=["rename", "retype"])
def test_statements_do_not_grow_with_the_rows(client, p, body):
    counts = []
    for rows in (3, 30):
        project = Factory(client).create(m.Project)["id"]
        for n in range(rows):
            _entity(p, "Prop", {"frames": str(n) if n % 3 else "n/a"}, project=project)
        base = f"/data/projects/{project}/metadata-descriptors"
        descriptor = client.simulate_post(base, json={"entity_type": "Asset", "name": "Frames"}).json
        for params in ({"dry_run": "true"}, {}):
            with QueryCounter(p["app"]) as counter:
                assert client.simulate_put(f"{base}/{descriptor['id']}", json=body, params=params).status_code == 200
            counts.append(counter.count)
        with QueryCounter(p["app"]) as counter:
            assert client.simulate_delete(f"{base}/{descriptor['id']}").status_code == 204
        counts.append(counter.count)
    assert counts[:3] == counts[3:]


# -- who may -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    from ..auth.conftest import FAST
    from ..auth.scenario import build

    built = []
    app = AppFactory(tmp_path_factory.mktemp("lifecycle-permissions"), built)(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    base = f"/data/projects/{scenario.ids['P']}/metadata-descriptors"
    answer = scenario.admin.simulate_post(base, json={"entity_type": "Shot", "name": "Frames"})
    scenario.ids["descriptor"] = f"{base}/{answer.json['id']}"
    assert scenario.admin.simulate_put(f"/data/entities/{scenario.ids['E']}",
                                       json={"data": {"frames": "12"}}).status_code == 200
    yield scenario
    for built_app in built:
        built_app.close()


def _stored_world(world):
    with world.app.db.connection_context():
        return m.Entity.get_by_id(world.ids["E"]).data, MetadataDescriptor.select().dicts()[:]


@pytest.mark.parametrize("role", ("supervisor", "user", "client", "vendor", "outsider"))
@pytest.mark.parametrize("params", [{"dry_run": "true"}, {}], ids=["dry run", "apply"])
def test_only_managers_retype_or_preview(world, role, params):
    before = _stored_world(world)
    answer = world.client(role).simulate_put(world.ids["descriptor"], json={"name": "Count", "data_type": "number"},
                                             params=params)
    assert answer.status_code == (404 if role == "outsider" else 403), answer.text
    assert answer.json["error"] is True
    assert _stored_world(world) == before


def test_a_manager_previews_then_applies(world):
    manager = world.client("manager")
    report = manager.simulate_put(world.ids["descriptor"], json={"data_type": "number"}, params={"dry_run": "true"})
    assert report.status_code == 200 and (report.json["holding"], report.json["converted"]) == (1, 1)
    assert manager.simulate_put(world.ids["descriptor"], json={"data_type": "number"}).status_code == 200
    assert _stored_world(world)[0] == {"frames": 12}


def _pointer(document, ref):
    node = document
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def test_the_dry_run_is_documented_and_answers_fit_the_schema(app, client, p):
    document = client.simulate_get("/openapi.json").json
    put = document["paths"]["/data/projects/{project_id}/metadata-descriptors/{descriptor_id}"]["put"]
    flag = [parameter for parameter in put["parameters"] if parameter["name"] == "dry_run"]
    assert flag and flag[0]["in"] == "query" and flag[0]["schema"]["type"] == "boolean"
    answer = _pointer(document, put["responses"]["200"]["content"]["application/json"]["schema"]["$ref"])
    shapes = [_pointer(document, choice["$ref"]) for choice in answer["anyOf"]]
    assert any(set(shape.get("required", ())) >= {"dry_run", "holding", "failures"} for shape in shapes)

    _entity(p, "Prop", {"frames": "n/a"})
    descriptor = _new(client, p, entity_type="Asset", name="Frames")
    report = _put(client, p, descriptor, {"data_type": "number"}, dry_run="true").json
    app.schemas.validate("metadata/project-descriptors#/$defs/dry-run-report", report)
    applied = _put(client, p, descriptor, {"data_type": "number"}).json
    app.schemas.validate("metadata/project-descriptors#/$defs/update-answer", applied)
    with pytest.raises(ValidationFailed):
        app.schemas.validate("metadata/project-descriptors#/$defs/dry-run-report", applied)


# -- the generic /data/metadata-descriptors/{id} route follows the same lifecycle -------------------


def test_the_generic_route_moves_converts_and_strips_too(client, p):
    shot = _entity(p, "Shot", {"frames": "12", "other": 1})
    descriptor = _new(client, p, entity_type="Shot", name="Frames")
    generic = f"/data/metadata-descriptors/{descriptor['id']}"
    answer = client.simulate_put(generic, json={"data_type": "number"})
    assert answer.status_code == 200, answer.text
    assert _data(p, m.Entity, shot) == {"frames": 12, "other": 1}
    assert client.simulate_put(generic, json={"field_name": "frame_count"}).status_code == 200
    assert _data(p, m.Entity, shot) == {"frame_count": 12, "other": 1}
    assert client.simulate_delete(generic).status_code == 204
    assert _data(p, m.Entity, shot) == {"other": 1}
