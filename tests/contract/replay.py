"""Replaying a recorded Zou request against a Clapboard app.

A sample names Zou's ids; Clapboard has its own rows. ``Replay`` maps every
Zou id it meets to a fresh Clapboard row of the right model (created with the
data tests' ``Factory``), seeds the row under test with the scalar values of
Zou's answer (so that types are compared on real values, not on nulls), sends
the equivalent request and returns ``(status, body)``.
"""

from __future__ import annotations

import itertools
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import peewee

from clapboard.plugins.data.crud.meta import info as model_info
from clapboard.plugins.data.models import CRUD_MODELS as DATA_MODELS
from clapboard.plugins.data.models import AssetInstance, Entity, News, Person, Project, Task
from clapboard.plugins.metadata.models import MetadataDescriptor
from clapboard.testing import make_client

from ..plugins.data.factory import Factory

SAMPLES_DIR = Path(__file__).parent / "zou_samples"
SHARED_SAMPLES_DIR = Path("/work/shared/zou/samples")
# The fields of a recorded sample these tests use (what ``zou_samples/`` keeps).
KEPT_FIELDS = ("method", "path_template", "example_path", "query", "request_body", "status", "response_body")

# Zou's generic models: the 45 of ``data`` and the ``metadata`` plugin's descriptors.
CRUD_MODELS = [*DATA_MODELS, MetadataDescriptor]
CRUD_BY_PATH = {m._meta.crud_path: m for m in CRUD_MODELS}
GENERIC_ROUTE = re.compile(r"/data/([^/]+)(/\{id\})?")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Query parameters that are not column filters.
CONTROL_PARAMS = frozenset({"page", "limit", "relations", "fields", "force"})

USER_PASSWORD = "contract-tests-password"
ENTITY_KINDS = ("Episode", "Sequence", "Shot", "Scene", "Edit", "Concept")

_unique = itertools.count(1)


def _fk_by_key() -> dict[str, type]:
    """``project_id`` -> Project, from every foreign key of the CRUD models (for nested ids)."""

    found: dict[str, type] = {}
    for model in CRUD_MODELS:
        for key, f in model_info(model).columns.items():
            if isinstance(f, peewee.ForeignKeyField):
                found.setdefault(key, f.rel_model)
    return found


FK_BY_KEY = _fk_by_key()


@dataclass
class Sample:
    name: str
    method: str
    path_template: str
    query: dict
    request_body: Any
    status: int
    response_body: Any
    example_path: str | None = None

    @property
    def crud_path(self) -> str:
        return GENERIC_ROUTE.fullmatch(self.path_template).group(1)

    @property
    def model(self):
        return CRUD_BY_PATH.get(self.crud_path)

    @property
    def is_item(self) -> bool:
        return self.path_template.endswith("/{id}")

    @property
    def variant(self) -> str:
        """``400-bad-id`` in ``GET__data__projects__{id}.400-bad-id.json`` ('' when none)."""

        stem = self.name[: -len(".json")]
        if stem.endswith(".anchor"):
            stem = stem[: -len(".anchor")]
        return stem.partition(".")[2]

    @property
    def is_anchor(self) -> bool:
        return self.name.endswith(".anchor.json")


def is_generic_crud(data: dict) -> bool:
    """A sample of ``/data/<crud path>[/{id}]`` (or of the unknown-route error, ``/data/no-such-model``)."""

    found = GENERIC_ROUTE.fullmatch(data.get("path_template", ""))
    return bool(found) and (found.group(1) in CRUD_BY_PATH or found.group(1) == "no-such-model")


def load_samples(directory: Path = SAMPLES_DIR) -> list[Sample]:
    samples = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text())
        samples.append(Sample(name=path.name, **{k: data.get(k) for k in KEPT_FIELDS}))
    return samples


def keep(data: dict) -> dict:
    """A sample reduced to the fields the tests use.

    ``example_path`` is kept only where it says more than the template: an id
    that is not a UUID (the bad-id case).
    """

    kept = {k: data.get(k) for k in KEPT_FIELDS}
    template, example = kept["path_template"], kept.get("example_path") or ""
    pattern = re.escape(template).replace(re.escape("{id}"), UUID_RE.pattern)
    if re.fullmatch(pattern, example) or not example:
        kept.pop("example_path")
    return kept


def _is_uuid(value) -> bool:
    return isinstance(value, str) and bool(UUID_RE.fullmatch(value))


def unique_keys(model) -> set[str]:
    """Columns under a unique constraint: never seeded from Zou's values (rows would collide)."""

    info = model_info(model)
    by_name = {f.name: key for key, f in info.columns.items()}
    keys = {key for key, f in info.columns.items() if f.unique}
    for index in model._meta.indexes:
        if isinstance(index, tuple):
            names, unique = index
            if unique:
                keys |= {by_name.get(n, n) for n in names}
        elif getattr(index, "_unique", False):
            keys |= {getattr(e, "column_name", None) for e in index._expressions} - {None}
    for key, f in info.columns.items():
        if isinstance(f, peewee.ForeignKeyField) and f.name in keys:
            keys.add(key)
    return keys


@dataclass
class Replay:
    """One replay: its own id map, so the same Zou id is the same Clapboard row within it."""

    app: Any
    ids: dict = field(default_factory=dict)

    def __post_init__(self):
        self.admin = make_client(self.app)
        self.factory = Factory(self.admin)

    # -- ids ------------------------------------------------------------------------

    def our_id(self, model, zou_id: str) -> str:
        if zou_id not in self.ids:
            self.ids[zou_id] = str(self.factory.create(model)["id"])
        return self.ids[zou_id]

    def translate(self, model, body):
        """A Zou body with every Zou id replaced by the id of a Clapboard row of the right model."""

        if isinstance(body, list):
            return [self.translate(model, item) for item in body]
        if not isinstance(body, dict):
            return body
        info = model_info(model) if model is not None else None
        out = {}
        for key, value in body.items():
            target = None
            if info is not None and isinstance(info.columns.get(key), peewee.ForeignKeyField):
                target = info.columns[key].rel_model
            elif info is not None and key in info.relations:
                target = info.relations[key].target
            elif key in FK_BY_KEY:
                target = FK_BY_KEY[key]
            if target is not None and _is_uuid(value):
                out[key] = self.our_id(target, value)
            elif target is not None and isinstance(value, list) and all(_is_uuid(v) for v in value):
                out[key] = [self.our_id(target, v) for v in value]
            elif isinstance(value, (dict, list)) and key not in ("data", "file_tree"):
                out[key] = self.translate(None, value)
            else:
                out[key] = value
        return out

    def query(self, model, query: dict) -> tuple[dict, dict]:
        """``(params to send, column values a matching row needs)``."""

        info = model_info(model)
        params, needs = {}, {}
        for key, value in (query or {}).items():
            if key in CONTROL_PARAMS or (key not in info.columns):
                params[key] = value
                continue
            f = info.columns[key]
            target = model if key == "id" else (f.rel_model if isinstance(f, peewee.ForeignKeyField) else None)
            if isinstance(value, str) and value.startswith("["):
                values = json.loads(value)
                if target is not None:
                    values = [self.our_id(target, v) for v in values]
                params[key] = json.dumps(values)
                if key != "id":
                    needs[key] = values[0]
            elif target is not None and _is_uuid(value):
                params[key] = needs[key] = self.our_id(target, value)
            elif isinstance(f, peewee.BooleanField):
                params[key] = value
                needs[key] = value.lower() == "true"
            elif key in unique_keys(model):
                params[key] = needs[key] = f"{value} #{next(_unique)}"
            else:
                params[key] = needs[key] = value
        return params, needs

    # -- rows -----------------------------------------------------------------------

    def seed(self, model, zou_row) -> dict:
        """The writable scalar values of a Zou row that a fresh Clapboard row can take."""

        if not isinstance(zou_row, dict):
            return {}
        info = model_info(model)
        skip = unique_keys(model)
        values = {}
        for key, value in zou_row.items():
            f = info.writable.get(key)
            if f is None or value is None or key in skip or isinstance(f, peewee.ForeignKeyField):
                continue
            values[key] = value
        return values

    def create(self, model, zou_row=None, needs=None) -> dict:
        extra = {**self.seed(model, zou_row), **(needs or {})}
        kind = zou_row.get("type") if isinstance(zou_row, dict) else None
        if model is Entity and kind in ENTITY_KINDS and "entity_type_id" not in extra:
            # The row under test gets the entity type Zou's row had, so its "type" can match.
            from clapboard.plugins.data.models import EntityType

            with self.app.db.connection_context():
                extra["entity_type_id"] = str(EntityType.get(EntityType.name == kind).id)
        return self.factory.create(model, extra)

    # -- requests -------------------------------------------------------------------

    def prepare(self, sample: Sample, row: dict | None) -> None:
        prepare = PRECONDITIONS.get(sample.name)
        if prepare is not None:
            prepare(self, sample, row)

    def client(self, sample: Sample, row: dict | None = None):
        """A client acting as the sample was recorded: admin, anonymous (401), or a user (403, as-user).

        A user is a real person with role ``user`` logged in through ``/auth/login``, in the team
        of the project read (``*.as-user.json``), as in Zou.
        """

        if sample.status == 401:
            return make_client(self.app, role=None)  # recorded without a token
        if sample.status == 403 or sample.variant == "as-user":
            person, client = self.person_client("user")
            if row is not None and sample.model is Project:
                answer = self.admin.simulate_put(f"/data/projects/{row['id']}", json={"team": [person["id"]]})
                assert answer.status_code == 200, answer.text
            return client
        return self.admin

    def person_client(self, role: str):
        """``(person, client)``: a new person with ``role`` and a password, logged in with a bearer token."""

        from falcon.testing import TestClient

        email = f"contract-{uuid.uuid4().hex[:12]}@example.com"
        with self.app.db.connection_context():
            person = Person.create(id=uuid.uuid4(), first_name="Contract", last_name=role.title(), email=email,
                                   role=role, password=self.app.passwords.hash(USER_PASSWORD))
        login = make_client(self.app, role=None).simulate_post(
            "/auth/login", json={"email": email, "password": USER_PASSWORD})
        assert login.status_code == 200, login.text
        client = TestClient(self.app, headers={"Authorization": f"Bearer {login.json['access_token']}"})
        return {"id": str(person.id)}, client

    def run(self, sample: Sample) -> tuple[int, Any]:
        client = self.client(sample) if not (sample.is_item and sample.variant == "as-user") else None
        model = sample.model
        base = f"/data/{sample.crud_path}"
        method = sample.method
        if model is None or (not sample.is_item and method == "DELETE"):  # unknown route, wrong method
            result = client.simulate_request(method, sample.example_path or sample.path_template)
            return result.status_code, result.json
        if not sample.is_item:
            if method == "GET":
                params, needs = self.query(model, sample.query)
                if sample.status == 200:
                    zou_items = sample.response_body
                    if isinstance(zou_items, dict):
                        zou_items = zou_items.get("data")
                    self.create(model, zou_items[0] if zou_items else None, needs)
                result = client.simulate_get(base, params=params)
                return result.status_code, result.json
            if method == "POST":
                self.prepare(sample, None)
                if isinstance(sample.request_body, str):  # recorded as raw (malformed) text
                    result = client.simulate_post(base, body=sample.request_body,
                                                  headers={"Content-Type": "application/json"})
                else:
                    result = client.simulate_post(base, json=self.translate(model, sample.request_body),
                                                  params=sample.query or None)
                return result.status_code, result.json
            raise AssertionError(f"unexpected sample {sample.name}")

        # item routes
        if sample.variant == "400-bad-id":
            result = client.simulate_request(method, sample.example_path)
            return result.status_code, result.json
        if sample.status == 404:
            result = client.simulate_request(method, f"{base}/{uuid.uuid4()}")
            return result.status_code, result.json
        row = self.create(model, sample.response_body if method != "DELETE" else None)
        path = f"{base}/{row['id']}"
        params, _ = self.query(model, sample.query)
        self.prepare(sample, row)
        client = client or self.client(sample, row)
        if method == "GET":
            result = client.simulate_get(path, params=params or None)
        elif method == "PUT":
            result = client.simulate_put(path, json=self.translate(model, sample.request_body), params=params or None)
        elif method == "DELETE":
            result = client.simulate_delete(path, params=params or None)
        else:
            raise AssertionError(f"unexpected sample {sample.name}")
        return result.status_code, (result.json if result.text else None)


def _task_on_entity(replay: Replay, sample: Sample, row: dict | None) -> None:
    """The entity is referenced by a task, as the recorded one was."""

    replay.factory.create(Task, {"entity_id": row["id"]})


def _close_project(replay: Replay, project_id: str) -> None:
    """Zou deletes only closed projects: the recorded ones had been closed first."""

    closed = replay.admin.simulate_get("/data/project-status", params={"name": "Closed"}).json[0]["id"]
    replay.admin.simulate_put(f"/data/projects/{project_id}", json={"project_status_id": closed})


def _project_with_content(replay: Replay, sample: Sample, row: dict | None) -> None:
    """The closed project holds an asset with a task, as the recorded one did (what ``force`` is for)."""

    asset = replay.factory.create(Entity, {"project_id": row["id"]})
    replay.factory.create(Task, {"project_id": row["id"], "entity_id": asset["id"]})
    _close_project(replay, row["id"])


def _project_with_asset_instance(replay: Replay, sample: Sample, row: dict | None) -> None:
    """The project holds an asset with an asset instance, as the recorded one did."""

    asset = replay.factory.create(Entity, {"project_id": row["id"]})
    replay.factory.create(AssetInstance, {"asset_id": asset["id"]})


def _project_with_episode(replay: Replay, sample: Sample, row: dict | None) -> None:
    """The closed (tvshow) project still holds the first episode Zou created with it."""

    replay.factory.create(Entity, {"project_id": row["id"]})
    _close_project(replay, row["id"])


def _task_with_news(replay: Replay, sample: Sample, row: dict | None) -> None:
    """A news item (written when the task was commented) refers to the task."""

    replay.factory.create(News, {"task_id": row["id"]})


def _same_name_exists(replay: Replay, sample: Sample, row: dict | None) -> None:
    """A row with the body's name already exists (the duplicate case)."""

    replay.factory.create(sample.model, {"name": sample.request_body["name"]})


# What the recorded row had around it that a fresh row lacks, by sample file name.
PRECONDITIONS: dict[str, Callable[[Replay, Sample, dict | None], None]] = {
    "DELETE__data__entities__{id}.json": _task_on_entity,
    "DELETE__data__projects__{id}.json": _project_with_content,
    "DELETE__data__projects__{id}.500-asset-instances.json": _project_with_asset_instance,
    "DELETE__data__projects__{id}.with-content.anchor.json": _project_with_content,
    "DELETE__data__projects__{id}.closed-with-episode.anchor.json": _project_with_episode,
    "DELETE__data__projects__{id}.with-episode.anchor.json": _project_with_episode,
    "DELETE__data__tasks__{id}.with-news.anchor.json": _task_with_news,
    "POST__data__departments.400-duplicate.anchor.json": _same_name_exists,
}

__all__ = ["Replay", "Sample", "load_samples", "is_generic_crud", "keep"]
