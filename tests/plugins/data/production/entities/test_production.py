"""The production the entity tests read and change, built through the API as an admin.

A TV show with its first episode E01 (created with the project) and E02;
sequences SQ01 and SQ02 in E01, shots SH010/SH020 in SQ01 and SH030 in SQ02
(frame ranges in ``data``); assets Hero (Character, created for E01),
Lamp (Prop) and Forest (Environment); a scene in SQ01, an edit in E01 and a
concept illustrating Hero. SH010 casts Hero and Lamp, E01 casts Hero; Hero
and SH010 have tasks. Also the helpers comparing answers with Zou's samples.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .....contract.shapes import compare

SAMPLE_DIRS = (Path(__file__).parents[4] / "contract" / "zou_samples", Path(__file__).parents[4] / "zou_samples")


def sample(name: str) -> dict | None:
    """A recorded Zou answer (``GET__data__shots.json``), from the repository's copies or the shared set."""

    for directory in SAMPLE_DIRS:
        path = directory / name
        if path.exists():
            return json.loads(path.read_text())
    return None


def shape_differences(name: str, status: int, body) -> list[str]:
    """Differences by shape between our answer and the recorded one (``None`` when no sample is at hand)."""

    recorded = sample(name)
    if recorded is None:
        return None
    return compare(recorded["status"], recorded["response_body"], status, body)


@dataclass
class Production:
    client: object
    ids: dict = field(default_factory=dict)

    def get(self, path, **params):
        answer = self.client.simulate_get(path, params=params or None)
        assert answer.status_code == 200, (path, answer.status_code, answer.text)
        return answer.json

    def post(self, path, body, status=201):
        answer = self.client.simulate_post(path, json=body)
        assert answer.status_code == status, (path, answer.status_code, answer.text)
        return answer.json

    def one_of(self, path, **params):
        found = self.get(path, **params)
        assert len(found) == 1, (path, params, found)
        return found[0]


def build(client, name: str = "Entities Show") -> Production:
    p = Production(client)
    ids = p.ids
    ids["project"] = p.post("/data/projects", {"name": name, "production_type": "tvshow"})["id"]
    project = ids["project"]
    ids["E01"] = p.one_of(f"/data/projects/{project}/episodes")["id"]
    ids["E02"] = p.post(f"/data/projects/{project}/episodes", {"name": "E02"})["id"]
    for sequence in ("SQ01", "SQ02"):
        body = {"name": sequence, "episode_id": ids["E01"]}
        ids[sequence] = p.post(f"/data/projects/{project}/sequences", body)["id"]
    for shot, sequence, frame_in, frame_out in (("SH010", "SQ01", 1001, 1048), ("SH020", "SQ01", 1049, 1120),
                                                 ("SH030", "SQ02", 1001, 1024)):
        ids[shot] = p.post(f"/data/projects/{project}/shots", {
            "name": shot, "sequence_id": ids[sequence], "nb_frames": frame_out - frame_in + 1,
            "data": {"frame_in": frame_in, "frame_out": frame_out, "difficulty": "easy"}})["id"]
    types = {row["name"]: row["id"] for row in p.get("/data/asset-types")}
    ids.update({f"type:{name}": type_id for name, type_id in types.items()})
    for asset, type_name, episode in (("Hero", "Character", "E01"), ("Lamp", "Prop", None),
                                      ("Forest", "Environment", None)):
        body = {"name": asset, "description": f"{asset} asset"}
        if episode:
            body["episode_id"] = ids[episode]
        ids[asset] = p.post(f"/data/projects/{project}/asset-types/{types[type_name]}/assets/new", body)["id"]
    ids["SC01"] = p.post(f"/data/projects/{project}/scenes", {"name": "SC01", "sequence_id": ids["SQ01"]})["id"]
    ids["edit"] = p.post(f"/data/projects/{project}/edits", {"name": "Edit v1", "episode_id": ids["E01"]})["id"]
    ids["concept"] = p.post(f"/data/projects/{project}/concepts",
                            {"name": "Mood board", "entity_concept_links": [ids["Hero"]]})["id"]
    for entity_in, entity_out in (("SH010", "Hero"), ("SH010", "Lamp"), ("E01", "Hero")):
        p.post("/data/entity-links", {"entity_in_id": ids[entity_in], "entity_out_id": ids[entity_out]})
    ids["task_type"] = p.one_of("/data/task-types", name="Animation")["id"]
    ids["todo"] = p.one_of("/data/task-status", short_name="todo")["id"]
    for entity in ("Hero", "SH010"):
        ids[f"task:{entity}"] = p.post("/data/tasks", {
            "name": "main", "project_id": project, "entity_id": ids[entity], "task_type_id": ids["task_type"],
            "task_status_id": ids["todo"]})["id"]
    return p


def test_the_production_is_a_tv_show_with_its_first_episode(client):
    production = build(client)
    names = [row["name"] for row in production.get(f"/data/projects/{production.ids['project']}/episodes")]
    assert names == ["E01", "E02"]
