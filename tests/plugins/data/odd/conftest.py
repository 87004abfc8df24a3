"""A small TV show for the odd routes: two episodes, shots under sequences, tasks, an edit."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..factory import Factory


@pytest.fixture
def show(app, client):
    f = Factory(client)
    project = f.create(m.Project, {"production_type": "tvshow", "fps": "24"})
    pid = project["id"]
    with app.db.connection_context():
        types = {t.name: str(t.id) for t in m.EntityType.select()}
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
        statuses = {s.short_name: str(s.id) for s in m.TaskStatus.select()}

    def entity(kind, name, **extra):
        return f.create(m.Entity, {"project_id": pid, "entity_type_id": types[kind], "name": name, **extra})["id"]

    def task(entity_id, task_type="Animation", status="todo", **extra):
        return f.create(m.Task, {"project_id": pid, "entity_id": entity_id, "task_type_id": task_types[task_type],
                                 "task_status_id": statuses[status], **extra})["id"]

    ids = {"E01": entity("Episode", "E01"), "E02": entity("Episode", "E02")}
    ids["SQ01"] = entity("Sequence", "SQ01", parent_id=ids["E01"])
    ids["SQ02"] = entity("Sequence", "SQ02", parent_id=ids["E02"])
    ids["SH01"] = entity("Shot", "SH01", parent_id=ids["SQ01"], nb_frames=10)
    ids["SH02"] = entity("Shot", "SH02", parent_id=ids["SQ01"], nb_frames=20)
    ids["SH03"] = entity("Shot", "SH03", parent_id=ids["SQ02"], nb_frames=30)
    ids["cut"] = entity("Edit", "Cut", parent_id=ids["E01"])
    ids["hero"] = entity("Character", "Hero")
    ids["prop"] = entity("Prop", "Cup")
    ids["T1"] = task(ids["SH01"], status="done", retake_count=2, nb_drawings=4)
    ids["T2"] = task(ids["SH02"], status="retake", retake_count=1)
    ids["T3"] = task(ids["SH03"], task_type="Layout", status="wip")
    ids["TE"] = task(ids["cut"], task_type="Edit")
    ids["TA"] = task(ids["hero"], task_type="Modeling")
    ids["author"] = f.create(m.Person)["id"]
    return {"factory": f, "project": project, "ids": ids, "types": types, "task_types": task_types,
            "statuses": statuses}
