"""A small TV production built through the API, to export: the shapes of Zou's recorded samples.

Project "Élan Film" (a TV show, open) with episode E01, sequence SQ01 and
shots SH010 (frames 48, 1001-1048) and SH020; assets Hero (Character) and
Forest (Environment); an edit; shot descriptors Camera (string) and
Difficulty (list), asset descriptor Ready (boolean); Layout and Animation
tasks on the shots, Modeling on Hero, with assignees of non-ASCII names and
time spent; casting of Hero in SH010 and in Forest; a playlist of SH010.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from clapboard.plugins.data import models as m


@dataclass
class Production:
    ids: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


def ok(answer, *codes):
    assert answer.status_code in (codes or (200, 201)), answer.text
    return answer.json


def reference(app) -> dict:
    with app.db.connection_context():
        return {
            "open": str(m.ProjectStatus.get(m.ProjectStatus.name == "Open").id),
            **{f"type:{t.name}": str(t.id) for t in m.EntityType.select()},
            **{f"task:{t.name}": str(t.id) for t in m.TaskType.select()},
            **{f"status:{s.short_name}": str(s.id) for s in m.TaskStatus.select()},
        }


def person(client, first, last, **extra) -> str:
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    return ok(client.simulate_post("/data/persons", json={"first_name": first, "last_name": last, "email": email,
                                                          **extra}))["id"]


def task(client, ids, project, entity, task_type, status, assignees=(), **dates) -> str:
    return ok(client.simulate_post("/data/tasks", json={
        "project_id": project, "entity_id": entity, "task_type_id": ids[f"task:{task_type}"],
        "task_status_id": ids[f"status:{status}"], "name": "main", "assignees": list(assignees), **dates}))["id"]


def build(app, client, name: str = "Élan Film", descriptors: bool = True) -> Production:
    ids = reference(app)
    production = Production(ids=ids)
    people = production.people
    people["zoe"] = person(client, "Zoë", "Brontë")
    people["sam"] = person(client, "Sam", "Pler")
    project = ids["project"] = ok(client.simulate_post("/data/projects", json={
        "name": name, "project_status_id": ids["open"], "production_type": "tvshow"}))["id"]
    ok(client.simulate_put(f"/data/projects/{project}", json={"team": [people["zoe"], people["sam"]]}))
    if descriptors:
        base = f"/data/projects/{project}/metadata-descriptors"
        for kind, label, extra in (("Shot", "Camera", {}), ("Shot", "Difficulty",
                                                            {"data_type": "list", "choices": ["easy", "hard"]}),
                                   ("Asset", "Ready", {"data_type": "boolean"})):
            ok(client.simulate_post(base, json={"entity_type": kind, "name": label, **extra}))
    episode = ids["E01"] = ok(client.simulate_post(f"/data/projects/{project}/episodes", json={"name": "E01"}))["id"]
    sequence = ids["SQ01"] = ok(client.simulate_post(f"/data/projects/{project}/sequences",
                                                     json={"name": "SQ01", "episode_id": episode}))["id"]
    ids["SH010"] = ok(client.simulate_post(f"/data/projects/{project}/shots", json={
        "name": "SH010", "sequence_id": sequence, "nb_frames": 48, "frame_in": 1001, "frame_out": 1048,
        "description": "Opening shot", "data": {"camera": "=HYPERLINK(\"x\")", "difficulty": "hard"}}))["id"]
    ids["SH020"] = ok(client.simulate_post(f"/data/projects/{project}/shots", json={
        "name": "SH020", "sequence_id": sequence, "nb_frames": 72, "frame_in": -5, "frame_out": 66,
        "description": "Second shot — été", "data": {"difficulty": "easy"}}))["id"]
    ids["Hero"] = ok(client.simulate_post(
        f"/data/projects/{project}/asset-types/{ids['type:Character']}/assets/new",
        json={"name": "Hero", "description": "Hero asset", "data": {"ready": "true"}}))["id"]
    ids["Forest"] = ok(client.simulate_post(
        f"/data/projects/{project}/asset-types/{ids['type:Environment']}/assets/new",
        json={"name": "Forest", "description": "Forest asset"}))["id"]
    ids["Edit"] = ok(client.simulate_post(f"/data/projects/{project}/edits",
                                          json={"name": "Trailer", "parent_id": episode}))["id"]
    ids["T-layout-10"] = task(client, ids, project, ids["SH010"], "Layout", "wip", [people["sam"], people["zoe"]])
    ids["T-anim-10"] = task(client, ids, project, ids["SH010"], "Animation", "todo", [people["zoe"]])
    ids["T-layout-20"] = task(client, ids, project, ids["SH020"], "Layout", "wip", [people["zoe"]])
    ids["T-model"] = task(client, ids, project, ids["Hero"], "Modeling", "wfa", [people["sam"]],
                          start_date="2026-11-02T09:00:00", due_date="2026-11-20T18:00:00",
                          real_start_date="2026-11-03T10:30:00")
    ok(client.simulate_post("/data/time-spents", json={"task_id": ids["T-layout-20"], "person_id": people["zoe"],
                                                       "date": "2026-11-28", "duration": 60.0}))
    with app.db.connection_context():
        m.Task.update(duration=60.0).where(m.Task.id == ids["T-layout-20"]).execute()
    ok(client.simulate_put(f"/data/projects/{project}/entities/{ids['SH010']}/casting",
                           json=[{"asset_id": ids["Hero"], "nb_occurences": 2, "label": "animate"}]))
    ok(client.simulate_put(f"/data/projects/{project}/entities/{ids['Forest']}/casting",
                           json=[{"asset_id": ids["Hero"], "nb_occurences": 1}]))
    return production
