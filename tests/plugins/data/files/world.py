"""The production the files tests run against (helpers only, no tests here).

The tasks tests' world (project P "Project P": episode E01 > sequence SQ01 >
shots SH010, SH020; assets Hero (Character) and Lamp (Prop); edit Cut;
concept Sketch; the auth scenario's roles) grows a scene, an episode of its
own, asset instances and output types, and a file tree set through the API.
"""

from __future__ import annotations

import itertools

from clapboard.plugins.data import models as m

from ..factory import Factory
from ..production.tasks.world import REFUSED, World, build_world, close

_NAMES = itertools.count(1)
__all__ = ["REFUSED", "build", "close"]


def build(tmp_path_factory, name: str, config: dict | None = None) -> World:
    w = build_world(tmp_path_factory, name, config)
    factory = Factory(w.admin)
    ids, types = w.ids, w.types
    ids["SC"] = factory.create(m.Entity, {"project_id": ids["P"], "entity_type_id": types["kind:Scene"],
                                          "name": "SC01", "parent_id": ids["SQ"]})["id"]
    ids["EP7"] = factory.create(m.Entity, {"project_id": ids["P"], "entity_type_id": types["kind:Episode"],
                                           "name": "E07"})["id"]
    ids["CACHE"] = output_type(w, "Cache")
    ids["RENDER"] = output_type(w, "Render Pass")
    return w


def output_type(w: World, prefix: str) -> str:
    answer = w.admin.simulate_post("/data/output-types", json={"name": f"{prefix} {next(_NAMES)}"[:40],
                                                                "short_name": prefix[:3].lower()})
    assert answer.status_code == 201, answer.text
    return answer.json["id"]


def output_type_slug(w: World, key: str) -> str:
    name = w.admin.simulate_get(f"/data/output-types/{w.ids[key]}").json["name"]
    return name.lower().replace(" ", "_")


def set_tree(w: World, tree=None, name: str | None = None, project: str = "P") -> None:
    body = {"tree_name": name} if name else {"file_tree": tree}
    answer = w.admin.simulate_post(f"/actions/projects/{w.ids[project]}/set-file-tree", json=body)
    assert answer.status_code == 200, answer.text


def instance_of(w: World, asset: str, shot: str, number: int, name: str | None = None,
                target: str | None = None) -> str:
    body = {"asset_id": w.ids[asset], "entity_id": w.ids[shot], "number": number, "name": name,
            "target_asset_id": w.ids[target] if target else None}
    answer = w.admin.simulate_post("/data/asset-instances", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json["id"]
