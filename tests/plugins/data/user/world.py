"""The production the user-views tests run against (helpers only, no tests here).

The tasks world (project P: manager, supervisor of Animation, artist ``user``,
client, vendor; episode > sequence > shots, assets; task T on shot E assigned
to the artist and the vendor; project Q apart) grows tasks of every kind:

- ``LAY1`` Layout on SH1 (artist), ``ANI1`` Animation on SH1 waiting for approval (artist),
  ``ANI2`` Animation on SH2 (vendor), ``MOD`` Modeling on HERO waiting for approval (artist),
  ``LAMP_MOD`` Modeling on LAMP (nobody), ``STORY`` Storyboard on SQ (artist), ``SC_LAY`` Layout on
  scene SC1 of SQ (artist), ``DONE`` Layout on SH2 done (artist);
- ``TQ2`` in project Q (artist assigned, not in Q's team); ``OUT`` in P (the outsider assigned, not
  in P's team); ``CLOSED_T`` in closed project R (artist in its team and assigned);
- HERO is cast in episode EP; the artist logged time on LAY1 and has a day off.
"""

from __future__ import annotations

import itertools

from clapboard.plugins.data import models as m

from ....contract.shapes import compare
from ..production.tasks.world import World, _strip, build_world, close, sample, shape_diffs  # noqa: F401

_NAMES = itertools.count(1)
DAY, DAY_BEFORE, DAY_OFF = "2026-11-28", "2026-11-27", "2026-12-24"


def add_task(w: World, key, entity, task_type, assignees=(), status="todo", project="P") -> str:
    body = {"project_id": w.ids[project], "entity_id": w.ids[entity], "task_type_id": w.types[task_type],
            "task_status_id": w.types[status], "name": f"user task {next(_NAMES)}",
            "assignees": [w.person(r) for r in assignees]}
    answer = w.admin.simulate_post("/data/tasks", json=body)
    assert answer.status_code == 201, answer.text
    w.ids[key] = answer.json["id"]
    return w.ids[key]


def _entity(w: World, key, kind, name, project, **extra):
    body = {"project_id": w.ids[project], "entity_type_id": w.types[f"kind:{kind}"], "name": name, **extra}
    answer = w.admin.simulate_post("/data/entities", json=body)
    assert answer.status_code == 201, answer.text
    w.ids[key] = answer.json["id"]


def post(w: World, path, body, status=201):
    answer = w.admin.simulate_post(path, json=body)
    assert answer.status_code == status, answer.text
    return answer.json


def build_user_world(tmp_path_factory, name: str) -> World:
    w = build_world(tmp_path_factory, name)
    ids = w.ids
    _entity(w, "SC1", "Scene", "SC01", "P", parent_id=ids["SQ"])
    add_task(w, "LAY1", "SH1", "Layout", ("user",))
    add_task(w, "ANI1", "SH1", "Animation", ("user",), status="wfa")
    add_task(w, "ANI2", "SH2", "Animation", ("vendor",))
    add_task(w, "MOD", "HERO", "Modeling", ("user",), status="wfa")
    add_task(w, "LAMP_MOD", "LAMP", "Modeling")
    add_task(w, "STORY", "SQ", "Storyboard", ("user",))
    add_task(w, "SC_LAY", "SC1", "Layout", ("user",))
    add_task(w, "DONE", "SH2", "Layout", ("user",), status="done")
    add_task(w, "TQ2", "EQ", "Layout", ("user",), project="Q")
    add_task(w, "OUT", "SH2", "FX", ("outsider",))
    with w.db():
        closed_status = str(m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id)
    ids["R"] = post(w, "/data/projects", {"name": "Project R", "project_status_id": closed_status})["id"]
    assert w.admin.simulate_put(f"/data/projects/{ids['R']}", json={"team": [w.person("user")]}).status_code == 200
    _entity(w, "ER", "Shot", "SHR", "R")
    add_task(w, "CLOSED_T", "ER", "Layout", ("user",), project="R")
    post(w, "/data/entity-links", {"entity_in_id": ids["EP"], "entity_out_id": ids["HERO"]})
    post(w, f"/actions/tasks/{ids['LAY1']}/time-spents/{DAY}/persons/{w.person('user')}", {"duration": 90})
    post(w, f"/actions/tasks/{ids['STORY']}/time-spents/{DAY_BEFORE}/persons/{w.person('user')}", {"duration": 30})
    post(w, f"/actions/tasks/{ids['T']}/time-spents/{DAY}/persons/{w.person('vendor')}", {"duration": 45})
    post(w, "/data/day-offs", {"person_id": w.person("user"), "date": DAY_OFF, "end_date": "2026-12-26"})
    return w


def row_diffs(name: str, row: dict, index: int = 0) -> list[str]:
    """Shape differences between one of our rows and the ``index``-th row of a recorded list."""

    recorded = _strip(sample(name)["response_body"])[index]
    return compare(200, recorded, 200, row)
