"""Generic CRUD over HTTP for every one of the 46 Zou models, and every error path.

Each model is created (with whatever it references), read, listed, filtered,
paginated, updated and deleted through ``/data/<path>``; then each error case
is checked to be a 4xx in Zou's shape. A 500 anywhere fails the test.
"""

from __future__ import annotations

import uuid

import peewee
import pytest

from clapboard.plugins.data.crud.meta import info as model_info
from clapboard.plugins.data.models import CRUD_MODELS
from clapboard.testing import make_client

from .factory import Factory

IDS = [m._meta.crud_path for m in CRUD_MODELS]


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One app for the module: models do not share rows, so tests stay independent."""

    from clapboard.testing import AppFactory

    factory = AppFactory(tmp_path_factory.mktemp("crud"), [])
    app = factory()
    yield app
    app.close()


@pytest.fixture
def client(shared):
    return make_client(shared)


def _close(client, project_id):
    closed = client.simulate_get("/data/project-status", params={"name": "Closed"}).json[0]["id"]
    assert client.simulate_put(f"/data/projects/{project_id}", json={"project_status_id": closed}).status_code == 200


def _scalar_update(info):
    """A column to change in the update test, with a new value."""

    for key, field in info.writable.items():
        if isinstance(field, peewee.ForeignKeyField) or field.choices or key in ("email",):
            continue
        if isinstance(field, peewee.CharField) and field.max_length >= 12 and "color" not in key:
            return key, f"changed-{uuid.uuid4().hex[:6]}"
        if isinstance(field, peewee.TextField):
            return key, "changed text"
    for key, field in info.writable.items():
        if isinstance(field, peewee.BooleanField):
            return key, True
        if isinstance(field, peewee.IntegerField) and not isinstance(field, peewee.ForeignKeyField):
            return key, 2
    return None, None


def _wrong_type(info):
    """A writable column and a value of the wrong JSON type for it."""

    for key, field in info.writable.items():
        if isinstance(field, (peewee.CharField, peewee.TextField)) and not field.choices:
            return key, 12345
    for key, field in info.writable.items():
        if isinstance(field, (peewee.IntegerField, peewee.BooleanField, peewee.FloatField)):
            return key, "not-a-number"
    return None, None


@pytest.mark.parametrize("model", CRUD_MODELS, ids=IDS)
def test_create_read_list_filter_paginate_update_delete(client, model):
    info = model_info(model)
    base = f"/data/{info.path}"
    factory = Factory(client)

    created = [factory.create(model) for _ in range(3)]
    row = created[0]
    assert row["type"] == info.type_name  # Zou types even a created entity "Entity"
    assert uuid.UUID(row["id"])
    assert row["created_at"] and row["updated_at"]
    assert not (set(row) & info.secret_keys)

    got = client.simulate_get(f"{base}/{row['id']}")
    assert got.status_code == 200
    # Read back, an entity is typed by its kind (a fresh entity type is an asset type).
    assert got.json["type"] == ("Asset" if info.table == "entity" else info.type_name)
    assert {k: v for k, v in got.json.items() if k in row and k != "type"} == \
        {k: v for k, v in row.items() if k != "type"}
    for name in info.relations:
        assert isinstance(got.json[name], list)

    listed = client.simulate_get(base)
    assert listed.status_code == 200
    listed_ids = {r["id"] for r in listed.json}
    assert {r["id"] for r in created} <= listed_ids
    assert all(name not in listed.json[0] for name in info.relations)

    with_relations = client.simulate_get(base, params={"relations": "true", "id": row["id"]})
    assert [r["id"] for r in with_relations.json] == [row["id"]]
    for name in info.relations:
        assert with_relations.json[0][name] == got.json[name]

    filtered = client.simulate_get(base, params={"id": f'["{created[1]["id"]}", "{created[2]["id"]}"]'})
    assert sorted(r["id"] for r in filtered.json) == sorted([created[1]["id"], created[2]["id"]])

    page = client.simulate_get(base, params={"page": "1", "limit": "2"})
    assert page.status_code == 200
    envelope = page.json
    assert set(envelope) == {"data", "total", "nb_pages", "limit", "offset", "page"}
    assert envelope["limit"] == 2 and envelope["page"] == 1 and envelope["offset"] == 0
    assert envelope["total"] >= 3 and envelope["nb_pages"] == -(-envelope["total"] // 2)
    assert len(envelope["data"]) == 2
    page2 = client.simulate_get(base, params={"page": "2", "limit": "2"}).json
    assert not ({r["id"] for r in page2["data"]} & {r["id"] for r in envelope["data"]})

    projected = client.simulate_get(base, params={"fields": "created_at", "id": row["id"]})
    assert projected.json == [{"id": row["id"], "created_at": row["created_at"], "type": got.json["type"]}]

    key, value = _scalar_update(info)
    if key is not None:
        updated = client.simulate_put(f"{base}/{row['id']}", json={key: value})
        assert updated.status_code == 200, updated.text
        assert updated.json[key] == value
        assert client.simulate_get(f"{base}/{row['id']}").json[key] == value
        if isinstance(value, str) and key != "name":
            found = client.simulate_get(base, params={key: value})
            assert [r["id"] for r in found.json] == [row["id"]]

    if info.table == "project":  # only closed projects can be deleted, as in Zou
        _close(client, created[2]["id"])
    deleted = client.simulate_delete(f"{base}/{created[2]['id']}")
    assert deleted.status_code == 204, deleted.text
    assert client.simulate_get(f"{base}/{created[2]['id']}").status_code == 404


@pytest.mark.parametrize("model", CRUD_MODELS, ids=IDS)
def test_error_paths(client, model):
    info = model_info(model)
    base = f"/data/{info.path}"
    factory = Factory(client)
    row = factory.create(model)

    key, value = _wrong_type(info)
    if key is not None:
        wrong = client.simulate_post(base, json=factory.body(model, {key: value}))
        assert wrong.status_code == 400
        assert wrong.json["error"] is True
        assert key in [e["path"] for e in wrong.json["errors"]]

    unknown = client.simulate_put(f"{base}/{row['id']}", json={"no_such_field": 1})
    assert unknown.status_code == 400
    assert unknown.json["errors"][0] == {"path": "no_such_field", "message": "unknown field",
                                         "detail": unknown.json["errors"][0]["detail"]}

    # Read-only keys sent back (as gazu does with whole objects) are ignored, never written.
    forced_id = str(uuid.uuid4())
    echoed = client.simulate_put(f"{base}/{row['id']}", json={
        "id": forced_id, "type": "Other", "created_at": "2001-01-01T00:00:00"})
    assert echoed.status_code == 200
    assert echoed.json["id"] == row["id"] and echoed.json["created_at"] == row["created_at"]
    assert echoed.json["type"] == client.simulate_get(f"{base}/{row['id']}").json["type"]
    assert client.simulate_get(f"{base}/{forced_id}").status_code == 404

    for secret in sorted(info.secret_keys)[:1]:
        refused = client.simulate_put(f"{base}/{row['id']}", json={secret: "x"})
        assert refused.status_code == 400
        assert refused.json["errors"] == [{"path": secret, "message": "protected field"}]

    missing = str(uuid.uuid4())
    for method in ("simulate_get", "simulate_put", "simulate_delete"):
        kwargs = {"json": {}} if method == "simulate_put" else {}
        result = getattr(client, method)(f"{base}/{missing}", **kwargs)
        assert result.status_code == 404, (method, result.text)
        assert result.json["error"] is True
    malformed = client.simulate_get(f"{base}/not-a-uuid")
    assert malformed.status_code == 400
    assert malformed.json == {"error": True, "message": "Malformed ID.", "data": None}

    bad_filter = client.simulate_get(base, params={"no_such_column": "1"})
    assert bad_filter.status_code == 400 and "no_such_column" in bad_filter.json["message"]
    bad_value = client.simulate_get(base, params={"created_at": "yesterday"})
    assert bad_value.status_code == 400 and "created_at" in bad_value.json["message"]
    bad_array = client.simulate_get(base, params={"id": "[not json"})
    assert bad_array.status_code == 400 and "'id'" in bad_array.json["message"]
    bad_page = client.simulate_get(base, params={"page": "one"})
    assert bad_page.status_code == 400


@pytest.mark.parametrize("model", [m for m in CRUD_MODELS if any(
    isinstance(f, peewee.ForeignKeyField) for f in model_info(m).writable.values())],
    ids=lambda m: m._meta.crud_path)
def test_integrity_violations_are_400(client, model):
    info = model_info(model)
    base = f"/data/{info.path}"
    factory = Factory(client)
    key = next(k for k, f in info.writable.items() if isinstance(f, peewee.ForeignKeyField))
    dangling = client.simulate_post(base, json=factory.body(model, {key: str(uuid.uuid4())}))
    assert dangling.status_code == 400, dangling.text
    assert dangling.json["error"] is True

    # Deleting the referenced row: refused while referenced, unless the key is a
    # link-table key, whose rows go with it.
    row = factory.create(model)
    field = info.writable[key]
    target_info = model_info(field.rel_model)
    if row.get(key) and target_info.path:
        if target_info.table == "project":
            _close(client, row[key])
        result = client.simulate_delete(f"/data/{target_info.path}/{row[key]}")
        if field.on_delete == "CASCADE":
            assert result.status_code == 204, result.text
            assert client.simulate_get(f"{base}/{row['id']}").status_code == 404
        else:
            assert result.status_code == 400, result.text
            assert "referenced" in result.json["message"]
            assert client.simulate_get(f"/data/{target_info.path}/{row[key]}").status_code == 200


def test_a_nul_character_in_a_filter_or_a_body_is_never_a_500(client):
    """SQLite stores it; PostgreSQL refuses text with NUL: a 400 then, streamed lists included."""

    answers = [client.simulate_get("/data/tasks", params={"name": "a\x00b"}),
               client.simulate_get("/data/tasks", params={"name": "a\x00b", "page": "1"}),
               client.simulate_post("/data/departments", json={"name": "a\x00b", "color": "#000000"})]
    for answer in answers:
        assert answer.status_code in (200, 201, 400), answer.text
        assert answer.json is not None
