"""The production the tasks tests run against (helpers only, no tests here).

The auth scenario's project P (a team of manager, supervisor of Animation,
artist, client and vendor; task T on shot E assigned to the artist and the
vendor) grows an episode > sequence > shots, assets and their tasks. Every
role logs in for real, so the policy plugin decides every answer.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from clapboard.plugins.data import models as m
from clapboard.testing import AppFactory

from .....contract.shapes import compare, compare_bodies
from ....auth.conftest import FAST
from ....auth.scenario import Scenario, build
from ...factory import Factory

_NAMES = itertools.count(1)
SAMPLES = Path(__file__).resolve().parents[4] / "zou_samples"
REFUSED = (403, 404)


@dataclass
class World:
    sc: Scenario
    ids: dict
    types: dict  # reference names -> ids (task types, statuses, entity types)

    @property
    def app(self):
        return self.sc.app

    @property
    def admin(self):
        return self.sc.admin

    def client(self, role):
        return self.sc.client(role)

    def person(self, role) -> str:
        return self.sc.people[role]

    def db(self):
        return self.app.db.connection_context()

    def events(self, name: str) -> list[dict]:
        with self.db():
            return [e.data for e in m.ApiEvent.select().where(m.ApiEvent.name == name).order_by(m.ApiEvent.created_at)]

    def count(self, model, *conditions) -> int:
        with self.db():
            query = model.select()
            return (query.where(*conditions) if conditions else query).count()

    def stored(self, model, row_id) -> dict | None:
        """The row as the database holds it (``None`` when gone): what a refused write must leave alone."""

        with self.db():
            return model.select().where(model.id == row_id).dicts().first()

    def task(self, task_id) -> dict:
        return self.admin.simulate_get(f"/data/tasks/{task_id}").json

    def new_task(self, entity="SH1", task_type="Layout", assignees=(), project="P") -> str:
        """A task (named uniquely, so one entity may hold several of a type) created as admin."""

        body = {"project_id": self.ids[project], "entity_id": self.ids[entity], "task_type_id": self.types[task_type],
                "task_status_id": self.types["todo"], "name": f"task {next(_NAMES)}",
                "assignees": [self.person(r) for r in assignees]}
        answer = self.admin.simulate_post("/data/tasks", json=body)
        assert answer.status_code == 201, answer.text
        return answer.json["id"]


def build_world(tmp_path_factory, name: str, config: dict | None = None) -> World:
    """The world on a fresh app; ``config`` adds settings (``{"plugins": {"pictures": {...}}}``…)."""

    config = config or {}
    settings = {**config, "plugins": {"auth": dict(FAST), **config.get("plugins", {})}}
    app = AppFactory(tmp_path_factory.mktemp(name), [])(config=settings, actors=False)
    sc = build(app)
    with app.db.connection_context():
        types = {t.name: str(t.id) for t in m.TaskType.select()}
        types.update({s.short_name: str(s.id) for s in m.TaskStatus.select()})
        types.update({f"kind:{k.name}": str(k.id) for k in m.EntityType.select()})
    ids = dict(sc.ids)
    factory = Factory(sc.admin)

    def entity(key, kind, name, project="P", **extra):
        body = {"project_id": ids[project], "entity_type_id": types[f"kind:{kind}"], "name": name, **extra}
        ids[key] = factory.create(m.Entity, body)["id"]

    entity("EP", "Episode", "E01")
    entity("SQ", "Sequence", "SQ01", parent_id=ids["EP"])
    entity("SH1", "Shot", "SH010", parent_id=ids["SQ"], data={"frame_in": 1, "frame_out": 48})
    entity("SH2", "Shot", "SH020", parent_id=ids["SQ"])
    entity("HERO", "Character", "Hero", source_id=ids["EP"])
    entity("LAMP", "Prop", "Lamp")
    entity("EDIT", "Edit", "Cut")
    entity("CONCEPT", "Concept", "Sketch")
    return World(sc=sc, ids=ids, types=types)


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text())


def close(world: World) -> None:
    world.app.close()


def _strip(body):
    """A sample body without the recorder's ``_list_length`` notes."""

    if isinstance(body, dict):
        return {k: _strip(v) for k, v in body.items() if k != "_list_length"}
    if isinstance(body, list):
        return [_strip(v) for v in body]
    return body


def shape_diffs(name: str, answer, allowed=()) -> list[str]:
    """Differences of shape between a recorded Zou answer and ours (``allowed`` patterns dropped)."""

    recorded = sample(name)
    ours = answer.json if answer.content else None
    diffs = compare(recorded["status"], _strip(recorded["response_body"]), answer.status_code, ours)
    return [d for d in diffs if not any(fnmatch(d, pattern) for pattern in allowed)]


def keyed_shape_diffs(name: str, answer) -> list[str]:
    """For answers keyed by ids (task types, projects): compare the first value of each."""

    recorded = _strip(sample(name)["response_body"])
    assert answer.status_code == 200, answer.text
    if not recorded:
        return [] if isinstance(answer.json, dict) else ["body: zou object, ours other"]
    assert answer.json, "ours is empty"
    return compare_bodies(next(iter(recorded.values())), next(iter(answer.json.values())))


def multipart(fields: dict, files=()) -> dict:
    """Keyword arguments of ``simulate_post`` for a multipart form (``files``: (field, name, type, bytes))."""

    boundary = "clapboard-tasks-boundary"
    chunks = []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for field, filename, content_type, data in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n")
        chunks.append(head.encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return {"body": b"".join(chunks), "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"}}
