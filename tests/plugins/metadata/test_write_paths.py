"""Every write of ``data`` on entities, tasks and projects is judged by the project's descriptors.

The guard: the source of ``plugins/`` is scanned (``write_scan.py``) for
statements that may write the ``data`` column of Entity, Task or Project; each
module found must be on ``AUDITED`` with the reason it is safe, and each
module on ``AUDITED`` must still be found, so neither a new write path nor a
stale entry goes unnoticed. The audit (issue 12): the only writer of new
``data`` values is the generic service (``create_row``/``update_row``), which
every route that carries ``data`` goes through and which calls
``data_validate_values``; the bulk task creations insert rows without
``data``; the metadata plugin's own lifecycle moves, strips or converts values
already stored.

The behaviour: every route that carries ``data`` refuses a wrong value with a
400 naming the field and the rule and writes nothing, and accepts a right one;
every data type is judged on the production asset creation route; bulk task
creations still work on a strict project with task descriptors of every type.
"""

from __future__ import annotations

import json
import textwrap
import uuid
from pathlib import Path

import pytest

import clapboard.plugins
from clapboard.plugins.data import models as m
from clapboard.testing import make_client

from ..data.factory import Factory
from .typed_cases import TYPES, case_params, resolved, typed_project
from .write_scan import data_writes, scan

PLUGINS = Path(clapboard.plugins.__file__).parent
JUDGED, NO_VALUES = "calls data_validate_values", "writes no new data value"

AUDITED = {
    "data/crud/service.py": (JUDGED, "create_row / update_row: generic CRUD and every production route that "
                                     "carries data (entities/create.py, entities/updates.py, remove.py) go "
                                     "through them; _check_values asks the hook before the write"),
    "data/production/tasks/create.py": (NO_VALUES, "bulk task creation: Task.insert_many of rows built without "
                                                   "a data key (test_bulk_task_creations_…)"),
    "data/production/tasks/status.py": (NO_VALUES, "a comment's status: Task.update(**values) of status and "
                                                   "date columns"),
    "data/people/department_equipment.py": (NO_VALUES, "department ↔ hardware/software link tables"),
    "data/production/projects/priorities.py": (NO_VALUES, "priorities of project ↔ task type/status links"),
    "data/production/projects/settings.py": (NO_VALUES, "project ↔ settings link tables"),
    "data/user/filter_rules.py": (NO_VALUES, "saved search filters and filter groups"),
    "data/production/projects/schedule_actions.py": (NO_VALUES, "a schedule version applied: tasks' planned dates "
                                                                "and estimations, the project's "
                                                                "from_schedule_version_id"),
    "data/production/tasks/comment_item.py": (NO_VALUES, "a deleted comment: the task's status, retake count, "
                                                         "dates and duration recomputed"),
    "data/files/values.py": (NO_VALUES, "get_or_create of a file tree's reference rows by name (software, output "
                                        "type, file status): **values are their own columns, never data"),
    "realtime/polling.py": (NO_VALUES, "a Socket.IO session's own columns (person, token, cursor, seen_at)"),
    "data/production/templates/ordered.py": (NO_VALUES, "project template ↔ task type/status link tables"),
    "data/production/templates/sets.py": (NO_VALUES, "project template ↔ asset type, automation, background links"),
    "data/production/templates/snapshot.py": (NO_VALUES, "template ↔ project link tables; the settings applied "
                                                         "(data included) go through service.update_row"),
    "metadata/lifecycle.py": (NO_VALUES, "a renamed descriptor moves its stored values, a deleted one strips "
                                         "them: values already judged, none new"),
    "imports/csv/entities.py": (JUDGED, "CSV imports of assets, shots and edits: descriptors.judge asks "
                                        "data_validate_values about every planned data dict (one call per file) "
                                        "before the rows are written"),
    "imports/kitsu/upsert.py": (JUDGED, "Kitsu import and sync-from-zou: values.judge_values asks "
                                        "data_validate_values about every changed data dict before the writes"),
    "metadata/jsonsql.py": (NO_VALUES, "set_each, for a retyped descriptor: the stored values converted to the "
                                       "new type, kept only when values.check_value accepts them (conversion.py)"),
}


# -- the guard -------------------------------------------------------------------


def test_every_module_writing_a_data_column_is_audited():
    found = scan(PLUGINS)
    unaudited = {path: lines for path, lines in found.items() if path not in AUDITED}
    assert not unaudited, (
        f"new write path(s) of a data column: {unaudited}. Call the data_validate_values hook with all the "
        "request's writes (one call, see crud/service.py: _check_values) or go through service.create_row/"
        "update_row, then add the module to AUDITED with the reason.")
    assert not set(AUDITED) - set(found), f"audited modules no longer writing data: {set(AUDITED) - set(found)}"


def test_the_judged_write_paths_call_the_hook():
    for path, (kind, _reason) in AUDITED.items():
        if kind == JUDGED:
            assert "data_validate_values" in (PLUGINS / path).read_text(encoding="utf-8"), path


FLAGGED = {
    "keyword": "from ..models import Entity\nEntity.update(data={}).where(Entity.id == 1).execute()",
    "alias": "from ..models import Task as T\nT.insert_many(rows).execute()",
    "module attribute": "from .. import models as m\nm.Project.create(name='x', **values)",
    "dict form": "from ..models import Entity\nEntity.update({Entity.data: {}}).execute()",
    "dynamic splat": "def f(info, values):\n    info.model.update(**values).execute()",
    "dynamic field": "def f(model, rows):\n    model.bulk_update(rows, fields=[model.data])",
    "dynamic dict": "def f(model):\n    model.insert_many([{'id': 1, 'data': {}}]).execute()",
    "instance": "from ..models import Task\nrow = Task.get_by_id(1)\nrow.data = {}\nrow.save()",
    "item of data": "def f(row):\n    row.data['frames'] = 3",
    "constructor": "from ..models import Entity\nEntity(id=1, data={}).save()",
    "writer helper": "from ..models import Entity\nfrom ..crud.writes import insert_missing\n"
                     "insert_missing(Entity, rows, [Entity.id])",
    "setattr": "def f(row, value):\n    setattr(row, 'data', value)",
    "local alias": "from ..models import Entity\ndef f():\n    model = Entity\n    model.insert(row).execute()",
    "raw sql": "def f(db):\n    db.execute_sql('UPDATE \"entity\" SET data = %s', [x])",
    "f-string sql": "def f(db, table):\n    db.execute_sql(f'UPDATE \"{table}\" SET \"data\" = json_set(?)', [x])",
    "raw insert": "def f(db):\n    db.execute_sql('INSERT INTO task (id, data) VALUES (%s, %s)', [i, x])",
}
LEFT_ALONE = {
    "other model": "from ..models import ApiEvent\nApiEvent.create(name='x', data=payload)",
    "plain keywords": "from ..models import Task\nTask.update(duration=3, updated_at=now).execute()",
    "aliased other model": "from ..models import PreviewFile\nRow = PreviewFile\nRow.update(**changes)",
    "response body": "def on_get(req, resp):\n    resp.data = b'bytes'",
    "dict update": "def f(task):\n    task.update({'entity': None})",
    "reading": "from ..models import Entity\nEntity.select(Entity.data).where(Entity.id == 1)",
    "prose": 'def f():\n    """Update entity data, then insert into task lists."""',
    "other column sql": "def f(db, table):\n    db.execute_sql(f'UPDATE \"{table}\" SET position = ?', [x])",
}


@pytest.mark.parametrize("source", FLAGGED.values(), ids=FLAGGED.keys())
def test_the_scan_finds_writes_of_data(source):
    assert data_writes(textwrap.dedent(source)), source


@pytest.mark.parametrize("source", LEFT_ALONE.values(), ids=LEFT_ALONE.keys())
def test_the_scan_leaves_other_statements_alone(source):
    assert data_writes(textwrap.dedent(source)) == [], source


# -- every route that carries data -------------------------------------------------


KINDS = ("Asset", "Shot", "Sequence", "Episode", "Edit", "Project", "Task")


@pytest.fixture
def world(app, client):
    """A project whose every kind of row has a number descriptor "Frames", with a row of each."""

    f = Factory(client)
    project = f.create(m.Project)
    with app.db.connection_context():
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
        layout = str(m.TaskType.get(m.TaskType.name == "Layout").id)
    base = f"/data/projects/{project['id']}/metadata-descriptors"
    for kind in KINDS:
        body = {"entity_type": kind, "name": "Frames", "data_type": "number"}
        body.update({"task_type_id": layout} if kind == "Task" else {})
        assert client.simulate_post(base, json=body).status_code == 201
    w = {"factory": f, "project": project, "kinds": kinds, "layout": layout}
    w["asset"] = _entity(client, w, "Prop")
    w["shot"] = _entity(client, w, "Shot")
    w["task"] = f.create(m.Task, {"project_id": project["id"], "entity_id": w["asset"]["id"], "task_type_id": layout})
    return w


def _entity(client, w, kind, data=None):
    body = {"name": f"{kind}-{uuid.uuid4().hex[:6]}", "project_id": w["project"]["id"],
            "entity_type_id": w["kinds"][kind], "data": data or {}}
    answer = client.simulate_post("/data/entities", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json


def _unique(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:8]}"


def _project_path(w, tail: str) -> str:
    return f"/data/projects/{w['project']['id']}/{tail}"


# route label -> (model whose rows it writes, how to send ``data`` through it)
ROUTES = {
    "POST /data/entities": (m.Entity, lambda c, w, data: c.simulate_post("/data/entities", json={
        "name": _unique("Prop"), "project_id": w["project"]["id"], "entity_type_id": w["kinds"]["Prop"],
        "data": data})),
    "PUT /data/entities/{id}": (m.Entity, lambda c, w, data: c.simulate_put(
        f"/data/entities/{w['asset']['id']}", json={"data": data})),
    "POST …/asset-types/{id}/assets/new": (m.Entity, lambda c, w, data: c.simulate_post(
        _project_path(w, f"asset-types/{w['kinds']['Prop']}/assets/new"),
        json={"name": _unique("Lamp"), "data": data})),
    "POST …/shots": (m.Entity, lambda c, w, data: c.simulate_post(
        _project_path(w, "shots"), json={"name": _unique("SH"), "data": data})),
    "PUT /data/shots/{id}": (m.Entity, lambda c, w, data: c.simulate_put(
        f"/data/shots/{w['shot']['id']}", json={"data": data})),
    "POST …/sequences": (m.Entity, lambda c, w, data: c.simulate_post(
        _project_path(w, "sequences"), json={"name": _unique("SQ"), "data": data})),
    "POST …/episodes": (m.Entity, lambda c, w, data: c.simulate_post(
        _project_path(w, "episodes"), json={"name": _unique("E"), "data": data})),
    "POST …/edits": (m.Entity, lambda c, w, data: c.simulate_post(
        _project_path(w, "edits"), json={"name": _unique("ED"), "data": data})),
    "POST /data/tasks": (m.Task, lambda c, w, data: c.simulate_post("/data/tasks", json=w["factory"].body(
        m.Task, {"project_id": w["project"]["id"], "entity_id": _entity(c, w, "Prop")["id"],
                 "task_type_id": w["layout"], "data": data}))),
    "PUT /data/tasks/{id}": (m.Task, lambda c, w, data: c.simulate_put(
        f"/data/tasks/{w['task']['id']}", json={"data": data})),
    "PUT /data/projects/{id}": (m.Project, lambda c, w, data: c.simulate_put(
        f"/data/projects/{w['project']['id']}", json={"data": data})),
}


def _snapshot(app, model) -> list:
    """Every row of ``model`` with its ``data``: equal before and after means nothing was written."""

    with app.db.connection_context():
        return sorted((str(row_id), json.dumps(data, sort_keys=True))
                      for row_id, data in model.select(model.id, model.data).tuples())


@pytest.mark.parametrize("route", ROUTES, ids=ROUTES.keys())
def test_a_wrong_type_is_refused_naming_the_field_and_nothing_is_written(app, client, world, route):
    model, send = ROUTES[route]
    before = _snapshot(app, model)
    answer = send(client, world, {"frames": "twelve"})
    assert answer.status_code == 400, answer.text
    assert answer.json["message"] == 'data.frames (Frames, number): "twelve" is not a number.'
    assert [(e["path"], e["rule"]) for e in answer.json["errors"]] == [("data.frames", "number")]
    assert _snapshot(app, model) == before


@pytest.mark.parametrize("route", ROUTES, ids=ROUTES.keys())
def test_a_right_value_is_accepted_and_stored_as_sent(app, client, world, route):
    model, send = ROUTES[route]
    answer = send(client, world, {"frames": "24", "free": ["form"]})
    assert answer.status_code in (200, 201), answer.text
    with app.db.connection_context():
        assert model.get_by_id(answer.json["id"]).data == {"frames": "24", "free": ["form"]}


# -- every data type on the production creation route -------------------------------


@pytest.fixture
def typed(app, client):
    return typed_project(app, client)


def _new_asset(client, world, data):
    path = f"/data/projects/{world['project']['id']}/asset-types/{world['kinds']['Character']}/assets/new"
    return client.simulate_post(path, json={"name": _unique("Hero"), "data": data})


@pytest.mark.parametrize("kind, value, rule", case_params(accepted=False))
def test_each_type_refuses_its_wrong_values_on_creation(app, client, typed, kind, value, rule):
    before = _snapshot(app, m.Entity)
    answer = _new_asset(client, typed, {kind: resolved(typed, value)})
    assert answer.status_code == 400, answer.text
    assert answer.json["errors"] == [{"path": f"data.{kind}", "rule": rule, "message": answer.json["message"]}]
    assert answer.json["message"].startswith(f"data.{kind} ({kind.title()}, {kind}): ")
    assert _snapshot(app, m.Entity) == before


@pytest.mark.parametrize("kind, value, rule", case_params(accepted=True))
def test_each_type_accepts_its_right_values_on_creation(app, client, typed, kind, value, rule):
    data = {kind: resolved(typed, value)}
    answer = _new_asset(client, typed, data)
    assert answer.status_code == 201, answer.text
    with app.db.connection_context():
        assert m.Entity.get_by_id(answer.json["id"]).data == data


# -- bulk task creations ------------------------------------------------------------


def test_bulk_task_creations_write_no_value_and_pass_strict_projects(make_app):
    app = make_app(config={"plugins": {"metadata": {"strict_keys": True}}})
    client = make_client(app)
    world = typed_project(app, client, entity_type="Task", task_type="Layout")
    project_id, layout = world["project"]["id"], world["task_types"]["Layout"]
    shots = [_entity(client, world, "Shot") for _ in range(3)]
    prop = _entity(client, world, "Prop")
    sent = [
        (f"/actions/projects/{project_id}/task-types/{layout}/shots/create-tasks", [shots[0]["id"]]),
        (f"/actions/projects/{project_id}/task-types/{layout}/create-tasks/shots", []),
        (f"/data/entities/{prop['id']}/tasks", {"task_type_ids": [layout]}),
    ]
    created = []
    for path, body in sent:
        answer = client.simulate_post(path, json=body)
        assert answer.status_code == 201, (path, answer.text)
        created += [task["id"] for task in answer.json]
    assert len(created) == 4
    with app.db.connection_context():
        assert [t.data for t in m.Task.select().where(m.Task.project == project_id)] == [None] * 4
    refused = client.simulate_put(f"/data/tasks/{created[0]}", json={"data": {"number": "x"}})
    assert refused.status_code == 400 and refused.json["errors"][0]["path"] == "data.number"
    assert set(TYPES) <= {d["field_name"] for d in client.simulate_get(
        f"/data/projects/{project_id}/metadata-descriptors").json}
